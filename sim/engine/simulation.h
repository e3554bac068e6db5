// Elaborate once, run many trials. A Simulation owns a fresh SystemC context (SystemC allows
// no new modules after the first sc_start, so every scenario gets its own), the System built
// for one scenario, and runs trials i = 0..N-1 with seeds seed+i.
#pragma once
#include <cstdint>
#include <memory>

#include "sim/base/params.h"
#include "sim/engine/system.h"
#include "sim/scenario/outcome_table.h"
#include "sim/scenario/scenario.h"

namespace mmsim {

// Makes a new, empty SystemC simulation context current (the previous one is abandoned).
void fresh_simcontext();

class Simulation {
 public:
  // `kernel` (optional) must outlive the Simulation.
  Simulation(const Scenario& scenario, const Params& params, IKernelModel* kernel = nullptr);
  TrialResult run_trial(std::uint64_t seed) { return system_->run_trial(seed); }
  RunResult run(std::uint64_t trials, std::uint64_t seed);
  const System& system() const { return *system_; }

 private:
  [[noreturn]] void throw_fault(const CoreFault& f) const;
  const Scenario& scenario_;
  IKernelModel* kernel_;
  std::uint64_t cpu_mhz_;
  std::unique_ptr<System> system_;
};

}  // namespace mmsim

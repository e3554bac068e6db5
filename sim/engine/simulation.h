// Elaborate once, run many trials. A Simulation owns a fresh SystemC context (SystemC allows
// no new modules after the first sc_start, so every scenario gets its own), the System built
// for one scenario, and runs trials i = 0..N-1 with seeds seed+i.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>

#include "sim/base/params.h"
#include "sim/engine/system.h"
#include "sim/scenario/outcome_table.h"
#include "sim/scenario/scenario.h"

namespace mmsim {

// Called before each trial with the number of trials done so far; returning false stops the
// run there (Ctrl-C stops at a trial boundary). The caller's progress display rides on it too.
using TrialHook = std::function<bool(std::uint64_t done)>;

// Makes a new, empty SystemC simulation context current (the previous one is abandoned).
void fresh_simcontext();

class Simulation {
 public:
  // `kernel` (optional) must outlive the Simulation.
  Simulation(const Scenario& scenario, const Params& params, IKernelModel* kernel = nullptr);
  TrialResult run_trial(std::uint64_t seed) { return system_->run_trial(seed); }
  // Runs trials seed, seed+1, ...; when `hook` stops it early, the result covers the trials
  // that ran (RunResult::trials says how many).
  RunResult run(std::uint64_t trials, std::uint64_t seed, const TrialHook& hook = {});
  const System& system() const { return *system_; }

 private:
  [[noreturn]] void throw_fault(const CoreFault& f) const;
  const Scenario& scenario_;
  IKernelModel* kernel_;
  std::uint64_t cpu_mhz_;
  std::unique_ptr<System> system_;
};

}  // namespace mmsim

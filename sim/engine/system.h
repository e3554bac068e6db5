// The top SystemC module: cores, storage and coherence, ticked by one SC_METHOD in a fixed
// order (every core evaluates, then every core commits), so results never depend on SystemC's
// process order. Between events the driver jumps straight to the next cycle at which any
// component can change state (next_trigger), so idle cycles cost nothing; a core spinning in a
// loop that repeats exactly (Core::orbit_period) is moved on by whole passes to the next
// event of anything else, so with realistic timing a millisecond's spin costs a few passes.
//
// run_trial() resets every component, seeds the trial generator and runs sc_start() until all
// threads have run their last instruction (then every store buffer drains), or the cycle
// limit is reached, or nothing can happen any more (a deadlock: reported as the limit).
#pragma once
#include <memory>
#include <optional>
#include <systemc>
#include <vector>

#include "sim/arch/i_arch_model.h"
#include "sim/base/params.h"
#include "sim/base/rng.h"
#include "sim/cpu/core.h"
#include "sim/engine/i_kernel_model.h"
#include "sim/mem/coherence.h"
#include "sim/scenario/scenario.h"

namespace mmsim {

struct TrialResult {
  State state;
  Cycle cycles;
  bool limit_hit = false;
  std::uint64_t evaluated = 0;  // cycles the driver evaluated (the rest were skipped as idle)
  std::optional<CoreFault> fault;  // the trial stopped at an access outside the locations
};

class System : public sc_core::sc_module {
 public:
  SC_HAS_PROCESS(System);
  static void declare_params(Params& p);

  // `kernel` may be null: no kernel (system calls fail with -ENOSYS, no interrupts).
  System(sc_core::sc_module_name name, const Scenario& scenario, const Params& params,
         IKernelModel* kernel = nullptr);
  TrialResult run_trial(std::uint64_t seed);

  const std::vector<std::unique_ptr<Core>>& cores() const { return cores_; }

 private:
  void drive();
  // The spin fast-forward: one core going round a loop (Core::orbit_period) that nothing
  // else will disturb before its next event is moved on by whole periods to the last pass
  // that ends before then. Returns the next cycle to drive.
  bool spinning_forever();
  Cycle skip_spin(Cycle now, Cycle next);
  State final_state() const;

  const Scenario& scenario_;
  IKernelModel* kernel_;
  NoKernel no_kernel_;
  std::unique_ptr<IStorage> storage_;
  Coherence coherence_;
  std::vector<std::unique_ptr<Core>> cores_;
  std::vector<bool> watched_;  // spinning_forever scratch: lines the loops read
  Rng rng_;
  sc_core::sc_event kick_;
  sc_core::sc_time period_;
  std::uint64_t trial_start_ps_ = 0;
  std::uint64_t cycle_limit_ = 0;
  Cycle end_;
  std::uint64_t evaluated_ = 0;
  bool limit_hit_ = false;
  bool explore_ = true;
};

}  // namespace mmsim

// Context tracking (kernel/context_tracking.c, rcu_dynticks_eqs_enter/exit): whether each CPU
// is in an extended quiescent state (nohz_full user mode, idle) that RCU must not wait for.
// The dynticks counter the GP kthread reads lives in simulated memory and is bumped by kernel
// code (kernel_code.h eqs_exit/eqs_enter); ContextTracking answers that code's questions:
// did this entry leave an EQS, does this exit re-enter one, does the CPU enter one after a
// context switch.
//
// Registers: intrinsics kEqsExit, kEqsEnter (argument: EqsSlot), kSchedEqs.
#pragma once
#include "kernel_model/kernel_calls.h"
#include "kernel_model/kernel_state.h"
#include "kernel_model/scheduler.h"

namespace mmsim::kernel {

class ContextTracking {
 public:
  ContextTracking(KernelState& s, const Scheduler& sched, KernelCalls& calls);

 private:
  KCallResult exit_eqs(std::size_t c, EqsSlot slot);
  KCallResult enter_eqs(std::size_t c, EqsSlot slot);
  KCallResult after_switch(std::size_t c);

  KernelState& s_;
  const Scheduler& sched_;
};

}  // namespace mmsim::kernel

#include "kernel_model/context_tracking.h"

#include "kernel_model/kernel_abi.h"

namespace mmsim::kernel {
namespace {

EqsSlot slot_of(Value arg) {
  return arg == 1 ? EqsSlot::Syscall : arg == 2 ? EqsSlot::Reader : EqsSlot::Interrupt;
}

}  // namespace

ContextTracking::ContextTracking(KernelState& s, const Scheduler& sched, KernelCalls& calls)
    : s_(s), sched_(sched) {
  calls.add_intrinsic(kEqsExit, [this](std::size_t c, const Value(&args)[3], Cycle) {
    return exit_eqs(c, slot_of(args[0]));
  });
  calls.add_intrinsic(kEqsEnter, [this](std::size_t c, const Value(&args)[3], Cycle) {
    return enter_eqs(c, slot_of(args[0]));
  });
  calls.add_intrinsic(kSchedEqs, [this](std::size_t c, const Value(&)[3], Cycle) {
    return after_switch(c);
  });
}

// Leaving: remember whether this entry was in an EQS, to re-enter it on the way out.
KCallResult ContextTracking::exit_eqs(std::size_t c, EqsSlot slot) {
  EqsCpu& me = s_.cpus[c].ct;
  KCallResult r;
  me.left(slot) = me.eqs;
  r.value = me.eqs ? 1 : 0;
  me.eqs = false;
  return r;
}

KCallResult ContextTracking::enter_eqs(std::size_t c, EqsSlot slot) {
  EqsCpu& me = s_.cpus[c].ct;
  KCallResult r;
  r.value = me.left(slot) && !me.eqs ? 1 : 0;
  if (r.value) me.eqs = true;
  return r;
}

// The tick stops on a nohz_full CPU whose one runnable task is in user mode (and idle).
KCallResult ContextTracking::after_switch(std::size_t c) {
  CpuState& cpu = s_.cpus[c];
  const std::size_t curr = cpu.sched.curr;
  const bool eqs = curr == 0 || (s_.cfg.nohz_full[c] && s_.rq[c][curr].user &&
                                 !cpu.sched.parked[curr].in_kernel && sched_.nr_running(c) == 1);
  cpu.sched.parked[curr].in_kernel = false;
  KCallResult r;
  r.value = eqs != cpu.ct.eqs ? 1 : 0;
  cpu.ct.eqs = eqs;
  cpu.ct.left_in_interrupt = false;
  return r;
}

}  // namespace mmsim::kernel

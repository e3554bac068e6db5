// The scheduling-clock tick (kernel/time/tick-sched.c, kernel.hz per second, each CPU at its
// own random phase): it stops while its CPU is in an extended quiescent state — except on an
// idle CPU whose task waits in synchronize_sched(), where rcu_needs_cpu() keeps it (callbacks
// not offloaded) — and ticks missed meanwhile are not made up. The interrupt's code is
// tick_text (rcu_check_callbacks / rcu_sched_clock_irq, scheduler_tick); Tick decides when it
// fires and what it is told: whether it interrupted a quiescent context.
//
// Registers: the handler kTick.
#pragma once
#include "kernel_model/ipi.h"
#include "kernel_model/kernel_calls.h"
#include "kernel_model/kernel_state.h"
#include "kernel_model/scheduler.h"

namespace mmsim::kernel {

class Tick {
 public:
  Tick(KernelState& s, const Scheduler& sched, Ipi& ipi, KernelCalls& calls);

  bool enabled(std::size_t c) const {
    const CpuState& cpu = s_.cpus[c];
    return !cpu.ct.eqs || (cpu.sched.curr == 0 && sched_.waits_gp(c));
  }
  // Ticks due by `now` join their CPU's pending interrupts (under explore timing one in three
  // lands late, through Ipi).
  void evaluate(Cycle now);
  Cycle next_timer(Cycle now) const;
  // The tick interrupt is taken in `current` frame: its arguments (arg0: the interrupted
  // context is quiescent, user mode or idle; arg2: preemptible) and the slice it uses up.
  void enter(std::size_t c, FrameKind current, KernelEntry& e);

 private:
  KernelState& s_;
  const Scheduler& sched_;
  Ipi& ipi_;
};

}  // namespace mmsim::kernel

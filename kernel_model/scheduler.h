// The scheduler (kernel/sched/core.c as far as membarrier and RCU see it): each CPU's tasks,
// round robin with a time slice of sched.slice_ticks ticks, wake-up preemption, sleeps until
// a grace period ends or a schedule_timeout() expires, preempt_count. __schedule() itself is
// kernel code (schedule_text) run as kernel work (kWorkSchedule); Scheduler is its
// bookkeeping: which task is next, and the switch of the per-task state (kPickNext).
//
// Registers: system calls preempt_disable/preempt_enable (a test thread's RCU-sched reader);
// intrinsics kThisCpu, kNrCpus, kPickNext, kTaskSwitched, kNeedResched, kSleepJiffies,
// kPreemptDisable, kPreemptEnable; kernel work kWorkSchedule.
#pragma once
#include <cstddef>

#include "kernel_model/kernel_calls.h"
#include "kernel_model/kernel_state.h"

namespace mmsim::kernel {

class Scheduler {
 public:
  Scheduler(KernelState& s, KernelCalls& calls);

  bool runnable(std::size_t c, std::size_t slot) const;
  int nr_running(std::size_t c) const;
  // Does a task on CPU c sleep in wait_for_completion() for a grace period?
  bool waits_gp(std::size_t c) const;
  // The CPU the RCU grace-period kthread runs on: a housekeeping (non-nohz_full) CPU,
  // preferably one with no test thread to preempt.
  std::size_t housekeeping_cpu() const;

  // try_to_wake_up() of every task sleeping for a grace period up to `completed`.
  void wake_gp_waiters(std::int64_t completed, Cycle now);
  // schedule_timeout() sleeps whose time came.
  void wake_sleepers(Cycle now);
  // The earliest schedule_timeout() expiry after now (never: none).
  Cycle next_timer(Cycle now) const;

  void thread_started(std::size_t c, Cycle now);
  void thread_finished(std::size_t c);

 private:
  std::size_t pick_next(std::size_t c) const;
  KCallResult pick_next_task(std::size_t c);
  KCallResult sleep_jiffies(std::size_t c, const Value (&args)[3], Cycle now);

  KernelState& s_;
  ThreadProgram preempt_disable_, preempt_enable_;
};

}  // namespace mmsim::kernel

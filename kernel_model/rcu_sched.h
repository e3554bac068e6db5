// RCU-sched (kernel/rcu/tree.c, tree_exp.h): normal grace periods driven by the grace-period
// kthread — rcu_gp_init, a force-quiescent-state scan every rcu.fqs_jiffies, a wake-up when
// the last CPU reports — and the expedited one's IPIs. The kthread's passes, the waits and
// the reports are kernel code (kernel_code.h); RcuSched numbers the grace periods, queues the
// kthread's passes on a housekeeping CPU and wakes the waiters when one ends.
//
// Registers: system calls synchronize_sched (kSysSynchronizeSched; rcu.expedited makes it the
// expedited one) and synchronize_sched_expedited; intrinsics kGpRequest, kGpWait,
// kExpReportNow, kExpDeferred; kernel work kWorkGp; the handler kIpiRcuExp.
#pragma once
#include <cstdint>

#include "kernel_model/kernel_calls.h"
#include "kernel_model/kernel_state.h"
#include "kernel_model/scheduler.h"

namespace mmsim::kernel {

struct RcuCounters {
  std::uint64_t grace_periods = 0, gp_cycles = 0, gp_cycles_max = 0;
};

class RcuSched {
 public:
  RcuSched(KernelState& s, Scheduler& sched, KernelCalls& calls);
  void reset();

  // synchronize_sched(): the normal grace period, or the expedited one under rcu.expedited.
  const ThreadProgram& synchronize_sched() const {
    return s_.cfg.rcu_expedited ? sched_expedited_ : synchronize_;
  }
  // Starts a grace period someone waits for, or queues the kthread's next pass when it is due.
  void evaluate(Cycle now);
  // The next scan's deadline after now (never: none due).
  Cycle next_timer(Cycle now) const;
  // Something to do at the next cycle (a grace period to start, a wake-up to act on).
  bool due() const {
    return (!running_ && needed_ > started_) || (running_ && !pass_queued_ && wake_);
  }
  // Kernel code entered as `handler` on CPU c returned `ret`: the end of a kthread pass, or a
  // tick or schedule() that reported a quiescent state.
  void returned(int handler, Value ret, Cycle now);
  const RcuCounters& counters() const { return counters_; }

 private:
  void start_pass(Cycle now, int kind);  // gp_kthread_text's arg0
  KCallResult report_now(std::size_t c, Value caller, Cycle now);

  KernelState& s_;
  Scheduler& sched_;
  ThreadProgram synchronize_, sched_expedited_;
  // Grace periods: numbers started / completed / needed by a waiter.
  std::int64_t started_ = 0, completed_ = 0, needed_ = 0;
  bool running_ = false, pass_queued_ = false;
  bool wake_ = false;  // a CPU reported a quiescent state: the kthread checks for the end
  int scans_ = 0;      // force-quiescent-state scans of the grace period in progress
  Cycle next_pass_ = Cycle::never(), start_at_;
  RcuCounters counters_;
};

}  // namespace mmsim::kernel

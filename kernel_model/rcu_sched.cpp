#include "kernel_model/rcu_sched.h"

#include <algorithm>

#include "kernel_model/kernel_abi.h"
#include "kernel_model/kernel_code.h"

namespace mmsim::kernel {

RcuSched::RcuSched(KernelState& s, Scheduler& sched, KernelCalls& calls) : s_(s), sched_(sched) {
  const CodeSwitches& k = s.cfg.code;
  calls.add_handler(kIpiRcuExp, s.lower("sync_sched_exp_handler", rcu_exp_handler_text(k)));
  sched_expedited_ = s.lower("synchronize_sched_expedited", sched_expedited_text(k));
  calls.add_handler(kWorkGp, s.lower("rcu_gp_kthread", gp_kthread_text(k)));
  synchronize_ = s.lower("synchronize_sched", synchronize_sched_text(k));
  calls.add_syscall(kSysSynchronizeSched, kCallSynchronizeSched,
                    [this](std::size_t, const Value(&)[3], CallKind&) {
                      KernelEntry e;
                      e.program = &synchronize_sched();
                      return e;
                    });
  calls.add_syscall(kSysSyncSchedExpedited, kCallSyncSchedExpedited,
                    [this](std::size_t, const Value(&)[3], CallKind&) {
                      KernelEntry e;
                      e.program = &sched_expedited_;
                      return e;
                    });
  // Only a grace period that starts after this request covers the caller.
  calls.add_intrinsic(kGpRequest, [this](std::size_t, const Value(&)[3], Cycle) {
    KCallResult r;
    r.value = started_ + 1;
    needed_ = std::max(needed_, r.value);
    return r;
  });
  // wait_for_completion(): the task blocks and schedule() gives the CPU to another task or to
  // idle (an EQS); the grace period's end wakes it (Scheduler::wake_gp_waiters).
  calls.add_intrinsic(kGpWait, [this](std::size_t c, const Value(&args)[3], Cycle now) {
    CpuState& cpu = s_.cpus[c];
    KCallResult r;
    r.sleep = completed_ < args[0];
    if (r.sleep && cpu.sched.blocked_on[cpu.sched.curr] == 0) {
      cpu.sched.blocked_on[cpu.sched.curr] = args[0];
      cpu.irq.pending.push_back(Event{kWorkSchedule, {0, 0, 0}, now});
    }
    return r;
  });
  calls.add_intrinsic(kExpReportNow, [this](std::size_t c, const Value(&args)[3], Cycle now) {
    return report_now(c, args[0], now);
  });
  calls.add_intrinsic(kExpDeferred, [this](std::size_t c, const Value(&)[3], Cycle) {
    CpuState& cpu = s_.cpus[c];
    KCallResult r;
    if (cpu.sched.preempt == 0) {
      r.value = cpu.exp_owed;
      cpu.exp_owed = 0;
    }
    return r;
  });
}

void RcuSched::reset() {
  started_ = completed_ = needed_ = 0;
  running_ = pass_queued_ = wake_ = false;
  scans_ = 0;
  next_pass_ = Cycle::never();
  counters_ = {};
}

// 4.x sync_sched_exp_handler: only an interrupt from the idle loop reports at once; otherwise
// resched_cpu(), and the next __schedule() reports (rcu_note_context_switch → rcu_sched_qs →
// rcu_report_exp_rdp): on the way out of this interrupt for a preemptible task, at the end of
// a preempt-disabled region or system call otherwise. 5.x reports at once outside a
// preempt-disabled region and owes it to the region's end inside one.
KCallResult RcuSched::report_now(std::size_t c, Value caller, Cycle now) {
  CpuState& cpu = s_.cpus[c];
  KCallResult r;
  if (s_.cfg.era < Era::V5_4 && cpu.sched.curr != 0) {
    cpu.exp_owed = static_cast<int>(caller) + 1;
    cpu.irq.pending.push_back(Event{kWorkSchedule, {0, 0, 0}, now});
  } else if (cpu.sched.preempt == 0) {
    r.value = 1;
  } else {
    cpu.exp_owed = static_cast<int>(caller) + 1;
  }
  return r;
}

// kind 0: rcu_gp_init; 1: the first FQS scan; 2: a later one; 3: woken by a report. A scan's
// deadline (next_pass_) is set when the pass before it returns; a wake-up keeps it
// (rcu_gp_fqs_loop waits out the rest of jiffies_force_qs after a wake that did not end the
// grace period).
void RcuSched::start_pass(Cycle now, int kind) {
  Event e;
  e.handler = kWorkGp;
  e.args[0] = kind;
  e.args[1] = started_;
  e.at = now;
  s_.cpus[sched_.housekeeping_cpu()].irq.pending.push_back(e);
  pass_queued_ = true;
  if (kind != 3) next_pass_ = Cycle::never();
}

void RcuSched::evaluate(Cycle now) {
  if (!running_ && needed_ > started_) {
    ++started_;
    running_ = true;
    start_at_ = now;
    scans_ = 0;
    wake_ = false;
    start_pass(now, 0);
  } else if (running_ && !pass_queued_ && next_pass_ <= now) {
    wake_ = false;
    start_pass(now, scans_++ == 0 ? 1 : 2);
  } else if (running_ && !pass_queued_ && wake_) {
    wake_ = false;
    start_pass(now, 3);
  }
}

// A scan falls due while a wake-up pass runs: it starts as soon as that pass returned.
Cycle RcuSched::next_timer(Cycle now) const {
  if (running_ && !pass_queued_ && next_pass_ != Cycle::never())
    return std::max(next_pass_, now + 1);
  return Cycle::never();
}

void RcuSched::returned(int handler, Value ret, Cycle now) {
  if (handler == kWorkGp) {
    pass_queued_ = false;
    if (ret == 0) {
      completed_ = started_;
      sched_.wake_gp_waiters(completed_, now);
      running_ = false;
      const std::uint64_t took = now - start_at_;
      ++counters_.grace_periods;
      counters_.gp_cycles += took;
      counters_.gp_cycles_max = std::max(counters_.gp_cycles_max, took);
    } else if (next_pass_ == Cycle::never()) {
      next_pass_ = now + s_.cfg.fqs_interval;
    }
  }
  // A quiescent state reported by the tick or a context switch (rcu_report_qs_rnp): the last
  // one wakes the kthread, which ends the grace period before its next scan is due.
  if ((handler == kTick || handler == kWorkSchedule) && ret != 0 && running_) wake_ = true;
}

}  // namespace mmsim::kernel

#include "kernel_model/scheduler.h"

#include <algorithm>

#include "kernel_model/kernel_abi.h"
#include "kernel_model/kernel_code.h"

namespace mmsim::kernel {

Scheduler::Scheduler(KernelState& s, KernelCalls& calls) : s_(s) {
  const CodeSwitches& k = s.cfg.code;
  preempt_disable_ = s.lower("preempt_disable", preempt_text(k, true));
  preempt_enable_ = s.lower("preempt_enable", preempt_text(k, false));
  calls.add_handler(kWorkSchedule, s.lower("schedule", schedule_text(k, sched_facts(s.prims, s.cfg.era))));
  calls.add_syscall(kSysPreemptDisable, kCallPreempt, [this](std::size_t, const Value(&)[3], CallKind&) {
    KernelEntry e;
    e.program = &preempt_disable_;
    return e;
  });
  calls.add_syscall(kSysPreemptEnable, kCallPreempt, [this](std::size_t, const Value(&)[3], CallKind&) {
    KernelEntry e;
    e.program = &preempt_enable_;
    return e;
  });
  auto value = [](Value v) {
    KCallResult r;
    r.value = v;
    return r;
  };
  calls.add_intrinsic(kThisCpu, [value](std::size_t c, const Value(&)[3], Cycle) {
    return value(static_cast<Value>(c));
  });
  calls.add_intrinsic(kNrCpus, [this, value](std::size_t, const Value(&)[3], Cycle) {
    return value(static_cast<Value>(s_.cfg.cpus));
  });
  calls.add_intrinsic(kTaskSwitched, [this, value](std::size_t c, const Value(&)[3], Cycle) {
    return value(s_.cpus[c].sched.switched ? 1 : 0);
  });
  calls.add_intrinsic(kPickNext, [this](std::size_t c, const Value(&)[3], Cycle) {
    return pick_next_task(c);
  });
  calls.add_intrinsic(kNeedResched, [this, value](std::size_t c, const Value(&)[3], Cycle) {
    const SchedCpu& me = s_.cpus[c].sched;
    const std::size_t next = pick_next(c);
    return value(me.slice <= 0 && next != me.curr && next != 0 ? 1 : 0);
  });
  calls.add_intrinsic(kSleepJiffies, [this](std::size_t c, const Value(&args)[3], Cycle now) {
    return sleep_jiffies(c, args, now);
  });
  calls.add_intrinsic(kPreemptDisable, [this](std::size_t c, const Value(&)[3], Cycle) {
    ++s_.cpus[c].sched.preempt;
    return KCallResult{};
  });
  calls.add_intrinsic(kPreemptEnable, [this](std::size_t c, const Value(&)[3], Cycle) {
    int& p = s_.cpus[c].sched.preempt;
    p = std::max(0, p - 1);
    return KCallResult{};
  });
}

bool Scheduler::runnable(std::size_t c, std::size_t slot) const {
  const SchedCpu& cpu = s_.cpus[c].sched;
  return slot != 0 && cpu.woken && !cpu.exited[slot] && cpu.blocked_on[slot] == 0;
}

bool Scheduler::waits_gp(std::size_t c) const {
  for (const Value b : s_.cpus[c].sched.blocked_on)
    if (b != 0 && b != SchedCpu::kTimedSleep) return true;
  return false;
}

int Scheduler::nr_running(std::size_t c) const {
  int n = 0;
  for (std::size_t slot = 1; slot < s_.rq[c].size(); ++slot) n += runnable(c, slot) ? 1 : 0;
  return n;
}

std::size_t Scheduler::housekeeping_cpu() const {
  for (std::size_t c = 0; c < s_.cfg.cpus; ++c)
    if (!s_.cfg.nohz_full[c] && s_.rq[c].size() == 1) return c;
  for (std::size_t c = 0; c < s_.cfg.cpus; ++c)
    if (!s_.cfg.nohz_full[c]) return c;
  return 0;
}

// Round robin over the CPU's tasks, starting after the running one; idle when none is left.
std::size_t Scheduler::pick_next(std::size_t c) const {
  const std::size_t n = s_.rq[c].size();
  for (std::size_t i = 1; i <= n; ++i) {
    const std::size_t slot = (s_.cpus[c].sched.curr + i) % n;
    if (runnable(c, slot)) return slot;
  }
  return 0;
}

// pick_next_task() + switch_to(): each task keeps its own system-call state (one leaving
// asleep resumes inside the call) and its own current->mm, which becomes rq->curr's.
KCallResult Scheduler::pick_next_task(std::size_t c) {
  CpuState& cpu = s_.cpus[c];
  SchedCpu& me = cpu.sched;
  const std::size_t next = pick_next(c);
  me.switched = next != me.curr;
  if (next != me.curr) {
    ++cpu.counters.switches;
    me.parked[me.curr] = {me.blocked_on[me.curr] != 0, cpu.ct.left_in_syscall,
                          cpu.ct.left_in_reader, cpu.syscall_start, cpu.syscall_kind};
    const ParkedTask& p = me.parked[next];
    cpu.ct.left_in_syscall = p.left_in_syscall;
    cpu.ct.left_in_reader = p.left_in_reader;
    cpu.syscall_start = p.syscall_start;
    cpu.syscall_kind = p.syscall_kind;
  }
  me.curr = next;
  cpu.mm.mm = cpu.mm.task_mm[me.curr];
  if (cpu.mm.mm != 0) cpu.mm.active = cpu.mm.mm;  // to kernel: lazy, keeps prev's
  me.slice = s_.cfg.slice_ticks;
  KCallResult r;
  r.switch_to = static_cast<int>(me.curr);
  r.value = cpu.mm.mm;
  return r;
}

// schedule_timeout_uninterruptible(): the first ask blocks the task until the timer
// (wake_sleepers) and schedule() gives the CPU away; the ask after the wake-up returns.
KCallResult Scheduler::sleep_jiffies(std::size_t c, const Value (&args)[3], Cycle now) {
  CpuState& cpu = s_.cpus[c];
  SchedCpu& me = cpu.sched;
  KCallResult r;
  Cycle& at = me.wake_at[me.curr];
  if (at == Cycle::never()) {
    at = now + s_.cfg.tick_period * static_cast<std::uint64_t>(std::max<Value>(1, args[0]));
    me.blocked_on[me.curr] = SchedCpu::kTimedSleep;
    cpu.irq.pending.push_back(Event{kWorkSchedule, {0, 0, 0}, now});
    r.sleep = true;
  } else if (me.blocked_on[me.curr] != 0) {
    r.sleep = true;
  } else {
    at = Cycle::never();
  }
  return r;
}

// A woken task has the smallest vruntime (check_preempt_curr): schedule() runs on its CPU as
// soon as the running task can be preempted.
void Scheduler::wake_gp_waiters(std::int64_t completed, Cycle now) {
  for (CpuState& cpu : s_.cpus) {
    bool resched = false;
    for (std::size_t slot = 0; slot < cpu.sched.blocked_on.size(); ++slot) {
      Value& b = cpu.sched.blocked_on[slot];
      if (b != 0 && b <= completed) {
        b = 0;
        resched = resched || slot != cpu.sched.curr;
      }
    }
    if (resched) cpu.irq.pending.push_back(Event{kWorkSchedule, {0, 0, 0}, now});
  }
}

void Scheduler::wake_sleepers(Cycle now) {
  for (CpuState& cpu : s_.cpus) {
    SchedCpu& me = cpu.sched;
    bool resched = false;
    for (std::size_t slot = 0; slot < me.wake_at.size(); ++slot) {
      if (me.blocked_on[slot] == SchedCpu::kTimedSleep && me.wake_at[slot] <= now) {
        me.blocked_on[slot] = 0;
        resched = resched || slot != me.curr;
      }
    }
    if (resched) cpu.irq.pending.push_back(Event{kWorkSchedule, {0, 0, 0}, now});
  }
}

Cycle Scheduler::next_timer(Cycle now) const {
  Cycle next = Cycle::never();
  for (const CpuState& cpu : s_.cpus)
    for (std::size_t slot = 0; slot < cpu.sched.wake_at.size(); ++slot)
      if (cpu.sched.blocked_on[slot] == SchedCpu::kTimedSleep && cpu.sched.wake_at[slot] > now)
        next = std::min(next, cpu.sched.wake_at[slot]);
  return next;
}

// The CPU's tasks wake: schedule() switches from idle to the first of them.
void Scheduler::thread_started(std::size_t c, Cycle now) {
  s_.cpus[c].sched.woken = true;
  if (s_.rq[c].size() > 1) s_.cpus[c].irq.pending.push_back(Event{kWorkSchedule, {0, 0, 0}, now});
}

// The thread has run its last instruction: it stays parked in user mode, still current on
// its CPU (on a nohz_full CPU, still in its extended quiescent state), and is never picked
// again once the tick preempts it for another task.
void Scheduler::thread_finished(std::size_t c) {
  SchedCpu& me = s_.cpus[c].sched;
  me.exited[me.curr] = true;
}

}  // namespace mmsim::kernel

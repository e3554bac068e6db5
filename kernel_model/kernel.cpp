#include "kernel_model/kernel.h"

#include <algorithm>
#include <iterator>

#include "kernel_model/kernel_abi.h"
#include "kernel_model/kernel_stats.h"

namespace mmsim::kernel {
namespace {

// Kernel work is a task (it runs where the scheduler could switch to it); everything else in
// a CPU's pending queue is an interrupt (a tick or an IPI).
bool is_work(int handler) { return handler == kWorkGp || handler == kWorkSchedule; }

}  // namespace

void Kernel::declare_params(Params& p) { kernel::declare_params(p); }

// The subsystems are built in the order their routines intern kernel data (SRCU's, then the
// mm routines' task_lock), so that a test's layout does not depend on which it uses.
Kernel::Kernel(Scenario& scenario, const Params& params)
    : cfg_(read_config(params, scenario.cpus)),
      state_(scenario, cfg_,
             parse_tasks(scenario.test, callers(scenario, kSysKthreadUseMm),
                         callers(scenario, kSysExecve))),
      sched_(state_, calls_),
      ct_(state_, sched_, calls_),
      ipi_(state_, calls_),
      tick_(state_, sched_, ipi_, calls_),
      rcu_(state_, sched_, calls_),
      membarrier_(state_, rcu_, params, calls_),
      srcu_(state_, calls_, unsupported_),
      mm_(state_, calls_) {}

void Kernel::reset(Rng& rng) {
  state_.reset(rng);
  membarrier_.reset();
  ipi_.reset();
  rcu_.reset();
  call_stats_ = {};
}

void Kernel::evaluate(Cycle now, Rng&) {
  ipi_.deliver(now, [this](std::size_t to, const Event& e) {
    // A late tick is lost if the CPU stopped its tick meanwhile (it entered an EQS).
    return e.handler != kTick || tick_.enabled(to);
  });
  tick_.evaluate(now);
  sched_.wake_sleepers(now);
  rcu_.evaluate(now);
}

Cycle Kernel::next_timer(Cycle now) const {
  return std::min({ipi_.next_timer(now), tick_.next_timer(now), rcu_.next_timer(now),
                   sched_.next_timer(now)});
}

// After evaluate(now) every timer lies in the future, so the timers are next_timer()'s.
Cycle Kernel::next_event(Cycle now) const {
  Cycle next = next_timer(now);
  // An event that arrived this cycle is offered to its CPU at the next one. One already
  // offered and declined (the core cannot be interrupted with a store committed from its
  // window, a handler is running, work waits for a preemptible point) can only be taken
  // after that CPU's core or the kernel changes state, and each such change drives the
  // clock itself (core progress, a timed completion, a kernel timer): asking for every
  // cycle meanwhile cost the kernel-backed tests most of their time (a tick waiting out an
  // explore-delayed load for 10^5 cycles).
  for (const CpuState& cpu : state_.cpus)
    for (const Event& e : cpu.irq.pending)
      if (e.at >= now) {
        next = std::min(next, now + 1);
        break;
      }
  if (rcu_.due()) next = std::min(next, now + 1);
  return next <= now ? now + 1 : next;
}

KernelEntry Kernel::syscall(CpuId c, std::uint16_t nr, const Value (&args)[3], Cycle now) {
  CpuState& cpu = state_.cpus[c.raw()];
  cpu.syscall_start = now;
  CallKind kind = kCallOther;
  const KernelEntry e = calls_.syscall(c.raw(), nr, args, kind);
  cpu.syscall_kind = kind;
  ++call_stats_[kind].calls;
  return e;
}

KernelEntry Kernel::interrupt(CpuId c, FrameKind current, Cycle now) {
  CpuState& cpu = state_.cpus[c.raw()];
  std::deque<Event>& pending = cpu.irq.pending;
  // Handlers and kernel work run with interrupts off: no nesting.
  if (pending.empty() || current == FrameKind::Interrupt) return {};
  // Interrupts are taken anywhere; kernel work (the GP kthread, the switch to idle) is a task
  // and runs only where the scheduler could switch to it: not inside a preempt-disabled region
  // (an RCU-sched reader), not in the middle of a system call.
  const SchedCpu& sched = cpu.sched;
  const bool sleeping = sched.blocked_on[sched.curr] != 0;  // in wait_for_completion()
  const bool preemptible = (current == FrameKind::Thread && sched.preempt == 0) || sleeping;
  auto it = std::find_if(pending.begin(), pending.end(), [&](const Event& e) {
    return preemptible || !is_work(e.handler);
  });
  if (it == pending.end()) return {};
  const Event ev = *it;
  pending.erase(it);
  cpu.irq.running = ev.handler;
  cpu.irq.started = now;
  KernelEntry e;
  e.program = &calls_.handler(ev.handler);
  std::copy(std::begin(ev.args), std::end(ev.args), e.args);
  if (ev.handler == kTick)
    tick_.enter(c.raw(), current, e);
  else if (!is_work(ev.handler))
    ++cpu.counters.ipis_received;
  return e;
}

void Kernel::returned(CpuId c, FrameKind kind, Value ret, Cycle now) {
  CpuState& cpu = state_.cpus[c.raw()];
  if (kind == FrameKind::Syscall) {
    CallStats& cs = call_stats_[cpu.syscall_kind];
    const std::uint64_t lat = now - cpu.syscall_start;
    cs.cycles += lat;
    cs.max = std::max(cs.max, lat);
    return;
  }
  if (kind != FrameKind::Interrupt) return;
  cpu.counters.handler_cycles += now - cpu.irq.started;
  rcu_.returned(cpu.irq.running, ret, now);
  cpu.irq.running = 0;
}

void Kernel::collect_stats(StatSet& out) const {
  // Per system call: a call that fails at once (an error code) counts with 0 cycles.
  for (std::size_t k = 0; k < call_stats_.size(); ++k) {
    if (call_stats_[k].calls == 0) continue;
    const std::string call = call_kind_name(static_cast<CallKind>(k));
    out.add(stats::kCalls, call_stats_[k].calls, call);
    out.add(stats::kCallCycles, call_stats_[k].cycles, call);
    out.add(stats::kCallCyclesMax, call_stats_[k].max, call);
  }
  const RcuCounters& rcu = rcu_.counters();
  out.add(stats::kIpisSent, ipi_.sent());
  out.add(stats::kGracePeriods, rcu.grace_periods);
  out.add(stats::kGpCycles, rcu.gp_cycles);
  out.add(stats::kGpCyclesMax, rcu.gp_cycles_max);
  for (std::size_t c = 0; c < state_.cpus.size(); ++c) {
    const CpuCounters& k = state_.cpus[c].counters;
    const int cpu = static_cast<int>(c);
    out.add(stats::kIpisReceived, k.ipis_received, {}, cpu);
    out.add(stats::kHandlerCycles, k.handler_cycles, {}, cpu);
    out.add(stats::kTicks, k.ticks, {}, cpu);
    out.add(stats::kSwitches, k.switches, {}, cpu);
  }
}

}  // namespace mmsim::kernel

#include "kernel_model/tick.h"

#include <algorithm>

#include "kernel_model/kernel_abi.h"
#include "kernel_model/kernel_code.h"

namespace mmsim::kernel {

Tick::Tick(KernelState& s, const Scheduler& sched, Ipi& ipi, KernelCalls& calls)
    : s_(s), sched_(sched), ipi_(ipi) {
  calls.add_handler(kTick, s.lower("tick", tick_text(s.cfg.code, sched_facts(s.prims, s.cfg.era))));
}

void Tick::evaluate(Cycle now) {
  const KernelConfig& cfg = s_.cfg;
  for (std::size_t c = 0; c < cfg.cpus; ++c) {
    CpuState& cpu = s_.cpus[c];
    if (cpu.next_tick > now) continue;
    const std::uint64_t behind = (now - cpu.next_tick) / cfg.tick_period;
    cpu.next_tick = cpu.next_tick + (behind + 1) * cfg.tick_period;
    if (!enabled(c)) continue;
    const bool queued = std::any_of(cpu.irq.pending.begin(), cpu.irq.pending.end(),
                                    [](const Event& e) { return e.handler == kTick; });
    if (queued) continue;
    // Explore: one tick in three lands late, up to a tick period (the CPU had interrupts off,
    // the timer fired late): nothing in the kernel's correctness may depend on a tick's
    // timeliness, and a late tick is what lets a grace period end before a CPU's next tick.
    if (cfg.explore && s_.rng->chance(1, 3)) {
      ipi_.post(c, Event{kTick, {0, 0, 0}, now + s_.rng->uniform(1, cfg.tick_period - 1)});
      continue;
    }
    cpu.irq.pending.push_back(Event{kTick, {0, 0, 0}, now});
  }
}

Cycle Tick::next_timer(Cycle now) const {
  Cycle next = Cycle::never();
  for (std::size_t c = 0; c < s_.cfg.cpus; ++c)
    if (enabled(c) && s_.cpus[c].next_tick > now) next = std::min(next, s_.cpus[c].next_tick);
  return next;
}

// rcu_check_callbacks(user): a quiescent state if the tick interrupted user mode or the idle
// loop (a kernel thread is quiescent only when it schedules, or once it exited); and only a
// task outside any preempt-disabled (RCU-sched reader) region can be preempted.
void Tick::enter(std::size_t c, FrameKind current, KernelEntry& e) {
  CpuState& cpu = s_.cpus[c];
  SchedCpu& me = cpu.sched;
  ++cpu.counters.ticks;
  const bool preemptible = current == FrameKind::Thread && me.preempt == 0;
  const bool user_or_idle = me.curr == 0 || s_.rq[c][me.curr].user || me.exited[me.curr];
  e.args[0] = preemptible && user_or_idle ? 1 : 0;
  e.args[2] = preemptible ? 1 : 0;
  if (preemptible && me.curr != 0) --me.slice;
}

}  // namespace mmsim::kernel

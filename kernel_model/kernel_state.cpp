#include "kernel_model/kernel_state.h"

#include <algorithm>

#include "kernel_model/kernel_code.h"
#include "kernel_model/kernel_primitives.h"

namespace mmsim::kernel {

std::vector<bool> callers(const Scenario& s, std::uint16_t nr) {
  std::vector<bool> out(s.threads.size(), false);
  for (std::size_t t = 0; t < s.threads.size(); ++t)
    for (const auto& op : s.threads[t].ops)
      if (op.kind == UopKind::Syscall && op.code == nr) out[t] = true;
  return out;
}

bool KernelState::calls(std::uint16_t nr) const {
  const std::vector<bool> c = callers(scenario, nr);
  return std::find(c.begin(), c.end(), true) != c.end();
}

KernelState::KernelState(Scenario& s, const KernelConfig& c, TaskSet t)
    : scenario(s), cfg(c), tasks(std::move(t)) {
  intern_kernel_data(scenario.layout, cfg.cpus, tasks.mm_count());
  // Every CPU starts in the idle loop (an EQS, rq->curr = idle); a CPU with test threads
  // schedules the first of them before its first instruction (schedule_text).
  for (std::size_t cpu = 0; cpu < cfg.cpus; ++cpu) {
    scenario.layout.intern(element_name("rq_curr", cpu)).init = 0;
    scenario.layout.intern(element_name("dynticks", cpu)).init = 2;
  }
  prims = with_geometry(concat(scenario.arch->primitives(), intrinsics()), cfg.cpus);
  // Task slots follow Scenario::slot_of_thread, as the cores' do.
  rq.assign(cfg.cpus, std::vector<RqTask>(1));
  for (std::size_t i = 0; i < scenario.threads.size(); ++i) {
    auto& q = rq[scenario.cpu_of_thread[i]];
    q.resize(std::max(q.size(), scenario.slot_of_thread[i] + 1));
    const TaskInfo& task = tasks.tasks[i];
    q[scenario.slot_of_thread[i]] = RqTask{task.mm, !task.kernel, task.use_mm, task.exec_mm};
  }
}

void KernelState::reset(Rng& r) {
  rng = &r;
  cpus.assign(cfg.cpus, CpuState{});
  for (std::size_t c = 0; c < cfg.cpus; ++c) {
    CpuState& cpu = cpus[c];
    cpu.ct.eqs = true;  // idle
    cpu.next_tick = Cycle{r.uniform(1, cfg.tick_period)};  // random phase
    const std::size_t slots = rq[c].size();
    cpu.sched.exited.assign(slots, false);
    cpu.sched.blocked_on.assign(slots, 0);
    cpu.sched.wake_at.assign(slots, Cycle::never());
    cpu.sched.parked.assign(slots, ParkedTask{});
    for (const RqTask& task : rq[c]) cpu.mm.task_mm.push_back(task.mm);
  }
}

ThreadProgram KernelState::lower(const char* name, const std::string& text,
                                 const std::vector<std::string>& extra_arrays) const {
  return lower_routine(name, text, cfg.cpus, prims, scenario.layout, extra_arrays);
}

}  // namespace mmsim::kernel

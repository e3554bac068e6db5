#include "kernel_model/kernel.h"

#include <algorithm>

#include "kernel_model/kernel_abi.h"
#include "kernel_model/kernel_primitives.h"
#include "kernel_model/membarrier_cmd.h"

namespace mmsim::kernel {
namespace {

std::string element(const std::string& array, std::size_t i) {
  return i == 0 ? array : array + "[" + std::to_string(i) + "]";
}

}  // namespace

Kernel::Kernel(Scenario& scenario, const Params& params)
    : scenario_(scenario), cfg_(read_config(params, scenario.cpus)),
      tasks_(parse_tasks(scenario.test)) {
  data_ = intern_kernel_data(scenario.layout, cfg_.cpus, tasks_.mm_count());
  initial_mm_.assign(cfg_.cpus, 0);
  for (std::size_t t = 0; t < scenario.threads.size(); ++t)
    initial_mm_[scenario.cpu_of_thread[t]] = tasks_.tasks[t].mm;
  for (std::size_t c = 0; c < cfg_.cpus; ++c)
    scenario.layout.intern(element("rq_curr", c)).init = initial_mm_[c];
  prims_ = concat(scenario.arch->primitives(), intrinsics());
  for (int h : {kIpiMb, kIpiSyncCore})
    handlers_[h] = lower_routine("ipi_handler", ipi_handler_text(h), cfg_.cpus, prims_,
                                 scenario.layout);
  register_ = lower_routine("membarrier_register", register_text(), cfg_.cpus, prims_,
                            scenario.layout);
}

const ThreadProgram* Kernel::expedited_program(bool global, bool include_self, int handler) {
  const int key = (global ? 1 : 0) | (include_self ? 2 : 0) | handler << 2;
  auto it = expedited_.find(key);
  if (it == expedited_.end()) {
    it = expedited_
             .emplace(key, lower_routine("membarrier_expedited",
                                         membarrier_expedited_text(global, include_self, handler),
                                         cfg_.cpus, prims_, scenario_.layout))
             .first;
  }
  return &it->second;
}

void Kernel::reset(Rng& rng) {
  rng_ = &rng;
  cpus_.assign(cfg_.cpus, Cpu{});
  for (std::size_t c = 0; c < cfg_.cpus; ++c) cpus_[c].mm = initial_mm_[c];
  mm_state_.assign(static_cast<std::size_t>(tasks_.mm_count()) + 1, 0);
  in_flight_.clear();
  pending_irqs_ = 0;
  calls_ = latency_sum_ = latency_max_ = ipis_sent_ = 0;
}

void Kernel::evaluate(Cycle now, Rng&) {
  for (std::size_t i = 0; i < in_flight_.size();) {
    if (in_flight_[i].at <= now) {
      cpus_[in_flight_[i].to].arrived.push_back(in_flight_[i]);
      ++pending_irqs_;
      in_flight_.erase(in_flight_.begin() + static_cast<std::ptrdiff_t>(i));
    } else {
      ++i;
    }
  }
}

Cycle Kernel::next_event(Cycle now) const {
  Cycle next = Cycle::never();
  for (const auto& ipi : in_flight_) next = std::min(next, ipi.at);
  if (pending_irqs_ > 0) next = std::min(next, now + 1);
  return next;
}

KernelEntry Kernel::syscall(CpuId c, std::uint16_t nr, const Value (&args)[3], Cycle now) {
  const std::size_t cpu = c.raw();
  cpus_[cpu].syscall_start = now;
  switch (nr) {
    case kSysMembarrier:
      return membarrier(cpu, static_cast<int>(args[0]), static_cast<int>(args[1]),
                        static_cast<int>(args[2]), now);
    case kSysSmpMemb: return membarrier(cpu, cfg_.smp_memb_cmd, 0, 0, now);
    default: return KernelEntry{nullptr, -38, {0, 0, 0}};  // -ENOSYS
  }
}

KernelEntry Kernel::membarrier(std::size_t cpu, int cmd, int flags, int cpu_id, Cycle) {
  const int mm = cpus_[cpu].mm;
  CallContext ctx;
  ctx.era = cfg_.era;
  ctx.nohz_full_enabled = cfg_.any_nohz_full();
  ctx.nohz_guard = cfg_.nohz_guard;
  ctx.cpus_online = static_cast<int>(cfg_.cpus);
  ctx.mm_users = mm > 0 ? tasks_.users(mm) : 1;
  ctx.mm_state = mm > 0 ? mm_state_[static_cast<std::size_t>(mm)] : 0;
  const Decision d = decide(ctx, cmd, flags, cpu_id);
  ++calls_;
  KernelEntry e;
  e.value = d.ret;
  switch (d.mechanism) {
    case Mechanism::None: return e;
    case Mechanism::PrivateExpedited:
    case Mechanism::PrivateExpeditedRseq:
      e.program = expedited_program(false, d.include_self, kIpiMb);
      return e;
    case Mechanism::PrivateExpeditedSyncCore:
      e.program = expedited_program(false, d.include_self, kIpiSyncCore);
      return e;
    case Mechanism::GlobalExpedited:
      e.program = expedited_program(true, false, kIpiMb);
      return e;
    case Mechanism::Register:
      e.program = &register_;
      e.args[0] = d.intent_bits;
      e.args[1] = d.ready_bits;
      return e;
    case Mechanism::SynchronizeSched:
      unsupported_ =
          "membarrier GLOBAL waits for an RCU-sched grace period, which the kernel model does "
          "not simulate yet";
      return KernelEntry{nullptr, -38, {0, 0, 0}};
  }
  return e;
}

Value Kernel::kcall(CpuId c, std::uint16_t fn, const Value (&args)[3], Cycle now) {
  Cpu& me = cpus_[c.raw()];
  switch (fn) {
    case kThisCpu: return c.raw();
    case kNrCpus: return static_cast<Value>(cfg_.cpus);
    case kCurrentMm: return me.mm;
    case kIpiMark:
      if (args[0] >= 0 && static_cast<std::size_t>(args[0]) < cfg_.cpus)
        me.marked.push_back(static_cast<std::size_t>(args[0]));
      return 0;
    case kIpiFlush:
      for (std::size_t to : me.marked) {
        const std::uint64_t lat = cfg_.ipi_latency + (rng_ ? rng_->uniform(0, cfg_.ipi_jitter) : 0);
        in_flight_.push_back(Ipi{c.raw(), to, static_cast<int>(args[0]), now + lat});
        ++ipis_sent_;
      }
      me.marked.clear();
      return 0;
    case kMmStateSet:
      if (me.mm > 0) mm_state_[static_cast<std::size_t>(me.mm)] = static_cast<unsigned>(args[0]);
      return 0;
    default: return 0;
  }
}

KernelEntry Kernel::interrupt(CpuId c, FrameKind current, Cycle now) {
  Cpu& me = cpus_[c.raw()];
  // Handlers run with interrupts off: no nesting.
  if (me.arrived.empty() || current == FrameKind::Interrupt) return {};
  const Ipi ipi = me.arrived.front();
  me.arrived.erase(me.arrived.begin());
  --pending_irqs_;
  ++me.ipis_received;
  me.irq_start = now;
  KernelEntry e;
  e.program = &handlers_.at(ipi.handler);
  e.args[0] = static_cast<Value>(ipi.from);
  return e;
}

void Kernel::returned(CpuId c, FrameKind kind, Value, Cycle now) {
  Cpu& me = cpus_[c.raw()];
  if (kind == FrameKind::Syscall) {
    const std::uint64_t lat = now - me.syscall_start;
    latency_sum_ += lat;
    latency_max_ = std::max(latency_max_, lat);
  } else if (kind == FrameKind::Interrupt) {
    me.handler_cycles += now - me.irq_start;
  }
}

void Kernel::thread_finished(CpuId, Cycle) {}

void Kernel::collect_stats(std::map<std::string, std::uint64_t>& out) const {
  out["membarrier.calls"] += calls_;
  out["membarrier.latency_cycles"] += latency_sum_;
  out["membarrier.latency_cycles.max"] = std::max(out["membarrier.latency_cycles.max"], latency_max_);
  out["ipi.sent"] += ipis_sent_;
  for (std::size_t c = 0; c < cpus_.size(); ++c) {
    out["ipi.received.cpu" + std::to_string(c)] += cpus_[c].ipis_received;
    out["irq.handler_cycles.cpu" + std::to_string(c)] += cpus_[c].handler_cycles;
  }
}

}  // namespace mmsim::kernel

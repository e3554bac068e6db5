#include "kernel_model/membarrier.h"

#include "kernel_model/kernel_abi.h"
#include "kernel_model/kernel_code.h"

namespace mmsim::kernel {

Membarrier::Membarrier(KernelState& s, const RcuSched& rcu, const Params& params,
                       KernelCalls& calls)
    : s_(s), rcu_(rcu) {
  const KernelConfig& cfg = s.cfg;
  // Registrations every mm holds from the start, as a library's start-up call leaves them
  // (before the threads run): `membarrier.registered`, and smp_memb()'s command.
  std::vector<int> registered;
  if (cfg.registered_cmd != 0) registered.push_back(cfg.registered_cmd);
  if (s.calls(kSysSmpMemb))
    registered.push_back(cfg.smp_memb_cmd == kGlobalExpedited ? kRegisterGlobalExpedited
                         : cfg.smp_memb_cmd == kPrivateExpeditedSyncCore
                             ? kRegisterPrivateExpeditedSyncCore
                             : kRegisterPrivateExpedited);
  unsigned registered_state = 0;
  for (int reg : registered) {
    CallContext ctx;
    ctx.era = cfg.era;
    ctx.cpus_online = static_cast<int>(cfg.cpus);
    const Decision d = decide(ctx, reg, 0);
    if (d.mechanism != Mechanism::Register && reg == cfg.registered_cmd)
      throw BadInput("param", params.where("membarrier.registered"),
                     "parameter 'membarrier.registered': kernel.era " + era_name(cfg.era) +
                         " has no such registration (" + errno_name(d.ret) + ")");
    registered_state |= d.intent_bits | d.ready_bits;
  }
  // An mm that execve() creates starts with no registration.
  const int mms = s.tasks.mm_count();
  initial_mm_state_.assign(static_cast<std::size_t>(mms) + 1, 0);
  for (int mm = 1; mm <= mms; ++mm) {
    const auto i = static_cast<std::size_t>(mm);
    initial_mm_state_[i] = s.tasks.fresh(mm) ? 0 : registered_state;
    s.scenario.layout.intern(element_name("mm_state", i)).init = initial_mm_state_[i];
  }

  const CodeSwitches& k = cfg.code;
  calls.add_handler(kIpiMb, s.lower("ipi_mb", ipi_handler_text(k, kIpiMb)));
  calls.add_handler(kIpiSyncCore, s.lower("ipi_sync_core", ipi_handler_text(k, kIpiSyncCore)));
  calls.add_handler(kIpiRseq, s.lower("ipi_rseq", ipi_handler_text(k, kIpiRseq)));
  calls.add_handler(kIpiSyncRqState, s.lower("ipi_sync_rq_state", ipi_sync_rq_state_text(k)));
  const bool serialize = cfg.era >= Era::V6_8;
  for (const auto& key : {std::pair{RegisterSync::None, false},
                          std::pair{RegisterSync::SynchronizeSched, false},
                          std::pair{RegisterSync::SyncRunqueues, false},
                          std::pair{RegisterSync::SyncRunqueues, true}})
    register_[key] =
        s.lower("membarrier_register", register_text(k, key.first, key.second, serialize));

  calls.add_syscall(kSysMembarrier, kCallMembarrier,
                    [this](std::size_t cpu, const Value(&args)[3], CallKind& kind) {
                      return enter(cpu, static_cast<int>(args[0]), static_cast<int>(args[1]),
                                   static_cast<int>(args[2]), kind);
                    });
  calls.add_syscall(kSysSmpMemb, kCallMembarrier,
                    [this](std::size_t cpu, const Value(&)[3], CallKind& kind) {
                      return enter(cpu, s_.cfg.smp_memb_cmd, 0, 0, kind);
                    });
  calls.add_intrinsic(kMmStateOr, [this](std::size_t c, const Value(&args)[3], Cycle) {
    const int mm = s_.cpus[c].mm.mm;
    if (mm > 0) mm_state_[static_cast<std::size_t>(mm)] |= static_cast<unsigned>(args[0]);
    return KCallResult{};
  });
}

const ThreadProgram* Membarrier::expedited_program(bool global, bool include_self, int handler,
                                                   bool serialize, bool single, bool each) {
  const int key = (global ? 1 : 0) | (include_self ? 2 : 0) | (serialize ? 4 : 0) |
                  (single ? 8 : 0) | (each ? 16 : 0) | handler << 5;
  auto it = expedited_.find(key);
  if (it == expedited_.end()) {
    const std::string text = membarrier_expedited_text(
        s_.cfg.code, global, include_self, handler, s_.cfg.era >= Era::V5_4, serialize, single,
        each);
    it = expedited_.emplace(key, s_.lower("membarrier_expedited", text)).first;
  }
  return &it->second;
}

KernelEntry Membarrier::enter(std::size_t cpu, int cmd, int flags, int cpu_id, CallKind& kind) {
  const KernelConfig& cfg = s_.cfg;
  const int mm = s_.cpus[cpu].mm.mm;
  CallContext ctx;
  ctx.era = cfg.era;
  ctx.nohz_full_enabled = cfg.any_nohz_full();
  ctx.nohz_guard = cfg.nohz_guard;
  ctx.cpumask_alloc_fails = cfg.cpumask_alloc_fails;
  ctx.cpus_online = static_cast<int>(cfg.cpus);
  ctx.mm_users = mm > 0 ? s_.tasks.users(mm) : 1;
  ctx.mm_state = mm > 0 ? mm_state_[static_cast<std::size_t>(mm)] : 0;
  const Decision d = decide(ctx, cmd, flags, cpu_id);
  KernelEntry e;
  e.value = d.ret;
  const int handler = d.handler == IpiHandler::SyncCore ? kIpiSyncCore
                      : d.handler == IpiHandler::Rseq && !d.handler_mb ? kIpiRseq
                                                                        : kIpiMb;
  switch (d.mechanism) {
    case Mechanism::None: return e;
    case Mechanism::PrivateExpedited:
    case Mechanism::PrivateExpeditedRseq:
    case Mechanism::PrivateExpeditedSyncCore:
      e.program = expedited_program(false, d.include_self, handler, d.serialize_ipis,
                                    d.target_cpu >= 0, d.ipi_each);
      e.args[0] = d.target_cpu;  // FLAG_CPU: the one CPU to look at
      return e;
    case Mechanism::GlobalExpedited:
      e.program = expedited_program(true, false, handler, d.serialize_ipis, false, d.ipi_each);
      return e;
    case Mechanism::Register:
      kind = kCallRegister;
      if (d.ret < 0) {  // -ENOMEM: the intent bits stay set, nothing else happens
        mm_state_[static_cast<std::size_t>(mm)] |= d.intent_bits;
        return e;
      }
      e.program = &register_.at({d.register_sync, d.register_local});
      e.args[0] = d.intent_bits;
      e.args[1] = d.ready_bits;
      return e;
    case Mechanism::SynchronizeSched:
      e.program = &rcu_.synchronize_sched();
      return e;
  }
  return e;
}

}  // namespace mmsim::kernel

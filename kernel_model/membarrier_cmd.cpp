// Order of the checks follows SYSCALL_DEFINE2/3(membarrier) and its helpers in
// kernel/membarrier.c (4.3–4.13) and kernel/sched/membarrier.c (4.14+), because where two
// errors could apply, the first check in the kernel decides which one userspace sees.
#include "kernel_model/membarrier_cmd.h"

namespace mmsim::kernel {
namespace {

bool since(const CallContext& c, Era e) { return c.era >= e; }

Decision value(long v) {
  Decision d;
  d.ret = v;
  return d;
}

// The late-2016 fix ("Disable sys_membarrier when nohz_full is enabled") put the check ahead
// of the flags check, so even QUERY fails: SHARED was the only real command, so refusing the
// syscall was the smallest stable-backportable way to refuse it.
bool nohz_refuses_syscall(const CallContext& c) {
  return c.nohz_guard && c.nohz_full_enabled && c.era == Era::V4_9;
}
// 4.14 narrowed the refusal to the one command that relies on RCU (KERNEL.md §1.3 step 1).
bool nohz_refuses_global(const CallContext& c) {
  return c.nohz_guard && c.nohz_full_enabled && since(c, Era::V4_14);
}

bool is_single_command(int cmd) { return cmd > 0 && (cmd & (cmd - 1)) == 0; }

// The caller-side half shared by membarrier_global_expedited() and
// membarrier_private_expedited(): barriers (A)/(B) pair with the scheduler's barriers around
// the rq->curr store (KERNEL.md §1.7), and 944d5fe50f3f serialises the IPI phase.
Decision expedited(const CallContext& c, Mechanism m, IpiHandler h) {
  Decision d;
  d.mechanism = m;
  d.leading_mb = d.trailing_mb = true;
  d.serialize_ipis = since(c, Era::V6_8);
  // 4.14–5.3: no cpumask (GFP_NOWAIT failed): smp_call_function_single() per CPU as the scan
  // finds it. 5.4+ returned -ENOMEM before getting here.
  d.ipi_each = c.cpumask_alloc_fails && !since(c, Era::V5_4);
  d.handler = h;
  // ipi_rseq only gained its smp_mb() in 5.11; the other handlers always had one.
  d.handler_mb = h != IpiHandler::Rseq || since(c, Era::V5_11);
  return d;
}

// membarrier_global_expedited(): no permission check, because registration is about
// *receiving* these barriers (the target scan reads the targets' state, not the caller's).
Decision global_expedited(const CallContext& c) {
  if (c.cpus_online == 1) return value(0);
  // 4.16–5.3 fell back to one smp_call_function_single() per CPU instead of failing.
  if (since(c, Era::V5_4) && c.cpumask_alloc_fails) return value(kENOMEM);
  return expedited(c, Mechanism::GlobalExpedited, IpiHandler::Mb);
}

enum class Private { Plain, SyncCore, Rseq };

// membarrier_private_expedited(flags, cpu_id).
Decision private_expedited(const CallContext& c, Private kind, int cpu_id) {
  unsigned ready = kStPrivateExpeditedReady;
  if (kind == Private::SyncCore) {
    if (!c.arch_sync_core) return value(kEINVAL);  // !IS_ENABLED(CONFIG_ARCH_HAS_..._SYNC_CORE)
    ready = kStSyncCoreReady;
  } else if (kind == Private::Rseq) {
    if (!c.rseq_supported) return value(kEINVAL);  // !IS_ENABLED(CONFIG_RSEQ)
    ready = kStRseqReady;
  }
  // 4.14 final: the registration requirement lets arch hooks cost only registered mms.
  if (!(c.mm_state & ready)) return value(kEPERM);

  // 5.11 (Lutomirski): SYNC_CORE skips *both* short-cuts, so a single-threaded JIT or a
  // one-CPU system still gets the caller's own core serialised. Before that the short-cuts
  // applied to every private command (5.4–5.10: `mm_users == 1 || num_online_cpus() == 1`).
  const bool sync_core_self = kind == Private::SyncCore && since(c, Era::V5_11);
  if (!sync_core_self) {
    if (c.cpus_online == 1) return value(0);
    // 5.4 "Skip IPIs when mm->mm_users == 1": no other thread can run this mm.
    if (since(c, Era::V5_4) && c.mm_users == 1) return value(0);
  }
  // FLAG_CPU needs no cpumask; 4.14–5.3 fell back to per-CPU IPIs instead of failing.
  if (since(c, Era::V5_4) && cpu_id < 0 && c.cpumask_alloc_fails) return value(kENOMEM);

  Decision d;
  switch (kind) {
    case Private::Plain:
      d = expedited(c, Mechanism::PrivateExpedited, IpiHandler::Mb);
      break;
    case Private::SyncCore:
      // 4.16–5.10 used ipi_mb and relied on the IPI's exception return to serialise the core.
      d = expedited(c, Mechanism::PrivateExpeditedSyncCore,
                    since(c, Era::V5_11) ? IpiHandler::SyncCore : IpiHandler::Mb);
      d.include_self = sync_core_self;
      break;
    case Private::Rseq:
      d = expedited(c, Mechanism::PrivateExpeditedRseq, IpiHandler::Rseq);
      d.target_cpu = cpu_id;
      // 5.10 skipped cpu_id == own CPU (`goto out`); 5.11 dropped that, so
      // smp_call_function_single() runs ipi_rseq locally.
      d.include_self = cpu_id >= 0 && since(c, Era::V5_11);
      break;
  }
  return d;
}

// membarrier_register_{global,private}_expedited(): intent bits, then make every later
// scheduler pass see them, then READY — so that a permission check that passes implies the
// scheduler-side barriers are already in force (KERNEL.md §1.5).
Decision registration(const CallContext& c, unsigned intent, unsigned ready) {
  // Per mm, so a CLONE_VM sibling may already have registered for everyone.
  if ((c.mm_state & ready) == ready) return value(0);
  Decision d;
  d.mechanism = Mechanism::Register;
  d.ready_bits = ready;
  if (!since(c, Era::V4_16)) return d;  // 4.14: atomic_or of READY only, no intent bit exists
  d.intent_bits = intent;
  if (!since(c, Era::V5_4)) {
    // `!(mm_users == 1 && get_nr_threads(p) == 1)` → synchronize_sched(). The single-user
    // GLOBAL_EXPEDITED path issues a lone smp_mb() here, which RegisterSync cannot express.
    d.register_sync = c.mm_users == 1 ? RegisterSync::None : RegisterSync::SynchronizeSched;
    return d;
  }
  d.register_sync = RegisterSync::SyncRunqueues;
  // sync_runqueues_membarrier_state(): only the multi-user path allocates and IPIs.
  const bool local_only = c.mm_users == 1 || c.cpus_online == 1;
  d.register_local = local_only;
  if (!local_only && c.cpumask_alloc_fails) {
    d.ret = kENOMEM;  // intent bits stay set; a retry registers again
    d.ready_bits = 0;
    d.register_sync = RegisterSync::None;
    return d;
  }
  d.serialize_ipis = !local_only && since(c, Era::V6_8);
  return d;
}

}  // namespace

const std::vector<std::pair<std::string, int>>& constants() {
  static const std::vector<std::pair<std::string, int>> table = {
      {"MEMBARRIER_CMD_QUERY", kQuery},
      {"MEMBARRIER_CMD_SHARED", kGlobal},
      {"MEMBARRIER_CMD_GLOBAL", kGlobal},
      {"MEMBARRIER_CMD_GLOBAL_EXPEDITED", kGlobalExpedited},
      {"MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED", kRegisterGlobalExpedited},
      {"MEMBARRIER_CMD_PRIVATE_EXPEDITED", kPrivateExpedited},
      {"MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED", kRegisterPrivateExpedited},
      {"MEMBARRIER_CMD_PRIVATE_EXPEDITED_SYNC_CORE", kPrivateExpeditedSyncCore},
      {"MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_SYNC_CORE", kRegisterPrivateExpeditedSyncCore},
      {"MEMBARRIER_CMD_PRIVATE_EXPEDITED_RSEQ", kPrivateExpeditedRseq},
      {"MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_RSEQ", kRegisterPrivateExpeditedRseq},
      {"MEMBARRIER_CMD_GET_REGISTRATIONS", kGetRegistrations},
      {"MEMBARRIER_CMD_FLAG_CPU", kFlagCpu},
  };
  return table;
}

std::optional<int> constant_value(const std::string& name) {
  for (const auto& [n, v] : constants())
    if (n == name) return v;
  return std::nullopt;
}

int era_command_mask(Era e) {
  int m = kGlobal;
  if (e >= Era::V4_14) m |= kPrivateExpedited | kRegisterPrivateExpedited;
  if (e >= Era::V4_16)
    m |= kGlobalExpedited | kRegisterGlobalExpedited | kPrivateExpeditedSyncCore |
         kRegisterPrivateExpeditedSyncCore;
  if (e >= Era::V5_10) m |= kPrivateExpeditedRseq | kRegisterPrivateExpeditedRseq;
  if (e >= Era::V6_8) m |= kGetRegistrations;  // 6.3
  return m;
}

long query_mask(const CallContext& c) {
  long m = era_command_mask(c.era);
  // MEMBARRIER_PRIVATE_EXPEDITED_{SYNC_CORE,RSEQ}_BITMASK are 0 without the config option.
  if (!c.arch_sync_core) m &= ~long{kPrivateExpeditedSyncCore | kRegisterPrivateExpeditedSyncCore};
  if (!c.rseq_supported) m &= ~long{kPrivateExpeditedRseq | kRegisterPrivateExpeditedRseq};
  // 4.3 advertised SHARED on nohz_full too — the bug; 4.9 never gets here (-ENOSYS).
  if (nohz_refuses_global(c)) m &= ~long{kGlobal};
  return m;
}

long registrations_mask(unsigned s) {
  // Either bit of a pair counts: after a failed (-ENOMEM) registration only the intent bit is
  // set, and SYNC_CORE/RSEQ registration also set PRIVATE_EXPEDITED's intent bit.
  long m = 0;
  if (s & (kStGlobalExpedited | kStGlobalExpeditedReady)) m |= kRegisterGlobalExpedited;
  if (s & (kStPrivateExpedited | kStPrivateExpeditedReady)) m |= kRegisterPrivateExpedited;
  if (s & (kStSyncCore | kStSyncCoreReady)) m |= kRegisterPrivateExpeditedSyncCore;
  if (s & (kStRseq | kStRseqReady)) m |= kRegisterPrivateExpeditedRseq;
  return m;
}

Decision decide(const CallContext& c, int cmd, int flags, int cpu_id) {
  if (!c.membarrier_configured) return value(kENOSYS);  // sys_ni_syscall
  if (nohz_refuses_syscall(c)) return value(kENOSYS);
  // The flags check precedes the command switch; FLAG_CPU is accepted only with RSEQ, and
  // before 5.10 that command is unknown, so the check below rejects it anyway.
  if (flags != 0 && !(cmd == kPrivateExpeditedRseq && flags == kFlagCpu)) return value(kEINVAL);
  if (cmd != kQuery && !(is_single_command(cmd) && (cmd & era_command_mask(c.era))))
    return value(kEINVAL);  // `default: return -EINVAL`, including later eras' commands
  if (!(flags & kFlagCpu)) cpu_id = -1;

  switch (cmd) {
    case kQuery: return value(query_mask(c));
    case kGlobal: {
      if (nohz_refuses_global(c)) return value(kEINVAL);
      if (c.cpus_online == 1) return value(0);  // `if (num_online_cpus() > 1)`
      Decision d;
      d.mechanism = Mechanism::SynchronizeSched;
      return d;
    }
    case kGlobalExpedited: return global_expedited(c);
    case kPrivateExpedited: return private_expedited(c, Private::Plain, cpu_id);
    case kPrivateExpeditedSyncCore: return private_expedited(c, Private::SyncCore, cpu_id);
    case kPrivateExpeditedRseq: return private_expedited(c, Private::Rseq, cpu_id);
    case kRegisterGlobalExpedited:
      return registration(c, kStGlobalExpedited, kStGlobalExpeditedReady);
    case kRegisterPrivateExpedited:
      return registration(c, kStPrivateExpedited, kStPrivateExpeditedReady);
    case kRegisterPrivateExpeditedSyncCore:
      if (!c.arch_sync_core) return value(kEINVAL);
      // PRIVATE_EXPEDITED's intent bit too: it is what switch_mm-side hooks test.
      return registration(c, kStPrivateExpedited | kStSyncCore, kStSyncCoreReady);
    case kRegisterPrivateExpeditedRseq:
      if (!c.rseq_supported) return value(kEINVAL);
      return registration(c, kStPrivateExpedited | kStRseq, kStRseqReady);
    case kGetRegistrations: return value(registrations_mask(c.mm_state));
    default: return value(kEINVAL);
  }
}

std::string errno_name(long ret) {
  switch (ret) {
    case kEPERM: return "-EPERM";
    case kENOMEM: return "-ENOMEM";
    case kEINVAL: return "-EINVAL";
    case kENOSYS: return "-ENOSYS";
    default: return std::to_string(ret);
  }
}

namespace {
// decide() reaches each errno for one family of reasons, so the value names the reason.
std::string errno_reason(long ret) {
  switch (ret) {
    case kEPERM: return "not registered";
    case kENOMEM: return "cpumask allocation failed";
    case kEINVAL: return "invalid or unsupported command or flags";
    case kENOSYS: return "membarrier unavailable";
    default: return "error";
  }
}

std::string hex(unsigned v) {
  static const char* digits = "0123456789abcdef";
  std::string s;
  do {
    s.insert(s.begin(), digits[v & 15u]);
    v >>= 4;
  } while (v != 0);
  return "0x" + s;
}

const char* sync_name(RegisterSync s) {
  switch (s) {
    case RegisterSync::None: return "no sync";
    case RegisterSync::SynchronizeSched: return "synchronize_sched";
    case RegisterSync::SyncRunqueues: return "sync_runqueues";
  }
  return "";
}
}  // namespace

std::string describe(const Decision& d) {
  const std::string self = d.include_self ? ", incl. self" : "";
  const std::string cpu = d.target_cpu >= 0 ? " cpu " + std::to_string(d.target_cpu) : "";
  switch (d.mechanism) {
    case Mechanism::None:
      if (d.ret < 0) return errno_name(d.ret) + ": " + errno_reason(d.ret);
      return "return " + std::to_string(d.ret);
    case Mechanism::SynchronizeSched: return "SynchronizeSched (RCU grace period)";
    case Mechanism::GlobalExpedited: return "GlobalExpedited (IPI registered mms, wait)";
    case Mechanism::PrivateExpedited: return "PrivateExpedited (IPI" + self + ", wait)";
    case Mechanism::PrivateExpeditedSyncCore:
      return "PrivateExpeditedSyncCore (IPI" + self + ", wait)";
    case Mechanism::PrivateExpeditedRseq:
      return "PrivateExpeditedRseq (IPI" + cpu + ", wait)";  // self only as that cpu
    case Mechanism::Register:
      if (d.ret < 0)
        return "Register (intent " + hex(d.intent_bits) + ", then " + errno_name(d.ret) + ": " +
               errno_reason(d.ret) + ")";
      return "Register (intent " + hex(d.intent_bits) + ", " + sync_name(d.register_sync) +
             ", ready " + hex(d.ready_bits) + ")";
  }
  return "";
}

}  // namespace mmsim::kernel

#include "kernel_model/membarrier_cmd.h"

namespace mmsim::kernel {
namespace {

bool at_least(const CallContext& c, Era e) { return c.era >= e; }

// The commands an era's kernel/sched/membarrier.c (or kernel/membarrier.c in 4.3) knows.
int era_commands(const CallContext& c) {
  int m = kGlobal;
  if (at_least(c, Era::V4_14)) m |= kPrivateExpedited | kRegisterPrivateExpedited;
  if (at_least(c, Era::V4_16))
    m |= kGlobalExpedited | kRegisterGlobalExpedited | kPrivateExpeditedSyncCore |
         kRegisterPrivateExpeditedSyncCore;
  if (at_least(c, Era::V5_10)) m |= kPrivateExpeditedRseq | kRegisterPrivateExpeditedRseq;
  if (at_least(c, Era::V6_8)) m |= kGetRegistrations;
  return m;
}

// The 2016 fix refused the whole syscall (-ENOSYS); from 4.14 only GLOBAL (-EINVAL).
bool nohz_refuses_all(const CallContext& c) {
  return c.nohz_guard && c.nohz_full_enabled && c.era == Era::V4_9;
}
bool nohz_refuses_global(const CallContext& c) {
  return c.nohz_guard && c.nohz_full_enabled && at_least(c, Era::V4_14);
}

Decision value(long v) {
  Decision d;
  d.ret = v;
  return d;
}

Decision expedited(const CallContext& c, Mechanism m) {
  Decision d;
  d.mechanism = m;
  d.leading_mb = d.trailing_mb = true;
  d.serialize_ipis = at_least(c, Era::V6_8);
  return d;
}

Decision registration(const CallContext& c, unsigned intent, unsigned ready) {
  if (c.mm_state & ready) return value(0);  // already registered
  Decision d;
  d.mechanism = Mechanism::Register;
  d.intent_bits = intent;
  d.ready_bits = ready;
  if (at_least(c, Era::V5_4))
    d.register_sync = RegisterSync::SyncRunqueues;
  else if (at_least(c, Era::V4_16))
    d.register_sync = c.mm_users == 1 ? RegisterSync::None : RegisterSync::SynchronizeSched;
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

long query_mask(const CallContext& c) {
  long m = era_commands(c);
  if (nohz_refuses_global(c)) m &= ~static_cast<long>(kGlobal);
  if (!c.arch_sync_core) m &= ~static_cast<long>(kPrivateExpeditedSyncCore | kRegisterPrivateExpeditedSyncCore);
  if (!c.rseq_supported) m &= ~static_cast<long>(kPrivateExpeditedRseq | kRegisterPrivateExpeditedRseq);
  return m;
}

Decision decide(const CallContext& c, int cmd, int flags, int cpu_id) {
  if (nohz_refuses_all(c)) return value(kENOSYS);
  const bool known = cmd == kQuery || (cmd > 0 && (cmd & (cmd - 1)) == 0 && (cmd & era_commands(c)));
  if (!known) return value(kEINVAL);
  const bool flag_ok = flags == 0 || (flags == kFlagCpu && cmd == kPrivateExpeditedRseq);
  if (!flag_ok) return value(kEINVAL);
  switch (cmd) {
    case kQuery: return value(query_mask(c));
    case kGlobal: {
      if (nohz_refuses_global(c)) return value(kEINVAL);
      if (c.cpus_online <= 1) return value(0);
      Decision d;
      d.mechanism = Mechanism::SynchronizeSched;
      return d;
    }
    case kGlobalExpedited:
      if (c.cpus_online <= 1) return value(0);
      return expedited(c, Mechanism::GlobalExpedited);
    case kPrivateExpedited:
    case kPrivateExpeditedSyncCore:
    case kPrivateExpeditedRseq: {
      const bool sync_core = cmd == kPrivateExpeditedSyncCore;
      const bool rseq = cmd == kPrivateExpeditedRseq;
      if ((sync_core && !c.arch_sync_core) || (rseq && !c.rseq_supported)) return value(kEINVAL);
      const unsigned ready = sync_core ? kStSyncCoreReady
                             : rseq    ? kStRseqReady
                                       : kStPrivateExpeditedReady;
      if (!(c.mm_state & ready)) return value(kEPERM);
      if (c.cpus_online <= 1) return value(0);
      // 5.4: a single-user mm has no other thread to order; 5.11 exempts SYNC_CORE.
      if (c.mm_users == 1 && at_least(c, Era::V5_4) && !(sync_core && at_least(c, Era::V5_11)))
        return value(0);
      Decision d = expedited(c, sync_core ? Mechanism::PrivateExpeditedSyncCore
                                : rseq    ? Mechanism::PrivateExpeditedRseq
                                          : Mechanism::PrivateExpedited);
      d.include_self = sync_core && at_least(c, Era::V5_11);
      if (rseq && flags == kFlagCpu) d.target_cpu = cpu_id;
      return d;
    }
    case kRegisterGlobalExpedited:
      return registration(c, kStGlobalExpedited, kStGlobalExpeditedReady);
    case kRegisterPrivateExpedited:
      return registration(c, kStPrivateExpedited, kStPrivateExpeditedReady);
    case kRegisterPrivateExpeditedSyncCore:
      if (!c.arch_sync_core) return value(kEINVAL);
      return registration(c, kStSyncCore, kStSyncCoreReady);
    case kRegisterPrivateExpeditedRseq:
      if (!c.rseq_supported) return value(kEINVAL);
      return registration(c, kStRseq, kStRseqReady);
    case kGetRegistrations: {
      long m = 0;
      if (c.mm_state & kStGlobalExpeditedReady) m |= kRegisterGlobalExpedited;
      if (c.mm_state & kStPrivateExpeditedReady) m |= kRegisterPrivateExpedited;
      if (c.mm_state & kStSyncCoreReady) m |= kRegisterPrivateExpeditedSyncCore;
      if (c.mm_state & kStRseqReady) m |= kRegisterPrivateExpeditedRseq;
      return value(m);
    }
    default: return value(kEINVAL);
  }
}

std::string describe(const Decision& d) {
  switch (d.mechanism) {
    case Mechanism::None: return "return " + std::to_string(d.ret);
    case Mechanism::SynchronizeSched: return "synchronize_sched()";
    case Mechanism::GlobalExpedited: return "GLOBAL_EXPEDITED (IPI registered mms, wait)";
    case Mechanism::PrivateExpedited: return "PRIVATE_EXPEDITED (IPI, wait)";
    case Mechanism::PrivateExpeditedSyncCore: return "PRIVATE_EXPEDITED_SYNC_CORE (IPI, wait)";
    case Mechanism::PrivateExpeditedRseq: return "PRIVATE_EXPEDITED_RSEQ (IPI, wait)";
    case Mechanism::Register: return "register";
  }
  return "";
}

}  // namespace mmsim::kernel

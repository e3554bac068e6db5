// sys_membarrier() decision logic against KERNEL.md §1 and kernel/sched/membarrier.c.
#include <catch2/catch.hpp>

#include "kernel_model/kernel_era.h"
#include "kernel_model/membarrier_cmd.h"

using namespace mmsim::kernel;

namespace {

// A multi-CPU, multi-threaded caller: the configuration in which no short-cut applies.
CallContext ctx(Era era, unsigned mm_state = 0) {
  CallContext c;
  c.era = era;
  c.cpus_online = 4;
  c.mm_users = 2;
  c.mm_state = mm_state;
  return c;
}
CallContext nohz(Era era, bool guard = true) {
  CallContext c = ctx(era);
  c.nohz_full_enabled = true;
  c.nohz_guard = guard;
  return c;
}

constexpr unsigned kAllReady =
    kStPrivateExpeditedReady | kStGlobalExpeditedReady | kStSyncCoreReady | kStRseqReady;
const Era kEras[] = {Era::V4_3, Era::V4_9,  Era::V4_14, Era::V4_16,
                     Era::V5_4, Era::V5_10, Era::V5_11, Era::V6_8};

}  // namespace

TEST_CASE("parse_era round-trips every era and rejects anything else", "[membarrier]") {
  REQUIRE(era_names().size() == 8);
  for (Era e : kEras) {
    CHECK(parse_era(era_name(e)) == e);
  }
  CHECK(era_name(Era::V4_3) == "4.3");
  CHECK(era_name(Era::V5_10) == "5.10");
  CHECK(era_name(Era::V6_8) == "6.8");
  CHECK(*parse_era("4.14") == Era::V4_14);
  for (const char* bad : {"", "4.15", "v4.14", "4.14 ", "6.8.0", "5", "5.1", "6.3", "latest"})
    CHECK_FALSE(parse_era(bad).has_value());
  CHECK(Era::V4_3 < Era::V4_9);
  CHECK(Era::V5_11 < Era::V6_8);
}

TEST_CASE("constants table matches the uapi header", "[membarrier]") {
  CHECK(constant_value("MEMBARRIER_CMD_QUERY") == 0);
  CHECK(constant_value("MEMBARRIER_CMD_SHARED") == 1);
  CHECK(constant_value("MEMBARRIER_CMD_GLOBAL") == 1);
  CHECK(constant_value("MEMBARRIER_CMD_GLOBAL_EXPEDITED") == 2);
  CHECK(constant_value("MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED") == 4);
  CHECK(constant_value("MEMBARRIER_CMD_PRIVATE_EXPEDITED") == 8);
  CHECK(constant_value("MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED") == 16);
  CHECK(constant_value("MEMBARRIER_CMD_PRIVATE_EXPEDITED_SYNC_CORE") == 32);
  CHECK(constant_value("MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_SYNC_CORE") == 64);
  CHECK(constant_value("MEMBARRIER_CMD_PRIVATE_EXPEDITED_RSEQ") == 128);
  CHECK(constant_value("MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_RSEQ") == 256);
  CHECK(constant_value("MEMBARRIER_CMD_GET_REGISTRATIONS") == 512);
  CHECK(constant_value("MEMBARRIER_CMD_FLAG_CPU") == 1);
  CHECK(constants().size() == 13);
  CHECK_FALSE(constant_value("MEMBARRIER_CMD_SHARED_EXPEDITED").has_value());
  CHECK_FALSE(constant_value("membarrier_cmd_global").has_value());
  CHECK_FALSE(constant_value("").has_value());
}

TEST_CASE("QUERY mask per era", "[membarrier]") {
  const long want[] = {1, 1, 25, 127, 127, 511, 511, 1023};
  const long want_nohz[] = {1, kENOSYS, 24, 126, 126, 510, 510, 1022};
  for (std::size_t i = 0; i < 8; ++i) {
    INFO("era " << era_name(kEras[i]));
    CHECK(decide(ctx(kEras[i]), kQuery, 0).ret == want[i]);
    CHECK(decide(ctx(kEras[i]), kQuery, 0).mechanism == Mechanism::None);
    // 4.3 is the bug: nohz_full changes nothing. 4.9 refuses the whole syscall.
    CHECK(decide(nohz(kEras[i]), kQuery, 0).ret == want_nohz[i]);
    // Guard off: GLOBAL is advertised again.
    CHECK(decide(nohz(kEras[i], false), kQuery, 0).ret == want[i]);
  }
  CallContext c = ctx(Era::V6_8);
  c.arch_sync_core = false;
  CHECK(query_mask(c) == 1023 - 32 - 64);
  c.arch_sync_core = true;
  c.rseq_supported = false;
  CHECK(query_mask(c) == 1023 - 128 - 256);
  c = ctx(Era::V4_16);
  c.rseq_supported = false;  // RSEQ does not exist yet: nothing to remove
  CHECK(query_mask(c) == 127);
}

TEST_CASE("GLOBAL on nohz_full by era", "[membarrier]") {
  CHECK(decide(nohz(Era::V4_3), kGlobal, 0).mechanism == Mechanism::SynchronizeSched);
  CHECK(decide(nohz(Era::V4_3), kGlobal, 0).ret == 0);
  CHECK(decide(nohz(Era::V4_9), kGlobal, 0).ret == kENOSYS);
  CHECK(decide(nohz(Era::V4_9), kGlobal, 0).mechanism == Mechanism::None);
  for (Era e : {Era::V4_14, Era::V4_16, Era::V5_4, Era::V5_10, Era::V5_11, Era::V6_8}) {
    INFO("era " << era_name(e));
    CHECK(decide(nohz(e), kGlobal, 0).ret == kEINVAL);
    CHECK(decide(nohz(e), kGlobal, 0).mechanism == Mechanism::None);
  }
  for (Era e : kEras) {
    INFO("era " << era_name(e));
    const Decision d = decide(nohz(e, false), kGlobal, 0);
    CHECK(d.mechanism == Mechanism::SynchronizeSched);
    CHECK(d.ret == 0);
    CHECK_FALSE(d.leading_mb);  // the grace period is the whole mechanism
    CHECK(decide(ctx(e), kGlobal, 0).mechanism == Mechanism::SynchronizeSched);
  }
  // 4.14+ only refuses GLOBAL: the expedited commands keep working on nohz_full.
  CallContext c = nohz(Era::V4_14);
  c.mm_state = kStPrivateExpeditedReady;
  CHECK(decide(c, kPrivateExpedited, 0).mechanism == Mechanism::PrivateExpedited);
  // 4.9 refuses even a registered expedited call (there is none in 4.9, but QUERY too).
  CHECK(decide(nohz(Era::V4_9), kQuery, 0).ret == kENOSYS);
}

TEST_CASE("GLOBAL on one CPU returns at once", "[membarrier]") {
  CallContext c = ctx(Era::V4_3);
  c.cpus_online = 1;
  CHECK(decide(c, kGlobal, 0).mechanism == Mechanism::None);
  CHECK(decide(c, kGlobal, 0).ret == 0);
}

TEST_CASE("KERNEL.md 1.6 error table", "[membarrier]") {
  const CallContext c = ctx(Era::V6_8, kAllReady);
  SECTION("unknown cmd") {
    CHECK(decide(c, 1 << 10, 0).ret == kEINVAL);
    CHECK(decide(c, kGlobal | kPrivateExpedited, 0).ret == kEINVAL);
    CHECK(decide(c, -1, 0).ret == kEINVAL);
    CHECK(decide(c, 1 << 30, 0).ret == kEINVAL);
  }
  SECTION("command not yet in the era") {
    CHECK(decide(ctx(Era::V4_3, kAllReady), kPrivateExpedited, 0).ret == kEINVAL);
    CHECK(decide(ctx(Era::V4_14), kGlobalExpedited, 0).ret == kEINVAL);
    CHECK(decide(ctx(Era::V4_14), kRegisterPrivateExpeditedSyncCore, 0).ret == kEINVAL);
    CHECK(decide(ctx(Era::V5_4, kAllReady), kPrivateExpeditedRseq, 0).ret == kEINVAL);
    CHECK(decide(ctx(Era::V5_11), kGetRegistrations, 0).ret == kEINVAL);
    CHECK(decide(ctx(Era::V6_8), kGetRegistrations, 0).ret == 0);
  }
  SECTION("non-zero flags") {
    CHECK(decide(c, kQuery, 1).ret == kEINVAL);
    CHECK(decide(c, kGlobal, 2).ret == kEINVAL);
    CHECK(decide(c, kPrivateExpedited, kFlagCpu, 1).ret == kEINVAL);
    CHECK(decide(c, kPrivateExpeditedRseq, 2, 1).ret == kEINVAL);
    CHECK(decide(c, kPrivateExpeditedRseq, kFlagCpu | 2, 1).ret == kEINVAL);
    CHECK(decide(c, kPrivateExpeditedRseq, kFlagCpu, 1).ret == 0);
    CHECK(decide(c, kPrivateExpeditedRseq, kFlagCpu, 1).mechanism ==
          Mechanism::PrivateExpeditedRseq);
    CHECK(decide(ctx(Era::V4_16), kGlobal, kFlagCpu).ret == kEINVAL);
  }
  SECTION("GLOBAL on nohz_full") {
    CHECK(decide(nohz(Era::V4_9), kGlobal, 0).ret == kENOSYS);
    CHECK(decide(nohz(Era::V6_8), kGlobal, 0).ret == kEINVAL);
  }
  SECTION("SYNC_CORE / RSEQ without support") {
    CallContext n = c;
    n.arch_sync_core = false;
    CHECK(decide(n, kPrivateExpeditedSyncCore, 0).ret == kEINVAL);
    CHECK(decide(n, kRegisterPrivateExpeditedSyncCore, 0).ret == kEINVAL);
    CHECK(decide(n, kRegisterPrivateExpeditedSyncCore, 0).mechanism == Mechanism::None);
    n = c;
    n.rseq_supported = false;
    CHECK(decide(n, kPrivateExpeditedRseq, 0).ret == kEINVAL);
    CHECK(decide(n, kRegisterPrivateExpeditedRseq, 0).ret == kEINVAL);
    // Unsupported wins over unregistered: the config test comes first.
    n.mm_state = 0;
    CHECK(decide(n, kPrivateExpeditedRseq, 0).ret == kEINVAL);
  }
  SECTION("PRIVATE_EXPEDITED* without registration") {
    for (Era e : {Era::V4_14, Era::V4_16, Era::V5_4, Era::V5_10, Era::V5_11, Era::V6_8}) {
      INFO("era " << era_name(e));
      CHECK(decide(ctx(e), kPrivateExpedited, 0).ret == kEPERM);
    }
    CHECK(decide(ctx(Era::V4_16), kPrivateExpeditedSyncCore, 0).ret == kEPERM);
    CHECK(decide(ctx(Era::V5_10), kPrivateExpeditedRseq, 0).ret == kEPERM);
    // The intent bit alone (a failed registration) does not grant permission...
    CHECK(decide(ctx(Era::V6_8, kStPrivateExpedited), kPrivateExpedited, 0).ret == kEPERM);
    // ...nor does another command's READY bit.
    CHECK(decide(ctx(Era::V6_8, kStPrivateExpeditedReady), kPrivateExpeditedSyncCore, 0).ret ==
          kEPERM);
    CHECK(decide(ctx(Era::V6_8, kStSyncCoreReady), kPrivateExpedited, 0).ret == kEPERM);
    // EPERM is checked before the one-CPU short-cut.
    CallContext one = ctx(Era::V6_8);
    one.cpus_online = 1;
    CHECK(decide(one, kPrivateExpedited, 0).ret == kEPERM);
    // GLOBAL_EXPEDITED has no caller-side check.
    CHECK(decide(ctx(Era::V4_16), kGlobalExpedited, 0).mechanism == Mechanism::GlobalExpedited);
  }
  SECTION("cpumask allocation failure") {
    CallContext f = c;
    f.cpumask_alloc_fails = true;
    CHECK(decide(f, kPrivateExpedited, 0).ret == kENOMEM);
    CHECK(decide(f, kPrivateExpedited, 0).mechanism == Mechanism::None);
    CHECK(decide(f, kGlobalExpedited, 0).ret == kENOMEM);
    CHECK(decide(f, kPrivateExpeditedSyncCore, 0).ret == kENOMEM);
    // FLAG_CPU allocates no mask.
    CHECK(decide(f, kPrivateExpeditedRseq, kFlagCpu, 2).ret == 0);
    CHECK(decide(f, kPrivateExpeditedRseq, 0).ret == kENOMEM);
    // Short-cuts come first.
    f.cpus_online = 1;
    CHECK(decide(f, kPrivateExpedited, 0).ret == 0);
    // 4.14–5.3 fall back to per-CPU IPIs.
    CallContext old = ctx(Era::V4_16, kAllReady);
    old.cpumask_alloc_fails = true;
    CHECK(decide(old, kPrivateExpedited, 0).mechanism == Mechanism::PrivateExpedited);
    CHECK(decide(old, kGlobalExpedited, 0).mechanism == Mechanism::GlobalExpedited);
    // Registration: intent bits set, no READY, -ENOMEM (sync_runqueues_membarrier_state).
    CallContext r = ctx(Era::V5_4);
    r.cpumask_alloc_fails = true;
    const Decision d = decide(r, kRegisterPrivateExpedited, 0);
    CHECK(d.mechanism == Mechanism::Register);
    CHECK(d.ret == kENOMEM);
    CHECK(d.intent_bits == kStPrivateExpedited);
    CHECK(d.ready_bits == 0u);
    CHECK(d.register_sync == RegisterSync::None);
    r.mm_users = 1;  // the local-only path allocates nothing
    CHECK(decide(r, kRegisterPrivateExpedited, 0).ret == 0);
    CHECK(decide(r, kRegisterPrivateExpedited, 0).ready_bits == kStPrivateExpeditedReady);
  }
  SECTION("syscall absent") {
    CallContext n = c;
    n.membarrier_configured = false;
    CHECK(decide(n, kQuery, 0).ret == kENOSYS);
    CHECK(decide(n, kGlobal, 0).ret == kENOSYS);
    CHECK(decide(n, kPrivateExpedited, 0).ret == kENOSYS);
  }
}

TEST_CASE("4.9 -ENOSYS precedes the flags check; guard off restores 4.3", "[membarrier]") {
  CHECK(decide(nohz(Era::V4_9), kGlobal, 7).ret == kENOSYS);
  CHECK(decide(nohz(Era::V4_9), 1 << 12, 0).ret == kENOSYS);
  CHECK(decide(ctx(Era::V4_9), kGlobal, 7).ret == kEINVAL);
  CHECK(decide(nohz(Era::V4_9, false), kQuery, 0).ret == 1);
  CHECK(decide(nohz(Era::V4_9, false), kGlobal, 0).mechanism == Mechanism::SynchronizeSched);
}

TEST_CASE("registration per era", "[membarrier]") {
  SECTION("4.14: READY bit by atomic OR, nothing else") {
    const Decision d = decide(ctx(Era::V4_14), kRegisterPrivateExpedited, 0);
    CHECK(d.mechanism == Mechanism::Register);
    CHECK(d.ret == 0);
    CHECK(d.intent_bits == 0u);
    CHECK(d.ready_bits == kStPrivateExpeditedReady);
    CHECK(d.register_sync == RegisterSync::None);
  }
  SECTION("4.16: synchronize_sched unless single user") {
    Decision d = decide(ctx(Era::V4_16), kRegisterPrivateExpedited, 0);
    CHECK(d.intent_bits == kStPrivateExpedited);
    CHECK(d.ready_bits == kStPrivateExpeditedReady);
    CHECK(d.register_sync == RegisterSync::SynchronizeSched);
    CallContext c = ctx(Era::V4_16);
    c.mm_users = 1;
    d = decide(c, kRegisterGlobalExpedited, 0);
    CHECK(d.intent_bits == kStGlobalExpedited);
    CHECK(d.ready_bits == kStGlobalExpeditedReady);
    CHECK(d.register_sync == RegisterSync::None);
  }
  SECTION("5.4+: sync_runqueues_membarrier_state, single user or not") {
    for (Era e : {Era::V5_4, Era::V5_10, Era::V5_11, Era::V6_8}) {
      INFO("era " << era_name(e));
      CallContext c = ctx(e);
      CHECK(decide(c, kRegisterPrivateExpedited, 0).register_sync == RegisterSync::SyncRunqueues);
      c.mm_users = 1;
      CHECK(decide(c, kRegisterPrivateExpedited, 0).register_sync == RegisterSync::SyncRunqueues);
      CHECK_FALSE(decide(c, kRegisterPrivateExpedited, 0).serialize_ipis);
    }
    CHECK_FALSE(decide(ctx(Era::V5_11), kRegisterGlobalExpedited, 0).serialize_ipis);
    CHECK(decide(ctx(Era::V6_8), kRegisterGlobalExpedited, 0).serialize_ipis);
  }
  SECTION("intent and READY bits per command") {
    const CallContext c = ctx(Era::V6_8);
    Decision d = decide(c, kRegisterGlobalExpedited, 0);
    CHECK(d.intent_bits == kStGlobalExpedited);
    CHECK(d.ready_bits == kStGlobalExpeditedReady);
    d = decide(c, kRegisterPrivateExpeditedSyncCore, 0);
    CHECK(d.intent_bits == (kStPrivateExpedited | kStSyncCore));
    CHECK(d.ready_bits == kStSyncCoreReady);
    d = decide(c, kRegisterPrivateExpeditedRseq, 0);
    CHECK(d.intent_bits == (kStPrivateExpedited | kStRseq));
    CHECK(d.ready_bits == kStRseqReady);
  }
  SECTION("already READY: return 0 at once") {
    for (Era e : {Era::V4_14, Era::V4_16, Era::V6_8}) {
      const Decision d = decide(ctx(e, kStPrivateExpeditedReady), kRegisterPrivateExpedited, 0);
      CHECK(d.mechanism == Mechanism::None);
      CHECK(d.ret == 0);
    }
    CHECK(decide(ctx(Era::V6_8, kStGlobalExpeditedReady | kStGlobalExpedited),
                 kRegisterGlobalExpedited, 0).mechanism == Mechanism::None);
    // Only the intent bit (an earlier -ENOMEM): register again.
    CHECK(decide(ctx(Era::V6_8, kStGlobalExpedited), kRegisterGlobalExpedited, 0).mechanism ==
          Mechanism::Register);
    // PRIVATE_EXPEDITED READY does not cover SYNC_CORE.
    CHECK(decide(ctx(Era::V6_8, kStPrivateExpeditedReady), kRegisterPrivateExpeditedSyncCore, 0)
              .mechanism == Mechanism::Register);
  }
}

TEST_CASE("private expedited short-cuts by era", "[membarrier]") {
  auto run = [](Era e, int cmd, int cpus, int users) {
    CallContext c = ctx(e, kAllReady);
    c.cpus_online = cpus;
    c.mm_users = users;
    return decide(c, cmd, 0);
  };
  // One CPU: every private command returns 0, except SYNC_CORE from 5.11.
  CHECK(run(Era::V4_14, kPrivateExpedited, 1, 2).mechanism == Mechanism::None);
  CHECK(run(Era::V6_8, kPrivateExpedited, 1, 2).mechanism == Mechanism::None);
  CHECK(run(Era::V6_8, kPrivateExpeditedRseq, 1, 2).mechanism == Mechanism::None);
  CHECK(run(Era::V5_10, kPrivateExpeditedSyncCore, 1, 2).mechanism == Mechanism::None);
  CHECK(run(Era::V5_11, kPrivateExpeditedSyncCore, 1, 2).mechanism ==
        Mechanism::PrivateExpeditedSyncCore);
  // Single user: 4.x IPIs anyway, 5.4+ returns 0; SYNC_CORE joined in 5.4–5.10 only.
  CHECK(run(Era::V4_16, kPrivateExpedited, 4, 1).mechanism == Mechanism::PrivateExpedited);
  CHECK(run(Era::V5_4, kPrivateExpedited, 4, 1).mechanism == Mechanism::None);
  CHECK(run(Era::V5_4, kPrivateExpedited, 4, 1).ret == 0);
  CHECK(run(Era::V5_10, kPrivateExpeditedRseq, 4, 1).mechanism == Mechanism::None);
  CHECK(run(Era::V4_16, kPrivateExpeditedSyncCore, 4, 1).mechanism ==
        Mechanism::PrivateExpeditedSyncCore);
  CHECK(run(Era::V5_4, kPrivateExpeditedSyncCore, 4, 1).mechanism == Mechanism::None);
  CHECK(run(Era::V5_10, kPrivateExpeditedSyncCore, 4, 1).mechanism == Mechanism::None);
  CHECK(run(Era::V5_11, kPrivateExpeditedSyncCore, 4, 1).mechanism ==
        Mechanism::PrivateExpeditedSyncCore);
  CHECK(run(Era::V6_8, kPrivateExpeditedSyncCore, 4, 1).mechanism ==
        Mechanism::PrivateExpeditedSyncCore);
  // GLOBAL_EXPEDITED: only the one-CPU short-cut.
  CHECK(run(Era::V6_8, kGlobalExpedited, 1, 2).mechanism == Mechanism::None);
  CHECK(run(Era::V6_8, kGlobalExpedited, 4, 1).mechanism == Mechanism::GlobalExpedited);
}

TEST_CASE("expedited mechanism details by era", "[membarrier]") {
  SECTION("barriers (A)/(B) and the default handler") {
    const Decision d = decide(ctx(Era::V4_14, kAllReady), kPrivateExpedited, 0);
    CHECK(d.mechanism == Mechanism::PrivateExpedited);
    CHECK(d.ret == 0);
    CHECK(d.leading_mb);
    CHECK(d.trailing_mb);
    CHECK_FALSE(d.include_self);
    CHECK_FALSE(d.serialize_ipis);
    CHECK(d.target_cpu == -1);
    CHECK(d.handler == IpiHandler::Mb);
    CHECK(d.handler_mb);
    const Decision g = decide(ctx(Era::V4_16), kGlobalExpedited, 0);
    CHECK(g.leading_mb);
    CHECK(g.trailing_mb);
    CHECK_FALSE(g.include_self);
  }
  SECTION("SYNC_CORE includes the caller's CPU and uses ipi_sync_core from 5.11") {
    const bool self[] = {false, false, false, false, true, true};
    const Era eras[] = {Era::V4_16, Era::V5_4, Era::V5_10, Era::V5_10, Era::V5_11, Era::V6_8};
    for (std::size_t i = 0; i < 6; ++i) {
      INFO("era " << era_name(eras[i]));
      const Decision d = decide(ctx(eras[i], kAllReady), kPrivateExpeditedSyncCore, 0);
      CHECK(d.mechanism == Mechanism::PrivateExpeditedSyncCore);
      CHECK(d.include_self == self[i]);
      CHECK(d.handler == (self[i] ? IpiHandler::SyncCore : IpiHandler::Mb));
    }
  }
  SECTION("6.8 serialises the IPI phase") {
    for (int cmd : {kGlobalExpedited, kPrivateExpedited, kPrivateExpeditedSyncCore,
                    kPrivateExpeditedRseq}) {
      INFO("cmd " << cmd);
      CHECK(decide(ctx(Era::V6_8, kAllReady), cmd, 0).serialize_ipis);
      CHECK_FALSE(decide(ctx(Era::V5_11, kAllReady), cmd, 0).serialize_ipis);
    }
    CHECK_FALSE(decide(ctx(Era::V6_8), kGlobal, 0).serialize_ipis);
  }
  SECTION("RSEQ: FLAG_CPU target, ipi_rseq's smp_mb from 5.11") {
    Decision d = decide(ctx(Era::V5_10, kAllReady), kPrivateExpeditedRseq, kFlagCpu, 3);
    CHECK(d.mechanism == Mechanism::PrivateExpeditedRseq);
    CHECK(d.target_cpu == 3);
    CHECK(d.handler == IpiHandler::Rseq);
    CHECK_FALSE(d.handler_mb);
    CHECK_FALSE(d.include_self);
    d = decide(ctx(Era::V5_11, kAllReady), kPrivateExpeditedRseq, kFlagCpu, 3);
    CHECK(d.target_cpu == 3);
    CHECK(d.handler_mb);
    CHECK(d.include_self);
    // Without the flag cpu_id is ignored; a negative cpu_id with it means "all".
    d = decide(ctx(Era::V6_8, kAllReady), kPrivateExpeditedRseq, 0, 3);
    CHECK(d.target_cpu == -1);
    CHECK_FALSE(d.include_self);
    d = decide(ctx(Era::V6_8, kAllReady), kPrivateExpeditedRseq, kFlagCpu, -1);
    CHECK(d.target_cpu == -1);
    CHECK(d.mechanism == Mechanism::PrivateExpeditedRseq);
    // An offline cpu_id still runs (A)/(B); the caller finds no target.
    d = decide(ctx(Era::V6_8, kAllReady), kPrivateExpeditedRseq, kFlagCpu, 99);
    CHECK(d.target_cpu == 99);
    CHECK(d.leading_mb);
  }
}

TEST_CASE("GET_REGISTRATIONS reports REGISTER_* commands", "[membarrier]") {
  CHECK(decide(ctx(Era::V6_8, 0), kGetRegistrations, 0).ret == 0);
  CHECK(decide(ctx(Era::V6_8, kStPrivateExpedited | kStPrivateExpeditedReady), kGetRegistrations,
               0).ret == kRegisterPrivateExpedited);
  // A SYNC_CORE registration also set PRIVATE_EXPEDITED's intent bit.
  CHECK(decide(ctx(Era::V6_8, kStPrivateExpedited | kStSyncCore | kStSyncCoreReady),
               kGetRegistrations, 0).ret ==
        (kRegisterPrivateExpedited | kRegisterPrivateExpeditedSyncCore));
  CHECK(decide(ctx(Era::V6_8, kStGlobalExpedited), kGetRegistrations, 0).ret ==
        kRegisterGlobalExpedited);
  CHECK(decide(ctx(Era::V6_8, 0xffu), kGetRegistrations, 0).ret == 4 + 16 + 64 + 256);
  CHECK(decide(ctx(Era::V6_8, kStRseqReady), kGetRegistrations, 0).mechanism == Mechanism::None);
}

TEST_CASE("describe() gives one trace line", "[membarrier]") {
  CHECK(describe(decide(ctx(Era::V6_8, kAllReady), kPrivateExpedited, 0)) ==
        "PrivateExpedited (IPI, wait)");
  CHECK(describe(decide(ctx(Era::V6_8), kPrivateExpedited, 0)) == "-EPERM: not registered");
  CHECK(describe(decide(ctx(Era::V6_8), kQuery, 0)) == "return 1023");
  CHECK(describe(decide(nohz(Era::V6_8), kGlobal, 0)) ==
        "-EINVAL: invalid or unsupported command or flags");
  CHECK(describe(decide(ctx(Era::V6_8, kAllReady), kPrivateExpeditedSyncCore, 0)) ==
        "PrivateExpeditedSyncCore (IPI, incl. self, wait)");
  CHECK(describe(decide(ctx(Era::V6_8, kAllReady), kPrivateExpeditedRseq, kFlagCpu, 2)) ==
        "PrivateExpeditedRseq (IPI cpu 2, wait)");
  CHECK(describe(decide(ctx(Era::V5_4), kRegisterPrivateExpedited, 0)) ==
        "Register (intent 0x2, sync_runqueues, ready 0x1)");
  CHECK(describe(decide(ctx(Era::V4_3), kGlobal, 0)) == "SynchronizeSched (RCU grace period)");
  CHECK(errno_name(kENOSYS) == "-ENOSYS");
  CHECK(errno_name(5) == "5");
}

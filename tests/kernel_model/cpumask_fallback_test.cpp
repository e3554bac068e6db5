// membarrier's cpumask allocation failing (membarrier.cpumask_alloc_fails): 4.14–5.3 fall
// back to one smp_call_function_single() per target, each waited for before the scan reads
// the next CPU; 5.4+ return -ENOMEM and IPI nobody.
#include <catch2/catch.hpp>

#include "kernel_model/membarrier_cmd.h"
#include "tests/support/sim_support.h"

namespace {

using mmsim::test::run_text;

// S = P0 on CPU 1 calls PRIVATE_EXPEDITED twice once P1 and P2, threads of its process on
// CPUs 2 and 3, are up, and they run until `done`: every call has two targets.
const char* kTwoTargets =
    "C two\nConfig=cpus=4 membarrier.registered=PRIVATE_EXPEDITED timing.mode=realistic\n"
    "Affinity=P0:1 P1:2 P2:3\n{}\n"
    "P0(int *up, int *done)\n{\n\tint u = 0;\n\twhile (u < 2) {\n\t\tu = READ_ONCE(*up);\n\t}\n"
    "\tint e = membarrier(MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0);\n"
    "\tint f = membarrier(MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0);\n\tWRITE_ONCE(*done, 1);\n}\n"
    "P1(int *up, int *done)\n{\n\tatomic_inc(up);\n\tint r = 0;\n"
    "\twhile (r == 0) {\n\t\tr = READ_ONCE(*done);\n\t}\n}\n"
    "P2(int *up, int *done)\n{\n\tatomic_inc(up);\n\tint r = 0;\n"
    "\twhile (r == 0) {\n\t\tr = READ_ONCE(*done);\n\t}\n}\n"
    "exists (0:e=0 /\\ 0:f=0)\n";

double call_mean(const mmsim::test::Ran& r) {
  return r.mean("syscall.membarrier.cycles", "syscall.membarrier.calls");
}

}  // namespace

TEST_CASE("4.14-5.3 without a cpumask: one IPI at a time, each waited for", "[kernel]") {
  using namespace mmsim::kernel;
  CallContext c;
  c.era = Era::V4_16;
  c.cpus_online = 4;
  c.mm_users = 3;
  c.mm_state = kStPrivateExpeditedReady | kStPrivateExpedited;
  CHECK_FALSE(decide(c, kPrivateExpedited, 0).ipi_each);
  c.cpumask_alloc_fails = true;
  CHECK(decide(c, kPrivateExpedited, 0).ipi_each);
  CHECK(decide(c, kGlobalExpedited, 0).ipi_each);
  c.era = Era::V5_4;
  CHECK(decide(c, kPrivateExpedited, 0).ret == kENOMEM);

  for (const char* arch : {"x86", "arm64", "powerpc"}) {
    INFO(arch);
    const auto many = run_text(kTwoTargets, arch, 20, 1, {"kernel.era=4.14"});
    const auto each =
        run_text(kTwoTargets, arch, 20, 1, {"kernel.era=4.14", "membarrier.cpumask_alloc_fails=1"});
    REQUIRE(many.result.unfinished == 0);
    REQUIRE(each.result.unfinished == 0);
    // The same targets either way: two per call.
    CHECK(many.stat("ipi.sent") == 80);
    CHECK(each.stat("ipi.sent") == 80);
    CHECK(each.result.positive == 20);
    // One by one, the second IPI leaves only after the first handler ran: a call costs at
    // least one more IPI delivery (kernel.ipi_latency, 400 cycles).
    CHECK(call_mean(each) > call_mean(many) + 400);
  }
}

TEST_CASE("5.4+ without a cpumask: -ENOMEM and no IPI", "[kernel]") {
  for (const char* arch : {"x86", "arm64", "powerpc"}) {
    INFO(arch);
    const auto r = run_text(kTwoTargets, arch, 20, 1, {"kernel.era=6.8", "membarrier.cpumask_alloc_fails=1"});
    REQUIRE(r.result.unfinished == 0);
    CHECK(r.stat("ipi.sent") == 0);
    CHECK(r.result.positive == 0);
    REQUIRE(r.result.rows.size() == 1);  // e = f = -12 in every trial
    CHECK(r.states() == std::set<std::set<std::string>>{{"0:e=-12", "0:f=-12"}});
  }
}

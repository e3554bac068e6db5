// kthread_use_mm() / kthread_unuse_mm(): a kernel thread that adopts its process's mm is one
// that PRIVATE_EXPEDITED interrupts, and only while it has the mm; a user thread calling them
// is bad input. (The ordering they give: scenarios/membarrier/kthread_*.litmus.)
#include <catch2/catch.hpp>

#include "sim/base/error.h"
#include "tests/support/sim_support.h"

namespace {

using mmsim::test::run_text;

// P0, a kernel thread on CPU 2, runs `before` (kthread_use_mm() and friends), then tells P1
// (a release store of `ready`) and spins until `done`. P1 on CPU 1 waits for `ready`, calls
// PRIVATE_EXPEDITED three times, and sets `done`.
std::string kthread_then_calls(const std::string& before) {
  return "C kthread\nConfig=cpus=3 kernel.era=6.8 membarrier.registered=PRIVATE_EXPEDITED\n"
         "Affinity=P0:2 P1:1\nMode=P0:kernel\n{}\n"
         "P0(int *ready, int *done)\n{\n" + before +
         "\tsmp_store_release(ready, 1);\n"
         "\tint r = 0;\n\twhile (r == 0) {\n\t\tr = READ_ONCE(*done);\n\t}\n}\n"
         "P1(int *ready, int *done)\n{\n"
         "\tint g = 0;\n\twhile (g == 0) {\n\t\tg = smp_load_acquire(ready);\n\t}\n"
         "\tint e0 = membarrier(MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0);\n"
         "\tint e1 = membarrier(MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0);\n"
         "\tint e2 = membarrier(MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0);\n"
         "\tWRITE_ONCE(*done, 1);\n}\nexists (1:e0=0)\n";
}

}  // namespace

TEST_CASE("kthread_use_mm: the kernel thread's CPU is a target while it has the mm", "[kernel]") {
  for (const char* arch : {"x86", "arm64", "powerpc"}) {
    INFO(arch);
    // No mm: nobody to interrupt.
    const auto none = run_text(kthread_then_calls(""), arch, 20);
    REQUIRE(none.result.unfinished == 0);
    CHECK(none.stat("ipi.sent") == 0);
    // The mm adopted before `ready`: every call finds it on CPU 2 and IPIs it, once.
    const auto adopted = run_text(kthread_then_calls("\tkthread_use_mm();\n"), arch, 20);
    REQUIRE(adopted.result.unfinished == 0);
    CHECK(adopted.stat("ipi.sent") == 60);
    CHECK(adopted.stat("ipi.received.cpu2") == 60);
    // Adopted and let go again: nobody.
    const auto dropped =
        run_text(kthread_then_calls("\tkthread_use_mm();\n\tkthread_unuse_mm();\n"), arch, 20);
    REQUIRE(dropped.result.unfinished == 0);
    CHECK(dropped.stat("ipi.sent") == 0);
  }
}

TEST_CASE("kthread_use_mm in a user thread is bad input naming the call", "[kernel]") {
  const std::string text =
      "C user\nConfig=cpus=2 kernel.era=6.8\n{}\n"
      "P0(int *x)\n{\n\tkthread_use_mm();\n\tWRITE_ONCE(*x, 1);\n}\n"
      "P1(int *x)\n{\n\tint r = READ_ONCE(*x);\n}\nexists (1:r=1)\n";
  try {
    (void)run_text(text, "x86", 1);
    FAIL("no error");
  } catch (const mmsim::BadInput& e) {
    CHECK(e.pos().line == 6);
    CHECK(e.pos().column > 0);
    CHECK(std::string(e.what()).find("Mode=P0:kernel") != std::string::npos);
  }
}

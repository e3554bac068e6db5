// Time compression (KERNEL.md "honest time scales"): cpu.mhz shortens jiffies against store
// buffer time; timing.stress_kernel=0 keeps stress from stretching the kernel's own paths, so
// that compression shortens a grace period and the nohz_full failure shows more often.
#include <catch2/catch.hpp>

#include "tests/support/sim_support.h"

namespace {

double gp_mean(const mmsim::test::Ran& r) {
  return r.mean("rcu.gp_cycles", "rcu.grace_periods");
}

}  // namespace

TEST_CASE("timing.stress_kernel=0 lets cpu.mhz compress a grace period", "[kernel]") {
  const std::string f =
      std::string(MMSIM_SOURCE_DIR) + "/scenarios/rcu/SB+nohz_full-user+sync.litmus";
  auto run = [&](const char* mhz, const char* sk) {
    return mmsim::test::run_file(f, "x86", 200, 1, {mhz, sk, "timing.stress=1"});
  };
  const auto stressed = run("cpu.mhz=10", "timing.stress_kernel=1");
  const auto exempt = run("cpu.mhz=10", "timing.stress_kernel=0");
  const auto fast = run("cpu.mhz=1", "timing.stress_kernel=0");
  for (const auto* r : {&stressed, &exempt, &fast}) {
    CHECK(r->result.unfinished == 0);
    CHECK(r->stat("rcu.grace_periods") == 200);
  }
  // A grace period is about a jiffy plus the kthread's passes: 10,000 cycles at 10 MHz, 1,000
  // at 1 MHz. Stressed kernel stores add thousands of cycles of barrier waits on top.
  CHECK(gp_mean(exempt) < 13000);
  CHECK(gp_mean(stressed) > gp_mean(exempt) + 3000);
  CHECK(gp_mean(fast) < 3500);
}

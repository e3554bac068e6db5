// Time scales (DESIGN §3): explore holds a store in its buffer for as many events as the
// mechanisms allow, not for a number of cycles, so the nohz_full failure of a plain
// synchronize_sched() shows at the real clock (a jiffy = 2,000,000 cycles at 2 GHz) as well
// as under cpu.mhz compression; realistic timing keeps real latencies, under which a store
// never outlives a grace period.
#include <catch2/catch.hpp>

#include "tests/support/sim_support.h"

namespace {

double gp_mean(const mmsim::test::Ran& r) {
  return r.mean("rcu.gp_cycles", "rcu.grace_periods");
}

}  // namespace

TEST_CASE("explore finds a store outliving a grace period at any clock", "[kernel]") {
  const std::string f =
      std::string(MMSIM_SOURCE_DIR) + "/scenarios/rcu/SB+nohz_full-user+sync.litmus";
  auto run = [&](const char* mhz, const char* mode) {
    return mmsim::test::run_file(f, "x86", 200, 1, {mhz, mode});
  };
  const auto real_clock = run("cpu.mhz=2000", "timing.mode=explore");
  const auto compressed = run("cpu.mhz=10", "timing.mode=explore");
  const auto realistic = run("cpu.mhz=2000", "timing.mode=realistic");
  for (const auto* r : {&real_clock, &compressed, &realistic}) {
    CHECK(r->result.unfinished == 0);
    CHECK(r->stat("rcu.grace_periods") == 200);
  }
  // A grace period mostly waits for the kthread's first scan (the nohz_full CPU is quiescent
  // only by its EQS), 3 jiffies after it starts at HZ=1000: 6,000,000 cycles at 2 GHz, 30,000
  // at 10 MHz (explore lands some ticks up to a jiffy late; measured 5,973,232 and 32,983).
  CHECK(gp_mean(real_clock) >= 5'000'000);
  CHECK(gp_mean(compressed) < 45'000);
  CHECK(real_clock.result.positive > 0);
  CHECK(compressed.result.positive > 0);
  CHECK(realistic.result.positive == 0);
}

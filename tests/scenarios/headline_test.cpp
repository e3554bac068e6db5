// The headline pair exactly as the design's scenario-format example prints it: written plainly
// (no done flag, no clock compression, no stress, no start delays), at default settings, the
// GLOBAL call on a nohz_full CPU shows the forbidden outcome within 1,000 trials and its
// PRIVATE_EXPEDITED twin never does.
#include <catch2/catch.hpp>

#include "tests/support/sim_support.h"

namespace {

const char* kHeadline = R"(C SB+membarrier-global+nohz_full
(*
 * Result: Sometimes
 *)
Config=cpus=3 kernel.nohz_full=2 kernel.era=4.3
Affinity=P0:2 P1:1
{}

P0(int *x, int *y)
{
	WRITE_ONCE(*x, 1);
	barrier();
	int r0 = READ_ONCE(*y);
}

P1(int *x, int *y)
{
	WRITE_ONCE(*y, 1);
	int e = membarrier(MEMBARRIER_CMD_GLOBAL, 0);
	int r1 = READ_ONCE(*x);
}

exists (0:r0=0 /\ 1:r1=0)
)";

}  // namespace

TEST_CASE("the headline scenario as printed shows the nohz_full failure at defaults",
          "[scenarios-rcu]") {
  const auto r = mmsim::test::run_text(kHeadline, "x86", 1000);
  CHECK(r.result.unfinished == 0);
  CHECK(r.result.positive > 0);
  CHECK(r.stat("rcu.grace_periods") == 1000);
  CHECK(r.stat("ipi.sent") == 0);
  // The grace period lasts a jiffy and more at the default 2 GHz / HZ=1000.
  CHECK(r.mean("rcu.gp_cycles", "rcu.grace_periods") >= 2'000'000);
}

TEST_CASE("its PRIVATE_EXPEDITED twin never shows it", "[scenarios-rcu]") {
  std::string twin = kHeadline;
  twin.replace(twin.find("Sometimes"), 9, "Never");
  twin.replace(twin.find("kernel.era=4.3"), 14, "kernel.era=4.14");
  twin.replace(twin.find("\tWRITE_ONCE(*y, 1);"), 0,
               "\tint g = membarrier(MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED, 0);\n");
  twin.replace(twin.find("MEMBARRIER_CMD_GLOBAL"), 21, "MEMBARRIER_CMD_PRIVATE_EXPEDITED");
  const auto r = mmsim::test::run_text(twin, "x86", 1000);
  CHECK(r.result.unfinished == 0);
  CHECK(r.result.positive == 0);
  CHECK(r.stat("ipi.sent") > 0);
}

TEST_CASE("the boot CPU is taken out of kernel.nohz_full, with a notice", "[kernel]") {
  const auto r = mmsim::test::run_text(kHeadline, "x86", 20, 1, {"kernel.nohz_full=0,2"});
  REQUIRE(r.result.notices.size() == 1);
  CHECK(r.result.notices[0].find("CPU 0") != std::string::npos);
  // The machine is the one nohz_full=2 gives: the same trials, state for state.
  const auto same = mmsim::test::run_text(kHeadline, "x86", 20, 1, {"kernel.nohz_full=2"});
  CHECK(same.result.notices.empty());
  REQUIRE(r.result.rows.size() == same.result.rows.size());
  for (std::size_t i = 0; i < r.result.rows.size(); ++i) {
    CHECK(r.result.rows[i].state == same.result.rows[i].state);
    CHECK(r.result.rows[i].count == same.result.rows[i].count);
  }
}

// Explore timing (DESIGN §3) and the end of a trial: a held store leaves its buffer only when
// something forces it out, never too late for a spinning reader; a thread's end is neither a
// fence nor a system call; an access outside the test's locations is bad input.
#include <catch2/catch.hpp>

#include "report/verdict.h"
#include "tests/support/sim_support.h"

using mmsim::test::run_text;

TEST_CASE("a reader spinning on a held store always sees it in the end", "[core]") {
  // P0's store may be held until P1's requests for the line force it out: no trial may run
  // into the cycle limit, in either timing mode.
  const char* mp = R"(C spin-on-held
{}

P0(int *x)
{
	WRITE_ONCE(*x, 1);
}

P1(int *x)
{
	int r0 = 0;
	while (r0 == 0) {
		r0 = READ_ONCE(*x);
	}
}

exists (1:r0=1)
)";
  for (const char* mode : {"timing.mode=explore", "timing.mode=realistic"}) {
    INFO(mode);
    const auto r = run_text(mp, "x86", 300, 1, {mode, "sim.cycle_limit=200000"});
    CHECK(r.result.unfinished == 0);
    CHECK(r.result.positive == 300);
  }
}

TEST_CASE("explore holds a store past a finished thread's end, a fence forces it out",
          "[core]") {
  // SB: the weak outcome needs both stores buffered past the other thread's load. With
  // MFENCE (smp_mb) the store must leave first: never.
  const char* sb = R"(C SB-end
{}

P0(int *x, int *y)
{
	WRITE_ONCE(*x, 1);
	int r0 = READ_ONCE(*y);
}

P1(int *x, int *y)
{
	WRITE_ONCE(*y, 1);
	int r1 = READ_ONCE(*x);
}

exists (0:r0=0 /\ 1:r1=0)
)";
  const auto weak = run_text(sb, "x86", 1000);
  CHECK(weak.result.unfinished == 0);
  CHECK(weak.result.positive > 100);
  // The final state holds every store: the trial's end drains the buffers.
  for (const auto& row : weak.result.rows) CHECK(row.count > 0);
  std::string fenced = sb;
  fenced.replace(fenced.find("int r0"), 0, "smp_mb();\n\t");
  fenced.replace(fenced.find("int r1"), 0, "smp_mb();\n\t");
  CHECK(run_text(fenced, "x86", 1000).result.positive == 0);
}

TEST_CASE("an access outside the test's locations is bad input, never clamped", "[core][errors]") {
  const char* oob = R"(C oob
{}

P0(int *x, int *y)
{
	WRITE_ONCE(*(x + 1000), 5);
}

exists (x=0)
)";
  try {
    run_text(oob, "x86", 10);
    FAIL("the out-of-range store ran");
  } catch (const mmsim::BadInput& e) {
    CHECK(e.kind() == "access");
    CHECK(e.pos().line == 6);
    CHECK(std::string(e.what()).find("outside the test's locations") != std::string::npos);
  }
  // Between two locations too: x + 1 is not y.
  std::string mid = oob;
  mid.replace(mid.find("1000"), 4, "1");
  CHECK_THROWS_AS(run_text(mid, "x86", 10), mmsim::BadInput);
}

TEST_CASE("a self-deadlock is unfinished in every trial: no outcome, DEADLOCK agrees",
          "[core]") {
  // Each thread waits for a flag the other sets only after its own wait.
  const char* dl = R"(C deadlock
{}

P0(int *x, int *y)
{
	int r0 = 0;
	while (r0 == 0) {
		r0 = READ_ONCE(*y);
	}
	WRITE_ONCE(*x, 1);
}

P1(int *x, int *y)
{
	int r1 = 0;
	while (r1 == 0) {
		r1 = READ_ONCE(*x);
	}
	WRITE_ONCE(*y, 1);
}

exists (0:r0=1 /\ 1:r1=1)
)";
  const auto r = run_text(dl, "x86", 5, 1, {"sim.cycle_limit=20000"});
  CHECK(r.result.unfinished == 5);
  CHECK(r.result.positive + r.result.negative == 0);
  CHECK(r.result.rows.empty());
  CHECK(mmsim::judge("DEADLOCK", false, r.result) == mmsim::Verdict::Agrees);
  CHECK(mmsim::judge("Never", false, r.result) == mmsim::Verdict::Unconfirmed);
  CHECK(mmsim::judge("Always", true, r.result) == mmsim::Verdict::Unconfirmed);
}

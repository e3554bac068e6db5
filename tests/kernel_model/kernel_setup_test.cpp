// Kernel set-up from a scenario: cpulists, Mm=/Mode= task grouping, Affinity= placement.
#include <catch2/catch.hpp>

#include "kernel_model/kernel_config.h"
#include "kernel_model/tasks.h"
#include "sim/scenario/litmus_parser.h"
#include "sim/scenario/scenario.h"

using namespace mmsim;

TEST_CASE("cpulists", "[kernel]") {
  CHECK(kernel::parse_cpulist("", 4, "p") == std::vector<bool>{false, false, false, false});
  CHECK(kernel::parse_cpulist("2", 4, "p") == std::vector<bool>{false, false, true, false});
  CHECK(kernel::parse_cpulist("1-3", 4, "p") == std::vector<bool>{false, true, true, true});
  CHECK(kernel::parse_cpulist("0,2-3", 4, "p") == std::vector<bool>{true, false, true, true});
  CHECK_THROWS_AS(kernel::parse_cpulist("4", 4, "p"), BadInput);
  CHECK_THROWS_AS(kernel::parse_cpulist("3-1", 4, "p"), BadInput);
  CHECK_THROWS_AS(kernel::parse_cpulist("1,", 4, "p"), BadInput);
  CHECK_THROWS_AS(kernel::parse_cpulist("x", 4, "p"), BadInput);
}

namespace {
const char* kTest =
    "C t\n"
    "Mm=P0:a P1:b P2:a\n"
    "Mode=P3:kernel\n"
    "Affinity=P0:2 P1:1 P3:0\n"
    "{}\n"
    "P0(int *x) { WRITE_ONCE(*x, 1); }\n"
    "P1(int *x) { WRITE_ONCE(*x, 1); }\n"
    "P2(int *x) { WRITE_ONCE(*x, 1); }\n"
    "P3(int *x) { WRITE_ONCE(*x, 1); }\n"
    "exists (x=1)\n";
}

TEST_CASE("Mm= groups threads into processes, Mode= makes kernel threads", "[kernel]") {
  const LitmusTest t = parse_litmus(kTest, "t.litmus");
  const kernel::TaskSet ts = kernel::parse_tasks(t);
  REQUIRE(ts.tasks.size() == 4);
  CHECK(ts.tasks[0].mm == 1);
  CHECK(ts.tasks[1].mm == 2);
  CHECK(ts.tasks[2].mm == 1);
  CHECK(ts.tasks[3].mm == 0);
  CHECK(ts.tasks[3].kernel);
  CHECK(ts.users(1) == 2);
  CHECK(ts.mm_count() == 2);
}

TEST_CASE("Affinity= places threads; errors name the word", "[kernel]") {
  const LitmusTest t = parse_litmus(kTest, "t.litmus");
  // P2 is not pinned and defaults to CPU 2, which P0 also runs on: they share it (the
  // scheduler time-slices them). Unpinned threads beyond the CPU count wrap round.
  const auto where = parse_affinity(t, 4);
  CHECK(where == std::vector<std::size_t>{2, 1, 2, 0});
  const LitmusTest w = parse_litmus(
      "C w\n{}\nP0(int *x) { WRITE_ONCE(*x, 1); }\nP1(int *x) { WRITE_ONCE(*x, 2); }\n"
      "P2(int *x) { WRITE_ONCE(*x, 3); }\nexists (x=1)\n",
      "w.litmus");
  CHECK(parse_affinity(w, 2) == std::vector<std::size_t>{0, 1, 0});
  const LitmusTest u = parse_litmus(
      "C u\nAffinity=P0:2 P1:9\n{}\nP0(int *x) { WRITE_ONCE(*x, 1); }\n"
      "P1(int *x) { WRITE_ONCE(*x, 1); }\nexists (x=1)\n",
      "u.litmus");
  try {
    parse_affinity(u, 3);
    FAIL("expected BadInput");
  } catch (const BadInput& e) {
    CHECK(e.pos().line == 2);
    CHECK(e.pos().column == 15);
  }
  const LitmusTest v = parse_litmus(
      "C v\nAffinity=P0:2 P1:1\n{}\nP0(int *x) { WRITE_ONCE(*x, 1); }\n"
      "P1(int *x) { WRITE_ONCE(*x, 1); }\nexists (x=1)\n",
      "v.litmus");
  CHECK(parse_affinity(v, 3) == std::vector<std::size_t>{2, 1});
}

// The TSO enumerator against herd7 (x86tso.cat) on every x86 test of
// ../shared/litmus/arch/verdicts.tsv: the enumerated final-state set must equal herd7's
// allowed_states exactly, and the verdict must match. Agreement here is what lets the
// enumerator judge tests herd7 never saw (the generated cycles of [tso-cycles]).
#include <catch2/catch.hpp>

#include <iostream>

#include "sim/scenario/litmus_parser.h"
#include "tests/oracle/oracle_support.h"
#include "tests/oracle/tso_enumerator.h"

namespace {

struct Enumerated {
  std::unique_ptr<mmsim::Scenario> scenario;
  mmsim::oracle::TsoOutcome outcome;
  std::set<mmsim::test::HerdState> states;
};

Enumerated enumerate_file(const std::string& path, mmsim::oracle::TsoOptions options = {}) {
  Enumerated e;
  e.scenario = mmsim::test::x86_scenario(mmsim::parse_litmus_file(path));
  e.outcome = mmsim::oracle::TsoEnumerator(*e.scenario, options).run();
  for (const auto& st : e.outcome.finals) e.states.insert(mmsim::test::herd_state(*e.scenario, st));
  return e;
}

std::string corpus(const std::string& file) {
  return std::string(MMSIM_CORPUS_DIR) + "/litmus/arch/" + file;
}

}  // namespace

TEST_CASE("TSO enumerator: final states and verdict equal herd7's on every x86 corpus test",
          "[oracle-corpus]") {
  const auto rows = mmsim::test::verdict_rows("x86");
  REQUIRE(rows.size() == 64);
  std::size_t agree = 0;
  for (const auto& row : rows) {
    INFO(row.file);
    const Enumerated e = enumerate_file(corpus(row.file));
    REQUIRE(e.outcome.unsupported.empty());
    REQUIRE_FALSE(e.outcome.truncated);
    REQUIRE(mmsim::format_condition(e.scenario->test.condition) == row.condition);
    for (const auto& s : e.states) {
      INFO("enumerated, not allowed by herd7: " << mmsim::test::show(s));
      CHECK(row.allowed.count(s) == 1);
    }
    for (const auto& s : row.allowed) {
      INFO("allowed by herd7, not enumerated: " << mmsim::test::show(s));
      CHECK(e.states.count(s) == 1);
    }
    const std::string verdict = e.outcome.verdict(e.scenario->test.condition.quantifier);
    CHECK(verdict == row.verdict);
    if (e.states == row.allowed && verdict == row.verdict) ++agree;
  }
  std::cout << "oracle-corpus: the TSO enumerator agrees with herd7 on " << agree << " of "
            << rows.size() << " x86 tests\n";
  INFO("tests on which the enumerator agrees with herd7: " << agree << " of " << rows.size());
  CHECK(agree == rows.size());
}

TEST_CASE("TSO enumerator: eager thread-local steps lose no final state", "[oracle-corpus]") {
  mmsim::oracle::TsoOptions full;
  full.eager_local_steps = false;
  for (const auto& row : mmsim::test::verdict_rows("x86")) {
    INFO(row.file);
    const Enumerated reduced = enumerate_file(corpus(row.file));
    const Enumerated every = enumerate_file(corpus(row.file), full);
    CHECK(reduced.outcome.finals == every.outcome.finals);
    CHECK(reduced.outcome.states <= every.outcome.states);
  }
}

// Soundness and coverage of one arch model against herd7's verdicts (the reference corpus:
// MMSIM_CORPUS_DIR/litmus/arch/verdicts.tsv), at default settings: every observed final state
// must be one herd7 allows; every Allowed condition must be observed; >= 95 % of all allowed
// states reached. Each test runs its first 2,000 trials, then the rest (seeds continue): the
// share of Allowed conditions already seen in the first 2,000 is printed and must be >= 95 %,
// and the tests named in MMSIM_CONFORMANCE_MUST (comma-separated) must be among them.
// One runner for every arch: CTest runs it once per modelled arch (conformance_<arch>, the
// arch in MMSIM_CONFORMANCE_ARCH), so an arch adds data to tests/CMakeLists.txt, not code.
// An arch whose coverage is still being built states lower floors there
// (MMSIM_CONFORMANCE_EARLY_PCT, MMSIM_CONFORMANCE_STATES_PCT, and
// MMSIM_CONFORMANCE_EVERY_ALLOWED=0); soundness is never relaxed.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

#include "tests/support/verdict_table.h"

namespace {

std::string env_or(const char* name, const char* dflt) {
  const char* v = std::getenv(name);
  return v && *v ? v : dflt;
}

}  // namespace

TEST_CASE("arch litmus tests: observed states are allowed by herd7; coverage >= 95%",
          "[conformance]") {
  const std::string arch = env_or("MMSIM_CONFORMANCE_ARCH", "x86");
  const std::uint64_t trials = std::strtoull(env_or("MMSIM_CONFORMANCE_TRIALS", "10000").c_str(),
                                             nullptr, 10);
  std::map<std::string, mmsim::test::VerdictRow> rows;  // the table lists some tests twice
  for (auto& v : mmsim::test::verdict_rows(arch)) rows[v.file] = std::move(v);
  INFO("arch " << arch);
  REQUIRE(!rows.empty());
  const std::uint64_t first = std::min<std::uint64_t>(trials, 2000);
  const std::uint64_t early_pct = std::strtoull(env_or("MMSIM_CONFORMANCE_EARLY_PCT", "95").c_str(),
                                                nullptr, 10);
  const double states_floor =
      std::strtod(env_or("MMSIM_CONFORMANCE_STATES_PCT", "95").c_str(), nullptr) / 100.0;
  // The first trial's seed (MMSIM_CONFORMANCE_SEED, default 1): how far the coverage figures
  // move with the seed.
  const std::uint64_t seed =
      std::strtoull(env_or("MMSIM_CONFORMANCE_SEED", "1").c_str(), nullptr, 10);
  const bool every_allowed = env_or("MMSIM_CONFORMANCE_EVERY_ALLOWED", "1") != "0";
  std::set<std::string> must;
  {
    std::istringstream in(env_or("MMSIM_CONFORMANCE_MUST", ""));
    for (std::string t; std::getline(in, t, ',');)
      if (!t.empty()) must.insert(t);
  }
  std::size_t allowed_total = 0, allowed_seen = 0, allowed_tests = 0;
  std::vector<std::string> seen_early, missed_early;
  // Allowed tests by what hardware showed (verdicts.tsv's hardware_observed) and what the
  // model showed in all its trials: [hardware observed][model observed].
  std::size_t by_hardware[2][2] = {};
  std::vector<std::string> hardware_only;
  for (const auto& [file, v] : rows) {
    INFO(file);
    const std::string path = std::string(MMSIM_CORPUS_DIR) + "/litmus/arch/" + file;
    const auto early = mmsim::test::run_file(path, arch, first, seed);
    auto seen = early.states();
    std::uint64_t positive = early.result.positive, negative = early.result.negative;
    std::uint64_t unfinished = early.result.unfinished;
    if (trials > first) {
      const auto rest = mmsim::test::run_file(path, arch, trials - first, seed + first);
      for (const auto& s : rest.states()) seen.insert(s);
      positive += rest.result.positive;
      negative += rest.result.negative;
      unfinished += rest.result.unfinished;
    }
    CHECK(mmsim::format_condition(early.scenario->test.condition) == v.condition);
    for (const auto& s : seen) {
      INFO("observed state not allowed by herd7");
      CHECK(v.allowed.count(s) == 1);
    }
    if (v.verdict == "Allowed") {
      if (every_allowed) CHECK(positive > 0);
      ++allowed_tests;
      if (!v.hardware.empty()) {
        const bool hw = v.hardware == "Observed";
        ++by_hardware[hw][positive > 0];
        if (hw && positive == 0) hardware_only.push_back(v.test);
      }
      (early.result.positive > 0 ? seen_early : missed_early).push_back(v.test);
    }
    if (v.verdict == "Forbidden") CHECK(positive == 0);
    if (v.verdict == "Required") CHECK(negative == 0);
    CHECK(unfinished == 0);
    allowed_total += v.allowed.size();
    for (const auto& s : v.allowed) allowed_seen += seen.count(s);
  }
  const double coverage = static_cast<double>(allowed_seen) / static_cast<double>(allowed_total);
  INFO("allowed states observed: " << allowed_seen << " of " << allowed_total);
  CHECK(coverage >= states_floor);
  std::cout << arch << ": the condition of " << seen_early.size() << " of " << allowed_tests
            << " Allowed tests observed in the first " << first << " trials";
  for (const auto& t : missed_early) std::cout << (&t == &missed_early[0] ? "; not: " : ", ") << t;
  std::cout << "\n" << arch << ": allowed states observed in " << trials << " trials: "
            << allowed_seen << " of " << allowed_total << "\n";
  if (by_hardware[1][0] + by_hardware[1][1] + by_hardware[0][0] + by_hardware[0][1] > 0) {
    std::cout << arch << ": Allowed tests that hardware showed: "
              << by_hardware[1][1] + by_hardware[1][0] << ", the model too (in " << trials << " trials): " << by_hardware[1][1]
              << "; hardware never showed: " << by_hardware[0][1] + by_hardware[0][0]
              << ", the model did: " << by_hardware[0][1];
    for (const auto& t : hardware_only)
      std::cout << (&t == &hardware_only[0] ? "; on hardware, not the model: " : ", ") << t;
    std::cout << "\n";
  }
  CHECK(seen_early.size() * 100 >= allowed_tests * early_pct);
  for (const auto& t : must) {
    INFO("must be observed in the first " << first << " trials: " << t);
    CHECK(std::find(seen_early.begin(), seen_early.end(), t) != seen_early.end());
  }
}

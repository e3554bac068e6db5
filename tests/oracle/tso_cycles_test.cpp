// The generated x86 cycle tests (diy_gen.h) against the TSO enumerator: each test is written
// to a directory, read back, enumerated, and run through the simulator at default settings
// (2,000 trials). Soundness: no observed final state outside the enumerated set. Coverage:
// of the tests whose condition the enumerator says TSO reaches, >= 95 % must show it.
// MMSIM_TSO_CYCLES_TRIALS and MMSIM_TSO_CYCLES_SET ("name=value ...") change the run for
// measurements; the test as registered uses neither.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <sstream>

#include "sim/scenario/litmus_parser.h"
#include "tests/oracle/diy_gen.h"
#include "tests/oracle/oracle_support.h"
#include "tests/oracle/tso_enumerator.h"

namespace {

std::uint64_t trials() {
  const char* t = std::getenv("MMSIM_TSO_CYCLES_TRIALS");
  return t ? std::strtoull(t, nullptr, 10) : 2000;
}

std::vector<std::string> extra_sets() {
  std::vector<std::string> out;
  if (const char* s = std::getenv("MMSIM_TSO_CYCLES_SET")) {
    std::istringstream in(s);
    for (std::string w; in >> w;) out.push_back(w);
  }
  return out;
}

// The relaxation x86-TSO has: a cycle is allowed iff some W→R program-order edge is neither
// fenced nor from an XCHG ("PodWR" exactly, in diy's notation). An independent statement of
// what the enumerator must find.
bool has_relaxed_edge(const std::string& edges) {
  std::istringstream in(edges);
  for (std::string e; in >> e;)
    if (e == "PodWR") return true;
  return false;
}

struct TempDir {
  std::filesystem::path path = std::filesystem::temp_directory_path() /
                               ("mmsim-tso-cycles-" + std::to_string(::getpid()));
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
};

}  // namespace

TEST_CASE("Generated x86 cycles: observed states within the TSO enumeration; >= 95% of "
          "reachable conditions observed",
          "[tso-cycles]") {
  const auto tests = mmsim::oracle::DiyGenerator().generate();
  REQUIRE(tests.size() >= 200);
  const TempDir dir;
  const auto paths = mmsim::oracle::DiyGenerator::write(tests, dir.path.string());
  const std::uint64_t n_trials = trials();
  const auto sets = extra_sets();
  mmsim::oracle::TsoOptions sc;
  sc.sequential_consistency = true;

  std::size_t reachable = 0, observed = 0;
  std::vector<std::string> unobserved;
  for (std::size_t i = 0; i < tests.size(); ++i) {
    const auto& t = tests[i];
    INFO(t.name << "  (" << t.edges << ")  " << t.condition);
    auto prepared = mmsim::test::prepare_x86(mmsim::parse_litmus_file(paths[i]), sets);
    const mmsim::Scenario& s = *prepared.scenario;
    REQUIRE(s.threads.size() == t.threads);
    REQUIRE(mmsim::format_condition(s.test.condition) == t.condition);

    const auto tso = mmsim::oracle::TsoEnumerator(s).run();
    REQUIRE(tso.unsupported.empty());
    REQUIRE_FALSE(tso.truncated);
    // The condition is the cycle's: forbidden under SC, reachable under TSO exactly when a
    // W→R edge is left relaxed.
    const auto under_sc = mmsim::oracle::TsoEnumerator(s, sc).run();
    CHECK_FALSE(under_sc.any_satisfies);
    CHECK(tso.any_satisfies == has_relaxed_edge(t.edges));

    const auto result = mmsim::simulate(*prepared.scenario, prepared.params, n_trials, 1);
    CHECK(result.unfinished == 0);
    for (const auto& row : result.rows) {
      INFO("observed " << row.count << "x (seed " << row.seed
                       << "), outside the TSO enumeration: "
                       << mmsim::test::show(mmsim::test::herd_state(s, row.state)));
      REQUIRE(tso.finals.count(row.state) == 1);
    }
    if (tso.any_satisfies) {
      ++reachable;
      if (result.positive > 0) ++observed;
      else unobserved.push_back(t.name);
    }
  }
  const double coverage =
      reachable ? static_cast<double>(observed) / static_cast<double>(reachable) : 1.0;
  std::ostringstream summary;
  summary << "tso-cycles: " << tests.size() << " tests, " << reachable
          << " conditions reachable under TSO, " << observed << " observed in " << n_trials
          << " trials (" << 100.0 * coverage << " %)";
  for (const auto& s : sets) summary << " --set " << s;
  summary << "\n";
  if (!unobserved.empty()) {
    summary << "reachable, not observed:";
    for (const auto& n : unobserved) summary << " " << n;
    summary << "\n";
  }
  std::cout << summary.str();
  INFO(summary.str());
  CHECK(reachable > 0);
  CHECK(coverage >= 0.95);
}

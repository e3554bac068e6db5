// Soundness and coverage of one arch model against herd7's verdicts (the reference corpus:
// MMSIM_CORPUS_DIR/litmus/arch/verdicts.tsv): every observed final state must be one herd7
// allows; every Allowed condition must be observed; >= 95 % of all allowed states reached.
// One runner for every arch: CTest runs it once per modelled arch (conformance_<arch>, the
// arch in MMSIM_CONFORMANCE_ARCH), so an arch adds data to tests/CMakeLists.txt, not code.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <map>

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
  std::size_t allowed_total = 0, allowed_seen = 0;
  for (const auto& [file, v] : rows) {
    INFO(file);
    const auto ran = mmsim::test::run_file(
        std::string(MMSIM_CORPUS_DIR) + "/litmus/arch/" + file, arch, trials);
    CHECK(mmsim::format_condition(ran.scenario->test.condition) == v.condition);
    const auto seen = ran.states();
    for (const auto& s : seen) {
      INFO("observed state not allowed by herd7");
      CHECK(v.allowed.count(s) == 1);
    }
    if (v.verdict == "Allowed") CHECK(ran.result.positive > 0);
    if (v.verdict == "Forbidden") CHECK(ran.result.positive == 0);
    if (v.verdict == "Required") CHECK(ran.result.negative == 0);
    CHECK(ran.result.unfinished == 0);
    allowed_total += v.allowed.size();
    for (const auto& s : v.allowed) allowed_seen += seen.count(s);
  }
  const double coverage = static_cast<double>(allowed_seen) / static_cast<double>(allowed_total);
  INFO("allowed states observed: " << allowed_seen << " of " << allowed_total);
  CHECK(coverage >= 0.95);
}

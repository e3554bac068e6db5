// Soundness and coverage of the x86 model against herd7's verdicts
// (the reference corpus: MMSIM_CORPUS_DIR/litmus/arch/verdicts.tsv): every observed final state must be one herd allows;
// every Allowed condition must be observed; >= 95 % of all allowed states must be reached.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>

#include "tests/support/sim_support.h"

namespace {

struct Verdict {
  std::string file, test, verdict, condition;
  std::set<std::set<std::string>> allowed;
};

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string cur;
  std::istringstream in(s);
  while (std::getline(in, cur, sep)) out.push_back(cur);
  return out;
}

std::vector<Verdict> x86_verdicts() {
  std::ifstream f(std::string(MMSIM_CORPUS_DIR) + "/litmus/arch/verdicts.tsv");
  std::string line;
  std::getline(f, line);  // header
  std::map<std::string, Verdict> by_file;  // the table lists some tests twice
  while (std::getline(f, line)) {
    const auto cols = split(line, '\t');
    if (cols.size() < 6 || cols[0] != "x86") continue;
    Verdict v{cols[1], cols[2], cols[3], cols[4], {}};
    std::size_t i = 0;
    const std::string& states = cols[5];
    while (i <= states.size()) {
      std::size_t j = states.find('|', i);
      if (j == std::string::npos) j = states.size();
      v.allowed.insert(mmsim::test::Ran::split_state(states.substr(i, j - i)));
      i = j + 1;
    }
    by_file[v.file] = v;
  }
  std::vector<Verdict> out;
  for (auto& [k, v] : by_file) out.push_back(v);
  return out;
}

std::uint64_t trials_from_env() {
  const char* t = std::getenv("MMSIM_CONFORMANCE_TRIALS");
  return t ? std::strtoull(t, nullptr, 10) : 10000;
}

}  // namespace

TEST_CASE("x86 litmus tests: observed states are allowed by herd7; coverage >= 95%",
          "[conformance]") {
  const auto verdicts = x86_verdicts();
  REQUIRE(verdicts.size() >= 60);
  const std::uint64_t trials = trials_from_env();
  std::size_t allowed_total = 0, allowed_seen = 0;
  for (const auto& v : verdicts) {
    INFO(v.file);
    const auto ran = mmsim::test::run_file(std::string(MMSIM_CORPUS_DIR) + "/litmus/arch/" + v.file,
                                           "x86", trials);
    CHECK(mmsim::format_condition(ran.scenario->test.condition) == v.condition);
    const auto seen = ran.states();
    for (const auto& s : seen) {
      INFO("observed state not allowed by herd7");
      CHECK(v.allowed.count(s) == 1);
    }
    if (v.verdict == "Allowed") CHECK(ran.result.positive > 0);
    if (v.verdict == "Forbidden") CHECK(ran.result.positive == 0);
    CHECK(ran.result.unfinished == 0);
    allowed_total += v.allowed.size();
    for (const auto& s : v.allowed) allowed_seen += seen.count(s);
  }
  const double coverage = static_cast<double>(allowed_seen) / static_cast<double>(allowed_total);
  INFO("allowed states observed: " << allowed_seen << " of " << allowed_total);
  CHECK(coverage >= 0.95);
}

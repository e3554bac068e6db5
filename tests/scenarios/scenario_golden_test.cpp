// Golden scenario tests: every file under scenarios/membarrier, scenarios/rcu and
// scenarios/bpf gives the observation its `Result:` line states for the arch (Result(arch):
// overrides Result(all):), on x86, arm64 and powerpc, in 1,000 trials (default timing: explore)
// with the parameters its Config= line sets.
// kUnconfirmed lists the (arch, file) pairs whose Sometimes the default 1,000 trials do not
// reach, each with the reason; such a run must still finish every trial, and the list is
// checked to stay exact (a pair that starts giving its result must leave it).
#include <catch2/catch.hpp>

#include <map>

#include "tests/support/sim_support.h"

namespace {

// Empty now: ctxswitch-...-no_mb_after_spinlock on arm64 was here while the model's context
// switch crossed from the rq->curr store to __switch_to()'s DSB in a few instructions (0 in
// 4,000 trials); with the arm64 bundle's __switch_path (context_switch()'s instructions up to
// the DSB) it shows in 1 of 1,000 (2 of 2,000).
const std::map<std::pair<std::string, std::string>, const char*> kUnconfirmed = {};

void check_dir(const std::string& sub, const std::string& arch) {
  const std::string dir = std::string(MMSIM_SOURCE_DIR) + "/scenarios/" + sub;
  const auto files = mmsim::test::litmus_files(dir);
  REQUIRE(!files.empty());
  for (const auto& f : files) {
    INFO(arch << " " << sub << "/" << f);
    const auto ran = mmsim::test::run_file(dir + "/" + f, arch, 1000);
    REQUIRE(ran.scenario->test.expected);
    const std::string& want = *ran.scenario->test.expected;
    INFO("expected " << want << ", positive " << ran.result.positive << " negative "
                     << ran.result.negative);
    CHECK(ran.result.unfinished == 0);
    if (want == "Never") CHECK(ran.result.positive == 0);
    if (want == "Always") CHECK(ran.result.negative == 0);
    if (want != "Sometimes") continue;
    if (kUnconfirmed.count({arch, f})) {
      CHECK(ran.result.positive == 0);  // still a gap: otherwise take it off kUnconfirmed
    } else {
      CHECK(ran.result.positive > 0);
    }
  }
}

void check_all(const std::string& arch) {
  for (const char* sub : {"membarrier", "rcu", "bpf"}) check_dir(sub, arch);
}

}  // namespace

TEST_CASE("scenarios/membarrier give their stated results on x86", "[scenarios-membarrier]") {
  check_dir("membarrier", "x86");
}

TEST_CASE("scenarios/rcu and scenarios/bpf give their stated results on x86",
          "[scenarios-rcu]") {
  check_dir("rcu", "x86");
  check_dir("bpf", "x86");
}

TEST_CASE("the kernel scenarios give their stated results on arm64", "[scenarios-arm64]") {
  check_all("arm64");
}

TEST_CASE("the kernel scenarios give their stated results on powerpc", "[scenarios-powerpc]") {
  check_all("powerpc");
}

TEST_CASE("every unconfirmed scenario names an arch and a file that exist", "[scenarios]") {
  for (const auto& [key, why] : kUnconfirmed) {
    INFO(key.first << " " << key.second << ": " << why);
    CHECK(mmsim::test::archs().find(key.first) != nullptr);
    bool found = false;
    for (const char* sub : {"membarrier", "rcu", "bpf"})
      for (const auto& f :
           mmsim::test::litmus_files(std::string(MMSIM_SOURCE_DIR) + "/scenarios/" + sub))
        found = found || f == key.second;
    CHECK(found);
  }
}

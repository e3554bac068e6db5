// Fault injection: every scenario under scenarios/membarrier, scenarios/rcu and scenarios/bpf
// whose x86 result is Never names, on `Mutation: name=0 (why)` lines of its header comment,
// kernel mutations (`mmsim list mutations`: each removes one barrier, IPI or check) that make
// its forbidden outcome observable. This checks every pair: the model catches what the
// removed mechanism claims to prevent, so a Never is a property of the kernel code, not of a
// simulator that cannot produce the outcome at all.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "tests/support/sim_support.h"

namespace {

// Each `Mutation:` line's leading name=value words.
std::vector<std::vector<std::string>> mutations(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::vector<std::string>> out;
  for (std::string line; std::getline(in, line);) {
    const auto at = line.find("Mutation:");
    if (at == std::string::npos) continue;
    std::istringstream words(line.substr(at + 9));
    std::vector<std::string> sets;
    for (std::string w; words >> w && w.find('=') != std::string::npos;) sets.push_back(w);
    out.push_back(sets);
  }
  return out;
}

void check_dir(const std::string& sub) {
  const std::string dir = std::string(MMSIM_SOURCE_DIR) + "/scenarios/" + sub;
  const mmsim::Params declared = mmsim::declared_params(mmsim::test::archs());
  for (const auto& f : mmsim::test::litmus_files(dir)) {
    const std::string path = dir + "/" + f;
    // The expectation as resolved for x86 (Result(x86): overrides Result:).
    const auto probe = mmsim::test::run_file(path, "x86", 1);
    if (probe.scenario->test.expected != std::optional<std::string>("Never")) continue;
    INFO(sub << "/" << f);
    const auto muts = mutations(path);
    CHECK(!muts.empty());  // a Never scenario must say which mutation exposes it
    for (const auto& sets : muts) {
      INFO("mutation " << (sets.empty() ? "(none)" : sets.front()));
      REQUIRE(!sets.empty());
      for (const auto& s : sets) {
        const std::string name = s.substr(0, s.find('='));
        REQUIRE(declared.has(name));
        CHECK(declared.decls().at(name).mutation);
      }
      // Up to 5,000 trials, in chunks, stopping at the first witness.
      std::uint64_t positive = 0, seed = 1;
      for (int chunk = 0; chunk < 25 && positive == 0; ++chunk, seed += 200)
        positive = mmsim::test::run_file(path, "x86", 200, seed, sets).result.positive;
      CHECK(positive > 0);
    }
  }
}

}  // namespace

TEST_CASE("every Never scenario has a kernel mutation that exposes it", "[scenarios-mutations]") {
  check_dir("membarrier");
  check_dir("rcu");
  check_dir("bpf");
}

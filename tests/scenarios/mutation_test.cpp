// Fault injection: every scenario under scenarios/membarrier, scenarios/rcu and scenarios/bpf
// whose result on an arch is Never names, on `Mutation: name=0 (why)` lines of its header
// comment, kernel mutations (`mmsim list mutations`: each removes one barrier, IPI or check)
// that make its forbidden outcome observable there. `Mutation:` applies on every arch,
// `Mutation(arm64,powerpc):` only on the archs named (a barrier that x86's LOCK'd or
// serializing instructions make redundant exposes nothing there). This checks every pair on
// every arch: the model catches what the removed mechanism claims to prevent, so a Never is a
// property of the kernel code, not of a simulator that cannot produce the outcome at all.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "tests/support/arch_checks.h"
#include "tests/support/sim_support.h"

namespace {

// The leading name=value words of each `Mutation:` or `Mutation(archs):` line that applies to
// `arch`.
std::vector<std::vector<std::string>> mutations(const std::string& path, const std::string& arch) {
  std::ifstream in(path);
  std::vector<std::vector<std::string>> out;
  for (std::string line; std::getline(in, line);) {
    const auto at = line.find("Mutation");
    if (at == std::string::npos) continue;
    const auto colon = line.find(':', at);
    if (colon == std::string::npos) continue;
    const std::string head = line.substr(at + 8, colon - at - 8);  // "" or "(a,b)"
    if (!head.empty()) {
      REQUIRE(head.front() == '(');
      REQUIRE(head.back() == ')');
      std::istringstream names(head.substr(1, head.size() - 2));
      bool applies = false;
      for (std::string a; std::getline(names, a, ',');) {
        CHECK(mmsim::test::archs().find(a) != nullptr);  // a typo would silently skip
        applies = applies || a == arch;
      }
      if (!applies) continue;
    }
    std::istringstream words(line.substr(colon + 1));
    std::vector<std::string> sets;
    for (std::string w; words >> w && w.find('=') != std::string::npos;) sets.push_back(w);
    out.push_back(sets);
  }
  return out;
}

void check_dir(const std::string& sub, const std::string& arch) {
  const std::string dir = std::string(MMSIM_SOURCE_DIR) + "/scenarios/" + sub;
  const mmsim::Params declared = mmsim::declared_params(mmsim::test::archs());
  for (const auto& f : mmsim::test::litmus_files(dir)) {
    const std::string path = dir + "/" + f;
    // The expectation as resolved for the arch (Result(arch): overrides Result(all):).
    const auto probe = mmsim::test::run_file(path, arch, 1);
    if (probe.scenario->test.expected != std::optional<std::string>("Never")) continue;
    INFO(arch << " " << sub << "/" << f);
    const auto muts = mutations(path, arch);
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
        positive = mmsim::test::run_file(path, arch, 200, seed, sets).result.positive;
      CHECK(positive > 0);
    }
  }
}

void check_all(const std::string& arch) {
  for (const char* sub : {"membarrier", "rcu", "bpf"}) check_dir(sub, arch);
}

}  // namespace

TEST_CASE("every Never scenario has a kernel mutation that exposes it", "[scenarios-mutations]") {
  check_all("x86");
}

TEST_CASE("every Never scenario has a kernel mutation that exposes it on arm64",
          "[scenarios-arm64]") {
  check_all("arm64");
}

TEST_CASE("every Never scenario has a kernel mutation that exposes it on powerpc",
          "[scenarios-powerpc]") {
  check_all("powerpc");
}

// One C file, three machines: the examples in scenarios/litmus run with --arch x86, arm64 and
// powerpc show what each architecture allows (TSO forbids MP, LB and IRIW without barriers;
// arm64 and powerpc show all three; only powerpc, not multi-copy atomic, shows IRIW with the
// reads ordered), each `Result(arch):` claim checked by --check.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "tests/cli/cli_support.h"

using mmsim::cli_test::cli;

namespace {

struct Seen {
  int status;
  std::uint64_t positive;
  std::string verdict;
};

Seen run(const std::string& file, const std::string& arch) {
  const auto r = cli({"run", std::string(MMSIM_SOURCE_DIR) + "/scenarios/litmus/" + file,
                      "--arch", arch, "--trials", "2000", "--check", "--json", "-"});
  const auto j = nlohmann::json::parse(r.out);
  const auto& res = j.at("results").at(0);
  return {r.status, res.at("positive").get<std::uint64_t>(),
          res.at("verdict").get<std::string>()};
}

}  // namespace

TEST_CASE("The same C file on three archs: MP, LB, IRIW never on x86, observed on arm64 and "
          "powerpc", "[cli]") {
  for (const char* f : {"C-MP+poonceonces.litmus", "C-LB+poonceonces.litmus",
                        "C-IRIW+poonceonces.litmus"}) {
    INFO(f);
    const Seen x86 = run(f, "x86");
    CHECK(x86.status == 0);
    CHECK(x86.positive == 0);
    CHECK(x86.verdict == "agrees");
    for (const char* arch : {"arm64", "powerpc"}) {
      INFO(arch);
      const Seen weak = run(f, arch);
      CHECK(weak.status == 0);
      CHECK(weak.positive > 0);
      CHECK(weak.verdict == "agrees");
    }
  }
}

TEST_CASE("IRIW with ordered reads: observed on powerpc only (not multi-copy atomic)", "[cli]") {
  for (const char* arch : {"x86", "arm64"}) {
    INFO(arch);
    const Seen mca = run("C-IRIW+rmbs.litmus", arch);
    CHECK(mca.status == 0);
    CHECK(mca.positive == 0);
    CHECK(mca.verdict == "agrees");
  }
  const Seen ppc = run("C-IRIW+rmbs.litmus", "powerpc");
  CHECK(ppc.status == 0);
  CHECK(ppc.positive > 0);
  CHECK(ppc.verdict == "agrees");
}

// One C file, two machines: the examples in scenarios/litmus run with --arch x86 and --arch
// arm64 show what each architecture allows (TSO forbids MP, LB and IRIW without barriers;
// arm64 shows all three), each `Result(arch):` claim checked by --check.
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

TEST_CASE("The same C file on x86 and arm64: MP, LB, IRIW never on x86, observed on arm64",
          "[cli]") {
  for (const char* f : {"C-MP+poonceonces.litmus", "C-LB+poonceonces.litmus",
                        "C-IRIW+poonceonces.litmus"}) {
    INFO(f);
    const Seen x86 = run(f, "x86");
    CHECK(x86.status == 0);
    CHECK(x86.positive == 0);
    CHECK(x86.verdict == "agrees");
    const Seen arm = run(f, "arm64");
    CHECK(arm.status == 0);
    CHECK(arm.positive > 0);
    CHECK(arm.verdict == "agrees");
  }
}

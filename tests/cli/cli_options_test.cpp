// The command line itself (DESIGN §7): --help for every command, option values checked before
// anything runs (exit 2, a clear message, nothing on stdout), one message for an arch with no
// model yet, the version from one place.
#include <catch2/catch.hpp>

#include <fstream>
#include <regex>

#include "tests/cli/cli_support.h"

using mmsim::cli_test::cli;
using mmsim::cli_test::kSB;
using mmsim::cli_test::Out;
using mmsim::cli_test::write_tmp;

TEST_CASE("--help of mmsim and of each command, exit 0", "[cli]") {
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"--help"}, {"help"}, {"-h"}}) {
    const Out r = cli(args);
    CHECK(r.status == 0);
    CHECK(r.out.find("mmsim run FILE...") != std::string::npos);
    CHECK(r.out.find("mmsim list archs|params|primitives|mutations") != std::string::npos);
    CHECK(r.out.find("Exit status") != std::string::npos);
  }
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"run", "--help"}, {"help", "run"}, {"run", "x.litmus", "--help"}}) {
    const Out r = cli(args);
    CHECK(r.status == 0);
    for (const char* opt : {"--arch A", "--trials N", "--seed S", "--set NAME=VALUE",
                            "--json PATH|-", "--check", "--quiet", "--help"})
      CHECK(r.out.find(opt) != std::string::npos);
    for (const char* def : {"(default: 10000)", "(default: 1)", "(default: the test's own; x86",
                            "(default: none)", "(default: off)"})
      CHECK(r.out.find(def) != std::string::npos);
  }
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"list", "--help"}, {"help", "list"}}) {
    const Out r = cli(args);
    CHECK(r.status == 0);
    for (const char* what : {"archs", "params", "primitives", "mutations", "--arch A",
                             "(default: x86)"})
      CHECK(r.out.find(what) != std::string::npos);
  }
  const Out none = cli({});
  CHECK(none.status == 2);
  CHECK(none.err.find("usage:") != std::string::npos);
}

TEST_CASE("bad option values: exit 2 with a clear message before anything runs", "[cli]") {
  const auto f = write_tmp("opts.litmus", kSB);
  struct Case {
    std::vector<std::string> args;
    const char* message;
  };
  const Case cases[] = {
      {{"--trials", "-1"}, "--trials -1: expected a whole number from 1 to"},
      {{"--trials", "0"}, "--trials 0: out of range (expected a whole number from 1 to"},
      {{"--trials", "99999999999999999999"}, "--trials 99999999999999999999: out of range"},
      {{"--trials", "abc"}, "--trials abc: expected a whole number"},
      {{"--trials=12x"}, "--trials 12x: expected a whole number"},
      {{"--seed", "-1"}, "--seed -1: expected a whole number from 0 to 18446744073709551615"},
      {{"--seed", "18446744073709551616"}, "--seed 18446744073709551616: out of range"},
      {{"--seed", "x"}, "--seed x: expected a whole number"},
      {{"--seed", "18446744073709551615", "--trials", "2"}, "the last trial's seed would pass"},
      {{"--trials"}, "--trials"},
      {{"--tria", "5"}, "unrecognised option '--tria'"},
      {{"--trials", "5", "--trials", "6"}, "cannot be specified more than once"},
      {{"--set", "no.such=1"}, "no.such"},
      {{"--set", "cpu.window=banana"}, "cpu.window"},
  };
  for (const Case& c : cases) {
    std::vector<std::string> args = {"run", f};
    args.insert(args.end(), c.args.begin(), c.args.end());
    INFO(args[2]);
    const Out r = cli(args);
    CHECK(r.status == 2);
    CHECK(r.err.find(c.message) != std::string::npos);
    CHECK(r.out.empty());
  }
  // The largest seed still runs one trial.
  CHECK(cli({"run", f, "--seed", "18446744073709551615", "--trials", "1"}).status == 0);
  const Out nofile = cli({"run", "--trials", "5"});
  CHECK(nofile.status == 2);
  CHECK(nofile.err.find("no litmus file given") != std::string::npos);
}

TEST_CASE("a PPC test runs on powerpc; an unknown arch: one message, exit 2", "[cli]") {
  const auto sb = write_tmp("arch-sb.litmus", kSB);
  const auto ppc = write_tmp("ppc.litmus",
                             "PPC MP\n{ 0:r1=x; 0:r4=y; 1:r1=x; 1:r4=y; }\n P0 | P1 ;\n"
                             " li r2,1 | lwz r3,0(r4) ;\n stw r2,0(r1) | lwz r5,0(r1) ;\n"
                             " stw r2,0(r4) | ;\nexists (1:r3=1 /\\ 1:r5=0)\n");
  Out r = cli({"run", ppc, "--trials", "2000"});
  CHECK(r.status == 0);
  CHECK(r.out.find("Observation MP Sometimes") != std::string::npos);
  r = cli({"run", ppc, "--arch", "x86"});
  CHECK(r.status == 2);
  CHECK(r.err.find("arch") != std::string::npos);
  r = cli({"list", "primitives", "--arch", "powerpc"});
  CHECK(r.status == 0);
  CHECK(r.out.find("smp_mb") != std::string::npos);
  r = cli({"run", sb, "--arch", "vax"});
  CHECK(r.status == 2);
  CHECK(r.err == "mmsim: unknown arch 'vax' (models: x86, arm64, powerpc)\n");
  CHECK(r.out.empty());
}

TEST_CASE("an AArch64 test runs on its own arch; a C test on either arch", "[cli]") {
  const auto a64 = write_tmp("a64.litmus",
                             "AArch64 MP\n{ 0:X1=x; 0:X2=y; 1:X1=x; 1:X2=y; }\n P0 | P1 ;\n"
                             " MOV W0,#1 | LDR W0,[X2] ;\n STR W0,[X1] | LDR W3,[X1] ;\n"
                             " STR W0,[X2] | ;\nexists (1:X0=1 /\\ 1:X3=0)\n");
  Out r = cli({"run", a64, "--trials", "2000"});
  CHECK(r.status == 0);
  CHECK(r.out.find("Observation MP Sometimes") != std::string::npos);
  CHECK(r.out.find("Arch arm64") != std::string::npos);
  // An x86 test cannot run on arm64: its instructions are another dialect.
  const auto sb = write_tmp("arch-sb.litmus", kSB);
  r = cli({"run", sb, "--arch", "arm64"});
  CHECK(r.status == 2);
}

TEST_CASE("list primitives includes the kernel's calls and constants", "[cli]") {
  const Out r = cli({"list", "primitives"});
  CHECK(r.status == 0);
  for (const char* p : {"smp_mb", "membarrier(a0, a1[, a2])", "synchronize_sched()",
                        "synchronize_sched_expedited()", "smp_memb()", "rcu_read_lock_sched()",
                        "MEMBARRIER_CMD_GLOBAL ", "MEMBARRIER_CMD_PRIVATE_EXPEDITED "})
    CHECK(r.out.find(p) != std::string::npos);
}

TEST_CASE("the version comes from the CMake project version", "[cli]") {
  std::ifstream cmake(std::string(MMSIM_SOURCE_DIR) + "/CMakeLists.txt");
  const std::string text((std::istreambuf_iterator<char>(cmake)), std::istreambuf_iterator<char>());
  std::smatch m;
  REQUIRE(std::regex_search(text, m, std::regex(R"(project\(mmsim VERSION ([0-9.]+))")));
  CHECK(cli({"--version"}).out == "mmsim " + m[1].str() + "\n");
  CHECK(std::string(mmsim::mmsim_version()) == m[1].str());
}

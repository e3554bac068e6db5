// What only the mmsim process shows (DESIGN §7): Ctrl-C stops at a trial boundary with what
// finished printed and written as partial (exit 130); each file's block is out as soon as the
// file is done; the progress line appears only on a terminal, and not with --quiet.
#include <catch2/catch.hpp>

#include <signal.h>

#include <nlohmann/json.hpp>

#include "tests/cli/cli_support.h"

using mmsim::cli_test::has;
using mmsim::cli_test::kSB;
using mmsim::cli_test::Proc;
using mmsim::cli_test::ProcOptions;
using mmsim::cli_test::run_binary;
using mmsim::cli_test::slurp;
using mmsim::cli_test::write_tmp;

namespace {

// SB runs ~200,000 trials a second: this is minutes, far longer than any test waits.
const char* const kLong = "100000000";


}  // namespace

TEST_CASE("SIGINT: the finished file and the interrupted one are printed and written, exit 130",
          "[cli]") {
  const auto first = write_tmp("int-first.litmus", kSB);
  const auto second = write_tmp("int-second.litmus", kSB);
  const auto json = write_tmp("int.json", "");
  ProcOptions po;
  po.signal = SIGINT;
  po.delay = std::chrono::milliseconds(1000);
  const Proc p = run_binary({"run", first, second, "--trials", kLong, "--json", json}, po);
  CHECK(p.status == 130);
  const auto doc = nlohmann::json::parse(slurp(json));
  CHECK(doc["partial"] == true);
  REQUIRE(doc["results"].size() == 1);  // interrupted in the first file; the second never ran
  const auto& res = doc["results"][0];
  CHECK(res["partial"] == true);
  CHECK(res["requested_trials"] == 100000000);
  const auto done = res["trials"].get<std::uint64_t>();
  CHECK(done > 0);
  CHECK(done < 100000000);
  CHECK(res["positive"].get<std::uint64_t>() + res["negative"].get<std::uint64_t>() == done);
  CHECK(has(p.out, "Test SB Allowed"));
  CHECK(has(p.out, "Interrupted after " + std::to_string(done) + " of 100000000 trials\n"));
  CHECK(has(p.out, "Arch x86 trials " + std::to_string(done) + " "));
}

TEST_CASE("SIGTERM stops a run like Ctrl-C; JSON on stdout is still complete", "[cli]") {
  const auto f = write_tmp("term.litmus", kSB);
  ProcOptions po;
  po.signal = SIGTERM;
  po.delay = std::chrono::milliseconds(800);
  const Proc p = run_binary({"run", f, "--trials", kLong, "--json", "-"}, po);
  CHECK(p.status == 130);
  const auto doc = nlohmann::json::parse(p.out);
  CHECK(doc["partial"] == true);
  CHECK(doc["results"][0]["partial"] == true);
  CHECK(doc["results"][0]["trials"].get<std::uint64_t>() > 0);
}

TEST_CASE("each file's block is printed as soon as that file is done", "[cli]") {
  const auto quick = write_tmp("early-quick.litmus", kSB);
  // The second file spins: each of its trials runs to the (large) cycle limit.
  const auto spin =
      write_tmp("early-spin.litmus", mmsim::cli_test::counting_spin_test("DEADLOCK"));
  std::string out_before_signal;
  ProcOptions po;
  po.signal = SIGINT;
  po.delay = std::chrono::milliseconds(1500);
  po.before_signal = [&](const std::string& out_path) { out_before_signal = slurp(out_path); };
  const Proc p = run_binary({"run", quick, spin, "--trials", "20000", "--set",
                             "sim.cycle_limit=2000000"},
                            po);
  CHECK(p.status == 130);
  // The quick file's whole block was out while the spinning file still ran.
  CHECK(has(out_before_signal, "Test SB Allowed\n"));
  CHECK(has(out_before_signal, "Expected Sometimes: agrees\n"));
  CHECK_FALSE(has(out_before_signal, "Test spin"));
  CHECK(has(p.out, "Test spin Allowed\n"));
  CHECK(has(p.out, "Interrupted after "));
}

TEST_CASE("progress line: on a terminal only, not with --quiet", "[cli]") {
  const auto f = write_tmp("progress.litmus", kSB);
  ProcOptions po;
  po.signal = SIGINT;
  po.delay = std::chrono::milliseconds(1800);
  SECTION("stderr on a terminal") {
    po.stderr_on_pty = true;
    const Proc p = run_binary({"run", f, "--trials", kLong}, po);
    CHECK(p.status == 130);
    CHECK(has(p.err, f + ": "));
    CHECK(has(p.err, "/100,000,000 trials, "));
    CHECK(has(p.err, "/s, ETA "));
    CHECK(has(p.out, "Interrupted after "));
  }
  SECTION("stderr on a terminal with --quiet") {
    po.stderr_on_pty = true;
    const Proc p = run_binary({"run", f, "--trials", kLong, "--quiet"}, po);
    CHECK(p.status == 130);
    CHECK_FALSE(has(p.err, "ETA"));
  }
  SECTION("stderr to a file") {
    const Proc p = run_binary({"run", f, "--trials", kLong}, po);
    CHECK(p.status == 130);
    CHECK(p.err.empty());
  }
  SECTION("a short run shows none even on a terminal") {
    po.stderr_on_pty = true;
    po.signal = 0;
    const Proc p = run_binary({"run", f, "--trials", "200"}, po);
    CHECK(p.status == 0);
    CHECK_FALSE(has(p.err, "ETA"));
  }
}

// --jobs N (issue #13): a file's trials spread over worker processes give exactly what one
// process gives for the same seeds — states, counts, witness seeds, cycles and stats, the
// maxima among them — and Ctrl-C under --jobs stops every worker, leaves none behind and
// still writes what ran, marked partial.
#include <catch2/catch.hpp>

#include <signal.h>

#include <nlohmann/json.hpp>

#include "sim/scenario/run_merge.h"
#include "tests/cli/cli_support.h"
#include "tests/support/sim_support.h"

using mmsim::cli_test::kSB;
using mmsim::cli_test::Proc;
using mmsim::cli_test::results_of;
using mmsim::cli_test::ProcOptions;
using mmsim::cli_test::run_binary;
using mmsim::cli_test::slurp;
using mmsim::cli_test::write_tmp;

namespace {

nlohmann::json run_with_jobs(const std::vector<std::string>& files, const std::string& jobs,
                             const std::vector<std::string>& extra) {
  const auto json = write_tmp("jobs-" + jobs + ".json", "");
  std::vector<std::string> args = {"run"};
  args.insert(args.end(), files.begin(), files.end());
  args.insert(args.end(), {"--jobs", jobs, "--json", json, "--quiet"});
  args.insert(args.end(), extra.begin(), extra.end());
  const Proc p = run_binary(args, {});
  INFO(p.err);
  REQUIRE(p.status == 0);
  CHECK_FALSE(p.group_left);
  return results_of(json);
}

}  // namespace

TEST_CASE("jobs: --jobs 2 and --jobs 3 give what --jobs 1 gives", "[cli]") {
  const std::string root = MMSIM_SOURCE_DIR;
  const auto sb = write_tmp("jobs-sb.litmus", kSB);
  struct Case {
    std::vector<std::string> files, extra;
  };
  const std::vector<Case> cases = {
      // x86 SB, and a kernel scenario (kernel stats, maxima among them) in both timing modes.
      {{sb, root + "/scenarios/membarrier/R4-private_expedited-C2-nohz_full-4.14.litmus"},
       {"--trials", "1000"}},
      {{root + "/scenarios/membarrier/R2-sched_expedited-C1-ticking-4.14.litmus"},
       {"--trials", "600", "--set", "timing.mode=realistic", "--seed", "7"}},
      // powerpc: propagating storage, the C IRIW.
      {{root + "/scenarios/litmus/C-IRIW+poonceonces.litmus"},
       {"--trials", "2000", "--arch", "powerpc"}},
  };
  for (const Case& c : cases) {
    INFO(c.files.front());
    const auto one = run_with_jobs(c.files, "1", c.extra);
    for (const char* jobs : {"2", "3"}) {
      INFO("--jobs " << jobs);
      const auto many = run_with_jobs(c.files, jobs, c.extra);
      CHECK(many == one);
    }
    // Something to compare: states with counts and seeds, and kernel maxima where there is a
    // kernel.
    CHECK(one.at(0).at("states").size() > 1);
  }
}

TEST_CASE("merging a run cut anywhere gives the whole run", "[merge]") {
  const std::string file = std::string(MMSIM_SOURCE_DIR) +
                           "/scenarios/membarrier/R4-private_expedited-C2-nohz_full-4.14.litmus";
  const auto whole = mmsim::test::run_file(file, "x86", 300, 5);
  std::vector<mmsim::RunResult> parts;
  const std::uint64_t cuts[] = {0, 1, 117, 118, 300};
  for (std::size_t k = 0; k + 1 < std::size(cuts); ++k)
    parts.push_back(
        mmsim::test::run_file(file, "x86", cuts[k + 1] - cuts[k], 5 + cuts[k]).result);
  const mmsim::RunResult merged = mmsim::merge_runs(parts);
  const mmsim::RunResult& w = whole.result;
  REQUIRE(merged.rows.size() == w.rows.size());
  for (std::size_t i = 0; i < w.rows.size(); ++i) {
    CHECK(merged.rows[i].state == w.rows[i].state);
    CHECK(merged.rows[i].count == w.rows[i].count);
    CHECK(merged.rows[i].seed == w.rows[i].seed);
  }
  CHECK(merged.trials == w.trials);
  CHECK(merged.positive == w.positive);
  CHECK(merged.negative == w.negative);
  CHECK(merged.cycles.min == w.cycles.min);
  CHECK(merged.cycles.max == w.cycles.max);
  CHECK(merged.cycles.mean == w.cycles.mean);
  CHECK(merged.stats == w.stats);
  // Maxima among them: the store buffer's and a system call's longest.
  CHECK(w.stats.value("sb_max_occupancy") > 0);
  CHECK(w.stats.value("syscall.cycles.max", "membarrier") > 0);
}

TEST_CASE("Ctrl-C under --jobs: every worker stops, none is left, the result is partial",
          "[cli]") {
  for (const bool group : {false, true}) {
    INFO((group ? "SIGINT to the process group (a terminal's Ctrl-C)" : "SIGINT to mmsim"));
    const auto f = write_tmp("jobs-int.litmus", kSB);
    const auto json = write_tmp("jobs-int.json", "");
    ProcOptions po;
    po.signal = SIGINT;
    po.signal_group = group;
    po.delay = std::chrono::milliseconds(700);
    const auto t0 = std::chrono::steady_clock::now();
    const Proc p =
        run_binary({"run", f, "--trials", "100000000", "--jobs", "2", "--json", json}, po);
    const auto took = std::chrono::steady_clock::now() - t0;
    CHECK(p.status == 130);
    CHECK_FALSE(p.group_left);
    CHECK(took < std::chrono::seconds(5));  // the run itself would take minutes
    const auto doc = nlohmann::json::parse(slurp(json));
    CHECK(doc["partial"] == true);
    const auto& res = doc["results"][0];
    CHECK(res["partial"] == true);
    const auto done = res["trials"].get<std::uint64_t>();
    CHECK(done > 0);
    CHECK(done < 100000000);
    CHECK(res["positive"].get<std::uint64_t>() + res["negative"].get<std::uint64_t>() == done);
  }
}

TEST_CASE("shards: the halves of a run, merged, give what one run gives", "[cli]") {
  const std::string root = MMSIM_SOURCE_DIR;
  const auto sb = write_tmp("shard-sb.litmus", kSB);
  const std::vector<std::string> files = {
      sb, root + "/scenarios/membarrier/R4-private_expedited-C2-nohz_full-4.14.litmus",
      root + "/scenarios/litmus/C-IRIW+poonceonces.litmus"};
  // SB is x86 assembly: SB on its own arch, the C files (a kernel scenario among them) on
  // powerpc, in two runs.
  for (const bool c_files : {false, true}) {
    std::vector<std::string> fs =
        c_files ? std::vector<std::string>{files[1], files[2]} : std::vector<std::string>{sb};
    std::vector<std::string> ex = {"--trials", "777", "--seed", "3"};
    if (c_files) ex.insert(ex.end(), {"--arch", "powerpc"});
    const auto whole = run_with_jobs(fs, "1", ex);
    std::vector<std::string> merge_args = {"merge"};
    for (const char* part : {"0/3", "1/3", "2/3"}) {
      const auto json = write_tmp(std::string("shard-") + part[0] + ".json", "");
      std::vector<std::string> args = {"run"};
      args.insert(args.end(), fs.begin(), fs.end());
      args.insert(args.end(), ex.begin(), ex.end());
      args.insert(args.end(), {"--shard", part, "--jobs", "2", "--json", json, "--quiet"});
      const Proc p = run_binary(args, {});
      REQUIRE(p.status == 0);
      merge_args.push_back(json);
    }
    // The slices in any order.
    std::swap(merge_args[1], merge_args[3]);
    const auto merged_json = write_tmp("shard-merged.json", "");
    merge_args.insert(merge_args.end(), {"--json", merged_json});
    const Proc m = run_binary(merge_args, {});
    INFO(m.err);
    REQUIRE(m.status == 0);
    CHECK(results_of(merged_json) == whole);
    CHECK(m.out.find("Test ") != std::string::npos);
  }
}

TEST_CASE("merge refuses a slice missing or given twice; --shard checks its value", "[cli]") {
  const auto sb = write_tmp("shard-err.litmus", kSB);
  const auto a = write_tmp("shard-err-0.json", "");
  const Proc p = run_binary({"run", sb, "--trials", "100", "--shard", "0/2", "--json", a}, {});
  REQUIRE(p.status == 0);
  const Proc missing = run_binary({"merge", a}, {});
  CHECK(missing.status == 2);
  CHECK(missing.err.find("slice 1/2 missing") != std::string::npos);
  const Proc twice = run_binary({"merge", a, a}, {});
  CHECK(twice.status == 2);
  CHECK(twice.err.find("slice 0/2 given twice") != std::string::npos);
  for (const char* bad : {"2/2", "1", "a/2", "0/0", "-1/2"}) {
    INFO(bad);
    const Proc q = run_binary({"run", sb, "--shard", bad}, {});
    CHECK(q.status == 2);
    CHECK(q.err.find("--shard") != std::string::npos);
  }
}

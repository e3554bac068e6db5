// How often each kernel scenario shows its condition in each timing mode: explore (the
// default: counts of what the adversary found, not frequencies) and realistic (a real
// machine's latencies: frequencies). Prints a table and writes
// bench/results/x86-scenario-frequencies.json with the machine and command. A long sweep
// (realistic runs wait out real grace periods), so it lives here and not in CTest.
//
// usage: mmsim_scenario_frequencies [--trials N] [--realistic-trials N] [--out DIR]
//                                   [--scenarios DIR]
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <systemc>

#include "app/arch_registry.h"
#include "app/run_command.h"
#include "bench/bench_output.h"

namespace {

struct Column {
  std::uint64_t positive = 0, trials = 0, limit_hits = 0;
  double mean_cycles = 0;
  std::string error;
};

Column run(const mmsim::ArchRegistry& archs, const std::string& file, std::uint64_t trials,
           std::vector<std::string> sets, std::string& test, std::string& expected) {
  mmsim::RunOptions opt;
  opt.arch = "x86";
  opt.trials = trials;
  opt.sets = std::move(sets);
  std::vector<std::unique_ptr<mmsim::Scenario>> keep;
  const mmsim::RunRecord rec = mmsim::run_file(archs, opt, file, keep);
  Column c;
  if (rec.error) {
    c.error = rec.error->message;
    return c;
  }
  test = rec.test;
  expected = rec.scenario->test.expected.value_or("?");  // the x86 Result(x86): line if any
  c.positive = rec.result.positive;
  c.trials = rec.result.trials;
  c.limit_hits = rec.result.unfinished;
  c.mean_cycles = rec.result.cycles.mean;
  return c;
}

std::string cell(const Column& c) {
  if (!c.error.empty()) return "error";
  std::string s = fmt::format("{}/{}", c.positive, c.trials);
  if (c.limit_hits) s += fmt::format(" ({} at limit)", c.limit_hits);
  return s;
}

nlohmann::json to_json(const Column& c) {
  if (!c.error.empty()) return {{"error", c.error}};
  return {{"positive", c.positive},
          {"trials", c.trials},
          {"unfinished", c.limit_hits},
          {"mean_cycles", c.mean_cycles}};
}

}  // namespace

int sc_main(int argc, char** argv) {
  setenv("SC_COPYRIGHT_MESSAGE", "DISABLE", 0);
  std::uint64_t trials = 2000, realistic_trials = 200;
  std::string out_dir = "bench/results";
  std::string root = "scenarios";
  const std::string cmdline = mmsim::bench::command_line(argc, argv);
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    if (a == "--trials") trials = std::stoull(argv[i + 1]);
    else if (a == "--realistic-trials") realistic_trials = std::stoull(argv[i + 1]);
    else if (a == "--out") out_dir = argv[i + 1];
    else if (a == "--scenarios") root = argv[i + 1];
  }
  std::vector<std::string> files;
  for (const char* dir : {"membarrier", "rcu", "bpf"})
    for (const auto& e : std::filesystem::directory_iterator(root + "/" + dir))
      if (e.path().extension() == ".litmus") files.push_back(e.path().string());
  std::sort(files.begin(), files.end());
  auto label = [](const std::string& f) {
    const std::filesystem::path p(f);
    return p.parent_path().filename().string() + "/" + p.stem().string();
  };
  std::size_t width = 8;
  for (const auto& f : files) width = std::max(width, label(f).size() + 2);

  const mmsim::ArchRegistry archs = mmsim::make_arch_registry();
  nlohmann::json doc;
  doc["command"] = cmdline;
  doc["host_cores"] = std::thread::hardware_concurrency();
  doc["explore_sets"] = nlohmann::json::array();
  doc["realistic_sets"] = {"timing.mode=realistic"};
  std::cout << fmt::format("{:<{}}{:<11}{:>18}{:>18}\n", "scenario", width, "Result",
                           "explore", "realistic");
  for (const auto& f : files) {
    std::string test, expected;
    const Column written = run(archs, f, trials, {}, test, expected);
    const Column real =
        run(archs, f, realistic_trials, {"timing.mode=realistic"}, test, expected);
    std::cout << fmt::format("{:<{}}{:<11}{:>18}{:>18}\n", label(f), width, expected,
                             cell(written), cell(real))
              << std::flush;
    doc["results"].push_back({{"file", f},
                              {"test", test},
                              {"expected", expected},
                              {"explore", to_json(written)},
                              {"realistic", to_json(real)}});
  }
  mmsim::bench::write_result(out_dir, "x86-scenario-frequencies.json", doc);
  std::_Exit(0);
}

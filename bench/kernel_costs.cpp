// What each membarrier flavour and an RCU-sched grace period cost on every arch under
// realistic timing (the kernel's defaults: HZ=1000, the first FQS scan 3 jiffies into a grace
// period, 2 GHz unless the scenario's Config= says otherwise). Runs a few kernel scenarios
// per arch, prints a Markdown table (docs/kernel-model.md, "Costs") and writes
// bench/results/kernel-costs.json with the machine and command.
//
// usage: mmsim_kernel_costs [--trials N] [--out DIR] [--scenarios DIR]
#include <cstdlib>
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

// The scenario and the kernel call whose cost it shows.
struct Row {
  const char* file;
  const char* call;  // the syscall.<call> stats
  const char* what;
};
const Row kRows[] = {
    {"membarrier/headline-global-nohz_full.litmus", "membarrier",
     "GLOBAL (4.3): synchronize_sched(), one grace period"},
    {"membarrier/headline-private-expedited-nohz_full.litmus", "membarrier",
     "PRIVATE_EXPEDITED (6.8): one IPI round"},
    {"membarrier/R2-sched_expedited-C1-ticking-4.14.litmus", "synchronize_sched_expedited",
     "synchronize_sched_expedited() (4.14)"},
    {"membarrier/R3-global_expedited-C1-ticking-6.8.litmus", "membarrier",
     "GLOBAL_EXPEDITED (6.8): IPIs to registered CPUs"},
};

double per(std::uint64_t total, std::uint64_t n) {
  return n ? static_cast<double>(total) / static_cast<double>(n) : 0.0;
}

std::string micros(double cycles, std::uint64_t mhz) {
  const double us = mhz ? cycles / static_cast<double>(mhz) : 0.0;
  return us >= 1000 ? fmt::format("{:.2f} ms", us / 1000) : fmt::format("{:.2f} µs", us);
}

}  // namespace

int sc_main(int argc, char** argv) {
  setenv("SC_COPYRIGHT_MESSAGE", "DISABLE", 0);
  std::uint64_t trials = 200;
  std::string out_dir = "bench/results";
  std::string root = "scenarios";
  const std::string cmdline = mmsim::bench::command_line(argc, argv);
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    if (a == "--trials") trials = std::stoull(argv[i + 1]);
    else if (a == "--out") out_dir = argv[i + 1];
    else if (a == "--scenarios") root = argv[i + 1];
  }
  const mmsim::ArchRegistry archs = mmsim::make_arch_registry();
  nlohmann::json doc;
  doc["command"] = cmdline;
  doc["host_cores"] = std::thread::hardware_concurrency();
  doc["sets"] = {"timing.mode=realistic"};
  doc["trials"] = trials;
  std::cout << "| call | arch | mean cycles | mean time | max cycles | grace period (mean) | IPIs "
               "per call |\n|---|---|---|---|---|---|---|\n";
  for (const Row& row : kRows) {
    for (const char* arch : {"x86", "arm64", "powerpc"}) {
      mmsim::RunOptions opt;
      opt.arch = arch;
      opt.trials = trials;
      opt.sets = {"timing.mode=realistic"};
      std::vector<std::unique_ptr<mmsim::Scenario>> keep;
      const mmsim::RunRecord rec = mmsim::run_file(archs, opt, root + "/" + row.file, keep);
      nlohmann::json j = {{"file", row.file}, {"call", row.call}, {"arch", arch}};
      if (rec.error) {
        j["error"] = rec.error->message;
        doc["results"].push_back(j);
        std::cout << fmt::format("| {} | {} | error | | | | |\n", row.what, arch);
        continue;
      }
      const mmsim::RunResult& r = rec.result;
      const mmsim::StatSet& st = r.stats;
      const std::uint64_t calls = st.value("syscall.calls", row.call);
      const std::uint64_t max = st.value("syscall.cycles.max", row.call);
      const double mean = per(st.value("syscall.cycles", row.call), calls);
      const double gp = per(st.value("rcu.gp_cycles"), st.value("rcu.grace_periods"));
      const double ipis = per(st.value("ipi.sent"), calls);
      j.update({{"cpu_mhz", r.cpu_mhz},
                {"trials", r.trials},
                {"unfinished", r.unfinished},
                {"calls", calls},
                {"mean_cycles", mean},
                {"max_cycles", max},
                {"grace_periods", st.value("rcu.grace_periods")},
                {"gp_mean_cycles", gp},
                {"ipis_sent", st.value("ipi.sent")}});
      doc["results"].push_back(j);
      std::cout << fmt::format("| {} | {} | {:.0f} | {} | {} | {} | {:.2f} |\n", row.what, arch,
                               mean, micros(mean, r.cpu_mhz), max,
                               gp > 0 ? micros(gp, r.cpu_mhz) : "—", ipis)
                << std::flush;
    }
  }
  mmsim::bench::write_result(out_dir, "kernel-costs.json", doc);
  std::_Exit(0);
}

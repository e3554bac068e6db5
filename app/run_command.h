// Running one litmus file: parse, lower, simulate, and collect what report/ needs. A file
// that fails becomes an error record (the other files of a run still run); the command line
// around it is in run_session.h.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "report/run_record.h"
#include "sim/arch/i_arch_model.h"
#include "sim/base/params.h"
#include "sim/engine/simulation.h"

namespace mmsim {

struct RunOptions {
  std::vector<std::string> files;
  std::string arch;  // "" = the test's own (asm) or x86 (C)
  std::uint64_t trials = 10000;
  std::uint64_t seed = 1;
  std::vector<std::string> sets;  // name=value
};

// Every parameter a run can take, with defaults (the arch-independent ones plus every arch's).
Params declared_params(const ArchRegistry& archs);

struct RunBatch {
  std::vector<std::unique_ptr<Scenario>> scenarios;
  std::vector<RunRecord> records;
};

// Lowers a parsed test for `arch` (C tests may call the kernel's system calls).
std::unique_ptr<Scenario> prepare(LitmusTest test, const IArchModel& arch, const Params& params);
// Runs the trials, with the kernel model when the scenario needs one; `hook` as for
// Simulation::run.
RunResult simulate(Scenario& scenario, const Params& params, std::uint64_t trials,
                   std::uint64_t seed, const TrialHook& hook = {});

// Optional observers of one file's run.
struct FileHooks {
  std::function<void(const LitmusTest&)> parsed;  // once the file parsed (its warnings)
  TrialHook trial;                                // before each trial
};

// Runs one file; errors become the record's `error`. The record points into `keep`.
RunRecord run_file(const ArchRegistry& archs, const RunOptions& opt, const std::string& file,
                   std::vector<std::unique_ptr<Scenario>>& keep, const FileHooks& hooks = {});
RunBatch run_files(const ArchRegistry& archs, const RunOptions& opt);

}  // namespace mmsim

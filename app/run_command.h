// Running one litmus file: parse, lower, simulate, and collect what report/ needs. A file
// that fails becomes an error record (the other files of a run still run); the command line
// around it is in run_session.h.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
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
  unsigned jobs = 1;              // worker processes (worker_pool.h; run_file runs in-process)
  std::uint64_t shard_index = 0, shard_count = 1;  // --shard I/N: this slice of the trials
  std::uint64_t part_index = 0, part_count = 1;    // a --jobs worker's part of that slice
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

// The trials a run of `opt` makes: the first one (from 0) and how many. --shard I/N takes
// T*I/N to T*(I+1)/N of the T trials; a worker's part K of P takes the same cut of that.
std::pair<std::uint64_t, std::uint64_t> shard_slice(const RunOptions& opt);

// Optional observers of one file's run.
struct FileHooks {
  std::function<void(const LitmusTest&)> parsed;  // once the file parsed (its warnings)
  TrialHook trial;                                // before each trial (progress, stop)
};

// Everything of run_file but the trials: the record with its scenario (last in `keep`),
// parameters, requested trials (its slice's) and first seed (result.seed), or its error.
RunRecord prepare_file(const ArchRegistry& archs, const RunOptions& opt, const std::string& file,
                       std::vector<std::unique_ptr<Scenario>>& keep, const FileHooks& hooks = {});
// Runs one file's trials (its slice of them) in this process; errors become the record's
// `error`. The record points into `keep`.
RunRecord run_file(const ArchRegistry& archs, const RunOptions& opt, const std::string& file,
                   std::vector<std::unique_ptr<Scenario>>& keep, const FileHooks& hooks = {});
RunBatch run_files(const ArchRegistry& archs, const RunOptions& opt);

}  // namespace mmsim

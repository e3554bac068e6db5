// `mmsim run`: parse, lower, simulate and report each file; a file that fails becomes an
// error record and the others still run.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "report/run_record.h"
#include "sim/arch/i_arch_model.h"
#include "sim/base/params.h"

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
// Runs the trials, with the kernel model when the scenario needs one.
RunResult simulate(Scenario& scenario, const Params& params, std::uint64_t trials,
                   std::uint64_t seed);

// Runs one file; errors become the record's `error`.
RunRecord run_file(const ArchRegistry& archs, const RunOptions& opt, const std::string& file,
                   std::vector<std::unique_ptr<Scenario>>& keep);
RunBatch run_files(const ArchRegistry& archs, const RunOptions& opt);

}  // namespace mmsim

// What report/ formats for one file of a run: the scenario, the parameters and the result,
// or the error that stopped it. Built by the application; report/ only reads it.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "report/verdict.h"
#include "sim/base/params.h"
#include "sim/scenario/outcome_table.h"
#include "sim/scenario/scenario.h"

namespace mmsim {

struct RunError {
  std::string kind;  // parse | unsupported | param | usage | internal
  std::string message;
  int line = 0, column = 0;  // 0 = unknown
  // What line and column refer to when it is not the record's file ("--set" for a --set
  // value that only the machine rejects); empty = the file.
  std::string source;
};

// `mmsim run --shard I/N`: this record holds trials [first_trial, first_trial + its trials)
// of a run of `total_trials` from `total_seed`, for `mmsim merge` to put back together.
struct Shard {
  std::uint64_t index = 0, count = 1, first_trial = 0, total_trials = 0, total_seed = 0;
};

struct RunRecord {
  std::string file;
  std::string test;  // test name when the header could be read
  std::string arch;
  const Scenario* scenario = nullptr;  // null on error
  RunResult result;
  std::optional<RunError> error;
  Params params;  // every parameter in effect: defaults, then Config=, then --set
  std::uint64_t requested_trials = 0;
  bool partial = false;  // interrupted: result.trials < requested_trials
  std::vector<Warning> warnings;
  std::optional<Shard> shard;
};

// herd7 vocabulary derived from a result.
const char* quantifier_kind(Quantifier q);  // Allowed | Forbidden | Required
const char* observation(const RunResult& r);  // Never | Sometimes | Always
bool validated(Quantifier q, const RunResult& r);  // the "Ok" / "No" line

// The claim that applies on the record's arch, and how the result stands against it.
std::optional<Claim> record_claim(const RunRecord& rec);
Verdict record_verdict(const RunRecord& rec);

// "explore" or "realistic": the timing.mode parameter.
std::string timing_mode(const Params& p);
// Parameters whose value differs from the declared default, by name.
std::vector<std::pair<std::string, std::string>> non_default_params(const Params& p);

}  // namespace mmsim

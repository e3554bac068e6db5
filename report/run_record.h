// What report/ formats for one file of a run: the scenario and its result, or the error that
// stopped it. Built by the application; report/ only reads it.
#pragma once
#include <optional>
#include <string>

#include "sim/scenario/outcome_table.h"
#include "sim/scenario/scenario.h"

namespace mmsim {

struct RunError {
  std::string kind;  // parse | unsupported | param | internal
  std::string message;
  int line = 0, column = 0;
};

struct RunRecord {
  std::string file;
  std::string test;  // test name when the header could be read
  std::string arch;
  const Scenario* scenario = nullptr;  // null on error
  RunResult result;
  std::optional<RunError> error;
};

// herd7 vocabulary derived from a result.
const char* quantifier_kind(Quantifier q);  // Allowed | Forbidden | Required
const char* observation(const RunResult& r);  // Never | Sometimes | Always
bool validated(Quantifier q, const RunResult& r);  // the "Ok" / "No" line
// Whether `expected` (a Result: word) agrees with the observation; unknown words agree.
bool expectation_holds(const std::optional<std::string>& expected, const RunResult& r);

}  // namespace mmsim

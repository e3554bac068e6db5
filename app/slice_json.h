// A slice of a run (`--shard I/N`, or a --jobs worker's share) as its JSON result holds it
// (report/json_report.cpp writes the "shard" object), read back into the RunResult that
// run_merge.h folds. Throws nlohmann::json::exception on a result without what it needs.
#pragma once
#include <nlohmann/json.hpp>

#include "sim/scenario/outcome_table.h"

namespace mmsim {

RunResult slice_result(const nlohmann::json& result);

}  // namespace mmsim

// A slice of a run (`--shard I/N`, or a --jobs worker's share) as its JSON result holds it
// (report/json_report.cpp writes the "shard" object), read back into the RunResult that
// run_merge.h folds. Throws nlohmann::json::exception on a result without what it needs.
#pragma once
#include <nlohmann/json.hpp>
#include <vector>

#include "report/run_record.h"
#include "sim/scenario/outcome_table.h"

namespace mmsim {

RunResult slice_result(const nlohmann::json& result);

// `rec` (prepared: scenario, parameters, requested trials, first seed in result.seed)
// completed with its trials run elsewhere, `parts` being each part's JSON result or error
// entry in trial order: what running them here gives (`seconds`: the slowest part's). The
// first error entry becomes the record's error.
void merge_slices(RunRecord& rec, const std::vector<nlohmann::json>& parts);

}  // namespace mmsim

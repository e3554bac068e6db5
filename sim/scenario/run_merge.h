// Merging runs of the same scenario over disjoint trials (worker processes, MPI ranks,
// shards) into the run one process would have made of all of them: states by state with
// counts summed and the lowest witness seed, aggregates summed, cycle extremes and each stat
// by its declared reduction (StatSet::merge), the mean from
// the summed cycles. Exact: merging the parts of a run split anywhere gives the same values.
#pragma once
#include <vector>

#include "sim/scenario/outcome_table.h"

namespace mmsim {

// `parts` in trial order (the first one's seed is the run's); seconds and notices from the
// first, the caller's to correct. Empty `parts`: an empty result.
RunResult merge_runs(const std::vector<RunResult>& parts);

}  // namespace mmsim

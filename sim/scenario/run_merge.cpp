#include "sim/scenario/run_merge.h"

#include <algorithm>
#include <map>

namespace mmsim {

RunResult merge_runs(const std::vector<RunResult>& parts) {
  RunResult r;
  if (parts.empty()) return r;
  r.seed = parts.front().seed;
  r.cpu_mhz = parts.front().cpu_mhz;
  r.notices = parts.front().notices;
  r.seconds = parts.front().seconds;
  std::map<State, OutcomeRow> rows;
  std::uint64_t counted = 0;
  for (const RunResult& p : parts) {
    r.trials += p.trials;
    r.positive += p.positive;
    r.negative += p.negative;
    r.filtered += p.filtered;
    r.unfinished += p.unfinished;
    const std::uint64_t finished = p.positive + p.negative + p.filtered;
    if (finished > 0) {
      r.cycles.min = counted == 0 ? p.cycles.min : std::min(r.cycles.min, p.cycles.min);
      r.cycles.max = std::max(r.cycles.max, p.cycles.max);
      r.cycle_sum += p.cycle_sum;
      counted += finished;
    }
    r.stats.merge(p.stats);
    for (const OutcomeRow& row : p.rows) {
      auto [it, fresh] = rows.try_emplace(row.state, row);
      if (fresh) continue;
      it->second.count += row.count;
      it->second.seed = std::min(it->second.seed, row.seed);
    }
  }
  r.cycles.mean = counted ? static_cast<double>(r.cycle_sum) / static_cast<double>(counted) : 0;
  for (auto& [state, row] : rows) r.rows.push_back(std::move(row));
  return r;
}

}  // namespace mmsim

#include "app/slice_json.h"

#include <algorithm>
#include <stdexcept>

#include "report/stats_json.h"
#include "sim/scenario/run_merge.h"

namespace mmsim {

RunResult slice_result(const nlohmann::json& j) {
  const auto& sh = j.at("shard");
  RunResult r;
  j.at("trials").get_to(r.trials);
  j.at("seed").get_to(r.seed);
  const auto& states = j.at("states");
  const auto& raw = sh.at("states");
  if (raw.size() != states.size())
    throw std::invalid_argument("a slice's raw states do not match its states");
  for (std::size_t i = 0; i < states.size(); ++i) {
    OutcomeRow row;
    raw[i].get_to(row.state);
    states[i].at("count").get_to(row.count);
    states[i].at("seed").get_to(row.seed);
    states[i].at("satisfies").get_to(row.satisfies);
    r.rows.push_back(std::move(row));
  }
  j.at("positive").get_to(r.positive);
  j.at("negative").get_to(r.negative);
  j.at("filtered").get_to(r.filtered);
  j.at("unfinished").get_to(r.unfinished);
  j.at("cycles").at("min").get_to(r.cycles.min);
  j.at("cycles").at("max").get_to(r.cycles.max);
  sh.at("cycle_sum").get_to(r.cycle_sum);
  r.stats = read_typed_stats(sh.at("stats"));
  j.at("notices").get_to(r.notices);
  j.at("seconds").get_to(r.seconds);
  return r;
}

void merge_slices(RunRecord& rec, const std::vector<nlohmann::json>& parts) {
  if (rec.error) return;
  try {
    std::vector<RunResult> results;
    double seconds = 0;
    for (const auto& part : parts) {
      if (part.contains("error")) {
        const auto& e = part.at("error");
        rec.error = RunError{e.at("kind").get<std::string>(), e.at("message").get<std::string>(),
                             e.at("line").is_number() ? e.at("line").get<int>() : 0,
                             e.at("column").is_number() ? e.at("column").get<int>() : 0, ""};
        return;
      }
      results.push_back(slice_result(part));
      seconds = std::max(seconds, results.back().seconds);
    }
    const std::uint64_t seed = rec.result.seed;
    rec.result = merge_runs(results);
    rec.result.seed = seed;
    rec.result.seconds = seconds;
    rec.result.cpu_mhz = static_cast<std::uint64_t>(rec.params.get_int("cpu.mhz"));
    rec.partial = rec.result.trials < rec.requested_trials;
  } catch (const std::exception& e) {
    rec.error = RunError{"internal", e.what(), 0, 0, ""};
  }
}

}  // namespace mmsim

#include "app/slice_json.h"

#include <stdexcept>

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
  j.at("stats").get_to(r.stats);
  sh.at("maxima").get_to(r.maxima);
  j.at("notices").get_to(r.notices);
  j.at("seconds").get_to(r.seconds);
  return r;
}

}  // namespace mmsim

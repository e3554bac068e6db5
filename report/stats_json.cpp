#include "report/stats_json.h"

namespace mmsim {

nlohmann::ordered_json typed_stats(const StatSet& stats) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const Stat& s : stats.all()) {
    nlohmann::ordered_json j;
    j["name"] = s.id.name;
    j["call"] = s.id.call.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(s.id.call);
    j["cpu"] = s.id.cpu < 0 ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(s.id.cpu);
    j["unit"] = unit_name(s.unit);
    j["reduction"] = reduction_name(s.reduction);
    j["value"] = s.value;
    out.push_back(std::move(j));
  }
  return out;
}

StatSet read_typed_stats(const nlohmann::json& list) {
  StatSet out;
  for (const auto& j : list) {
    Stat s;
    j.at("name").get_to(s.id.name);
    if (!j.at("call").is_null()) j.at("call").get_to(s.id.call);
    if (!j.at("cpu").is_null()) j.at("cpu").get_to(s.id.cpu);
    s.unit = parse_unit(j.at("unit").get<std::string>());
    s.reduction = parse_reduction(j.at("reduction").get<std::string>());
    j.at("value").get_to(s.value);
    out.add(s);
  }
  return out;
}

}  // namespace mmsim

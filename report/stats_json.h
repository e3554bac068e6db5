// Stats with their types in JSON, for what merges them later (a shard's "shard.stats",
// docs/json.md): one object per stat — name, call, cpu, unit, reduction, value — so that a
// merge reduces each as declared without knowing any component. The report's own "stats"
// object (name → value) is json_report.cpp's.
#pragma once
#include <nlohmann/json.hpp>

#include "sim/stats/stat_set.h"

namespace mmsim {

nlohmann::ordered_json typed_stats(const StatSet& stats);
// std::invalid_argument or a nlohmann exception for a malformed list.
StatSet read_typed_stats(const nlohmann::json& list);

}  // namespace mmsim

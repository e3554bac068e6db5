#include "sim/stats/stat_set.h"

#include <algorithm>
#include <stdexcept>

namespace mmsim {

std::string stat_key(const StatId& id) {
  std::string key = id.name;
  if (!id.call.empty()) {
    const std::size_t dot = key.find('.');
    key.insert(dot == std::string::npos ? key.size() : dot, "." + id.call);
  }
  if (id.cpu >= 0) key += ".cpu" + std::to_string(id.cpu);
  return key;
}

const char* unit_name(StatUnit u) {
  switch (u) {
    case StatUnit::Events: return "events";
    case StatUnit::Cycles: return "cycles";
    case StatUnit::Entries: return "entries";
  }
  return "events";
}

const char* reduction_name(StatReduction r) { return r == StatReduction::Max ? "max" : "sum"; }

StatUnit parse_unit(const std::string& s) {
  for (StatUnit u : {StatUnit::Events, StatUnit::Cycles, StatUnit::Entries})
    if (s == unit_name(u)) return u;
  throw std::invalid_argument("unknown stat unit '" + s + "'");
}

StatReduction parse_reduction(const std::string& s) {
  for (StatReduction r : {StatReduction::Sum, StatReduction::Max})
    if (s == reduction_name(r)) return r;
  throw std::invalid_argument("unknown stat reduction '" + s + "'");
}

void StatSet::add(const StatDecl& d, std::uint64_t v, const std::string& call, int cpu) {
  add(Stat{StatId{d.name, call, cpu}, d.unit, d.reduction, v});
}

void StatSet::add(const Stat& s) {
  auto [it, fresh] = stats_.try_emplace(s.id, s);
  if (fresh) return;
  Stat& have = it->second;
  if (have.unit != s.unit || have.reduction != s.reduction)
    throw std::invalid_argument("stat " + stat_key(s.id) + " declared twice, differently");
  have.value = s.reduction == StatReduction::Max ? std::max(have.value, s.value)
                                                 : have.value + s.value;
}

void StatSet::merge(const StatSet& other) {
  for (const auto& [id, s] : other.stats_) add(s);
}

std::uint64_t StatSet::value(const std::string& name, const std::string& call, int cpu) const {
  const auto it = stats_.find(StatId{name, call, cpu});
  return it == stats_.end() ? 0 : it->second.value;
}

bool StatSet::has(const std::string& name, const std::string& call, int cpu) const {
  return stats_.count(StatId{name, call, cpu}) != 0;
}

std::vector<std::string> StatSet::calls(const std::string& name) const {
  std::vector<std::string> out;
  for (const auto& [id, s] : stats_)
    if (id.name == name && !id.call.empty()) out.push_back(id.call);
  return out;
}

int StatSet::cpus(const std::string& name) const {
  int n = 0;
  for (const auto& [id, s] : stats_)
    if (id.name == name) n = std::max(n, id.cpu + 1);
  return n;
}

std::vector<Stat> StatSet::all() const {
  std::vector<Stat> out;
  out.reserve(stats_.size());
  for (const auto& [id, s] : stats_) out.push_back(s);
  return out;
}

}  // namespace mmsim

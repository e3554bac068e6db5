#include "report/json_report.h"

#include <map>

#include "report/stats_json.h"

#include "sim/scenario/litmus_parser.h"

namespace mmsim {
namespace {

nlohmann::ordered_json or_null(int v) { return v > 0 ? nlohmann::ordered_json(v) : nlohmann::ordered_json(nullptr); }

nlohmann::ordered_json state_json(const Scenario& s, const State& state) {
  nlohmann::ordered_json st = nlohmann::ordered_json::object();
  for (std::size_t k = 0; k < state.size() && k < s.keys.size(); ++k) {
    const StateKey& key = s.keys[k];
    const LocationInfo* l = key.is_pointer ? s.layout.at(state[k]) : nullptr;
    if (l)
      st[key.json()] = l->name;
    else
      st[key.json()] = state[k];
  }
  return st;
}

nlohmann::ordered_json warnings_json(const std::vector<Warning>& ws) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const auto& w : ws)
    out.push_back({{"line", or_null(w.pos.line)}, {"column", or_null(w.pos.column)},
                   {"message", w.message}});
  return out;
}

}  // namespace

nlohmann::ordered_json params_json(const Params& p) {
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  for (const auto& [name, d] : p.decls()) {
    switch (d.type) {
      case ParamType::Int: out[name] = p.get_int(name); break;
      case ParamType::Bool: out[name] = p.get_bool(name); break;
      case ParamType::Double: out[name] = p.get_double(name); break;
      case ParamType::String: out[name] = p.get_string(name); break;
    }
  }
  return out;
}

nlohmann::ordered_json to_json(const RunRecord& rec) {
  nlohmann::ordered_json j;
  j["test"] = rec.test.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(rec.test);
  j["file"] = rec.file;
  if (rec.error) {
    j["error"] = {{"kind", rec.error->kind},
                  {"message", rec.error->message},
                  {"line", or_null(rec.error->line)},
                  {"column", or_null(rec.error->column)}};
    return j;
  }
  const Scenario& s = *rec.scenario;
  const RunResult& r = rec.result;
  j["arch"] = rec.arch;
  j["trials"] = r.trials;
  j["seed"] = r.seed;
  j["timing"] = timing_mode(rec.params);
  j["params"] = params_json(rec.params);
  j["condition"] = format_condition(s.test.condition);
  nlohmann::ordered_json states = nlohmann::ordered_json::array();
  for (const auto& row : r.rows)
    states.push_back({{"state", state_json(s, row.state)}, {"count", row.count},
                      {"seed", row.seed}, {"satisfies", row.satisfies}});
  j["states"] = states;
  j["positive"] = r.positive;
  j["negative"] = r.negative;
  j["filtered"] = r.filtered;
  j["unfinished"] = r.unfinished;
  j["observation"] = observation(r);
  j["validated"] = validated(s.test.condition.quantifier, r);
  const auto claim = record_claim(rec);
  j["expected"] = claim ? nlohmann::ordered_json(claim->expectation.word) : nlohmann::ordered_json(nullptr);
  j["expected_scope"] = claim && claim->strict() ? nlohmann::ordered_json(claim->scope)
                                                 : nlohmann::ordered_json(nullptr);
  const char* v = verdict_word(record_verdict(rec));
  j["verdict"] = v ? nlohmann::ordered_json(v) : nlohmann::ordered_json(nullptr);
  j["partial"] = rec.partial;
  j["requested_trials"] = rec.requested_trials;
  j["cycles"] = {{"min", r.cycles.min}, {"mean", r.cycles.mean}, {"max", r.cycles.max}};
  std::map<std::string, std::uint64_t> stats;  // by JSON name, in name order
  for (const Stat& st : r.stats.all()) stats[stat_key(st.id)] = st.value;
  j["stats"] = stats;
  j["warnings"] = warnings_json(rec.warnings);
  j["notices"] = r.notices;
  j["seconds"] = r.seconds;
  if (rec.shard) {
    // What `mmsim merge` needs beyond the report: where the slice lies, and the values a
    // merge reduces exactly (the states as raw values, in the order of "states").
    nlohmann::ordered_json raw = nlohmann::ordered_json::array();
    for (const auto& row : r.rows) raw.push_back(row.state);
    j["shard"] = {{"index", rec.shard->index},
                  {"count", rec.shard->count},
                  {"first_trial", rec.shard->first_trial},
                  {"trials", rec.shard->total_trials},
                  {"seed", rec.shard->total_seed},
                  {"cycle_sum", r.cycle_sum},
                  {"stats", typed_stats(r.stats)},
                  {"states", raw}};
  }
  return j;
}

nlohmann::ordered_json run_document(const std::vector<RunRecord>& recs, const std::string& version,
                            const std::vector<std::string>& command, bool partial) {
  nlohmann::ordered_json doc;
  doc["tool"] = "mmsim";
  doc["version"] = version;
  doc["command"] = command;
  doc["results"] = nlohmann::ordered_json::array();
  for (const auto& r : recs) doc["results"].push_back(to_json(r));
  doc["partial"] = partial;
  return doc;
}

}  // namespace mmsim

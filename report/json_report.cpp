#include "report/json_report.h"

#include "sim/scenario/litmus_parser.h"

namespace mmsim {

nlohmann::json to_json(const RunRecord& rec) {
  nlohmann::json j;
  j["test"] = rec.test;
  j["file"] = rec.file;
  j["arch"] = rec.arch;
  if (rec.error) {
    j["error"] = {{"kind", rec.error->kind},
                  {"message", rec.error->message},
                  {"line", rec.error->line},
                  {"column", rec.error->column}};
    return j;
  }
  const Scenario& s = *rec.scenario;
  const RunResult& r = rec.result;
  j["trials"] = r.trials;
  j["seed"] = r.seed;
  j["condition"] = format_condition(s.test.condition);
  nlohmann::json states = nlohmann::json::array();
  for (const auto& row : r.rows) {
    nlohmann::json st = nlohmann::json::object();
    for (std::size_t k = 0; k < row.state.size(); ++k) {
      const StateKey& key = s.keys[k];
      const LocationInfo* l = key.is_pointer ? s.layout.at(row.state[k]) : nullptr;
      if (l)
        st[key.json()] = l->name;
      else
        st[key.json()] = row.state[k];
    }
    states.push_back({{"state", st}, {"count", row.count}, {"seed", row.seed},
                      {"satisfies", row.satisfies}});
  }
  j["states"] = states;
  j["positive"] = r.positive;
  j["negative"] = r.negative;
  j["observation"] = observation(r);
  j["validated"] = validated(s.test.condition.quantifier, r);
  j["expected"] = s.test.expected ? nlohmann::json(*s.test.expected) : nlohmann::json(nullptr);
  j["unfinished"] = r.unfinished;
  j["filtered"] = r.filtered;
  j["cycles"] = {{"min", r.cycles.min}, {"mean", r.cycles.mean}, {"max", r.cycles.max}};
  j["stats"] = r.stats;
  j["seconds"] = r.seconds;
  j["cpu_mhz"] = r.cpu_mhz;
  return j;
}

nlohmann::json run_document(const std::vector<RunRecord>& recs, const std::string& version) {
  nlohmann::json doc;
  doc["tool"] = "mmsim";
  doc["version"] = version;
  doc["results"] = nlohmann::json::array();
  for (const auto& r : recs) doc["results"].push_back(to_json(r));
  return doc;
}

}  // namespace mmsim

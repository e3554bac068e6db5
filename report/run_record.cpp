#include "report/run_record.h"

namespace mmsim {

const char* quantifier_kind(Quantifier q) {
  switch (q) {
    case Quantifier::Exists: return "Allowed";
    case Quantifier::NotExists: return "Forbidden";
    case Quantifier::Forall: return "Required";
  }
  return "Allowed";
}

const char* observation(const RunResult& r) {
  if (r.positive == 0) return "Never";
  if (r.negative == 0) return "Always";
  return "Sometimes";
}

bool validated(Quantifier q, const RunResult& r) {
  switch (q) {
    case Quantifier::Exists: return r.positive > 0;
    case Quantifier::NotExists: return r.positive == 0;
    case Quantifier::Forall: return r.negative == 0;
  }
  return false;
}

std::optional<Claim> record_claim(const RunRecord& rec) {
  if (!rec.scenario) return std::nullopt;
  return claim_for(rec.scenario->test, rec.arch);
}

Verdict record_verdict(const RunRecord& rec) {
  return rec.scenario ? judge(record_claim(rec), rec.result) : Verdict::None;
}

std::string timing_mode(const Params& p) {
  return p.value("timing.mode");
}

std::vector<std::pair<std::string, std::string>> non_default_params(const Params& p) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [name, d] : p.decls())
    if (p.value(name) != d.default_value) out.emplace_back(name, p.value(name));
  return out;
}

}  // namespace mmsim

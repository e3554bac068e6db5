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

bool expectation_holds(const std::optional<std::string>& expected, const RunResult& r) {
  if (!expected) return true;
  const std::string obs = observation(r);
  if (*expected == "Never" || *expected == "Sometimes" || *expected == "Always")
    return *expected == obs;
  return true;
}

}  // namespace mmsim

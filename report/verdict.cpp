#include "report/verdict.h"

namespace mmsim {

Verdict judge(const std::string& word, bool strict, const RunResult& r) {
  const bool pos = r.positive > 0, neg = r.negative > 0, unf = r.unfinished > 0;
  const bool nothing_judged = !pos && !neg;
  if (word == "DEADLOCK") {
    // herd7 prints `Observation T Never 0 0` for such a test — no execution both completes
    // and passes the filter — and the kernel's judgelitmus.sh reads exactly that as DEADLOCK.
    if (r.trials == 0) return Verdict::Unconfirmed;
    return nothing_judged ? Verdict::Agrees : Verdict::Disagrees;
  }
  if (word == "Never") {
    if (pos) return Verdict::Disagrees;
    return unf || nothing_judged ? Verdict::Unconfirmed : Verdict::Agrees;
  }
  if (word == "Always") {
    if (neg) return Verdict::Disagrees;
    return unf || nothing_judged ? Verdict::Unconfirmed : Verdict::Agrees;
  }
  if (word == "Sometimes") {
    if (pos && neg) return Verdict::Agrees;
    if (unf || nothing_judged) return Verdict::Unconfirmed;
    return strict ? Verdict::Disagrees : Verdict::Consistent;
  }
  return Verdict::None;  // Maybe, Flag
}

Verdict judge(const std::optional<Claim>& claim, const RunResult& r) {
  return claim ? judge(claim->expectation.word, claim->strict(), r) : Verdict::None;
}

const char* verdict_word(Verdict v) {
  switch (v) {
    case Verdict::None: return nullptr;
    case Verdict::Agrees: return "agrees";
    case Verdict::Consistent: return "consistent";
    case Verdict::Disagrees: return "disagrees";
    case Verdict::Unconfirmed: return "unconfirmed";
  }
  return nullptr;
}

bool check_passes(Verdict v) {
  return v == Verdict::None || v == Verdict::Agrees || v == Verdict::Consistent;
}

}  // namespace mmsim

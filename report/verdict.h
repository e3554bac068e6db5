// How a run's result stands against the test's claim (DESIGN §6, §7). A claim is a Result:
// word and whether it is strict (Result(arch): / Result(*): a claim about the simulated
// machine) or the reference model's verdict (Result:). With P positive, N negative and U
// unfinished trials (filtered trials count for nothing; "nothing judged" = P = N = 0):
//   Never      P > 0: disagrees; else U > 0 or nothing judged: unconfirmed; else agrees
//   Always     N > 0: disagrees; else U > 0 or nothing judged: unconfirmed; else agrees
//   Sometimes  P > 0 and N > 0: agrees (unfinished trials cannot undo it); else U > 0 or
//              nothing judged: unconfirmed; else (only one kind seen) the model's verdict is
//              consistent — a stronger machine may show a subset of what the model allows,
//              as the kernel's judgelitmus.sh --hw forgives — and a strict claim disagrees
//   DEADLOCK   no trial finished and passed the filter (herd7's `Never 0 0`: every trial
//              unfinished or filtered): agrees; else disagrees (no trials: unconfirmed)
//   Maybe, Flag: no verdict (None).
// --check passes on agrees, consistent and None.
#pragma once
#include <optional>

#include "sim/scenario/info_words.h"
#include "sim/scenario/outcome_table.h"

namespace mmsim {

enum class Verdict { None, Agrees, Consistent, Disagrees, Unconfirmed };

Verdict judge(const std::string& word, bool strict, const RunResult& r);
Verdict judge(const std::optional<Claim>& claim, const RunResult& r);
// "agrees" | "consistent" | "disagrees" | "unconfirmed"; nullptr for None.
const char* verdict_word(Verdict v);
bool check_passes(Verdict v);

}  // namespace mmsim

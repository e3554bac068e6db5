// herd7/litmus7-style text: `Test X Allowed`, `States N`, one line per final state with its
// count (`*>` marks states satisfying the proposition, as litmus7 does), `Ok`/`No`,
// `Witnesses`, `Positive: P Negative: N`, `Condition ...`, `Observation X Never|Sometimes|Always
// P N`, `Time X s`; then mmsim's own lines (cycles, cycle-limit hits, a confidence bound for
// a never-seen outcome), which herd-reading scripts skip.
#pragma once
#include <ostream>
#include <string>

#include "report/run_record.h"

namespace mmsim {

void write_text(std::ostream& out, const RunRecord& rec);
// One state as herd7 prints it: `0:EAX=0; 1:EAX=1; [y]=2;`
std::string format_state(const Scenario& s, const State& st);

}  // namespace mmsim

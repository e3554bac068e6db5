// herd7/litmus7-style text: `Test X Allowed`, `States N`, one line per final state with its
// count (`*>` marks states satisfying the proposition, as litmus7 does), `Ok`/`No`,
// `Witnesses`, `Positive: P Negative: N`, `Condition ...`, `Observation X Never|Sometimes|Always
// P N`, `Time X s`, first and unchanged; then mmsim's own lines, which herd-reading scripts
// skip: `Arch` (run summary), `Interrupted after K of N trials`, the kernel's costs,
// `Filtered N`, `Unfinished N` (trials stopped at the cycle limit), `Timing explore|realistic`,
// `Params name=value ...` (the non-default parameters in effect), `Expected[(scope)] W:
// verdict` and a confidence bound for a never-seen outcome. A record with an error prints
// nothing: the error goes to stderr once.
#pragma once
#include <ostream>
#include <string>

#include "report/run_record.h"

namespace mmsim {

void write_text(std::ostream& out, const RunRecord& rec);
// One state as herd7 prints it: `0:EAX=0; 1:EAX=1; [y]=2;`
std::string format_state(const Scenario& s, const State& st);

}  // namespace mmsim

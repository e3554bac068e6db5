// The herdtools7 litmus structure parser, for every dialect: header (`X86 SB`, `X86_64 SB`,
// `AArch64 MP`, `PPC IRIW`, `C name`), the quoted description, `Key=Value` info lines, OCaml
// (* *) and C comments, the init block, the thread code (asm: `P0 | P1 ;` columns split into
// per-thread rows; C: `P0(int *x, ...) { body }` functions), then `locations [...]`,
// `filter (...)` and the final condition (`exists`, `~exists`, `forall`).
//
// Contract: returns a LitmusTest whose every element carries its SourcePos; throws
// BadInput("parse", pos, "... (expected ...)") at the first malformed token, naming what was
// expected there. Never reads past the text, never loops forever on any input.
#pragma once
#include <string>

#include "sim/scenario/litmus_test.h"

namespace mmsim {

LitmusTest parse_litmus(const std::string& text, const std::string& file);
// Reads and parses a file; an unreadable file is BadInput("parse", {path}, "cannot read ...").
LitmusTest parse_litmus_file(const std::string& path);

// Parses a condition proposition on its own (used by the parser and by tests).
std::unique_ptr<CondExpr> parse_condition_expr(const std::string& text, const SourcePos& start);

// herd7's printing of a proposition: `0:EAX=0 /\ 1:EAX=0`, locations as `[x]`.
std::string format_condition_expr(const CondExpr& e);
std::string format_condition(const Condition& c);  // "exists (...)" / "~exists (...)" / "forall (...)"

}  // namespace mmsim

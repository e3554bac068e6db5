// Propositions of litmus conditions and filters, and the terms of `locations [...]`.
// Internal to sim/scenario; parse_condition_expr / format_condition (litmus_parser.h) wrap it.
#pragma once
#include <memory>
#include <vector>

#include "sim/scenario/litmus_lexer.h"
#include "sim/scenario/litmus_test.h"

namespace mmsim::litmus_detail {

// Parses one proposition starting at the lexer's next token and stops before the first token
// that cannot continue it (the caller decides whether trailing text is an error).
// Precedence, loosest first: `=>` (right-assoc), `\/`, `/\`, `~`/`not`.
std::unique_ptr<CondExpr> parse_prop(Lexer& lex);

// After the `locations` keyword: `[t1; t2; ...]` with an optional trailing `;`.
std::vector<CondTerm> parse_locations(Lexer& lex);

}  // namespace mmsim::litmus_detail

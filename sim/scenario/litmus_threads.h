// Splitting the thread code of a litmus test into per-thread sources: the `P0 | P1 ;` column
// table of the asm dialects, and the `P0(int *x) { ... }` functions of the C dialect.
// Internal to sim/scenario (used by litmus_parser.cpp).
#pragma once
#include <cstddef>
#include <vector>

#include "sim/scenario/litmus_lexer.h"
#include "sim/scenario/litmus_test.h"

namespace mmsim::litmus_detail {

// Both start right after the init block and return the offset where the thread code ends: the
// first `exists`/`~exists`/`forall`/`locations`/`filter`/`final`, or the end of the text.
// Asm rows are positioned at the cell's first character; an empty cell at the '|' or ';' that
// ends it, and a cell missing from a short row at that row's ';'.
std::size_t parse_asm_threads(const SourceText& src, std::size_t off,
                              std::vector<ThreadSource>& out);
std::size_t parse_c_threads(const SourceText& src, std::size_t off, std::vector<ThreadSource>& out);

// "int", "int*", "volatile int*", "struct srcu_struct*": words joined by one space, pointer
// stars appended without spaces. `words` holds identifiers and "*" tokens in source order.
std::string normalise_type(const std::vector<std::string>& words);

}  // namespace mmsim::litmus_detail

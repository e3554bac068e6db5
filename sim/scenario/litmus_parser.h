// The herdtools7 litmus structure parser, for every dialect: header (`X86 SB`, `X86_64 SB`,
// `AArch64 MP`, `PPC IRIW`, `C name`), the quoted description, `Key=Value` info lines, OCaml
// (* *) and C comments, the init block, the thread code (asm: `P0 | P1 ;` columns split into
// per-thread rows; C: `P0(int *x, ...) { body }` functions), then `locations [...]`,
// `filter (...)` and the final condition (`exists`, `~exists`, `forall`).
//
// Contract: returns a LitmusTest whose every element carries its SourcePos; throws
// BadInput("parse", pos, "... (expected ...)") at the first malformed token, naming what was
// expected there. Never reads past the text, never loops forever on any input. Text with a NUL
// byte is a binary file: BadInput at the first one. The header comment's Result lines must
// hold verdict words (parse_expectation); the info lines mmsim reads are checked
// (check_info_lines: misspelt keys become warnings, a thread placed twice is BadInput).
//
// Accepted headers: the caller passes the header tokens it can run (the app derives them from
// its arch registry: app/arch_registry.h, litmus_headers()); any other header is
// BadInput("unsupported") at the header, listing the accepted ones. "C" selects the C thread
// splitter, every other header the asm column splitter.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include "sim/scenario/litmus_test.h"

namespace mmsim {

// The headers accepted when the caller names none: every dialect the structure parser can
// split (X86, X86_64, AArch64, PPC, C), whether or not a model runs it.
const std::vector<std::string>& default_litmus_headers();

LitmusTest parse_litmus(const std::string& text, const std::string& file,
                        const std::vector<std::string>& headers = default_litmus_headers());

// Litmus tests are a few kilobytes; anything past this is not one, and reading it whole
// (say a disk image given by mistake) would only waste memory before the parse fails.
constexpr std::size_t kMaxLitmusBytes = std::size_t{1} << 20;

// Reads and parses a file. An unreadable file is BadInput("parse", {path}, "cannot read
// <path>: <the system's reason>"); a file over kMaxLitmusBytes is BadInput without reading
// the rest (so a device or pipe that never ends is refused too).
LitmusTest parse_litmus_file(const std::string& path,
                             const std::vector<std::string>& headers = default_litmus_headers());

// Parses a condition proposition on its own (used by the parser and by tests).
std::unique_ptr<CondExpr> parse_condition_expr(const std::string& text, const SourcePos& start);

// herd7's printing of a proposition: `0:EAX=0 /\ 1:EAX=0`, locations as `[x]`.
std::string format_condition_expr(const CondExpr& e);
std::string format_condition(const Condition& c);  // "exists (...)" / "~exists (...)" / "forall (...)"

}  // namespace mmsim

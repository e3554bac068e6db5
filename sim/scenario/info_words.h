// What mmsim reads from a litmus preamble beyond herd7's structure: the words of an info line
// (`Config=a=1 b=2`, `Affinity=P0:2 P1:1`) with their positions, the `Pn:value` form of the
// thread-placing lines, the checks on those lines, and the header comment's `Result:` claims.
#pragma once
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sim/scenario/litmus_test.h"

namespace mmsim {

struct InfoWord {
  std::string text;
  SourcePos pos;
};

std::vector<InfoWord> info_words(const InfoLine& line);

// "P<n>:<value>" → (n, value); BadInput at the word when malformed ("expected Pn:<what>") or
// when thread n does not exist.
std::pair<std::size_t, std::string> thread_word(const InfoWord& w, std::size_t threads,
                                                const std::string& what);

// Checks the info lines mmsim acts on (their words are checked where they are used). A key within edit
// distance 2 of Config, Affinity or Mode (1 of Mm: every two-letter key is within 2 of it),
// or one of them in the wrong case, is most likely a misspelling that would silently drop the
// line: it becomes a warning in test.warnings. A second Config= line, or a thread placed twice
// by Affinity=, Mm= or Mode= lines, is BadInput at the second one.
void check_info_lines(LitmusTest& test);

// The verdict words after `Result:` / `Result(arch):`. `rest` is the comment text from the
// word to the end of its line, `pos` the word's position. BadInput at the word unless it is
// Never, Sometimes, Always (each optionally followed by DATARACE), Maybe, DEADLOCK or
// `Flag <name>`.
Expectation parse_expectation(const std::string& rest, const SourcePos& pos);

// The claim that applies when a test runs on `arch`: its Result(arch): line, else its
// Result(*): line (both strict: the simulated machine must show exactly that), else its
// Result: line (the model's verdict); nullopt when the test states none.
struct Claim {
  Expectation expectation;
  std::string scope;  // "" for the model verdict, else the arch name or "*"
  bool strict() const { return !scope.empty(); }
};
std::optional<Claim> claim_for(const LitmusTest& test, const std::string& arch);

}  // namespace mmsim

// A parsed litmus test, before lowering: the generic structure shared by every dialect
// (herdtools7 syntax: header, info lines, init block, thread code, locations, filter, final
// condition). Thread bodies stay as text with positions; the arch's instruction parser or the
// C front end lowers them.
#pragma once
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sim/base/error.h"
#include "sim/base/types.h"

namespace mmsim {

// A term of a condition or `locations`: a register `N:name`, a location `x`/`[x]`, or a
// constant (an integer, or a location name used as a pointer value).
struct CondTerm {
  enum class Kind { Reg, Loc, Int, LocValue } kind = Kind::Int;
  int tid = -1;       // Reg
  std::string name;   // Reg (as written in the test), Loc, LocValue
  Value value = 0;    // Int
  SourcePos pos;
};

struct CondExpr {
  enum class Kind { True, False, Eq, Ne, And, Or, Not, Implies } kind = Kind::True;
  CondTerm lhs, rhs;                              // Eq, Ne
  std::vector<std::unique_ptr<CondExpr>> kids;    // And, Or (2+), Not (1), Implies (2)
  SourcePos pos;
};

enum class Quantifier { Exists, NotExists, Forall };

struct Condition {
  Quantifier quantifier = Quantifier::Exists;
  std::unique_ptr<CondExpr> expr;
  SourcePos pos;
};

// One `Key=Value` line between the name and the init block.
struct InfoLine {
  std::string key, value;
  SourcePos pos;      // of the value's first character
  SourcePos key_pos;  // of the key's first character
};

// A claim of the header comment: `Result: Never`, `Result(x86): Sometimes`, ...
// `word` is Never, Sometimes or Always (optionally followed by DATARACE, which sets
// `datarace`), Maybe (no check), DEADLOCK (every trial unfinished) or Flag (herd7 raises the
// flag named in `flag`; mmsim has no flags, so it is not checked). The parser rejects any
// other word (BadInput at the word).
struct Expectation {
  std::string word;
  bool datarace = false;
  std::string flag;  // Flag only
  SourcePos pos;     // of the word
};

// Something a test's reader should know that does not stop the run (e.g. a misspelt info key).
struct Warning {
  SourcePos pos;
  std::string message;
};

// One init-block assignment: `x=1;` `int *p=y;` `0:EAX=1;` `uint64_t x;`
struct InitItem {
  int tid = -1;             // >= 0 for a register initialiser
  std::string name;         // location or register
  std::string type;         // "int", "int*", "uint64_t", ... ("" if untyped)
  bool has_value = false;
  bool value_is_loc = false;
  Value value = 0;
  std::string value_loc;    // when value_is_loc
  SourcePos pos;
};

// C thread parameter: `int *x`, `int **p`, `spinlock_t *l`.
struct CParam {
  std::string type;  // without the name, normalised like InitItem::type: "int*", "int**"
  std::string name;
  SourcePos pos;
};

struct ThreadSource {
  int tid = 0;
  SourcePos pos;  // of the "PN" token
  // Asm dialects: one entry per row of the thread's column (may be empty text).
  std::vector<std::pair<SourcePos, std::string>> rows;
  // C dialect: the function body between the braces (exclusive), starting at body_pos.
  std::string body;
  SourcePos body_pos;
  std::vector<CParam> params;
};

struct LitmusTest {
  std::string file;
  std::string arch;   // header token as written: X86, X86_64, AArch64, PPC, C
  std::string name;
  SourcePos header_pos;
  std::vector<InfoLine> info;
  // The header comment's claims. `result` (the first `Result:` line) is the reference model's
  // verdict (LKMM for C tests), which a stronger arch may be merely consistent with.
  // `strict_results` are claims about the simulated machine, which must be observed exactly:
  // `Result(x86): Never` for one arch (key "x86"), `Result(*):` or `Result(all):` for every
  // arch (key "*"); the arch's own line wins over "*" (claim_for() in info_words.h).
  std::optional<Expectation> result;
  std::map<std::string, Expectation> strict_results;
  // The words alone, for callers that need no more: `expected` is result's word until
  // build_scenario replaces it by the strict claim's word for the arch it lowers to;
  // `expected_by_arch` maps strict_results' keys to their words.
  std::optional<std::string> expected;
  std::map<std::string, std::string> expected_by_arch;
  std::vector<Warning> warnings;  // found while parsing, in file order
  std::vector<InitItem> init;
  std::vector<ThreadSource> threads;
  std::vector<CondTerm> locations;       // `locations [...]`
  std::unique_ptr<CondExpr> filter;      // `filter (...)`
  Condition condition;
};

}  // namespace mmsim

// Character- and token-level scanning shared by the litmus structure parser: byte offsets to
// SourcePos, comment skipping in the three styles litmus files use, and a small tokenizer for
// the declarative parts (init block, `locations`, propositions, C parameter lists).
//
// Internal to sim/scenario; the public entry points are in litmus_parser.h.
#pragma once
#include <cstddef>
#include <deque>
#include <string>
#include <utility>
#include <vector>

#include "sim/base/error.h"
#include "sim/base/types.h"

namespace mmsim::litmus_detail {

// Which comment syntaxes count as whitespace. OCaml `(* *)` comments cannot be skipped inside
// C function bodies, where `(*p)` is ordinary code.
enum CommentStyle : unsigned { kOcamlComments = 1, kCComments = 2, kAllComments = 3 };

// The text being parsed plus what is needed to report positions in it. `base_line`/`base_col`
// let a fragment (e.g. a condition handed to parse_condition_expr) report positions relative
// to where it sits in its file.
class SourceText {
 public:
  SourceText(const std::string& text, std::string file, int base_line = 1, int base_col = 1);
  const std::string& text() const { return text_; }
  std::size_t size() const { return text_.size(); }
  // Byte at `off`, or '\0' past the end, so look-ahead never needs a bounds check.
  char at(std::size_t off) const { return off < text_.size() ? text_[off] : '\0'; }
  bool starts_with(std::size_t off, const char* s) const;
  SourcePos pos(std::size_t off) const;
  [[noreturn]] void fail(std::size_t off, const std::string& msg, const char* kind = "parse") const;

 private:
  const std::string& text_;
  std::string file_;
  int base_line_, base_col_;
  std::vector<std::size_t> line_starts_;
};

bool is_space(char c);  // blank, tab, CR, LF, FF, VT
bool is_blank(char c);  // blank, tab, CR: whitespace that does not end a line
bool is_ident_start(char c);
bool is_ident_char(char c);
bool is_digit(char c);
// A human-readable rendering of the byte at `off` for messages: 'x', end of file, byte 0x01.
std::string describe_char(const SourceText& src, std::size_t off);

// If a comment of an enabled style starts at `off`, returns the offset just past it (OCaml
// comments nest); otherwise returns `off`. Throws BadInput at the comment's start if it is
// not closed before `end`.
std::size_t skip_comment(const SourceText& src, std::size_t off, std::size_t end, unsigned styles);
// Skips whitespace and comments from `off`; stops at `end` or the first other byte. Each
// skipped comment's [begin, end) range is appended to `comments` when given.
std::size_t skip_space(const SourceText& src, std::size_t off, std::size_t end, unsigned styles,
                       std::vector<std::pair<std::size_t, std::size_t>>* comments = nullptr);

// True when one of the words that end the thread code starts at `off` (exists, ~exists,
// forall, locations, filter, and herd7's old `final`) as a whole word.
bool at_end_keyword(const SourceText& src, std::size_t off);

struct Token {
  enum class Kind { End, Ident, Num, Punct, Other } kind = Kind::End;
  std::string text;  // spelled as in the source (for End: empty)
  std::size_t off = 0, end = 0;
};

// Lazily tokenizes [begin, end) of a SourceText. Identifiers are C-like (or `%name`); numbers are
// decimal or 0x-hex (a sign is a separate `-` token); punctuation includes the condition operators
// `/\` `\/` `=>` `==` `!=` `<>`. Any other byte is an Other token, so garbage never loops.
class Lexer {
 public:
  Lexer(const SourceText& src, std::size_t begin, std::size_t end, unsigned styles);
  const Token& peek(std::size_t k = 0);
  Token next();
  bool peek_is(const char* punct_or_word, std::size_t k = 0);  // Punct or Ident with this text
  // Offset just past the last consumed token (where char-level scanning may resume).
  std::size_t consumed_end() const { return consumed_end_; }
  const SourceText& src() const { return src_; }

  // Consumes the token if it has this text, else throws "expected <what>, found ...".
  Token expect(const char* text, const std::string& what);
  [[noreturn]] void fail_at(const Token& t, const std::string& expected);
  std::string describe(const Token& t) const;

 private:
  Token lex_one();
  const SourceText& src_;
  std::size_t cur_, end_;
  unsigned styles_;
  std::size_t consumed_end_;
  std::deque<Token> ahead_;
};

// The integer spelled by a Num token (decimal or 0x-hex), negated if asked; out-of-range
// values are a BadInput at the token.
Value token_value(const Lexer& lex, const Token& num, bool negative);

// Thread numbers of registers: `0:r1` (a Num token) and `P0:r1` (an Ident token "P0").
// thread_number fails on an absurd number; proc_number returns -1 unless `t` is P<digits>.
int thread_number(const SourceText& src, const Token& num);
int proc_number(const SourceText& src, const Token& ident);

}  // namespace mmsim::litmus_detail

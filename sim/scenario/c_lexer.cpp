#include "sim/scenario/c_lexer.h"

#include <cctype>
#include <cstdint>
#include <cstdio>

namespace mmsim {
namespace {

bool ident_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool ident_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// Longest match first, so "<<=" wins over "<<" and "<".
const char* const kPuncts[] = {
    "<<=", ">>=", "++", "--", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "<<", ">>",
    "<=",  ">=",  "==", "!=", "&&", "||", "->", "(",  ")",  "{",  "}",  "[",  "]",  ";",
    ",",   "+",   "-",  "*",  "/",  "%",  "&",  "|",  "^",  "!",  "~",  "<",  ">",  "=",
    "?",   ":",   ".",
};

}  // namespace

std::string CToken::describe() const {
  if (kind == Kind::End) return "end of thread body";
  return "'" + text + "'";
}

CLexer::CLexer(const std::string& text, SourcePos start) : text_(text), pos_(std::move(start)) {
  // A position with no line would make every error unlocatable; count from 1:1 instead.
  if (pos_.line <= 0) pos_.line = 1;
  if (pos_.column <= 0) pos_.column = 1;
}

char CLexer::peek(std::size_t ahead) const {
  return i_ + ahead < text_.size() ? text_[i_ + ahead] : '\0';
}

void CLexer::advance() {
  if (i_ >= text_.size()) return;
  if (text_[i_] == '\n') {
    ++pos_.line;
    pos_.column = 1;
  } else {
    ++pos_.column;
  }
  ++i_;
}

SourcePos CLexer::here() const { return pos_; }

void CLexer::skip_space_and_comments() {
  for (;;) {
    while (i_ < text_.size() && std::isspace(static_cast<unsigned char>(peek()))) advance();
    if (peek() == '/' && peek(1) == '/') {
      while (i_ < text_.size() && peek() != '\n') advance();
    } else if (peek() == '/' && peek(1) == '*') {
      const SourcePos open = here();
      advance();
      advance();
      while (i_ < text_.size() && !(peek() == '*' && peek(1) == '/')) advance();
      if (i_ >= text_.size()) throw BadInput("parse", open, "unterminated /* comment");
      advance();
      advance();
    } else {
      return;
    }
  }
}

CToken CLexer::number() {
  CToken t;
  t.kind = CToken::Kind::Number;
  t.pos = here();
  const std::size_t start = i_;
  std::uint64_t v = 0;
  bool overflow = false;
  const bool hex = peek() == '0' && (peek(1) == 'x' || peek(1) == 'X');
  if (hex) {
    advance();
    advance();
    if (!std::isxdigit(static_cast<unsigned char>(peek())))
      throw BadInput("parse", t.pos, "expected hexadecimal digits after '0x'");
    while (std::isxdigit(static_cast<unsigned char>(peek()))) {
      const char c = static_cast<char>(std::tolower(static_cast<unsigned char>(peek())));
      const unsigned d = c <= '9' ? static_cast<unsigned>(c - '0') : static_cast<unsigned>(c - 'a' + 10);
      if (v > (UINT64_MAX >> 4)) overflow = true;
      v = (v << 4) | d;
      advance();
    }
  } else {
    while (std::isdigit(static_cast<unsigned char>(peek()))) {
      const auto d = static_cast<std::uint64_t>(peek() - '0');
      if (v > (static_cast<std::uint64_t>(INT64_MAX) - d) / 10) overflow = true;
      v = v * 10 + d;
      advance();
    }
  }
  // C suffixes (1UL, 0x10u) change only the type, which the simulator does not model.
  while (peek() == 'u' || peek() == 'U' || peek() == 'l' || peek() == 'L') advance();
  if (ident_char(peek()))
    throw BadInput("parse", t.pos, "malformed integer literal (expected a digit or suffix U/L)");
  t.text = text_.substr(start, i_ - start);
  if (overflow) throw BadInput("parse", t.pos, "integer literal " + t.text + " out of range");
  // Hex literals above INT64_MAX keep their bit pattern (0xffffffffffffffff is -1).
  t.value = static_cast<Value>(v);
  return t;
}

CToken CLexer::ident() {
  CToken t;
  t.kind = CToken::Kind::Ident;
  t.pos = here();
  const std::size_t start = i_;
  while (ident_char(peek())) advance();
  t.text = text_.substr(start, i_ - start);
  return t;
}

CToken CLexer::punct() {
  CToken t;
  t.kind = CToken::Kind::Punct;
  t.pos = here();
  for (const char* p : kPuncts) {
    std::size_t n = 0;
    while (p[n] != '\0' && peek(n) == p[n]) ++n;
    if (p[n] == '\0') {
      t.text = p;
      for (std::size_t k = 0; k < n; ++k) advance();
      return t;
    }
  }
  const auto c = static_cast<unsigned char>(peek());
  char shown[16];
  if (std::isprint(c))
    std::snprintf(shown, sizeof shown, "'%c'", c);
  else
    std::snprintf(shown, sizeof shown, "0x%02x", c);
  throw BadInput("parse", t.pos, std::string("unexpected character ") + shown + " in C code");
}

std::vector<CToken> CLexer::tokenize() {
  std::vector<CToken> out;
  for (;;) {
    skip_space_and_comments();
    if (i_ >= text_.size()) break;
    const char c = peek();
    if (std::isdigit(static_cast<unsigned char>(c)))
      out.push_back(number());
    else if (ident_start(c))
      out.push_back(ident());
    else
      out.push_back(punct());
  }
  CToken end;
  end.pos = here();
  out.push_back(end);
  return out;
}

}  // namespace mmsim

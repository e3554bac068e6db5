#include "sim/scenario/litmus_lexer.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <cstring>

namespace mmsim::litmus_detail {

SourceText::SourceText(const std::string& text, std::string file, int base_line, int base_col)
    : text_(text), file_(std::move(file)), base_line_(base_line), base_col_(base_col) {
  line_starts_.push_back(0);
  for (std::size_t i = 0; i < text_.size(); ++i)
    if (text_[i] == '\n') line_starts_.push_back(i + 1);
}

bool SourceText::starts_with(std::size_t off, const char* s) const {
  const std::size_t n = std::strlen(s);
  return off <= text_.size() && text_.size() - off >= n && text_.compare(off, n, s) == 0;
}

SourcePos SourceText::pos(std::size_t off) const {
  off = std::min(off, text_.size());
  const auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), off);
  const auto line = static_cast<std::size_t>(it - line_starts_.begin()) - 1;
  int col = static_cast<int>(off - line_starts_[line]) + 1;
  if (line == 0) col += base_col_ - 1;
  return SourcePos{file_, base_line_ + static_cast<int>(line), col};
}

void SourceText::fail(std::size_t off, const std::string& msg, const char* kind) const {
  throw BadInput(kind, pos(off), msg);
}

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }
bool is_space(char c) { return is_blank(c) || c == '\n' || c == '\f' || c == '\v'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_ident_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$';
}
bool is_ident_char(char c) { return is_ident_start(c) || is_digit(c); }

std::string describe_char(const SourceText& src, std::size_t off) {
  if (off >= src.size()) return "end of file";
  const auto c = static_cast<unsigned char>(src.at(off));
  if (c == '\n') return "end of line";
  if (c >= 0x21 && c < 0x7f) return std::string("'") + static_cast<char>(c) + "'";
  char buf[16];
  std::snprintf(buf, sizeof buf, "byte 0x%02x", c);
  return buf;
}

std::size_t skip_comment(const SourceText& src, std::size_t off, std::size_t end, unsigned styles) {
  end = std::min(end, src.size());
  if ((styles & kOcamlComments) && off + 1 < end && src.starts_with(off, "(*")) {
    int depth = 0;
    std::size_t i = off;
    while (i + 1 < end) {
      if (src.at(i) == '(' && src.at(i + 1) == '*') {
        ++depth;
        i += 2;
      } else if (src.at(i) == '*' && src.at(i + 1) == ')') {
        i += 2;
        if (--depth == 0) return i;
      } else {
        ++i;
      }
    }
    src.fail(off, "unterminated comment (expected '*)')");
  }
  if ((styles & kCComments) && off + 1 < end && src.at(off) == '/') {
    if (src.at(off + 1) == '/') {
      std::size_t i = off + 2;
      while (i < end && src.at(i) != '\n') ++i;
      return i;
    }
    if (src.at(off + 1) == '*') {
      for (std::size_t i = off + 2; i + 1 < end; ++i)
        if (src.at(i) == '*' && src.at(i + 1) == '/') return i + 2;
      src.fail(off, "unterminated comment (expected '*/')");
    }
  }
  return off;
}

std::size_t skip_space(const SourceText& src, std::size_t off, std::size_t end, unsigned styles,
                       std::vector<std::pair<std::size_t, std::size_t>>* comments) {
  end = std::min(end, src.size());
  while (off < end) {
    if (is_space(src.at(off))) {
      ++off;
      continue;
    }
    const std::size_t after = skip_comment(src, off, end, styles);
    if (after == off) break;
    if (comments) comments->emplace_back(off, after);
    off = after;
  }
  return off;
}

bool at_end_keyword(const SourceText& src, std::size_t off) {
  if (off > 0 && is_ident_char(src.at(off - 1))) return false;
  std::size_t i = off;
  if (src.at(i) == '~') {
    ++i;
    while (is_blank(src.at(i))) ++i;
    if (!src.starts_with(i, "exists")) return false;
  }
  for (const char* kw : {"exists", "forall", "locations", "filter", "final"}) {
    if (src.starts_with(i, kw) && !is_ident_char(src.at(i + std::strlen(kw)))) return true;
  }
  return false;
}

Lexer::Lexer(const SourceText& src, std::size_t begin, std::size_t end, unsigned styles)
    : src_(src),
      cur_(begin),
      end_(std::min(end, src.size())),
      styles_(styles),
      consumed_end_(begin) {}

Token Lexer::lex_one() {
  cur_ = skip_space(src_, cur_, end_, styles_);
  Token t;
  t.off = cur_;
  if (cur_ >= end_) {
    t.kind = Token::Kind::End;
    t.end = cur_;
    return t;
  }
  const char c = src_.at(cur_);
  std::size_t i = cur_ + 1;
  // `%name` is a symbolic register of the asm dialects (herd7 allocates it to a real one).
  if (is_ident_start(c) || (c == '%' && i < end_ && is_ident_start(src_.at(i)))) {
    t.kind = Token::Kind::Ident;
    while (i < end_ && is_ident_char(src_.at(i))) ++i;
  } else if (is_digit(c)) {
    t.kind = Token::Kind::Num;
    if (c == '0' && i + 1 < end_ && (src_.at(i) == 'x' || src_.at(i) == 'X') &&
        std::isxdigit(static_cast<unsigned char>(src_.at(i + 1)))) {
      i += 1;
      while (i < end_ && std::isxdigit(static_cast<unsigned char>(src_.at(i)))) ++i;
    } else {
      while (i < end_ && is_digit(src_.at(i))) ++i;
    }
  } else {
    t.kind = Token::Kind::Punct;
    static const char* const kTwo[] = {"/\\", "\\/", "=>", "==", "!=", "<>"};
    bool two = false;
    for (const char* p : kTwo)
      if (cur_ + 1 < end_ && src_.starts_with(cur_, p)) two = true;
    if (two) {
      i = cur_ + 2;
    } else if (c == '\0' || !std::strchr("()[]{};:,=~&*-+|!", c)) {
      t.kind = Token::Kind::Other;
    }
  }
  t.text = src_.text().substr(cur_, i - cur_);
  t.end = i;
  cur_ = i;
  return t;
}

const Token& Lexer::peek(std::size_t k) {
  while (ahead_.size() <= k) ahead_.push_back(lex_one());
  return ahead_[k];
}

Token Lexer::next() {
  peek();
  Token t = std::move(ahead_.front());
  ahead_.pop_front();
  if (t.kind != Token::Kind::End) consumed_end_ = t.end;
  return t;
}

bool Lexer::peek_is(const char* text, std::size_t k) {
  const Token& t = peek(k);
  return (t.kind == Token::Kind::Punct || t.kind == Token::Kind::Ident) && t.text == text;
}

std::string Lexer::describe(const Token& t) const {
  switch (t.kind) {
    case Token::Kind::End:
      return "end of file";
    case Token::Kind::Other:
      return describe_char(src_, t.off);
    default:
      return "'" + t.text + "'";
  }
}

void Lexer::fail_at(const Token& t, const std::string& expected) {
  src_.fail(t.off, "expected " + expected + ", found " + describe(t));
}

Token Lexer::expect(const char* text, const std::string& what) {
  if (!peek_is(text)) fail_at(peek(), what);
  return next();
}

Value token_value(const Lexer& lex, const Token& num, bool negative) {
  const std::string& s = num.text;
  std::uint64_t v = 0;
  bool overflow = false;
  if (s.size() > 2 && (s[1] == 'x' || s[1] == 'X')) {
    // Hex spells a bit pattern: up to 64 bits, reinterpreted as a signed value.
    overflow = s.size() - 2 > 16;
    for (std::size_t i = 2; i < s.size() && !overflow; ++i) {
      const char c = s[i];
      const unsigned d = is_digit(c) ? c - '0' : (c | 0x20) - 'a' + 10;
      v = v * 16 + d;
    }
  } else {
    const std::uint64_t limit = negative ? std::uint64_t{1} << 63 : (std::uint64_t{1} << 63) - 1;
    for (char c : s) {
      const auto d = static_cast<std::uint64_t>(c - '0');
      if (v > (limit - d) / 10) {
        overflow = true;
        break;
      }
      v = v * 10 + d;
    }
  }
  if (overflow) lex.src().fail(num.off, "integer " + s + " is out of range (64 bits)");
  return static_cast<Value>(negative ? (~v + 1) : v);
}

int thread_number(const SourceText& src, const Token& num) {
  const std::string& s = num.text;
  if (s.empty() || s.size() > 6 || s.find_first_not_of("0123456789") != std::string::npos)
    src.fail(num.off, "thread number '" + s + "' is out of range");
  return std::stoi(s);
}

int proc_number(const SourceText& src, const Token& ident) {
  const std::string& s = ident.text;
  if (ident.kind != Token::Kind::Ident || s.size() < 2 || s[0] != 'P' ||
      s.find_first_not_of("0123456789", 1) != std::string::npos)
    return -1;
  Token digits = ident;
  digits.text = s.substr(1);
  digits.off += 1;
  return thread_number(src, digits);
}

}  // namespace mmsim::litmus_detail

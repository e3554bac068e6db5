#include "models/arm64/arm64_asm_syntax.h"

#include <cctype>
#include <climits>
#include <cstdint>
#include <limits>

#include "sim/base/ascii.h"

namespace mmsim::arm64 {
namespace {

struct Tok {
  enum Kind { Ident, Num, Punct, End } kind = End;
  std::string text;
  std::size_t col = 0;
};

bool ident_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
// '.' belongs to words so that `B.EQ` is one token.
bool ident_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.';
}

std::string show_char(char c) {
  const auto u = static_cast<unsigned char>(c);
  if (std::isprint(u)) return std::string(1, c);
  static const char* hex = "0123456789abcdef";
  return std::string("\\x") + hex[u >> 4] + hex[u & 15];
}

std::string show(const Tok& t) {
  return t.kind == Tok::End ? std::string("end of instruction") : "'" + t.text + "'";
}

class Parser {
 public:
  Parser(const std::string& text, const SourcePos& pos) : text_(text), pos_(pos) {}

  Cell run() {
    lex();
    Cell cell;
    while (peek().kind == Tok::Ident && punct(peek(1), ':')) {
      cell.labels.emplace_back(peek().text, peek().col);
      i_ += 2;
    }
    if (peek().kind == Tok::End) return cell;
    const Tok t = next();
    if (t.kind != Tok::Ident) fail(t.col, "unexpected " + show(t) + ": expected an instruction mnemonic");
    Insn in;
    in.mnem = ascii_upper(t.text);
    in.spelling = t.text;
    in.col = t.col;
    in.end = text_.size();
    if (peek().kind != Tok::End) {
      for (;;) {
        in.ops.push_back(operand());
        if (!punct(peek(), ',')) break;
        ++i_;
      }
    }
    if (peek().kind != Tok::End)
      fail(peek().col, "unexpected " + show(peek()) + ": expected ',' or end of instruction");
    cell.insn = std::move(in);
    return cell;
  }

 private:
  [[noreturn]] void fail(std::size_t col, const std::string& msg) const {
    throw BadInput("parse", pos_at(pos_, col), msg);
  }

  void lex() {
    std::size_t k = 0;
    const std::size_t n = text_.size();
    while (k < n) {
      const char c = text_[k];
      if (std::isspace(static_cast<unsigned char>(c))) {
        ++k;
      } else if (ident_start(c)) {
        const std::size_t s = k;
        while (k < n && ident_char(text_[k])) ++k;
        toks_.push_back({Tok::Ident, text_.substr(s, k - s), s});
      } else if (std::isdigit(static_cast<unsigned char>(c))) {
        const std::size_t s = k;
        while (k < n && std::isalnum(static_cast<unsigned char>(text_[k]))) ++k;
        toks_.push_back({Tok::Num, text_.substr(s, k - s), s});
      } else if (std::string(",[]#:!-+").find(c) != std::string::npos) {
        toks_.push_back({Tok::Punct, std::string(1, c), k});
        ++k;
      } else {
        fail(k, "unexpected character '" + show_char(c) + "'");
      }
    }
    toks_.push_back({Tok::End, "", n});
  }

  const Tok& peek(std::size_t k = 0) const {
    const std::size_t j = i_ + k;
    return j < toks_.size() ? toks_[j] : toks_.back();
  }
  Tok next() {
    const Tok t = peek();
    if (i_ < toks_.size() - 1) ++i_;
    return t;
  }
  static bool punct(const Tok& t, char c) {
    return t.kind == Tok::Punct && t.text.size() == 1 && t.text[0] == c;
  }

  Value number(const Tok& t, bool neg) const {
    const std::string& s = t.text;
    std::uint64_t mag = 0;
    std::size_t k = 0;
    unsigned base = 10;
    if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
      base = 16;
      k = 2;
    }
    for (; k < s.size(); ++k) {
      const auto c = static_cast<unsigned char>(s[k]);
      unsigned v;
      if (std::isdigit(c)) v = c - '0';
      else if (base == 16 && std::isxdigit(c)) v = static_cast<unsigned>(std::tolower(c) - 'a' + 10);
      else fail(t.col, "malformed number '" + s + "'");
      if (mag > (std::numeric_limits<std::uint64_t>::max() - v) / base)
        fail(t.col, "integer '" + s + "' out of range");
      mag = mag * base + v;
    }
    const std::uint64_t limit =
        base == 16 ? std::numeric_limits<std::uint64_t>::max()
                   : static_cast<std::uint64_t>(std::numeric_limits<Value>::max()) + (neg ? 1 : 0);
    if (mag > limit) fail(t.col, "integer '" + s + "' out of range");
    return static_cast<Value>(neg ? (~mag + 1) : mag);
  }

  // `#n`, `#-n`, `#+n`, or a bare `n` / `-n`; the current token starts it.
  Value immediate(const char* what) {
    if (punct(peek(), '#')) ++i_;
    bool neg = false;
    if (punct(peek(), '-') || punct(peek(), '+')) {
      neg = peek().text[0] == '-';
      ++i_;
    }
    const Tok n = next();
    if (n.kind != Tok::Num) fail(n.col, "unexpected " + show(n) + ": expected " + what);
    return number(n, neg);
  }
  bool at_immediate() const {
    return punct(peek(), '#') || punct(peek(), '-') || punct(peek(), '+') ||
           peek().kind == Tok::Num;
  }

  // A register token; fails with `what` otherwise.
  Tok reg_token(const char* what, RegName& r) {
    const Tok t = next();
    r = t.kind == Tok::Ident ? parse_reg_name(t.text) : RegName{};
    if (!r.valid()) fail(t.col, "unexpected " + show(t) + ": expected " + what);
    return t;
  }

  // The address after '[': base{, #offset | , index{, ext{ #amount}}} ']' {'!'}.
  void address(Operand& o) {
    const Tok b = reg_token("a base register Xn", o.base);
    o.base_text = b.text;
    o.base_col = b.col;
    if (punct(peek(), ',')) {
      ++i_;
      if (at_immediate()) {
        o.has_offset = true;
        o.offset_col = peek().col;
        o.offset = immediate("an offset '#n'");
      } else {
        const Tok t = peek();
        const RegName r = t.kind == Tok::Ident ? parse_reg_name(t.text) : RegName{};
        if (!r.valid())
          fail(t.col, "unexpected " + show(t) + ": expected an offset '#n' or an index register");
        ++i_;
        o.has_index = true;
        o.index = r;
        o.index_text = t.text;
        o.index_col = t.col;
        if (punct(peek(), ',')) {
          ++i_;
          const Tok e = next();
          if (e.kind != Tok::Ident || parse_reg_name(e.text).valid())
            fail(e.col, "unexpected " + show(e) +
                            ": expected an extension or shift (SXTW, UXTW, SXTX, LSL #k)");
          o.ext = ascii_upper(e.text);
          o.ext_col = e.col;
          if (at_immediate()) {
            o.has_amount = true;
            o.amount = immediate("a shift amount '#k'");
          }
        }
      }
    }
    const Tok c = next();
    if (!punct(c, ']')) fail(c.col, "unexpected " + show(c) + ": expected ']' to close the address");
    if (punct(peek(), '!')) {
      o.writeback = true;
      o.writeback_col = next().col;
    }
  }

  Operand operand() {
    const Tok t = peek();
    Operand o;
    o.col = t.col;
    if (punct(t, '[')) {
      ++i_;
      o.kind = Operand::Kind::Mem;
      address(o);
      return o;
    }
    if (at_immediate()) {
      o.kind = Operand::Kind::Imm;
      o.imm = immediate("a number after '#'");
      return o;
    }
    if (t.kind == Tok::Ident) {
      ++i_;
      o.text = t.text;
      o.reg = parse_reg_name(t.text);
      if (o.reg.valid()) {
        o.kind = Operand::Kind::Reg;
        return o;
      }
      o.kind = Operand::Kind::Word;
      o.word = ascii_upper(t.text);
      if (at_immediate()) {  // `LSL #2`, `SXTW #3`
        o.has_imm = true;
        o.imm = immediate("a number after '#'");
      }
      return o;
    }
    fail(t.col, (t.kind == Tok::End ? std::string("missing operand") : "unexpected " + show(t)) +
                    ": expected a register, '#immediate', '[address]' or a label");
  }

  const std::string& text_;
  SourcePos pos_;
  std::vector<Tok> toks_;
  std::size_t i_ = 0;
};

}  // namespace

SourcePos pos_at(const SourcePos& cell, std::size_t offset) {
  SourcePos p = cell;
  if (p.column > 0 && offset < static_cast<std::size_t>(INT_MAX - p.column))
    p.column += static_cast<int>(offset);
  return p;
}

Cell parse_cell(const std::string& text, const SourcePos& pos) { return Parser(text, pos).run(); }

}  // namespace mmsim::arm64

#include "models/x86/x86_asm_syntax.h"

#include <cctype>
#include <climits>
#include <cstdint>
#include <limits>

#include "sim/base/ascii.h"

namespace mmsim::x86 {
namespace {

// ---- mnemonics -----------------------------------------------------------------------------

constexpr int kLabel = -1;  // operand count of jumps: one label

struct MnemDef {
  const char* name;
  Mnem mnem;
  int nops;
  bool sized;  // accepts a b/w/l/q size suffix (movl, addq, ...)
};

constexpr MnemDef kMnems[] = {
    {"MOV", Mnem::Mov, 2, true},       {"XCHG", Mnem::Xchg, 2, true},
    {"UXCH", Mnem::Uxch, 2, true},     {"XADD", Mnem::Xadd, 2, true},
    {"CMPXCHG", Mnem::Cmpxchg, 2, true}, {"ADD", Mnem::Add, 2, true},
    {"SUB", Mnem::Sub, 2, true},       {"AND", Mnem::And, 2, true},
    {"OR", Mnem::Or, 2, true},         {"XOR", Mnem::Xor, 2, true},
    {"INC", Mnem::Inc, 1, true},       {"DEC", Mnem::Dec, 1, true},
    {"NEG", Mnem::Neg, 1, true},       {"NOT", Mnem::Not, 1, true},
    {"CMP", Mnem::Cmp, 2, true},       {"TEST", Mnem::Test, 2, true},
    {"JMP", Mnem::Jmp, kLabel, false}, {"JE", Mnem::Je, kLabel, false},
    {"JZ", Mnem::Je, kLabel, false},   {"JNE", Mnem::Jne, kLabel, false},
    {"JNZ", Mnem::Jne, kLabel, false}, {"JL", Mnem::Jl, kLabel, false},
    {"JLT", Mnem::Jl, kLabel, false},  {"JLE", Mnem::Jle, kLabel, false},
    {"JG", Mnem::Jg, kLabel, false},   {"JGT", Mnem::Jg, kLabel, false},
    {"JGE", Mnem::Jge, kLabel, false}, {"JS", Mnem::Js, kLabel, false},
    {"JNS", Mnem::Jns, kLabel, false}, {"MFENCE", Mnem::Mfence, 0, false},
    {"LFENCE", Mnem::Lfence, 0, false}, {"SFENCE", Mnem::Sfence, 0, false},
    {"NOP", Mnem::Nop, 0, false},
};

const MnemDef* find_mnem(const std::string& spelled) {
  const std::string u = ascii_upper(spelled);
  for (const auto& m : kMnems)
    if (u == m.name) return &m;
  if (u.size() > 1 && std::string("BWLQ").find(u.back()) != std::string::npos) {
    const std::string stem = u.substr(0, u.size() - 1);
    for (const auto& m : kMnems)
      if (m.sized && stem == m.name) return &m;
  }
  return nullptr;
}

// ---- lexer ---------------------------------------------------------------------------------

struct Tok {
  enum Kind { Ident, Num, Punct, End } kind = End;
  std::string text;
  std::size_t col = 0;
};

bool ident_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool ident_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

std::string show_char(char c) {
  const auto u = static_cast<unsigned char>(c);
  if (std::isprint(u)) return std::string(1, c);
  static const char* hex = "0123456789abcdef";
  return std::string("\\x") + hex[u >> 4] + hex[u & 15];
}

class Parser {
 public:
  Parser(Dialect d, const std::string& text, const SourcePos& pos) : d_(d), text_(text), pos_(pos) {}

  Cell run() {
    lex();
    Cell cell;
    while (peek().kind == Tok::Ident && punct(peek(1), ':')) {
      cell.labels.emplace_back(peek().text, peek().col);
      i_ += 2;
    }
    if (peek().kind == Tok::End) return cell;
    Insn in;
    Tok t = next();
    if (t.kind != Tok::Ident) fail("parse", t.col, "expected an instruction mnemonic");
    if (ascii_upper(t.text) == "LOCK") {
      in.lock = true;
      in.lock_col = t.col;
      if (punct(peek(), ';')) ++i_;
      t = next();
      if (t.kind != Tok::Ident) fail("parse", t.col, "expected an instruction after LOCK");
    }
    const MnemDef* def = find_mnem(t.text);
    if (!def) fail("unsupported", t.col, "unsupported instruction '" + t.text + "'");
    in.mnem = def->mnem;
    in.spelling = t.text;
    in.col = t.col;
    if (def->nops == kLabel) {
      const Tok l = next();
      if (l.kind != Tok::Ident) fail("parse", l.col, "expected a label after '" + t.text + "'");
      in.target = l.text;
      in.target_col = l.col;
    } else if (def->nops > 0) {
      for (;;) {
        if (peek().kind == Tok::End)
          fail("parse", peek().col,
               "'" + t.text + "' expects " + std::to_string(def->nops) + " operand" +
                   (def->nops > 1 ? "s" : "") + ": expected an operand");
        in.ops.push_back(operand());
        if (!punct(peek(), ',')) break;
        ++i_;
      }
      if (in.ops.size() > static_cast<std::size_t>(def->nops))
        fail("parse", in.ops[static_cast<std::size_t>(def->nops)].col,
             "'" + t.text + "' takes " + std::to_string(def->nops) + " operand" +
                 (def->nops > 1 ? "s" : "") + ": expected end of instruction");
    }
    if (peek().kind != Tok::End) {
      const bool more = def->nops > 0;
      fail("parse", peek().col,
           "unexpected '" + peek().text + "': expected " +
               (more ? "',' or end of instruction" : "end of instruction"));
    }
    if (def->nops > 0 && in.ops.size() < static_cast<std::size_t>(def->nops))
      fail("parse", text_.size(),
           "'" + t.text + "' expects " + std::to_string(def->nops) +
               " operands: expected ',' and another operand");
    if (d_ == Dialect::Att && in.ops.size() == 2) std::swap(in.ops[0], in.ops[1]);
    cell.insn = std::move(in);
    return cell;
  }

 private:
  [[noreturn]] void fail(const char* kind, std::size_t col, const std::string& msg) const {
    throw BadInput(kind, pos_at(pos_, col), msg);
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
        while (k < n && ident_char(text_[k])) ++k;
        toks_.push_back({Tok::Num, text_.substr(s, k - s), s});
      } else if (std::string(",[]()+-$%:;*").find(c) != std::string::npos) {
        toks_.push_back({Tok::Punct, std::string(1, c), k});
        ++k;
      } else {
        fail("parse", k, "unexpected character '" + show_char(c) + "'");
      }
    }
    toks_.push_back({Tok::End, "end of line", n});
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

  std::string operand_expectation() const {
    return d_ == Dialect::Intel ? "expected a register, [location] or $immediate"
                                : "expected a %register, (location) or $immediate";
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
      else fail("parse", t.col, "malformed number '" + s + "'");
      if (mag > (std::numeric_limits<std::uint64_t>::max() - v) / base)
        fail("parse", t.col, "integer '" + s + "' out of range");
      mag = mag * base + v;
    }
    const std::uint64_t limit =
        base == 16 ? std::numeric_limits<std::uint64_t>::max()
                   : static_cast<std::uint64_t>(std::numeric_limits<Value>::max()) + (neg ? 1 : 0);
    if (mag > limit) fail("parse", t.col, "integer '" + s + "' out of range");
    return static_cast<Value>(neg ? (~mag + 1) : mag);
  }

  static Value wrap_add(Value a, Value b) {
    return static_cast<Value>(static_cast<std::uint64_t>(a) + static_cast<std::uint64_t>(b));
  }

  // `$1`, `$-1`, `$x` (address of x); the '$' is the current token.
  Operand immediate() {
    Operand o;
    o.kind = Operand::Kind::Imm;
    o.col = next().col;
    bool neg = false;
    if (punct(peek(), '-')) {
      neg = true;
      ++i_;
    }
    const Tok t = next();
    if (t.kind == Tok::Num) {
      o.imm = number(t, neg);
    } else if (t.kind == Tok::Ident && !neg && canonical_reg_name(d_, t.text).empty()) {
      o.loc = t.text;
    } else {
      fail("parse", t.col, "expected a number or location after '$'");
    }
    return o;
  }

  // A register spelled `%r` (AT&T) or bare; returns its canonical name.
  std::string att_reg() {
    const Tok t = next();
    if (punct(t, '%')) {
      const Tok n = next();
      const std::string c =
          n.kind == Tok::Ident ? canonical_reg_name(d_, "%" + n.text) : std::string();
      if (c.empty())
        fail("parse", t.col,
             "unknown register '%" + (n.kind == Tok::Ident ? n.text : std::string()) +
                 "': expected a register");
      return c;
    }
    const std::string c = t.kind == Tok::Ident ? canonical_reg_name(d_, t.text) : std::string();
    if (c.empty()) fail("parse", t.col, "expected a register");
    return c;
  }

  void expect_close(char close) {
    const Tok t = next();
    if (!punct(t, close))
      fail("parse", t.col, std::string("expected '") + close + "' to close the address");
  }

  // Intel address between brackets: terms joined by + or -: at most one location, at most two
  // registers, any numbers. The opening bracket has been consumed.
  void intel_address(Operand& o, char close) {
    bool any = false;
    for (;;) {
      bool neg = false;
      if (any) {
        if (punct(peek(), close)) {
          ++i_;
          return;
        }
        if (punct(peek(), '+')) {
          ++i_;
        } else if (punct(peek(), '-')) {
          neg = true;
          ++i_;
        } else {
          fail("parse", peek().col, std::string("expected '+', '-' or '") + close + "'");
        }
      } else if (punct(peek(), '-')) {
        neg = true;
        ++i_;
      }
      const Tok t = next();
      if (t.kind == Tok::Num) {
        o.imm = wrap_add(o.imm, number(t, neg));
      } else if (t.kind == Tok::Ident && !neg) {
        const std::string r = canonical_reg_name(d_, t.text);
        if (!r.empty()) {
          if (o.base.empty()) o.base = r;
          else if (o.index.empty()) o.index = r;
          else fail("parse", t.col, "expected at most two registers in an address");
        } else {
          if (!o.loc.empty()) fail("parse", t.col, "expected at most one location in an address");
          o.loc = t.text;
        }
      } else {
        fail("parse", t.col, neg ? "expected a number after '-'"
                                 : "expected a location, register or number in the address");
      }
      any = true;
    }
  }

  // AT&T address inside parentheses: `(x)`, `(%rax)`, `(%rax,%rbx)`. Opening consumed.
  void att_address(Operand& o, char close) {
    const Tok& t = peek();
    if (t.kind == Tok::Ident && canonical_reg_name(d_, t.text).empty()) {
      if (!o.loc.empty()) fail("parse", t.col, "expected a register: the address already names a location");
      o.loc = t.text;
      ++i_;
    } else {
      o.base = att_reg();
      if (punct(peek(), ',')) {
        ++i_;
        o.index = att_reg();
      }
    }
    expect_close(close);
  }

  Operand operand() {
    const Tok t = peek();
    Operand o;
    o.col = t.col;
    if (punct(t, '$')) return immediate();
    if (punct(t, '[') || punct(t, '(')) {
      ++i_;
      o.kind = Operand::Kind::Mem;
      const char close = t.text[0] == '[' ? ']' : ')';
      if (d_ == Dialect::Intel) intel_address(o, close);
      else att_address(o, close);
      return o;
    }
    if (t.kind == Tok::Num || punct(t, '-')) {
      bool neg = false;
      if (punct(t, '-')) {
        neg = true;
        ++i_;
      }
      const Tok n = next();
      if (n.kind != Tok::Num) fail("parse", n.col, "expected a number after '-'");
      o.imm = number(n, neg);
      if (d_ == Dialect::Att && (punct(peek(), '(') || punct(peek(), '['))) {
        o.kind = Operand::Kind::Mem;  // displacement(%reg)
        const char close = next().text[0] == '[' ? ']' : ')';
        att_address(o, close);
        return o;
      }
      o.kind = Operand::Kind::Imm;
      return o;
    }
    if (d_ == Dialect::Att && punct(t, '%')) {
      o.kind = Operand::Kind::Reg;
      o.reg = att_reg();
      return o;
    }
    if (t.kind == Tok::Ident) {
      const std::string r = canonical_reg_name(d_, t.text);
      if (!r.empty()) {
        ++i_;
        o.kind = Operand::Kind::Reg;
        o.reg = r;
        return o;
      }
      if (d_ == Dialect::Att && (punct(peek(1), '(') || punct(peek(1), '['))) {
        i_ += 1;
        o.kind = Operand::Kind::Mem;  // symbol(%reg)
        o.loc = t.text;
        const char close = next().text[0] == '[' ? ']' : ')';
        att_address(o, close);
        return o;
      }
      fail("parse", t.col, "unknown register '" + t.text + "': " + operand_expectation());
    }
    fail("parse", t.col,
         (t.kind == Tok::End ? std::string("missing operand: ") : "unexpected '" + t.text + "': ") +
             operand_expectation());
  }

  Dialect d_;
  const std::string& text_;
  SourcePos pos_;
  std::vector<Tok> toks_;
  std::size_t i_ = 0;
};

}  // namespace

bool is_cond_jump(Mnem m) {
  switch (m) {
    case Mnem::Je: case Mnem::Jne: case Mnem::Jl: case Mnem::Jle:
    case Mnem::Jg: case Mnem::Jge: case Mnem::Js: case Mnem::Jns:
      return true;
    default:
      return false;
  }
}

SourcePos pos_at(const SourcePos& cell, std::size_t offset) {
  SourcePos p = cell;
  if (p.column > 0 && offset < static_cast<std::size_t>(INT_MAX - p.column))
    p.column += static_cast<int>(offset);
  return p;
}

Cell parse_cell(Dialect d, const std::string& text, const SourcePos& pos) {
  return Parser(d, text, pos).run();
}

}  // namespace mmsim::x86

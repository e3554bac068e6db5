#include "models/powerpc/ppc_isa.h"

#include <cctype>
#include <climits>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <utility>
#include <vector>

#include "models/powerpc/ppc_fences.h"
#include "sim/base/ascii.h"

namespace mmsim::powerpc {
namespace {

// ---- registers -----------------------------------------------------------------------------

// 0..31 for r<n> / R<n>, -1 otherwise.
int reg_num(const std::string& s) {
  if (s.size() < 2 || s.size() > 3 || (s[0] != 'r' && s[0] != 'R')) return -1;
  int n = 0;
  for (std::size_t i = 1; i < s.size(); ++i) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return -1;
    n = n * 10 + (s[i] - '0');
  }
  if ((s.size() == 3 && s[1] == '0') || n > 31) return -1;
  return n;
}

// The register's name in the program: "r<n>" for r<n> / R<n>, "%name" for a herd7 symbolic
// register (`%x0`, bound by the init block's `%x0=x`), "" otherwise.
std::string reg_name(const std::string& s) {
  if (s.size() >= 2 && s[0] == '%' && (std::isalpha(static_cast<unsigned char>(s[1])) || s[1] == '_')) {
    for (std::size_t i = 2; i < s.size(); ++i)
      if (!std::isalnum(static_cast<unsigned char>(s[i])) && s[i] != '_') return "";
    return s;
  }
  const int n = reg_num(s);
  return n < 0 ? std::string() : "r" + std::to_string(n);
}

SourcePos pos_at(const SourcePos& cell, std::size_t offset) {
  SourcePos p = cell;
  if (p.column > 0 && offset < static_cast<std::size_t>(INT_MAX - p.column))
    p.column += static_cast<int>(offset);
  return p;
}

// ---- cell syntax ---------------------------------------------------------------------------

struct Operand {
  enum class Kind { Reg, Imm, Mem, Word } kind = Kind::Imm;
  std::size_t col = 0;
  std::string text;  // Reg, Word: as written
  std::string reg;   // Reg; Mem: the base register ("r<n>" or "%name")
  Value imm = 0;     // Imm; Mem: the displacement
  std::size_t base_col = 0;  // Mem
};

struct Insn {
  std::string mnem;  // lower case
  std::string spelling;
  std::size_t col = 0;
  std::vector<Operand> ops;
  std::size_t end = 0;
};

struct Cell {
  std::vector<std::pair<std::string, std::size_t>> labels;
  std::optional<Insn> insn;
};

struct Tok {
  enum Kind { Ident, Num, Punct, End } kind = End;
  std::string text;
  std::size_t col = 0;
};

std::string show_char(char c) {
  const auto u = static_cast<unsigned char>(c);
  if (std::isprint(u)) return std::string(1, c);
  static const char* hex = "0123456789abcdef";
  return std::string("\\x") + hex[u >> 4] + hex[u & 15];
}

std::string show(const Tok& t) {
  return t.kind == Tok::End ? std::string("end of instruction") : "'" + t.text + "'";
}

class CellParser {
 public:
  CellParser(const std::string& text, const SourcePos& pos) : text_(text), pos_(pos) {}

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
    in.mnem = ascii_lower(t.text);
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
      const auto c = static_cast<unsigned char>(text_[k]);
      if (std::isspace(c)) {
        ++k;
      } else if (std::isalpha(c) || c == '_' ||
                 (c == '%' && k + 1 < n &&
                  (std::isalpha(static_cast<unsigned char>(text_[k + 1])) || text_[k + 1] == '_'))) {
        const std::size_t s = k;
        ++k;
        // '.' belongs to words so that `stwcx.` is one token.
        while (k < n && (std::isalnum(static_cast<unsigned char>(text_[k])) || text_[k] == '_' ||
                         text_[k] == '.'))
          ++k;
        toks_.push_back({Tok::Ident, text_.substr(s, k - s), s});
      } else if (std::isdigit(c)) {
        const std::size_t s = k;
        while (k < n && std::isalnum(static_cast<unsigned char>(text_[k]))) ++k;
        toks_.push_back({Tok::Num, text_.substr(s, k - s), s});
      } else if (std::string(",():-+").find(static_cast<char>(c)) != std::string::npos) {
        toks_.push_back({Tok::Punct, std::string(1, static_cast<char>(c)), k});
        ++k;
      } else {
        fail(k, "unexpected character '" + show_char(static_cast<char>(c)) + "'");
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

  Operand operand() {
    const Tok t = peek();
    Operand o;
    o.col = t.col;
    if (punct(t, '-') || punct(t, '+') || t.kind == Tok::Num) {
      bool neg = false;
      if (t.kind == Tok::Punct) {
        neg = t.text[0] == '-';
        ++i_;
      }
      const Tok n = next();
      if (n.kind != Tok::Num) fail(n.col, "unexpected " + show(n) + ": expected a number");
      o.kind = Operand::Kind::Imm;
      o.imm = number(n, neg);
      if (punct(peek(), '(')) {  // d(rA)
        ++i_;
        const Tok b = next();
        o.reg = b.kind == Tok::Ident ? reg_name(b.text) : std::string();
        if (o.reg.empty()) fail(b.col, "unexpected " + show(b) + ": expected a base register rA");
        o.base_col = b.col;
        o.text = b.text;
        const Tok c = next();
        if (!punct(c, ')')) fail(c.col, "unexpected " + show(c) + ": expected ')' to close the address");
        o.kind = Operand::Kind::Mem;
      }
      return o;
    }
    if (t.kind == Tok::Ident) {
      ++i_;
      o.text = t.text;
      o.reg = reg_name(t.text);
      o.kind = !o.reg.empty() ? Operand::Kind::Reg : Operand::Kind::Word;
      return o;
    }
    fail(t.col, (t.kind == Tok::End ? std::string("missing operand") : "unexpected " + show(t)) +
                    ": expected a register, a number, an address 'd(rA)' or a label");
  }

  const std::string& text_;
  SourcePos pos_;
  std::vector<Tok> toks_;
  std::size_t i_ = 0;
};

// ---- lowering ------------------------------------------------------------------------------

using Kind = Operand::Kind;

enum class Cond { EQ, NE, LT, GT, LE, GE };

class Lowerer {
 public:
  Lowerer(const LitmusTest& test, const ThreadSource& thread, MemoryLayout& layout)
      : test_(test), thread_(thread), layout_(layout) {}

  ThreadProgram run() {
    p_.tid = thread_.tid;
    init_registers();
    std::vector<std::pair<std::uint32_t, Cell>> cells;
    for (const auto& [pos, text] : thread_.rows) {
      const auto row = static_cast<std::uint32_t>(p_.positions.size());
      p_.positions.push_back(pos);
      Cell c = CellParser(text, pos).run();
      if (!c.labels.empty() || c.insn) cells.emplace_back(row, std::move(c));
    }
    for (const auto& [row, cell] : cells) {
      row_ = row;
      cell_ = p_.positions[row];
      for (const auto& [name, col] : cell.labels) {
        if (labels_.count(name)) fail("parse", col, "label '" + name + "' is defined twice");
        labels_[name] = here();
      }
      if (cell.insn) lower(*cell.insn);
    }
    if (p_.positions.empty()) p_.positions.push_back(thread_.pos);
    row_ = static_cast<std::uint32_t>(p_.positions.size() - 1);
    MicroOp halt;
    halt.kind = UopKind::Halt;
    emit(halt);
    for (const auto& j : pending_) {
      const auto it = labels_.find(j.label);
      if (it == labels_.end()) throw BadInput("parse", j.pos, "undefined label '" + j.label + "'");
      p_.ops[j.op].target = it->second;
    }
    return std::move(p_);
  }

 private:
  struct PendingJump {
    std::size_t op;
    std::string label;
    SourcePos pos;
  };

  [[noreturn]] void fail(const char* kind, std::size_t col, const std::string& msg) const {
    throw BadInput(kind, pos_at(cell_, col), msg);
  }

  void init_registers() {
    for (const auto& it : test_.init) {
      if (it.tid != thread_.tid) continue;
      const std::string name = reg_name(it.name);
      if (name.empty())
        throw BadInput("parse", it.pos,
                       "'" + it.name + "' is not a PowerPC register (expected r0-r31)");
      const Reg r = gpr(name);
      RegInfo& info = p_.regs[r];
      info.is_pointer = it.value_is_loc;
      info.init = !it.has_value ? 0 : it.value_is_loc ? addr_of(it.value_loc) : it.value;
    }
  }

  Reg new_reg(RegInfo info) {
    if (p_.regs.size() >= kNoReg - 1u)
      throw BadInput("parse", cell_, "thread too long: out of registers");
    return p_.add_reg(std::move(info));
  }
  Reg gpr(const std::string& name) {
    const auto it = regs_.find(name);
    if (it != regs_.end()) return it->second;
    const Reg r = new_reg(RegInfo{name, false, 0, true});
    regs_[name] = r;
    return r;
  }
  Reg temp() { return new_reg(RegInfo{"%%t" + std::to_string(ntemps_++), false, 0, false}); }
  Reg cr() {
    if (cr_ == kNoReg) cr_ = new_reg(RegInfo{"%%cr0", false, 0, false});
    return cr_;
  }
  Value addr_of(const std::string& loc) {
    return static_cast<Value>(layout_.intern(loc).addr.raw());
  }

  static std::string unexpected(const Operand& o) {
    switch (o.kind) {
      case Kind::Reg: case Kind::Word: return "unexpected '" + o.text + "': ";
      case Kind::Imm: return "unexpected number: ";
      case Kind::Mem: return "unexpected address: ";
    }
    return "";
  }
  Reg reg(const Operand& o, const char* what = "expected a register") {
    if (o.kind != Kind::Reg) fail("parse", o.col, unexpected(o) + what);
    return gpr(o.reg);
  }
  Value imm(const Operand& o) const {
    if (o.kind != Kind::Imm) fail("parse", o.col, unexpected(o) + "expected a number");
    return o.imm;
  }
  Src reg_or_imm(const Operand& o) {
    if (o.kind == Kind::Imm) return Src::i(o.imm);
    return Src::r(reg(o, "expected a register or a number"));
  }

  std::int32_t here() const { return static_cast<std::int32_t>(p_.ops.size()); }
  std::size_t emit(MicroOp u) {
    u.src = row_;
    p_.ops.push_back(u);
    return p_.ops.size() - 1;
  }
  void alu(AluOp op, Reg d, Src a, Src b = Src::i(0)) {
    MicroOp u;
    u.kind = UopKind::Alu;
    u.alu = op;
    u.dst = d;
    u.a = a;
    u.b = b;
    emit(u);
  }
  std::size_t branch(Src cond, bool if_zero) {
    MicroOp u;
    u.kind = UopKind::Branch;
    u.a = cond;
    u.flags = if_zero ? kBranchIfZero : 0;
    return emit(u);
  }
  void fence(std::uint8_t code) {
    MicroOp u;
    u.kind = UopKind::Fence;
    u.fence = code;
    emit(u);
  }
  MicroOp mem_op(UopKind k, Reg base, Value disp, std::uint8_t fl = 0) {
    MicroOp u;
    u.kind = k;
    u.addr_base = base;
    u.addr_disp = disp;
    u.flags = fl;
    return u;
  }

  void arity(const Insn& in, std::size_t n) const {
    const std::string count = std::to_string(n) + " operand" + (n == 1 ? "" : "s");
    if (in.ops.size() > n)
      fail("parse", in.ops[n].col,
           "'" + in.spelling + "' takes " + count + ": expected end of instruction");
    if (in.ops.size() < n)
      fail("parse", in.end,
           "'" + in.spelling + "' expects " + count + ": expected " +
               (in.ops.empty() ? "an operand" : "',' and another operand"));
  }

  void jump_to(std::size_t op, const Operand& o) {
    pending_.push_back({op, o.text, pos_at(cell_, o.col)});
  }
  void need_label(const Operand& o) const {
    if (o.kind != Kind::Word) fail("parse", o.col, unexpected(o) + "expected a label");
  }

  // The address d(rA) at ops[i]: base rA, displacement d.
  std::pair<Reg, Value> disp_address(const Insn& in, std::size_t i) {
    const Operand& o = in.ops[i];
    if (o.kind != Kind::Mem) fail("parse", o.col, unexpected(o) + "expected an address 'd(rA)'");
    return {gpr(o.reg), o.imm};
  }
  // The address rA+rB at ops[i], ops[i+1] (rA may be a literal 0: no base).
  Reg indexed_address(const Insn& in, std::size_t i) {
    const Operand& a = in.ops[i];
    if (a.kind == Kind::Imm && a.imm != 0)
      fail("parse", a.col, "unexpected number: expected a register or 0");
    const bool no_base = a.kind == Kind::Imm;
    const Reg ra = no_base ? kNoReg : reg(a, "expected a register or 0");
    const Reg rb = reg(in.ops[i + 1]);
    if (no_base) return rb;
    const Reg t = temp();
    alu(AluOp::Add, t, Src::r(ra), Src::r(rb));
    return t;
  }

  void lower(const Insn& in) {
    const std::string& m = in.mnem;
    if (m == "lwz" || m == "ld" || m == "stw" || m == "std") {
      // herd7 also reads the older three-operand spelling `lwz rD,d,rA` as `lwz rD,d(rA)`
      // (the POWER campaign's tests use it).
      const bool split = in.ops.size() == 3 && in.ops[1].kind == Kind::Imm;
      arity(in, split ? 3 : 2);
      const bool load = m[0] == 'l';
      const Reg r = reg(in.ops[0]);
      const auto [base, disp] = split ? std::pair<Reg, Value>{reg(in.ops[2]), in.ops[1].imm}
                                      : disp_address(in, 1);
      MicroOp u = mem_op(load ? UopKind::Load : UopKind::Store, base, disp);
      if (load) u.dst = r;
      else u.a = Src::r(r);
      emit(u);
      return;
    }
    if (m == "lwzx" || m == "ldx" || m == "stwx" || m == "stdx" || m == "lwarx" ||
        m == "ldarx" || m == "stwcx." || m == "stdcx.") {
      arity(in, 3);
      const Reg r = reg(in.ops[0]);
      const Reg base = indexed_address(in, 1);
      const bool load = m[0] == 'l';
      const bool excl = m == "lwarx" || m == "ldarx";
      const bool cond = m == "stwcx." || m == "stdcx.";
      MicroOp u = mem_op(load ? UopKind::Load : cond ? UopKind::StoreCond : UopKind::Store, base, 0,
                         excl ? kExclusive : 0);
      if (load) u.dst = r;
      else u.a = Src::r(r);
      if (cond) u.dst = cr();
      emit(u);
      return;
    }
    if (m == "li") {
      arity(in, 2);
      const Reg d = reg(in.ops[0]);
      return alu(AluOp::Mov, d, Src::i(imm(in.ops[1])));
    }
    if (m == "mr") {
      arity(in, 2);
      const Reg d = reg(in.ops[0]);
      return alu(AluOp::Mov, d, Src::r(reg(in.ops[1])));
    }
    static const std::pair<const char*, AluOp> kAlu[] = {
        {"add", AluOp::Add}, {"sub", AluOp::Sub}, {"subf", AluOp::Sub},
        {"xor", AluOp::Xor}, {"and", AluOp::And}, {"or", AluOp::Or}};
    for (const auto& [name, op] : kAlu) {
      if (m != name) continue;
      arity(in, 3);
      const Reg d = reg(in.ops[0]);
      const Src a = Src::r(reg(in.ops[1]));
      const Src b = reg_or_imm(in.ops[2]);
      if (m == "subf") {  // subf rD,rA,rB: rD = rB - rA
        if (!b.is_reg) fail("parse", in.ops[2].col, "unexpected number: expected a register");
        return alu(op, d, b, a);
      }
      return alu(op, d, a, b);
    }
    static const std::pair<const char*, AluOp> kAluImm[] = {
        {"addi", AluOp::Add}, {"xori", AluOp::Xor}, {"ori", AluOp::Or}};
    for (const auto& [name, op] : kAluImm) {
      if (m != name) continue;
      arity(in, 3);
      const Reg d = reg(in.ops[0]);
      const Src a = Src::r(reg(in.ops[1]));
      return alu(op, d, a, Src::i(imm(in.ops[2])));
    }
    if (m == "cmpw" || m == "cmpd" || m == "cmpwi" || m == "cmpdi") {
      arity(in, 2);
      const Src a = Src::r(reg(in.ops[0]));
      const Src b = m.back() == 'i' ? Src::i(imm(in.ops[1])) : Src::r(reg(in.ops[1]));
      return alu(AluOp::Sub, cr(), a, b);
    }
    if (m == "b") {
      arity(in, 1);
      need_label(in.ops[0]);
      return jump_to(branch(Src::i(1), false), in.ops[0]);
    }
    static const std::pair<const char*, Cond> kBranches[] = {
        {"beq", Cond::EQ}, {"bne", Cond::NE}, {"blt", Cond::LT},
        {"bgt", Cond::GT}, {"ble", Cond::LE}, {"bge", Cond::GE}};
    for (const auto& [name, c] : kBranches) {
      if (m != name) continue;
      arity(in, 1);
      need_label(in.ops[0]);
      std::size_t op;
      if (c == Cond::EQ || c == Cond::NE) {
        op = branch(Src::r(cr()), c == Cond::EQ);
      } else {
        const AluOp cmp = c == Cond::LT ? AluOp::Lt : c == Cond::GT ? AluOp::Gt
                        : c == Cond::LE ? AluOp::Le : AluOp::Ge;
        const Reg t = temp();
        alu(cmp, t, Src::r(cr()), Src::i(0));
        op = branch(Src::r(t), false);
      }
      return jump_to(op, in.ops[0]);
    }
    static const std::pair<const char*, Fence> kFences[] = {
        {"sync", kSync}, {"hwsync", kSync}, {"lwsync", kLwsync},
        {"eieio", kEieio}, {"isync", kIsync}};
    for (const auto& [name, f] : kFences) {
      if (m != name) continue;
      arity(in, 0);
      return fence(f);
    }
    if (m == "nop") {
      arity(in, 0);
      emit(MicroOp{});
      return;
    }
    fail("unsupported", in.col, "unsupported instruction '" + in.spelling + "'");
  }

  const LitmusTest& test_;
  const ThreadSource& thread_;
  MemoryLayout& layout_;
  ThreadProgram p_;
  std::map<std::string, Reg> regs_;
  Reg cr_ = kNoReg;
  int ntemps_ = 0;
  std::uint32_t row_ = 0;
  SourcePos cell_;
  std::map<std::string, std::int32_t> labels_;
  std::vector<PendingJump> pending_;
};

}  // namespace

ThreadProgram PpcIsa::parse_thread(const LitmusTest& test, const ThreadSource& thread,
                                   MemoryLayout& layout) const {
  return Lowerer(test, thread, layout).run();
}

std::string PpcIsa::canonical_reg(const std::string& name) const {
  const int n = reg_num(name);
  return n < 0 ? std::string() : "r" + std::to_string(n);
}

}  // namespace mmsim::powerpc

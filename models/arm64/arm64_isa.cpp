#include "models/arm64/arm64_isa.h"

#include <cstdint>
#include <map>

#include "models/arm64/arm64_asm_syntax.h"
#include "models/arm64/arm64_fences.h"
#include "models/arm64/arm64_registers.h"

namespace mmsim::arm64 {
namespace {

using Kind = Operand::Kind;
using RK = RegName::Kind;

// A resolved address: base register plus displacement.
struct Address {
  Reg base = kNoReg;
  Value disp = 0;
};

// What an address operand may be: every form (LDR/STR), an immediate offset only (LDUR/STUR),
// or just [Xn] / [Xn,#0] (acquire/release, exclusive and atomic accesses).
enum class AddrForm { Full, ImmOnly, BaseOnly };

struct LdStDef {
  const char* name;
  UopKind kind;
  std::uint8_t flags;
  AddrForm form;
};

constexpr LdStDef kLdSt[] = {
    {"LDR", UopKind::Load, 0, AddrForm::Full},
    {"LDRB", UopKind::Load, 0, AddrForm::Full},
    {"LDRH", UopKind::Load, 0, AddrForm::Full},
    {"LDUR", UopKind::Load, 0, AddrForm::ImmOnly},
    {"LDURB", UopKind::Load, 0, AddrForm::ImmOnly},
    {"LDURH", UopKind::Load, 0, AddrForm::ImmOnly},
    {"LDAR", UopKind::Load, kAcquire, AddrForm::BaseOnly},
    {"LDARB", UopKind::Load, kAcquire, AddrForm::BaseOnly},
    {"LDARH", UopKind::Load, kAcquire, AddrForm::BaseOnly},
    {"LDAPR", UopKind::Load, kAcquirePC, AddrForm::BaseOnly},
    {"LDAPRB", UopKind::Load, kAcquirePC, AddrForm::BaseOnly},
    {"LDAPRH", UopKind::Load, kAcquirePC, AddrForm::BaseOnly},
    {"LDXR", UopKind::Load, kExclusive, AddrForm::BaseOnly},
    {"LDXRB", UopKind::Load, kExclusive, AddrForm::BaseOnly},
    {"LDXRH", UopKind::Load, kExclusive, AddrForm::BaseOnly},
    {"LDAXR", UopKind::Load, kExclusive | kAcquire, AddrForm::BaseOnly},
    {"LDAXRB", UopKind::Load, kExclusive | kAcquire, AddrForm::BaseOnly},
    {"LDAXRH", UopKind::Load, kExclusive | kAcquire, AddrForm::BaseOnly},
    {"STR", UopKind::Store, 0, AddrForm::Full},
    {"STRB", UopKind::Store, 0, AddrForm::Full},
    {"STRH", UopKind::Store, 0, AddrForm::Full},
    {"STUR", UopKind::Store, 0, AddrForm::ImmOnly},
    {"STURB", UopKind::Store, 0, AddrForm::ImmOnly},
    {"STURH", UopKind::Store, 0, AddrForm::ImmOnly},
    {"STLR", UopKind::Store, kRelease, AddrForm::BaseOnly},
    {"STLRB", UopKind::Store, kRelease, AddrForm::BaseOnly},
    {"STLRH", UopKind::Store, kRelease, AddrForm::BaseOnly},
    {"STXR", UopKind::StoreCond, 0, AddrForm::BaseOnly},
    {"STXRB", UopKind::StoreCond, 0, AddrForm::BaseOnly},
    {"STXRH", UopKind::StoreCond, 0, AddrForm::BaseOnly},
    {"STLXR", UopKind::StoreCond, kRelease, AddrForm::BaseOnly},
    {"STLXRB", UopKind::StoreCond, kRelease, AddrForm::BaseOnly},
    {"STLXRH", UopKind::StoreCond, kRelease, AddrForm::BaseOnly},
};

const LdStDef* find_ldst(const std::string& m) {
  for (const auto& d : kLdSt)
    if (m == d.name) return &d;
  return nullptr;
}

// An LSE atomic: SWP, CAS, LD<op>, ST<op> with their ordering and size suffixes.
struct AtomicDef {
  RmwOp op = RmwOp::Xchg;
  bool cas = false;
  bool store_form = false;  // ST<op>: no destination register
  bool invert = false;      // LDCLR: memory &= ~Ws
  bool acquire = false, release = false;
};

bool decode_atomic(const std::string& m, AtomicDef& out) {
  struct Base {
    const char* name;
    RmwOp op;
    bool cas, store_form, invert;
  };
  static const Base kBases[] = {
      {"SWP", RmwOp::Xchg, false, false, false},    {"CAS", RmwOp::CmpXchg, true, false, false},
      {"LDADD", RmwOp::FetchAdd, false, false, false}, {"LDCLR", RmwOp::FetchAnd, false, false, true},
      {"LDEOR", RmwOp::FetchXor, false, false, false}, {"LDSET", RmwOp::FetchOr, false, false, false},
      {"STADD", RmwOp::FetchAdd, false, true, false}, {"STCLR", RmwOp::FetchAnd, false, true, true},
      {"STEOR", RmwOp::FetchXor, false, true, false}, {"STSET", RmwOp::FetchOr, false, true, false},
  };
  for (const Base& b : kBases) {
    const std::string base = b.name;
    if (m.compare(0, base.size(), base) != 0) continue;
    std::string rest = m.substr(base.size());
    if (!rest.empty() && (rest.back() == 'B' || rest.back() == 'H')) rest.pop_back();
    const bool ok = rest.empty() || rest == "L" || (!b.store_form && (rest == "A" || rest == "AL"));
    if (!ok) continue;
    out.op = b.op;
    out.cas = b.cas;
    out.store_form = b.store_form;
    out.invert = b.invert;
    out.acquire = rest == "A" || rest == "AL";
    out.release = rest == "L" || rest == "AL";
    return true;
  }
  return false;
}

enum class Cond { EQ, NE, MI, PL, LT, GE, GT, LE, AL };

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
      Cell c = parse_cell(text, pos);
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

  // ---- registers -------------------------------------------------------------------------

  void init_registers() {
    for (const auto& it : test_.init) {
      if (it.tid != thread_.tid) continue;
      const std::string name = canonical_reg_name(it.name);
      if (name.empty())
        throw BadInput("parse", it.pos,
                       "'" + it.name + "' is not an AArch64 register (expected X0-X30 or W0-W30)");
      const Reg r = reg(name);
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
  Reg reg(const std::string& canonical) {
    const auto it = regs_.find(canonical);
    if (it != regs_.end()) return it->second;
    const Reg r = new_reg(RegInfo{canonical, false, 0, true});
    regs_[canonical] = r;
    return r;
  }
  Reg gpr(int num) { return reg("X" + std::to_string(num)); }
  Reg temp() { return new_reg(RegInfo{"%t" + std::to_string(ntemps_++), false, 0, false}); }
  Reg flags() {
    if (flags_ == kNoReg) flags_ = new_reg(RegInfo{"%flags", false, 0, false});
    return flags_;
  }

  Value addr_of(const std::string& loc) {
    return static_cast<Value>(layout_.intern(loc).addr.raw());
  }

  void need_reg(const Operand& o, const char* what = "expected a register") const {
    if (o.kind != Kind::Reg) fail("parse", o.col, unexpected(o) + what);
    if (o.reg.kind == RK::Sp)
      fail("unsupported", o.col, "unsupported register '" + o.text + "': the stack pointer is not modelled");
  }
  static std::string unexpected(const Operand& o) {
    switch (o.kind) {
      case Kind::Reg: case Kind::Word: return "unexpected '" + o.text + "': ";
      case Kind::Imm: return "unexpected immediate: ";
      case Kind::Mem: return "unexpected address: ";
    }
    return "";
  }
  // A destination register: the zero register discards the result (kNoReg).
  Reg dst(const Operand& o) {
    need_reg(o);
    return o.reg.kind == RK::Zero ? kNoReg : gpr(o.reg.num);
  }
  // A source register: the zero register reads as 0.
  Src src(const Operand& o) {
    need_reg(o);
    return o.reg.kind == RK::Zero ? Src::i(0) : Src::r(gpr(o.reg.num));
  }
  Src src_or_imm(const Operand& o) {
    if (o.kind == Kind::Imm) return Src::i(o.imm);
    need_reg(o, "expected a register or '#immediate'");
    return src(o);
  }

  // ---- emission --------------------------------------------------------------------------

  std::int32_t here() const { return static_cast<std::int32_t>(p_.ops.size()); }
  std::size_t emit(MicroOp u) {
    u.src = row_;
    p_.ops.push_back(u);
    return p_.ops.size() - 1;
  }
  void alu(AluOp op, Reg d, Src a, Src b = Src::i(0), Src c = Src::i(0)) {
    MicroOp u;
    u.kind = UopKind::Alu;
    u.alu = op;
    u.dst = d;
    u.a = a;
    u.b = b;
    u.c = c;
    emit(u);
  }
  Src alu_temp(AluOp op, Src a, Src b = Src::i(0)) {
    const Reg t = temp();
    alu(op, t, a, b);
    return Src::r(t);
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

  // ---- operand shapes --------------------------------------------------------------------

  void arity(const Insn& in, std::size_t lo, std::size_t hi) const {
    const auto count = [](std::size_t n) {
      return std::to_string(n) + " operand" + (n == 1 ? "" : "s");
    };
    const std::string n = lo == hi ? count(lo) : std::to_string(lo) + " or " + count(hi);
    if (in.ops.size() > hi)
      fail("parse", in.ops[hi].col,
           "'" + in.spelling + "' takes " + n + ": expected end of instruction");
    if (in.ops.size() < lo)
      fail("parse", in.end,
           "'" + in.spelling + "' expects " + n + ": expected " +
               (in.ops.empty() ? "an operand" : "',' and another operand"));
  }

  std::string label(const Operand& o) const {
    if (o.kind != Kind::Word || o.has_imm) fail("parse", o.col, unexpected(o) + "expected a label");
    return o.text;
  }
  void jump_to(std::size_t op, const Operand& o) {
    pending_.push_back({op, label(o), pos_at(cell_, o.col)});
  }

  Cond condition(const std::string& word, std::size_t col) const {
    static const std::pair<const char*, Cond> kConds[] = {
        {"EQ", Cond::EQ}, {"NE", Cond::NE}, {"MI", Cond::MI}, {"PL", Cond::PL},
        {"LT", Cond::LT}, {"GE", Cond::GE}, {"GT", Cond::GT}, {"LE", Cond::LE},
        {"AL", Cond::AL}, {"NV", Cond::AL}};
    for (const auto& [name, c] : kConds)
      if (word == name) return c;
    for (const char* u : {"HS", "CS", "LO", "CC", "HI", "LS", "VS", "VC"})
      if (word == u)
        fail("unsupported", col,
             "unsupported condition '" + word +
                 "': the flags model only a signed difference (EQ NE MI PL LT GE GT LE AL)");
    fail("parse", col,
         "unknown condition '" + word + "': expected a condition code (EQ, NE, LT, GE, GT, LE, ...)");
  }
  Cond condition(const Operand& o) const {
    if (o.kind != Kind::Word || o.has_imm)
      fail("parse", o.col, unexpected(o) + "expected a condition code (EQ, NE, LT, GE, GT, LE, ...)");
    return condition(o.word, o.col);
  }

  // d = cond(flags) ? 1 : 0.
  void cond_value(Cond c, Reg d) {
    const Src f = Src::r(flags());
    switch (c) {
      case Cond::EQ: return alu(AluOp::Eq, d, f, Src::i(0));
      case Cond::NE: return alu(AluOp::Ne, d, f, Src::i(0));
      case Cond::MI: case Cond::LT: return alu(AluOp::Lt, d, f, Src::i(0));
      case Cond::PL: case Cond::GE: return alu(AluOp::Ge, d, f, Src::i(0));
      case Cond::GT: return alu(AluOp::Gt, d, f, Src::i(0));
      case Cond::LE: return alu(AluOp::Le, d, f, Src::i(0));
      case Cond::AL: return alu(AluOp::Mov, d, Src::i(1));
    }
  }

  // A shift or extension applied to register value `s` (`LSL #2`, `SXTW`).
  Src modify(Src s, const Operand& m) {
    if (m.kind != Kind::Word)
      fail("parse", m.col, unexpected(m) + "expected a shift or extension (LSL #k, LSR #k, SXTW, UXTW)");
    const std::string& w = m.word;
    if (w == "LSL" || w == "LSR") {
      if (!m.has_imm) fail("parse", m.col + m.text.size(), "expected a shift amount '#k' after '" + m.text + "'");
      return alu_temp(w == "LSL" ? AluOp::Shl : AluOp::Shr, s, Src::i(m.imm));
    }
    if (w == "SXTW" || w == "UXTW" || w == "SXTX" || w == "UXTX") {
      // One value size: extending a 32-bit or 64-bit value is the identity.
      return m.has_imm ? alu_temp(AluOp::Shl, s, Src::i(m.imm)) : s;
    }
    if (w == "ASR" || w == "ROR" || w == "SXTB" || w == "SXTH" || w == "UXTB" || w == "UXTH")
      fail("unsupported", m.col, "unsupported operand modifier '" + m.text + "'");
    fail("parse", m.col, "unexpected '" + m.text + "': expected a shift or extension (LSL #k, LSR #k, SXTW, UXTW)");
  }

  // The flexible second operand at ops[i]: `#imm {, LSL #k}` or `Rm {, shift/extend}`.
  Src operand2(const Insn& in, std::size_t i) {
    const Operand& o = in.ops[i];
    const Operand* m = i + 1 < in.ops.size() ? &in.ops[i + 1] : nullptr;
    if (o.kind == Kind::Imm) {
      if (!m) return Src::i(o.imm);
      if (m->kind != Kind::Word || m->word != "LSL" || !m->has_imm)
        fail("parse", m->col, unexpected(*m) + "expected 'LSL #k' after an immediate");
      return Src::i(static_cast<Value>(static_cast<std::uint64_t>(o.imm) << (m->imm & 63)));
    }
    need_reg(o, "expected a register or '#immediate'");
    const Src s = src(o);
    return m ? modify(s, *m) : s;
  }

  // ---- addresses -------------------------------------------------------------------------

  Reg base_reg(const Operand& o) {
    if (o.base.kind == RK::Sp)
      fail("unsupported", o.base_col, "unsupported register '" + o.base_text + "': the stack pointer is not modelled");
    if (o.base.kind != RK::Gpr || !o.base.wide)
      fail("parse", o.base_col, "unexpected '" + o.base_text + "': expected an X register as the address base");
    return gpr(o.base.num);
  }

  // Address operand ops[i] for `in`; emits the Alu uops an index or pre-index needs.
  Address address(const Insn& in, std::size_t i, AddrForm form) {
    const Operand& o = in.ops[i];
    if (o.kind != Kind::Mem) fail("parse", o.col, unexpected(o) + "expected an address '[Xn]'");
    Address a;
    a.base = base_reg(o);
    const std::string only =
        form == AddrForm::BaseOnly ? "'" + in.spelling + "' takes an address [Xn]: expected ']'"
                                   : "'" + in.spelling + "' takes an address [Xn,#imm]: expected ']'";
    if (o.has_offset) {
      if (form == AddrForm::BaseOnly && o.offset != 0) fail("parse", o.offset_col, only);
      a.disp = o.offset;
    }
    if (o.has_index) {
      if (form != AddrForm::Full) fail("parse", o.index_col, only);
      if (o.index.kind == RK::Sp)
        fail("unsupported", o.index_col, "unsupported register '" + o.index_text + "': the stack pointer is not modelled");
      const bool word_ext = o.ext == "SXTW" || o.ext == "UXTW";
      if (!o.ext.empty() && !word_ext && o.ext != "SXTX" && o.ext != "UXTX" && o.ext != "LSL")
        fail("parse", o.ext_col, "unexpected '" + o.ext + "': expected SXTW, UXTW, SXTX or LSL #k");
      if (o.ext == "LSL" && !o.has_amount)
        fail("parse", o.ext_col + 3, "expected a shift amount '#k' after 'LSL'");
      if (word_ext && o.index.wide)
        fail("parse", o.index_col, "unexpected '" + o.index_text + "': " + o.ext + " takes a W index register");
      if (!word_ext && !o.index.wide)
        fail("parse", o.index_col, "unexpected '" + o.index_text + "': expected an X index register (or " +
                                       o.index_text + ",SXTW)");
      Src idx = o.index.kind == RK::Zero ? Src::i(0) : Src::r(gpr(o.index.num));
      if (o.has_amount) idx = alu_temp(AluOp::Shl, idx, Src::i(o.amount));
      const Reg t = temp();
      alu(AluOp::Add, t, Src::r(a.base), idx);
      a.base = t;
    }
    if (o.writeback) {
      if (form != AddrForm::Full) fail("parse", o.writeback_col, "'" + in.spelling + "' has no pre-indexed form: expected end of instruction");
      if (!o.has_offset) fail("parse", o.writeback_col, "expected an offset '#imm' before ']!'");
      alu(AluOp::Add, a.base, Src::r(a.base), Src::i(o.offset));
      a.disp = 0;
    }
    return a;
  }

  MicroOp mem_op(UopKind k, const Address& a, std::uint8_t fl) {
    MicroOp u;
    u.kind = k;
    u.addr_base = a.base;
    u.addr_disp = a.disp;
    u.flags = fl;
    return u;
  }

  // ---- instructions ----------------------------------------------------------------------

  void lower(const Insn& in) {
    const std::string& m = in.mnem;
    if (const LdStDef* d = find_ldst(m)) return lower_ldst(in, *d);
    AtomicDef at;
    if (decode_atomic(m, at)) return lower_atomic(in, at);
    if (m == "MOV") return lower_mov(in);
    if (m == "ADD" || m == "ADDS") return lower_alu3(in, AluOp::Add, m == "ADDS");
    if (m == "SUB" || m == "SUBS") return lower_alu3(in, AluOp::Sub, m == "SUBS");
    if (m == "AND" || m == "ANDS") return lower_alu3(in, AluOp::And, m == "ANDS");
    if (m == "ORR") return lower_alu3(in, AluOp::Or, false);
    if (m == "EOR") return lower_alu3(in, AluOp::Xor, false);
    if (m == "LSL" || m == "LSR") return lower_shift(in, m == "LSL" ? AluOp::Shl : AluOp::Shr);
    if (m == "NEG" || m == "MVN") return lower_unary(in, m == "NEG" ? AluOp::Neg : AluOp::BNot);
    if (m == "CMP") return lower_cmp(in, AluOp::Sub);
    if (m == "CMN") return lower_cmp(in, AluOp::Add);
    if (m == "TST") return lower_cmp(in, AluOp::And);
    if (m == "CSEL" || m == "CSINC" || m == "CSINV" || m == "CSNEG") return lower_csel(in);
    if (m == "CSET") return lower_cset(in);
    if (m == "B" || m.compare(0, 2, "B.") == 0) return lower_b(in);
    if (m == "CBZ" || m == "CBNZ") return lower_cbz(in);
    if (m == "TBZ" || m == "TBNZ") return lower_tbz(in);
    if (m == "DMB" || m == "DSB") return lower_barrier(in);
    if (m == "ISB") return lower_isb(in);
    if (m == "NOP") {
      arity(in, 0, 0);
      emit(MicroOp{});
      return;
    }
    fail("unsupported", in.col, "unsupported instruction '" + in.spelling + "'");
  }

  void lower_ldst(const Insn& in, const LdStDef& d) {
    if (d.kind == UopKind::StoreCond) {  // STXR Ws,Wt,[Xn]
      arity(in, 3, 3);
      const Reg status = dst(in.ops[0]);
      const Src v = src(in.ops[1]);
      MicroOp u = mem_op(UopKind::StoreCond, address(in, 2, d.form), d.flags);
      u.dst = status;
      u.a = v;
      emit(u);
      return;
    }
    const bool post_ok = d.form == AddrForm::Full;
    arity(in, 2, post_ok ? 3 : 2);
    const Operand& rt = in.ops[0];
    need_reg(rt);
    const bool post = in.ops.size() == 3;
    if (post) {  // [Xn],#imm: access at Xn, then Xn += imm
      const Operand& mo = in.ops[1];
      if (mo.kind == Kind::Mem && (mo.has_offset || mo.has_index || mo.writeback))
        fail("parse", in.ops[2].col, "unexpected post-index: the address already has an offset");
      if (in.ops[2].kind != Kind::Imm)
        fail("parse", in.ops[2].col, unexpected(in.ops[2]) + "expected a post-index '#imm'");
    }
    const Address a = address(in, 1, d.form);
    MicroOp u = mem_op(d.kind, a, d.flags);
    if (d.kind == UopKind::Load) u.dst = dst(rt);
    else u.a = src(rt);
    emit(u);
    if (post) alu(AluOp::Add, a.base, Src::r(a.base), Src::i(in.ops[2].imm));
  }

  void lower_atomic(const Insn& in, const AtomicDef& at) {
    arity(in, at.store_form ? 2 : 3, at.store_form ? 2 : 3);
    const std::size_t mi = at.store_form ? 1 : 2;
    Src s = src(in.ops[0]);
    Src t = Src::i(0);
    Reg d = kNoReg;
    if (at.cas) {
      t = src(in.ops[1]);
      d = dst(in.ops[0]);
    } else if (!at.store_form) {
      d = dst(in.ops[1]);
    }
    if (in.ops[mi].kind != Kind::Mem)
      fail("parse", in.ops[mi].col, unexpected(in.ops[mi]) + "expected an address '[Xn]'");
    if (at.invert) s = alu_temp(AluOp::BNot, s);
    const Address a = address(in, mi, AddrForm::BaseOnly);
    std::uint8_t fl = 0;
    if (at.release) fl |= kRelease;
    // ARM ARM: with the zero register as destination the old value is not returned, and the
    // A forms lose their acquire semantics.
    if (d == kNoReg) fl |= kNoRet;
    else if (at.acquire) fl |= kAcquire;
    MicroOp u = mem_op(UopKind::Rmw, a, fl);
    u.rmw = at.op;
    u.dst = d;
    u.a = s;
    u.b = t;
    emit(u);
  }

  void lower_mov(const Insn& in) {
    arity(in, 2, 2);
    const Reg d = dst(in.ops[0]);
    alu(AluOp::Mov, d, src_or_imm(in.ops[1]));
  }

  void lower_alu3(const Insn& in, AluOp op, bool sets_flags) {
    arity(in, 3, 4);
    const Reg d = dst(in.ops[0]);
    const Src a = src(in.ops[1]);
    const Src b = operand2(in, 2);
    if (!sets_flags) return alu(op, d, a, b);
    if (d == kNoReg) return alu(op, flags(), a, b);
    alu(op, d, a, b);
    alu(AluOp::Mov, flags(), Src::r(d));
  }

  void lower_shift(const Insn& in, AluOp op) {
    arity(in, 3, 3);
    const Reg d = dst(in.ops[0]);
    const Src a = src(in.ops[1]);
    alu(op, d, a, src_or_imm(in.ops[2]));
  }

  void lower_unary(const Insn& in, AluOp op) {
    arity(in, 2, 3);
    const Reg d = dst(in.ops[0]);
    alu(op, d, operand2(in, 1));
  }

  void lower_cmp(const Insn& in, AluOp op) {
    arity(in, 2, 3);
    const Src a = src(in.ops[0]);
    alu(op, flags(), a, operand2(in, 1));
  }

  void lower_csel(const Insn& in) {
    arity(in, 4, 4);
    const Reg d = dst(in.ops[0]);
    const Src a = src(in.ops[1]);
    Src b = src(in.ops[2]);
    const Cond c = condition(in.ops[3]);
    if (in.mnem == "CSINC") b = alu_temp(AluOp::Add, b, Src::i(1));
    if (in.mnem == "CSINV") b = alu_temp(AluOp::BNot, b);
    if (in.mnem == "CSNEG") b = alu_temp(AluOp::Neg, b);
    const Reg t = temp();
    cond_value(c, t);
    alu(AluOp::Select, d, a, b, Src::r(t));
  }

  void lower_cset(const Insn& in) {
    arity(in, 2, 2);
    const Reg d = dst(in.ops[0]);
    cond_value(condition(in.ops[1]), d);
  }

  void lower_b(const Insn& in) {
    arity(in, 1, 1);
    if (in.mnem == "B") return jump_to(branch(Src::i(1), false), in.ops[0]);
    const Cond c = condition(in.mnem.substr(2), in.col + 2);
    label(in.ops[0]);
    std::size_t op;
    switch (c) {
      case Cond::EQ: op = branch(Src::r(flags()), true); break;
      case Cond::NE: op = branch(Src::r(flags()), false); break;
      case Cond::AL: op = branch(Src::i(1), false); break;
      default: {
        const Reg t = temp();
        cond_value(c, t);
        op = branch(Src::r(t), false);
      }
    }
    jump_to(op, in.ops[0]);
  }

  void lower_cbz(const Insn& in) {
    arity(in, 2, 2);
    const Src v = src(in.ops[0]);
    label(in.ops[1]);
    jump_to(branch(v, in.mnem == "CBZ"), in.ops[1]);
  }

  void lower_tbz(const Insn& in) {
    arity(in, 3, 3);
    const Src v = src(in.ops[0]);
    const Operand& bit = in.ops[1];
    if (bit.kind != Kind::Imm || bit.imm < 0 || bit.imm > 63)
      fail("parse", bit.col, unexpected(bit) + "expected a bit number '#0'..'#63'");
    label(in.ops[2]);
    const Src shifted = alu_temp(AluOp::Shr, v, Src::i(bit.imm));
    const Src b = alu_temp(AluOp::And, shifted, Src::i(1));
    jump_to(branch(b, in.mnem == "TBZ"), in.ops[2]);
  }

  void lower_barrier(const Insn& in) {
    arity(in, 1, 1);
    const Operand& o = in.ops[0];
    const bool dsb = in.mnem == "DSB";
    if (o.kind == Kind::Imm)
      fail("unsupported", o.col, "unsupported barrier option given as a number: expected SY, ISH, ISHLD, ISHST, ...");
    if (o.kind == Kind::Word && !o.has_imm) {
      const std::string& w = o.word;
      if (w == "SY" || w == "ISH" || w == "OSH" || w == "NSH") return fence(dsb ? kDsbFull : kDmbFull);
      if (w == "LD" || w == "ISHLD" || w == "OSHLD" || w == "NSHLD") return fence(kDmbLd);
      if (w == "ST" || w == "ISHST" || w == "OSHST" || w == "NSHST") return fence(kDmbSt);
    }
    fail("parse", o.col,
         unexpected(o) + "expected a barrier option (SY, ISH, OSH, NSH, LD, ISHLD, ST, ISHST, ...)");
  }

  void lower_isb(const Insn& in) {
    arity(in, 0, 1);
    if (!in.ops.empty() && (in.ops[0].kind != Kind::Word || in.ops[0].has_imm || in.ops[0].word != "SY"))
      fail("parse", in.ops[0].col, unexpected(in.ops[0]) + "expected 'SY' or end of instruction");
    fence(kIsb);
  }

  const LitmusTest& test_;
  const ThreadSource& thread_;
  MemoryLayout& layout_;
  ThreadProgram p_;
  std::map<std::string, Reg> regs_;
  Reg flags_ = kNoReg;
  int ntemps_ = 0;
  std::uint32_t row_ = 0;
  SourcePos cell_;
  std::map<std::string, std::int32_t> labels_;
  std::vector<PendingJump> pending_;
};

}  // namespace

ThreadProgram Arm64Isa::parse_thread(const LitmusTest& test, const ThreadSource& thread,
                                     MemoryLayout& layout) const {
  return Lowerer(test, thread, layout).run();
}

std::string Arm64Isa::canonical_reg(const std::string& name) const {
  return canonical_reg_name(name);
}

}  // namespace mmsim::arm64

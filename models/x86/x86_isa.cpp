#include "models/x86/x86_isa.h"

#include <cstdint>
#include <map>

#include "models/x86/x86_fences.h"

namespace mmsim::x86 {
namespace {

using Kind = Operand::Kind;

// A resolved address: base register (or kNoReg) plus displacement.
struct Address {
  Reg base = kNoReg;
  Value disp = 0;
};

Value wrap_add(Value a, Value b) {
  return static_cast<Value>(static_cast<std::uint64_t>(a) + static_cast<std::uint64_t>(b));
}

class Lowerer {
 public:
  Lowerer(Dialect d, const LitmusTest& test, const ThreadSource& thread, MemoryLayout& layout)
      : d_(d), test_(test), thread_(thread), layout_(layout) {}

  ThreadProgram run() {
    p_.tid = thread_.tid;
    init_registers();
    std::vector<std::pair<std::uint32_t, Cell>> cells;
    for (const auto& [pos, text] : thread_.rows) {
      const auto row = static_cast<std::uint32_t>(p_.positions.size());
      p_.positions.push_back(pos);
      Cell c = parse_cell(d_, text, pos);
      if (c.insn && is_cond_jump(c.insn->mnem)) need_flags_ = true;
      if (!c.labels.empty() || c.insn) cells.emplace_back(row, std::move(c));
    }
    for (const auto& [row, cell] : cells) {
      row_ = row;
      cell_ = p_.positions[row];
      for (const auto& [name, col] : cell.labels) {
        if (labels_.count(name)) fail("parse", col, "label '" + name + "' is defined twice");
        labels_[name] = static_cast<std::int32_t>(p_.ops.size());
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
      const std::string name = canonical_reg_name(d_, it.name);
      if (name.empty())
        throw BadInput("parse", it.pos,
                       "'" + it.name + "' is not an " +
                           (d_ == Dialect::Intel ? "X86" : "X86_64") + " register");
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
  Reg temp() { return new_reg(RegInfo{"%t" + std::to_string(ntemps_++), false, 0, false}); }
  Reg flags() {
    if (flags_ == kNoReg) flags_ = new_reg(RegInfo{"%flags", false, 0, false});
    return flags_;
  }

  std::size_t emit(MicroOp u) {
    u.src = row_;
    p_.ops.push_back(u);
    return p_.ops.size() - 1;
  }
  void alu(AluOp op, Reg dst, Src a, Src b = Src::i(0)) {
    MicroOp u;
    u.kind = UopKind::Alu;
    u.alu = op;
    u.dst = dst;
    u.a = a;
    u.b = b;
    emit(u);
  }
  std::size_t branch(Src cond, bool if_zero, std::int32_t target) {
    MicroOp u;
    u.kind = UopKind::Branch;
    u.a = cond;
    u.flags = if_zero ? kBranchIfZero : 0;
    u.target = target;
    return emit(u);
  }
  void set_flags(Reg result) {
    if (need_flags_) alu(AluOp::Mov, flags(), Src::r(result));
  }
  std::int32_t here() const { return static_cast<std::int32_t>(p_.ops.size()); }

  Value addr_of(const std::string& loc) {
    return static_cast<Value>(layout_.intern(loc).addr.raw());
  }

  // Computes a memory operand's address; emits an add when it names two registers.
  Address address(const Operand& m) {
    Address a;
    a.disp = m.loc.empty() ? m.imm : wrap_add(addr_of(m.loc), m.imm);
    if (!m.base.empty()) a.base = reg(m.base);
    if (!m.index.empty()) {
      const Reg t = temp();
      alu(AluOp::Add, t, Src::r(a.base), Src::r(reg(m.index)));
      a.base = t;
    }
    return a;
  }
  MicroOp mem_op(UopKind k, const Address& a) {
    MicroOp u;
    u.kind = k;
    u.addr_base = a.base;
    u.addr_disp = a.disp;
    return u;
  }
  Reg load(const Address& a, Reg dst = kNoReg) {
    MicroOp u = mem_op(UopKind::Load, a);
    u.dst = dst == kNoReg ? temp() : dst;
    emit(u);
    return u.dst;
  }
  void store(const Address& a, Src v) {
    MicroOp u = mem_op(UopKind::Store, a);
    u.a = v;
    emit(u);
  }
  void rmw(const Address& a, RmwOp op, Reg dst, Src x, Src y = Src::i(0)) {
    MicroOp u = mem_op(UopKind::Rmw, a);
    u.rmw = op;
    u.flags = kLocked;
    u.dst = dst;
    u.a = x;
    u.b = y;
    emit(u);
  }

  // The value of a register or immediate operand; a memory operand is loaded into a temp.
  Src value(const Operand& o) {
    switch (o.kind) {
      case Kind::Reg: return Src::r(reg(o.reg));
      case Kind::Imm: return Src::i(o.loc.empty() ? o.imm : wrap_add(addr_of(o.loc), o.imm));
      case Kind::Mem: return Src::r(load(address(o)));
    }
    return Src::i(0);
  }

  void need_dest(const Operand& o) const {
    if (o.kind == Kind::Imm) fail("parse", o.col, "expected a register or memory destination");
  }
  void no_mem_mem(const Insn& in) const {
    if (in.ops[0].kind == Kind::Mem && in.ops[1].kind == Kind::Mem)
      fail("parse", in.ops[d_ == Dialect::Intel ? 1 : 0].col,
           "expected a register or immediate: x86 has no memory-to-memory form");
  }
  void need_reg(const Operand& o) const {
    if (o.kind != Kind::Reg) fail("parse", o.col, "expected a register");
  }
  void check_lock(const Insn& in) const {
    switch (in.mnem) {
      case Mnem::Add: case Mnem::Sub: case Mnem::And: case Mnem::Or: case Mnem::Xor:
      case Mnem::Inc: case Mnem::Dec: case Mnem::Neg: case Mnem::Not: case Mnem::Xadd:
      case Mnem::Cmpxchg: case Mnem::Xchg:
        break;
      default:
        fail("parse", in.lock_col, "LOCK cannot prefix '" + in.spelling + "'");
    }
    const bool mem = in.ops[0].kind == Kind::Mem ||
                     (in.mnem == Mnem::Xchg && in.ops[1].kind == Kind::Mem);
    if (!mem) fail("parse", in.ops[0].col, "expected a memory destination after LOCK");
  }

  void lower(const Insn& in) {
    if (in.lock) check_lock(in);
    switch (in.mnem) {
      case Mnem::Mov: return lower_mov(in);
      case Mnem::Xchg: case Mnem::Uxch: return lower_xchg(in);
      case Mnem::Xadd: return lower_xadd(in);
      case Mnem::Cmpxchg: return lower_cmpxchg(in);
      case Mnem::Add: return lower_binary(in, AluOp::Add, RmwOp::FetchAdd);
      case Mnem::Sub: return lower_binary(in, AluOp::Sub, RmwOp::FetchSub);
      case Mnem::And: return lower_binary(in, AluOp::And, RmwOp::FetchAnd);
      case Mnem::Or: return lower_binary(in, AluOp::Or, RmwOp::FetchOr);
      case Mnem::Xor: return lower_binary(in, AluOp::Xor, RmwOp::FetchXor);
      case Mnem::Inc: case Mnem::Dec: case Mnem::Neg: case Mnem::Not: return lower_unary(in);
      case Mnem::Cmp: case Mnem::Test: return lower_cmp(in);
      case Mnem::Mfence: return fence(kMfence);
      case Mnem::Lfence: return fence(kLfence);
      case Mnem::Sfence: return fence(kSfence);
      case Mnem::Nop: {
        emit(MicroOp{});
        return;
      }
      default: return lower_jump(in);
    }
  }

  void fence(std::uint8_t code) {
    MicroOp u;
    u.kind = UopKind::Fence;
    u.fence = code;
    emit(u);
  }

  void lower_mov(const Insn& in) {
    const Operand& dst = in.ops[0];
    const Operand& src = in.ops[1];
    need_dest(dst);
    no_mem_mem(in);
    if (dst.kind == Kind::Mem) {
      const Address a = address(dst);
      store(a, value(src));
    } else if (src.kind == Kind::Mem) {
      const Address a = address(src);
      load(a, reg(dst.reg));
    } else {
      const Src v = value(src);
      alu(AluOp::Mov, reg(dst.reg), v);
    }
  }

  void lower_xchg(const Insn& in) {
    for (const auto& o : in.ops)
      if (o.kind == Kind::Imm) fail("parse", o.col, "expected a register or memory operand");
    no_mem_mem(in);
    if (in.ops[0].kind == Kind::Reg && in.ops[1].kind == Kind::Reg) {
      const Reg a = reg(in.ops[0].reg), b = reg(in.ops[1].reg);
      const Reg t = temp();
      alu(AluOp::Mov, t, Src::r(a));
      alu(AluOp::Mov, a, Src::r(b));
      alu(AluOp::Mov, b, Src::r(t));
      return;
    }
    const bool mem_first = in.ops[0].kind == Kind::Mem;
    const Operand& m = in.ops[mem_first ? 0 : 1];
    const Reg r = reg(in.ops[mem_first ? 1 : 0].reg);
    const Address a = address(m);
    if (in.mnem == Mnem::Xchg) {
      rmw(a, RmwOp::Xchg, r, Src::r(r));
    } else {  // UXCH: herd's unlocked exchange, a load and a store
      const Reg t = load(a);
      store(a, Src::r(r));
      alu(AluOp::Mov, r, Src::r(t));
    }
  }

  void lower_binary(const Insn& in, AluOp op, RmwOp rop) {
    const Operand& dst = in.ops[0];
    need_dest(dst);
    no_mem_mem(in);
    if (dst.kind == Kind::Reg) {
      const Src s = value(in.ops[1]);
      const Reg d = reg(dst.reg);
      alu(op, d, Src::r(d), s);
      set_flags(d);
      return;
    }
    const Address a = address(dst);
    const Src s = value(in.ops[1]);
    const Reg old = temp();
    if (in.lock) {
      rmw(a, rop, old, s);
      if (need_flags_) alu(op, flags(), Src::r(old), s);
      return;
    }
    load(a, old);
    const Reg res = temp();
    alu(op, res, Src::r(old), s);
    store(a, Src::r(res));
    set_flags(res);
  }

  void unary_alu(Mnem m, Reg dst, Src x) {
    switch (m) {
      case Mnem::Inc: return alu(AluOp::Add, dst, x, Src::i(1));
      case Mnem::Dec: return alu(AluOp::Sub, dst, x, Src::i(1));
      case Mnem::Neg: return alu(AluOp::Neg, dst, x);
      default: return alu(AluOp::BNot, dst, x);
    }
  }

  void lower_unary(const Insn& in) {
    const Operand& dst = in.ops[0];
    need_dest(dst);
    const bool sets_flags = in.mnem != Mnem::Not;
    if (dst.kind == Kind::Reg) {
      const Reg d = reg(dst.reg);
      unary_alu(in.mnem, d, Src::r(d));
      if (sets_flags) set_flags(d);
      return;
    }
    if (in.lock && in.mnem == Mnem::Neg)
      fail("unsupported", in.col, "unsupported instruction 'LOCK " + in.spelling + "'");
    const Address a = address(dst);
    const Reg old = temp();
    if (in.lock) {
      switch (in.mnem) {
        case Mnem::Inc: rmw(a, RmwOp::FetchAdd, old, Src::i(1)); break;
        case Mnem::Dec: rmw(a, RmwOp::FetchSub, old, Src::i(1)); break;
        default: rmw(a, RmwOp::FetchXor, old, Src::i(-1)); break;
      }
      if (sets_flags && need_flags_) unary_alu(in.mnem, flags(), Src::r(old));
      return;
    }
    load(a, old);
    const Reg res = temp();
    unary_alu(in.mnem, res, Src::r(old));
    store(a, Src::r(res));
    if (sets_flags) set_flags(res);
  }

  void lower_cmp(const Insn& in) {
    if (in.ops[0].kind == Kind::Imm)
      fail("parse", in.ops[0].col, "expected a register or memory operand");
    no_mem_mem(in);
    const Src a = value(in.ops[0]);
    const Src b = value(in.ops[1]);
    alu(in.mnem == Mnem::Cmp ? AluOp::Sub : AluOp::And, flags(), a, b);
  }

  void lower_xadd(const Insn& in) {
    const Operand& dst = in.ops[0];
    need_dest(dst);
    need_reg(in.ops[1]);
    const Reg s = reg(in.ops[1].reg);
    if (dst.kind == Kind::Reg) {
      const Reg d = reg(dst.reg);
      const Reg t = temp();
      alu(AluOp::Add, t, Src::r(d), Src::r(s));
      alu(AluOp::Mov, s, Src::r(d));
      alu(AluOp::Mov, d, Src::r(t));
      set_flags(t);
      return;
    }
    const Address a = address(dst);
    if (in.lock && !need_flags_) return rmw(a, RmwOp::FetchAdd, s, Src::r(s));
    const Reg old = temp();
    if (in.lock) {
      rmw(a, RmwOp::FetchAdd, old, Src::r(s));
      alu(AluOp::Add, flags(), Src::r(old), Src::r(s));
    } else {
      load(a, old);
      const Reg res = temp();
      alu(AluOp::Add, res, Src::r(old), Src::r(s));
      store(a, Src::r(res));
      set_flags(res);
    }
    alu(AluOp::Mov, s, Src::r(old));
  }

  void lower_cmpxchg(const Insn& in) {
    const Operand& dst = in.ops[0];
    need_dest(dst);
    need_reg(in.ops[1]);
    const Reg s = reg(in.ops[1].reg);
    const Reg acc = reg(accumulator_for(d_, in.ops[1].reg));
    if (dst.kind == Kind::Reg) {  // if (acc == d) d = s; else acc = d;
      const Reg d = reg(dst.reg);
      const Reg c = need_flags_ ? flags() : temp();
      alu(AluOp::Sub, c, Src::r(acc), Src::r(d));
      branch(Src::r(c), false, here() + 3);
      alu(AluOp::Mov, d, Src::r(s));
      branch(Src::i(1), false, here() + 2);
      alu(AluOp::Mov, acc, Src::r(d));
      return;
    }
    const Address a = address(dst);
    if (in.lock && !need_flags_) return rmw(a, RmwOp::CmpXchg, acc, Src::r(acc), Src::r(s));
    const Reg old = temp();
    if (in.lock) {
      rmw(a, RmwOp::CmpXchg, old, Src::r(acc), Src::r(s));
      alu(AluOp::Sub, flags(), Src::r(acc), Src::r(old));
    } else {  // the processor writes the destination back either way
      load(a, old);
      const Reg c = need_flags_ ? flags() : temp();
      alu(AluOp::Sub, c, Src::r(acc), Src::r(old));
      const Reg nv = temp();
      alu(AluOp::Mov, nv, Src::r(old));
      branch(Src::r(c), false, here() + 2);
      alu(AluOp::Mov, nv, Src::r(s));
      store(a, Src::r(nv));
    }
    alu(AluOp::Mov, acc, Src::r(old));
  }

  void lower_jump(const Insn& in) {
    std::size_t op;
    if (in.mnem == Mnem::Jmp) {
      op = branch(Src::i(1), false, -1);
    } else if (in.mnem == Mnem::Je || in.mnem == Mnem::Jne) {
      op = branch(Src::r(flags()), in.mnem == Mnem::Je, -1);
    } else {
      AluOp cmp = AluOp::Lt;
      switch (in.mnem) {
        case Mnem::Jl: case Mnem::Js: cmp = AluOp::Lt; break;
        case Mnem::Jge: case Mnem::Jns: cmp = AluOp::Ge; break;
        case Mnem::Jg: cmp = AluOp::Gt; break;
        default: cmp = AluOp::Le; break;
      }
      const Reg c = temp();
      alu(cmp, c, Src::r(flags()), Src::i(0));
      op = branch(Src::r(c), false, -1);
    }
    pending_.push_back({op, in.target, pos_at(cell_, in.target_col)});
  }

  Dialect d_;
  const LitmusTest& test_;
  const ThreadSource& thread_;
  MemoryLayout& layout_;
  ThreadProgram p_;
  std::map<std::string, Reg> regs_;
  Reg flags_ = kNoReg;
  bool need_flags_ = false;
  int ntemps_ = 0;
  std::uint32_t row_ = 0;
  SourcePos cell_;
  std::map<std::string, std::int32_t> labels_;
  std::vector<PendingJump> pending_;
};

}  // namespace

ThreadProgram X86Isa::parse_thread(const LitmusTest& test, const ThreadSource& thread,
                                   MemoryLayout& layout) const {
  return Lowerer(dialect_, test, thread, layout).run();
}

}  // namespace mmsim::x86

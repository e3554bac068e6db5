// Expression half of the C lowering: values, addresses and primitive calls.
#include "sim/scenario/c_lowering.h"

#include <cstdint>
#include <stdexcept>

namespace mmsim {
namespace {

// Two's-complement wrap-around, so constant folding never hits signed-overflow UB.
Value wrap(std::uint64_t v) { return static_cast<Value>(v); }
std::uint64_t bits(Value v) { return static_cast<std::uint64_t>(v); }

bool c_binary_op(const std::string& op, AluOp& out) {
  static const struct {
    const char* text;
    AluOp op;
  } kOps[] = {{"+", AluOp::Add}, {"-", AluOp::Sub}, {"*", AluOp::Mul}, {"/", AluOp::Div},
              {"%", AluOp::Mod}, {"&", AluOp::And}, {"|", AluOp::Or},  {"^", AluOp::Xor},
              {"<<", AluOp::Shl}, {">>", AluOp::Shr}, {"==", AluOp::Eq}, {"!=", AluOp::Ne},
              {"<", AluOp::Lt},  {"<=", AluOp::Le}, {">", AluOp::Gt},  {">=", AluOp::Ge}};
  for (const auto& o : kOps)
    if (op == o.text) {
      out = o.op;
      return true;
    }
  return false;
}

// Folds only where the result is well defined; division by zero, INT64_MIN / -1 and
// out-of-range shifts are left to the core, which owns the run-time semantics.
bool fold(AluOp op, Value a, Value b, Value& out) {
  switch (op) {
    case AluOp::Mov: out = a; return true;
    case AluOp::Add: out = wrap(bits(a) + bits(b)); return true;
    case AluOp::Sub: out = wrap(bits(a) - bits(b)); return true;
    case AluOp::Mul: out = wrap(bits(a) * bits(b)); return true;
    case AluOp::Div:
    case AluOp::Mod:
      if (b == 0 || (a == INT64_MIN && b == -1)) return false;
      out = op == AluOp::Div ? a / b : a % b;
      return true;
    case AluOp::And: out = a & b; return true;
    case AluOp::Or: out = a | b; return true;
    case AluOp::Xor: out = a ^ b; return true;
    case AluOp::Shl:
    case AluOp::Shr:
      if (b < 0 || b > 63) return false;
      out = op == AluOp::Shl ? wrap(bits(a) << b) : (a >> b);
      return true;
    case AluOp::Eq: out = a == b; return true;
    case AluOp::Ne: out = a != b; return true;
    case AluOp::Lt: out = a < b; return true;
    case AluOp::Le: out = a <= b; return true;
    case AluOp::Gt: out = a > b; return true;
    case AluOp::Ge: out = a >= b; return true;
    case AluOp::LNot: out = !a; return true;
    case AluOp::Neg: out = wrap(0 - bits(a)); return true;
    case AluOp::BNot: out = ~a; return true;
    case AluOp::Select: return false;  // three operands: C never lowers to it
  }
  return false;
}

std::size_t arg_count(const Primitive& p) {
  switch (p.shape) {
    case PrimShape::Call: return static_cast<std::size_t>(p.nargs);
    case PrimShape::Constant:
    case PrimShape::Fence: return 0;
    case PrimShape::Load:
    case PrimShape::Lock:
    case PrimShape::TryLock:
    case PrimShape::Unlock:
    case PrimShape::LockWait: return 1;
    case PrimShape::CmpXchg: return 3;
    case PrimShape::Rmw:
    case PrimShape::RmwNoRet: return p.fixed_operand ? 1 : 2;
    default: return 2;
  }
}

bool is_mem(UopKind k) { return k == UopKind::Load || k == UopKind::Store || k == UopKind::Rmw; }

// The first occurrence of `name` as a value inside `e`, or null.
const CExpr* find_name(const CExpr& e, const std::string& name) {
  if (e.kind == CExpr::Kind::Name && e.name == name) return &e;
  for (const auto& k : e.kids)
    if (const CExpr* hit = find_name(*k, name)) return hit;
  return nullptr;
}

[[noreturn]] void undeclared(const CExpr& e) {
  throw BadInput("parse", e.pos, "undeclared identifier '" + e.name + "'");
}

}  // namespace

// An expression evaluated for its side effects only (a statement).
void CLowering::effect(const CExpr& e) {
  switch (e.kind) {
    case CExpr::Kind::Assign: assign(e); return;
    case CExpr::Kind::IncDec: {
      const CExpr& target = *e.kids[0];
      const AluOp op = e.op == "++" ? AluOp::Add : AluOp::Sub;
      if (target.kind == CExpr::Kind::Name) {
        const Reg r = existing_reg(target);
        move_into(r, alu(op, Src::r(r), Src::i(1), r));
      } else if (target.kind == CExpr::Kind::Unary && target.op == "*") {
        const Address at = address(*target.kids[0]);
        const Src old = plain_load(at, kNoReg, target.pos);
        plain_store(at, alu(op, old, Src::i(1), kNoReg), e.pos);
      } else {
        throw BadInput("parse", target.pos, "expected a register or *pointer as operand of " + e.op);
      }
      return;
    }
    case CExpr::Kind::Call: call(e, kNoReg, false); return;
    default: value(e); return;
  }
}

void CLowering::assign(const CExpr& e) {
  const CExpr& target = *e.kids[0];
  const CExpr& rhs = *e.kids[1];
  const bool deref = target.kind == CExpr::Kind::Unary && target.op == "*";
  if (target.kind != CExpr::Kind::Name && !deref)
    throw BadInput("parse", target.pos,
                   "expected a register or *pointer on the left of '" + e.op + "'");
  AluOp op = AluOp::Mov;
  if (e.op != "=" && !c_binary_op(e.op.substr(0, e.op.size() - 1), op))
    throw std::logic_error("c lowering: unknown assignment operator " + e.op);
  if (target.kind == CExpr::Kind::Name) {
    const Reg r = e.op == "=" ? assign_target(target, rhs) : existing_reg(target);
    const Src v = e.op == "=" ? value(rhs, r) : alu(op, Src::r(r), value(rhs), r);
    move_into(r, v);
    return;
  }
  // *p = v is a plain (non-marked) access, as herd treats it.
  const Address at = address(*target.kids[0]);
  Src v = value(rhs);
  if (e.op != "=") v = alu(op, plain_load(at, kNoReg, target.pos), v, kNoReg);
  plain_store(at, v, target.pos);
}

// The register `r = ...` writes. herd7 accepts registers that are assigned without a
// declaration; they are declared here, but only if the right side does not read them first.
Reg CLowering::assign_target(const CExpr& target, const CExpr& rhs) {
  const Reg r = prog_.find_reg(target.name);
  if (r != kNoReg) return r;
  if (is_param(target.name))
    throw BadInput("unsupported", target.pos,
                   "cannot assign to parameter '" + target.name +
                       "': it names a shared location (write through it with WRITE_ONCE(*" +
                       target.name + ", v))");
  if (const CExpr* use = find_name(rhs, target.name)) undeclared(*use);
  return declare(target.name, false, target.pos);
}

Reg CLowering::existing_reg(const CExpr& name) {
  const Reg r = prog_.find_reg(name.name);
  if (r != kNoReg) return r;
  if (is_param(name.name))
    throw BadInput("unsupported", name.pos,
                   "cannot assign to parameter '" + name.name + "': it names a shared location");
  undeclared(name);
}

void CLowering::move_into(Reg dst, Src v) {
  if (v.is_reg && v.reg == dst) return;
  MicroOp op;
  op.kind = UopKind::Alu;
  op.alu = AluOp::Mov;
  op.dst = dst;
  op.a = v;
  emit(op, stmt_pos_);
}

// Lowers `e`; the result is an immediate or a register. If `want` is given, a computed result
// is written straight into it (saving a Mov) — only by the last micro-op, after every operand
// has been read, so `r0 = READ_ONCE(*r0)` and `r0 = r1 - r0` stay correct.
Src CLowering::value(const CExpr& e, Reg want) {
  switch (e.kind) {
    case CExpr::Kind::Int: return Src::i(e.value);
    case CExpr::Kind::Name: return name_value(e);
    case CExpr::Kind::Unary: return unary(e, want);
    case CExpr::Kind::Binary: return binary(e, want);
    case CExpr::Kind::Call: return call(e, want, true);
    case CExpr::Kind::Conditional: return conditional(e, want);
    case CExpr::Kind::Assign:
    case CExpr::Kind::IncDec: break;
  }
  throw BadInput("unsupported", e.pos, "'" + e.op + "' inside an expression is not supported");
}

// c ? a : b evaluates only the side it takes (a primitive call in the other makes no access):
// a branch around each side, both leaving their value in one register.
Src CLowering::conditional(const CExpr& e, Reg want) {
  const Src c = value(*e.kids[0]);
  if (!c.is_reg) return value(*e.kids[c.imm != 0 ? 1 : 2], want);
  const Reg dst = want != kNoReg ? want : temp();
  const std::size_t to_else = branch(c, true);
  move_into(dst, value(*e.kids[1], dst));
  const std::size_t to_end = branch(Src::i(1), false);
  patch(to_else, here());
  move_into(dst, value(*e.kids[2], dst));
  patch(to_end, here());
  return Src::r(dst);
}

// A register's value, or for a parameter the address of the location it names.
Src CLowering::name_value(const CExpr& e) {
  const Reg r = prog_.find_reg(e.name);
  if (r != kNoReg) return Src::r(r);
  if (is_param(e.name)) return Src::i(location_addr(e.name));
  if (const Primitive* p = find_primitive(prims_, e.name); p && p->shape == PrimShape::Constant)
    return Src::i(p->value);
  undeclared(e);
}

Src CLowering::unary(const CExpr& e, Reg want) {
  const CExpr& kid = *e.kids[0];
  if (e.op == "*") return plain_load(address(kid), want, e.pos);
  if (e.op == "&")
    throw BadInput("unsupported", e.pos,
                   "the address-of operator '&' is not supported (a parameter's name is already "
                   "its location's address)");
  const Src v = value(kid);
  if (e.op == "+") return v;
  const AluOp op = e.op == "-" ? AluOp::Neg : e.op == "!" ? AluOp::LNot : AluOp::BNot;
  return alu(op, v, Src::i(0), want);
}

Src CLowering::binary(const CExpr& e, Reg want) {
  const Src a = value(*e.kids[0]);
  const Src b = value(*e.kids[1]);
  // Both sides are evaluated (litmus conditions have no side effects worth skipping), then
  // reduced to truth values.
  if (e.op == "&&" || e.op == "||") {
    if (e.op == "||") return alu(AluOp::Ne, alu(AluOp::Or, a, b, kNoReg), Src::i(0), want);
    const Src ta = alu(AluOp::Ne, a, Src::i(0), kNoReg);
    const Src tb = alu(AluOp::Ne, b, Src::i(0), kNoReg);
    return alu(AluOp::And, ta, tb, want);
  }
  AluOp op = AluOp::Mov;
  if (!c_binary_op(e.op, op)) throw std::logic_error("c lowering: unknown binary operator " + e.op);
  return alu(op, a, b, want);
}

Src CLowering::alu(AluOp op, Src a, Src b, Reg want) {
  Value folded = 0;
  if (!a.is_reg && !b.is_reg && fold(op, a.imm, b.imm, folded)) return Src::i(folded);
  MicroOp u;
  u.kind = UopKind::Alu;
  u.alu = op;
  u.dst = want != kNoReg ? want : temp();
  u.a = a;
  u.b = b;
  emit(u, stmt_pos_);
  return Src::r(u.dst);
}

// An address as base register + displacement: `x` is an immediate, `r0` a base register,
// `y + r9` a base with the location's address as displacement (no extra micro-op, and the
// dependency on r9 stays an address dependency).
CLowering::Address CLowering::address(const CExpr& ptr) {
  if (ptr.kind == CExpr::Kind::Binary && (ptr.op == "+" || ptr.op == "-")) {
    const Src l = value(*ptr.kids[0]);
    const Src r = value(*ptr.kids[1]);
    if (ptr.op == "+" && l.is_reg != r.is_reg)
      return l.is_reg ? Address{l.reg, r.imm} : Address{r.reg, l.imm};
    if (ptr.op == "-" && l.is_reg && !r.is_reg) return Address{l.reg, wrap(0 - bits(r.imm))};
    const AluOp op = ptr.op == "+" ? AluOp::Add : AluOp::Sub;
    const Src sum = alu(op, l, r, kNoReg);
    return sum.is_reg ? Address{sum.reg, 0} : Address{kNoReg, sum.imm};
  }
  const Src v = value(ptr);
  return v.is_reg ? Address{v.reg, 0} : Address{kNoReg, v.imm};
}

Src CLowering::plain_load(const Address& at, Reg want, const SourcePos& pos) {
  MicroOp u;
  u.kind = UopKind::Load;
  u.dst = want != kNoReg ? want : temp();
  u.addr_base = at.base;
  u.addr_disp = at.disp;
  emit(u, pos);
  return Src::r(u.dst);
}

void CLowering::plain_store(const Address& at, Src v, const SourcePos& pos) {
  MicroOp u;
  u.kind = UopKind::Store;
  u.a = v;
  u.addr_base = at.base;
  u.addr_disp = at.disp;
  emit(u, pos);
}

// A primitive call: arguments are bound by the table's shape (Load: P(ptr); Store: P(ptr, v);
// Rmw: P(ptr, v) or P(v, ptr); CmpXchg: P(ptr, old, new)) into the template's one memory
// micro-op; the template's other micro-ops (fences) are emitted as they stand.
Src CLowering::call(const CExpr& e, Reg want, bool need_value) {
  const Primitive* p = find_primitive(prims_, e.name);
  if (p == nullptr) throw BadInput("unsupported", e.pos, "unsupported primitive " + e.name);
  if (p->shape == PrimShape::Constant)
    throw BadInput("parse", e.pos, e.name + " is a constant, not a function");
  const std::size_t n = arg_count(*p);
  const std::size_t least =
      p->shape == PrimShape::Call && p->min_args >= 0 ? static_cast<std::size_t>(p->min_args) : n;
  if (e.kids.size() < least || e.kids.size() > n)
    throw BadInput("parse", e.pos,
                   e.name + " takes " + (least < n ? std::to_string(least) + " or " : "") +
                       std::to_string(n) + " argument" + (n == 1 ? "" : "s") + ", found " +
                       std::to_string(e.kids.size()));
  const bool returns = p->shape == PrimShape::Load || p->shape == PrimShape::Rmw ||
                       p->shape == PrimShape::CmpXchg || p->shape == PrimShape::Call ||
                       p->shape == PrimShape::TryLock;
  if (need_value && !returns)
    throw BadInput("parse", e.pos, e.name + " does not return a value");
  std::size_t mem_uops = 0;
  for (const auto& t : p->uops) mem_uops += is_mem(t.kind) ? 1 : 0;
  if (p->shape == PrimShape::Call) return kernel_call(*p, e, want);
  if (p->shape != PrimShape::Fence && mem_uops != 1)
    throw std::logic_error("primitive table: " + e.name + " needs exactly one memory micro-op");

  // With deref_arg the pointer is written `*x`; accept the bare `x` too (same address).
  auto pointer = [&](const CExpr& arg) {
    const bool strip = p->deref_arg && arg.kind == CExpr::Kind::Unary && arg.op == "*";
    return address(strip ? *arg.kids[0] : arg);
  };
  switch (p->shape) {
    case PrimShape::Lock:
    case PrimShape::TryLock:
    case PrimShape::Unlock:
    case PrimShape::LockWait: return lock_call(*p, e, pointer(*e.kids[0]), want);
    default: break;
  }
  Address at;
  Src a, b;
  switch (p->shape) {
    case PrimShape::Fence:
    case PrimShape::Call:
    case PrimShape::Constant:
    case PrimShape::Lock:
    case PrimShape::TryLock:
    case PrimShape::Unlock:
    case PrimShape::LockWait: break;
    case PrimShape::Load: at = pointer(*e.kids[0]); break;
    case PrimShape::Rmw:
    case PrimShape::RmwNoRet:
      if (p->fixed_operand) {
        at = pointer(*e.kids[0]);
        a = Src::i(p->operand);
        break;
      }
      // Non-returning kernel atomics are all atomic_op(i, v), so RmwNoRet is value-first
      // whatever `order` says (the shape documents P(v, ptr)).
      if (p->order == ArgOrder::ValueFirst || p->shape == PrimShape::RmwNoRet) {
        a = value(*e.kids[0]);
        at = pointer(*e.kids[1]);
        break;
      }
      [[fallthrough]];
    case PrimShape::Store:
      at = pointer(*e.kids[0]);
      a = value(*e.kids[1]);
      break;
    case PrimShape::CmpXchg:
      at = pointer(*e.kids[0]);
      a = value(*e.kids[1]);
      b = value(*e.kids[2]);
      break;
  }
  // A derived result (atomic_add_return's new value, dec_and_test's `== 0`) is computed from
  // the value read, which then needs a register of its own.
  const bool derived = returns && p->result != PrimResult::Old;
  Reg dst = kNoReg;
  if (returns)
    dst = want != kNoReg && !derived ? want : temp();
  else if (p->shape == PrimShape::RmwNoRet)
    dst = temp();
  for (const auto& t : p->uops) {
    MicroOp u;
    u.kind = t.kind;
    u.rmw = t.rmw;
    u.fence = t.fence;
    u.flags = t.flags;
    u.code = t.code;  // a Nop's instruction count (micro_op.h)
    if (is_mem(t.kind) && p->shape != PrimShape::Fence) {
      u.dst = t.kind == UopKind::Store ? kNoReg : dst;
      u.addr_base = at.base;
      u.addr_disp = at.disp;
      u.a = a;
      u.b = b;
    }
    emit(u, e.pos);
  }
  if (derived) return atomic_result(*p, Src::r(dst), a, b, want);
  return returns ? Src::r(dst) : Src::i(0);
}

// linux-kernel.def's derived atomics: __atomic_op_return is the fetch form plus the
// operation once more in a register; `== 0` and `< 0` test that; add_unless reports whether
// it added.
Src CLowering::atomic_result(const Primitive& p, Src old, Src a, Src b, Reg want) {
  if (p.result == PrimResult::Changed) return alu(AluOp::Ne, old, b, want);
  AluOp op = AluOp::Add;
  switch (p.uops.empty() ? RmwOp::FetchAdd : memory_template(p).rmw) {
    case RmwOp::FetchSub: op = AluOp::Sub; break;
    case RmwOp::FetchAnd: op = AluOp::And; break;
    case RmwOp::FetchOr: op = AluOp::Or; break;
    case RmwOp::FetchXor: op = AluOp::Xor; break;
    case RmwOp::FetchAdd: op = AluOp::Add; break;
    default: throw std::logic_error("primitive table: " + p.name + " has no derived result");
  }
  if (p.result == PrimResult::New) return alu(op, old, a, want);
  const Src now = alu(op, old, a, kNoReg);
  return alu(p.result == PrimResult::NewIsZero ? AluOp::Eq : AluOp::Lt, now, Src::i(0), want);
}

const UopTemplate& CLowering::memory_template(const Primitive& p) {
  for (const auto& t : p.uops)
    if (is_mem(t.kind)) return t;
  throw std::logic_error("primitive table: " + p.name + " needs a memory micro-op");
}

// Spin locks as the kernel's fast paths: micro-ops before the template's memory micro-op run
// once before it (powerpc's lwsync before an unlock), those after it once after (the isync
// or acquire barrier ending a lock). spin_lock spins on plain loads until the lock reads free
// and only then tries the acquire RMW (test-and-test-and-set, as queued_spin_lock's slow
// path spins on reads), so a waiting CPU does not write the line it waits for.
Src CLowering::lock_call(const Primitive& p, const CExpr& e, const Address& at, Reg want) {
  const UopTemplate& mem = memory_template(p);
  const bool rmw = mem.kind == UopKind::Rmw;
  if ((p.shape == PrimShape::Lock || p.shape == PrimShape::TryLock) &&
      !(rmw && mem.rmw == RmwOp::CmpXchg))
    throw std::logic_error("primitive table: " + p.name + " needs a CmpXchg micro-op");
  if (p.shape == PrimShape::Unlock && mem.kind != UopKind::Store)
    throw std::logic_error("primitive table: " + p.name + " needs a store micro-op");
  if (p.shape == PrimShape::LockWait && mem.kind != UopKind::Load)
    throw std::logic_error("primitive table: " + p.name + " needs a load micro-op");
  auto as_op = [&](const UopTemplate& t) {
    MicroOp u;
    u.kind = t.kind;
    u.rmw = t.rmw;
    u.fence = t.fence;
    u.flags = t.flags;
    return u;
  };
  std::size_t i = 0;
  for (; &p.uops[i] != &mem; ++i) emit(as_op(p.uops[i]), e.pos);
  const Reg got = temp();
  MicroOp access = as_op(mem);
  access.addr_base = at.base;
  access.addr_disp = at.disp;
  if (p.shape == PrimShape::Unlock) {
    access.a = Src::i(0);
  } else {
    access.dst = got;
    access.a = Src::i(0);  // CmpXchg: expect free,
    access.b = Src::i(1);  // take it
  }
  const std::int32_t top = here();
  if (p.shape == PrimShape::Lock) {
    const Src seen = plain_load(at, got, e.pos);
    patch(branch(seen, false), top);
  }
  emit(access, e.pos);
  if (p.shape == PrimShape::Lock || p.shape == PrimShape::LockWait)
    patch(branch(Src::r(got), false), top);
  for (++i; i < p.uops.size(); ++i) emit(as_op(p.uops[i]), e.pos);
  if (p.shape == PrimShape::TryLock) return alu(AluOp::Eq, Src::r(got), Src::i(0), want);
  return Src::i(0);
}

// A system call or kernel intrinsic: arguments are values, bound to the uop's a, b, c; the
// template's other uops (none today) are emitted as they stand.
Src CLowering::kernel_call(const Primitive& p, const CExpr& e, Reg want) {
  Src args[3];
  for (std::size_t i = 0; i < e.kids.size() && i < 3; ++i) args[i] = value(*e.kids[i]);
  const Reg dst = want != kNoReg ? want : temp();
  for (const auto& t : p.uops) {
    MicroOp u;
    u.kind = t.kind;
    u.fence = t.fence;
    u.flags = t.flags;
    u.code = t.code;
    if (t.kind == UopKind::Syscall || t.kind == UopKind::KCall) {
      u.dst = dst;
      u.a = args[0];
      u.b = args[1];
      u.c = args[2];
    }
    emit(u, e.pos);
  }
  return Src::r(dst);
}

}  // namespace mmsim

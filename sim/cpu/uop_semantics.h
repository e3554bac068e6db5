// The value semantics of the micro-op IR's arithmetic, shared by the timed Core and by any
// other executor of the same programs (the exhaustive TSO enumerator in tests/oracle), so the
// two can never disagree about what an Alu or Rmw micro-op computes.
//
// Contract: pure functions of their operands; total (no input traps the host: division by
// zero and INT64_MIN / -1 are defined as 0, shifts use the low six bits of the count);
// arithmetic wraps modulo 2^64. alu() is `dst = a <op> b` (unary ops ignore b; Select reads c); rmw_new() is
// the value an Rmw stores given the old memory value and its operands a, b.
#pragma once
#include <cstdint>

#include "sim/base/types.h"
#include "sim/cpu/micro_op.h"

namespace mmsim {

inline Value alu(AluOp op, Value a, Value b, Value c = 0) {
  const auto ua = static_cast<std::uint64_t>(a);
  const auto ub = static_cast<std::uint64_t>(b);
  switch (op) {
    case AluOp::Mov: return a;
    case AluOp::Add: return static_cast<Value>(ua + ub);
    case AluOp::Sub: return static_cast<Value>(ua - ub);
    case AluOp::Mul: return static_cast<Value>(ua * ub);
    // Division by zero and INT64_MIN / -1 are defined as 0 so no input can trap the host.
    case AluOp::Div: return (b == 0 || (b == -1 && a == INT64_MIN)) ? 0 : a / b;
    case AluOp::Mod: return (b == 0 || b == -1) ? 0 : a % b;
    case AluOp::And: return a & b;
    case AluOp::Or: return a | b;
    case AluOp::Xor: return a ^ b;
    case AluOp::Shl: return static_cast<Value>(ua << (ub & 63));
    case AluOp::Shr: return static_cast<Value>(ua >> (ub & 63));
    case AluOp::Eq: return a == b;
    case AluOp::Ne: return a != b;
    case AluOp::Lt: return a < b;
    case AluOp::Le: return a <= b;
    case AluOp::Gt: return a > b;
    case AluOp::Ge: return a >= b;
    case AluOp::LNot: return a == 0;
    case AluOp::Neg: return static_cast<Value>(0 - ua);
    case AluOp::BNot: return ~a;
    case AluOp::Select: return c != 0 ? a : b;
  }
  return 0;
}

inline Value rmw_new(RmwOp op, Value old, Value a, Value b) {
  const auto uo = static_cast<std::uint64_t>(old);
  const auto ua = static_cast<std::uint64_t>(a);
  switch (op) {
    case RmwOp::Xchg: return a;
    case RmwOp::FetchAdd: return static_cast<Value>(uo + ua);
    case RmwOp::FetchSub: return static_cast<Value>(uo - ua);
    case RmwOp::FetchAnd: return old & a;
    case RmwOp::FetchOr: return old | a;
    case RmwOp::FetchXor: return old ^ a;
    case RmwOp::CmpXchg: return old == a ? b : old;
    case RmwOp::FetchAndNot: return old & ~a;
    case RmwOp::AddUnless: return old == b ? old : static_cast<Value>(uo + ua);
  }
  return old;
}

}  // namespace mmsim

// Kernel/LKMM primitive → micro-op lowering, one table per arch (like LKMM's linux-kernel.def
// maps primitives to events). The C front end binds a primitive's arguments into the memory
// micro-op of its template; fences and other uops are emitted as they stand.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "sim/cpu/micro_op.h"

namespace mmsim {

// The call signature the C front end parses for a primitive.
enum class PrimShape {
  Load,      // v = P(ptr)                 READ_ONCE(*x), smp_load_acquire(x), rcu_dereference(*p)
  Store,     // P(ptr, v)                  WRITE_ONCE(*x, v), smp_store_release(x, v)
  Fence,     // P()                        smp_mb(), barrier()
  Rmw,       // old = P(ptr, v)            xchg(x, v), atomic_fetch_add(v, x) (see arg order)
  RmwNoRet,  // P(v, ptr)                  atomic_add(v, x)
  CmpXchg,   // old = P(ptr, expected, new) cmpxchg(x, o, n)
  Call,      // v = P(a0, ..., an)          membarrier(cmd, flags): one Syscall or KCall uop
  Constant,  // P used as a value           MEMBARRIER_CMD_GLOBAL
  // Spin locks (LKMM lock.cat: a lock is an acquire RMW that reads an unlock or the initial
  // value; 0 is unlocked, 1 locked). The template holds one memory micro-op; micro-ops before
  // it run once before the spin, those after it once after.
  Lock,      // P(ptr)   spin until the template's CmpXchg(0 -> 1) reads 0  spin_lock(l)
  TryLock,   // v = P(ptr) one CmpXchg(0 -> 1) attempt; v = 1 if it read 0  spin_trylock(l)
  Unlock,    // P(ptr)   the template's store of 0                          spin_unlock(l)
  LockWait,  // P(ptr)   spin until the template's load reads 0            spin_unlock_wait(l)
};

// What a returning atomic gives back, from the value it read (linux-kernel.def's
// __atomic_op_return, `== 0`, `< 0`).
enum class PrimResult {
  Old,            // the value read                       atomic_fetch_add, xchg, cmpxchg
  New,            // the value written (old op operand)   atomic_add_return
  NewIsZero,      // 1 if the value written is 0          atomic_dec_and_test
  NewIsNegative,  // 1 if the value written is negative   atomic_add_negative
  Changed,        // 1 if the value read was not the last operand (AddUnless added)
};

// Argument order of a Rmw/RmwNoRet primitive as written in C.
enum class ArgOrder { PtrFirst, ValueFirst };

struct UopTemplate {
  UopKind kind = UopKind::Nop;
  RmwOp rmw = RmwOp::Xchg;
  std::uint8_t fence = 0;
  std::uint8_t flags = 0;
  std::uint16_t code = 0;  // Syscall / KCall number; Nop: instructions it stands for
};

struct Primitive {
  std::string name;
  PrimShape shape = PrimShape::Fence;
  ArgOrder order = ArgOrder::PtrFirst;
  // Whether the pointer argument is written dereferenced: READ_ONCE(*x) vs smp_load_acquire(x).
  bool deref_arg = false;
  std::vector<UopTemplate> uops;  // exactly one memory uop for Load/Store/Rmw shapes; one
                                  // Syscall/KCall uop for Call
  int nargs = 0;                  // Call: number of value arguments (at most 3)
  int min_args = -1;              // Call: fewest accepted, the rest passed as 0 (-1: nargs)
  // Rmw/RmwNoRet: the value operand is this constant, not an argument (atomic_inc(v) is
  // atomic_add(1, v)); the call then takes the pointer alone.
  bool fixed_operand = false;
  Value operand = 0;
  PrimResult result = PrimResult::Old;  // Rmw/CmpXchg
  Value value = 0;                // Constant
  std::string doc;                // what the lowering is and why (listed by `mmsim list primitives`)
};

using PrimitiveTable = std::vector<Primitive>;

inline PrimitiveTable concat(const PrimitiveTable& a, const PrimitiveTable& b) {
  PrimitiveTable t = a;
  t.insert(t.end(), b.begin(), b.end());
  return t;
}

// A named constant (PrimShape::Constant): a value a C test or kernel text uses, or an arch
// fact the kernel model reads (`doc` says what it stands for).
inline Primitive constant_primitive(std::string name, Value value, std::string doc) {
  Primitive c;
  c.name = std::move(name);
  c.shape = PrimShape::Constant;
  c.value = value;
  c.doc = std::move(doc);
  return c;
}

inline const Primitive* find_primitive(const PrimitiveTable& t, const std::string& name) {
  for (const auto& p : t)
    if (p.name == name) return &p;
  return nullptr;
}

}  // namespace mmsim

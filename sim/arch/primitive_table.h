// Kernel/LKMM primitive → micro-op lowering, one table per arch (like LKMM's linux-kernel.def
// maps primitives to events). The C front end binds a primitive's arguments into the memory
// micro-op of its template; fences and other uops are emitted as they stand.
#pragma once
#include <string>
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
};

// Argument order of a Rmw/RmwNoRet primitive as written in C.
enum class ArgOrder { PtrFirst, ValueFirst };

struct UopTemplate {
  UopKind kind = UopKind::Nop;
  RmwOp rmw = RmwOp::Xchg;
  std::uint8_t fence = 0;
  std::uint8_t flags = 0;
  std::uint16_t code = 0;  // Syscall / KCall number
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
  Value value = 0;                // Constant
  std::string doc;                // what the lowering is and why (listed by `mmsim list primitives`)
};

using PrimitiveTable = std::vector<Primitive>;

inline PrimitiveTable concat(const PrimitiveTable& a, const PrimitiveTable& b) {
  PrimitiveTable t = a;
  t.insert(t.end(), b.begin(), b.end());
  return t;
}

inline const Primitive* find_primitive(const PrimitiveTable& t, const std::string& name) {
  for (const auto& p : t)
    if (p.name == name) return &p;
  return nullptr;
}

}  // namespace mmsim

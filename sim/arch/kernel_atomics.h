// The kernel's atomic_t API — every atomic_* of LKMM's linux-kernel.def — built on one arch's
// ordering forms. What is generic lives here: the names, their argument order, and how each
// derives from one RMW (include/linux/atomic/atomic-arch-fallback.h): atomic_inc(v) is
// atomic_add(1, v), atomic_add_return the fetch form plus the add in a register,
// atomic_dec_and_test that result `== 0`, atomic_read(v) READ_ONCE(v->counter). What is
// arch — which instructions and barriers each ordering form compiles to — the arch supplies.
//
// Contract: add_atomic_api() appends the names the table does not define yet; it reads the
// table's READ_ONCE, WRITE_ONCE, smp_load_acquire and smp_store_release for atomic_read/set
// and their acquire/release forms, so those must be in it. Every RMW entry has exactly one
// Rmw micro-op, from `lower.uops`.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "sim/arch/primitive_table.h"

namespace mmsim {

// The kernel's ordering variants of an atomic: the plain name is fully ordered; NoReturn is
// the void form (atomic_add), which orders nothing.
enum class AtomicOrder { Full, Relaxed, Acquire, Release, NoReturn };

struct AtomicLowering {
  std::function<std::vector<UopTemplate>(RmwOp, AtomicOrder)> uops;
  // The instructions and the kernel source they come from, for `mmsim list primitives`.
  std::function<std::string(RmwOp, AtomicOrder)> doc;
};

void add_atomic_api(PrimitiveTable& table, const AtomicLowering& lower);

}  // namespace mmsim

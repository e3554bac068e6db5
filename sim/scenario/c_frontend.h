// The C litmus front end (LKMM dialect): parses one thread's body and lowers it to micro-ops
// through the arch's primitive table, so the same C test runs on every arch.
//
// Supported: parameters `T *x` naming shared locations; locals `int r0;`, `int r0 = e;`,
// `int *r0;`, undeclared registers assigned before use (herd7 accepts them); expressions with
// integer constants, registers, + - * / % & | ^ << >> == != < <= > >= && || ! ~ unary -,
// parentheses, `*r` (plain access through a pointer register), location names as pointer
// values; the primitives found in the table (READ_ONCE(*x), WRITE_ONCE(*x, e),
// smp_load_acquire(x), smp_store_release(x, e), smp_mb(), rcu_dereference(*p), ...);
// `if (e) stmt [else stmt]`, `while (e) stmt`, `for (init; cond; step) stmt`, blocks,
// `;`, `break`, `continue`. Loops are bounded only by the run's cycle limit.
//
// Contract: returns a ThreadProgram ending in Halt, whose user-visible registers are the
// thread's locals under their C names (is_pointer set for pointer declarations); temporaries
// are user_visible=false. Every location used is interned into `layout`. Errors are
// BadInput with the position of the offending token: "parse" for malformed C,
// "unsupported" for an unknown primitive or construct ("unsupported primitive spin_lock").
#pragma once
#include "sim/arch/primitive_table.h"
#include "sim/cpu/thread_program.h"
#include "sim/scenario/litmus_test.h"
#include "sim/scenario/memory_layout.h"

namespace mmsim {

ThreadProgram lower_c_thread(const LitmusTest& test, const ThreadSource& thread,
                             const PrimitiveTable& prims, MemoryLayout& layout);

}  // namespace mmsim

// The LISA litmus front end: herd7's LISA dialect, in which the old Linux-kernel memory
// model's tests are written. A LISA test is an LKMM test, so like a C test it runs on every
// arch: each thread's rows are parsed into the C front end's AST (c_parser.h) and lowered by
// the same lowering (c_lowering.h) through the arch's primitive table.
//
// Accepted, one instruction per row, after any number of labels `NAME:`:
//   r[tag] rN addr     rN = P(addr)    once→READ_ONCE, acquire→smp_load_acquire,
//                                      lderef, deref→rcu_dereference
//   w[tag] addr v      P(addr, v)      once→WRITE_ONCE, release→smp_store_release,
//                                      assign→rcu_assign_pointer
//   f[tag]             P()             mb→smp_mb, rmb→smp_rmb, wmb→smp_wmb, rb_dep→barrier,
//                                      rcu_read_lock, rcu_read_unlock, sync, sync-rcu→
//                                      synchronize_rcu (the last three from the kernel's table)
//   mov rN e           e is a value or (op a b), op one of add sub mul xor and or eq
//                      neq lt gt le ge
//   b[] rN L, b[] L    go to label L if rN != 0, or always (forward or backward)
// An address is a location, a register holding a pointer, or either plus a register or
// constant (`x+r4`: the register's value is added, an address dependency). A value is an
// integer, a register or a location's name (its address). Registers are r0, r1, ...: they need
// no declaration and start at 0 or their init-block value (`0:r1=2;`).
//
// Contract: returns a ThreadProgram ending in Halt whose user-visible registers are the
// thread's registers under their LISA names (is_pointer for those used as an address);
// locations are interned into `layout`. Errors are BadInput at the offending token's position:
// "unsupported" for an unknown tag, instruction or operation, "parse" for malformed rows and
// for an undefined or duplicate label.
#pragma once
#include <string>

#include "sim/arch/primitive_table.h"
#include "sim/cpu/thread_program.h"
#include "sim/scenario/litmus_test.h"
#include "sim/scenario/memory_layout.h"

namespace mmsim {

// The dialects that are LKMM tests rather than one arch's assembly ("C", "LISA"): any arch
// runs them, through its primitive table, and their registers keep the names the test gives.
bool lowers_like_c(const std::string& header);

ThreadProgram lower_lisa_thread(const LitmusTest& test, const ThreadSource& thread,
                                const PrimitiveTable& prims, MemoryLayout& layout);

}  // namespace mmsim

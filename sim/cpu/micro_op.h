// The micro-op IR: what every front end (asm litmus, C litmus, kernel sequences) lowers to and
// what the generic core executes. Arch-neutral: a Fence carries an arch-defined code that only
// the arch's ordering policy interprets; the core never asks which architecture it runs.
#pragma once
#include <cstdint>
#include <vector>

#include "sim/base/types.h"

namespace mmsim {

using Reg = std::uint16_t;  // index into the thread's register file
constexpr Reg kNoReg = 0xFFFF;

enum class UopKind : std::uint8_t {
  Nop,     // occupies a slot, does nothing (compiler barrier, label). With `code` = n > 0 it
           // stands for n instructions whose effects the model leaves out (the arm64
           // bundle's context_switch() path): fetch resumes after it once n instructions
           // would have been fetched, at the core's width, with their fetch stalls
  Alu,     // dst = a <alu> b
  Load,    // dst = mem[addr]
  Store,   // mem[addr] = a
  Rmw,     // dst = mem[addr]; mem[addr] = f(old, a, b) atomically
  Fence,   // arch-defined ordering point (code in `fence`)
  Branch,  // if (a != 0) (or == 0 with kBranchIfZero) continue at `target`
  Halt,    // end of the program (kernel code: return to the interrupted context)
  Syscall, // dst = syscall `code`(a, b, c): enter the kernel (see i_kernel_port.h)
  KCall,   // dst = kernel intrinsic `code`(a, b, c), performed when oldest in the window
  StoreCond,  // store-exclusive: if this core's reservation (set by the last Load with
              // kExclusive) still covers addr, mem[addr] = a and dst = 0; else no write, dst = 1
};

enum class AluOp : std::uint8_t {
  Mov, Add, Sub, Mul, Div, Mod, And, Or, Xor, Shl, Shr,
  Eq, Ne, Lt, Le, Gt, Ge,   // comparisons produce 0 or 1
  LNot,                      // dst = !a
  Neg, BNot,                 // dst = -a, ~a
  Select,                    // dst = c != 0 ? a : b (arm64 CSEL)
};

enum class RmwOp : std::uint8_t {
  Xchg,      // new = a
  FetchAdd,  // new = old + a
  FetchSub,  // new = old - a
  FetchAnd, FetchOr, FetchXor,
  CmpXchg,   // new = (old == a) ? b : old
  FetchAndNot,  // new = old & ~a            (atomic_andnot, arm64 LDCLR)
  AddUnless,    // new = (old == b) ? old : old + a  (atomic_add_unless's successful loop)
};

// An operand: a register or an immediate.
struct Src {
  bool is_reg = false;
  Reg reg = kNoReg;
  Value imm = 0;
  static Src r(Reg x) { return Src{true, x, 0}; }
  static Src i(Value v) { return Src{false, kNoReg, v}; }
};

// uop flags
enum : std::uint8_t {
  kAcquire = 1u << 0,       // load-acquire semantics (arch policy decides what that means)
  kRelease = 1u << 1,       // store-release semantics
  kLocked = 1u << 2,        // locked / atomic RMW (x86 LOCK prefix, XCHG with memory)
  kBranchIfZero = 1u << 3,  // Branch taken when a == 0
  kAcquirePC = 1u << 4,     // RCpc acquire (arm64 LDAPR)
  kExclusive = 1u << 5,     // Load: load-exclusive, sets the core's reservation (LDXR, lwarx)
  kNoRet = 1u << 6,         // Rmw whose old value is discarded (arm64 ST<op>, LD<op> into WZR):
                            // the arch decides whether it still counts as a read for ordering
};

struct MicroOp {
  UopKind kind = UopKind::Nop;
  AluOp alu = AluOp::Mov;
  RmwOp rmw = RmwOp::Xchg;
  std::uint8_t fence = 0;  // Fence: arch-defined code (see models/<arch>/<arch>_ordering.h)
  std::uint8_t flags = 0;
  Reg dst = kNoReg;        // Alu, Load, Rmw result
  Src a, b, c;             // Alu operands (c: Select's condition); Store/StoreCond data = a; Rmw operand(s) a (,b); Branch cond = a;
                           // Syscall/KCall arguments a, b, c
  std::uint16_t code = 0;  // Syscall number / KCall intrinsic / Nop: instructions it stands for
  // Effective address = (addr_base != kNoReg ? reg[addr_base] : 0) + addr_disp.
  Reg addr_base = kNoReg;
  Value addr_disp = 0;
  std::int32_t target = -1;  // Branch: index of the next uop when taken
  std::uint32_t src = 0;     // index into ThreadProgram::positions (for errors and traces)

  bool is_mem() const {
    return kind == UopKind::Load || kind == UopKind::Store || kind == UopKind::Rmw ||
           kind == UopKind::StoreCond;
  }
  bool reads_mem() const { return kind == UopKind::Load || kind == UopKind::Rmw; }
  // Its result goes to `dst` through the window. (A Syscall's arrives when the kernel
  // returns, through the frame.)
  bool writes_reg() const {
    return dst != kNoReg && (kind == UopKind::Alu || kind == UopKind::Load ||
                             kind == UopKind::Rmw || kind == UopKind::KCall ||
                             kind == UopKind::StoreCond);
  }
  bool writes_mem() const {
    return kind == UopKind::Store || kind == UopKind::Rmw || kind == UopKind::StoreCond;
  }
};

}  // namespace mmsim

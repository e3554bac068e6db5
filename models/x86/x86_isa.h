// x86 assembly litmus parser: lowers a herdtools7 "X86" (Intel syntax, `MOV [x],$1`) or
// "X86_64" (AT&T syntax, `movl $1,(x)`) thread column to micro-ops.
//
// Lowering: MOV → Load / Store / Alu Mov; MFENCE/LFENCE/SFENCE → Fence (x86_fences.h);
// XCHG with memory and every LOCK'd instruction → one Rmw with kLocked; ALU instructions on
// registers → Alu; unlocked read-modify-write of memory (ADD [x],1, UXCH, unlocked XADD and
// CMPXCHG) → separate Load / Alu / Store, as the hardware does not make them atomic.
// Flags are one hidden register holding the last flag-setting result r (CMP a,b: r = a-b;
// TEST: a&b; arithmetic: the result; CMPXCHG: acc-old): JE/JNE branch on r == 0 / != 0,
// JS/JL on r < 0, JNS/JGE on r >= 0, JG on r > 0, JLE on r <= 0 (signed overflow not modelled).
// Arithmetic updates the flags register only in threads that contain a conditional jump.
// Intel register names are distinct registers (EAX and RAX do not alias); AT&T names of any
// width map to the 64-bit register (%eax → rax), as herd prints them.
#pragma once
#include <string>

#include "models/x86/x86_asm_syntax.h"
#include "sim/arch/i_instruction_parser.h"

namespace mmsim::x86 {

class X86Isa final : public IInstructionParser {
 public:
  using Dialect = x86::Dialect;
  explicit X86Isa(Dialect d) : dialect_(d) {}

  ThreadProgram parse_thread(const LitmusTest& test, const ThreadSource& thread,
                             MemoryLayout& layout) const override;
  std::string canonical_reg(const std::string& name) const override {
    return canonical_reg_name(dialect_, name);
  }
  Dialect dialect() const { return dialect_; }

 private:
  Dialect dialect_;
};

}  // namespace mmsim::x86

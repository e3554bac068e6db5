// AArch64 assembly litmus parser: lowers a herdtools7 "AArch64" thread column to micro-ops.
// A faithful lowering only: what each flag means for ordering is Arm64Ordering's business.
//
// Registers: W<n> and X<n> are one register, named "X<n>" (as herd7's conditions print it);
// values are 64-bit whatever the view (W arithmetic does not wrap at 32 bits, LDRB/LDRH/STRB/
// STRH move the whole value: one value size, as on x86). WZR/XZR read as 0; writes to them
// are dropped (dst = kNoReg). `N:Xn=x` in the init block gives Xn the address of x.
//
// Lowering:
// - LDR/LDRB/LDRH/LDUR* → Load; STR/STRB/STRH/STUR* → Store. Addresses [Xn], [Xn,#imm],
//   [Xn,#imm]! and [Xn],#imm (base written back by an Alu Add), [Xn,Rm], [Xn,Rm,LSL #k],
//   [Xn,Wm,SXTW|UXTW {#k}], [Xn,Xm,SXTX {#k}]: an index register is added to the base by an
//   Alu Add into a hidden temporary (after an Alu Shl for a shift), so the access has a real
//   address dependency on both registers.
// - LDAR → Load kAcquire; LDAPR → Load kAcquirePC; STLR → Store kRelease; LDXR/LDAXR → Load
//   kExclusive (+kAcquire); STXR/STLXR Ws,Wt,[Xn] → StoreCond dst=Ws a=Wt (+kRelease).
// - SWP / LDADD / LDCLR / LDEOR / LDSET {A,L,AL}{B,H} Ws,Wt,[Xn] → Rmw Xchg / FetchAdd /
//   FetchAnd of ~Ws (an Alu BNot first) / FetchXor / FetchOr, a=Ws, dst=Wt; ST<op>{L} Ws,[Xn]
//   is LD<op>{L} Ws,WZR,[Xn]. CAS{A,L,AL}{B,H} Ws,Wt,[Xn] → Rmw CmpXchg a=Ws b=Wt dst=Ws.
//   A forms set kAcquire, L forms kRelease; when the destination (Wt, or Ws for CAS) is the
//   zero register the access has no acquire semantics (ARM ARM): kAcquire dropped, kNoRet set.
// - DMB/DSB SY ISH OSH NSH → kDmbFull / kDsbFull; DMB or DSB LD ISHLD OSHLD NSHLD → kDmbLd;
//   ST ISHST OSHST NSHST → kDmbSt (a DSB's completion wait is not modelled for the LD/ST
//   forms); ISB → kIsb (arm64_fences.h). NOP → Nop.
// - MOV, ADD, SUB, AND, ORR, EOR, LSL, LSR, NEG, MVN → Alu, never constant-folded (EOR W2,W1,W1
//   reads W1); a shifted/extended register operand (`W3,LSL #2`, `W3,SXTW`) first goes
//   through an Alu Shl into a temporary (extensions are the identity: one value size).
// - Flags are one hidden register holding r = a-b of the last CMP (CMN: a+b, TST: a&b; ADDS,
//   SUBS, ANDS: their result). EQ/NE test r == 0 / r != 0; MI/LT r < 0, PL/GE r >= 0, GT r > 0,
//   LE r <= 0 (signed overflow not modelled); AL/NV always. Unsigned and overflow conditions
//   (HS LO HI LS CS CC VS VC) are unsupported. B.EQ/B.NE branch on the flags register
//   directly; other conditions go through an Alu comparison into a temporary.
// - B, B.cond, CBZ, CBNZ, TBZ, TBNZ → Branch to the label's uop index (resolved after the whole
//   column is read; an unknown label is an error at its use). CSEL Rd,Rn,Rm,cond → Alu
//   comparison t = cond(flags), then Alu Select dst=Rd a=Rn b=Rm c=t; CSINC/CSINV/CSNEG
//   transform Rm into a temporary first; CSET Rd,cond → the comparison into Rd.
// Anything else (LDP, LDXP, CASP, LDSMAX, BL, RET, ERET, SVC, MRS ...) is
// BadInput("unsupported"); malformed text is BadInput("parse") at the offending token.
#pragma once
#include <string>

#include "sim/arch/i_instruction_parser.h"

namespace mmsim::arm64 {

class Arm64Isa final : public IInstructionParser {
 public:
  ThreadProgram parse_thread(const LitmusTest& test, const ThreadSource& thread,
                             MemoryLayout& layout) const override;
  // "X<n>" for W<n> or X<n> (any case); "" otherwise.
  std::string canonical_reg(const std::string& name) const override;
};

}  // namespace mmsim::arm64

// PowerPC assembly litmus parser: lowers a herdtools7 "PPC" thread column to micro-ops.
// A faithful lowering only: what each fence code means for ordering is the PPC model's business.
//
// Registers: r0..r31 (case-insensitive, no leading zeros), canonical name "r<n>" as herd7's
// conditions print it (`0:r5=1`). r0 is an ordinary register everywhere (herd7's reading); a
// literal 0 in the rA slot of an indexed form (`lwarx r1,0,r2`) means "no base".
// herd7 symbolic registers (`%x0`, bound by the init block's `%x0=x` to each thread whose
// code uses it) are registers named "%x0" (hidden temporaries are "%%t<n>" and "%%cr0", which
// never clash). `N:rK=x` in the init block gives rK the address of x. Values are 64-bit (one value size:
// lwz/stw and ld/std move the whole value).
//
// Cell syntax: `{label:}* {mnemonic {operand {, operand}*}}`; an operand is a register, an
// integer (decimal or 0x hex, optional sign), a displacement address `d(rA)` or a label.
//
// Lowering:
// - lwz/ld rD,d(rA) → Load; stw/std rS,d(rA) → Store (base rA, displacement d); the older
//   spelling `lwz rD,d,rA` (the POWER campaign tests) means the same.
// - lwzx/ldx rD,rA,rB and stwx/stdx rS,rA,rB → Alu Add t = rA + rB into a hidden temporary,
//   then the access based on t (a real address dependency on both registers); with a literal
//   0 as rA the access is based on rB directly.
// - lwarx/ldarx rD,rA,rB → Load kExclusive (same addressing); stwcx./stdcx. rS,rA,rB →
//   StoreCond a=rS, dst = the hidden condition register (0 on success, 1 on failure), so that
//   `bne` after it branches on failure and `beq` on success.
// - li rD,imm and mr rD,rS → Alu Mov; add, sub, subf (rB - rA), xor, and, or, with a register
//   or an immediate last operand, addi, xori, ori (immediate) → Alu, never constant-folded
//   (xor r3,r1,r1 reads r1).
// - cmpw/cmpd rA,rB and cmpwi/cmpdi rA,imm: the hidden condition register := rA - rB (signed
//   overflow not modelled). beq/bne → Branch on it (kBranchIfZero for beq); blt/bgt/ble/bge →
//   Alu comparison of it with 0 into a temporary, then Branch; b → unconditional Branch.
//   Labels (`LC00:`) are resolved after the whole column; an unknown label is an error at its use.
// - sync, hwsync → Fence kSync; lwsync → kLwsync; eieio → kEieio; isync → kIsync; nop → Nop.
// Anything else (lwa, lbz, mtspr, dcbf, cmplw, ...) is BadInput("unsupported"); malformed
// text is BadInput("parse") at the offending token.
#pragma once
#include <string>

#include "sim/arch/i_instruction_parser.h"

namespace mmsim::powerpc {

class PpcIsa final : public IInstructionParser {
 public:
  ThreadProgram parse_thread(const LitmusTest& test, const ThreadSource& thread,
                             MemoryLayout& layout) const override;
  // "r<n>" for r<n> / R<n> (n in 0..31); "" otherwise.
  std::string canonical_reg(const std::string& name) const override;
};

}  // namespace mmsim::powerpc

// x86 litmus cell syntax (herdtools7 "X86" Intel and "X86_64" AT&T dialects): the mnemonic
// table and the parser that turns one cell of a thread column into labels plus at most
// one instruction with typed operands. Lowering to micro-ops is X86Isa's job (x86_isa.cpp).
#pragma once
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "models/x86/x86_registers.h"
#include "sim/base/error.h"
#include "sim/base/types.h"

namespace mmsim::x86 {

enum class Mnem {
  Mov, Xchg, Uxch, Xadd, Cmpxchg, Add, Sub, And, Or, Xor, Inc, Dec, Neg, Not, Cmp, Test,
  Jmp, Je, Jne, Jl, Jle, Jg, Jge, Js, Jns, Mfence, Lfence, Sfence, Nop,
};

struct Operand {
  enum class Kind { Reg, Imm, Mem } kind = Kind::Imm;
  std::size_t col = 0;  // offset of the operand's first character in the cell
  std::string reg;      // Reg: canonical name
  Value imm = 0;        // Imm: value (plus the address of `loc` if set); Mem: displacement
  std::string loc;      // Imm: `$x` → address of x; Mem: the location symbol ("" if none)
  std::string base, index;  // Mem: canonical register names ("" if none); address = sum
};

struct Insn {
  Mnem mnem = Mnem::Nop;
  std::string spelling;  // the mnemonic as written
  std::size_t col = 0;
  bool lock = false;
  std::size_t lock_col = 0;
  std::vector<Operand> ops;  // Intel order: destination first (AT&T operands are reversed)
  std::string target;        // jumps: the label
  std::size_t target_col = 0;
};

struct Cell {
  std::vector<std::pair<std::string, std::size_t>> labels;  // `L0:` definitions, with offsets
  std::optional<Insn> insn;
};

bool is_cond_jump(Mnem m);

// Position of the character at `offset` in a cell that starts at `cell`.
SourcePos pos_at(const SourcePos& cell, std::size_t offset);

// Parses one cell. Throws BadInput ("parse" or "unsupported") positioned in the cell.
Cell parse_cell(Dialect d, const std::string& text, const SourcePos& pos);

}  // namespace mmsim::x86

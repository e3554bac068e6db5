// AArch64 litmus cell syntax (herdtools7 "AArch64" dialect): the parser that turns one cell of
// a thread column into labels plus at most one instruction with typed operands. Which
// mnemonics exist and what their operands mean is decided when lowering (arm64_isa.cpp).
//
// Operand grammar (case-insensitive words, spaces anywhere between tokens):
//   register   X0..X30 W0..W30 XZR WZR SP WSP
//   immediate  #n  #-n  #0x1f  (a bare number is accepted too)
//   address    [Xn] [Xn,#imm] [Xn,Rm] [Xn,Rm,EXT] [Xn,Rm,EXT #k], then an optional '!'
//   word       anything else: a label, a condition (EQ), a barrier option (SY, ISHLD), a shift
//              or extension (LSL #2, SXTW) with its optional amount.
#pragma once
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "models/arm64/arm64_registers.h"
#include "sim/base/error.h"
#include "sim/base/types.h"

namespace mmsim::arm64 {

struct Operand {
  enum class Kind { Reg, Imm, Mem, Word } kind = Kind::Imm;
  std::size_t col = 0;  // offset of the operand's first character in the cell
  std::string text;     // Reg, Word: as written
  RegName reg;          // Reg
  Value imm = 0;        // Imm: the value; Word: its amount (`LSL #2`) when has_imm
  bool has_imm = false; // Word
  std::string word;     // Word: upper case
  // Mem: [base{, #offset}] or [base, index{, ext{ #amount}}], then '!' if pre-indexed.
  RegName base;
  std::string base_text;
  std::size_t base_col = 0;
  bool has_offset = false;
  Value offset = 0;
  std::size_t offset_col = 0;
  bool has_index = false;
  RegName index;
  std::string index_text;
  std::size_t index_col = 0;
  std::string ext;  // upper case: LSL, SXTW, UXTW, SXTX, UXTX, ... ("" if none)
  std::size_t ext_col = 0;
  bool has_amount = false;
  Value amount = 0;
  bool writeback = false;
  std::size_t writeback_col = 0;
};

struct Insn {
  std::string mnem;      // upper case ("B.EQ")
  std::string spelling;  // as written
  std::size_t col = 0;
  std::vector<Operand> ops;
  std::size_t end = 0;   // offset just past the cell's last character
};

struct Cell {
  std::vector<std::pair<std::string, std::size_t>> labels;  // `L0:` definitions, with offsets
  std::optional<Insn> insn;
};

// Position of the character at `offset` in a cell that starts at `cell`.
SourcePos pos_at(const SourcePos& cell, std::size_t offset);

// Parses one cell. Throws BadInput("parse") positioned at the offending token.
Cell parse_cell(const std::string& text, const SourcePos& pos);

}  // namespace mmsim::arm64

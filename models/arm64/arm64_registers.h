// AArch64 general-purpose register names in herdtools7 litmus tests.
//
// W<n> is the 32-bit view of X<n>; both name one register whose canonical name, as conditions
// print it, is "X<n>" (herd7 writes `1:X0=1` even when the code loads into W0). WZR/XZR read
// as zero and discard writes; SP/WSP are recognised only so they can be refused by name.
// Names are case-insensitive (`w0` = `W0`); no leading zeros (`X01` is not a register).
#pragma once
#include <string>

namespace mmsim::arm64 {

struct RegName {
  enum class Kind { None, Gpr, Zero, Sp } kind = Kind::None;
  int num = -1;       // Gpr: 0..30
  bool wide = false;  // X (64-bit) view rather than W
  bool valid() const { return kind != Kind::None; }
};

// Classifies `name` (X0..X30, W0..W30, XZR, WZR, SP, WSP); Kind::None if it is not a register.
RegName parse_reg_name(const std::string& name);

// "X<n>" for a general-purpose register of either width; "" for anything else (including the
// zero register and SP, which a condition cannot name).
std::string canonical_reg_name(const std::string& name);

}  // namespace mmsim::arm64

// A thread's program: micro-ops plus the register file's names and initial values. Produced
// by a front end (asm parser or C lowering); executed by a Core; read back by the outcome
// table (final register values by name).
#pragma once
#include <string>
#include <vector>

#include "sim/base/error.h"
#include "sim/cpu/micro_op.h"

namespace mmsim {

struct RegInfo {
  std::string name;         // as the test's condition spells it (EAX, rax, r0, ...)
  bool is_pointer = false;  // C: declared with '*'; prints as a location name when it holds one
  Value init = 0;
  bool user_visible = true;  // false for front-end temporaries (never in a final state)
};

struct ThreadProgram {
  int tid = 0;  // the N of "PN"
  std::vector<MicroOp> ops;  // ends with a Halt
  std::vector<RegInfo> regs;
  std::vector<SourcePos> positions;  // MicroOp::src indexes this
  // Per register (indexed like `regs`): the values the test's condition looks for in it — the
  // `reg = v` atoms of the outcome the condition asks about (the witness of exists and
  // ~exists, a counterexample of forall). Empty: no preference. Only explore timing reads it:
  // a load whose value is none of these may wait for another write to reach its core (a load
  // may always complete late, so this steers the search and allows nothing new).
  std::vector<std::vector<Value>> wanted;

  // Index of the register called `name`, or kNoReg.
  Reg find_reg(const std::string& name) const {
    for (std::size_t i = 0; i < regs.size(); ++i)
      if (regs[i].name == name && regs[i].user_visible) return static_cast<Reg>(i);
    return kNoReg;
  }
  Reg add_reg(RegInfo r) {
    regs.push_back(std::move(r));
    return static_cast<Reg>(regs.size() - 1);
  }
};

}  // namespace mmsim

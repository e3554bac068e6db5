// Contract for an arch's assembly litmus parser (models/<arch>/<arch>_isa).
//
// parse_thread() lowers one thread column (ThreadSource::rows, one string per row, with the
// position of each cell) into a ThreadProgram ending in Halt. It interns every memory location
// it names into `layout`. Register names in the program are the canonical spelling the test's
// condition uses (see canonical_reg). Errors: BadInput("parse", pos, "...expected...") for
// malformed text, BadInput("unsupported", pos, "unsupported instruction X") for valid
// instructions outside the model, with the position of the offending token.
#pragma once
#include <string>

#include "sim/cpu/thread_program.h"
#include "sim/scenario/litmus_test.h"
#include "sim/scenario/memory_layout.h"

namespace mmsim {

class IInstructionParser {
 public:
  virtual ~IInstructionParser() = default;
  virtual ThreadProgram parse_thread(const LitmusTest& test, const ThreadSource& thread,
                                     MemoryLayout& layout) const = 0;
  // The canonical name of register `name` as the condition writes it (x86_64: "eax" → "rax"),
  // or "" if `name` is not a register of this dialect.
  virtual std::string canonical_reg(const std::string& name) const = 0;
};

}  // namespace mmsim

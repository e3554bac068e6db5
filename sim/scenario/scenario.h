// A test ready to run: the parsed litmus test lowered for one arch (thread programs, memory
// layout) with the final-state keys herd7 would print and the condition bound to them.
//
// build_scenario() resolves every register and location the condition, `filter` and
// `locations` name; a name the test cannot have (a C register that is not a local of that
// thread, a thread that does not exist, a non-register in an asm test) is BadInput at the
// term's position. Config= info lines are applied to `params` here, before --set overrides.
#pragma once
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "sim/arch/i_arch_model.h"
#include "sim/base/params.h"
#include "sim/cpu/thread_program.h"
#include "sim/mem/i_storage.h"
#include "sim/scenario/litmus_test.h"
#include "sim/scenario/memory_layout.h"

namespace mmsim {

struct StateKey {
  bool is_reg = false;
  int tid = -1;
  Reg reg = kNoReg;
  Addr addr;
  std::string name;        // register or location name as the test spells it
  bool is_pointer = false; // prints as a location name when it holds one
  bool shown = true;       // false: only a filter names it
  std::string herd() const { return is_reg ? std::to_string(tid) + ":" + name : "[" + name + "]"; }
  std::string json() const { return is_reg ? std::to_string(tid) + ":" + name : name; }
};

using State = std::vector<Value>;  // one value per StateKey

class Scenario {
 public:
  LitmusTest test;
  const IArchModel* arch = nullptr;
  MemoryLayout layout;
  // The test's own locations come first in `layout` (the kernel's data follow): the only ones
  // the test's threads may access.
  std::size_t user_locations = SIZE_MAX;  // SIZE_MAX: every location (hand-built tests)
  std::vector<ThreadProgram> threads;
  std::vector<StateKey> keys;  // shown keys in herd order, then filter-only keys
  std::size_t cpus = 0;                   // cores in the machine
  std::vector<std::size_t> cpu_of_thread;  // where each thread runs (Affinity=, else its index)
  // The thread's task slot on its CPU: threads sharing a CPU get slots 1, 2, ... in thread
  // order (slot 0 is the idle task); System and the kernel both address tasks this way.
  std::vector<std::size_t> slot_of_thread;
  bool shares_cpus() const {
    for (std::size_t s : slot_of_thread)
      if (s > 1) return true;
    return false;
  }

  // Explore's guidance (see ThreadProgram::wanted): per location (layout index), the final
  // values the condition looks for; per thread and location, the values its loads of that
  // location want (only loads whose address is fixed: a base register the thread never
  // writes).
  std::vector<std::vector<Value>> wanted_final;
  std::vector<std::vector<ReadGoal>> wanted_reads;

  bool satisfies(const State& s) const { return eval(*test.condition.expr, s); }
  bool passes_filter(const State& s) const { return !test.filter || eval(*test.filter, s); }
  // herd7's rendering of one value of key k: an integer, or a location name for a pointer.
  std::string format_value(std::size_t k, Value v) const;
  std::size_t shown_count() const;

  bool eval(const CondExpr& e, const State& s) const;
  Value term_value(const CondTerm& t, const State& s) const;
  std::unordered_map<const CondTerm*, std::size_t> term_key;  // Reg/Loc terms → key index
};

// Applies the test's Config= lines to `params` (BadInput at the offending assignment).
void apply_config(const LitmusTest& test, Params& params);

// `extra` primitives (the kernel's system calls and constants) are added to the arch's table
// for C tests. `cpus` = 0: one CPU per thread.
Scenario build_scenario(LitmusTest test, const IArchModel& arch,
                        const PrimitiveTable* extra = nullptr, std::size_t cpus = 0);

// Affinity=P0:2 P1:1 → thread → CPU (threads not named run on CPU index % cpus). Several
// threads may share a CPU: the kernel's scheduler time-slices them.
std::vector<std::size_t> parse_affinity(const LitmusTest& test, std::size_t cpus);

}  // namespace mmsim

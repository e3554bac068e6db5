// Sleepable RCU (kernel/rcu/srcutree.c; the classic kernel/rcu/srcu.c of 4.11 has the same
// counters and barriers) for the C tests: srcu_read_lock / srcu_down_read,
// srcu_read_unlock / srcu_up_read, synchronize_srcu, smp_mb__after_srcu_read_unlock.
//
// As everywhere in kernel_model/, the ordering comes from code running on the simulated
// cores: the routines below are C text lowered through the arch's primitive table, and their
// data (the index, per-CPU lock/unlock counters) lives in simulated memory after the test's
// locations. Srcu is the bookkeeping: which kernel data belongs to which srcu_struct, and
// which routine a system call enters.
#pragma once
#include <cstdint>
#include <map>
#include <string>

#include "kernel_model/code_switches.h"
#include "kernel_model/kernel_calls.h"
#include "kernel_model/kernel_state.h"
#include "sim/arch/primitive_table.h"
#include "sim/cpu/i_kernel_port.h"
#include "sim/cpu/thread_program.h"
#include "sim/scenario/scenario.h"

namespace mmsim::kernel {

// The routines' texts (srcu.cpp). Entry arguments: arg0 = the base of the srcu_struct's
// kernel data (below; Srcu::enter maps the struct's address to it), arg1 = the index
// srcu_read_unlock() is given.
std::string srcu_read_lock_text(const CodeSwitches& k);
std::string srcu_read_unlock_text(const CodeSwitches& k);
std::string synchronize_srcu_text(const CodeSwitches& k);

// Lines of one srcu_struct's kernel data, from its base: ->srcu_idx, ->srcu_gp_mutex, then
// per CPU c (struct srcu_data, per_cpu_ptr(ssp->sda, c)) srcu_lock_count[0..1] and
// srcu_unlock_count[0..1], each counter on a line of its own.
constexpr int kSrcuIdx = 0, kSrcuGpMutex = 1, kSrcuPerCpu = 2, kSrcuCpuLines = 4;
constexpr int kSrcuLock = 0, kSrcuUnlock = 2;  // within a CPU's lines, + idx
// Reader checks synchronize_srcu() makes in a row before it sleeps a jiffy.
constexpr int kSrcuPolls = 3;

class Srcu {
 public:
  // Finds the test's srcu_structs, interns their kernel data into the scenario's layout and
  // lowers the routines (when the test uses SRCU at all); registers the SRCU system calls
  // (kSysSrcu*), which enter through enter() with `why` (it outlives the Srcu).
  Srcu(KernelState& s, KernelCalls& calls, std::string& why);
  // The kernel entry of an SRCU system call (kSysSrcu*) made with the call's arguments;
  // an address that is no srcu_struct of the test fails with -EINVAL and `why` says so.
  KernelEntry enter(std::uint16_t nr, const Value (&args)[3], std::string& why) const;

 private:
  void setup(const KernelState& s);

  // The test's srcu_struct (its location's address, as the call passes it) → the base address
  // of its kernel data.
  std::map<Value, Value> data_;
  ThreadProgram lock_, unlock_, synchronize_;
};

}  // namespace mmsim::kernel

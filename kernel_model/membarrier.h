// sys_membarrier() (kernel/sched/membarrier.c; kernel/rcu/tree.c's synchronize_sched for
// GLOBAL): what each command does in the configured era is membarrier_cmd.h's decision
// table; the expedited commands' scan, IPIs and registration are kernel code
// (kernel_code.h). Membarrier holds each mm's membarrier_state (its mirror of the simulated
// mm_state lines), chooses the routine a call enters and lowers the expedited variants as
// they are first asked for. smp_memb() is user-space RCU's asymmetric barrier: the command
// membarrier.smp_memb, whose registration its library made at start-up.
//
// Registers: system calls membarrier and smp_memb; intrinsic kMmStateOr; the IPI handlers
// kIpiMb, kIpiSyncCore, kIpiRseq and kIpiSyncRqState.
#pragma once
#include <map>
#include <utility>
#include <vector>

#include "kernel_model/kernel_calls.h"
#include "kernel_model/kernel_state.h"
#include "kernel_model/membarrier_cmd.h"
#include "kernel_model/rcu_sched.h"
#include "sim/base/params.h"

namespace mmsim::kernel {

class Membarrier {
 public:
  // Interns each mm's starting membarrier_state (membarrier.registered, smp_memb's start-up
  // registration; none for an mm execve() creates); BadInput naming membarrier.registered
  // when the era has no such registration.
  Membarrier(KernelState& s, const RcuSched& rcu, const Params& params, KernelCalls& calls);
  void reset() { mm_state_ = initial_mm_state_; }

 private:
  KernelEntry enter(std::size_t cpu, int cmd, int flags, int cpu_id, CallKind& kind);
  const ThreadProgram* expedited_program(bool global, bool include_self, int handler,
                                         bool serialize, bool single, bool each);

  KernelState& s_;
  const RcuSched& rcu_;
  std::vector<unsigned> initial_mm_state_;  // per mm id: the registrations it starts with
  std::vector<unsigned> mm_state_;          // per mm id; mirror of mm->membarrier_state
  // key: global | include_self << 1 | serialize << 2 | single << 3 | each << 4 | handler << 5
  std::map<int, ThreadProgram> expedited_;
  // By how registration syncs: (Decision::register_sync, Decision::register_local).
  std::map<std::pair<RegisterSync, bool>, ThreadProgram> register_;
};

}  // namespace mmsim::kernel

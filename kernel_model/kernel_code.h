// The kernel's code, written in the C litmus dialect and lowered through the arch's primitive
// table plus the kernel intrinsics, so that it runs on the simulated cores as micro-ops with
// the arch's own barriers (DESIGN.md §1.2). Kernel data (rq->curr, mm->membarrier_state, the
// IPI call-single-data locks) lives in simulated memory, one cache line per element.
#pragma once
#include <string>

#include "sim/arch/primitive_table.h"
#include "sim/cpu/thread_program.h"
#include "sim/scenario/memory_layout.h"

namespace mmsim::kernel {

struct KernelData {
  Addr rq_curr;   // [cpu]: mm id of the task running there (0: idle or kernel thread)
  Addr mm_state;  // [mm]: mm->membarrier_state
  Addr csd;       // [caller * cpus + target]: call-single-data lock, 1 while an IPI is owed
  Addr dynticks;  // [cpu]: context-tracking counter, even while in an extended QS
  Addr rcu_qs;    // [cpu]: the last grace period this CPU reported a quiescent state for
  Addr dyn_snap;  // [cpu]: the GP kthread's snapshot of dynticks at GP start
  Addr gp_seq;    // the grace period in progress (rcu_state.gp_seq)
  Addr gp_done;   // the last completed grace period
};

// Interns the kernel's data into `layout` (contiguous lines per array).
KernelData intern_kernel_data(MemoryLayout& layout, std::size_t cpus, int mms);

// Lowers one routine. `text` is a C function body using the KernelData arrays as parameters
// (rq_curr, mm_state, csd, dynticks, rcu_qs, dyn_snap, gp_seq, gp_done); `LINE` and `NCPU` are
// replaced by the line size and the CPU count. Registers arg0..arg2
// receive the entry arguments; register `ret` is the return value.
ThreadProgram lower_routine(const std::string& name, std::string text, std::size_t cpus,
                            const PrimitiveTable& prims, MemoryLayout& layout);

// The routines (texts; see kernel_code.cpp).
std::string membarrier_expedited_text(bool global, bool include_self, int handler);
std::string ipi_handler_text(int handler);
std::string register_text();
std::string tick_text();
std::string synchronize_sched_text();
std::string gp_kthread_text();
std::string preempt_text(bool disable);
std::string sched_expedited_text();
std::string rcu_exp_handler_text();
// The §1.7 scheduler barriers, each switchable (fault injection).
struct SchedBarriers {
  bool mb_after_spinlock = true;  // smp_mb__after_spinlock() before the rq->curr store
  bool mb_after_switch = true;    // the arch's barrier after it (switch_mm, finish_task_switch)
};
std::string switch_in_text(const SchedBarriers& b);
std::string idle_enter_text(const SchedBarriers& b);

}  // namespace mmsim::kernel

// The kernel's code, written in the C litmus dialect and lowered through the arch's primitive
// table plus the kernel intrinsics, so that it runs on the simulated cores as micro-ops with
// the arch's own barriers (DESIGN.md §1.2). Kernel data (rq->curr, mm->membarrier_state, the
// IPI call-single-data locks) lives in simulated memory, one cache line per element.
#pragma once
#include <string>

#include "kernel_model/code_switches.h"
#include "kernel_model/membarrier_cmd.h"
#include "sim/arch/primitive_table.h"
#include "sim/cpu/thread_program.h"
#include "sim/scenario/memory_layout.h"

namespace mmsim::kernel {

struct KernelData {
  Addr rq_curr;   // [cpu]: mm id of the task running there (0: idle or kernel thread)
  Addr rq_lock;   // [cpu]: the runqueue lock
  Addr mm_state;  // [mm]: mm->membarrier_state
  Addr rq_mstate; // [cpu]: rq->membarrier_state, the running mm's state cached per rq (5.4+)
  Addr csd;       // [caller * cpus + target]: call-single-data lock, 1 while an IPI is owed
  Addr dynticks;  // [cpu]: context-tracking counter, even while in an extended QS
  Addr rcu_qs;    // [cpu]: the last grace period this CPU reported a quiescent state for
  Addr dyn_snap;  // [cpu]: the GP kthread's snapshot of dynticks at GP start
  Addr gp_seq;    // the grace period in progress (rcu_state.gp_seq)
  Addr gp_done;   // the last completed grace period
  Addr ipi_mutex; // membarrier_ipi_mutex (6.8+): one expedited IPI phase at a time
};

// Interns the kernel's data into `layout` (contiguous lines per array).
KernelData intern_kernel_data(MemoryLayout& layout, std::size_t cpus, int mms);
// `prims` with the constants LINE and NCPU (below) for `cpus` CPUs.
PrimitiveTable with_geometry(PrimitiveTable prims, std::size_t cpus);
// The layout name of element i of a kernel array ("rq_curr", "rq_curr[1]", ...).
std::string element_name(const std::string& array, std::size_t i);

// Lowers one routine. `text` is a C function body using the KernelData arrays as parameters
// (rq_curr, rq_lock, mm_state, rq_mstate, csd, dynticks, rcu_qs, dyn_snap, gp_seq, gp_done,
// ipi_mutex); the constants `LINE` and `NCPU` are the line size and the CPU count. Registers
// arg0..arg2 receive the entry arguments; register `ret` is the return value.
ThreadProgram lower_routine(const std::string& name, const std::string& text, std::size_t cpus,
                            const PrimitiveTable& prims, MemoryLayout& layout,
                            const std::vector<std::string>& extra_arrays = {});

// Context tracking around a routine that may be entered from an extended quiescent state:
// the statements that leave it on entry and re-enter it on the way out (`slot` as kEqsExit
// says: 0 interrupt/work, 1 system call, 2 read-side section).
std::string eqs_exit(const CodeSwitches& k, int slot);
std::string eqs_enter(const CodeSwitches& k, int slot);

// What __schedule()'s text depends on besides the mutation switches: `rq_state`, the 5.4+
// rq->membarrier_state cache; `barrier_if_registered`, the arch's switch_mm barrier only when
// the next mm is registered for an expedited command (the arch bundle's
// __SWITCH_MM_BARRIER_IF_REGISTERED); `barrier_every_switch`, the barrier on every change of
// task, whatever the mms (arm64's __switch_to() DSB), instead of on a change of mm.
struct SchedFacts {
  bool rq_state = false;
  bool barrier_if_registered = false;
  bool barrier_every_switch = false;  // __SWITCH_BARRIER_ON_EVERY_TASK_SWITCH (arm64)
  bool switch_path = false;  // __switch_path has instructions: run on every task switch (arm64)
};
// For an era and the arch's primitives (the kernel's intrinsics may be included).
SchedFacts sched_facts(const PrimitiveTable& prims, Era era);

// The routines (texts; see kernel_code.cpp). `rq_state`: the 5.4+ rq->membarrier_state
// cache (kept by the scheduler's membarrier_switch_mm(), read by GLOBAL_EXPEDITED's scan).
// `serialize`: 6.8's membarrier_ipi_mutex around the IPI phase (SERIALIZE_IPI()).
// `single`: RSEQ with FLAG_CPU, the target CPU in arg0 (the only rq->curr read).
// `each`: 4.14–5.3 without a cpumask, each target IPIed and waited for as the scan finds it.
std::string membarrier_expedited_text(const CodeSwitches& k, bool global, bool include_self,
                                      int handler, bool rq_state, bool serialize, bool single,
                                      bool each);
std::string ipi_handler_text(const CodeSwitches& k, int handler);
std::string ipi_sync_rq_state_text(const CodeSwitches& k);
// How registration makes the scheduler see the new state (KERNEL.md §1.5): `sync` and
// `local` as membarrier_cmd's Decision says (register_sync, register_local).
std::string register_text(const CodeSwitches& k, RegisterSync sync, bool local, bool serialize);
std::string tick_text(const CodeSwitches& k, const SchedFacts& f);
std::string synchronize_sched_text(const CodeSwitches& k);
std::string gp_kthread_text(const CodeSwitches& k);
std::string preempt_text(const CodeSwitches& k, bool disable);
std::string sched_expedited_text(const CodeSwitches& k);
std::string rcu_exp_handler_text(const CodeSwitches& k);
std::string schedule_text(const CodeSwitches& k, const SchedFacts& f);
// exit_mm() (kernel/exit.c) for `era`: task_lock(current) (the per-CPU `task_lock` array,
// interned only for a test that calls it), from 5.10 smp_mb__after_spinlock(), the store of
// current->mm = NULL (rq_curr, what membarrier's scan reads), from 5.10
// membarrier_update_current_mm(NULL) (rq->membarrier_state = 0), task_unlock().
std::string exit_mm_text(const CodeSwitches& k, Era era);
// kthread_unuse_mm() (kernel/kthread.c; unuse_mm() in mm/mmu_context.c before 5.8): exit_mm()'s
// steps, the barrier under sched.kthread_unuse_mm_mb.
std::string kthread_unuse_mm_text(const CodeSwitches& k, Era era);
// kthread_use_mm() (use_mm() before 5.8): under task_lock(current), current->mm = the adopted
// mm (__mm_use(), stored to rq_curr for the scan), from 5.10 membarrier_update_current_mm(mm);
// task_unlock(); then a full barrier before the thread touches user memory: mmdrop() of the
// active_mm it borrowed when that was another mm (atomic_dec_and_test(), fully ordered), or,
// when it was this one (lazily kept from a thread of the mm or an earlier unuse), 5.10's
// smp_mb() — and nothing before 5.10.
std::string kthread_use_mm_text(const CodeSwitches& k, Era era);
// execve()'s exec_mmap() (fs/exec.c) for `era`: under task_lock(current), from 5.4
// membarrier_exec_mmap(): smp_mb(), the new mm's membarrier_state and rq->membarrier_state = 0;
// current->mm = the new mm (__mm_exec(), stored to rq_curr); task_unlock(); 4.14–5.3
// membarrier_execve() clears the new mm's state after. The new mm starts unregistered.
std::string execve_text(const CodeSwitches& k, Era era);

}  // namespace mmsim::kernel

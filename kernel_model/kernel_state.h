// The state the kernel's subsystems share: the configuration, the tasks and where they run,
// and each CPU's state as named fields grouped by the subsystem that owns them. Two kinds of
// write cross the groups, as in the kernel: the scheduler's switch saves and restores the
// per-task parts of the others (a task's EQS slots, its mm), and any subsystem queues kernel
// work on a CPU's pending interrupts or blocks the running task. State private to one
// subsystem (the grace periods in flight, the IPIs travelling, the mms' membarrier state)
// lives in that subsystem.
// KernelState also lowers routine texts against the scenario's layout, so that every
// subsystem's code interns kernel data the same way.
#pragma once
#include <cstdint>
#include <deque>
#include <limits>
#include <string>
#include <vector>

#include "kernel_model/kernel_config.h"
#include "kernel_model/tasks.h"
#include "sim/arch/primitive_table.h"
#include "sim/base/rng.h"
#include "sim/cpu/thread_program.h"
#include "sim/scenario/scenario.h"

namespace mmsim::kernel {

// An interrupt or a piece of kernel work for one CPU.
struct Event {
  int handler = 0;  // a Handler (kernel_abi.h)
  Value args[3] = {0, 0, 0};
  Cycle at;
};

// Where a routine may be entered from an extended quiescent state (kEqsExit's argument): each
// saves whether it left one, to re-enter it on the way out.
enum class EqsSlot { Interrupt = 0, Syscall = 1, Reader = 2 };

// Context tracking (kernel/context_tracking.c): in an EQS (nohz_full user mode, idle), and
// what each kind of kernel entry left, to restore.
struct EqsCpu {
  bool eqs = false;
  bool left_in_interrupt = false;  // an interrupt or kernel work left the EQS
  bool left_in_syscall = false;    // the system call in progress left it
  bool left_in_reader = false;     // the read-side section in progress left it
  bool& left(EqsSlot s) {
    return s == EqsSlot::Interrupt ? left_in_interrupt
           : s == EqsSlot::Syscall ? left_in_syscall
                                   : left_in_reader;
  }
};

// A switched-out task's system-call state, restored when it runs again.
struct ParkedTask {
  bool in_kernel = false;       // left asleep inside a system call: resumes there
  bool left_in_syscall = false;  // its EqsCpu::left_in_syscall
  bool left_in_reader = false;   // its EqsCpu::left_in_reader
  Cycle syscall_start;
  std::size_t syscall_kind = 0;
};

// The scheduler's view of one CPU; per-task vectors are indexed by task slot (0: idle).
struct SchedCpu {
  std::size_t curr = 0;           // running task slot
  bool woken = false;             // the CPU's tasks have started (thread_started)
  bool switched = false;          // the last kPickNext changed the running task
  int slice = 0;                  // ticks left in the running task's time slice
  int preempt = 0;                // preempt_count of the running task
  std::vector<bool> exited;       // the task ran its last instruction
  std::vector<Value> blocked_on;  // GP number it sleeps for (0: runnable; kTimedSleep:
                                  // a schedule_timeout() sleep)
  std::vector<Cycle> wake_at;     // end of its schedule_timeout() (never: none in progress)
  std::vector<ParkedTask> parked;
  static constexpr Value kTimedSleep = std::numeric_limits<Value>::max();
};

// current->mm of the running task and of each task slot (exit_mm(), kthread_use_mm(),
// kthread_unuse_mm() and execve() change a task's).
struct MmCpu {
  int mm = 0;                 // running task's mm (0: idle or kernel thread)
  int active = 0;             // its active_mm: a kernel thread or idle keeps the last user mm
                              // the CPU ran (lazy TLB; context_switch()); 0: init_mm
  std::vector<int> task_mm;   // per task slot
};

// Interrupts: those arrived, the one running, and the IPI targets marked but not yet sent.
struct IrqCpu {
  std::deque<Event> pending;        // arrived interrupts and queued work, oldest first
  int running = 0;                  // handler of the interrupt frame now running (0: none)
  Cycle started;                    // when it was entered
  std::vector<std::size_t> marked;  // __ipi_mark'ed targets
};

struct CpuCounters {
  std::uint64_t ipis_received = 0, handler_cycles = 0, ticks = 0, switches = 0;
};

struct CpuState {
  SchedCpu sched;
  EqsCpu ct;
  MmCpu mm;
  IrqCpu irq;
  Cycle next_tick;
  int exp_owed = 0;            // RCU: caller CPU + 1 of an expedited QS owed at preempt_enable
  Cycle syscall_start;         // the system call in progress
  std::size_t syscall_kind = 0;  // its CallKind (kernel_calls.h)
  CpuCounters counters;
};

// A task on a CPU's runqueue, as the scenario declares it.
struct RqTask {
  int mm = 0;         // 0: idle or a kernel thread
  bool user = false;  // a user task (the idle task and kernel threads are not)
  int use_mm = 0;     // a kernel thread's mm for kthread_use_mm()
  int exec_mm = 0;    // a user thread's mm after execve()
};

// Per test thread: does it make system call `nr`?
std::vector<bool> callers(const Scenario& s, std::uint16_t nr);

class KernelState {
 public:
  // Interns the kernel's data (kernel_code.h KernelData) into the scenario's layout, every CPU
  // idle at the start (rq->curr = idle, dynticks even).
  KernelState(Scenario& scenario, const KernelConfig& cfg, TaskSet tasks);

  // Start of a trial: every CPU idle (an EQS), each task with its declared mm; the ticks'
  // phases drawn from `rng` in CPU order.
  void reset(Rng& rng);

  // Lowers a routine text (kernel_code.h lower_routine) against the scenario's layout;
  // `extra_arrays` are per-CPU arrays interned for this routine only.
  // Does any test thread make system call `nr`?
  bool calls(std::uint16_t nr) const;

  ThreadProgram lower(const char* name, const std::string& text,
                      const std::vector<std::string>& extra_arrays = {}) const;

  Scenario& scenario;
  const KernelConfig& cfg;
  const TaskSet tasks;
  std::vector<std::vector<RqTask>> rq;  // per CPU, by task slot; [0] = the idle task
  std::vector<CpuState> cpus;
  PrimitiveTable prims;  // the arch's primitives, the kernel's intrinsics, LINE and NCPU
  Rng* rng = nullptr;    // the trial's generator (set by reset)
};

}  // namespace mmsim::kernel

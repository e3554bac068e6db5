// Numbers shared by the kernel's primitive tables and its system-call / intrinsic dispatch.
#pragma once
#include <cstdint>

namespace mmsim::kernel {

// Syscall uop codes (user C code → kernel).
enum Sys : std::uint16_t {
  kSysMembarrier = 1,       // membarrier(cmd, flags)
  kSysSmpMemb = 2,          // smp_memb(): membarrier(membarrier.smp_memb, 0)
  kSysSynchronizeSched = 3, // synchronize_sched() / synchronize_rcu() / bpf_synchronize()
  kSysPreemptDisable = 4,   // preempt_disable() / rcu_read_lock[_sched]() from a test thread
  kSysPreemptEnable = 5,    // preempt_enable() / rcu_read_unlock[_sched]()
  kSysSyncSchedExpedited = 6,  // synchronize_sched_expedited()
  kSysSrcuReadLock = 7,     // srcu_read_lock(ssp) / srcu_down_read(ssp): the index
  kSysSrcuReadUnlock = 8,   // srcu_read_unlock(ssp, idx) / srcu_up_read(ssp, idx)
  kSysSynchronizeSrcu = 9,  // synchronize_srcu(ssp) / synchronize_srcu_expedited(ssp)
  kSysExitMm = 10,          // exit_mm(): the thread stops using its address space (do_exit)
  kSysKthreadUseMm = 11,    // kthread_use_mm(): a kernel thread adopts its process's mm
  kSysKthreadUnuseMm = 12,  // kthread_unuse_mm(): it lets go of it again
  kSysExecve = 13,          // execve(): the thread runs a new program image, in a new mm
};

// KCall uop codes (kernel code → kernel model intrinsics).
enum Intrinsic : std::uint16_t {
  kThisCpu = 1,        // the executing CPU's number
  kNrCpus = 2,         // CPUs online
  kCurrentMm = 3,      // mm id of the task this kernel code runs for (0: kernel thread)
  kIpiMark = 4,        // a0 = target CPU: add it to this CPU's pending IPI mask
  kIpiFlush = 5,       // a0 = handler, a1 = its info argument (its arg2): send the marked IPIs
  kMmStateOr = 6,      // a0 = bits or'ed into the current mm's membarrier_state (its mirror)
  kEqsExit = 7,        // a0 = 0 interrupt/work, 1 syscall, 2 read-side section: leaving an
                       // EQS? (1: bump dynticks)
  kEqsEnter = 8,       // a0 as above: returning into an EQS? (1: bump dynticks)
  kPreemptDisable = 9, // preempt_count++ (rcu_read_lock_sched and friends)
  kPreemptEnable = 10, // preempt_count--
  kGpRequest = 11,     // ask for a grace period; returns the GP number that covers the caller
  kGpWait = 12,        // a0 = GP number: sleep until it completed
  kNeedResched = 13,   // tick: is the running task's slice over with another runnable?
  kExpReportNow = 14,  // a0 = caller CPU: may this CPU report the expedited QS now? If not,
                       // remember the caller for the end of the preempt-disabled region
  kExpDeferred = 15,   // the caller CPU + 1 whose expedited QS is owed (0: none); clears it
  kPickNext = 16,      // pick_next_task() + switch_to(): returns the next task's mm (rq->curr)
  kSchedEqs = 17,      // after a switch: entering an EQS (idle, or a nohz_full CPU left with
                       // one user task)? (1: bump dynticks)
  kSleepJiffies = 18,  // a0 = jiffies: schedule_timeout_uninterruptible(a0), the task sleeps
  kMmDrop = 19,        // exit_mm(): current->mm = NULL for the running task, from now on
  kTaskSwitched = 20,  // did this pass's kPickNext change the running task (switch_to ran)?
  kMmUse = 21,         // kthread_use_mm(): current->mm = the kernel thread's adopted mm; its id
  kMmExec = 22,        // execve(): current->mm = the thread's new mm; its id
  kActiveMm = 23,      // current->active_mm: the mm the CPU runs on (a kernel thread or idle
                       // borrows the last user mm, lazy TLB); 0: init_mm
};

// Interrupt handlers and kernel work run in interrupt-like frames.
enum Handler : std::uint16_t {
  kIpiMb = 1,        // ipi_mb: smp_mb()
  kIpiSyncCore = 2,  // ipi_sync_core: smp_mb() + sync_core_before_usermode()
  kIpiRseq = 6,      // ipi_rseq before 5.11: rseq_preempt() only, no smp_mb()
  kIpiRcuExp = 7,    // sync_sched_exp_handler: report a quiescent state, or defer it
  kIpiSyncRqState = 9,  // ipi_sync_rq_state (5.4+ registration): copy the mm's state to the rq
  kTick = 3,         // scheduling-clock interrupt: rcu_check_callbacks()
  kWorkGp = 4,       // one pass of the RCU grace-period kthread
  kWorkSchedule = 8, // schedule(): from idle to a runnable task, or from an exited task
};

}  // namespace mmsim::kernel

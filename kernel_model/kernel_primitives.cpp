#include "kernel_model/kernel_primitives.h"

#include "kernel_model/kernel_abi.h"
#include "kernel_model/membarrier_cmd.h"

namespace mmsim::kernel {
namespace {

Primitive call(std::string name, UopKind kind, std::uint16_t code, int nargs, std::string doc) {
  Primitive p;
  p.name = std::move(name);
  p.shape = PrimShape::Call;
  p.nargs = nargs;
  UopTemplate t;
  t.kind = kind;
  t.code = code;
  p.uops = {t};
  p.doc = std::move(doc);
  return p;
}

PrimitiveTable build_user() {
  PrimitiveTable t;
  Primitive memb = call("membarrier", UopKind::Syscall, kSysMembarrier, 3,
                        "system call membarrier(cmd, flags[, cpu_id]): 0 or -errno; cpu_id "
                        "(5.10+) names the one CPU for RSEQ with MEMBARRIER_CMD_FLAG_CPU");
  memb.min_args = 2;
  t.push_back(memb);
  t.push_back(call("smp_memb", UopKind::Syscall, kSysSmpMemb, 0,
                   "asymmetric full barrier: membarrier(membarrier.smp_memb, 0)"));
  for (const char* n : {"synchronize_sched_expedited", "synchronize_rcu_expedited"})
    t.push_back(call(n, UopKind::Syscall, kSysSyncSchedExpedited, 0,
                     "expedited RCU-sched grace period: IPIs to CPUs not in an EQS "
                     "(synchronize_rcu_expedited is the same with CONFIG_PREEMPT=n)"));
  for (const char* n : {"synchronize_sched", "synchronize_rcu", "bpf_synchronize"})
    t.push_back(call(n, UopKind::Syscall, kSysSynchronizeSched, 0,
                     "wait for an RCU-sched grace period (bpf_synchronize: the BPF_SYNCHRONIZE "
                     "RFC's command, synchronize_sched behind a syscall)"));
  t.push_back(call("exit_mm", UopKind::Syscall, kSysExitMm, 0,
                   "exit_mm() of do_exit(): the thread lets go of its address space "
                   "(current->mm = NULL, which membarrier's scan reads); the thread may only "
                   "end after it"));
  for (const char* n : {"kthread_use_mm", "use_mm"})
    t.push_back(call(n, UopKind::Syscall, kSysKthreadUseMm, 0,
                     "kthread_use_mm() (use_mm() before 5.8): a kernel thread starts operating "
                     "on its process's address space (Mm= names it; current->mm, which "
                     "membarrier's scan reads, is set)"));
  for (const char* n : {"kthread_unuse_mm", "unuse_mm"})
    t.push_back(call(n, UopKind::Syscall, kSysKthreadUnuseMm, 0,
                     "kthread_unuse_mm() (unuse_mm() before 5.8): the kernel thread stops "
                     "operating on it (current->mm = NULL)"));
  t.push_back(call("execve", UopKind::Syscall, kSysExecve, 0,
                   "execve() of the thread's own program: the test's code goes on as the new "
                   "image, in a new mm with no membarrier registration (4.14+; from 5.4 "
                   "membarrier_exec_mmap()'s smp_mb() first); the process may have no other "
                   "thread"));
  // A test thread's read-side section stands for kernel code reached by a system call: it
  // leaves the nohz_full EQS on entry and re-enters it at the end.
  for (const char* n : {"rcu_read_lock", "rcu_read_lock_sched", "preempt_disable"})
    t.push_back(call(n, UopKind::Syscall, kSysPreemptDisable, 0,
                     "preempt_count++: an RCU-sched read-side section (CONFIG_PREEMPT=n)"));
  for (const char* n : {"rcu_read_unlock", "rcu_read_unlock_sched", "preempt_enable"})
    t.push_back(call(n, UopKind::Syscall, kSysPreemptEnable, 0, "preempt_count--"));
  // SRCU (srcu.h): each call is a system call of its own; the srcu_struct is passed by its
  // location's address and the index as a value.
  for (const char* n : {"srcu_read_lock", "srcu_down_read"})
    t.push_back(call(n, UopKind::Syscall, kSysSrcuReadLock, 1,
                     "__srcu_read_lock(ssp): this CPU's lock count for ssp->srcu_idx & 1, then "
                     "smp_mb() (B); returns the index"));
  for (const char* n : {"srcu_read_unlock", "srcu_up_read"})
    t.push_back(call(n, UopKind::Syscall, kSysSrcuReadUnlock, 2,
                     "__srcu_read_unlock(ssp, idx): smp_mb() (C), then this CPU's unlock count "
                     "for idx (srcu_up_read may run on another CPU than srcu_down_read)"));
  for (const char* n : {"synchronize_srcu", "synchronize_srcu_expedited"})
    t.push_back(call(n, UopKind::Syscall, kSysSynchronizeSrcu, 1,
                     "an SRCU grace period of ssp: wait for the readers of the unused index, "
                     "flip ssp->srcu_idx, wait for the readers of the old one"));
  {
    Primitive p;
    p.name = "smp_mb__after_srcu_read_unlock";
    p.shape = PrimShape::Fence;  // no micro-ops
    p.doc = "nothing, as in include/linux/srcu.h: srcu_read_unlock() already executes "
            "smp_mb() (C), a full barrier between what precedes and what follows it";
    t.push_back(p);
  }
  for (const auto& [name, value] : constants())
    t.push_back(constant_primitive(name, value, "constant " + std::to_string(value)));
  return t;
}

PrimitiveTable build_intrinsics() {
  PrimitiveTable t;
  t.push_back(call("__this_cpu", UopKind::KCall, kThisCpu, 0, "smp_processor_id()"));
  t.push_back(call("__task_switched", UopKind::KCall, kTaskSwitched, 0,
                   "whether __schedule() switched to another task (switch_to() ran)"));
  t.push_back(call("__mm_drop", UopKind::KCall, kMmDrop, 0,
                   "current->mm = NULL: the running task has no mm from now on"));
  t.push_back(call("__mm_use", UopKind::KCall, kMmUse, 0,
                   "current->mm = the kernel thread's adopted mm; returns its id"));
  t.push_back(call("__mm_exec", UopKind::KCall, kMmExec, 0,
                   "current->mm = the exec'ing thread's new mm; returns its id"));
  t.push_back(call("__nr_cpus", UopKind::KCall, kNrCpus, 0, "num_online_cpus()"));
  t.push_back(call("__current_mm", UopKind::KCall, kCurrentMm, 0, "current->mm (an id)"));
  t.push_back(call("__active_mm", UopKind::KCall, kActiveMm, 0,
                   "current->active_mm (an id): a kernel thread's or idle's borrowed mm"));
  t.push_back(call("__ipi_mark", UopKind::KCall, kIpiMark, 1, "__cpumask_set_cpu(cpu, mask)"));
  Primitive flush = call("__ipi_flush", UopKind::KCall, kIpiFlush, 2,
                         "arch_send_call_function_ipi_mask(mask) with the given handler and "
                         "info (the handler's arg2; default 0)");
  flush.min_args = 1;
  t.push_back(flush);
  t.push_back(call("__mm_state_or", UopKind::KCall, kMmStateOr, 1,
                   "mirror of mm->membarrier_state for the permission checks: atomic_or"));
  t.push_back(call("__eqs_exit", UopKind::KCall, kEqsExit, 1, "rcu_*_exit: leaving an EQS?"));
  t.push_back(call("__eqs_enter", UopKind::KCall, kEqsEnter, 1, "rcu_*_enter: entering an EQS?"));
  t.push_back(call("__gp_request", UopKind::KCall, kGpRequest, 0, "request a grace period"));
  t.push_back(call("__gp_wait", UopKind::KCall, kGpWait, 1, "wait_for_completion()"));
  t.push_back(call("__need_resched", UopKind::KCall, kNeedResched, 0,
                   "scheduler_tick(): preempt the running task?"));
  t.push_back(call("__preempt_disable", UopKind::KCall, kPreemptDisable, 0, "preempt_count++"));
  t.push_back(call("__pick_next", UopKind::KCall, kPickNext, 0,
                   "pick_next_task() and switch_to(): the next task's mm"));
  t.push_back(call("__sched_eqs", UopKind::KCall, kSchedEqs, 0,
                   "rcu_idle_enter() / user_enter() for the new context: EQS?"));
  t.push_back(call("__exp_report_now", UopKind::KCall, kExpReportNow, 1,
                   "rcu_exp_handler: outside a reader, report now; else defer"));
  t.push_back(call("__exp_deferred", UopKind::KCall, kExpDeferred, 0,
                   "the expedited QS owed at the end of the reader (caller + 1, or 0)"));
  t.push_back(call("__preempt_enable", UopKind::KCall, kPreemptEnable, 0, "preempt_count--"));
  t.push_back(call("__sleep_jiffies", UopKind::KCall, kSleepJiffies, 1,
                   "schedule_timeout_uninterruptible(jiffies): block, wake a0 jiffies later"));
  return t;
}

}  // namespace

const PrimitiveTable& user_primitives() {
  static const PrimitiveTable t = build_user();
  return t;
}

const PrimitiveTable& intrinsics() {
  static const PrimitiveTable t = build_intrinsics();
  return t;
}

}  // namespace mmsim::kernel

// The kernel code's fault-injection switches.
#pragma once

namespace mmsim::kernel {

// Every barrier, IPI and check of the kernel's code that fault injection can remove (one
// `--set` parameter each, kernel_config.cpp; `mmsim list mutations`). All true: the kernel
// as written. Removing one must make the failure it prevents observable in some scenario.
struct CodeSwitches {
  bool mb_after_spinlock = true;  // sched: smp_mb__after_spinlock() before the rq->curr store
  bool mb_after_switch = true;    // sched: the arch's barrier after it (switch_mm, ...)
  bool exit_mm_mb = true;         // exit_mm(): smp_mb__after_spinlock() before mm = NULL (5.10+)
  bool kthread_use_mm_mb = true;  // kthread_use_mm(): the full barrier after mm = mm
  bool kthread_unuse_mm_mb = true;  // kthread_unuse_mm(): smp_mb__after_spinlock() (5.10+)
  bool memb_mb_before = true;     // membarrier: smp_mb (A) before the rq->curr scan
  bool memb_mb_after = true;      // membarrier: smp_mb (B) after the IPIs
  bool memb_ipi = true;           // membarrier: the expedited commands IPI the selected CPUs
  bool memb_ipi_wait = true;      // membarrier: smp_call_function_many(..., wait=1)
  bool ipi_handler_mb = true;     // membarrier: ipi_mb()'s smp_mb()
  bool tick_qs_mb = true;         // rcu: the tick's QS report under the rnp lock (a full barrier)
  bool dynticks_atomic = true;    // rcu: EQS entry/exit bump dynticks with a fully ordered atomic
  bool gp_wait = true;            // rcu: synchronize_sched() waits for the grace period
  bool fqs_check = true;          // rcu: the FQS scan waits for CPUs neither quiescent nor in EQS
  bool exp_ipi = true;            // rcu: synchronize_sched_expedited() IPIs non-EQS CPUs
  bool exp_defer = true;          // rcu: a reader defers the expedited QS to its end
  bool srcu_read_mb = true;       // srcu: smp_mb (B) after __srcu_read_lock's increment
  bool srcu_unlock_mb = true;     // srcu: smp_mb (C) before __srcu_read_unlock's increment
  bool srcu_gp_wait = true;       // srcu: synchronize_srcu() rescans until the readers are gone
};

}  // namespace mmsim::kernel

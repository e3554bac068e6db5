// sys_membarrier()'s decision logic (KERNEL.md §1): given the era, the system and the calling
// mm's registration state, what a membarrier(cmd, flags[, cpu_id]) call does — return at once,
// or run which mechanism. The mechanisms run as micro-ops on the simulated cores
// (kernel_model/membarrier.cpp); nothing here orders memory, so every rule can be unit-tested
// against the kernel source without a simulation.
#pragma once
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "kernel_model/kernel_era.h"

namespace mmsim::kernel {

// include/uapi/linux/membarrier.h `enum membarrier_cmd` (KERNEL.md §1.1).
enum Cmd : int {
  kQuery = 0,
  kGlobal = 1 << 0,  // MEMBARRIER_CMD_SHARED before 4.16
  kGlobalExpedited = 1 << 1,
  kRegisterGlobalExpedited = 1 << 2,
  kPrivateExpedited = 1 << 3,
  kRegisterPrivateExpedited = 1 << 4,
  kPrivateExpeditedSyncCore = 1 << 5,
  kRegisterPrivateExpeditedSyncCore = 1 << 6,
  kPrivateExpeditedRseq = 1 << 7,
  kRegisterPrivateExpeditedRseq = 1 << 8,
  kGetRegistrations = 1 << 9,
};
constexpr int kFlagCpu = 1 << 0;  // MEMBARRIER_CMD_FLAG_CPU

// mm->membarrier_state bits (include/linux/sched/mm.h MEMBARRIER_STATE_*, KERNEL.md §1.5).
// The non-READY "intent" bits are what the scheduler side reads (powerpc switch_mm,
// rq->membarrier_state); READY is what the caller-side permission check reads.
enum MmState : unsigned {
  kStPrivateExpeditedReady = 1u << 0,
  kStPrivateExpedited = 1u << 1,
  kStGlobalExpeditedReady = 1u << 2,
  kStGlobalExpedited = 1u << 3,
  kStSyncCoreReady = 1u << 4,
  kStSyncCore = 1u << 5,
  kStRseqReady = 1u << 6,
  kStRseq = 1u << 7,
};

// errno values as the syscall returns them.
constexpr long kEPERM = -1, kENOMEM = -12, kEINVAL = -22, kENOSYS = -38;

// MEMBARRIER_CMD_* names as C litmus code writes them (SHARED is GLOBAL's pre-4.16 name);
// std::nullopt if unknown.
std::optional<int> constant_value(const std::string& name);
const std::vector<std::pair<std::string, int>>& constants();

struct CallContext {
  Era era = Era::V6_8;
  bool nohz_full_enabled = false;  // tick_nohz_full_enabled(): some CPU in kernel.nohz_full
  bool nohz_guard = true;  // false: the nohz_full refusal is removed (KERNEL.md §1.3 step 1)
  int cpus_online = 1;
  int mm_users = 1;        // threads/processes sharing the caller's mm
  unsigned mm_state = 0;   // caller's mm->membarrier_state
  bool arch_sync_core = true;   // CONFIG_ARCH_HAS_MEMBARRIER_SYNC_CORE
  bool rseq_supported = true;   // CONFIG_RSEQ
  // Additions for the KERNEL.md §1.6 rows the fields above cannot reach:
  bool membarrier_configured = true;  // CONFIG_MEMBARRIER=n: sys_ni_syscall, -ENOSYS
  bool cpumask_alloc_fails = false;   // zalloc_cpumask_var() fails (-ENOMEM 5.4+; per-CPU
                                      // IPIs 4.14–5.3)
};

enum class Mechanism {
  None,                      // return `ret` at once
  SynchronizeSched,          // GLOBAL: RCU-sched grace period (synchronize_rcu() 5.0+)
  GlobalExpedited,           // IPI CPUs whose current mm registered GLOBAL_EXPEDITED (not own)
  PrivateExpedited,          // IPI CPUs running the caller's mm (not own), ipi_mb
  PrivateExpeditedSyncCore,  // same + core serialisation; 5.11+ own CPU too
  PrivateExpeditedRseq,      // same, ipi_rseq
  Register,                  // set intent bits, make the scheduler see them, set READY bits
};

enum class RegisterSync {
  None,              // 4.14 (atomic OR only); 4.16–5.3 single-user mm
  SynchronizeSched,  // 4.16–5.3 multi-user mm
  SyncRunqueues,     // 5.4+ sync_runqueues_membarrier_state(): single user (or one CPU) →
                     // this rq + smp_mb; else synchronize_rcu() + ipi_sync_rq_state IPIs
};

// Which handler the expedited IPIs run (KERNEL.md §1.4 step 8). The Mechanism names the
// command; the handler changed under it in 5.11, so the caller reads it from here.
enum class IpiHandler {
  None,
  Mb,        // ipi_mb: smp_mb(); also SYNC_CORE 4.16–5.10, relying on the exception return
  SyncCore,  // ipi_sync_core (5.11+): smp_mb() + sync_core_before_usermode()
  Rseq,      // ipi_rseq: rseq_preempt(), preceded by smp_mb() only from 5.11 (handler_mb)
};

struct Decision {
  Mechanism mechanism = Mechanism::None;
  // 0, a QUERY/GET_REGISTRATIONS mask, or -errno. With Mechanism::Register and ret < 0
  // (-ENOMEM), the kernel has set the intent bits and returns without syncing or READY.
  long ret = 0;
  unsigned intent_bits = 0;  // Register: OR'd in before the sync
  unsigned ready_bits = 0;   // Register: OR'd in after the sync
  RegisterSync register_sync = RegisterSync::None;
  bool register_local = false;  // SyncRunqueues: single user or one CPU, this rq only
  // Expedited: the caller's own CPU is a target — SYNC_CORE 5.11+ (on_each_cpu_mask), and
  // RSEQ with FLAG_CPU naming the caller's CPU 5.11+ (smp_call_function_single runs locally).
  bool include_self = false;
  bool serialize_ipis = false;  // 6.8+: IPI phase under membarrier_ipi_mutex
  // 4.14–5.3 without a cpumask: each target is IPIed, and waited for, when the scan finds it
  // (smp_call_function_single(cpu, ..., 1)), not all at once after the scan.
  bool ipi_each = false;
  // RSEQ with FLAG_CPU and cpu_id >= 0: only this CPU, and only if it is online and running
  // the caller's mm; otherwise nothing is IPIed but (A)/(B) still run (kernel `goto out`).
  int target_cpu = -1;
  bool leading_mb = false, trailing_mb = false;  // smp_mb (A)/(B) around expedited mechanisms
  IpiHandler handler = IpiHandler::None;
  bool handler_mb = false;  // the handler executes an explicit smp_mb()
};

Decision decide(const CallContext& ctx, int cmd, int flags, int cpu_id = 0);
// The QUERY result: MEMBARRIER_CMD_BITMASK of the era and config, minus GLOBAL on nohz_full.
long query_mask(const CallContext& ctx);
// Every command the era's kernel knows (MEMBARRIER_CMD_BITMASK with all config options on).
int era_command_mask(Era era);
// membarrier_get_registrations(): the REGISTER_* command of every state pair with any bit set.
long registrations_mask(unsigned mm_state);
// One line for traces: "PrivateExpedited (IPI, wait)", "-EPERM: not registered".
std::string describe(const Decision& d);
// "-EPERM" etc. for the errno values above; the number otherwise.
std::string errno_name(long ret);

}  // namespace mmsim::kernel

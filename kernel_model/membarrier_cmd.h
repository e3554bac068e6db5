// sys_membarrier()'s decision logic (KERNEL.md §1): given the era, the system and the calling
// mm's registration state, what a membarrier(cmd, flags) call does — return at once, or run
// which mechanism. The mechanisms themselves run as kernel code on the simulated cores
// (kernel_code.cpp); nothing here orders memory.
#pragma once
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "kernel_model/kernel_era.h"

namespace mmsim::kernel {

enum Cmd : int {
  kQuery = 0,
  kGlobal = 1 << 0,
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

// mm->membarrier_state bits (the kernel's MEMBARRIER_STATE_*).
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

// MEMBARRIER_CMD_* names as C litmus code writes them (SHARED is GLOBAL's old name).
std::optional<int> constant_value(const std::string& name);
const std::vector<std::pair<std::string, int>>& constants();

struct CallContext {
  Era era = Era::V6_8;
  bool nohz_full_enabled = false;
  bool nohz_guard = true;  // false: the refusal of GLOBAL on nohz_full is removed
  int cpus_online = 1;
  int mm_users = 1;
  unsigned mm_state = 0;
  bool arch_sync_core = true;
  bool rseq_supported = true;
};

enum class Mechanism {
  None,                      // return `ret` at once
  SynchronizeSched,          // GLOBAL: an RCU-sched grace period
  GlobalExpedited,           // IPI CPUs whose current mm registered GLOBAL_EXPEDITED
  PrivateExpedited,          // IPI CPUs running the caller's mm, handler ipi_mb
  PrivateExpeditedSyncCore,  // same, handler ipi_sync_core
  PrivateExpeditedRseq,      // same, handler ipi_rseq
  Register,                  // set intent bits, sync, set READY bits
};

enum class RegisterSync { None, SynchronizeSched, SyncRunqueues };

struct Decision {
  Mechanism mechanism = Mechanism::None;
  long ret = 0;
  unsigned intent_bits = 0;
  unsigned ready_bits = 0;
  RegisterSync register_sync = RegisterSync::None;
  bool include_self = false;
  bool serialize_ipis = false;
  int target_cpu = -1;
  bool leading_mb = false, trailing_mb = false;
};

Decision decide(const CallContext& ctx, int cmd, int flags, int cpu_id = 0);
long query_mask(const CallContext& ctx);
std::string describe(const Decision& d);

}  // namespace mmsim::kernel

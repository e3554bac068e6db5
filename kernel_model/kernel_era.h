// Kernel versions whose membarrier/RCU behaviour differs (KERNEL.md §1.2). One value per
// behaviour change the simulator reproduces, not per release: an era stands for every kernel
// from that version up to the next listed one.
#pragma once
#include <optional>
#include <string>
#include <vector>

namespace mmsim::kernel {

// Ordered in time, so `era >= Era::V5_4` reads as "5.4 or later".
enum class Era {
  V4_3,   // kernel/membarrier.c: QUERY + SHARED only; silently broken on nohz_full
  V4_9,   // late-2016 fix: whole syscall -ENOSYS on nohz_full (stable-backported)
  V4_14,  // kernel/sched/membarrier.c: PRIVATE_EXPEDITED + registration, GLOBAL -EINVAL on nohz_full
  V4_16,  // GLOBAL_EXPEDITED, SYNC_CORE, registration waits for synchronize_sched()
  V5_4,   // rq->membarrier_state, sync_runqueues_membarrier_state(), mm_users == 1 short-cut, -ENOMEM
  V5_10,  // RSEQ + MEMBARRIER_CMD_FLAG_CPU
  V5_11,  // Lutomirski fixes: ipi_sync_core on own CPU too, ipi_rseq smp_mb
  V6_8,   // SERIALIZE_IPI mutex (CVE-2024-26602); GET_REGISTRATIONS (6.3) also present
};

// Parses "4.3", "4.9", "4.14", "4.16", "5.4", "5.10", "5.11", "6.8"; std::nullopt otherwise.
std::optional<Era> parse_era(const std::string& s);
std::string era_name(Era e);
// In enum order, for the kernel.era parameter's choices.
const std::vector<std::string>& era_names();

}  // namespace mmsim::kernel

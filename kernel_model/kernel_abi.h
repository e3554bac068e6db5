// Numbers shared by the kernel's primitive tables and its system-call / intrinsic dispatch.
#pragma once
#include <cstdint>

namespace mmsim::kernel {

// Syscall uop codes (user C code → kernel).
enum Sys : std::uint16_t {
  kSysMembarrier = 1,  // membarrier(cmd, flags[, cpu_id])
  kSysSmpMemb = 2,     // smp_memb(): membarrier(membarrier.smp_memb, 0)
};

// KCall uop codes (kernel code → kernel model intrinsics).
enum Intrinsic : std::uint16_t {
  kThisCpu = 1,      // the executing CPU's number
  kNrCpus = 2,       // CPUs online
  kCurrentMm = 3,    // mm id of the task this kernel code runs for (0: kernel thread)
  kIpiMark = 4,      // a0 = target CPU: add it to this CPU's pending IPI mask
  kIpiFlush = 5,     // a0 = handler: send the marked IPIs
  kMmStateSet = 6,   // a0 = new membarrier_state of the current mm (bookkeeping mirror)
};

// IPI handlers.
enum Handler : std::uint16_t {
  kIpiMb = 1,        // ipi_mb: smp_mb()
  kIpiSyncCore = 2,  // ipi_sync_core: smp_mb() + sync_core_before_usermode()
};

}  // namespace mmsim::kernel

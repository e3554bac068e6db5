// What the kernel adds to the C dialect: for tests, the system calls (membarrier, smp_memb)
// and MEMBARRIER_CMD_* constants; for the kernel's own code, its intrinsics.
#pragma once
#include "sim/arch/primitive_table.h"

namespace mmsim::kernel {

const PrimitiveTable& user_primitives();
const PrimitiveTable& intrinsics();

}  // namespace mmsim::kernel

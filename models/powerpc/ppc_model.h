// The powerpc bundle: POWER's non-multi-copy-atomic ordering (PpcOrdering on the speculating
// core, PropagatingStorage), the herd7 PPC litmus dialect, and the kernel primitive table
// after arch/powerpc's barrier, synch and atomic headers.
#pragma once
#include <memory>

#include "sim/arch/i_arch_model.h"

namespace mmsim::powerpc {

std::unique_ptr<IArchModel> make_model();

}  // namespace mmsim::powerpc

// The arm64 bundle: ARMv8 other-multi-copy-atomic ordering on the speculating core,
// multi-copy-atomic storage, the herd7 AArch64 litmus dialect, and the kernel primitive table
// after arch/arm64's barrier and atomic headers.
#pragma once
#include <memory>

#include "sim/arch/i_arch_model.h"

namespace mmsim::arm64 {

std::unique_ptr<IArchModel> make_model();

}  // namespace mmsim::arm64

// The x86 bundle: TSO ordering, multi-copy-atomic storage, the X86 (Intel syntax) and X86_64
// (AT&T syntax) litmus dialects, and the kernel primitive table.
#pragma once
#include <memory>

#include "sim/arch/i_arch_model.h"

namespace mmsim::x86 {

std::unique_ptr<IArchModel> make_model();

}  // namespace mmsim::x86

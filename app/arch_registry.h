// The archs this build knows, in one explicit list.
#pragma once
#include "sim/arch/i_arch_model.h"

namespace mmsim {

ArchRegistry make_arch_registry();

}  // namespace mmsim

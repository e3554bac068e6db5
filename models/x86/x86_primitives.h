// LKMM / kernel primitive → x86 micro-ops, following arch/x86/include/asm/barrier.h and
// atomic.h: TSO already orders everything except store→load, so only smp_mb() and the
// locked RMWs cost anything.
#pragma once
#include "sim/arch/primitive_table.h"

namespace mmsim::x86 {

const PrimitiveTable& primitives();

}  // namespace mmsim::x86

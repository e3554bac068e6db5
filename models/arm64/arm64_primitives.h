// LKMM / kernel primitive → arm64 micro-ops, following the Linux arm64 headers with the LSE
// atomics (ARMv8.1+): arch/arm64/include/asm/barrier.h (DMB ISH/ISHLD/ISHST, LDAR, STLR),
// atomic_lse.h and cmpxchg.h (SWP, CAS, LDADD, STADD with their A/L/AL forms), the entry
// code's ERET, __switch_to()'s DSB ISH and the GICv3 IPI path's DSB ISHST. Same names, shapes
// and argument orders as the x86 table (models/x86/x86_primitives.h); each entry's doc names
// the kernel source it follows.
#pragma once
#include "sim/arch/primitive_table.h"

namespace mmsim::arm64 {

const PrimitiveTable& primitives();

}  // namespace mmsim::arm64

// The powerpc (64-bit, Book3S) kernel primitive table: C primitives lowered after
// arch/powerpc/include/asm/barrier.h, synch.h, cmpxchg.h and atomic.h. Same names, shapes and
// argument orders as every other arch's table.
#pragma once
#include "sim/arch/primitive_table.h"

namespace mmsim::powerpc {

const PrimitiveTable& primitives();

}  // namespace mmsim::powerpc

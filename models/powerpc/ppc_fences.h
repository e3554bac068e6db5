// PowerPC fence codes carried by MicroOp::fence; interpreted only by a PowerPC ordering policy.
#pragma once
#include <cstdint>

namespace mmsim::powerpc {

enum Fence : std::uint8_t {
  kCompiler = 0,  // barrier(): no instruction
  kSync = 1,      // sync / hwsync: every earlier access before every later access (cumulative)
  kLwsync = 2,    // lwsync: orders R->R, R->W, W->W (not W->R)
  kEieio = 3,     // eieio: orders W->W (to cacheable memory)
  kIsync = 4,     // isync: context synchronization; with a preceding ctrl dependency, orders R->R
};

}  // namespace mmsim::powerpc

// powerpc fence codes carried by MicroOp::fence; interpreted only by the powerpc ordering
// policy.
#pragma once
#include <cstdint>

namespace mmsim::powerpc {

enum Fence : std::uint8_t {
  kCompiler = 0,  // barrier(): no instruction
  kSync = 1,      // sync (hwsync): cumulative; every earlier access before every later one
  kLwsync = 2,    // lwsync: cumulative; orders all but an earlier store before a later load
  kEieio = 3,     // eieio: orders earlier stores before later stores (cacheable memory)
  kIsync = 4,     // isync: context-synchronizing; after a control dependency orders loads
};

}  // namespace mmsim::powerpc

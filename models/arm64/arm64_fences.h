// arm64 fence codes carried by MicroOp::fence; interpreted only by Arm64Ordering.
// Shareability domains (SY, ISH, OSH, NSH) are one domain here: every simulated core is in
// the inner-shareable domain, so DMB SY and DMB ISH order the same accesses.
#pragma once
#include <cstdint>

namespace mmsim::arm64 {

enum Fence : std::uint8_t {
  kCompiler = 0,  // barrier(): no instruction
  kDmbFull = 1,   // DMB SY/ISH/OSH/NSH: every earlier access before every later access
  kDmbLd = 2,     // DMB LD/ISHLD/...: earlier loads before every later access
  kDmbSt = 3,     // DMB ST/ISHST/...: earlier stores before later stores
  kIsb = 4,       // ISB: context synchronization; later instructions are fetched again
  kDsbFull = 5,   // DSB SY/ISH: as DMB SY, and later instructions wait for it to complete
  kEret = 6,      // ERET: exception return, context-synchronizing like ISB (no memory order)
};

}  // namespace mmsim::arm64

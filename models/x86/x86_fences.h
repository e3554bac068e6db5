// x86 fence codes carried by MicroOp::fence; interpreted only by X86Ordering.
#pragma once
#include <cstdint>

namespace mmsim::x86 {

enum Fence : std::uint8_t {
  kCompiler = 0,  // barrier(), smp_rmb(), smp_wmb(): no instruction on x86 (TSO orders them)
  kMfence = 1,    // MFENCE: waits for the store buffer to drain; later loads wait for it
  kLfence = 2,    // LFENCE: later instructions wait for earlier loads (no store-buffer effect)
  kSfence = 3,    // SFENCE: orders stores; a no-op for ordinary WB stores under TSO
  kSerialize = 4, // serializing instruction (IRET, CPUID): drains the store buffer like MFENCE
                  // and refetches later instructions (SDM vol. 3A §8.3)
};

}  // namespace mmsim::x86

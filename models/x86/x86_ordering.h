// x86-TSO from mechanism (Intel SDM vol. 3 §8.2; Owens, Sarkar, Sewell "A better x86 memory
// model: x86-TSO"): loads take their values in program order; stores leave a FIFO store
// buffer in program order; a load may bypass older buffered stores (the only relaxation),
// forwarding from its own buffer. MFENCE and LOCK'd RMWs wait for the buffer to drain, and
// later loads wait for them.
#pragma once
#include "sim/cpu/i_ordering_policy.h"

namespace mmsim::x86 {

class X86Ordering final : public IOrderingPolicy {
 public:
  bool may_issue(const CoreView& v, std::size_t i) const override;
  bool may_retire(const CoreView& v) const override;
  bool may_drain(const StoreBuffer& sb, std::size_t k) const override { return k == 0; }
};

}  // namespace mmsim::x86

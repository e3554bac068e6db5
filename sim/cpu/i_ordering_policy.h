// Contract for an arch's ordering policy (models/<arch>/<arch>_ordering). The generic Core
// asks it, never an arch name, what may happen out of program order.
//
// - may_issue(v, i): called each cycle for a Waiting entry i (0 = oldest in the window) whose
//   register operands are ready. For a Load: may it take its value now? For an Rmw: may it
//   start its atomic access? For a Fence/Store/Alu/Branch: may it be executed now? Must only
//   read `v`; returning false just retries next cycle.
// - may_retire(v): called for the oldest entry once it is Done. Fences that wait for the store
//   buffer to drain say false here until it has.
// - may_drain(sb, k): may store-buffer entry k (0 = oldest) start propagating to memory? The
//   core also requires the entry's residency to have elapsed and never drains a store before
//   an older store to the same address (coherence).
// Policies are stateless: one instance may serve every core.
#pragma once
#include <cstddef>

#include "sim/cpu/store_buffer.h"
#include "sim/cpu/window_entry.h"

namespace mmsim {

struct CoreView {
  const WindowEntry* entries = nullptr;  // oldest first
  std::size_t count = 0;
  const StoreBuffer* sb = nullptr;
};

class IOrderingPolicy {
 public:
  virtual ~IOrderingPolicy() = default;
  virtual bool may_issue(const CoreView& v, std::size_t i) const = 0;
  virtual bool may_retire(const CoreView& v) const = 0;
  virtual bool may_drain(const StoreBuffer& sb, std::size_t k) const = 0;
};

}  // namespace mmsim

// Contract for an arch's ordering policy (models/<arch>/<arch>_ordering). The generic Core
// asks it, never an arch name, what may happen out of program order, and tells it of the
// events it may react to (lifecycle hooks). Policies are stateless: one instance serves every
// core; what they decide from is the CoreView (the window, the store buffer, memory).
//
// What the core guarantees on its own, whatever the policy says (coherence and
// non-speculation, the same on every arch): a load forwards from the youngest older store to
// its address and waits for older stores with unknown addresses; a load that took its value
// from memory is replayed when the policy says so after another core wrote its line; stores
// to one address reach the store buffer and memory in program order; Rmw, StoreCond, KCall
// and Syscall act only as the oldest entry; a store reaches the buffer before it retires only
// when it can no longer be squashed (every older branch resolved, every older access's
// address known, no older load exposed to a replay, no older refetching fence).
//
// - speculation(): what the arch's cores do speculatively (x86: nothing).
// - may_issue(v, i): called each cycle for a Waiting entry i (0 = oldest in the window) whose
//   operands are ready. Load: may it take its value now? Rmw/StoreCond: may it perform its
//   access? Fence: may it complete? Must only read `v`; false retries next cycle.
// - may_commit_early(v, i): Done store i meets the core's conditions above; may it enter the
//   store buffer now, before it retires (LB)? Only asked when speculation().early_store_commit.
// - may_retire(v): the oldest entry is Done; may it retire? (Fences waiting for older stores
//   to become visible say false until they have.)
// - on_retire(op): what retiring `op` does to the core: refetch (context synchronization: the
//   younger instructions are squashed and fetched again) and/or close_store_epoch (later stores
//   must not become visible before the buffer's current entries).
// - may_drain(sb, k): may store-buffer entry k (0 = oldest to enter) start to become visible?
//   The core also requires the entry's residency to have elapsed and never drains a store
//   before an older store to the same address.
// - commits_barrier(op): a Fence that enters storage as a cumulative barrier
//   (IStorage::commit_barrier) when it is the oldest entry and the store buffer is empty; its
//   WindowEntry::barrier then names it, and may_retire may wait for it to be acknowledged
//   (v.memory->acknowledged). Multi-copy-atomic archs need none.
// - awaits_barrier(op): such a barrier retires only once acknowledged (the core checks), and
//   storage pushes out what it holds back of the barrier's group A (powerpc's sync).
// - orders_stores_only(op): such a barrier may enter storage before older loads have their
//   values — once every older store has (and nothing older is unresolved but loads):
//   powerpc's eieio, which orders stores with stores only.
// - replay_on_write(v, i): Done load i took its value from memory and what this core reads at
//   its address has since changed (another core's write reached it: IStorage::version); must
//   it take its value again (squashed with everything younger and fetched again)? Only asked
//   when speculation().out_of_order_loads and not precise_dependencies (then the core restarts
//   a younger load itself, when an older one of its address reads a newer write).
#pragma once
#include <cstddef>

#include "sim/cpu/store_buffer.h"
#include "sim/cpu/window_entry.h"
#include "sim/mem/i_storage.h"

namespace mmsim {

struct CoreView {
  const WindowEntry* entries = nullptr;  // oldest first
  std::size_t count = 0;
  const StoreBuffer* sb = nullptr;
  const IStorage* memory = nullptr;      // the value side of memory as this core sees it
};

struct Speculation {
  bool predict_branches = false;    // fetch follows a predicted path instead of waiting
  bool early_store_commit = false;  // stores may enter the buffer before they retire
  bool out_of_order_loads = false;  // loads may take values out of order (replay checks on)
  // A replayed load redoes in place only itself and what took values from it (loads, ALU
  // results, branches; squashing from a dependent store or atomic: POWER restarts a read and
  // its dependents, not everything after it); a store enters the buffer once its values, older
  // branches and older addresses are final; a store with unknown data holds back only
  // accesses to its address, and a load goes past a store with an unknown address (replayed
  // if it turns out to be the load's).
  bool precise_dependencies = false;
};

struct RetireEffect {
  bool refetch = false;            // squash every younger entry and fetch it again
  bool close_store_epoch = false;  // later stores drain only after the buffer's current ones
};

class IOrderingPolicy {
 public:
  virtual ~IOrderingPolicy() = default;
  virtual Speculation speculation() const { return {}; }
  virtual bool may_issue(const CoreView& v, std::size_t i) const = 0;
  virtual bool may_commit_early(const CoreView& v, std::size_t i) const { return false; }
  virtual bool may_retire(const CoreView& v) const = 0;
  virtual RetireEffect on_retire(const MicroOp& op) const { return {}; }
  virtual bool may_drain(const StoreBuffer& sb, std::size_t k) const = 0;
  virtual bool replay_on_write(const CoreView& v, std::size_t i) const { return false; }
  virtual bool commits_barrier(const MicroOp& op) const { return false; }
  virtual bool awaits_barrier(const MicroOp& op) const { return false; }
  virtual bool orders_stores_only(const MicroOp& op) const { return false; }
};

}  // namespace mmsim

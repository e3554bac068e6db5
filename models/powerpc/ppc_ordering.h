// POWER (non-multi-copy-atomic) ordering from mechanism, after Sarkar, Sewell, Alglave,
// Maranget, Williams, "Understanding POWER Multiprocessors" (PLDI 2011), on the speculating
// core and PropagatingStorage:
// - loads take values in any order (speculatively, replayed for CoRR) except behind an
//   unretired sync, or behind an lwsync while an older read has no value;
// - stores may enter the buffer before older loads have their values (LB) unless a sync or
//   lwsync before them is unretired or an eieio has not entered storage (it does once older
//   stores have: orders_stores_only); the buffer drains out of order across
//   addresses; sync, lwsync and eieio close a store epoch (later stores drain after earlier);
// - sync, lwsync and eieio are committed to storage as cumulative barriers (commits_barrier:
//   as the oldest entry with an empty buffer, so every earlier access is done); sync retires
//   only once storage acknowledges it (awaits_barrier: it reached every core), so nothing
//   after it runs before; lwsync and eieio do not wait: an earlier store may still reach
//   others after a later load reads (eieio is treated as cumulative for stores, which can
//   only hide outcomes);
// - dependencies, replays and the commit conditions of stores (a load forwarded from a store
//   not final while an older load of its address has no value: the DETOUR tests) are the
//   core's precise_dependencies;
// - isync is context-synchronizing: at retire, younger instructions are squashed and fetched
//   again, so ctrl+isync orders a later load;
// - lwarx/stwcx. through the core's reservation monitor.
#pragma once
#include "sim/cpu/i_ordering_policy.h"

namespace mmsim::powerpc {

class PpcOrdering final : public IOrderingPolicy {
 public:
  Speculation speculation() const override { return {true, true, true, true}; }
  bool may_issue(const CoreView& v, std::size_t i) const override;
  bool may_commit_early(const CoreView& v, std::size_t i) const override;
  bool may_retire(const CoreView&) const override { return true; }
  bool awaits_barrier(const MicroOp& op) const override;
  bool orders_stores_only(const MicroOp& op) const override;
  RetireEffect on_retire(const MicroOp& op) const override;
  bool may_drain(const StoreBuffer& sb, std::size_t k) const override;
  bool commits_barrier(const MicroOp& op) const override;
};

}  // namespace mmsim::powerpc

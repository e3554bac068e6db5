// Non-multi-copy-atomic storage (powerpc): the timed counterpart of the storage subsystem of
// Sarkar, Sewell, Alglave, Maranget, Williams, "Understanding POWER Multiprocessors" (PLDI
// 2011). A write that leaves a core's store buffer joins its location's coherence order (the
// order writes reach storage) and is seen by its own core at once; it reaches every other core
// at its own time, later. Barriers (sync, lwsync) are committed to storage too and propagate
// like writes, with the cumulativity rules that make them a protocol:
// - a barrier's group A is every write its core had seen when it was committed (its own and
//   other cores'); it reaches core d only once every write of group A has reached d;
// - a write or barrier committed by core c reaches core d only after every barrier that had
//   reached c before it (c's own and, cumulatively, other cores' barriers: PLDI's "propagate
//   write" rule, which gives B-cumulativity — ISA2+eieio+addr+lwsync);
// - a core never sees a location go backwards in coherence order: a write reaching a core
//   that already sees a coherence-later one changes nothing there;
// - a barrier is acknowledged once it has reached every core (what sync waits for).
// Contract (besides IStorage): write_at() draws each other core's propagation delay in
// [min_delay, max_delay] from the trial's generator; with `explore`, it also holds some
// propagations back (each destination core draws, per trial, the share it holds: 0, 1/4, 1/2
// or 3/4) until that core asks for the line (touch) or kHoldBound cycles pass — the
// adversary that lets one core read a value long after another saw it; the timed write() and commit_barrier()
// take the delays from the caller (`delays[d]`, cycles after `now`, for each core d); tick(now)
// applies everything due by `now` whose prerequisites hold (the driver calls it once per
// cycle, before the cores read); next_event(now) is the earliest later cycle at which tick can
// change something, Cycle::never() if none.
#pragma once
#include <cstdint>
#include <vector>

#include "sim/mem/i_storage.h"

namespace mmsim {

class PropagatingStorage final : public IStorage {
 public:
  using BarrierId = std::uint64_t;
  static constexpr std::uint64_t kHoldBound = std::uint64_t{1} << 12;  // cycles
  explicit PropagatingStorage(std::size_t cpus, std::uint64_t min_delay = 1,
                              std::uint64_t max_delay = 1, bool explore = false)
      : cpus_(cpus), min_delay_(min_delay), max_delay_(max_delay), explore_(explore) {}

  void reset(const MemoryLayout& layout) override;
  Value read(CpuId c, Addr a) const override;
  // Untimed: every core sees the write at the next tick (the end-of-trial drain).
  void write(CpuId c, Addr a, Value v) override;
  void write_at(CpuId c, Addr a, Value v, Cycle now, Rng& rng) override;
  Value final_value(Addr a) const override;
  std::uint64_t version(CpuId c, Addr a) const override { return seen_by(c, a); }
  bool holds(Addr a) const override;
  bool latest(CpuId c, Addr a) const override { return seen_by(c, a) + 1 == co_[slot(a)].size(); }
  void touch(CpuId c, Addr a, Cycle now, Rng& rng) override;

  void write(CpuId c, Addr a, Value v, Cycle now, const std::vector<std::uint64_t>& delays);
  BarrierId commit_barrier(CpuId c, Cycle now, const std::vector<std::uint64_t>& delays);
  BarrierId commit_barrier(CpuId c, Cycle now, Rng& rng) override;
  bool acknowledged(BarrierId b) const override;
  // Whether core c sees write number `co` of `a`'s coherence order (0: the initial value).
  std::size_t seen_by(CpuId c, Addr a) const { return view_[c.raw()][slot(a)]; }
  void tick(Cycle now) override;
  Cycle next_event(Cycle now) const override;

 private:
  struct Pending {
    bool is_barrier = false;
    std::size_t loc = 0, co = 0;  // a write: its location and coherence position
    BarrierId barrier = 0;        // a barrier: its id
    std::size_t src = 0;          // the committing core...
    std::size_t prior = 0;        // ...and how many barriers had reached it (reach_order_)
    bool held = false;            // explore: waits for its core to ask for the line
    Cycle ready_at;
  };
  struct Barrier {
    std::vector<std::size_t> group_a;  // per location: the coherence position its core saw
    std::vector<bool> reached;         // per core
  };
  std::size_t slot(Addr a) const { return MemoryLayout::index_of(a); }
  bool can_apply(std::size_t d, const Pending& p) const;
  void apply(std::size_t d, const Pending& p);

  std::size_t cpus_;
  std::uint64_t min_delay_, max_delay_;
  bool explore_;
  std::vector<std::uint64_t> hold_permille_;          // per destination core, this trial
  std::vector<std::vector<Value>> co_;                // per location: values in coherence order
  std::vector<std::vector<std::size_t>> view_;        // per core, per location
  std::vector<std::vector<Pending>> pending_;         // per destination core
  std::vector<Barrier> barriers_;
  // Per core: the barriers that have reached it, in the order they did. Monotone, so a
  // pending item names its prerequisites by a prefix length instead of a copied set.
  std::vector<std::vector<BarrierId>> reach_order_;
};

}  // namespace mmsim

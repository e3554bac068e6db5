// Non-multi-copy-atomic storage (powerpc): the timed counterpart of the storage subsystem of
// Sarkar, Sewell, Alglave, Maranget, Williams, "Understanding POWER Multiprocessors" (PLDI
// 2011). A write that leaves a core's store buffer joins its location's coherence order and
// is seen by its own core at once; it reaches every other core at its own time, later. It
// joins the order after the last write its core sees, by default at the end: POWER settles
// coherence as writes propagate, so a write made later may be coherence-before one its core
// has not seen — but never just before an atomic's write (which follows the write it read),
// and (explore's choice) only while no barrier has reached its core. Barriers (sync, lwsync,
// eieio) are committed to storage too and propagate like writes, with the cumulativity rules
// that make them a protocol:
// - a barrier's group A is every write its core had seen when it was committed (its own and
//   other cores'); it reaches core d only once every write of group A has reached d;
// - a write or barrier committed by core c reaches core d only after every barrier that had
//   reached c before it (c's own and, cumulatively, other cores' barriers: PLDI's "propagate
//   write" rule, which gives B-cumulativity — ISA2+eieio+addr+lwsync);
// - a core never sees a location go backwards in coherence order: a write reaching a core
//   that already sees a coherence-later one changes nothing there (it was overtaken);
// - a barrier is acknowledged once it has reached every core (what sync waits for).
// Contract (besides IStorage): write_at() draws each other core's propagation delay in
// [min_delay, max_delay] from the trial's generator; with `explore`, it also holds some
// propagations back (each destination core draws, per trial, the share it holds: 0, 1/4, 1/2
// or 3/4) until that core asks for the line (touch) or kHoldBound cycles pass — the
// adversary that lets one core read a value long after another saw it — and places some
// writes (each core draws its share per trial: 0, 1/4 or 1/2) at a random allowed position
// in coherence order instead of at the end (so does write_at() with `now` never, the
// end-of-trial drain, whose write reaches every core at the next tick). With a goal
// (set_goal: timing.guided), a share of those choices (drawn per trial: 1/4 to all) follows it
// instead: a write is held from a core whose next wanted load of the location wants another
// value (or wants it only after the core's own write there), sent to one whose next load
// wants it, and placed before the first unseen write whose value is wanted (or last if its
// own is the final value wanted); touch() moves the core to its next wanted load once it read
// a wanted value and releases only the held writes that one wants; an awaited barrier does
// not push out writes held for the goal. The timed write()
// and commit_barrier() take the delays from the caller (`delays[d]`, cycles after `now`, for
// each core d); tick(now) applies everything due by `now` whose prerequisites hold (the
// driver calls it once per cycle, before the cores read); next_event(now) is the earliest
// later cycle at which tick can change something, Cycle::never() if none.
#pragma once
#include <cstdint>
#include <limits>
#include <vector>

#include "sim/mem/i_storage.h"

namespace mmsim {

class PropagatingStorage final : public IStorage {
 public:
  using BarrierId = std::uint64_t;
  static constexpr std::uint64_t kHoldBound = std::uint64_t{1} << 12;  // cycles
  static constexpr std::size_t kAtEnd = std::numeric_limits<std::size_t>::max();
  explicit PropagatingStorage(std::size_t cpus, std::uint64_t min_delay = 1,
                              std::uint64_t max_delay = 1, bool explore = false)
      : cpus_(cpus), min_delay_(min_delay), max_delay_(max_delay), explore_(explore) {}

  void reset(const MemoryLayout& layout) override;
  Value read(CpuId c, Addr a) const override;
  // Untimed: every core sees the write at the next tick (the end-of-trial drain).
  void write(CpuId c, Addr a, Value v) override;
  void write_at(CpuId c, Addr a, Value v, Cycle now, Rng& rng, bool atomic) override;
  Value final_value(Addr a) const override;
  // The id of the write core c sees: it changes exactly when what c reads at `a` does.
  std::uint64_t version(CpuId c, Addr a) const override { return view_[c.raw()][slot(a)]; }
  bool holds(Addr a) const override;
  bool latest(CpuId c, Addr a) const override;
  void touch(CpuId c, Addr a, Cycle now, Rng& rng) override;
  void set_user_locations(std::size_t n) override { user_locations_ = n; }
  void set_goal(const StorageGoal& g) override { goal_ = g; }

  // The timed write with its delays given (`delays[d]`: cycles after `now` to reach core d)
  // and its coherence position: it goes before the write now at `position` of a's coherence
  // order (kAtEnd: last). The position must follow the last write c sees and must not split
  // an atomic from the write it read.
  void write(CpuId c, Addr a, Value v, Cycle now, const std::vector<std::uint64_t>& delays,
             std::size_t position = kAtEnd, bool atomic = false);
  BarrierId commit_barrier(CpuId c, Cycle now, const std::vector<std::uint64_t>& delays);
  BarrierId commit_barrier(CpuId c, Cycle now, Rng& rng, bool awaited) override;
  bool acknowledged(BarrierId b) const override;
  // a's values in coherence order, the initial value first.
  std::vector<Value> coherence(Addr a) const;
  void tick(Cycle now) override;
  Cycle next_event(Cycle now) const override;

 private:
  // One location's writes, by id (0: the initial value), and their coherence order.
  struct Location {
    std::vector<Value> value;       // per id
    std::vector<bool> atomic;       // per id: written by an atomic (reads its predecessor)
    std::vector<std::size_t> rank;  // per id: position in `order`
    std::vector<std::size_t> order; // ids in coherence order
  };
  struct Pending {
    bool is_barrier = false;
    std::size_t loc = 0, id = 0;  // a write: its location and id
    BarrierId barrier = 0;        // a barrier: its id
    std::size_t src = 0;          // the committing core...
    std::size_t prior = 0;        // ...and how many barriers had reached it (reach_order_)
    bool held = false;            // explore: waits for its core to ask for the line
    bool guided = false;          // held for the goal: a sync waits for it (no push-out)
    Cycle ready_at;
  };
  struct Barrier {
    // Per location its core had seen a write to: (location, that write's id). The initial
    // value, first in coherence order for good, is in every view and needs no check.
    std::vector<std::pair<std::size_t, std::size_t>> group_a;
    std::vector<bool> reached;         // per core
  };
  std::size_t slot(Addr a) const { return MemoryLayout::index_of(a); }
  std::size_t rank_seen(std::size_t d, std::size_t l) const { return locs_[l].rank[view_[d][l]]; }
  bool can_apply(std::size_t d, const Pending& p) const;
  void apply(std::size_t d, const Pending& p);
  void draw_trial_shares(Rng& rng);

  std::size_t cpus_;
  std::uint64_t min_delay_, max_delay_;
  bool explore_;
  std::size_t user_locations_ = std::numeric_limits<std::size_t>::max();
  std::vector<std::uint64_t> hold_permille_;    // explore, per destination core, this trial
  std::vector<std::uint64_t> insert_permille_;  // explore, per writing core, this trial
  std::uint64_t guide_permille_ = 0;  // explore, this trial: how often goal_ decides
  StorageGoal goal_;
  // goal_'s values for (core d's reads | the final value) at location l; nullptr if none.
  const ReadGoal* wanted_read(std::size_t d, std::size_t l) const;
  // What core d's next load of l wants (goal_ and cursor_), nullptr if nothing.
  const WantedRead* next_want(std::size_t d, std::size_t l) const;
  // Per core, per location, this trial: how many of its wanted loads there had their value
  // (touch advances it), and whether it wrote there.
  std::vector<std::vector<std::size_t>> cursor_;
  std::vector<std::vector<bool>> wrote_;
  const std::vector<Value>* wanted_final(std::size_t l) const;
  // Explore, guided: where a write of v by core c to l goes in coherence (kAtEnd: last;
  // `first` is the earliest position allowed).
  std::size_t goal_position(std::size_t c, std::size_t l, Value v, std::size_t first) const;
  std::vector<Location> locs_;
  std::vector<std::vector<std::size_t>> view_;  // per core, per location: a write id
  std::vector<std::vector<Pending>> pending_;   // per destination core
  std::vector<Barrier> barriers_;
  // tick()'s shortcut: nothing committed, released or applied since its last pass (dirty_
  // false) and nothing due before next_due_ means nothing can apply.
  bool dirty_ = true;
  Cycle next_due_ = Cycle::never();
  // Per core: the barriers that have reached it, in the order they did. Monotone, so a
  // pending item names its prerequisites by a prefix length instead of a copied set.
  std::vector<std::vector<BarrierId>> reach_order_;
  // write_at's and commit_barrier's per-destination delays (and write_at's guided marks),
  // kept between calls so that a drain allocates nothing.
  std::vector<std::uint64_t> delays_scratch_;
  std::vector<bool> guided_scratch_;
  mutable std::vector<std::size_t> covered_;  // [src * cpus + d]: prefix of reach_order_[src]
                                              // known to have reached d (see can_apply)
};

}  // namespace mmsim

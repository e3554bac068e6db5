// Contract for the value side of memory (what a load returns), separate from timing.
// - read(c, a): the value core c's load observes now (after the core's own store buffer has
//   been searched by the core; storage never sees unpropagated stores).
// - write(c, a, v): a store of core c leaves its store buffer. Multi-copy-atomic storage makes
//   it visible to every core at once; a propagating storage may show it to other cores later,
//   but always in coherence order.
// - final_value(a): the value in coherence order's last write: read after a trial, and by an
//   atomic read-modify-write, which acts at the coherence point whatever its core sees.
// - holds(a): `a` is one of the layout's locations; the core never reads or writes any other
//   address (an access elsewhere is the test's error, reported with its position).
// - write_at(c, a, v, now, rng, atomic): the timed form the cores use; a propagating storage
//   draws each other core's propagation delay from `rng`. `atomic`: an atomic's write, which
//   must stay coherence-next to the write it read. Multi-copy-atomic storage: write().
// - tick(now) / next_event(now): a clocked storage applies what propagates by `now` (the
//   driver calls tick before the cores evaluate) and says when it next can change what a core
//   reads (Cycle::never() if not, or if it is not clocked).
// - version(c, a): a number that changes whenever what core c reads at `a` may have changed
//   (a load that read `a` is stale once it moves).
// - commit_barrier(c, now, rng, awaited): a cumulative barrier of core c enters storage (its
//   group A: every write c sees now); returns its id. acknowledged(id): it has reached every
//   core. `awaited`: its core waits for the acknowledgement (storage may hurry group A).
//   Multi-copy-atomic storage acknowledges every barrier at once.
// - latest(c, a): core c sees coherence order's last write to `a` (always, where storage is
//   multi-copy-atomic); a load-reserve that read anything older holds no reservation.
// - touch(c, a, now, rng): core c's load read `a` (or asked for it) at `now`; storage that
//   holds a write back from c until c asks for its line (explore) releases it now.
// - set_user_locations(n): the layout's first n locations are the test's own, the rest the
//   kernel's (an explore adversary spares the kernel's, as the cores do).
// - set_goal(g): explore's guidance from the test's condition (sound whatever it says: it only
//   weights choices storage may make anyway): per core and location, the values that core's
//   loads want to read there (ReadGoal); per location, the final values wanted.
// Called only from the cycle driver's commit phase (writes) and evaluate phase (reads).
#pragma once
#include <vector>

#include "sim/base/rng.h"
#include "sim/base/types.h"
#include "sim/scenario/memory_layout.h"

namespace mmsim {

// What one load of a location wants: the values, and whether it follows its core's own store
// there (then what it wants from other cores must come after that store).
struct WantedRead {
  std::vector<Value> values;
  bool after_own_write = false;
};

// What one core's loads of one location want, in program order (empty: nothing).
struct ReadGoal {
  std::vector<WantedRead> loads;
  std::vector<Value> values;  // every load's, together
};

struct StorageGoal {
  std::vector<std::vector<ReadGoal>> reads;  // [core][location]
  std::vector<std::vector<Value>> finals;    // [location]
};

class IStorage {
 public:
  virtual ~IStorage() = default;
  virtual void reset(const MemoryLayout& layout) = 0;
  virtual Value read(CpuId c, Addr a) const = 0;
  virtual void write(CpuId c, Addr a, Value v) = 0;
  virtual Value final_value(Addr a) const = 0;
  virtual bool holds(Addr a) const = 0;
  virtual std::uint64_t version(CpuId c, Addr a) const = 0;
  virtual void write_at(CpuId c, Addr a, Value v, Cycle /*now*/, Rng& /*rng*/, bool /*atomic*/) {
    write(c, a, v);
  }
  virtual void tick(Cycle /*now*/) {}
  virtual Cycle next_event(Cycle /*now*/) const { return Cycle::never(); }
  virtual std::uint64_t commit_barrier(CpuId /*c*/, Cycle /*now*/, Rng& /*rng*/,
                                       bool /*awaited*/) {
    return 0;
  }
  virtual bool acknowledged(std::uint64_t /*barrier*/) const { return true; }
  virtual bool latest(CpuId /*c*/, Addr /*a*/) const { return true; }
  virtual void touch(CpuId /*c*/, Addr /*a*/, Cycle /*now*/, Rng& /*rng*/) {}
  virtual void set_user_locations(std::size_t /*n*/) {}
  virtual void set_goal(const StorageGoal& /*g*/) {}
};

}  // namespace mmsim

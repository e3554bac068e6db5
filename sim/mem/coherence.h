// Timing side of memory: a per-location MESI-like directory (owner, sharers) that turns each
// access into a latency — hit, remote (another core's cache or the LLC) or memory — plus
// per-access random jitter from the trial's generator (realistic timing: not on hits). Values
// live in IStorage, not here.
#pragma once
#include <cstdint>
#include <vector>

#include "sim/base/params.h"
#include "sim/base/rng.h"
#include "sim/base/types.h"

namespace mmsim {

struct CoherenceLatencies {
  std::uint64_t hit = 4, remote = 40, memory = 120, jitter = 8;
};

class Coherence {
 public:
  static void declare_params(Params& p);
  void configure(const Params& p);
  void reset(std::size_t locations);
  // Latency of a read by `c` and its effect on the directory (c becomes a sharer).
  std::uint64_t read(CpuId c, Addr a, Rng& rng);
  // Latency of gaining exclusive ownership for a write or RMW by `c`; invalidates others.
  std::uint64_t own(CpuId c, Addr a, Rng& rng);
  const CoherenceLatencies& latencies() const { return lat_; }
  // What decides the latency of c's next access to `a` (its sharer and owner bits, whether
  // the line was ever cached), as one number: equal, the access costs the same.
  std::uint64_t state_of(CpuId c, Addr a) {
    const Line& l = line(a);
    const std::uint64_t bit = std::uint64_t{1} << (c.raw() & 63);
    return ((l.sharers & bit) ? 1u : 0u) | (l.sharers == bit ? 2u : 0u) |
           (l.owner == c.raw() ? 4u : 0u) | (l.touched ? 8u : 0u);
  }
  // A load by another core has taken its value from `a` (called when the load completes).
  void note_read(Addr a) { ++line(a).touches; }
  // How many times cores have read or taken ownership of `a` this trial. A core holding a
  // store to `a` never touches the line itself (its loads forward from its buffer), so a
  // change means another core is asking for the line: what ends an explore-mode hold.
  std::uint64_t touches(Addr a) { return line(a).touches; }
  // A write to `a` became visible (a drained store, an RMW, a successful store-conditional).
  void note_write(Addr a) {
    ++line(a).writes;
    ++total_writes_;
  }
  // Writes to any line this trial: unchanged, memory is as it was.
  std::uint64_t total_writes() const { return total_writes_; }
  // How many writes to `a` became visible this trial: a load that read the line, or a
  // reservation on it, is stale once this moves.
  std::uint64_t writes(Addr a) { return line(a).writes; }

 private:
  struct Line {
    std::uint64_t sharers = 0;  // bit per core
    int owner = -1;             // core holding it modified, or -1
    bool touched = false;       // ever cached: an LLC hit instead of memory
    std::uint64_t touches = 0;  // completed reads and ownership requests this trial
    std::uint64_t writes = 0;   // writes made visible this trial
  };
  Line& line(Addr a);
  // A cache hit has the pipeline's fixed latency on a real machine: realistic timing draws
  // no jitter for it (and a loop spinning on a cached line is periodic, so the driver can
  // fast-forward it); explore keeps the variance.
  std::uint64_t jitter(Rng& rng, bool hit) const {
    return hit && !jitter_hits_ ? 0 : rng.uniform(0, lat_.jitter);
  }
  CoherenceLatencies lat_;
  bool jitter_hits_ = true;
  std::vector<Line> lines_;
  std::uint64_t total_writes_ = 0;
};

}  // namespace mmsim

#include "sim/mem/coherence.h"

#include "sim/scenario/memory_layout.h"

namespace mmsim {

void Coherence::declare_params(Params& p) {
  p.declare({"mem.hit_latency", ParamType::Int, "4", "cycles",
             "load or store hitting the core's own cache", 1, 1'000'000});
  p.declare({"mem.remote_latency", ParamType::Int, "40", "cycles",
             "line fetched from another core's cache or the shared LLC", 1, 1'000'000});
  p.declare({"mem.memory_latency", ParamType::Int, "120", "cycles",
             "line never cached: fetched from memory", 1, 1'000'000});
  p.declare({"mem.jitter", ParamType::Int, "8", "cycles",
             "uniform random extra latency added to every access that leaves the core's cache "
             "(per trial seed); explore adds it to cache hits too", 0,
             1'000'000});
}

void Coherence::configure(const Params& p) {
  lat_.hit = static_cast<std::uint64_t>(p.get_int("mem.hit_latency"));
  lat_.remote = static_cast<std::uint64_t>(p.get_int("mem.remote_latency"));
  lat_.memory = static_cast<std::uint64_t>(p.get_int("mem.memory_latency"));
  lat_.jitter = static_cast<std::uint64_t>(p.get_int("mem.jitter"));
  jitter_hits_ = p.get_string("timing.mode") == "explore";
}

void Coherence::reset(std::size_t locations) {
  lines_.assign(locations, Line{});
  total_writes_ = 0;
}

Coherence::Line& Coherence::line(Addr a) {
  const std::size_t i = MemoryLayout::index_of(a);
  if (i >= lines_.size()) lines_.resize(i + 1);
  return lines_[i];
}

std::uint64_t Coherence::read(CpuId c, Addr a, Rng& rng) {
  Line& l = line(a);
  const std::uint64_t bit = std::uint64_t{1} << (c.raw() & 63);
  std::uint64_t base;
  bool hit = false;
  if (l.sharers & bit) {
    base = lat_.hit;
    hit = true;
  } else if (l.touched) {
    base = lat_.remote;
  } else {
    base = lat_.memory;
  }
  if (l.owner >= 0 && l.owner != c.raw()) l.owner = -1;  // downgrade M to S
  l.sharers |= bit;
  l.touched = true;
  return base + jitter(rng, hit);
}

std::uint64_t Coherence::own(CpuId c, Addr a, Rng& rng) {
  Line& l = line(a);
  const std::uint64_t bit = std::uint64_t{1} << (c.raw() & 63);
  std::uint64_t base;
  bool hit = true;
  if (l.owner == c.raw()) {
    base = lat_.hit;
  } else if (l.touched) {
    hit = l.sharers == bit;  // S→M upgrade without other sharers
    base = hit ? lat_.hit : lat_.remote;
  } else {
    base = lat_.memory;
    hit = false;
  }
  l.owner = c.raw();
  l.sharers = bit;
  l.touched = true;
  ++l.touches;
  return base + jitter(rng, hit);
}

}  // namespace mmsim

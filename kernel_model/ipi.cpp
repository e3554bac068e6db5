#include "kernel_model/ipi.h"

#include <algorithm>

#include "kernel_model/kernel_abi.h"

namespace mmsim::kernel {

Ipi::Ipi(KernelState& s, KernelCalls& calls) : s_(s) {
  calls.add_intrinsic(kIpiMark, [this](std::size_t c, const Value(&args)[3], Cycle) {
    if (args[0] >= 0 && static_cast<std::size_t>(args[0]) < s_.cfg.cpus)
      s_.cpus[c].irq.marked.push_back(static_cast<std::size_t>(args[0]));
    return KCallResult{};
  });
  calls.add_intrinsic(kIpiFlush, [this](std::size_t c, const Value(&args)[3], Cycle now) {
    return flush(c, static_cast<int>(args[0]), args[1], now);
  });
}

KCallResult Ipi::flush(std::size_t c, int handler, Value info, Cycle now) {
  const KernelConfig& cfg = s_.cfg;
  std::vector<std::size_t>& marked = s_.cpus[c].irq.marked;
  for (std::size_t to : marked) {
    std::uint64_t lat = cfg.ipi_latency + s_.rng->uniform(0, cfg.ipi_jitter);
    // Explore: one IPI in three is delivered late (the target had interrupts off, the
    // interrupt controller was busy), so targets take their handlers in any order.
    if (cfg.explore && s_.rng->chance(1, 3)) lat += std::uint64_t{1} << s_.rng->uniform(8, 13);
    Event e;
    e.handler = handler;
    e.args[0] = static_cast<Value>(c);
    e.args[2] = info;
    e.at = now + lat;
    post(to, e);
    ++sent_;
  }
  marked.clear();
  return {};
}

Cycle Ipi::next_timer(Cycle now) const {
  Cycle next = Cycle::never();
  for (const auto& e : in_flight_)
    if (e.at > now) next = std::min(next, e.at);
  return next;
}

}  // namespace mmsim::kernel

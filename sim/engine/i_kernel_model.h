// Contract for the time-driven side of a modelled kernel, as the System sees it (the
// core-facing side is IKernelPort). kernel_model/ implements it; plain litmus tests run
// without one.
// - reset(): start of a trial, after every core was reset (seeded from the trial generator).
// - evaluate(now): once per driven cycle, before the cores evaluate: deliver due IPIs, ticks,
//   wake kernel threads.
// - next_event(now): the earliest cycle > now at which it has something to do, or never.
// - collect_stats(): after each trial, add the trial's counters to the run's stats, each
//   with its declaration (unit, reduction: runs merged later reduce each the same way).
// - unsupported(): non-empty when the trial asked for something the model does not have;
//   the run then fails with that message instead of reporting a result.
// - jiffy(): cycles per scheduling-clock tick, the time scale of the kernel's waits (the
//   automatic cycle limit gives a trial a number of them).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "sim/base/rng.h"
#include "sim/base/types.h"
#include "sim/cpu/i_kernel_port.h"
#include "sim/stats/stat_set.h"

namespace mmsim {

class IKernelModel {
 public:
  virtual ~IKernelModel() = default;
  virtual IKernelPort& port() = 0;
  virtual void reset(Rng& rng) = 0;
  virtual void evaluate(Cycle now, Rng& rng) = 0;
  virtual Cycle next_event(Cycle now) const = 0;
  virtual void collect_stats(StatSet& out) const = 0;
  virtual std::string unsupported() const { return {}; }
  virtual std::uint64_t jiffy() const = 0;
  // Messages about the configuration as the kernel adjusted it (e.g. the boot CPU taken out
  // of nohz_full), for the report.
  virtual std::vector<std::string> notices() const { return {}; }
};

}  // namespace mmsim

// The result of a run: a histogram of final states with, for each, the seed of the first
// trial that produced it (so `--seed S --trials 1` replays it), and the run's aggregates.
// Values only; report/ formats them.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "sim/scenario/scenario.h"
#include "sim/stats/stat_set.h"

namespace mmsim {

struct OutcomeRow {
  State state;
  std::uint64_t count = 0;
  std::uint64_t seed = 0;  // first trial seed that produced it
  bool satisfies = false;
};

struct CycleStats {
  std::uint64_t min = 0, max = 0;
  double mean = 0;
};

struct RunResult {
  std::uint64_t trials = 0;
  std::uint64_t seed = 0;
  std::vector<OutcomeRow> rows;  // ordered by state
  std::uint64_t positive = 0;    // trials whose state satisfies the condition's proposition
  std::uint64_t negative = 0;
  std::uint64_t filtered = 0;    // trials discarded by `filter`
  // Trials stopped at the cycle limit: no outcome, in neither the states nor Positive /
  // Negative (DESIGN §3). positive + negative + filtered + unfinished = trials.
  std::uint64_t unfinished = 0;
  CycleStats cycles;             // over finished trials only
  std::uint64_t cycle_sum = 0;   // cycles of the finished trials, summed (cycles.mean's sum)
  StatSet stats;  // the components' stats over the trials, each by its reduction
  double seconds = 0;
  std::uint64_t cpu_mhz = 0;  // cycles per microsecond, for reports
  std::vector<std::string> notices;  // how the kernel adjusted the configuration
};

class OutcomeTable {
 public:
  void add(const State& s, std::uint64_t seed, bool satisfies) {
    auto [it, fresh] = rows_.try_emplace(s);
    if (fresh) {
      it->second.state = s;
      it->second.seed = seed;
      it->second.satisfies = satisfies;
    }
    ++it->second.count;
  }
  std::vector<OutcomeRow> rows() const {
    std::vector<OutcomeRow> out;
    for (const auto& [k, r] : rows_) out.push_back(r);
    return out;
  }

 private:
  std::map<State, OutcomeRow> rows_;
};

}  // namespace mmsim

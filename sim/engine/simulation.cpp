#include "sim/engine/simulation.h"

#include "sim/engine/engine_stats.h"

#include <algorithm>
#include <chrono>

namespace mmsim {

void fresh_simcontext() {
  sc_core::sc_curr_simcontext = new sc_core::sc_simcontext();
  sc_core::sc_default_global_context = sc_core::sc_curr_simcontext;
}

Simulation::Simulation(const Scenario& scenario, const Params& params, IKernelModel* kernel)
    : scenario_(scenario), kernel_(kernel),
      cpu_mhz_(static_cast<std::uint64_t>(params.get_int("cpu.mhz"))) {
  fresh_simcontext();
  system_ = std::make_unique<System>("system", scenario, params, kernel);
}

// An access outside the test's locations is the test's error (exit 2), never clamped onto a
// location: named by its position and by the nearest location below it.
void Simulation::throw_fault(const CoreFault& f) const {
  SourcePos pos;
  if (f.prog && f.src < f.prog->positions.size()) pos = f.prog->positions[f.src];
  std::string where = "address " + std::to_string(f.addr.raw());
  const LocationInfo* below = nullptr;
  const auto& locs = scenario_.layout.locations();
  const std::size_t n = std::min(scenario_.user_locations, locs.size());
  for (std::size_t i = 0; i < n; ++i)
    if (locs[i].addr.raw() <= f.addr.raw() && (!below || locs[i].addr.raw() > below->addr.raw()))
      below = &locs[i];
  if (below)
    where = below->name + " + " + std::to_string(f.addr.raw() - below->addr.raw()) + " bytes";
  std::string names;
  for (std::size_t i = 0; i < n; ++i) names += (names.empty() ? "" : ", ") + locs[i].name;
  throw BadInput("access", pos,
                 "access outside the test's locations (" + where + "; expected one of: " +
                     names + ")");
}

RunResult Simulation::run(std::uint64_t trials, std::uint64_t seed, const TrialHook& hook) {
  const auto t0 = std::chrono::steady_clock::now();
  RunResult r;
  if (kernel_) r.notices = kernel_->notices();
  r.trials = trials;
  r.seed = seed;
  r.cpu_mhz = cpu_mhz_;
  OutcomeTable table;
  std::uint64_t cycle_sum = 0;
  std::uint64_t counted = 0;
  CoreStats cores;  // summed over trials and cores (sb_max_occupancy: the maximum)
  std::uint64_t evaluated = 0;
  std::uint64_t i = 0;
  for (; i < trials; ++i) {
    if (hook && !hook(i)) break;
    const std::uint64_t s = seed + i;
    const TrialResult t = system_->run_trial(s);
    if (t.fault) throw_fault(*t.fault);
    evaluated += t.evaluated;
    for (const auto& core : system_->cores()) {
      const CoreStats& cs = core->stats();
      cores.uops_retired += cs.uops_retired;
      cores.loads += cs.loads;
      cores.loads_forwarded += cs.loads_forwarded;
      cores.stores_drained += cs.stores_drained;
      cores.rmws += cs.rmws;
      cores.mispredicts += cs.mispredicts;
      cores.replays += cs.replays;
      cores.refetches += cs.refetches;
      cores.early_commits += cs.early_commits;
      cores.sc_failures += cs.sc_failures;
      cores.sb_max_occupancy = std::max(cores.sb_max_occupancy, cs.sb_max_occupancy);
    }
    if (kernel_) {
      if (const std::string why = kernel_->unsupported(); !why.empty())
        throw BadInput("unsupported", {}, why);
      kernel_->collect_stats(r.stats);
    }
    if (t.limit_hit) {
      ++r.unfinished;  // no outcome: its state is whatever the threads had reached
      continue;
    }
    const std::uint64_t c = t.cycles.raw();
    r.cycles.min = counted == 0 ? c : std::min(r.cycles.min, c);
    r.cycles.max = std::max(r.cycles.max, c);
    cycle_sum += c;
    ++counted;
    if (!scenario_.passes_filter(t.state)) {
      ++r.filtered;
      continue;
    }
    const bool sat = scenario_.satisfies(t.state);
    (sat ? r.positive : r.negative) += 1;
    State shown = t.state;
    shown.resize(scenario_.shown_count());  // filter-only keys sort last and are not printed
    table.add(shown, s, sat);
  }
  r.trials = i;
  namespace es = engine_stats;
  r.stats.add(es::kUopsRetired, cores.uops_retired);
  r.stats.add(es::kLoads, cores.loads);
  r.stats.add(es::kLoadsForwarded, cores.loads_forwarded);
  r.stats.add(es::kStoresDrained, cores.stores_drained);
  r.stats.add(es::kRmws, cores.rmws);
  r.stats.add(es::kMispredicts, cores.mispredicts);
  r.stats.add(es::kReplays, cores.replays);
  r.stats.add(es::kRefetches, cores.refetches);
  r.stats.add(es::kEarlyCommits, cores.early_commits);
  r.stats.add(es::kScFailures, cores.sc_failures);
  r.stats.add(es::kSbMaxOccupancy, cores.sb_max_occupancy);
  r.stats.add(es::kCyclesEvaluated, evaluated);
  r.cycle_sum = cycle_sum;
  r.cycles.mean = counted ? static_cast<double>(cycle_sum) / static_cast<double>(counted) : 0;
  r.rows = table.rows();
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return r;
}

}  // namespace mmsim

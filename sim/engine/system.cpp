#include "sim/engine/system.h"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace mmsim {

namespace {

// Explore's guidance for storage: the condition's wanted values (Scenario::wanted_reads and
// wanted_final), the threads' reads gathered per core.
StorageGoal storage_goal(const Scenario& scenario) {
  StorageGoal goal;
  goal.finals = scenario.wanted_final;
  goal.reads.assign(scenario.cpus, {});
  for (std::size_t t = 0; t < scenario.wanted_reads.size(); ++t) {
    auto& mine = goal.reads[scenario.cpu_of_thread[t]];
    const auto& theirs = scenario.wanted_reads[t];
    mine.resize(std::max(mine.size(), theirs.size()));
    for (std::size_t l = 0; l < theirs.size(); ++l) {
      if (theirs[l].values.empty()) continue;
      if (mine[l].values.empty()) {
        mine[l] = theirs[l];
        continue;
      }
      // Threads sharing a CPU: their loads interleave in no known order, so one want of
      // every value, after the CPU's own write only if each is.
      bool after = true;
      for (const ReadGoal* g : std::initializer_list<const ReadGoal*>{&mine[l], &theirs[l]})
        for (const WantedRead& w : g->loads) after = after && w.after_own_write;
      mine[l].values.insert(mine[l].values.end(), theirs[l].values.begin(), theirs[l].values.end());
      mine[l].loads = {WantedRead{mine[l].values, after}};
    }
  }
  return goal;
}

// The automatic cycle limit of a trial without the kernel.
constexpr std::uint64_t kPlainCycleLimit = 20'000'000;

}  // namespace

void System::declare_params(Params& p) {
  p.declare({"sim.cycle_limit", ParamType::Int, "0", "cycles",
             "a trial still running at this cycle is stopped and reported as hitting the "
             "limit; 0 = automatic: 20,000,000, or 50 jiffies when the test runs on the kernel "
             "if that is more (100,000,000 at the default cpu.mhz and kernel.hz)",
             0, INT64_MAX / 4});
  p.declare({"timing.mode", ParamType::String, "explore", "",
             "explore: an adversary over events finds what the machine allows (stores held in "
             "the buffer until something forces them out, delayed loads, late starts and "
             "interrupts) -- counts are not frequencies; realistic: a real machine's latencies, "
             "for frequencies and costs",
             INT64_MIN, INT64_MAX, {"explore", "realistic"}});
  p.declare({"timing.guided", ParamType::Bool, "true", "",
             "explore: steer the adversary toward the outcome the test's condition names (a load "
             "may wait for a value the condition wants in its register; storage holds back or "
             "hurries writes and places them in coherence to match) -- it only weights choices "
             "explore makes anyway. false: unsteered"});
  p.declare({"cpus", ParamType::Int, "0", "count",
             "CPUs in the machine; 0 = one per thread. Threads are placed by Affinity=, else "
             "thread i on CPU i",
             0, 64});
  p.declare({"cpu.mhz", ParamType::Int, "2000", "MHz",
             "core clock: converts cycles to time in reports and, with kernel.hz, sets the tick "
             "period. Lower it to compress kernel time against store-buffer time",
             1, 100'000});
  Coherence::declare_params(p);
  Core::declare_params(p);
}

System::System(sc_core::sc_module_name name, const Scenario& scenario, const Params& params,
               IKernelModel* kernel)
    : sc_module(name), scenario_(scenario), kernel_(kernel),
      storage_(scenario.arch->make_storage(scenario.cpus, params)), period_(1, sc_core::SC_NS) {
  coherence_.configure(params);
  storage_->set_user_locations(scenario.user_locations);
  cycle_limit_ = static_cast<std::uint64_t>(params.get_int("sim.cycle_limit"));
  // Automatic: kernel trials wait in jiffies (a grace period waits up to 3 for the kthread's
  // first scan; a test may make several in a row), plain ones in store and load latencies.
  if (cycle_limit_ == 0)
    cycle_limit_ =
        std::max<std::uint64_t>(kPlainCycleLimit, kernel_ ? 50 * kernel_->jiffy() : 0);
  explore_ = params.get_string("timing.mode") == "explore";
  if (explore_ && params.get_bool("timing.guided")) storage_->set_goal(storage_goal(scenario));
  std::vector<std::uint64_t> delays;
  Core::parse_start_delays(params.get_string("cpu.start_delay"), delays);
  if (delays.size() > scenario.cpus)
    throw BadInput("param", params.where("cpu.start_delay"),
                   "parameter 'cpu.start_delay' = '" + params.get_string("cpu.start_delay") +
                       "': " + std::to_string(delays.size()) + " delays for " +
                       std::to_string(scenario.cpus) + " CPUs");
  IKernelPort& port = kernel_ ? kernel_->port() : no_kernel_;
  for (std::size_t i = 0; i < scenario.cpus; ++i) {
    const std::string n = "cpu" + std::to_string(i);
    cores_.push_back(std::make_unique<Core>(n.c_str(), CpuId{static_cast<std::uint16_t>(i)},
                                            scenario.arch->ordering(), *storage_, coherence_,
                                            port));
    cores_.back()->configure(params);
    cores_.back()->set_user_locations(scenario.user_locations);
  }
  for (std::size_t t = 0; t < scenario.threads.size(); ++t) {
    const std::size_t slot = cores_[scenario.cpu_of_thread[t]]->add_task(&scenario.threads[t]);
    if (slot != scenario.slot_of_thread[t]) throw std::logic_error("task slots out of order");
  }
  SC_METHOD(drive);
  sensitive << kick_;
  dont_initialize();
}

void System::drive() {
  const Cycle now{(sc_core::sc_time_stamp().value() - trial_start_ps_) / period_.value()};
  ++evaluated_;
  storage_->tick(now);
  if (kernel_) kernel_->evaluate(now, rng_);
  for (auto& c : cores_) c->evaluate(now, rng_);
  for (auto& c : cores_) c->commit(now, rng_);
  Cycle next = kernel_ ? kernel_->next_event(now) : Cycle::never();
  next = std::min(next, storage_->next_event(now));
  for (const auto& c : cores_) next = std::min(next, c->next_event(now));
  next = skip_spin(now, next);
  end_ = now;
  // The trial ends when every thread has run its last instruction (DESIGN §3): finished
  // threads stay parked in user mode, and kernel work still in flight cannot change a final
  // state. Explore then drains the buffers in a random interleaving (run_trial); realistic
  // lets them drain on their own time first.
  // A retired access outside the test's locations stops it at once (run_trial reports it).
  bool done = true;
  for (const auto& c : cores_) {
    if (c->fault()) return;
    done = done && (explore_ ? c->threads_done() : c->quiescent());
  }
  if (done) return;
  // Checked every 64th evaluation: a trial that is stuck stays stuck, and the check would
  // otherwise cost a few percent of every trial's time.
  if (evaluated_ % 64 == 0 && spinning_forever()) {
    // Every unfinished thread goes round a loop that only a write could end, and nothing is
    // left to write: the trial cannot finish. Reported as the cycle limit would report it.
    limit_hit_ = true;
    end_ = Cycle{cycle_limit_};
    return;
  }
  if (next == Cycle::never()) {
    // Nothing can ever happen again and a thread has not finished: a deadlock. Report it as
    // the cycle limit would, without simulating up to it.
    limit_hit_ = true;
    end_ = Cycle{cycle_limit_};
    return;
  }
  if (next.raw() >= cycle_limit_) {
    limit_hit_ = true;
    end_ = Cycle{cycle_limit_};
    return;
  }
  next_trigger(static_cast<double>(next - now) * period_);
}

// Without a kernel (whose ticks and interrupts reach into any loop), a trial is stuck for
// good when every core either has finished with an empty store buffer or is in an endless
// loop (Core::endless) with no write since it was recognised: no component can write again,
// so no loop's view of memory can change. Timing-independent, so it holds in explore.
// A finished core's buffer may still hold stores that explore keeps for the end of the trial
// (Core::holds_until_end): they stay there as long as no spinning loop reads their lines.
bool System::spinning_forever() {
  if (kernel_) return false;
  for (const auto& c : cores_)
    if (!c->loop_repeated() && !c->threads_done()) return false;  // the common case, cheaply
  const std::uint64_t writes = coherence_.total_writes();
  bool any = false;
  for (const auto& c : cores_) {
    if (c->threads_done()) continue;
    if (!c->endless(writes)) return false;
    any = true;
  }
  if (!any) return false;
  watched_.assign(scenario_.layout.size(), false);
  for (const auto& c : cores_)
    if (!c->threads_done())
      for (const Addr a : c->lines_read()) {
        const std::size_t i = MemoryLayout::index_of(a);
        if (i < watched_.size()) watched_[i] = true;
      }
  for (const auto& c : cores_)
    if (c->threads_done() && !c->holds_until_end(watched_)) return false;
  return true;
}

Cycle System::skip_spin(Cycle now, Cycle next) {
  Core* spinner = nullptr;
  for (const auto& c : cores_)
    if (c->orbit_period(now) != 0) {
      if (spinner) return next;  // two loops: each one's events are the other's input
      spinner = c.get();
    }
  if (!spinner || !spinner->orbit_undisturbed()) return next;
  // The first cycle at which anything but the spinning core can act; the cycle limit stops
  // the trial there as it would have.
  Cycle others = kernel_ ? kernel_->next_event(now) : Cycle::never();
  others = std::min(others, storage_->next_event(now));
  for (const auto& c : cores_)
    if (c.get() != spinner) others = std::min(others, c->next_event(now));
  others = std::min(others, Cycle{cycle_limit_});
  const std::uint64_t period = spinner->orbit_period(now);
  if (others <= now + period) return next;
  const std::uint64_t periods = (others - now - 1) / period;  // the last pass ends before
  spinner->skip_periods(periods);
  return std::min(others, spinner->next_event(now + periods * period));
}

TrialResult System::run_trial(std::uint64_t seed) {
  rng_.reseed(seed);
  storage_->reset(scenario_.layout);
  coherence_.reset(scenario_.layout.size());
  for (auto& c : cores_) c->reset(rng_);
  if (kernel_) kernel_->reset(rng_);
  limit_hit_ = false;
  evaluated_ = 0;
  trial_start_ps_ = sc_core::sc_time_stamp().value();
  kick_.notify(sc_core::SC_ZERO_TIME);
  sc_core::sc_start();
  for (const auto& c : cores_)
    if (c->fault()) return TrialResult{{}, end_, false, evaluated_, c->fault()};
  if (!limit_hit_) {
    // Every buffered store becomes visible, the cores' buffers interleaved at random (any
    // order of their drains is one the machine allows).
    std::size_t pending[64];
    std::size_t n = 0;
    for (std::size_t c = 0; c < cores_.size() && n < 64; ++c)
      if (!cores_[c]->store_buffer().empty()) pending[n++] = c;
    while (n > 0) {
      const std::size_t i = n == 1 ? 0 : rng_.uniform(0, n - 1);
      if (!cores_[pending[i]]->flush_one(rng_)) pending[i] = pending[--n];
    }
  }
  return TrialResult{final_state(), end_, limit_hit_, evaluated_, std::nullopt};
}

State System::final_state() const {
  State s(scenario_.keys.size());
  for (std::size_t k = 0; k < s.size(); ++k) {
    const StateKey& key = scenario_.keys[k];
    const auto t = static_cast<std::size_t>(key.tid);
    s[k] = key.is_reg ? cores_[scenario_.cpu_of_thread[t]]->reg(scenario_.slot_of_thread[t], key.reg)
                      : storage_->final_value(key.addr);
  }
  return s;
}

}  // namespace mmsim

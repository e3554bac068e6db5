#include "sim/engine/system.h"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace mmsim {

void System::declare_params(Params& p) {
  p.declare({"sim.cycle_limit", ParamType::Int, "20000000", "cycles",
             "a trial still running at this cycle is stopped and reported as hitting the limit",
             1, INT64_MAX / 4});
  p.declare({"timing.stress", ParamType::Int, "0", "",
             "0: realistic latencies; 1: adversarial timing (heavy-tailed store-buffer "
             "residency) that widens race windows so allowed weak outcomes show up in few trials",
             0, 1});
  p.declare({"timing.stress_kernel", ParamType::Int, "1", "",
             "with timing.stress=1: 1 stresses the modelled kernel's own stores too; 0 only the "
             "scenario's threads', so that kernel paths (a grace period, an IPI round) keep "
             "their length and cpu.mhz compression shortens a grace period against a store",
             0, 1});
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
      storage_(scenario.arch->make_storage()), period_(1, sc_core::SC_NS) {
  coherence_.configure(params);
  cycle_limit_ = static_cast<std::uint64_t>(params.get_int("sim.cycle_limit"));
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
  if (kernel_) kernel_->evaluate(now, rng_);
  for (auto& c : cores_) c->evaluate(now, rng_);
  for (auto& c : cores_) c->commit(now);
  Cycle next = kernel_ ? kernel_->next_event(now) : Cycle::never();
  for (const auto& c : cores_) next = std::min(next, c->next_event(now));
  end_ = now;
  // Every thread finished and drained, and the kernel has nothing left in flight. (The
  // kernel's periodic work — ticks — keeps going, so it cannot keep a trial alive alone.)
  bool done = true;
  for (const auto& c : cores_) done = done && c->finished();
  if (done && !(kernel_ && kernel_->busy())) return;
  if (next == Cycle::never()) return;
  if (next.raw() >= cycle_limit_) {
    limit_hit_ = true;
    end_ = Cycle{cycle_limit_};
    return;
  }
  next_trigger(static_cast<double>(next - now) * period_);
}

TrialResult System::run_trial(std::uint64_t seed) {
  rng_.reseed(seed);
  storage_->reset(scenario_.layout);
  coherence_.reset(scenario_.layout.size());
  for (auto& c : cores_) c->reset(rng_);
  if (kernel_) kernel_->reset(rng_);
  limit_hit_ = false;
  trial_start_ps_ = sc_core::sc_time_stamp().value();
  kick_.notify(sc_core::SC_ZERO_TIME);
  sc_core::sc_start();
  return TrialResult{final_state(), end_, limit_hit_};
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

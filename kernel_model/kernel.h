// The modelled Linux kernel: its subsystems — the scheduler, the tick, context tracking (EQS,
// nohz_full), RCU-sched, IPI delivery, membarrier, the mm routines and SRCU — over the state
// they share (kernel_state.h). Its code runs on the simulated cores (kernel_code.cpp, lowered
// through the arch's primitive table); the subsystems are the bookkeeping around it — which
// routine a system call enters, when an interrupt arrives, when the GP kthread runs — and
// never order memory themselves. Each subsystem registers its own system calls, intrinsics
// and handlers (kernel_calls.h); Kernel is the glue the engine and the cores see.
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "kernel_model/context_tracking.h"
#include "kernel_model/ipi.h"
#include "kernel_model/kernel_calls.h"
#include "kernel_model/kernel_config.h"
#include "kernel_model/kernel_state.h"
#include "kernel_model/membarrier.h"
#include "kernel_model/mm.h"
#include "kernel_model/rcu_sched.h"
#include "kernel_model/scheduler.h"
#include "kernel_model/srcu.h"
#include "kernel_model/tick.h"
#include "sim/engine/i_kernel_model.h"
#include "sim/scenario/scenario.h"

namespace mmsim::kernel {

class Kernel final : public IKernelModel, public IKernelPort {
 public:
  static void declare_params(Params& p);
  // Interns kernel data into the scenario's layout and lowers the kernel routines.
  Kernel(Scenario& scenario, const Params& params);

  IKernelPort& port() override { return *this; }
  void reset(Rng& rng) override;
  void evaluate(Cycle now, Rng& rng) override;
  Cycle next_event(Cycle now) const override;
  void collect_stats(StatSet& out) const override;
  std::string unsupported() const override { return unsupported_; }
  std::uint64_t jiffy() const override { return cfg_.tick_period; }
  std::vector<std::string> notices() const override { return cfg_.notices; }

  KernelEntry syscall(CpuId c, std::uint16_t nr, const Value (&args)[3], Cycle now) override;
  KCallResult kcall(CpuId c, std::uint16_t fn, const Value (&args)[3], Cycle now) override {
    return calls_.intrinsic(c.raw(), fn, args, now);
  }
  KernelEntry interrupt(CpuId c, FrameKind current, Cycle now) override;
  bool may_interrupt(CpuId c) const override {
    return !state_.cpus[c.raw()].irq.pending.empty();
  }
  void returned(CpuId c, FrameKind kind, Value ret, Cycle now) override;
  void thread_started(CpuId c, Cycle now) override { sched_.thread_started(c.raw(), now); }
  void thread_finished(CpuId c, Cycle) override { sched_.thread_finished(c.raw()); }
  Cycle next_timer(Cycle now) const override;

  const KernelConfig& config() const { return cfg_; }
  const KernelCalls& calls() const { return calls_; }

 private:
  // Per-trial cost of each kind of system call, folded into the run's stats.
  struct CallStats {
    std::uint64_t calls = 0, cycles = 0, max = 0;
  };

  KernelConfig cfg_;
  KernelState state_;
  KernelCalls calls_;
  std::string unsupported_;
  Scheduler sched_;
  ContextTracking ct_;
  Ipi ipi_;
  Tick tick_;
  RcuSched rcu_;
  Membarrier membarrier_;
  Srcu srcu_;  // the test's srcu_structs and the SRCU routines (srcu.h)
  Mm mm_;
  std::array<CallStats, kCallKinds> call_stats_{};
};

}  // namespace mmsim::kernel

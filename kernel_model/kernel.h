// The modelled Linux kernel: per-CPU state, tasks and processes, system calls, IPIs and the
// membarrier commands. Its code runs on the simulated cores (kernel_code.cpp, lowered through
// the arch's primitive table); this class is the bookkeeping around it — which routine a
// system call enters, when an IPI arrives, what each CPU runs — and never orders memory
// itself.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <vector>

#include "kernel_model/kernel_code.h"
#include "kernel_model/kernel_config.h"
#include "kernel_model/tasks.h"
#include "sim/engine/i_kernel_model.h"
#include "sim/scenario/scenario.h"

namespace mmsim::kernel {

class Kernel final : public IKernelModel, public IKernelPort {
 public:
  // Interns kernel data into the scenario's layout and lowers the kernel routines.
  Kernel(Scenario& scenario, const Params& params);

  IKernelPort& port() override { return *this; }
  void reset(Rng& rng) override;
  void evaluate(Cycle now, Rng& rng) override;
  Cycle next_event(Cycle now) const override;
  bool busy() const override { return !in_flight_.empty() || pending_irqs_ > 0; }
  void collect_stats(std::map<std::string, std::uint64_t>& out) const override;
  std::string unsupported() const override { return unsupported_; }

  KernelEntry syscall(CpuId c, std::uint16_t nr, const Value (&args)[3], Cycle now) override;
  Value kcall(CpuId c, std::uint16_t fn, const Value (&args)[3], Cycle now) override;
  KernelEntry interrupt(CpuId c, FrameKind current, Cycle now) override;
  void returned(CpuId c, FrameKind kind, Value ret, Cycle now) override;
  void thread_finished(CpuId c, Cycle now) override;

  const KernelConfig& config() const { return cfg_; }

 private:
  struct Ipi {
    std::size_t from = 0, to = 0;
    int handler = 0;
    Cycle at;
  };
  struct Cpu {
    int mm = 0;                      // current task's mm (0: idle or kernel thread)
    std::vector<std::size_t> marked; // __ipi_mark'ed targets not yet sent
    std::vector<Ipi> arrived;        // delivered, waiting for the CPU to take them
    Cycle syscall_start, irq_start;
    std::uint64_t ipis_received = 0, handler_cycles = 0;
  };

  KernelEntry membarrier(std::size_t cpu, int cmd, int flags, int cpu_id, Cycle now);
  const ThreadProgram* expedited_program(bool global, bool include_self, int handler);

  Scenario& scenario_;
  KernelConfig cfg_;
  TaskSet tasks_;
  KernelData data_;
  std::vector<int> initial_mm_;  // per CPU
  std::vector<Cpu> cpus_;
  std::vector<unsigned> mm_state_;  // per mm id; mirror of mm->membarrier_state
  std::vector<Ipi> in_flight_;
  int pending_irqs_ = 0;
  Rng* rng_ = nullptr;
  std::map<int, ThreadProgram> handlers_;
  std::map<int, ThreadProgram> expedited_;  // key: global | include_self << 1 | handler << 2
  ThreadProgram register_;
  PrimitiveTable prims_;
  // Per-trial counters, folded into the run's stats by collect_stats().
  std::uint64_t calls_ = 0, latency_sum_ = 0, latency_max_ = 0, ipis_sent_ = 0;
  std::string unsupported_;
};

}  // namespace mmsim::kernel

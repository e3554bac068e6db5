// The modelled Linux kernel: per-CPU state, tasks and processes, system calls, IPIs, the
// scheduling-clock tick, context tracking (EQS), the RCU-sched grace-period kthread and the
// membarrier commands. Its code runs on the simulated cores (kernel_code.cpp, lowered through
// the arch's primitive table); this class is the bookkeeping around it — which routine a
// system call enters, when an interrupt arrives, when the GP kthread runs — and never orders
// memory itself.
#pragma once
#include <array>
#include <cstdint>
#include <deque>
#include <limits>
#include <map>
#include <memory>
#include <vector>

#include "kernel_model/kernel_code.h"
#include "kernel_model/kernel_config.h"
#include "kernel_model/srcu.h"
#include "kernel_model/tasks.h"
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
  void collect_stats(std::map<std::string, std::uint64_t>& out,
                     std::set<std::string>& maxima) const override;
  std::string unsupported() const override { return unsupported_; }
  std::uint64_t jiffy() const override { return cfg_.tick_period; }
  std::vector<std::string> notices() const override { return cfg_.notices; }

  KernelEntry syscall(CpuId c, std::uint16_t nr, const Value (&args)[3], Cycle now) override;
  KCallResult kcall(CpuId c, std::uint16_t fn, const Value (&args)[3], Cycle now) override;
  KernelEntry interrupt(CpuId c, FrameKind current, Cycle now) override;
  bool may_interrupt(CpuId c) const override { return !cpus_[c.raw()].pending.empty(); }
  void returned(CpuId c, FrameKind kind, Value ret, Cycle now) override;
  void thread_started(CpuId c, Cycle now) override;
  void thread_finished(CpuId c, Cycle now) override;
  Cycle next_timer(Cycle now) const override;

  const KernelConfig& config() const { return cfg_; }

 private:
  struct Event {  // an interrupt or a piece of kernel work for one CPU
    int handler = 0;
    Value args[3] = {0, 0, 0};
    Cycle at;
  };
  struct Cpu {
    std::size_t curr = 0;             // running task slot (0: idle)
    std::vector<bool> exited;         // per task slot
    std::vector<int> task_mm;         // per task slot: its current->mm (0: none; exit_mm(),
                                      // kthread_use_mm() and kthread_unuse_mm() change it)
    bool woken = false;               // the CPU's tasks have started (thread_started)
    bool switched = false;            // the last kPickNext changed the running task
    std::vector<Value> blocked_on;    // per task slot: GP number it sleeps for (0: runnable;
                                      // kTimedSleep: a schedule_timeout() sleep)
    std::vector<Cycle> wake_at;       // per task slot: end of its schedule_timeout() (never:
                                      // none in progress)
    struct Parked {                   // a switched-out task's system-call state
      bool in_kernel = false;         // left asleep inside a system call: resumes there
      bool eqs[2] = {false, false};   // saved_eqs[1], saved_eqs[2]
      Cycle syscall_start;
      std::size_t syscall_kind = 0;
    };
    std::vector<Parked> parked;       // per task slot
    int slice = 0;                    // ticks left in the running task's time slice
    int mm = 0;                       // current task's mm (0: idle or kernel thread)
    bool eqs = false;                 // in an extended quiescent state (nohz user, idle)
    bool saved_eqs[3] = {false, false, false};  // EQS state to restore: [0] interrupt,
                                                // [1] syscall, [2] read-side section
    int exp_owed = 0;                 // caller CPU + 1 of an expedited QS owed at preempt_enable
    int preempt = 0;                  // preempt_count of the running task
    std::vector<std::size_t> marked;  // __ipi_mark'ed targets not yet sent
    std::deque<Event> pending;        // arrived interrupts and queued work, oldest first
    int running = 0;                  // handler of the interrupt frame now running (0: none)
    Cycle next_tick, syscall_start, irq_start;
    std::size_t syscall_kind = 0;     // index into calls_ of the system call in progress
    std::uint64_t ipis_received = 0, handler_cycles = 0, ticks = 0, switches = 0;
  };

  KernelEntry membarrier(std::size_t cpu, int cmd, int flags, int cpu_id);
  const ThreadProgram* expedited_program(bool global, bool include_self, int handler,
                                         bool serialize, bool single);
  const ThreadProgram& routine(int handler) const { return routines_.at(handler); }
  std::size_t housekeeping_cpu() const;
  // synchronize_sched(): the normal grace period, or the expedited one under rcu.expedited.
  const ThreadProgram& synchronize_sched() const {
    return cfg_.rcu_expedited ? sched_expedited_ : synchronize_;
  }
  // The tick stops in an EQS, except on an idle CPU whose task waits in synchronize_sched():
  // its callback is queued there, and rcu_needs_cpu() keeps the tick (callbacks not offloaded).
  bool tick_enabled(std::size_t c) const {
    return !cpus_[c].eqs || (cpus_[c].curr == 0 && waits_gp(c));
  }
  bool waits_gp(std::size_t c) const;
  void start_gp_pass(Cycle now, int kind);  // gp_kthread_text's arg0
  bool runnable(std::size_t c, std::size_t slot) const;
  void wake_gp_waiters(Cycle now);
  void wake_sleepers(Cycle now);  // schedule_timeout() sleeps whose time came
  static constexpr Value kTimedSleep = std::numeric_limits<Value>::max();
  int nr_running(std::size_t c) const;
  std::size_t pick_next(std::size_t c) const;

  Scenario& scenario_;
  KernelConfig cfg_;
  TaskSet tasks_;
  KernelData data_;
  struct RqTask {
    int mm = 0;         // 0: idle or a kernel thread
    bool user = false;  // a user task (the idle task and kernel threads are not)
    int use_mm = 0;     // a kernel thread's mm for kthread_use_mm()
    int exec_mm = 0;    // a user thread's mm after execve()
  };
  std::vector<std::vector<RqTask>> rq_;  // per CPU, by task slot; [0] = the idle task
  std::vector<unsigned> initial_mm_state_;  // per mm id: the registrations it starts with
  std::vector<Cpu> cpus_;
  std::vector<unsigned> mm_state_;  // per mm id; mirror of mm->membarrier_state
  std::vector<Event> in_flight_;    // IPIs travelling: Event::args[0] = target CPU
  Rng* rng_ = nullptr;
  std::map<int, ThreadProgram> routines_;   // interrupt handlers and work, by Handler
  // key: global | include_self << 1 | serialize << 2 | single << 3 | handler << 4
  std::map<int, ThreadProgram> expedited_;
  ThreadProgram synchronize_, preempt_disable_, preempt_enable_, sched_expedited_;
  // Lowered only for a test that calls them.
  ThreadProgram exit_mm_, kthread_use_mm_, kthread_unuse_mm_, execve_;
  // By how registration syncs: (Decision::register_sync, Decision::register_local).
  std::map<std::pair<RegisterSync, bool>, ThreadProgram> register_;
  CodeSwitches code_;
  PrimitiveTable prims_;
  Srcu srcu_;  // the test's srcu_structs and the SRCU routines (srcu.h)

  // RCU-sched grace periods: numbers started / completed / needed by a waiter.
  std::int64_t gp_started_ = 0, gp_completed_ = 0, gp_needed_ = 0;
  bool gp_running_ = false, gp_pass_queued_ = false;
  bool gp_wake_ = false;  // a CPU reported a quiescent state: the kthread checks for the end
  int gp_scans_ = 0;      // force-quiescent-state scans of the grace period in progress
  Cycle gp_next_pass_ = Cycle::never(), gp_start_at_;

  // Per-trial counters, folded into the run's stats by collect_stats().
  struct CallStats {
    std::uint64_t calls = 0, cycles = 0, max = 0;
  };
  std::array<CallStats, 8> calls_{};  // by call kind (kernel.cpp kCallNames)
  std::uint64_t ipis_sent_ = 0;
  std::uint64_t gps_ = 0, gp_cycles_ = 0, gp_cycles_max_ = 0;
  std::string unsupported_;
};

}  // namespace mmsim::kernel

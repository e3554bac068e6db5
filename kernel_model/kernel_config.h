// The kernel's parameters (declared once here, with default, unit and description) and the
// configuration a trial runs with, parsed from them.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "kernel_model/code_switches.h"
#include "kernel_model/kernel_era.h"
#include "sim/base/params.h"

namespace mmsim::kernel {

struct KernelConfig {
  Era era = Era::V6_8;
  std::vector<bool> nohz_full;  // per CPU
  bool nohz_guard = true;
  bool cpumask_alloc_fails = false;  // membarrier.cpumask_alloc_fails
  std::uint64_t ipi_latency = 400;  // cycles from send to the target taking the interrupt
  std::uint64_t ipi_jitter = 100;
  bool explore = true;  // timing.mode=explore: heavy-tailed interrupt delivery
  CodeSwitches code;              // the mutation parameters
  int slice_ticks = 3;            // sched.slice_ticks
  bool rcu_expedited = false;     // rcu.expedited (rcupdate.rcu_expedited)
  int smp_memb_cmd = 8;             // MEMBARRIER_CMD_PRIVATE_EXPEDITED
  int registered_cmd = 0;           // membarrier.registered: a REGISTER_* command, or 0
  std::size_t cpus = 1;
  std::uint64_t tick_period = 2'000'000;  // cycles per jiffy: cpu.mhz * 1e6 / kernel.hz
  std::uint64_t fqs_interval = 2'000'000; // cycles between force-quiescent-state scans
  std::vector<std::string> notices;       // what the kernel changed in the configuration

  bool any_nohz_full() const {
    for (bool b : nohz_full)
      if (b) return true;
    return false;
  }
};

void declare_params(Params& p);
// Reads the parameters; BadInput("param") for a bad cpulist or command name.
KernelConfig read_config(const Params& p, std::size_t cpus);

// "2", "1-3", "0,2-3" → per-CPU flags; throws BadInput naming the parameter.
std::vector<bool> parse_cpulist(const std::string& text, std::size_t cpus, const std::string& param,
                                const SourcePos& pos = {});

}  // namespace mmsim::kernel

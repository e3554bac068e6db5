#include "kernel_model/kernel_config.h"

#include <algorithm>

#include "kernel_model/membarrier_cmd.h"

namespace mmsim::kernel {
namespace {

// The mutation parameters: each removes one barrier, IPI or check from the kernel's code.
struct SwitchDecl {
  const char* name;
  bool CodeSwitches::*field;
  const char* what;
};
const SwitchDecl kSwitches[] = {
    {"sched.mb_after_spinlock", &CodeSwitches::mb_after_spinlock,
     "smp_mb__after_spinlock() after the rq lock in __schedule(), before the rq->curr store "
     "(docs/kernel-model.md item 1)"},
    {"sched.mb_after_switch", &CodeSwitches::mb_after_switch,
     "the barrier after the rq->curr store when the mm changes (switch_mm; docs/kernel-model.md "
     "item 2)"},
    {"sched.exit_mm_mb", &CodeSwitches::exit_mm_mb,
     "exit_mm()'s smp_mb__after_spinlock() before current->mm = NULL (5.10+; earlier eras "
     "have none)"},
    {"sched.kthread_use_mm_mb", &CodeSwitches::kthread_use_mm_mb,
     "kthread_use_mm()'s full barrier after current->mm = mm (mmdrop() of the borrowed "
     "active_mm, an atomic_dec_and_test(); from 5.10 smp_mb() when there is none to drop)"},
    {"sched.kthread_unuse_mm_mb", &CodeSwitches::kthread_unuse_mm_mb,
     "kthread_unuse_mm()'s smp_mb__after_spinlock() before current->mm = NULL (5.10+; earlier "
     "eras have none)"},
    {"membarrier.mb_before", &CodeSwitches::memb_mb_before,
     "membarrier's smp_mb (A) before the lockless rq->curr scan"},
    {"membarrier.mb_after", &CodeSwitches::memb_mb_after,
     "membarrier's smp_mb (B) after the IPIs"},
    {"membarrier.ipi", &CodeSwitches::memb_ipi,
     "the IPIs of the expedited membarrier commands (the scan selects, nobody is sent one)"},
    {"membarrier.ipi_wait", &CodeSwitches::memb_ipi_wait,
     "the wait of smp_call_function_many(..., wait=1): membarrier returns before the handlers "
     "ran"},
    {"membarrier.ipi_handler_mb", &CodeSwitches::ipi_handler_mb,
     "the smp_mb() of the ipi_mb / ipi_sync_core handlers"},
    {"rcu.tick_qs_mb", &CodeSwitches::tick_qs_mb,
     "the full barrier (rnp lock) of the tick's quiescent-state report"},
    {"rcu.dynticks_atomic", &CodeSwitches::dynticks_atomic,
     "the fully ordered atomic of dynticks updates on EQS entry/exit (a plain increment "
     "instead)"},
    {"rcu.gp_wait", &CodeSwitches::gp_wait,
     "synchronize_sched()'s wait for the grace period"},
    {"rcu.fqs_check", &CodeSwitches::fqs_check,
     "the FQS scan's check of CPUs that did not report (every CPU counts as quiescent)"},
    {"rcu.exp_ipi", &CodeSwitches::exp_ipi,
     "the IPIs of synchronize_sched_expedited() to CPUs not in an EQS"},
    {"rcu.exp_defer", &CodeSwitches::exp_defer,
     "the expedited handler's deferral of the QS to the end of a read-side section"},
    {"srcu.read_mb", &CodeSwitches::srcu_read_mb,
     "srcu_read_lock()'s smp_mb (B) after the lock-count increment"},
    {"srcu.unlock_mb", &CodeSwitches::srcu_unlock_mb,
     "srcu_read_unlock()'s smp_mb (C) before the unlock-count increment"},
    {"srcu.gp_wait", &CodeSwitches::srcu_gp_wait,
     "synchronize_srcu()'s wait for the readers (each index is checked once, whatever it shows)"},
};

}  // namespace

void declare_params(Params& p) {
  ParamDecl era{"kernel.era", ParamType::String, "6.8", "",
                "kernel version whose membarrier/RCU behaviour is modelled (docs/kernel-model.md)"};
  era.choices = era_names();
  p.declare(era);
  p.declare({"kernel.nohz_full", ParamType::String, "", "cpulist",
             "CPUs running tickless in user mode (extended quiescent state), e.g. 2 or 1-3"});
  ParamDecl guard{"kernel.nohz_guard", ParamType::Int, "1", "",
                  "0 removes the kernel's refusal of membarrier GLOBAL on nohz_full systems "
                  "(-ENOSYS/-EINVAL), to show why it exists",
                  0, 1};
  guard.mutation = true;
  p.declare(guard);
  p.declare({"kernel.ipi_latency", ParamType::Int, "400", "cycles",
             "interrupt delivery: from the sender's IPI to the target taking it", 1, 100'000'000});
  p.declare({"kernel.ipi_jitter", ParamType::Int, "100", "cycles",
             "uniform random extra IPI delivery latency", 0, 100'000'000});
  p.declare({"kernel.hz", ParamType::Int, "1000", "Hz", "scheduling-clock ticks per second", 1,
             100'000});
  p.declare({"rcu.expedited", ParamType::Int, "0", "",
             "1: the rcupdate.rcu_expedited boot parameter: synchronize_sched()/"
             "synchronize_rcu() (and so membarrier GLOBAL) run the expedited grace period, IPIs "
             "to CPUs not in an EQS (extra row (i) of the matrix in scenarios/membarrier/README.md)",
             0, 1});
  p.declare({"rcu.fqs_jiffies", ParamType::Int, "0", "jiffies",
             "jiffies_till_first_fqs / jiffies_till_next_fqs: the GP kthread's scan interval; "
             "0 = the kernel's default RCU_JIFFIES_TILL_FORCE_QS, 1 + (HZ > 250) + (HZ > 500)",
             0, 1000});
  p.declare({"sched.slice_ticks", ParamType::Int, "3", "ticks",
             "time slice of a task sharing its CPU: a tick preempts it after this many (CFS "
             "with two runnable tasks, 6 ms latency and HZ=1000: 3)",
             1, 1'000'000});
  for (const auto& s : kSwitches) {
    ParamDecl d{s.name, ParamType::Int, "1", "", std::string("0 removes ") + s.what, 0, 1};
    d.mutation = true;
    p.declare(d);
  }
  ParamDecl memb{"membarrier.smp_memb", ParamType::String, "PRIVATE_EXPEDITED", "",
                 "the membarrier command smp_memb() issues"};
  memb.choices = {"GLOBAL", "GLOBAL_EXPEDITED", "PRIVATE_EXPEDITED", "PRIVATE_EXPEDITED_SYNC_CORE"};
  p.declare(memb);
  ParamDecl reg{"membarrier.registered", ParamType::String, "none", "",
                "every process starts registered for this expedited command (as after a "
                "library's start-up membarrier(REGISTER_...) call, before its threads ran)"};
  p.declare({"membarrier.cpumask_alloc_fails", ParamType::Int, "0", "",
             "1: membarrier's cpumask allocation fails (memory pressure): from 5.4 the "
             "expedited commands and a multi-threaded process's registration return -ENOMEM; "
             "4.14-5.3 (GFP_NOWAIT) IPI each target as the scan finds it, waiting for it "
             "before reading the next CPU",
             0, 1});
  reg.choices = {"none", "GLOBAL_EXPEDITED", "PRIVATE_EXPEDITED", "PRIVATE_EXPEDITED_SYNC_CORE",
                 "PRIVATE_EXPEDITED_RSEQ"};
  p.declare(reg);
}

std::vector<bool> parse_cpulist(const std::string& text, std::size_t cpus, const std::string& param,
                                const SourcePos& pos) {
  std::vector<bool> out(cpus, false);
  std::size_t i = 0;
  auto fail = [&](const std::string& why) {
    throw BadInput("param", pos, "parameter '" + param + "' = '" + text + "': " + why);
  };
  auto number = [&]() {
    if (i >= text.size() || !std::isdigit(static_cast<unsigned char>(text[i])))
      fail("expected a CPU number");
    std::size_t v = 0;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
      v = v * 10 + static_cast<std::size_t>(text[i++] - '0');
      if (v > 4096) fail("CPU number too large");
    }
    return v;
  };
  while (i < text.size()) {
    const std::size_t a = number();
    std::size_t b = a;
    if (i < text.size() && text[i] == '-') {
      ++i;
      b = number();
    }
    if (b < a) fail("empty range");
    if (b >= cpus) fail("CPU " + std::to_string(b) + " does not exist (cpus=" + std::to_string(cpus) + ")");
    for (std::size_t c = a; c <= b; ++c) out[c] = true;
    if (i < text.size()) {
      if (text[i] != ',') fail("expected ',' or '-'");
      if (++i == text.size()) fail("expected a CPU number after ','");
    }
  }
  return out;
}

KernelConfig read_config(const Params& p, std::size_t cpus) {
  KernelConfig c;
  c.cpus = cpus;
  c.era = *parse_era(p.get_string("kernel.era"));  // choices already validated
  c.nohz_full = parse_cpulist(p.get_string("kernel.nohz_full"), cpus, "kernel.nohz_full",
                             p.where("kernel.nohz_full"));
  if (!c.nohz_full.empty() && c.nohz_full[0]) {
    // tick_nohz_init(): the boot CPU keeps time, so the kernel takes it out of nohz_full.
    c.nohz_full[0] = false;
    c.notices.push_back(
        "kernel.nohz_full: CPU 0 is the boot (timekeeping) CPU; as the kernel does ('NO_HZ: "
        "Clearing 0 from nohz_full range for timekeeping'), it stays a housekeeping CPU");
  }
  c.nohz_guard = p.get_int("kernel.nohz_guard") != 0;
  c.cpumask_alloc_fails = p.get_int("membarrier.cpumask_alloc_fails") != 0;
  c.ipi_latency = static_cast<std::uint64_t>(p.get_int("kernel.ipi_latency"));
  c.ipi_jitter = static_cast<std::uint64_t>(p.get_int("kernel.ipi_jitter"));
  c.explore = p.get_string("timing.mode") == "explore";
  for (const auto& s : kSwitches) c.code.*s.field = p.get_int(s.name) != 0;
  c.slice_ticks = static_cast<int>(p.get_int("sched.slice_ticks"));
  c.rcu_expedited = p.get_int("rcu.expedited") != 0;
  c.tick_period = std::max<std::uint64_t>(
      1, static_cast<std::uint64_t>(p.get_int("cpu.mhz")) * 1'000'000 /
             static_cast<std::uint64_t>(p.get_int("kernel.hz")));
  // kernel/rcu/tree.h RCU_JIFFIES_TILL_FORCE_QS; rcu_init_geometry() adds nr_cpu_ids / 256.
  const std::int64_t hz = p.get_int("kernel.hz");
  const std::int64_t fqs = p.get_int("rcu.fqs_jiffies");
  const std::int64_t jiffies =
      fqs > 0 ? fqs : 1 + (hz > 250) + (hz > 500) + static_cast<std::int64_t>(cpus / 256);
  c.fqs_interval = c.tick_period * static_cast<std::uint64_t>(jiffies);
  c.smp_memb_cmd = *constant_value("MEMBARRIER_CMD_" + p.get_string("membarrier.smp_memb"));
  const std::string reg = p.get_string("membarrier.registered");
  if (reg != "none") c.registered_cmd = *constant_value("MEMBARRIER_CMD_REGISTER_" + reg);
  return c;
}

}  // namespace mmsim::kernel

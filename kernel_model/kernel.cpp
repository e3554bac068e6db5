#include "kernel_model/kernel.h"

#include <algorithm>
#include <iterator>

#include "kernel_model/kernel_abi.h"
#include "kernel_model/kernel_primitives.h"
#include "kernel_model/membarrier_cmd.h"

namespace mmsim::kernel {
namespace {

std::string element(const std::string& array, std::size_t i) {
  return i == 0 ? array : array + "[" + std::to_string(i) + "]";
}

// Costs are reported per kind of call, so that a membarrier's latency is not averaged with
// the preempt_disable()/preempt_enable() entries of read-side sections.
// Registration (a grace period from 4.16) is reported apart from the commands it enables.
enum CallKind : std::size_t {
  kCallMembarrier,
  kCallSynchronizeSched,
  kCallSyncSchedExpedited,
  kCallPreempt,
  kCallOther,
  kCallRegister,
  kCallSrcuRead,
  kCallSynchronizeSrcu,
};
constexpr const char* kCallNames[] = {"membarrier", "synchronize_sched",
                                      "synchronize_sched_expedited", "preempt", "other",
                                      "membarrier_register", "srcu_read", "synchronize_srcu"};
static_assert(std::size(kCallNames) == kCallSynchronizeSrcu + 1);

// Kernel work is a task (it runs where the scheduler could switch to it); everything else in
// a CPU's pending queue is an interrupt (a tick or an IPI).
bool is_work(int handler) { return handler == kWorkGp || handler == kWorkSchedule; }

CallKind call_kind(std::uint16_t nr) {
  switch (nr) {
    case kSysMembarrier:
    case kSysSmpMemb: return kCallMembarrier;
    case kSysSynchronizeSched: return kCallSynchronizeSched;
    case kSysSyncSchedExpedited: return kCallSyncSchedExpedited;
    case kSysPreemptDisable:
    case kSysPreemptEnable: return kCallPreempt;
    case kSysSrcuReadLock:
    case kSysSrcuReadUnlock: return kCallSrcuRead;
    case kSysSynchronizeSrcu: return kCallSynchronizeSrcu;
    default: return kCallOther;
  }
}

// Per test thread: does it make system call `nr`?
std::vector<bool> callers(const Scenario& s, std::uint16_t nr) {
  std::vector<bool> out(s.threads.size(), false);
  for (std::size_t t = 0; t < s.threads.size(); ++t)
    for (const auto& op : s.threads[t].ops)
      if (op.kind == UopKind::Syscall && op.code == nr) out[t] = true;
  return out;
}

bool calls(const Scenario& s, std::uint16_t nr) {
  const std::vector<bool> c = callers(s, nr);
  return std::find(c.begin(), c.end(), true) != c.end();
}

}  // namespace

void Kernel::declare_params(Params& p) { kernel::declare_params(p); }

Kernel::Kernel(Scenario& scenario, const Params& params)
    : scenario_(scenario), cfg_(read_config(params, scenario.cpus)),
      tasks_(parse_tasks(scenario.test, callers(scenario, kSysKthreadUseMm),
                         callers(scenario, kSysExecve))) {
  data_ = intern_kernel_data(scenario.layout, cfg_.cpus, tasks_.mm_count());
  // Every CPU starts in the idle loop (an EQS, rq->curr = idle); a CPU with test threads
  // schedules the first of them before its first instruction (schedule_text). Task slots
  // follow Scenario::slot_of_thread, as the cores' do.
  // kthread_[un]use_mm() is a kernel thread's (a user thread has its mm already); execve()
  // replaces a single-threaded user process's image (de_thread() would kill the others).
  for (std::size_t t = 0; t < scenario.threads.size(); ++t)
    for (const auto& op : scenario.threads[t].ops) {
      if (op.kind != UopKind::Syscall) continue;
      const auto& pos = scenario.threads[t].positions;
      const SourcePos at = op.src < pos.size() ? pos[op.src] : SourcePos{};
      const std::string thread = "P" + std::to_string(t);
      const bool kernel = tasks_.tasks[t].kernel;
      if ((op.code == kSysKthreadUseMm || op.code == kSysKthreadUnuseMm) && !kernel)
        throw BadInput("parse", at,
                       std::string(op.code == kSysKthreadUseMm ? "kthread_use_mm"
                                                               : "kthread_unuse_mm") +
                           "() in " + thread +
                           ", a user thread: only a kernel thread adopts an mm (make it one "
                           "with Mode=" + thread + ":kernel)");
      if (op.code == kSysExecve && kernel)
        throw BadInput("parse", at, "execve() in " + thread + ", a kernel thread");
      if (op.code == kSysExecve && tasks_.users(tasks_.tasks[t].mm) > 1)
        throw BadInput("parse", at,
                       "execve() in " + thread +
                           ", whose process has other threads (exec would kill them): give it "
                           "a process of its own with Mm=" + thread + ":<name>");
    }
  rq_.assign(cfg_.cpus, std::vector<RqTask>(1));
  for (std::size_t t = 0; t < scenario.threads.size(); ++t) {
    auto& rq = rq_[scenario.cpu_of_thread[t]];
    rq.resize(std::max(rq.size(), scenario.slot_of_thread[t] + 1));
    rq[scenario.slot_of_thread[t]] =
        RqTask{tasks_.tasks[t].mm, !tasks_.tasks[t].kernel, tasks_.tasks[t].use_mm,
               tasks_.tasks[t].exec_mm};
  }
  // Registrations every mm holds from the start, as a library's start-up call leaves them
  // (before the threads run): `membarrier.registered`, and smp_memb()'s command — user-space
  // RCU's asymmetric barrier, whose library registers at start-up.
  std::vector<int> registered;
  if (cfg_.registered_cmd != 0) registered.push_back(cfg_.registered_cmd);
  if (calls(scenario, kSysSmpMemb))
    registered.push_back(cfg_.smp_memb_cmd == kGlobalExpedited ? kRegisterGlobalExpedited
                         : cfg_.smp_memb_cmd == kPrivateExpeditedSyncCore
                             ? kRegisterPrivateExpeditedSyncCore
                             : kRegisterPrivateExpedited);
  unsigned registered_state = 0;
  for (int reg : registered) {
    CallContext ctx;
    ctx.era = cfg_.era;
    ctx.cpus_online = static_cast<int>(cfg_.cpus);
    const Decision d = decide(ctx, reg, 0);
    if (d.mechanism != Mechanism::Register && reg == cfg_.registered_cmd)
      throw BadInput("param", params.where("membarrier.registered"),
                     "parameter 'membarrier.registered': kernel.era " + era_name(cfg_.era) +
                         " has no such registration (" + errno_name(d.ret) + ")");
    registered_state |= d.intent_bits | d.ready_bits;
  }
  // An mm that execve() creates starts with no registration.
  initial_mm_state_.assign(static_cast<std::size_t>(tasks_.mm_count()) + 1, 0);
  for (int mm = 1; mm <= tasks_.mm_count(); ++mm) {
    const auto i = static_cast<std::size_t>(mm);
    initial_mm_state_[i] = tasks_.fresh(mm) ? 0 : registered_state;
    scenario.layout.intern(element("mm_state", i)).init = initial_mm_state_[i];
  }
  // Idle: rq->curr is the idle task (0) and dynticks is even (in an EQS).
  for (std::size_t c = 0; c < cfg_.cpus; ++c) {
    scenario.layout.intern(element("rq_curr", c)).init = 0;
    scenario.layout.intern(element("dynticks", c)).init = 2;
  }
  prims_ = concat(scenario.arch->primitives(), intrinsics());
  auto lower = [&](const char* name, const std::string& text) {
    return lower_routine(name, text, cfg_.cpus, prims_, scenario.layout);
  };
  const CodeSwitches& k = cfg_.code;
  routines_[kIpiMb] = lower("ipi_mb", ipi_handler_text(k, kIpiMb));
  routines_[kIpiSyncCore] = lower("ipi_sync_core", ipi_handler_text(k, kIpiSyncCore));
  routines_[kIpiRseq] = lower("ipi_rseq", ipi_handler_text(k, kIpiRseq));
  routines_[kIpiRcuExp] = lower("sync_sched_exp_handler", rcu_exp_handler_text(k));
  sched_expedited_ = lower("synchronize_sched_expedited", sched_expedited_text(k));
  preempt_disable_ = lower("preempt_disable", preempt_text(k, true));
  preempt_enable_ = lower("preempt_enable", preempt_text(k, false));
  routines_[kIpiSyncRqState] = lower("ipi_sync_rq_state", ipi_sync_rq_state_text(k));
  const SchedFacts sched = sched_facts(prims_, cfg_.era);
  routines_[kTick] = lower("tick", tick_text(k, sched));
  routines_[kWorkGp] = lower("rcu_gp_kthread", gp_kthread_text(k));
  routines_[kWorkSchedule] = lower("schedule", schedule_text(k, sched));
  const bool serialize = cfg_.era >= Era::V6_8;
  for (const auto& key : {std::pair{RegisterSync::None, false},
                          std::pair{RegisterSync::SynchronizeSched, false},
                          std::pair{RegisterSync::SyncRunqueues, false},
                          std::pair{RegisterSync::SyncRunqueues, true}})
    register_[key] = lower("membarrier_register",
                           register_text(k, key.first, key.second, serialize));
  synchronize_ = lower("synchronize_sched", synchronize_sched_text(k));
  srcu_.setup(scenario, cfg_.cpus, k, prims_);
  // The task_lock lines of exit_mm() and kthread_[un]use_mm() exist only in a test that calls
  // one, so that every other test keeps its layout.
  auto lower_with_lock = [&](const char* name, const std::string& text) {
    return lower_routine(name, text, cfg_.cpus, prims_, scenario.layout, {"task_lock"});
  };
  if (calls(scenario, kSysExitMm)) exit_mm_ = lower_with_lock("exit_mm", exit_mm_text(k, cfg_.era));
  if (calls(scenario, kSysKthreadUseMm))
    kthread_use_mm_ = lower_with_lock("kthread_use_mm", kthread_use_mm_text(k, cfg_.era));
  if (calls(scenario, kSysKthreadUnuseMm))
    kthread_unuse_mm_ = lower_with_lock("kthread_unuse_mm", kthread_unuse_mm_text(k, cfg_.era));
  if (calls(scenario, kSysExecve)) execve_ = lower_with_lock("execve", execve_text(k, cfg_.era));
}

const ThreadProgram* Kernel::expedited_program(bool global, bool include_self, int handler,
                                               bool serialize, bool single) {
  const int key = (global ? 1 : 0) | (include_self ? 2 : 0) | (serialize ? 4 : 0) |
                  (single ? 8 : 0) | handler << 4;
  auto it = expedited_.find(key);
  if (it == expedited_.end()) {
    it = expedited_
             .emplace(key, lower_routine("membarrier_expedited",
                                         membarrier_expedited_text(cfg_.code, global,
                                                                   include_self, handler,
                                                                   cfg_.era >= Era::V5_4,
                                                                   serialize, single),
                                         cfg_.cpus, prims_, scenario_.layout))
             .first;
  }
  return &it->second;
}

// The GP kthread runs on a housekeeping (non-nohz_full) CPU, preferably one with no test
// thread to preempt.
std::size_t Kernel::housekeeping_cpu() const {
  for (std::size_t c = 0; c < cfg_.cpus; ++c)
    if (!cfg_.nohz_full[c] && rq_[c].size() == 1) return c;
  for (std::size_t c = 0; c < cfg_.cpus; ++c)
    if (!cfg_.nohz_full[c]) return c;
  return 0;
}

void Kernel::reset(Rng& rng) {
  rng_ = &rng;
  cpus_.assign(cfg_.cpus, Cpu{});
  for (std::size_t c = 0; c < cfg_.cpus; ++c) {
    cpus_[c].eqs = true;  // idle
    cpus_[c].next_tick = Cycle{rng.uniform(1, cfg_.tick_period)};  // random phase
    cpus_[c].exited.assign(rq_[c].size(), false);
    cpus_[c].task_mm.clear();
    for (const RqTask& task : rq_[c]) cpus_[c].task_mm.push_back(task.mm);
    cpus_[c].blocked_on.assign(rq_[c].size(), 0);
    cpus_[c].wake_at.assign(rq_[c].size(), Cycle::never());
    cpus_[c].parked.assign(rq_[c].size(), Cpu::Parked{});
  }
  mm_state_ = initial_mm_state_;
  in_flight_.clear();
  gp_started_ = gp_completed_ = gp_needed_ = 0;
  gp_running_ = gp_pass_queued_ = false;
  gp_next_pass_ = Cycle::never();
  calls_ = {};
  ipis_sent_ = 0;
  gps_ = gp_cycles_ = gp_cycles_max_ = 0;
}

bool Kernel::runnable(std::size_t c, std::size_t slot) const {
  const Cpu& cpu = cpus_[c];
  return slot != 0 && cpu.woken && !cpu.exited[slot] && cpu.blocked_on[slot] == 0;
}

bool Kernel::waits_gp(std::size_t c) const {
  for (const Value b : cpus_[c].blocked_on)
    if (b != 0 && b != kTimedSleep) return true;
  return false;
}

int Kernel::nr_running(std::size_t c) const {
  int n = 0;
  for (std::size_t s = 1; s < rq_[c].size(); ++s) n += runnable(c, s) ? 1 : 0;
  return n;
}

// Round robin over the CPU's tasks, starting after the running one; idle when none is left.
std::size_t Kernel::pick_next(std::size_t c) const {
  const std::size_t n = rq_[c].size();
  for (std::size_t i = 1; i <= n; ++i) {
    const std::size_t s = (cpus_[c].curr + i) % n;
    if (runnable(c, s)) return s;
  }
  return 0;
}

// kind 0: rcu_gp_init; 1: the first FQS scan; 2: a later one; 3: woken by a report. A scan's
// deadline (gp_next_pass_) is set when the pass before it returns; a wake-up keeps it
// (rcu_gp_fqs_loop waits out the rest of jiffies_force_qs after a wake that did not end the
// grace period).
void Kernel::start_gp_pass(Cycle now, int kind) {
  Event e;
  e.handler = kWorkGp;
  e.args[0] = kind;
  e.args[1] = gp_started_;
  e.at = now;
  cpus_[housekeeping_cpu()].pending.push_back(e);
  gp_pass_queued_ = true;
  if (kind != 3) gp_next_pass_ = Cycle::never();
}

void Kernel::evaluate(Cycle now, Rng&) {
  for (std::size_t i = 0; i < in_flight_.size();) {
    if (in_flight_[i].at <= now) {
      const auto to = static_cast<std::size_t>(in_flight_[i].args[1]);
      // A late tick is lost if the CPU stopped its tick meanwhile (it entered an EQS).
      if (in_flight_[i].handler != kTick || tick_enabled(to))
        cpus_[to].pending.push_back(in_flight_[i]);
      in_flight_.erase(in_flight_.begin() + static_cast<std::ptrdiff_t>(i));
    } else {
      ++i;
    }
  }
  for (std::size_t c = 0; c < cfg_.cpus; ++c) {
    Cpu& cpu = cpus_[c];
    if (cpu.next_tick > now) continue;
    // Ticks missed while the tick was stopped (EQS) are not made up.
    const std::uint64_t behind = (now - cpu.next_tick) / cfg_.tick_period;
    cpu.next_tick = cpu.next_tick + (behind + 1) * cfg_.tick_period;
    if (!tick_enabled(c)) continue;
    const bool queued = std::any_of(cpu.pending.begin(), cpu.pending.end(),
                                    [](const Event& e) { return e.handler == kTick; });
    if (queued) continue;
    // Explore: one tick in three lands late, up to a tick period (the CPU had interrupts off,
    // the timer fired late): nothing in the kernel's correctness may depend on a tick's
    // timeliness, and a late tick is what lets a grace period end before a CPU's next tick.
    if (cfg_.explore && rng_->chance(1, 3)) {
      in_flight_.push_back(Event{kTick, {0, static_cast<Value>(c), 0},
                                 now + rng_->uniform(1, cfg_.tick_period - 1)});
      continue;
    }
    cpu.pending.push_back(Event{kTick, {0, 0, 0}, now});
  }
  wake_sleepers(now);
  if (!gp_running_ && gp_needed_ > gp_started_) {
    ++gp_started_;
    gp_running_ = true;
    gp_start_at_ = now;
    gp_scans_ = 0;
    gp_wake_ = false;
    start_gp_pass(now, 0);
  } else if (gp_running_ && !gp_pass_queued_ && gp_next_pass_ <= now) {
    gp_wake_ = false;
    start_gp_pass(now, gp_scans_++ == 0 ? 1 : 2);
  } else if (gp_running_ && !gp_pass_queued_ && gp_wake_) {
    gp_wake_ = false;
    start_gp_pass(now, 3);
  }
}

Cycle Kernel::next_timer(Cycle now) const {
  Cycle next = Cycle::never();
  for (const auto& e : in_flight_)
    if (e.at > now) next = std::min(next, e.at);
  for (std::size_t c = 0; c < cfg_.cpus; ++c)
    if (tick_enabled(c) && cpus_[c].next_tick > now) next = std::min(next, cpus_[c].next_tick);
  // A scan falls due while a wake-up pass runs: it starts as soon as that pass returned.
  if (gp_running_ && !gp_pass_queued_ && gp_next_pass_ != Cycle::never())
    next = std::min(next, std::max(gp_next_pass_, now + 1));
  for (const Cpu& cpu : cpus_)
    for (std::size_t s = 0; s < cpu.wake_at.size(); ++s)
      if (cpu.blocked_on[s] == kTimedSleep && cpu.wake_at[s] > now)
        next = std::min(next, cpu.wake_at[s]);
  return next;
}

// After evaluate(now) every timer lies in the future, so the timers are next_timer()'s.
Cycle Kernel::next_event(Cycle now) const {
  Cycle next = next_timer(now);
  // An event that arrived this cycle is offered to its CPU at the next one. One already
  // offered and declined (the core cannot be interrupted with a store committed from its
  // window, a handler is running, work waits for a preemptible point) can only be taken
  // after that CPU's core or the kernel changes state, and each such change drives the
  // clock itself (core progress, a timed completion, a kernel timer): asking for every
  // cycle meanwhile cost the kernel-backed tests most of their time (a tick waiting out an
  // explore-delayed load for 10^5 cycles).
  for (std::size_t c = 0; c < cfg_.cpus; ++c)
    for (const Event& e : cpus_[c].pending)
      if (e.at >= now) {
        next = std::min(next, now + 1);
        break;
      }
  if (!gp_running_ && gp_needed_ > gp_started_) next = std::min(next, now + 1);
  if (gp_running_ && !gp_pass_queued_ && gp_wake_) next = std::min(next, now + 1);
  return next <= now ? now + 1 : next;
}

KernelEntry Kernel::syscall(CpuId c, std::uint16_t nr, const Value (&args)[3], Cycle now) {
  const std::size_t cpu = c.raw();
  cpus_[cpu].syscall_start = now;
  cpus_[cpu].syscall_kind = call_kind(nr);  // membarrier() may make it kCallRegister
  KernelEntry e;
  switch (nr) {
    case kSysMembarrier:
      e = membarrier(cpu, static_cast<int>(args[0]), static_cast<int>(args[1]),
                     static_cast<int>(args[2]));
      break;
    case kSysSmpMemb: e = membarrier(cpu, cfg_.smp_memb_cmd, 0, 0); break;
    case kSysSynchronizeSched: e.program = &synchronize_sched(); break;
    case kSysPreemptDisable: e.program = &preempt_disable_; break;
    case kSysPreemptEnable: e.program = &preempt_enable_; break;
    case kSysSyncSchedExpedited: e.program = &sched_expedited_; break;
    case kSysExitMm: e.program = &exit_mm_; break;
    case kSysKthreadUseMm: e.program = &kthread_use_mm_; break;
    case kSysKthreadUnuseMm: e.program = &kthread_unuse_mm_; break;
    case kSysExecve: e.program = &execve_; break;
    case kSysSrcuReadLock:
    case kSysSrcuReadUnlock:
    case kSysSynchronizeSrcu:
      e = srcu_.enter(nr, args, unsupported_);
      break;
    default: e.value = kENOSYS; break;
  }
  ++calls_[cpus_[cpu].syscall_kind].calls;
  return e;
}

KernelEntry Kernel::membarrier(std::size_t cpu, int cmd, int flags, int cpu_id) {
  const int mm = cpus_[cpu].mm;
  CallContext ctx;
  ctx.era = cfg_.era;
  ctx.nohz_full_enabled = cfg_.any_nohz_full();
  ctx.nohz_guard = cfg_.nohz_guard;
  ctx.cpus_online = static_cast<int>(cfg_.cpus);
  ctx.mm_users = mm > 0 ? tasks_.users(mm) : 1;
  ctx.mm_state = mm > 0 ? mm_state_[static_cast<std::size_t>(mm)] : 0;
  const Decision d = decide(ctx, cmd, flags, cpu_id);
  KernelEntry e;
  e.value = d.ret;
  const int handler = d.handler == IpiHandler::SyncCore ? kIpiSyncCore
                      : d.handler == IpiHandler::Rseq && !d.handler_mb ? kIpiRseq
                                                                        : kIpiMb;
  switch (d.mechanism) {
    case Mechanism::None: return e;
    case Mechanism::PrivateExpedited:
    case Mechanism::PrivateExpeditedRseq:
    case Mechanism::PrivateExpeditedSyncCore:
      e.program = expedited_program(false, d.include_self, handler, d.serialize_ipis,
                                    d.target_cpu >= 0);
      e.args[0] = d.target_cpu;  // FLAG_CPU: the one CPU to look at
      return e;
    case Mechanism::GlobalExpedited:
      e.program = expedited_program(true, false, handler, d.serialize_ipis, false);
      return e;
    case Mechanism::Register:
      cpus_[cpu].syscall_kind = kCallRegister;
      if (d.ret < 0) {  // -ENOMEM: the intent bits stay set, nothing else happens
        mm_state_[static_cast<std::size_t>(mm)] |= d.intent_bits;
        return e;
      }
      e.program = &register_.at({d.register_sync, d.register_local});
      e.args[0] = d.intent_bits;
      e.args[1] = d.ready_bits;
      return e;
    case Mechanism::SynchronizeSched:
      e.program = &synchronize_sched();
      return e;
  }
  return e;
}

KCallResult Kernel::kcall(CpuId c, std::uint16_t fn, const Value (&args)[3], Cycle now) {
  Cpu& me = cpus_[c.raw()];
  const int slot = args[0] == 1 || args[0] == 2 ? static_cast<int>(args[0]) : 0;
  KCallResult r;
  Value& out = r.value;
  switch (fn) {
    case kThisCpu: out = c.raw(); return r;
    case kTaskSwitched: out = me.switched ? 1 : 0; return r;
    case kMmDrop:
      me.mm = 0;
      me.task_mm[me.curr] = 0;
      return r;
    case kMmUse:
    case kMmExec: {
      const RqTask& task = rq_[c.raw()][me.curr];
      me.mm = fn == kMmUse ? task.use_mm : task.exec_mm;
      me.task_mm[me.curr] = me.mm;
      out = me.mm;
      return r;
    }
    case kNrCpus: out = static_cast<Value>(cfg_.cpus); return r;
    case kCurrentMm: out = me.mm; return r;
    case kIpiMark:
      if (args[0] >= 0 && static_cast<std::size_t>(args[0]) < cfg_.cpus)
        me.marked.push_back(static_cast<std::size_t>(args[0]));
      return r;
    case kIpiFlush:
      for (std::size_t to : me.marked) {
        std::uint64_t lat = cfg_.ipi_latency + rng_->uniform(0, cfg_.ipi_jitter);
        // Explore: one IPI in three is delivered late (the target had interrupts off, the
        // interrupt controller was busy), so targets take their handlers in any order.
        if (cfg_.explore && rng_->chance(1, 3)) lat += std::uint64_t{1} << rng_->uniform(8, 13);
        Event e;
        e.handler = static_cast<int>(args[0]);
        e.args[0] = c.raw();
        e.args[1] = static_cast<Value>(to);
        e.at = now + lat;
        in_flight_.push_back(e);
        ++ipis_sent_;
      }
      me.marked.clear();
      return r;
    case kMmStateOr:
      if (me.mm > 0) mm_state_[static_cast<std::size_t>(me.mm)] |= static_cast<unsigned>(args[0]);
      return r;
    case kEqsExit:
      me.saved_eqs[slot] = me.eqs;
      out = me.eqs ? 1 : 0;
      me.eqs = false;
      return r;
    case kEqsEnter:
      out = me.saved_eqs[slot] && !me.eqs ? 1 : 0;
      if (out) me.eqs = true;
      return r;
    case kPreemptDisable: ++me.preempt; return r;
    case kPickNext: {
      const std::size_t cpu = c.raw();
      const std::size_t next = pick_next(cpu);
      me.switched = next != me.curr;
      if (next != me.curr) {
        ++me.switches;
        // Each task keeps its own system-call state; one leaving asleep resumes inside the call.
        me.parked[me.curr] = {me.blocked_on[me.curr] != 0, {me.saved_eqs[1], me.saved_eqs[2]},
                              me.syscall_start, me.syscall_kind};
        const Cpu::Parked& p = me.parked[next];
        me.saved_eqs[1] = p.eqs[0];
        me.saved_eqs[2] = p.eqs[1];
        me.syscall_start = p.syscall_start;
        me.syscall_kind = p.syscall_kind;
      }
      me.curr = next;
      me.mm = me.task_mm[me.curr];
      me.slice = cfg_.slice_ticks;
      r.switch_to = static_cast<int>(me.curr);
      out = me.mm;
      return r;
    }
    case kSchedEqs: {
      // The tick stops on a nohz_full CPU whose one runnable task is in user mode (and idle).
      const std::size_t cpu = c.raw();
      const bool eqs = me.curr == 0 || (cfg_.nohz_full[cpu] && rq_[cpu][me.curr].user &&
                                        !me.parked[me.curr].in_kernel &&
                                        nr_running(cpu) == 1);
      me.parked[me.curr].in_kernel = false;
      out = eqs != me.eqs ? 1 : 0;
      me.eqs = eqs;
      me.saved_eqs[0] = false;
      return r;
    }
    case kNeedResched: {
      const std::size_t next = pick_next(c.raw());
      out = me.slice <= 0 && next != me.curr && next != 0 ? 1 : 0;
      return r;
    }
    case kExpReportNow:
      if (cfg_.era < Era::V5_4 && me.curr != 0) {
        // 4.x sync_sched_exp_handler: only an interrupt from the idle loop reports at once;
        // otherwise resched_cpu(), and the next __schedule() reports (rcu_note_context_switch
        // → rcu_sched_qs → rcu_report_exp_rdp): on the way out of this interrupt for a
        // preemptible task, at the end of a preempt-disabled region or system call otherwise.
        me.exp_owed = static_cast<int>(args[0]) + 1;
        me.pending.push_back(Event{kWorkSchedule, {0, 0, 0}, now});
      } else if (me.preempt == 0) {
        out = 1;
      } else {
        me.exp_owed = static_cast<int>(args[0]) + 1;
      }
      return r;
    case kExpDeferred:
      if (me.preempt == 0) {
        out = me.exp_owed;
        me.exp_owed = 0;
      }
      return r;
    case kPreemptEnable: me.preempt = std::max(0, me.preempt - 1); return r;
    case kGpRequest:
      // Only a grace period that starts after this request covers the caller.
      out = gp_started_ + 1;
      gp_needed_ = std::max(gp_needed_, out);
      return r;
    case kGpWait:
      // wait_for_completion(): the task blocks and schedule() gives the CPU to another task
      // or to idle (an EQS); the grace period's end wakes it (wake_gp_waiters).
      r.sleep = gp_completed_ < args[0];
      if (r.sleep && me.blocked_on[me.curr] == 0) {
        me.blocked_on[me.curr] = args[0];
        me.pending.push_back(Event{kWorkSchedule, {0, 0, 0}, now});
      }
      return r;
    case kSleepJiffies: {
      // schedule_timeout_uninterruptible(): the first ask blocks the task until the timer
      // (wake_sleepers) and schedule() gives the CPU away; the ask after the wake-up returns.
      Cycle& at = me.wake_at[me.curr];
      if (at == Cycle::never()) {
        at = now + cfg_.tick_period * static_cast<std::uint64_t>(std::max<Value>(1, args[0]));
        me.blocked_on[me.curr] = kTimedSleep;
        me.pending.push_back(Event{kWorkSchedule, {0, 0, 0}, now});
        r.sleep = true;
      } else if (me.blocked_on[me.curr] != 0) {
        r.sleep = true;
      } else {
        at = Cycle::never();
      }
      return r;
    }
    default: return r;
  }
}

KernelEntry Kernel::interrupt(CpuId c, FrameKind current, Cycle now) {
  Cpu& me = cpus_[c.raw()];
  // Handlers and kernel work run with interrupts off: no nesting.
  if (me.pending.empty() || current == FrameKind::Interrupt) return {};
  // Interrupts are taken anywhere; kernel work (the GP kthread, the switch to idle) is a task
  // and runs only where the scheduler could switch to it: not inside a preempt-disabled region
  // (an RCU-sched reader), not in the middle of a system call.
  const bool sleeping = me.blocked_on[me.curr] != 0;  // in wait_for_completion()
  const bool preemptible = (current == FrameKind::Thread && me.preempt == 0) || sleeping;
  auto it = std::find_if(me.pending.begin(), me.pending.end(), [&](const Event& e) {
    return preemptible || !is_work(e.handler);
  });
  if (it == me.pending.end()) return {};
  const Event ev = *it;
  me.pending.erase(it);
  me.running = ev.handler;
  me.irq_start = now;
  KernelEntry e;
  e.program = &routine(ev.handler);
  std::copy(std::begin(ev.args), std::end(ev.args), e.args);
  if (ev.handler == kTick) {
    ++me.ticks;
    // rcu_check_callbacks(user): a quiescent state if the tick interrupted user mode or the
    // idle loop (a kernel thread is quiescent only when it schedules, or once it exited); and
    // only a task outside any preempt-disabled (RCU-sched reader) region can be preempted.
    const std::size_t cpu = c.raw();
    const bool preemptible = current == FrameKind::Thread && me.preempt == 0;
    const bool user_or_idle =
        me.curr == 0 || rq_[cpu][me.curr].user || me.exited[me.curr];
    e.args[0] = preemptible && user_or_idle ? 1 : 0;
    e.args[2] = preemptible ? 1 : 0;
    if (preemptible && me.curr != 0) --me.slice;
  } else if (!is_work(ev.handler)) {
    ++me.ipis_received;
  }
  return e;
}

void Kernel::returned(CpuId c, FrameKind kind, Value ret, Cycle now) {
  Cpu& me = cpus_[c.raw()];
  if (kind == FrameKind::Syscall) {
    CallStats& cs = calls_[me.syscall_kind];
    const std::uint64_t lat = now - me.syscall_start;
    cs.cycles += lat;
    cs.max = std::max(cs.max, lat);
    return;
  }
  if (kind != FrameKind::Interrupt) return;
  me.handler_cycles += now - me.irq_start;
  if (me.running == kWorkGp) {
    gp_pass_queued_ = false;
    if (ret == 0) {
      gp_completed_ = gp_started_;
      wake_gp_waiters(now);
      gp_running_ = false;
      ++gps_;
      gp_cycles_ += now - gp_start_at_;
      gp_cycles_max_ = std::max<std::uint64_t>(gp_cycles_max_, now - gp_start_at_);
    } else if (gp_next_pass_ == Cycle::never()) {
      gp_next_pass_ = now + cfg_.fqs_interval;
    }
  }
  // A quiescent state reported by the tick or a context switch (rcu_report_qs_rnp): the last
  // one wakes the kthread, which ends the grace period before its next scan is due.
  if ((me.running == kTick || me.running == kWorkSchedule) && ret != 0 && gp_running_)
    gp_wake_ = true;
  me.running = 0;
}

// try_to_wake_up() of every task sleeping for a completed grace period, with wake-up
// preemption (check_preempt_curr: a task that slept has the smallest vruntime): schedule()
// runs on its CPU as soon as the running task can be preempted.
void Kernel::wake_gp_waiters(Cycle now) {
  for (Cpu& cpu : cpus_) {
    bool resched = false;
    for (std::size_t slot = 0; slot < cpu.blocked_on.size(); ++slot) {
      Value& b = cpu.blocked_on[slot];
      if (b != 0 && b <= gp_completed_) {
        b = 0;
        resched = resched || slot != cpu.curr;
      }
    }
    if (resched) cpu.pending.push_back(Event{kWorkSchedule, {0, 0, 0}, now});
  }
}

// The timer of a schedule_timeout() sleep fires: the task is runnable again and, as a woken
// task does (wake_gp_waiters), preempts the running one.
void Kernel::wake_sleepers(Cycle now) {
  for (Cpu& cpu : cpus_) {
    bool resched = false;
    for (std::size_t slot = 0; slot < cpu.wake_at.size(); ++slot) {
      if (cpu.blocked_on[slot] == kTimedSleep && cpu.wake_at[slot] <= now) {
        cpu.blocked_on[slot] = 0;
        resched = resched || slot != cpu.curr;
      }
    }
    if (resched) cpu.pending.push_back(Event{kWorkSchedule, {0, 0, 0}, now});
  }
}

void Kernel::thread_started(CpuId c, Cycle now) {
  // The CPU's tasks wake: schedule() switches from idle to the first of them.
  Cpu& me = cpus_[c.raw()];
  me.woken = true;
  if (rq_[c.raw()].size() > 1) me.pending.push_back(Event{kWorkSchedule, {0, 0, 0}, now});
}

// The thread has run its last instruction: it stays parked in user mode, still current on
// its CPU (on a nohz_full CPU, still in its extended quiescent state), and is never picked
// again once the tick preempts it for another task.
void Kernel::thread_finished(CpuId c, Cycle) {
  Cpu& me = cpus_[c.raw()];
  me.exited[me.curr] = true;
}

void Kernel::collect_stats(std::map<std::string, std::uint64_t>& out,
                           std::set<std::string>& maxima) const {
  // Per system call: a call that fails at once (an error code) counts with 0 cycles.
  for (std::size_t k = 0; k < calls_.size(); ++k) {
    if (calls_[k].calls == 0) continue;
    const std::string n = std::string("syscall.") + kCallNames[k];
    out[n + ".calls"] += calls_[k].calls;
    out[n + ".cycles"] += calls_[k].cycles;
    out[n + ".cycles.max"] = std::max(out[n + ".cycles.max"], calls_[k].max);
    maxima.insert(n + ".cycles.max");
  }
  out["ipi.sent"] += ipis_sent_;
  out["rcu.grace_periods"] += gps_;
  out["rcu.gp_cycles"] += gp_cycles_;
  out["rcu.gp_cycles.max"] = std::max(out["rcu.gp_cycles.max"], gp_cycles_max_);
  maxima.insert("rcu.gp_cycles.max");
  for (std::size_t c = 0; c < cpus_.size(); ++c) {
    const std::string n = ".cpu" + std::to_string(c);
    out["ipi.received" + n] += cpus_[c].ipis_received;
    out["irq.handler_cycles" + n] += cpus_[c].handler_cycles;
    out["tick.count" + n] += cpus_[c].ticks;
    out["sched.switches" + n] += cpus_[c].switches;
  }
}

}  // namespace mmsim::kernel

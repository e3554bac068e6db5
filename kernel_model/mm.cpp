#include "kernel_model/mm.h"

#include "kernel_model/kernel_abi.h"
#include "kernel_model/kernel_code.h"

namespace mmsim::kernel {

Mm::Mm(KernelState& s, KernelCalls& calls) : s_(s) {
  check_callers();
  const CodeSwitches& k = s.cfg.code;
  const Era era = s.cfg.era;
  struct Routine {
    std::uint16_t nr;
    const char* name;
    std::string (*text)(const CodeSwitches&, Era);
    ThreadProgram* program;
  };
  for (const Routine& r : {Routine{kSysExitMm, "exit_mm", exit_mm_text, &exit_mm_},
                           Routine{kSysKthreadUseMm, "kthread_use_mm", kthread_use_mm_text,
                                   &kthread_use_mm_},
                           Routine{kSysKthreadUnuseMm, "kthread_unuse_mm",
                                   kthread_unuse_mm_text, &kthread_unuse_mm_},
                           Routine{kSysExecve, "execve", execve_text, &execve_}}) {
    if (s.calls(r.nr)) *r.program = s.lower(r.name, r.text(k, era), {"task_lock"});
    calls.add_syscall(r.nr, kCallOther,
                      [program = r.program](std::size_t, const Value(&)[3], CallKind&) {
                        KernelEntry e;
                        e.program = program;
                        return e;
                      });
  }
  calls.add_intrinsic(kCurrentMm, [this](std::size_t c, const Value(&)[3], Cycle) {
    KCallResult r;
    r.value = s_.cpus[c].mm.mm;
    return r;
  });
  calls.add_intrinsic(kActiveMm, [this](std::size_t c, const Value(&)[3], Cycle) {
    KCallResult r;
    r.value = s_.cpus[c].mm.active;
    return r;
  });
  // exit_mm() and kthread_unuse_mm() keep the mm as active_mm (enter_lazy_tlb).
  calls.add_intrinsic(kMmDrop, [this](std::size_t c, const Value(&)[3], Cycle) {
    set_mm(c, 0);
    return KCallResult{};
  });
  calls.add_intrinsic(kMmUse, [this](std::size_t c, const Value(&)[3], Cycle) {
    return set_mm(c, s_.rq[c][s_.cpus[c].sched.curr].use_mm);
  });
  calls.add_intrinsic(kMmExec, [this](std::size_t c, const Value(&)[3], Cycle) {
    return set_mm(c, s_.rq[c][s_.cpus[c].sched.curr].exec_mm);
  });
}

// current->mm = mm for the running task, from now on (its task slot keeps it across
// switches); a new mm is the active one too (kthread_use_mm(), exec_mmap()).
KCallResult Mm::set_mm(std::size_t c, int mm) {
  CpuState& cpu = s_.cpus[c];
  cpu.mm.mm = mm;
  if (mm != 0) cpu.mm.active = mm;
  cpu.mm.task_mm[cpu.sched.curr] = mm;
  KCallResult r;
  r.value = mm;
  return r;
}

// kthread_[un]use_mm() is a kernel thread's (a user thread has its mm already); execve()
// replaces a single-threaded user process's image (de_thread() would kill the others).
void Mm::check_callers() const {
  const KernelState& s = s_;
  const Scenario& sc = s.scenario;
  for (std::size_t t = 0; t < sc.threads.size(); ++t)
    for (const auto& op : sc.threads[t].ops) {
      if (op.kind != UopKind::Syscall) continue;
      const auto& pos = sc.threads[t].positions;
      const SourcePos at = op.src < pos.size() ? pos[op.src] : SourcePos{};
      const std::string thread = "P" + std::to_string(t);
      const bool kernel = s.tasks.tasks[t].kernel;
      if ((op.code == kSysKthreadUseMm || op.code == kSysKthreadUnuseMm) && !kernel)
        throw BadInput("parse", at,
                       std::string(op.code == kSysKthreadUseMm ? "kthread_use_mm"
                                                               : "kthread_unuse_mm") +
                           "() in " + thread +
                           ", a user thread: only a kernel thread adopts an mm (make it one "
                           "with Mode=" + thread + ":kernel)");
      if (op.code == kSysExecve && kernel)
        throw BadInput("parse", at, "execve() in " + thread + ", a kernel thread");
      if (op.code == kSysExecve && s.tasks.users(s.tasks.tasks[t].mm) > 1)
        throw BadInput("parse", at,
                       "execve() in " + thread +
                           ", whose process has other threads (exec would kill them): give it "
                           "a process of its own with Mm=" + thread + ":<name>");
    }
}

}  // namespace mmsim::kernel

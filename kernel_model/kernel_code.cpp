#include "kernel_model/kernel_code.h"

#include <stdexcept>
#include <vector>

#include "kernel_model/kernel_abi.h"
#include "kernel_model/membarrier_cmd.h"
#include "sim/scenario/c_frontend.h"

namespace mmsim::kernel {
namespace {

Addr array(MemoryLayout& layout, const std::string& name, std::size_t n) {
  const Addr base = layout.intern(name).addr;
  for (std::size_t i = 1; i < n; ++i) layout.intern(element_name(name, i));
  return base;
}

}  // namespace

// The geometry of the kernel data, as named constants of the dialect (an array's element i
// is at base + i * LINE; csd's [caller][target] at (caller * NCPU + target) * LINE).
PrimitiveTable with_geometry(PrimitiveTable prims, std::size_t cpus) {
  prims.push_back(constant_primitive("LINE", static_cast<Value>(MemoryLayout::kLine),
                                     "bytes between two elements"));
  prims.push_back(constant_primitive("NCPU", static_cast<Value>(cpus), "CPUs of the machine"));
  return prims;
}

std::string element_name(const std::string& array, std::size_t i) {
  return i == 0 ? array : array + "[" + std::to_string(i) + "]";
}

KernelData intern_kernel_data(MemoryLayout& layout, std::size_t cpus, int mms) {
  KernelData d;
  d.rq_curr = array(layout, "rq_curr", cpus);
  d.rq_lock = array(layout, "rq_lock", cpus);
  d.mm_state = array(layout, "mm_state", static_cast<std::size_t>(mms) + 1);
  d.rq_mstate = array(layout, "rq_mstate", cpus);
  d.csd = array(layout, "csd", cpus * cpus);
  d.dynticks = array(layout, "dynticks", cpus);
  d.rcu_qs = array(layout, "rcu_qs", cpus);
  d.dyn_snap = array(layout, "dyn_snap", cpus);
  d.gp_seq = layout.intern("gp_seq").addr;
  d.gp_done = layout.intern("gp_done").addr;
  d.ipi_mutex = layout.intern("ipi_mutex").addr;
  return d;
}

ThreadProgram lower_routine(const std::string& name, const std::string& text, std::size_t cpus,
                            const PrimitiveTable& prims, MemoryLayout& layout,
                            const std::vector<std::string>& extra_arrays) {
  // A table without the geometry constants gets them for this routine (a copy: the kernel's
  // own table has them from the start, KernelState).
  PrimitiveTable copied;
  const bool has_geometry = find_primitive(prims, "LINE") != nullptr;
  if (!has_geometry) copied = with_geometry(prims, cpus);
  const PrimitiveTable& table = has_geometry ? prims : copied;
  LitmusTest t;
  t.file = "kernel:" + name;
  t.arch = "C";
  t.name = name;
  ThreadSource th;
  th.body = text;
  th.body_pos = SourcePos{t.file, 1, 1};
  for (const char* p :
       {"rq_curr", "rq_lock", "mm_state", "rq_mstate", "csd", "dynticks", "rcu_qs", "dyn_snap",
        "gp_seq", "gp_done", "ipi_mutex"})
    th.params.push_back(CParam{"int*", p, {}});
  for (const auto& p : extra_arrays) {
    if (!layout.find(p)) array(layout, p, cpus);
    th.params.push_back(CParam{"int*", p, {}});
  }
  try {
    return lower_c_thread(t, th, table, layout);
  } catch (const BadInput& e) {
    throw std::logic_error("kernel routine does not lower: " + e.located());
  }
}

// Context tracking (kernel/context_tracking.c, rcu_dynticks_eqs_enter/exit): leaving or
// entering an extended quiescent state bumps this CPU's dynticks counter with a fully ordered
// atomic, which the GP kthread reads remotely. `slot` 1 = system call, 2 = read-side section,
// 0 = interrupt/work. The mutation rcu.dynticks_atomic=0 makes the bump a plain increment.
static std::string bump(const CodeSwitches& k) {
  return k.dynticks_atomic
             ? "atomic_fetch_add(1, dynticks + __this_cpu() * LINE);"
             : "WRITE_ONCE(*(dynticks + __this_cpu() * LINE), "
               "READ_ONCE(*(dynticks + __this_cpu() * LINE)) + 1);";
}
std::string eqs_exit(const CodeSwitches& k, int slot) {
  return "\tif (__eqs_exit(" + std::to_string(slot) + ")) { " + bump(k) + " }\n";
}
std::string eqs_enter(const CodeSwitches& k, int slot) {
  return "\tif (__eqs_enter(" + std::to_string(slot) + ")) { " + bump(k) + " }\n";
}

// smp_call_function_many(mask, handler, info, wait): send the IPIs marked during the scan
// (after the arch's IPI-send fence), then, with wait=1, wait for every target's csd unlock
// (csd_lock_wait). `info`, a local of the caller, is the handler's arg2.
static std::string send_and_wait(int handler, bool wait, const std::string& info = "") {
  std::string s = R"(
	if (sent) {
		__ipi_send_fence();
		__ipi_flush()" + std::to_string(handler) + (info.empty() ? "" : ", " + info) + R"();
	}
)";
  if (wait) {
    s += R"(
	cpu = 0;
	while (cpu < n) {
		while (smp_load_acquire(csd + (self * NCPU + cpu) * LINE) != 0) {
		}
		cpu = cpu + 1;
	}
)";
  }
  return s;
}

// membarrier_ipi_mutex (6.8, CVE-2024-26602): a sleeping mutex in the kernel, taken here by
// spinning on its acquire RMW (LOCK'd on x86, hence a full barrier there) and released with
// a release store.
static std::string ipi_mutex_lock(bool serialize) {
  return serialize ? "\twhile (xchg_acquire(ipi_mutex, 1) != 0) {\n\t}\n" : "";
}
static std::string ipi_mutex_unlock(bool serialize) {
  return serialize ? "\tsmp_store_release(ipi_mutex, 0);\n" : "";
}

static std::string mark_ipi() {
  return R"(
			WRITE_ONCE(*(csd + (self * NCPU + cpu) * LINE), 1);
			__ipi_mark(cpu);
			sent = 1;
)";
}

// smp_call_function_single(cpu, handler, NULL, wait) inside the scan: the IPI marked for this
// CPU goes at once, and with wait=1 the scan goes on only after its handler ran.
static std::string send_one(int handler, bool wait) {
  return R"(			__ipi_send_fence();
			__ipi_flush()" + std::to_string(handler) + R"();
)" + (wait ? "\t\t\twhile (smp_load_acquire(csd + (self * NCPU + cpu) * LINE) != 0) {\n\t\t\t}\n"
           : "");
}

// membarrier_private_expedited() / membarrier_global_expedited() (kernel/sched/membarrier.c):
// smp_mb (A); from 6.8 SERIALIZE_IPI() (after (A) and the cpumask allocation, held to the
// return); lockless scan of every CPU's rq->curr; IPI the selected CPUs and wait for each
// handler (smp_call_function_many(..., wait=1)); smp_mb (B).
std::string membarrier_expedited_text(const CodeSwitches& k, bool global, bool include_self,
                                      int handler, bool rq_state, bool serialize, bool single,
                                      bool each) {
  // 5.4+ GLOBAL_EXPEDITED reads the rq's cached state first, then rq->curr (a kthread has no
  // mm); before, rq->curr and then its mm's state.
  const bool cached = global && rq_state;
  std::string select = !global ? "m == mm"
                       : cached ? "(st & " + std::to_string(kStGlobalExpedited) + ") && m != 0"
                                : "m != 0 && (READ_ONCE(*(mm_state + m * LINE)) & " +
                                      std::to_string(kStGlobalExpedited) + ")";
  if (!include_self) select = "cpu != self && " + select;
  const std::string scan = cached ? "\t\tst = READ_ONCE(*(rq_mstate + cpu * LINE));\n" : "";
  return R"(
	int arg0; int arg1; int arg2;
	int ret = 0;
	int self = __this_cpu();
	int mm = __current_mm();
	int n = __nr_cpus();
	int cpu = 0;
	int m = 0;
	int sent = 0;
	int st = 0;
)" + eqs_exit(k, 1) + (k.memb_mb_before ? "\tsmp_mb();\n" : "") + ipi_mutex_lock(serialize) +
         // RSEQ with MEMBARRIER_CMD_FLAG_CPU (5.10+): only cpu_id's rq->curr is read, and that
         // CPU is IPIed if it runs the caller's mm (an offline cpu_id: nobody).
         (single ? "\tcpu = arg0;\n\tif (cpu < n) {\n\t\tn = cpu + 1;\n\t} else {\n\t\tcpu = n;\n\t}\n"
                 : "") +
         R"(
	while (cpu < n) {
)" + scan + R"(		m = READ_ONCE(*(rq_curr + cpu * LINE));
		if ()" + select + R"() {
)" + (k.memb_ipi ? mark_ipi() + (each ? send_one(handler, k.memb_ipi_wait) : "") : "") + R"(
		}
		cpu = cpu + 1;
	}
)" + (each ? "" : send_and_wait(handler, k.memb_ipi_wait)) + (k.memb_mb_after ? "\tsmp_mb();\n" : "") +
         ipi_mutex_unlock(serialize) + eqs_enter(k, 1) + R"(
	__syscall_return();
)";
}

// ipi_mb / ipi_sync_core, then csd_unlock (a release store the caller waits on), then the
// arch's interrupt return.
std::string ipi_handler_text(const CodeSwitches& k, int handler) {
  std::string body = handler == kIpiRseq || !k.ipi_handler_mb ? "" : "\tsmp_mb();\n";
  if (handler == kIpiSyncCore) body += "\t__sync_core();\n";
  return R"(
	int arg0; int arg1; int arg2;
	int self = __this_cpu();
)" + eqs_exit(k, 0) + body + R"(
	smp_store_release(csd + (arg0 * NCPU + self) * LINE, 0);
)" + eqs_enter(k, 0) + R"(
	__irq_return();
)";
}

// ipi_sync_rq_state (5.4+), info = the registering mm (arg2): a CPU still running that mm
// copies its state into rq->membarrier_state, then smp_mb(); one that switched to another
// task meanwhile does nothing (`current->mm != mm`: return); csd_unlock; the arch's interrupt
// return.
std::string ipi_sync_rq_state_text(const CodeSwitches& k) {
  return R"(
	int arg0; int arg1; int arg2;
	int self = __this_cpu();
	int mm = __current_mm();
)" + eqs_exit(k, 0) + R"(
	if (mm == arg2) {
		WRITE_ONCE(*(rq_mstate + self * LINE), READ_ONCE(*(mm_state + mm * LINE)));
		smp_mb();
	}
	smp_store_release(csd + (arg0 * NCPU + self) * LINE, 0);
)" + eqs_enter(k, 0) + R"(
	__irq_return();
)";
}

// synchronize_sched()'s body (KERNEL.md §2): request a grace period that starts after this
// point, note this CPU quiescent, block until it completed. Needs locals self, target.
static std::string gp_wait_body(const CodeSwitches& k) {
  return std::string(R"(
	smp_mb();
	target = __gp_request();
)") + (k.gp_wait ? R"(
	__gp_wait(target);
	while (smp_load_acquire(gp_done) < target) {
	}
)" : "") + "\tsmp_mb();\n";
}

// membarrier_register_*(): set the intent bits, make the scheduler see them (`sync`), set
// READY, each with atomic_or() (a thread of the same process registering for another command
// meanwhile keeps its bits). arg0 = intent bits, arg1 = ready bits.
std::string register_text(const CodeSwitches& k, RegisterSync sync, bool local, bool serialize) {
  std::string body;
  if (sync == RegisterSync::SynchronizeSched) {
    body = gp_wait_body(k);
  } else if (sync == RegisterSync::SyncRunqueues && local) {
    body = "\tWRITE_ONCE(*(rq_mstate + self * LINE), st | arg0);\n\tsmp_mb();\n";
  } else if (sync == RegisterSync::SyncRunqueues) {
    // sync_runqueues_membarrier_state(): after the grace period every later switch-in reads
    // the new state; CPUs running the mm now get it by IPI (on_each_cpu_mask, wait=1; the
    // caller's own CPU runs the function directly).
    body = gp_wait_body(k) + ipi_mutex_lock(serialize) + R"(
	WRITE_ONCE(*(rq_mstate + self * LINE), st | arg0);
	smp_mb();
	while (cpu < n) {
		if (cpu != self && READ_ONCE(*(rq_curr + cpu * LINE)) == mm) {
)" + mark_ipi() + R"(
		}
		cpu = cpu + 1;
	}
)" + send_and_wait(kIpiSyncRqState, true, "mm") + ipi_mutex_unlock(serialize);
  }
  return R"(
	int arg0; int arg1; int arg2;
	int ret = 0;
	int mm = __current_mm();
	int self = __this_cpu();
	int n = __nr_cpus();
	int cpu = 0;
	int sent = 0;
	int target = 0;
)" + eqs_exit(k, 1) + R"(
	atomic_or(arg0, mm_state + mm * LINE);
	int st = READ_ONCE(*(mm_state + mm * LINE));
	smp_mb();
)" + body + R"(
	atomic_or(arg1, mm_state + mm * LINE);
	__mm_state_or(arg0 | arg1);
)" + eqs_enter(k, 1) + R"(
	__syscall_return();
)";
}

// rcu_qs() and its report (rcu_report_qs_rdp, under the rnp lock: a full barrier): this CPU
// is quiescent for the grace period in progress, if one waits for it; ret = 1 tells the kernel
// a report was made (the GP kthread wakes when the last one comes). A grace period that starts
// later needs another (note_gp_changes()). Needs locals self, g, ret.
static std::string rcu_qs_note(const CodeSwitches& k) {
  return std::string(R"(
	g = READ_ONCE(*gp_seq);
	if (READ_ONCE(*gp_done) < g && READ_ONCE(*(rcu_qs + self * LINE)) < g) {
)") + (k.tick_qs_mb ? "\t\tsmp_mb();\n" : "") + R"(
		WRITE_ONCE(*(rcu_qs + self * LINE), g);
		ret = 1;
	}
)";
}

SchedFacts sched_facts(const PrimitiveTable& prims, Era era) {
  SchedFacts f;
  f.rq_state = era >= Era::V5_4;
  // The arch's fact (models/<arch>/*_primitives.cpp): 1 where switch_mm's barrier depends on
  // the next mm's registration (powerpc's membarrier_arch_switch_mm(), 3ccfebedd8cf), 0 or
  // absent where it is unconditional. Before 4.16 powerpc's barrier was
  // finish_task_switch()'s smp_mb__after_unlock_lock(), on every switch; 4.16 made it
  // conditional together with the synchronize_sched() of a multi-user mm's registration,
  // without which a switch could read the state from before the registration and skip it.
  auto fact = [&](const char* name) {
    const Primitive* c = find_primitive(prims, name);
    return c && c->shape == PrimShape::Constant && c->value != 0;
  };
  f.barrier_if_registered = fact("__SWITCH_MM_BARRIER_IF_REGISTERED") && era >= Era::V4_16;
  f.barrier_every_switch = fact("__SWITCH_BARRIER_ON_EVERY_TASK_SWITCH");
  // The arch's context_switch() instructions before its switch barrier, where it models them
  // (arm64: __switch_to()'s DSB comes last); empty where it does not.
  const Primitive* path = find_primitive(prims, "__switch_path");
  f.switch_path = path && !path->uops.empty();
  return f;
}

// __schedule() (kernel/sched/core.c) with the barriers of KERNEL.md §1.7: take the runqueue
// lock (an acquire RMW; LOCK'd, hence a full barrier, on x86) and smp_mb__after_spinlock(),
// which order the outgoing task's accesses before the rq->curr store (pairs with membarrier's
// (B)); pick the next task and switch to it (switch_to: the task frames below this code
// change); store rq->curr; when the mm changes, switch_mm()'s barrier (x86: the serializing
// CR3 write), which orders the store before the next task's user accesses (pairs with (A)).
// Two threads of one mm switch without it: membarrier's scan saw that mm either way. Finally
// the EQS of the new context (idle, or a nohz_full CPU left with one user task).
// rcu_note_context_switch(): every pass through __schedule() is a quiescent state
// (rcu_qs_note, after the runqueue lock's barrier), and reports the expedited one a 4.x
// handler left for this pass (rcu_sched_qs → rcu_report_exp_rdp). Needs locals self, prev, active,
// next, ns, g, ret, eo.
static std::string sched_body(const CodeSwitches& k, const SchedFacts& f) {
  // The arch's switch_mm barrier: unconditional (x86's CR3 write, arm64's DSB in __switch_to),
  // or, where the arch says so (powerpc's membarrier_arch_switch_mm()), only when the next mm
  // is registered for an expedited command (atomic_read of its membarrier_state).
  const std::string registered =
      f.barrier_if_registered
          ? " && (READ_ONCE(*(mm_state + next * LINE)) & " +
                std::to_string(kStPrivateExpedited | kStGlobalExpedited) + ")"
          : "";
  // membarrier_switch_mm() (5.4+, in context_switch()), on a switch to a user task only:
  // cache the next mm's state in the rq unless the mm the CPU ran on (prev->active_mm; a
  // kernel thread's or idle's is the last user mm, lazily kept) is that mm already. A switch
  // to a kernel thread or idle leaves it as it was.
  const std::string cache = f.rq_state ? R"(
	if (next != 0 && next != active) {
		ns = READ_ONCE(*(mm_state + next * LINE));
		if (READ_ONCE(*(rq_mstate + self * LINE)) != ns) { WRITE_ONCE(*(rq_mstate + self * LINE), ns); }
	}
)" : "";
  // What a task switch runs after the rq->curr store: the arch's modelled path to its switch
  // barrier, and the barrier itself where the arch issues it on every switch.
  std::string switched = f.switch_path ? "__switch_path(); " : "";
  if (k.mb_after_switch && f.barrier_every_switch) switched += "__switch_mm_barrier(); ";
  std::string after_store =
      switched.empty() ? "" : "\tif (__task_switched()) { " + switched + "}\n";
  if (k.mb_after_switch && !f.barrier_every_switch)
    after_store += "\tif (next != prev && next != 0" + registered + ") { __switch_mm_barrier(); }\n";
  return std::string(R"(
	prev = __current_mm();
)") + (f.rq_state ? "\tactive = __active_mm();\n" : "") + R"(
	while (xchg_acquire(rq_lock + self * LINE, 1) != 0) {
	}
)" + (k.mb_after_spinlock ? "\tsmp_mb__after_spinlock();\n" : "") + rcu_qs_note(k) + R"(
	eo = __exp_deferred();
	if (eo) {
		smp_mb();
		smp_store_release(csd + ((eo - 1) * NCPU + self) * LINE, 0);
	}
	next = __pick_next();
	WRITE_ONCE(*(rq_curr + self * LINE), next);
)" + cache + after_store +
         R"(
	smp_store_release(rq_lock + self * LINE, 0);
	if (__sched_eqs()) { )" + bump(k) + R"( }
)";
}

// A system call on the current task's mm: `locked` runs under task_lock(current) (an
// acquire RMW spin on the per-CPU task_lock line), `after` once it is released. Locals: self
// (this CPU) and `locals`.
static std::string under_task_lock(const CodeSwitches& k, const std::vector<std::string>& locals,
                                   const std::string& locked, const std::string& after) {
  std::string declared;
  for (const std::string& l : locals) declared += "\tint " + l + " = 0;\n";
  return R"(
	int arg0; int arg1; int arg2;
	int ret = 0;
	int self = __this_cpu();
)" + declared + eqs_exit(k, 1) + R"(
	while (xchg_acquire(task_lock + self * LINE, 1) != 0) {
	}
)" + locked + "\tsmp_store_release(task_lock + self * LINE, 0);\n" + after + eqs_enter(k, 1) +
         "\t__syscall_return();\n";
}

// exit_mm() and kthread_unuse_mm() alike: (5.10+) a full barrier, current->mm = NULL and
// (5.10+) membarrier_update_current_mm(NULL).
static std::string drop_mm_text(const CodeSwitches& k, Era era, bool mb) {
  const bool v5_10 = era >= Era::V5_10;
  return under_task_lock(k, {},
                         std::string(v5_10 && mb ? "\tsmp_mb__after_spinlock();\n" : "") +
                             "\tWRITE_ONCE(*(rq_curr + self * LINE), 0);\n" +
                             (v5_10 ? "\tWRITE_ONCE(*(rq_mstate + self * LINE), 0);\n" : "") +
                             "\t__mm_drop();\n",
                         "");
}

std::string exit_mm_text(const CodeSwitches& k, Era era) {
  return drop_mm_text(k, era, k.exit_mm_mb);
}

std::string kthread_unuse_mm_text(const CodeSwitches& k, Era era) {
  return drop_mm_text(k, era, k.kthread_unuse_mm_mb);
}

std::string kthread_use_mm_text(const CodeSwitches& k, Era era) {
  if (era >= Era::V5_10)
    return under_task_lock(
        k, {"adopted"},
        "\tadopted = __mm_use();\n\tWRITE_ONCE(*(rq_curr + self * LINE), adopted);\n"
        "\tWRITE_ONCE(*(rq_mstate + self * LINE), READ_ONCE(*(mm_state + adopted * LINE)));\n",
        k.kthread_use_mm_mb ? "\tsmp_mb();\n" : "");
  // Before 5.10 only mmdrop() of another borrowed mm: none when the thread's active_mm (what
  // it borrowed, or kept after unuse_mm()) already is the adopted mm.
  return under_task_lock(
      k, {"adopted", "was"},
      "\twas = __active_mm();\n\tadopted = __mm_use();\n"
      "\tWRITE_ONCE(*(rq_curr + self * LINE), adopted);\n",
      k.kthread_use_mm_mb ? "\tif (was != adopted) { smp_mb(); }\n" : "");
}

std::string execve_text(const CodeSwitches& k, Era era) {
  const bool v5_4 = era >= Era::V5_4;
  const std::string clear = "\tWRITE_ONCE(*(mm_state + fresh * LINE), 0);\n";
  return under_task_lock(
      k, {"fresh"},
      "\tfresh = __mm_exec();\n" +
          (v5_4 ? "\tsmp_mb();\n" + clear + "\tWRITE_ONCE(*(rq_mstate + self * LINE), 0);\n"
                : "") +
          "\tWRITE_ONCE(*(rq_curr + self * LINE), fresh);\n",
      !v5_4 && era >= Era::V4_14 ? clear : "");
}

// The scheduling-clock interrupt: rcu_check_callbacks(user) (5.1+ rcu_sched_clock_irq(),
// non-preemptible RCU) notes a quiescent state (rcu_qs_note) when it interrupted user mode or
// the idle loop (arg0 = 1). Then scheduler_tick(): when it
// interrupted a preemptible task (arg2 = 1) whose slice is over and another is runnable,
// preempt it on the way out of the interrupt; inside a preempt-disabled region never.
std::string tick_text(const CodeSwitches& k, const SchedFacts& f) {
  return R"(
	int arg0; int arg1; int arg2;
	int ret = 0;
	int eo = 0;
	int self = __this_cpu();
	int g = 0;
	int prev = 0;
)" + std::string(f.rq_state ? "\tint active = 0;\n" : "") + R"(	int next = 0;
	int ns = 0;
)" + eqs_exit(k, 0) + R"(
	if (arg0) {
)" + rcu_qs_note(k) + R"(
	}
	if (arg2 && __need_resched()) {
)" + sched_body(k, f) + R"(
	} else {
)" + eqs_enter(k, 0) + R"(
	}
	__irq_return();
)";
}

// schedule() as kernel work: from idle to a task that became runnable (a test thread starts
// as a task waking in a system call, so it returns through the system-call exit), and from a
// task that exited to the next runnable one or to idle.
std::string schedule_text(const CodeSwitches& k, const SchedFacts& f) {
  return R"(
	int arg0; int arg1; int arg2;
	int ret = 0;
	int g = 0;
	int eo = 0;
	int self = __this_cpu();
	int prev = 0;
)" + std::string(f.rq_state ? "\tint active = 0;\n" : "") + R"(	int next = 0;
	int ns = 0;
)" + eqs_exit(k, 0) + sched_body(k, f) + R"(
	__syscall_return();
)";
}

// synchronize_sched(): wake the GP kthread, block (schedule(): a context switch, a quiescent
// state only for a grace period already started), wait for the completion.
std::string synchronize_sched_text(const CodeSwitches& k) {
  return R"(
	int arg0; int arg1; int arg2;
	int ret = 0;
	int self = __this_cpu();
	int target = 0;
)" + eqs_exit(k, 1) + gp_wait_body(k) + eqs_enter(k, 1) + R"(
	__syscall_return();
)";
}

// One pass of the grace-period kthread (kernel/rcu/tree.c rcu_gp_kthread), arg1 = the grace
// period. arg0 = 0, rcu_gp_init: publish gp_seq; the kthread's own CPU is quiescent (it
// sleeps until its first scan). arg0 = 1, the first force-quiescent-state scan
// (rcu_gp_fqs(first_time), dyntick_save_progress_counter): snapshot the dynticks counter
// (a fully ordered read) of every CPU that has not reported; one in an EQS (even counter) is
// quiescent. arg0 = 2, each later scan (rcu_implicit_dynticks_qs): a CPU whose snapshot was
// odd is quiescent once its counter moved. arg0 = 3, a wake-up by a CPU's report
// (rcu_gp_fqs_check_wake): only reports count. ret = 1 while some CPU is still pending;
// otherwise rcu_gp_cleanup publishes the end of the grace period, and the waiters' wake-up
// follows it (try_to_wake_up's smp_mb__after_spinlock(): a waiter woken on the kernel's side
// finds the end published).
std::string gp_kthread_text(const CodeSwitches& k) {
  const std::string check = k.fqs_check ? R"(
		q = READ_ONCE(*(rcu_qs + cpu * LINE));
		if (q < arg1) {
			if (arg0 == 1) {
				d = atomic_fetch_add(0, dynticks + cpu * LINE);
				WRITE_ONCE(*(dyn_snap + cpu * LINE), d);
				if (d & 1)
					ret = 1;
			} else if (arg0 == 2) {
				s = READ_ONCE(*(dyn_snap + cpu * LINE));
				d = atomic_fetch_add(0, dynticks + cpu * LINE);
				if ((s & 1) && d == s)
					ret = 1;
			} else {
				ret = 1;
			}
		}
)" : "";
  return R"(
	int arg0; int arg1; int arg2;
	int ret = 0;
	int self = __this_cpu();
	int n = __nr_cpus();
	int cpu = 0;
	int q = 0;
	int s = 0;
	int d = 0;
)" + eqs_exit(k, 0) + R"(
	if (arg0 == 0) {
		smp_mb();
		WRITE_ONCE(*gp_seq, arg1);
		smp_mb();
		WRITE_ONCE(*(rcu_qs + self * LINE), arg1);
		ret = 1;
	}
	while (arg0 != 0 && cpu < n) {
)" + check + R"(
		cpu = cpu + 1;
	}
	if (ret == 0) {
		smp_mb();
		smp_store_release(gp_done, arg1);
		smp_mb();
	}
)" + eqs_enter(k, 0) + R"(
	__syscall_return();
)";
}

// preempt_disable()/preempt_enable() around a test thread's read-side section (slot 2). An
// expedited grace period's IPI that found the CPU inside the region left its report for the
// end of the region (need_resched → schedule → rcu_report_exp_rdp, under the rnp lock).
std::string preempt_text(const CodeSwitches& k, bool disable) {
  const std::string owed =
      "\tint c = __exp_deferred();\n"
      "\tif (c) {\n\t\tsmp_mb();\n"
      "\t\tsmp_store_release(csd + ((c - 1) * NCPU + __this_cpu()) * LINE, 0);\n\t}\n";
  const std::string body = disable ? eqs_exit(k, 2) + "\t__preempt_disable();\n"
                                   : "\t__preempt_enable();\n" + owed + eqs_enter(k, 2);
  return "\n\tint arg0; int arg1; int arg2;\n\tint ret = 0;\n" + body +
         "\t__syscall_return();\n";
}

// synchronize_sched_expedited() (kernel/rcu/tree_exp.h, 4.14): select every other CPU whose
// dynticks counter (read fully ordered) says it is not in an extended quiescent state
// (sync_rcu_exp_select_cpus' rcu_dynticks_in_eqs filter), IPI them, wait for every report.
// CPUs in an EQS get no IPI and execute nothing.
std::string sched_expedited_text(const CodeSwitches& k) {
  return R"(
	int arg0; int arg1; int arg2;
	int ret = 0;
	int self = __this_cpu();
	int n = __nr_cpus();
	int cpu = 0;
	int d = 0;
	int sent = 0;
)" + eqs_exit(k, 1) + R"(
	smp_mb();
	while (cpu < n) {
		if (cpu != self) {
			d = atomic_fetch_add(0, dynticks + cpu * LINE);
			if (d & 1) {
)" + (k.exp_ipi ? mark_ipi() : "") + R"(
			}
		}
		cpu = cpu + 1;
	}
)" + send_and_wait(kIpiRcuExp, true) + R"(
	smp_mb();
)" + eqs_enter(k, 1) + R"(
	__syscall_return();
)";
}

// The expedited grace period's handler (rcu_exp_handler, 5.x non-preemptible RCU): outside an
// RCU-sched reader the quiescent state is reported at once (rcu_report_exp_rdp under the rnp
// lock: a full barrier); inside one it is owed until the reader ends (preempt_text). 4.x
// (sync_sched_exp_handler) reports at once only from idle and otherwise owes it to the next
// __schedule(), which resched_cpu() forces (Kernel's kExpReportNow; sched_body reports).
std::string rcu_exp_handler_text(const CodeSwitches& k) {
  return R"(
	int arg0; int arg1; int arg2;
	int self = __this_cpu();
)" + eqs_exit(k, 0) + (k.exp_defer ? "\tif (__exp_report_now(arg0)) {\n" : "\tif (1) {\n") + R"(
		smp_mb();
		smp_store_release(csd + (arg0 * NCPU + self) * LINE, 0);
	}
)" + eqs_enter(k, 0) + R"(
	__irq_return();
)";
}

}  // namespace mmsim::kernel

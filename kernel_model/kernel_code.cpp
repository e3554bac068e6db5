#include "kernel_model/kernel_code.h"

#include <stdexcept>

#include "kernel_model/kernel_abi.h"
#include "kernel_model/membarrier_cmd.h"
#include "sim/scenario/c_frontend.h"

namespace mmsim::kernel {
namespace {

void replace_all(std::string& s, const std::string& from, const std::string& to) {
  for (std::size_t i = s.find(from); i != std::string::npos; i = s.find(from, i + to.size()))
    s.replace(i, from.size(), to);
}

Addr array(MemoryLayout& layout, const std::string& name, std::size_t n) {
  const Addr base = layout.intern(name).addr;
  for (std::size_t i = 1; i < n; ++i) layout.intern(name + "[" + std::to_string(i) + "]");
  return base;
}

}  // namespace

KernelData intern_kernel_data(MemoryLayout& layout, std::size_t cpus, int mms) {
  KernelData d;
  d.rq_curr = array(layout, "rq_curr", cpus);
  d.mm_state = array(layout, "mm_state", static_cast<std::size_t>(mms) + 1);
  d.csd = array(layout, "csd", cpus * cpus);
  return d;
}

ThreadProgram lower_routine(const std::string& name, std::string text, std::size_t cpus,
                            const PrimitiveTable& prims, MemoryLayout& layout) {
  replace_all(text, "LINE", std::to_string(MemoryLayout::kLine));
  replace_all(text, "NCPU", std::to_string(cpus));
  LitmusTest t;
  t.file = "kernel:" + name;
  t.arch = "C";
  t.name = name;
  ThreadSource th;
  th.body = text;
  th.body_pos = SourcePos{t.file, 1, 1};
  for (const char* p : {"rq_curr", "mm_state", "csd"}) th.params.push_back(CParam{"int*", p, {}});
  try {
    return lower_c_thread(t, th, prims, layout);
  } catch (const BadInput& e) {
    throw std::logic_error("kernel routine does not lower: " + e.located());
  }
}

// membarrier_private_expedited() / membarrier_global_expedited() (kernel/sched/membarrier.c):
// smp_mb (A); lockless scan of every CPU's rq->curr; IPI the selected CPUs and wait for each
// handler (smp_call_function_many(..., wait=1)); smp_mb (B).
std::string membarrier_expedited_text(bool global, bool include_self, int handler) {
  std::string select = global
      ? "m != 0 && (READ_ONCE(*(mm_state + m * LINE)) & " + std::to_string(kStGlobalExpedited) + ")"
      : "m == mm";
  if (!include_self) select = "cpu != self && " + select;
  return R"(
	int arg0; int arg1; int arg2;
	int ret = 0;
	int self = __this_cpu();
	int mm = __current_mm();
	int n = __nr_cpus();
	int cpu = 0;
	int m = 0;
	int sent = 0;
	smp_mb();
	while (cpu < n) {
		m = READ_ONCE(*(rq_curr + cpu * LINE));
		if ()" + select + R"() {
			WRITE_ONCE(*(csd + (self * NCPU + cpu) * LINE), 1);
			__ipi_mark(cpu);
			sent = 1;
		}
		cpu = cpu + 1;
	}
	if (sent) {
		__ipi_send_fence();
		__ipi_flush()" + std::to_string(handler) + R"();
	}
	cpu = 0;
	while (cpu < n) {
		while (smp_load_acquire(csd + (self * NCPU + cpu) * LINE) != 0) {
		}
		cpu = cpu + 1;
	}
	smp_mb();
	__syscall_return();
)";
}

// ipi_mb / ipi_sync_core, then csd_unlock (a release store the caller waits on), then the
// arch's interrupt return.
std::string ipi_handler_text(int handler) {
  std::string body = "\tsmp_mb();\n";
  if (handler == kIpiSyncCore) body += "\t__sync_core();\n";
  return R"(
	int arg0; int arg1; int arg2;
	int self = __this_cpu();
)" + body + R"(
	smp_store_release(csd + (arg0 * NCPU + self) * LINE, 0);
	__irq_return();
)";
}

// membarrier_register_*(): set the intent bits, make the scheduler see them, set READY.
// arg0 = intent bits, arg1 = ready bits.
std::string register_text() {
  return R"(
	int arg0; int arg1; int arg2;
	int ret = 0;
	int mm = __current_mm();
	int st = READ_ONCE(*(mm_state + mm * LINE));
	WRITE_ONCE(*(mm_state + mm * LINE), st | arg0);
	smp_mb();
	WRITE_ONCE(*(mm_state + mm * LINE), st | arg0 | arg1);
	__mm_state_set(st | arg0 | arg1);
	__syscall_return();
)";
}

}  // namespace mmsim::kernel

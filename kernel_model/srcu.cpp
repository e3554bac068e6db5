#include "kernel_model/srcu.h"

#include <stdexcept>
#include <vector>

#include "kernel_model/kernel_abi.h"
#include "kernel_model/kernel_code.h"
#include "kernel_model/membarrier_cmd.h"

namespace mmsim::kernel {
namespace {

// Line offsets within an srcu_struct's data, as C text: CPU `cpu`'s lock (or unlock) counter
// of index `idx`.
std::string counter(const std::string& cpu, int which, const std::string& idx) {
  return "arg0 + (" + std::to_string(kSrcuPerCpu + which) + " + " + cpu + " * " +
         std::to_string(kSrcuCpuLines) + " + " + idx + ") * LINE";
}

bool is_srcu_call(const MicroOp& op) {
  return op.kind == UopKind::Syscall &&
         (op.code == kSysSrcuReadLock || op.code == kSysSrcuReadUnlock ||
          op.code == kSysSynchronizeSrcu);
}

const char* call_name(std::uint16_t nr) {
  return nr == kSysSrcuReadLock     ? "srcu_read_lock"
         : nr == kSysSrcuReadUnlock ? "srcu_read_unlock"
                                    : "synchronize_srcu";
}

}  // namespace

// A test thread's srcu_read_lock() stands for kernel code reached by a system call, as
// rcu_read_lock() does; but each SRCU call is a whole system call of its own (it leaves and
// re-enters a nohz_full CPU's EQS, slot 1), because an SRCU section may nest and overlap
// others of its CPU, may end on another CPU (srcu_up_read), and does not concern RCU: only
// the counters say where it is.
//
// __srcu_read_lock(): idx = READ_ONCE(ssp->srcu_idx) & 1; this_cpu_inc(lock count [idx]);
// smp_mb() (B). The increment is a load and a store of this CPU's own counter (x86's
// this_cpu_inc is one unlocked INC; only this CPU writes the line, and no other SRCU call
// of this CPU runs inside this one).
std::string srcu_read_lock_text(const CodeSwitches& k) {
  return R"(
	int arg0; int arg1; int arg2;
	int ret = 0;
	int c = 0;
)" + eqs_exit(k, 1) + R"(
	ret = READ_ONCE(*arg0) & 1; /* ssp->srcu_idx */
	c = )" + counter("__this_cpu()", kSrcuLock, "ret") + R"(;
	WRITE_ONCE(*c, READ_ONCE(*c) + 1);
)" + (k.srcu_read_mb ? "\tsmp_mb();\n" : "") + eqs_enter(k, 1) + R"(
	__syscall_return();
)";
}

// __srcu_read_unlock(ssp, idx): smp_mb() (C); this_cpu_inc(unlock count [idx]) — on the CPU
// that unlocks, which may not be the one that locked (srcu_up_read): only the sums count.
std::string srcu_read_unlock_text(const CodeSwitches& k) {
  return R"(
	int arg0; int arg1; int arg2;
	int ret = 0;
	int c = 0;
)" + eqs_exit(k, 1) + (k.srcu_unlock_mb ? "\tsmp_mb();\n" : "") + R"(
	c = )" + counter("__this_cpu()", kSrcuUnlock, "(arg1 & 1)") + R"(;
	WRITE_ONCE(*c, READ_ONCE(*c) + 1);
)" + eqs_enter(k, 1) + R"(
	__syscall_return();
)";
}

// synchronize_srcu(): one whole grace period of srcu_advance_state(), run by the caller on
// its own CPU (the kernel runs it from a workqueue while the caller sleeps in
// wait_for_completion()). Under ->srcu_gp_mutex (an acquire RMW; a caller that finds it
// taken sleeps a jiffy and tries again, as a sleeping mutex lets the holder's CPU run;
// concurrent callers each get a grace period of their own instead of sharing one):
//  - srcu_gp_start's smp_mb(): the caller's earlier accesses before the scans;
//  - SCAN1: try_check_zero() on the index readers are not using, 1 ^ (srcu_idx & 1), until
//    srcu_readers_active_idx_check() sees no reader there: sum of the unlock counts, smp_mb()
//    (A), sum of the lock counts, equal. While readers remain, the check is repeated at once
//    kSrcuPolls times, then after a one-jiffy sleep (the kernel polls a while, udelay()
//    apart, then re-queues its work SRCU_INTERVAL = 1 jiffy later), and so on;
//  - srcu_flip(): smp_mb() (E), srcu_idx + 1, smp_mb() (D);
//  - SCAN2: the same check on the index the readers used before the flip;
//  - srcu_gp_end releases the mutex; __synchronize_srcu's smp_mb(): the caller's later
//    accesses after the grace period.
// srcu.gp_wait=0 checks each index once and goes on whatever it saw.
std::string synchronize_srcu_text(const CodeSwitches& k) {
  const std::string retry = k.srcu_gp_wait ? "locks != unlocks" : "0";
  return R"(
	int arg0; int arg1; int arg2;
	int ret = 0;
	int pass = 0;
	int idx = 0;
	int cpu = 0;
	int unlocks = 0;
	int locks = 0;
	int busy = 1;
	int polls = 0;
)" + eqs_exit(k, 1) + R"(
	while (xchg_acquire(arg0 + )" + std::to_string(kSrcuGpMutex) + R"( * LINE, 1) != 0) {
		__sleep_jiffies(1);
	}
	smp_mb();
	while (pass < 2) {
		idx = 1 ^ (READ_ONCE(*arg0) & 1);
		busy = 1;
		polls = 0;
		while (busy) {
			unlocks = 0;
			cpu = 0;
			while (cpu < NCPU) {
				unlocks = unlocks + READ_ONCE(*()" + counter("cpu", kSrcuUnlock, "idx") + R"());
				cpu = cpu + 1;
			}
			smp_mb(); /* A */
			locks = 0;
			cpu = 0;
			while (cpu < NCPU) {
				locks = locks + READ_ONCE(*()" + counter("cpu", kSrcuLock, "idx") + R"());
				cpu = cpu + 1;
			}
			busy = )" + retry + R"(;
			if (busy) {
				polls = polls + 1;
				if (polls >= )" + std::to_string(kSrcuPolls) + R"() {
					__sleep_jiffies(1);
					polls = 0;
				}
			}
		}
		if (pass == 0) {
			smp_mb(); /* E */
			WRITE_ONCE(*arg0, READ_ONCE(*arg0) + 1);
			smp_mb(); /* D */
		}
		pass = pass + 1;
	}
	smp_store_release(arg0 + )" + std::to_string(kSrcuGpMutex) + R"( * LINE, 0);
	smp_mb();
)" + eqs_enter(k, 1) + R"(
	__syscall_return();
)";
}

// Which srcu_structs a test has: the locations its SRCU calls name (the C front end passes a
// location's address), and the locations its threads declare `struct srcu_struct *`. Each gets
// its kernel data, interned after the test's own locations as lines
// "<name>.srcu_idx", "<name>.srcu_gp_mutex" and per CPU c
// "<name>.sda[c].srcu_lock_count[i]" / "<name>.sda[c].srcu_unlock_count[i]" (i = 0, 1),
// contiguous, so that the routines reach every field from one base: the kernel passes that
// base as arg0 for the struct's address (the map below), as ssp->... and
// per_cpu_ptr(ssp->sda, c)->... are reached from the srcu_struct pointer in the kernel. The
// test's location itself is never accessed: two srcu_structs are two such blocks,
// independent of each other.
void Srcu::setup(const KernelState& ks) {
  Scenario& s = ks.scenario;
  const std::size_t cpus = ks.cfg.cpus;
  const CodeSwitches& k = ks.cfg.code;
  std::vector<const LocationInfo*> structs;
  auto add = [&](const LocationInfo* l) {
    if (l == nullptr) return;
    for (const auto* x : structs)
      if (x == l) return;
    structs.push_back(l);
  };
  bool calls = false;
  for (const auto& t : s.threads)
    for (const auto& op : t.ops)
      if (is_srcu_call(op)) {
        calls = true;
        if (!op.a.is_reg) add(s.layout.at(op.a.imm));
      }
  if (!calls) return;
  for (const auto& th : s.test.threads)
    for (const auto& p : th.params)
      if (p.type == "struct srcu_struct*") add(s.layout.find(p.name));
  // Copies: interning below may move the layout's locations.
  std::vector<std::pair<Value, std::string>> found;
  for (const auto* l : structs) found.emplace_back(static_cast<Value>(l->addr.raw()), l->name);
  for (const auto& [addr, name] : found) {
    std::vector<std::string> lines = {name + ".srcu_idx", name + ".srcu_gp_mutex"};
    for (std::size_t c = 0; c < cpus; ++c) {
      const std::string sda = name + ".sda[" + std::to_string(c) + "].";
      for (const char* f : {"srcu_lock_count", "srcu_unlock_count"})
        for (int i = 0; i < 2; ++i) lines.push_back(sda + f + "[" + std::to_string(i) + "]");
    }
    const Value base = static_cast<Value>(s.layout.intern(lines[0]).addr.raw());
    for (std::size_t i = 1; i < lines.size(); ++i)
      if (s.layout.intern(lines[i]).addr.raw() != static_cast<std::uint64_t>(base) + i * MemoryLayout::kLine)
        throw std::logic_error("srcu: the kernel data of " + name + " is not contiguous");
    data_[addr] = base;
  }
  lock_ = ks.lower("srcu_read_lock", srcu_read_lock_text(k));
  unlock_ = ks.lower("srcu_read_unlock", srcu_read_unlock_text(k));
  synchronize_ = ks.lower("synchronize_srcu", synchronize_srcu_text(k));
}

KernelEntry Srcu::enter(std::uint16_t nr, const Value (&args)[3], std::string& why) const {
  KernelEntry e;
  const auto it = data_.find(args[0]);
  if (it == data_.end()) {
    e.value = kEINVAL;
    why = std::string(call_name(nr)) + "(): address " + std::to_string(args[0]) +
          " is not an srcu_struct of the test (pass a `struct srcu_struct *` parameter by "
          "name)";
    return e;
  }
  e.program = nr == kSysSrcuReadLock     ? &lock_
              : nr == kSysSrcuReadUnlock ? &unlock_
                                         : &synchronize_;
  e.args[0] = it->second;
  e.args[1] = args[1];
  return e;
}

Srcu::Srcu(KernelState& s, KernelCalls& calls, std::string& why) {
  setup(s);
  for (const auto& [nr, kind] : {std::pair{kSysSrcuReadLock, kCallSrcuRead},
                                std::pair{kSysSrcuReadUnlock, kCallSrcuRead},
                                std::pair{kSysSynchronizeSrcu, kCallSynchronizeSrcu}})
    calls.add_syscall(nr, kind,
                      [this, nr = nr, &why](std::size_t, const Value(&args)[3], CallKind&) {
                        return enter(nr, args, why);
                      });
}

}  // namespace mmsim::kernel

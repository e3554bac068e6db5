// Quiescent states and the grace-period kthread against the kernel's sources (issue #12's RCU
// findings): when a CPU's quiescent state counts, when the FQS scan snapshots dynticks, how
// long the kthread waits before it scans, and what the tick may do inside an RCU-sched reader.
// Each test failed on the model before its fix.
#include <catch2/catch.hpp>

#include <string>

#include "kernel_model/kernel_config.h"
#include "tests/support/arch_checks.h"

namespace {

using mmsim::test::run_text;

// A quiescent state counts only for a grace period the CPU has noticed (note_gp_changes()
// discards one noted earlier). P3's grace period runs (P4's reader holds it) when P0 calls
// synchronize_sched() on CPU 2 and sleeps; the model used to let the caller report its CPU
// quiescent at once for the next grace period, before that period existed. P1 then runs on
// CPU 2 and enters a reader, whose write P2 waits for before it asks for that same next
// grace period: it ended without waiting for P1's reader, which saw P2's later write (94 of
// 200 trials on x86; 40 trials per arch here).
const char* kCallerQs = R"(C caller-qs-before-gp
Config=cpus=5 kernel.era=4.14 cpu.mhz=10
Affinity=P0:2 P1:2 P2:1 P3:3 P4:4
{}
P0(int *x, int *y)
{
	synchronize_sched();
}
P1(int *x, int *y)
{
	rcu_read_lock_sched();
	WRITE_ONCE(*y, 1);
	int i = 0;
	while (i < 20000)
		i = i + 1;
	int r2 = READ_ONCE(*x);
	rcu_read_unlock_sched();
}
P2(int *x, int *y)
{
	while (READ_ONCE(*y) == 0)
		;
	synchronize_sched();
	WRITE_ONCE(*x, 1);
}
P3(int *x, int *y)
{
	synchronize_sched();
}
P4(int *x, int *y)
{
	rcu_read_lock_sched();
	int k = 0;
	while (k < 5000)
		k = k + 1;
	rcu_read_unlock_sched();
}
exists (1:r2=1)
)";

TEST_CASE("a quiescent state noted before the grace period began does not count for it",
          "[kernel][rcu]") {
  mmsim::test::never_on_every_arch(kCallerQs, 40);
}

// The FQS scan takes its dynticks snapshot at the first scan (rcu_gp_fqs(first_time):
// dyntick_save_progress_counter), not at grace-period init. P1 on nohz_full CPU 2 is in user
// mode (an EQS) when the grace period starts and enters an RCU-sched reader before the first
// scan: the snapshot finds it there, so the grace period waits for the reader's end and the
// reader never sees the write made after it. Snapshotted at init, CPU 2 counted as quiescent.
const char* kFqsSnapshot = R"(C fqs-snapshot
Config=cpus=3 kernel.era=4.14 kernel.nohz_full=2 timing.mode=realistic cpu.mhz=200 kernel.hz=100000 rcu.fqs_jiffies=3
Affinity=P0:1 P1:2
{}
P0(int *go, int *done)
{
	WRITE_ONCE(*go, 1);
	synchronize_sched();
	WRITE_ONCE(*done, 1);
}
P1(int *go, int *done)
{
	while (READ_ONCE(*go) == 0)
		;
	int i = 0;
	while (i < 200)
		i = i + 1;
	rcu_read_lock_sched();
	int j = 0;
	while (j < 20000)
		j = j + 1;
	int r1 = READ_ONCE(*done);
	rcu_read_unlock_sched();
}
exists (1:r1=1)
)";

TEST_CASE("the FQS scan snapshots dynticks at its first pass, not at grace-period init",
          "[kernel][rcu]") {
  const auto r = mmsim::test::never_on("x86", kFqsSnapshot, 20);
  CHECK(r.stat("rcu.grace_periods") == 20);
}

// jiffies_till_first_fqs defaults to RCU_JIFFIES_TILL_FORCE_QS = 1 + (HZ > 250) + (HZ > 500)
// (kernel/rcu/tree.h; plus nr_cpu_ids / 256, 0 here): 3 jiffies at HZ=1000.
TEST_CASE("the FQS interval defaults to the kernel's RCU_JIFFIES_TILL_FORCE_QS", "[kernel][rcu]") {
  const auto interval = [](const char* hz) {
    mmsim::Params p = mmsim::declared_params(mmsim::test::archs());
    p.set_assignment(std::string("kernel.hz=") + hz);
    const auto c = mmsim::kernel::read_config(p, 2);
    return c.fqs_interval / c.tick_period;
  };
  CHECK(interval("1000") == 3);
  CHECK(interval("300") == 2);
  CHECK(interval("250") == 1);
  CHECK(interval("100") == 1);
}

// The tick reports a quiescent state only when it interrupted user mode or the idle loop
// (rcu_check_callbacks(user), rcu_flavor_sched_clock_irq() of non-preemptible RCU): a kernel
// thread running kernel code is never quiescent at a tick, only when it schedules. P0, a
// kthread alone on CPU 1, spins; the grace period P1 waits for cannot end before P0 is done.
const char* kKthreadTick = R"(C tick-qs-kthread
Config=cpus=3 kernel.era=4.14 timing.mode=realistic cpu.mhz=200 kernel.hz=100000
Affinity=P0:1 P1:2
Mode=P0:kernel P1:kernel
{}
P0(int *done)
{
	int i = 0;
	while (i < 20000)
		i = i + 1;
	int r0 = READ_ONCE(*done);
}
P1(int *done)
{
	synchronize_sched();
	WRITE_ONCE(*done, 1);
}
exists (0:r0=1)
)";

TEST_CASE("a tick that interrupts a kernel thread is not a quiescent state", "[kernel][rcu]") {
  const auto r = mmsim::test::never_on("x86", kKthreadTick, 20);
  CHECK(r.stat("rcu.grace_periods") == 20);
}

// The tick preempts only a preemptible task: inside a preempt-disabled region it neither
// reports a quiescent state nor switches tasks, whatever the slice. P0 sleeps in
// synchronize_sched() behind P2's long reader on CPU 2 while P1, alone on CPU 1, burns its
// slice in user mode and then enters a region; the grace period's end wakes P0 while P1 is
// inside it. The tick used to switch to P0 there (its slice was over), so P1's region saw
// P0's write appear between its two reads.
const char* kTickInRegion = R"(C tick-in-region
Config=cpus=3 kernel.era=4.14 timing.mode=realistic cpu.mhz=200 kernel.hz=100000
Affinity=P0:1 P1:1 P2:2
{}
P0(int *x)
{
	synchronize_sched();
	WRITE_ONCE(*x, 1);
}
P1(int *x)
{
	int i = 0;
	while (i < 8000)
		i = i + 1;
	preempt_disable();
	int r0 = READ_ONCE(*x);
	int j = 0;
	while (j < 40000)
		j = j + 1;
	int r1 = READ_ONCE(*x);
	preempt_enable();
}
P2(int *x)
{
	preempt_disable();
	int k = 0;
	while (k < 20000)
		k = k + 1;
	preempt_enable();
}
exists (1:r0=0 /\ 1:r1=1)
)";

TEST_CASE("the tick never switches tasks inside a preempt-disabled region", "[kernel][rcu]") {
  mmsim::test::never_on("x86", kTickInRegion, 20);
}

// 4.x's expedited handler (sync_sched_exp_handler) reports at once only when it interrupted
// the idle loop; elsewhere it calls resched_cpu() and the next __schedule() reports. With a
// second task runnable on the CPU, that pass switches to it. 5.x reports from the handler.
// P0 spins on CPU 2 when P2's expedited grace period IPIs it; P1 waits on the same CPU.
const char* kExpResched = R"(C exp-resched
Config=cpus=3 timing.mode=realistic
Affinity=P0:2 P1:2 P2:1
{}
P0(int *x)
{
	int i = 0;
	while (i < 5000)
		i = i + 1;
}
P1(int *x)
{
	WRITE_ONCE(*x, 1);
}
P2(int *x)
{
	synchronize_rcu_expedited();
}
exists (x=1)
)";

TEST_CASE("4.x's expedited handler reports from the __schedule() it forces", "[kernel][rcu]") {
  const auto v414 = run_text(kExpResched, "x86", 20, 1, {"kernel.era=4.14"});
  const auto v510 = run_text(kExpResched, "x86", 20, 1, {"kernel.era=5.10"});
  for (const auto* r : {&v414, &v510}) {
    CHECK(r->result.unfinished == 0);
    CHECK(r->stat("ipi.received.cpu2") == 20);
    CHECK(r->stat("syscall.synchronize_sched_expedited.calls") == 20);
  }
  // 4.14: idle → P0, P0 → P1 (the forced pass), P1 → P0 (a tick: P1 ended); 5.10: idle → P0,
  // P0 (ended) → P1 at a tick.
  CHECK(v414.stat("sched.switches.cpu2") == 3 * 20);
  CHECK(v510.stat("sched.switches.cpu2") == 2 * 20);
}

}  // namespace

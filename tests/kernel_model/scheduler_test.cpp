// The scheduler: threads sharing a CPU are time-sliced by the tick, a finished thread stays
// parked in user mode until the tick preempts it for a runnable task, and the store buffer
// stays with the CPU across a switch.
#include <catch2/catch.hpp>

#include "tests/support/sim_support.h"

namespace {

using mmsim::test::run_text;

// P0 spins until P1, on the same CPU, sets the flag: only preemption lets P1 run.
const char* kHandshake = R"(C handshake
Config=cpus=2 cpu.mhz=200 kernel.hz=100000 sim.cycle_limit=3000000 timing.mode=realistic
Affinity=P0:1 P1:1
{}

P0(int *flag)
{
	int r0 = 0;
	while (r0 == 0) {
		r0 = READ_ONCE(*flag);
	}
}

P1(int *flag)
{
	WRITE_ONCE(*flag, 1);
}

exists (0:r0=1)
)";

}  // namespace

TEST_CASE("the tick preempts a spinning task so that its CPU's other task runs", "[kernel]") {
  const auto r = run_text(kHandshake, "x86", 50, 1, {"sched.slice_ticks=1"});
  CHECK(r.result.unfinished == 0);
  CHECK(r.result.positive == 50);
  // Per trial: idle → P0, P0 → P1 at a tick, P1 finishes and parks until the next tick
  // preempts it → P0, which reads the flag and finishes (the trial ends).
  CHECK(r.stat("sched.switches.cpu1") == 3 * 50);
  CHECK(r.stat("sched.switches.cpu0") == 0);
  // The default slice keeps P0 spinning for three ticks (2,000 cycles apart) instead of one.
  const auto slow = run_text(kHandshake, "x86", 50);
  CHECK(slow.result.unfinished == 0);
  CHECK(slow.result.cycles.min > r.result.cycles.max);
  // Two more ticks, less what the tick's phase and the switch-in work take off (measured:
  // 3,585 cycles more on average).
  CHECK(slow.result.cycles.mean > r.result.cycles.mean + 1.5 * 2000);
}

TEST_CASE("a nohz_full CPU with two runnable tasks keeps its tick", "[kernel]") {
  // Stopping the tick here would leave P0 spinning to the cycle limit.
  const auto r = run_text(kHandshake, "x86", 20, 1, {"kernel.nohz_full=1"});
  CHECK(r.result.unfinished == 0);
  CHECK(r.result.positive == 20);
  CHECK(r.stat("tick.count.cpu1") > 0);
}

TEST_CASE("threads sharing one CPU share its store buffer: SB is never weak there",
          "[kernel]") {
  const char* sb = R"(C SB-one-cpu
Config=cpus=1 cpu.mhz=200 kernel.hz=100000
{}

P0(int *x, int *y)
{
	WRITE_ONCE(*x, 1);
	int r0 = READ_ONCE(*y);
}

P1(int *x, int *y)
{
	WRITE_ONCE(*y, 1);
	int r1 = READ_ONCE(*x);
}

exists (0:r0=0 /\ 1:r1=0)
)";
  const auto r = run_text(sb, "x86", 300);
  CHECK(r.result.unfinished == 0);
  CHECK(r.result.positive == 0);
  // Both orders of the two threads happen (P1 can run first when P0 is preempted early).
  const auto states = r.states();
  CHECK(states.count({"0:r0=0", "1:r1=1"}) == 1);
  // The same test on two CPUs is weak: the SB outcome shows up.
  const auto two = run_text(sb, "x86", 300, 1, {"cpus=2"});
  CHECK(two.result.positive > 0);
}

TEST_CASE("a CPU idles until its thread starts, and runs kernel work meanwhile", "[kernel]") {
  // CPU 0 is the housekeeping CPU, where the grace-period kthread runs. P0 starts up to 2M
  // cycles late; P1's grace period must not wait for it (the idle CPU is in an EQS and runs
  // the kthread), and P0 is not switched in before its start.
  const char* text = R"(C late-start
Config=cpu.mhz=10 cpu.start_jitter=2000000 sim.cycle_limit=10000000
{}

P0(int *x)
{
	WRITE_ONCE(*x, 1);
}

P1(int *x)
{
	synchronize_rcu();
	int r1 = READ_ONCE(*x);
}

exists (1:r1=0)
)";
  const auto r = run_text(text, "x86", 40);
  CHECK(r.result.unfinished == 0);
  // A grace period is a few ticks (10,000 cycles each at 10 MHz), whenever P0 starts.
  CHECK(r.stat("rcu.grace_periods") == 40);
  CHECK(r.stat("rcu.gp_cycles.max") < 100000);
  CHECK(r.result.cycles.max > 500000);
  // Both orders: P1 done before P0 starts, and after.
  CHECK(r.result.positive > 0);
  CHECK(r.result.negative > 0);
  // Per trial, CPU 0 switches idle → P0 once, at P0's start (P0 then stays parked).
  CHECK(r.stat("sched.switches.cpu0") == 1 * 40);
}

TEST_CASE("a task asleep in synchronize_rcu gives its CPU to the next task", "[kernel]") {
  // P0 runs first on CPU 1 and blocks for a grace period: P1 runs meanwhile and sets the
  // flag, so P0 always reads 1 after its wait; when P0 kept its CPU, it read 0.
  const char* text = R"(C sleep-yields
Config=cpus=2 cpu.mhz=10
Affinity=P0:1 P1:1
{}

P0(int *flag)
{
	synchronize_rcu();
	int r0 = READ_ONCE(*flag);
}

P1(int *flag)
{
	WRITE_ONCE(*flag, 1);
}

exists (0:r0=1)
)";
  const auto r = run_text(text, "x86", 40);
  CHECK(r.result.unfinished == 0);
  CHECK(r.result.positive == 40);
  // Per trial: idle → P0, P0 sleeps → P1, P1 finishes and stays parked until the grace
  // period's end wakes P0, which preempts it (P1 → P0) and finishes.
  CHECK(r.stat("sched.switches.cpu1") == 3 * 40);
  CHECK(r.stat("rcu.grace_periods") == 40);
}

TEST_CASE("a task woken by the grace period's end preempts its CPU's running task", "[kernel]") {
  // P1 spins on CPU 1 while P0 sleeps in synchronize_rcu; at the grace period's end P0 runs at
  // once (wake-up preemption) instead of after P1's slice (up to three 10,000-cycle ticks).
  const char* text = R"(C wake-preempts
Config=cpus=2 cpu.mhz=10
Affinity=P0:1 P1:1
{}

P0(int *flag)
{
	synchronize_rcu();
	WRITE_ONCE(*flag, 1);
}

P1(int *flag)
{
	int r1 = 0;
	while (r1 == 0) {
		r1 = READ_ONCE(*flag);
	}
}

exists (1:r1=1)
)";
  // Realistic timing: explore holds kernel stores in the buffers for up to 2^14 cycles, which
  // a barrier on the way back may wait out.
  const auto r = run_text(text, "x86", 40, 1, {"timing.mode=realistic"});
  CHECK(r.result.unfinished == 0);
  CHECK(r.result.positive == 40);
  const double gp = r.mean("rcu.gp_cycles", "rcu.grace_periods");
  const double sync =
      r.mean("syscall.synchronize_sched.cycles", "syscall.synchronize_sched.calls");
  // Measured: 5,725 cycles per call for 5,602-cycle grace periods (the grace period ends at
  // CPU 1's first tick, which P1's user mode makes a quiescent state).
  CHECK(sync < gp + 2000);
}

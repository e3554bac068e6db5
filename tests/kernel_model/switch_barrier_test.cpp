// The arch's barrier after __schedule()'s rq->curr store (KERNEL.md §1.7): x86's CR3 write on
// a change of mm; arm64's DSB in __switch_to() on every change of task; powerpc's smp_mb()
// only when the next mm is registered for an expedited command from 4.16
// (membarrier_arch_switch_mm()), on every switch before (finish_task_switch()'s
// smp_mb__after_unlock_lock()).
#include <catch2/catch.hpp>

#include "kernel_model/kernel_code.h"
#include "models/arm64/arm64_primitives.h"
#include "models/powerpc/ppc_primitives.h"
#include "models/x86/x86_primitives.h"
#include "tests/support/sim_support.h"

using namespace mmsim;
using kernel::Era;

TEST_CASE("switch_mm's barrier is conditional on powerpc from 4.16 only", "[kernel]") {
  for (Era e : {Era::V4_14, Era::V4_16, Era::V5_10, Era::V6_8}) {
    INFO(static_cast<int>(e));
    CHECK(kernel::sched_facts(x86::primitives(), e).barrier_if_registered == false);
    CHECK(kernel::sched_facts(arm64::primitives(), e).barrier_if_registered == false);
    CHECK(kernel::sched_facts(powerpc::primitives(), e).barrier_if_registered == (e >= Era::V4_16));
    // arm64's DSB is in __switch_to(): every change of task; the others' on a change of mm.
    CHECK(kernel::sched_facts(x86::primitives(), e).barrier_every_switch == false);
    CHECK(kernel::sched_facts(arm64::primitives(), e).barrier_every_switch == true);
    CHECK(kernel::sched_facts(powerpc::primitives(), e).barrier_every_switch == false);
  }
  // The conditional text reads the next mm's state and tests the two expedited intent bits.
  kernel::CodeSwitches k;
  kernel::SchedFacts f;
  f.barrier_if_registered = true;
  const std::string cond = kernel::schedule_text(k, f);
  CHECK(cond.find("(READ_ONCE(*(mm_state + next * LINE)) & " +
                  std::to_string(kernel::kStPrivateExpedited | kernel::kStGlobalExpedited) +
                  ")) { __switch_mm_barrier(); }") != std::string::npos);
  f.barrier_if_registered = false;
  CHECK(kernel::schedule_text(k, f).find("if (next != prev && next != 0) { __switch_mm_barrier(); }") !=
        std::string::npos);
  f.barrier_every_switch = true;
  CHECK(kernel::schedule_text(k, f).find("if (__task_switched()) { __switch_mm_barrier(); }") !=
        std::string::npos);
}

// arm64's DSB ends __switch_to(): context_switch()'s instructions between the rq->curr store
// and it (`__switch_path`) run before it on every task switch, and widen the window in which
// the store is visible while the outgoing task's stores are not. x86 and powerpc model none.
TEST_CASE("arm64 runs context_switch()'s path before __switch_to()'s DSB", "[kernel]") {
  CHECK(kernel::sched_facts(arm64::primitives(), Era::V6_8).switch_path);
  CHECK_FALSE(kernel::sched_facts(x86::primitives(), Era::V6_8).switch_path);
  CHECK_FALSE(kernel::sched_facts(powerpc::primitives(), Era::V6_8).switch_path);
  const Primitive* path = find_primitive(arm64::primitives(), "__switch_path");
  REQUIRE(path != nullptr);
  REQUIRE(path->uops.size() == 1);
  CHECK(path->uops[0].kind == UopKind::Nop);
  CHECK(path->uops[0].code >= 100);  // hundreds of instructions in the kernel
  kernel::CodeSwitches k;
  kernel::SchedFacts f = kernel::sched_facts(arm64::primitives(), Era::V6_8);
  CHECK(kernel::schedule_text(k, f).find(
            "if (__task_switched()) { __switch_path(); __switch_mm_barrier(); }") !=
        std::string::npos);
  k.mb_after_switch = false;  // the mutation drops the barrier, not the path
  CHECK(kernel::schedule_text(k, f).find("if (__task_switched()) { __switch_path(); }") !=
        std::string::npos);
}

// Had powerpc's barrier been conditional in 4.14, whose registration is a bare atomic OR, F's
// switch-in could read its mm's state from before S registered and skip the barrier: F's read
// of y passes its rq->curr store, S's scan misses F, and both read 0 (20 times in 1,000 trials
// when the model made it conditional in every era).
TEST_CASE("powerpc 4.14: a switch-in racing with registration still orders F's accesses",
          "[kernel][scenarios-powerpc]") {
  const char* text = R"(C switch-in-vs-register-4.14
Config=cpus=3 kernel.era=4.14
Affinity=P0:2 P1:1
Mm=P0:a P1:a
{}

P0(int *x, int *y)
{
	WRITE_ONCE(*x, 1);
	barrier();
	int r0 = READ_ONCE(*y);
	preempt_disable();
	int i = 0;
	while (i < 2000)
		i = i + 1;
	preempt_enable();
}

P1(int *x, int *y)
{
	int g = membarrier(MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED, 0);
	WRITE_ONCE(*y, 1);
	int e = membarrier(MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0);
	int r1 = READ_ONCE(*x);
}

exists (0:r0=0 /\ 1:r1=0)
)";
  const auto r = test::run_text(text, "powerpc", 1000);
  CHECK(r.result.unfinished == 0);
  CHECK(r.result.positive == 0);
}

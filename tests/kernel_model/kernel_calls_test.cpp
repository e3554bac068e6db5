// The kernel's entry points: each subsystem registers its own, every primitive the kernel
// adds to the C dialect reaches one, and the table refuses what would be a silent mistake.
#include <catch2/catch.hpp>

#include <stdexcept>

#include "kernel_model/kernel.h"
#include "kernel_model/kernel_abi.h"
#include "kernel_model/kernel_calls.h"
#include "kernel_model/kernel_primitives.h"
#include "kernel_model/membarrier_cmd.h"
#include "tests/support/sim_support.h"

using namespace mmsim;

TEST_CASE("KernelCalls: unknown system calls fail with ENOSYS, duplicates are refused",
          "[kernel]") {
  kernel::KernelCalls calls;
  const Value args[3] = {0, 0, 0};
  kernel::CallKind kind = kernel::kCallMembarrier;
  CHECK(calls.syscall(0, 99, args, kind).value == kernel::kENOSYS);
  CHECK(kind == kernel::kCallOther);
  CHECK_THROWS_AS(calls.intrinsic(0, 1, args, Cycle{0}), std::logic_error);

  calls.add_syscall(7, kernel::kCallPreempt,
                    [](std::size_t cpu, const Value(&a)[3], kernel::CallKind& k) {
                      KernelEntry e;
                      e.value = static_cast<Value>(cpu) + a[0];
                      k = kernel::kCallRegister;
                      return e;
                    });
  const Value two[3] = {2, 0, 0};
  CHECK(calls.syscall(3, 7, two, kind).value == 5);
  CHECK(kind == kernel::kCallRegister);  // the entry may change the kind it was given
  CHECK_THROWS_AS(calls.add_syscall(7, kernel::kCallOther, {}), std::logic_error);
  calls.add_intrinsic(4, [](std::size_t, const Value(&)[3], Cycle) { return KCallResult{}; });
  CHECK_THROWS_AS(calls.add_intrinsic(4, {}), std::logic_error);
  calls.add_handler(1, ThreadProgram{});
  CHECK_THROWS_AS(calls.add_handler(1, ThreadProgram{}), std::logic_error);
}

TEST_CASE("every kernel primitive reaches a subsystem that registered it", "[kernel]") {
  // A test that calls every mm routine, so that Mm lowers them all (a kernel thread for
  // kthread_use_mm(), a process of its own for execve()).
  const char* text =
      "C every\nMm=P0:a P1:b\nMode=P2:kernel\n{}\n"
      "P0(int *x) { WRITE_ONCE(*x, 1); exit_mm(); }\n"
      "P1(int *x) { execve(); WRITE_ONCE(*x, 2); }\n"
      "P2(int *x) { kthread_use_mm(); WRITE_ONCE(*x, 3); kthread_unuse_mm(); }\n"
      "exists (x=1)\n";
  for (const char* arch : {"x86", "arm64", "powerpc"}) {
    INFO(arch);
    const IArchModel* a = test::archs().find(arch);
    REQUIRE(a != nullptr);
    Params p = declared_params(test::archs());
    auto scenario = prepare(parse_litmus(text, "every.litmus"), *a, p);
    const kernel::Kernel k(*scenario, p);
    for (const Primitive& prim : kernel::user_primitives())
      for (const UopTemplate& u : prim.uops)
        if (u.kind == UopKind::Syscall) {
          INFO(prim.name);
          CHECK(k.calls().has_syscall(u.code));
        }
    for (const Primitive& prim : kernel::intrinsics())
      for (const UopTemplate& u : prim.uops)
        if (u.kind == UopKind::KCall) {
          INFO(prim.name);
          CHECK(k.calls().has_intrinsic(u.code));
        }
    for (int h : {kernel::kIpiMb, kernel::kIpiSyncCore, kernel::kIpiRseq, kernel::kIpiRcuExp,
                  kernel::kIpiSyncRqState, kernel::kTick, kernel::kWorkGp, kernel::kWorkSchedule})
      CHECK(k.calls().has_handler(h));
  }
}

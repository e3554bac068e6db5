// Contract between a core and the modelled kernel (kernel_model/ implements it; NoKernel is
// the null object for plain litmus tests). The core calls it only at retire boundaries, so
// kernel effects are in program order with the thread's retired instructions.
//
// - syscall(): a Syscall uop is the oldest in the window (all older uops retired; older stores
//   may still sit in the store buffer: system-call entry is not a barrier). Returns kernel
//   code to run (its registers arg0..arg2 receive the arguments) or an immediate value.
// - kcall(): a KCall uop is the oldest in the window; performs a kernel intrinsic (send an
//   IPI, read this CPU's id, ...) and gives its result. `sleep` means the task sleeps
//   (wait_for_completion): the core asks again on later cycles, and meanwhile takes the
//   kernel work that switches to another task or idle (the kernel code waiting in the call
//   stays with the sleeping task and asks again when it is switched back in); an idle core
//   does nothing, so a long wait costs no simulation time.
//   `switch_to` >= 0 is a context switch (switch_to() in __schedule): the kernel code keeps
//   running, and the frames below it — the task it interrupted — are saved and replaced by
//   those of task slot `switch_to` (slot 0: the idle task; slot i: the i-th task added to
//   the core), which resume when the kernel code returns.
// - interrupt(): asked once per cycle while the core can take an interrupt (no atomic or
//   kernel call half-done); returns the handler to run now, or nothing. The core discards its
//   un-retired instructions and re-executes them after the handler.
// - may_interrupt(): false when interrupt() would return nothing whatever the core's state
//   (nothing pending for the CPU); it has no effect, so the core asks it first, every cycle.
// - returned(): kernel code entered through syscall()/interrupt() retired its Halt; `ret` is
//   its register named "ret" (0 if none).
// - thread_started(): the core's start cycle came (its tasks wake; until then its CPU idles
//   and may run kernel code). Called once per trial, before anything else that cycle.
// - thread_finished(): the core's thread retired its final Halt.
// - next_timer(now): the next cycle > now at which a timer of the kernel fires (a tick, a
//   grace-period scan, an IPI landing), or never: explore timing may stall a load until past
//   it, so that a short critical section can span kernel events measured in jiffies.
#pragma once
#include "sim/base/types.h"
#include "sim/cpu/thread_program.h"

namespace mmsim {

enum class FrameKind : std::uint8_t { Thread, Syscall, Interrupt };

struct KCallResult {
  Value value = 0;
  bool sleep = false;
  int switch_to = -1;
};

struct KernelEntry {
  const ThreadProgram* program = nullptr;  // nullptr: no kernel code; `value` is the result
  Value value = 0;
  Value args[3] = {0, 0, 0};
};

class IKernelPort {
 public:
  virtual ~IKernelPort() = default;
  virtual KernelEntry syscall(CpuId c, std::uint16_t nr, const Value (&args)[3], Cycle now) = 0;
  virtual KCallResult kcall(CpuId c, std::uint16_t fn, const Value (&args)[3], Cycle now) = 0;
  virtual KernelEntry interrupt(CpuId c, FrameKind current, Cycle now) = 0;
  virtual bool may_interrupt(CpuId c) const = 0;
  virtual void returned(CpuId c, FrameKind kind, Value ret, Cycle now) = 0;
  virtual void thread_started(CpuId c, Cycle now) = 0;
  virtual void thread_finished(CpuId c, Cycle now) = 0;
  virtual Cycle next_timer(Cycle now) const = 0;
};

// No kernel: every system call fails with -ENOSYS, nothing interrupts.
class NoKernel final : public IKernelPort {
 public:
  KernelEntry syscall(CpuId, std::uint16_t, const Value (&)[3], Cycle) override {
    return KernelEntry{nullptr, -38, {0, 0, 0}};
  }
  KCallResult kcall(CpuId, std::uint16_t, const Value (&)[3], Cycle) override { return {}; }
  KernelEntry interrupt(CpuId, FrameKind, Cycle) override { return {}; }
  bool may_interrupt(CpuId) const override { return false; }
  void returned(CpuId, FrameKind, Value, Cycle) override {}
  void thread_started(CpuId, Cycle) override {}
  void thread_finished(CpuId, Cycle) override {}
  Cycle next_timer(Cycle) const override { return Cycle::never(); }
};

}  // namespace mmsim

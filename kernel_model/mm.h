// The address spaces a thread runs in (kernel/exit.c exit_mm, kernel/kthread.c
// kthread_use_mm / kthread_unuse_mm, fs/exec.c exec_mmap): current->mm of each task, and the
// routines that change it under task_lock, as the era's kernel orders them against
// membarrier's scan (kernel_code.h). A kernel thread adopts the mm its Mm= word names; a
// thread that execve()s goes on in a new mm of its own (tasks.h).
//
// Registers: system calls exit_mm, kthread_use_mm, kthread_unuse_mm and execve (each lowered
// only for a test that calls it: their task_lock lines would move every other test's
// layout); intrinsics kCurrentMm, kActiveMm, kMmDrop, kMmUse, kMmExec.
#pragma once
#include "kernel_model/kernel_calls.h"
#include "kernel_model/kernel_state.h"

namespace mmsim::kernel {

class Mm {
 public:
  // BadInput (file:line:column of the call) for kthread_[un]use_mm() in a user thread, and
  // for execve() in a kernel thread or in a process with other threads.
  Mm(KernelState& s, KernelCalls& calls);

 private:
  void check_callers() const;
  KCallResult set_mm(std::size_t c, int mm);

  KernelState& s_;
  ThreadProgram exit_mm_, kthread_use_mm_, kthread_unuse_mm_, execve_;
};

}  // namespace mmsim::kernel

// The kernel's entry points by number, filled by each subsystem when it is built (no static
// registration): a system call (kernel_abi.h Sys) to what it enters, an intrinsic (Intrinsic)
// to the bookkeeping it does, an interrupt handler or piece of kernel work (Handler) to its
// routine. Kernel dispatches through it. A system call nobody registered fails with -ENOSYS;
// registering a number twice, or dispatching an intrinsic or handler nobody registered, is a
// logic error (the kernel's code is ours).
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "sim/cpu/i_kernel_port.h"
#include "sim/cpu/thread_program.h"

namespace mmsim::kernel {

// Costs are reported per kind of call, so that a membarrier's latency is not averaged with
// the preempt_disable()/preempt_enable() entries of read-side sections. Registration (a grace
// period from 4.16) is reported apart from the commands it enables.
enum CallKind : std::size_t {
  kCallMembarrier,
  kCallSynchronizeSched,
  kCallSyncSchedExpedited,
  kCallPreempt,
  kCallOther,
  kCallRegister,
  kCallSrcuRead,
  kCallSynchronizeSrcu,
  kCallKinds
};
const char* call_kind_name(CallKind k);

class KernelCalls {
 public:
  // `kind` starts as the kind the call was registered with; the entry may change it (a
  // membarrier() that registers).
  using Syscall =
      std::function<KernelEntry(std::size_t cpu, const Value (&args)[3], CallKind& kind)>;
  using Intrinsic =
      std::function<KCallResult(std::size_t cpu, const Value (&args)[3], Cycle now)>;

  void add_syscall(std::uint16_t nr, CallKind kind, Syscall fn);
  void add_intrinsic(std::uint16_t code, Intrinsic fn);
  void add_handler(int handler, ThreadProgram program);

  KernelEntry syscall(std::size_t cpu, std::uint16_t nr, const Value (&args)[3],
                      CallKind& kind) const;
  KCallResult intrinsic(std::size_t cpu, std::uint16_t code, const Value (&args)[3],
                        Cycle now) const;
  const ThreadProgram& handler(int h) const;
  bool has_syscall(std::uint16_t nr) const { return syscalls_.count(nr) != 0; }
  bool has_intrinsic(std::uint16_t code) const {
    return code < intrinsics_.size() && intrinsics_[code];
  }
  bool has_handler(int h) const { return handlers_.count(h) != 0; }

 private:
  std::map<std::uint16_t, std::pair<CallKind, Syscall>> syscalls_;
  std::vector<Intrinsic> intrinsics_;  // by code
  std::map<int, ThreadProgram> handlers_;
};

}  // namespace mmsim::kernel

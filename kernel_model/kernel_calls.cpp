#include "kernel_model/kernel_calls.h"

#include <iterator>
#include <stdexcept>

#include "kernel_model/membarrier_cmd.h"

namespace mmsim::kernel {

const char* call_kind_name(CallKind k) {
  static constexpr const char* kNames[] = {"membarrier", "synchronize_sched",
                                           "synchronize_sched_expedited", "preempt", "other",
                                           "membarrier_register", "srcu_read", "synchronize_srcu"};
  static_assert(std::size(kNames) == kCallKinds);
  return kNames[k];
}

void KernelCalls::add_syscall(std::uint16_t nr, CallKind kind, Syscall fn) {
  if (!syscalls_.emplace(nr, std::pair{kind, std::move(fn)}).second)
    throw std::logic_error("system call " + std::to_string(nr) + " registered twice");
}

void KernelCalls::add_intrinsic(std::uint16_t code, Intrinsic fn) {
  if (code >= intrinsics_.size()) intrinsics_.resize(code + 1u);
  if (intrinsics_[code]) throw std::logic_error("intrinsic " + std::to_string(code) + " registered twice");
  intrinsics_[code] = std::move(fn);
}

void KernelCalls::add_handler(int handler, ThreadProgram program) {
  if (!handlers_.emplace(handler, std::move(program)).second)
    throw std::logic_error("handler " + std::to_string(handler) + " registered twice");
}

KernelEntry KernelCalls::syscall(std::size_t cpu, std::uint16_t nr, const Value (&args)[3],
                                 CallKind& kind) const {
  const auto it = syscalls_.find(nr);
  if (it == syscalls_.end()) {
    kind = kCallOther;
    KernelEntry e;
    e.value = kENOSYS;
    return e;
  }
  kind = it->second.first;
  return it->second.second(cpu, args, kind);
}

KCallResult KernelCalls::intrinsic(std::size_t cpu, std::uint16_t code, const Value (&args)[3],
                                   Cycle now) const {
  if (code >= intrinsics_.size() || !intrinsics_[code])
    throw std::logic_error("kernel intrinsic " + std::to_string(code) + " has no subsystem");
  return intrinsics_[code](cpu, args, now);
}

const ThreadProgram& KernelCalls::handler(int h) const { return handlers_.at(h); }

}  // namespace mmsim::kernel

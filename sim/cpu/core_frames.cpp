// Core: kernel frames, tasks and interrupts (see core.h).
#include "sim/cpu/core.h"

namespace mmsim {

void Core::retire_special(const WindowEntry& e, Cycle now) {
  ++side_effects_;
  if (e.op->kind == UopKind::Halt) {
    if (frames_.size() > 1) {
      pop_frame(now);
    } else {
      thread_done_ = true;
      kernel_.thread_finished(id_, now);
    }
    return;
  }
  // Syscall: fetch stopped behind it, so nothing younger is in the window.
  const Value args[3] = {e.data, e.data2, e.result};
  const KernelEntry k = kernel_.syscall(id_, e.op->code, args, now);
  fetch_stopped_ = false;
  if (k.program) {
    push_frame(k, FrameKind::Syscall, e.op->dst);
  } else if (e.op->dst < cur().regs.size()) {
    cur().regs[e.op->dst] = k.value;
  }
}

void Core::push_frame(const KernelEntry& k, FrameKind kind, Reg ret_dst) {
  ++side_effects_;
  Frame f{k.program, {}, 0, kind, ret_dst};
  f.regs.reserve(k.program->regs.size());
  for (const auto& r : k.program->regs) f.regs.push_back(r.init);
  static const char* const kArgNames[3] = {"arg0", "arg1", "arg2"};
  for (int i = 0; i < 3; ++i) {
    const Reg r = k.program->find_reg(kArgNames[i]);
    if (r != kNoReg) f.regs[r] = k.args[i];
  }
  frames_.push_back(std::move(f));
  fetch_stopped_ = false;
  branch_pending_ = false;
}

void Core::switch_task(std::size_t slot) {
  ++side_effects_;
  if (slot == cur_task_) return;
  // Kernel code is running above the task: it carries on above the next task's frames.
  Frame kernel = std::move(frames_.back());
  frames_.pop_back();
  tasks_[cur_task_].frames = std::move(frames_);
  tasks_[cur_task_].done = thread_done_;
  cur_task_ = slot;
  frames_ = std::move(tasks_[slot].frames);
  thread_done_ = tasks_[slot].done;
  frames_.push_back(std::move(kernel));
}

void Core::pop_frame(Cycle now) {
  ++side_effects_;
  const Frame done = std::move(frames_.back());
  frames_.pop_back();
  const Reg rr = done.prog->find_reg("ret");
  const Value ret = rr == kNoReg ? 0 : done.regs[rr];
  if (done.kind == FrameKind::Syscall && done.ret_dst < cur().regs.size())
    cur().regs[done.ret_dst] = ret;
  fetch_stopped_ = frames_.size() == 1 && thread_done_;
  branch_pending_ = false;
  kernel_.returned(id_, done.kind, ret, now);
}

bool Core::can_interrupt() const {
  for (std::size_t i = 0; i < win_.size(); ++i) {
    const WindowEntry& e = win_[i];
    // An atomic in flight, a kernel call already performed or a store already in the buffer
    // cannot be undone and redone.
    if ((e.op->kind == UopKind::Rmw || e.op->kind == UopKind::StoreCond) && e.started())
      return false;
    if (e.committed) return false;
    if ((e.op->kind == UopKind::KCall || e.op->kind == UopKind::Syscall) && e.done()) return false;
  }
  return true;
}

void Core::maybe_interrupt(Cycle now) {
  if (!kernel_.may_interrupt(id_) || !can_interrupt()) return;
  const KernelEntry k = kernel_.interrupt(id_, cur().kind, now);
  if (!k.program) return;
  if (!win_.empty()) cur().pc = static_cast<std::size_t>(win_[0].index);
  win_.clear();
  if (!(frames_.size() == 1 && thread_done_)) fetch_stopped_ = false;
  push_frame(k, FrameKind::Interrupt, kNoReg);
  progressed_ = true;
}

}  // namespace mmsim

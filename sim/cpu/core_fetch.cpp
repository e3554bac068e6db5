// Core: fetch and dispatch, branch resolution, squash and refetch (see core.h).
#include <algorithm>

#include "sim/cpu/core.h"

namespace mmsim {

void Core::dispatch(Cycle now, Rng& rng) {
  unsigned n = 0;
  while (!fetch_stopped_ && !branch_pending_ && win_.size() < timing_.window &&
         n < timing_.width && fetch_resume_at_ <= now &&
         (started_ || cur().kind != FrameKind::Thread)) {
    const ThreadProgram& prog = *cur().prog;
    std::size_t& pc = cur().pc;
    // Running off the end is a Halt: the last uop of every program is one.
    const std::size_t at = std::min(pc, prog.ops.size() - 1);
    // Realistic: only an instruction's first fetch in the trial may miss (a cold I-cache
    // line or TLB entry); a loop runs from a warm cache. Explore: any fetch.
    const bool may_stall = timing_.stall_permille && (timing_.explore || !warm(prog, at));
    if (may_stall && rng.chance(timing_.stall_permille, 1000)) {
      fetch_resume_at_ = now + rng.uniform(1, timing_.stall_max);
      progressed_ = true;
      break;
    }
    const MicroOp& op = prog.ops[at];
    WindowEntry& e = win_.push();
    e.op = &op;
    e.index = static_cast<std::int32_t>(at);
    e.seq = next_seq_++;
    find_producers(win_.size() - 1);
    // Without prediction fetch stops at a branch until it resolves. With it, fetch follows
    // the predicted direction (a constant condition is no guess). Fetch always stops at a
    // Halt or Syscall until it retires and the frame changes.
    if (op.kind == UopKind::Branch && !spec_.predict_branches) {
      branch_pending_ = true;
    } else if (op.kind == UopKind::Branch) {
      const bool if_zero = (op.flags & kBranchIfZero) != 0;
      e.predicted_taken = op.a.is_reg ? predictor_.predict(&prog, e.index, rng)
                                      : (if_zero ? op.a.imm == 0 : op.a.imm != 0);
      pc = e.predicted_taken ? static_cast<std::size_t>(op.target) : at + 1;
    } else {
      pc = at + 1;
      if (op.kind == UopKind::Halt || op.kind == UopKind::Syscall) fetch_stopped_ = true;
    }
    ++n;
    progressed_ = true;
    if (op.kind == UopKind::Nop && op.code > 1) {
      // A stretch of instructions whose effects are left out: what follows it is fetched
      // when they would have been, each with its chance of a stall as above.
      Cycle resume = now + (op.code + timing_.width - 1) / timing_.width;
      for (unsigned k = 1; may_stall && k < op.code; ++k)
        if (rng.chance(timing_.stall_permille, 1000))
          resume = resume + rng.uniform(1, timing_.stall_max);
      fetch_resume_at_ = resume;
    }
  }
}

void Core::find_producers(std::size_t i) {
  WindowEntry& e = win_[i];
  const MicroOp& op = *e.op;
  const Reg regs[kSrcSlots] = {op.a.is_reg ? op.a.reg : kNoReg, op.b.is_reg ? op.b.reg : kNoReg,
                               op.c.is_reg ? op.c.reg : kNoReg, op.addr_base};
  for (int s = 0; s < kSrcSlots; ++s) {
    if (regs[s] == kNoReg) continue;
    for (std::size_t j = i; j-- > 0;) {
      const MicroOp& p = *win_[j].op;
      if (p.writes_reg() && p.dst == regs[s]) {
        e.producer[s] = static_cast<std::uint8_t>(i - j);
        break;
      }
    }
  }
  // What start() reads first, by kind, and returns false without effect when not ready.
  constexpr std::uint8_t kA = 1 << kSrcA, kB = 1 << kSrcB, kC = 1 << kSrcC, kBase = 1 << kSrcBase;
  std::uint8_t reads = 0;
  switch (op.kind) {
    case UopKind::Alu:
    case UopKind::Syscall:
    case UopKind::KCall: reads = kA | kB | kC; break;
    case UopKind::Load: reads = kBase; break;
    case UopKind::Store: reads = kBase | kA; break;
    case UopKind::Rmw:
    case UopKind::StoreCond: reads = kBase | kA | kB; break;
    case UopKind::Branch: reads = kA; break;
    default: break;
  }
  for (int s = 0; s < kSrcSlots; ++s)
    if (e.producer[s] != 0 && (reads & (1 << s))) e.awaited |= static_cast<std::uint8_t>(1 << s);
}


bool Core::warm(const ThreadProgram& prog, std::size_t at) {
  auto it = std::find_if(warm_.begin(), warm_.end(),
                         [&prog](const auto& w) { return w.first == &prog; });
  if (it == warm_.end())
    it = warm_.insert(warm_.end(), {&prog, std::vector<bool>(prog.ops.size())});
  const bool was = it->second[at];
  it->second[at] = true;
  return was;
}

bool Core::resolve_branch(std::size_t i, Rng& rng) {
  WindowEntry& e = win_[i];
  const MicroOp& op = *e.op;
  Value c = 0;
  if (!operand(i, kSrcA, c)) return false;
  const bool taken = (op.flags & kBranchIfZero) ? c == 0 : c != 0;
  const std::size_t next = taken ? static_cast<std::size_t>(op.target)
                                 : static_cast<std::size_t>(e.index) + 1;
  e.state = EntryState::Done;
  if (!spec_.predict_branches) {
    cur().pc = next;
    branch_pending_ = false;
    return true;
  }
  if (op.a.is_reg) predictor_.update(cur().prog, e.index, taken, rng);
  // A misprediction is a wrong next instruction, not a wrong direction: a branch to the
  // instruction after it (herd's `beq LC00; LC00:` control dependencies) fetched the right
  // path either way, and what was satisfied on it stands (PLDI 2011: loads past an unresolved
  // branch may be satisfied; only stores wait for it).
  const std::size_t fetched = e.predicted_taken ? static_cast<std::size_t>(op.target)
                                                : static_cast<std::size_t>(e.index) + 1;
  e.predicted_taken = taken;  // the path fetched now (a replay may resolve it again)
  if (fetched != next) {
    ++stats_.mispredicts;
    refetch_from(i + 1, next);
  }
  return true;
}

// Squashes entry i and every younger one; fetch resumes at `pc` of the current frame. Stores
// reach the buffer only once nothing older can squash them, so none is ever squashed here.
void Core::refetch_from(std::size_t i, std::size_t pc) {
  for (std::size_t j = i; j < win_.size(); ++j)
    if (win_[j].committed) throw std::logic_error("squashing a store already in the buffer");
  win_.squash_from(i);
  cur().pc = pc;
  fetch_stopped_ = false;
  branch_pending_ = false;
  for (std::size_t j = 0; j < win_.size(); ++j) {
    const UopKind k = win_[j].op->kind;
    if (k == UopKind::Halt || k == UopKind::Syscall) fetch_stopped_ = true;
    if (k == UopKind::Branch && !win_[j].done() && !spec_.predict_branches)
      branch_pending_ = true;
  }
  progressed_ = true;
}

}  // namespace mmsim

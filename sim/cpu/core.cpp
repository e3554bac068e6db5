#include "sim/cpu/core.h"

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

#include "sim/cpu/uop_semantics.h"

namespace mmsim {
namespace {

bool writes_reg(const MicroOp& op) {
  // A Syscall's result arrives when the kernel returns (pop_frame), not through the window.
  return op.dst != kNoReg && (op.kind == UopKind::Alu || op.kind == UopKind::Load ||
                              op.kind == UopKind::Rmw || op.kind == UopKind::KCall);
}

}  // namespace

std::string Core::parse_start_delays(const std::string& text, std::vector<std::uint64_t>& out) {
  out.clear();
  std::size_t i = 0;
  while (i < text.size()) {
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) return "expected a cycle count";
    std::uint64_t v = 0;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
      v = v * 10 + static_cast<std::uint64_t>(text[i++] - '0');
      if (v > 1'000'000'000) return "delay too large (at most 1000000000 cycles)";
    }
    out.push_back(v);
    if (i < text.size()) {
      if (text[i] != ',') return "expected ',' after a cycle count";
      if (++i == text.size()) return "expected a cycle count after ','";
    }
  }
  return "";
}

void Core::declare_params(Params& p) {
  p.declare({"cpu.window", ParamType::Int, "16", "uops",
             "instruction window (reorder buffer) size", 1, kMaxWindow});
  p.declare({"cpu.width", ParamType::Int, "2", "uops/cycle", "dispatch and retire width", 1, 16});
  p.declare({"cpu.start_jitter", ParamType::Int, "300", "cycles",
             "each CPU's threads start after a random delay in [0, start_jitter] (with a kernel, "
             "the CPU idles until then)",
             0, 10'000'000});
  ParamDecl delay{"cpu.start_delay", ParamType::String, "", "cycles",
                  "comma-separated fixed start delay per CPU, CPU 0 first (missing entries 0), "
                  "added to the random jitter: steers trials towards one interleaving, e.g. "
                  "0,0,4000 starts CPU 2's threads about 4,000 cycles after the others"};
  delay.check = [](const std::string& v) {
    std::vector<std::uint64_t> delays;
    return parse_start_delays(v, delays);
  };
  p.declare(delay);
  p.declare({"cpu.sb_residency", ParamType::Int, "16", "cycles",
             "a retired store waits a random [0, sb_residency] before it may drain", 0,
             10'000'000});
  p.declare({"cpu.stall_permille", ParamType::Int, "20", "1/1000",
             "chance per dispatched uop that the front end stalls (an I-cache miss, a TLB "
             "walk), letting older stores drain or other cores run ahead",
             0, 1000});
  p.declare({"cpu.stall_max", ParamType::Int, "200", "cycles",
             "a front-end stall lasts a random [1, stall_max] cycles", 1, 10'000'000});
}

Core::Core(sc_core::sc_module_name name, CpuId id, const IOrderingPolicy& policy,
           IStorage& storage, Coherence& coherence, IKernelPort& kernel)
    : sc_module(name), id_(id), policy_(policy), storage_(storage), coh_(coherence),
      kernel_(kernel) {}

void Core::configure(const Params& p) {
  timing_.window = static_cast<unsigned>(p.get_int("cpu.window"));
  timing_.width = static_cast<unsigned>(p.get_int("cpu.width"));
  timing_.start_jitter = static_cast<std::uint64_t>(p.get_int("cpu.start_jitter"));
  std::vector<std::uint64_t> delays;  // well-formed: Params::set checked it
  parse_start_delays(p.get_string("cpu.start_delay"), delays);
  timing_.start_delay = id_.raw() < delays.size() ? delays[id_.raw()] : 0;
  timing_.sb_residency = static_cast<std::uint64_t>(p.get_int("cpu.sb_residency"));
  timing_.explore = p.get_string("timing.mode") == "explore";
  timing_.stall_permille = static_cast<std::uint64_t>(p.get_int("cpu.stall_permille"));
  timing_.stall_max = static_cast<std::uint64_t>(p.get_int("cpu.stall_max"));
}

void Core::reset(Rng& rng) {
  count_ = 0;
  fault_.reset();
  sb_.clear();
  branch_pending_ = false;
  stats_ = CoreStats{};
  for (Task& t : tasks_) {
    t.done = t.prog == nullptr;
    t.frames.clear();
    t.frames.push_back(Frame{t.prog, {}, 0, FrameKind::Thread, kNoReg});
    if (t.prog) {
      t.frames[0].regs.reserve(t.prog->regs.size());
      for (const auto& r : t.prog->regs) t.frames[0].regs.push_back(r.init);
    }
  }
  // The first thread placed here starts on the CPU (the kernel, if any, switches to it from
  // idle before its first instruction, or elsewhere).
  cur_task_ = tasks_.size() > 1 ? 1 : 0;
  frames_ = std::move(tasks_[cur_task_].frames);
  thread_done_ = fetch_stopped_ = tasks_[cur_task_].done;
  std::uint64_t start = timing_.start_delay + rng.uniform(0, timing_.start_jitter);
  // Explore: one CPU in three starts late, as if scheduled after the others had run a while;
  // each CPU draws how eagerly it holds stores (none, some, all), so that one run mixes
  // trials where stores linger with trials where they pass quickly.
  hold_permille_ = 0;
  if (timing_.explore) {
    if (rng.chance(1, 3)) start += std::uint64_t{1} << rng.uniform(8, 13);
    hold_permille_ = 250 * rng.uniform(0, 4);
  }
  start_at_ = Cycle{start};
  started_ = false;
  fetch_resume_at_ = Cycle{0};
}

std::uint64_t Core::residency(Rng& rng) const {
  std::uint64_t r = rng.uniform(0, timing_.sb_residency);
  // Explore: one store in three lingers for a heavy-tailed time (up to ~16k cycles), the way a
  // store can wait behind a cache miss.
  if (timing_.explore && rng.chance(1, 3)) r += std::uint64_t{1} << rng.uniform(4, 14);
  return r;
}

// A held store leaves its hold when something forces it out: the core cannot go on without
// an empty buffer (a fence or locked access waiting on it — whatever the arch's policy says
// waits), or another core asks for its line (coherence: each request ends the hold with
// probability 1/4, so a spinning reader always sees it in the end). A store released takes
// the older ones with it, which a FIFO buffer needs anyway. The end of the trial drains the
// rest (System). TSO and weaker models allow any finite residency, so this adds no behaviour.
void Core::release_holds(Cycle now, Rng& rng) {
  bool any_held = false;
  for (std::size_t k = 0; k < sb_.size(); ++k) any_held = any_held || sb_[k].held;
  if (!any_held) return;
  bool stalled = !progressed_ && count_ > 0;
  for (std::size_t i = 0; stalled && i < count_; ++i)
    if (win_[i].state == EntryState::Executing) stalled = false;
  std::size_t upto = stalled ? sb_.size() : 0;  // release entries [0, upto)
  for (std::size_t k = 0; k < sb_.size(); ++k) {
    SbEntry& s = sb_[k];
    if (!s.held) continue;
    const std::uint64_t t = coh_.touches(s.addr);
    for (std::uint64_t d = std::min<std::uint64_t>(t - s.seen, 8); d > 0 && upto <= k; --d)
      if (rng.chance(1, 4)) upto = k + 1;
    s.seen = t;
  }
  for (std::size_t k = 0; k < upto; ++k) {
    if (!sb_[k].held) continue;
    sb_[k].held = false;
    sb_[k].ready_at = now;
    progressed_ = true;
  }
}

bool Core::operand(const Src& s, std::size_t i, Value& out) const {
  if (!s.is_reg) {
    out = s.imm;
    return true;
  }
  for (std::size_t j = i; j-- > 0;) {
    const WindowEntry& e = win_[j];
    if (writes_reg(*e.op) && e.op->dst == s.reg) {
      if (!e.done()) return false;
      out = e.result;
      return true;
    }
  }
  const auto& regs = cur().regs;
  out = s.reg < regs.size() ? regs[s.reg] : 0;
  return true;
}

bool Core::address(std::size_t i, Addr& out) const {
  const MicroOp& op = *win_[i].op;
  Value base = 0;
  if (op.addr_base != kNoReg && !operand(Src::r(op.addr_base), i, base)) return false;
  out = Addr{static_cast<std::uint64_t>(base + op.addr_disp)};
  return true;
}

void Core::complete_loads(Cycle now) {
  for (std::size_t i = 0; i < count_; ++i) {
    WindowEntry& e = win_[i];
    if (e.state != EntryState::Executing || e.op->kind != UopKind::Load || e.done_at > now)
      continue;
    if (!e.forwarded) {
      e.result = storage_.read(id_, e.addr);
      coh_.note_read(e.addr);
    }
    e.state = EntryState::Done;
    progressed_ = true;
  }
}

void Core::retire(Cycle now, Rng& rng) {
  unsigned n = 0;
  while (count_ > 0 && n < timing_.width && win_[0].done()) {
    CoreView v{win_.data(), count_, &sb_};
    if (!policy_.may_retire(v)) break;
    if (win_[0].bad_addr) {
      fault_ = CoreFault{cur().prog, win_[0].op->src, win_[0].addr};
      break;
    }
    const WindowEntry e = win_[0];
    std::move(win_.begin() + 1, win_.begin() + static_cast<std::ptrdiff_t>(count_), win_.begin());
    --count_;
    ++n;
    ++stats_.uops_retired;
    progressed_ = true;
    if (e.op->kind == UopKind::Store) {
      SbEntry s{e.addr, e.data, now + residency(rng), Cycle::never(), e.op->src};
      if (hold_permille_ && rng.chance(hold_permille_, 1000)) {
        s.held = true;
        s.ready_at = Cycle::never();
        s.seen = coh_.touches(s.addr);
      }
      sb_.push(s);
      stats_.sb_max_occupancy = std::max<std::uint64_t>(stats_.sb_max_occupancy, sb_.size());
    } else if (e.op->kind == UopKind::Syscall || e.op->kind == UopKind::Halt) {
      retire_special(e, now);
      break;  // the frame changed: the next uops come from another program
    } else if (writes_reg(*e.op) && e.op->dst < cur().regs.size()) {
      cur().regs[e.op->dst] = e.result;
    }
  }
}

void Core::retire_special(const WindowEntry& e, Cycle now) {
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
  for (std::size_t i = 0; i < count_; ++i) {
    const WindowEntry& e = win_[i];
    // An atomic in flight or a kernel call already performed cannot be undone and redone.
    if (e.op->kind == UopKind::Rmw && e.started()) return false;
    if ((e.op->kind == UopKind::KCall || e.op->kind == UopKind::Syscall) && e.done()) return false;
  }
  return true;
}

void Core::maybe_interrupt(Cycle now) {
  if (!can_interrupt()) return;
  const KernelEntry k = kernel_.interrupt(id_, cur().kind, now);
  if (!k.program) return;
  if (count_ > 0) cur().pc = static_cast<std::size_t>(win_[0].index);
  count_ = 0;
  if (!(frames_.size() == 1 && thread_done_)) fetch_stopped_ = false;
  push_frame(k, FrameKind::Interrupt, kNoReg);
  progressed_ = true;
}

bool Core::start_load(std::size_t i, Cycle now, Rng& rng) {
  WindowEntry& e = win_[i];
  // Memory disambiguation: an older store or RMW with an unknown or matching address decides
  // what this load may read; without speculation the load waits for it.
  for (std::size_t j = i; j-- > 0;) {
    const WindowEntry& o = win_[j];
    if (!o.op->writes_mem()) continue;
    if (!o.started()) return false;
    if (o.addr != e.addr) continue;
    if (o.op->kind == UopKind::Store && o.done()) {
      e.result = o.data;
      e.forwarded = true;
      e.done_at = now + 1;
      ++stats_.loads_forwarded;
      return true;
    }
    return false;  // older RMW to the same address still in flight
  }
  if (const SbEntry* s = sb_.youngest_for(e.addr)) {
    e.result = s->value;
    e.forwarded = true;
    e.done_at = now + 1;
    ++stats_.loads_forwarded;
    return true;
  }
  e.forwarded = false;
  e.done_at = now + coh_.read(id_, e.addr, rng);
  // Explore: one load in eight is delayed (a miss, a replay), so that other cores run ahead;
  // one of the test's loads in eight stalls past the kernel's next one or two timers (a
  // preempted vCPU, an SMI), so that a critical section of a few thousand cycles can span a
  // tick or a grace-period scan. (Not the kernel's own loads: stalled inside a lock, they would
  // only make other CPUs spin for a jiffy.)
  if (timing_.explore && rng.chance(1, 8))
    e.done_at = e.done_at + (std::uint64_t{1} << rng.uniform(3, 9));
  if (timing_.explore && cur().kind == FrameKind::Thread && rng.chance(1, 8)) {
    Cycle t = kernel_.next_timer(now);
    if (t != Cycle::never() && rng.chance(1, 2) && kernel_.next_timer(t) != Cycle::never())
      t = kernel_.next_timer(t);
    if (t != Cycle::never()) e.done_at = std::max(e.done_at, t + rng.uniform(1, 1 << 14));
  }
  return true;
}

// An address that is none of the test's locations: the access does nothing and faults when
// it retires (in program order, so only an access the program really makes is reported).
bool Core::outside(WindowEntry& e) {
  if (storage_.holds(e.addr) &&
      (cur().kind != FrameKind::Thread || MemoryLayout::index_of(e.addr) < user_locations_))
    return false;
  e.bad_addr = true;
  e.result = 0;
  e.state = EntryState::Done;
  return true;
}

bool Core::start(std::size_t i, Cycle now, Rng& rng) {
  WindowEntry& e = win_[i];
  const MicroOp& op = *e.op;
  switch (op.kind) {
    case UopKind::Alu: {
      Value a = 0, b = 0;
      if (!operand(op.a, i, a) || !operand(op.b, i, b)) return false;
      e.result = alu(op.alu, a, b);
      e.state = EntryState::Done;
      return true;
    }
    case UopKind::Load: {
      if (!address(i, e.addr)) return false;
      if (outside(e)) return true;
      if (!policy_.may_issue(CoreView{win_.data(), count_, &sb_}, i)) return false;
      if (!start_load(i, now, rng)) return false;
      ++stats_.loads;
      e.state = EntryState::Executing;
      return true;
    }
    case UopKind::Store: {
      if (!address(i, e.addr) || !operand(op.a, i, e.data)) return false;
      if (outside(e)) return true;
      e.state = EntryState::Done;
      return true;
    }
    case UopKind::Rmw: {
      if (!address(i, e.addr) || !operand(op.a, i, e.data) || !operand(op.b, i, e.data2))
        return false;
      if (outside(e)) return true;
      if (!policy_.may_issue(CoreView{win_.data(), count_, &sb_}, i)) return false;
      e.done_at = now + coh_.own(id_, e.addr, rng);
      e.state = EntryState::Executing;
      ++stats_.rmws;
      return true;
    }
    case UopKind::Fence:
      if (!policy_.may_issue(CoreView{win_.data(), count_, &sb_}, i)) return false;
      e.state = EntryState::Done;
      return true;
    case UopKind::Branch: {
      Value c = 0;
      if (!operand(op.a, i, c)) return false;
      const bool taken = (op.flags & kBranchIfZero) ? c == 0 : c != 0;
      cur().pc = taken ? static_cast<std::size_t>(op.target) : static_cast<std::size_t>(e.index) + 1;
      branch_pending_ = false;
      e.state = EntryState::Done;
      return true;
    }
    case UopKind::Nop:
    case UopKind::Halt:
      e.state = EntryState::Done;
      return true;
    case UopKind::Syscall:
    case UopKind::KCall: {
      // Kernel entries and intrinsics act in program order: only as the oldest uop.
      if (i != 0) return false;
      Value args[3] = {0, 0, 0};
      if (!operand(op.a, i, args[0]) || !operand(op.b, i, args[1]) || !operand(op.c, i, args[2]))
        return false;
      if (op.kind == UopKind::KCall) {
        const KCallResult r = kernel_.kcall(id_, op.code, args, now);
        if (r.sleep) return false;
        e.result = r.value;
        if (r.switch_to >= 0 && frames_.size() > 1 &&
            static_cast<std::size_t>(r.switch_to) < tasks_.size())
          switch_task(static_cast<std::size_t>(r.switch_to));
      } else {
        e.data = args[0];
        e.data2 = args[1];
        e.result = args[2];
      }
      e.state = EntryState::Done;
      return true;
    }
  }
  return false;
}

void Core::issue(Cycle now, Rng& rng) {
  for (std::size_t i = 0; i < count_; ++i) {
    if (win_[i].state == EntryState::Waiting && start(i, now, rng)) progressed_ = true;
  }
}

void Core::dispatch(Cycle now, Rng& rng) {
  unsigned n = 0;
  while (!fetch_stopped_ && !branch_pending_ && count_ < timing_.window && n < timing_.width &&
         fetch_resume_at_ <= now && (started_ || cur().kind != FrameKind::Thread)) {
    const ThreadProgram& prog = *cur().prog;
    std::size_t& pc = cur().pc;
    if (timing_.stall_permille && rng.chance(timing_.stall_permille, 1000)) {
      fetch_resume_at_ = now + rng.uniform(1, timing_.stall_max);
      progressed_ = true;
      break;
    }
    // Running off the end is a Halt: the last uop of every program is one.
    const std::size_t at = std::min(pc, prog.ops.size() - 1);
    const MicroOp& op = prog.ops[at];
    WindowEntry& e = win_[count_++];
    e = WindowEntry{};
    e.op = &op;
    e.index = static_cast<std::int32_t>(at);
    // No speculation: fetch stops at a branch until it resolves, and at a Halt or Syscall
    // until it retires and the frame changes.
    if (op.kind == UopKind::Branch) {
      branch_pending_ = true;
    } else {
      pc = at + 1;
      if (op.kind == UopKind::Halt || op.kind == UopKind::Syscall) fetch_stopped_ = true;
    }
    ++n;
    progressed_ = true;
  }
}

void Core::drain(Cycle now, Rng& rng) {
  release_holds(now, rng);
  for (std::size_t k = 0; k < sb_.size(); ++k) {
    SbEntry& s = sb_[k];
    if (s.draining() || s.ready_at > now || sb_.has_older_for(k)) continue;
    if (!policy_.may_drain(sb_, k)) continue;
    s.drain_done_at = now + coh_.own(id_, s.addr, rng);
    progressed_ = true;
  }
}

void Core::evaluate(Cycle now, Rng& rng) {
  progressed_ = false;
  if (!started_ && now >= start_at_) {
    started_ = true;
    kernel_.thread_started(id_, now);
  }
  if (!started_ && frames_.size() == 1 && count_ == 0 && sb_.empty()) {
    maybe_interrupt(now);  // an idle CPU before its start: only kernel code can run
    return;
  }
  complete_loads(now);
  retire(now, rng);
  maybe_interrupt(now);
  issue(now, rng);
  dispatch(now, rng);
  drain(now, rng);
}

void Core::commit(Cycle now) {
  for (std::size_t k = 0; k < sb_.size();) {
    if (sb_[k].drain_done_at <= now) {
      storage_.write(id_, sb_[k].addr, sb_[k].value);
      sb_.erase(k);
      ++stats_.stores_drained;
      progressed_ = true;
    } else {
      ++k;
    }
  }
  for (std::size_t i = 0; i < count_; ++i) {
    WindowEntry& e = win_[i];
    if (e.state != EntryState::Executing || e.op->kind != UopKind::Rmw || e.done_at > now)
      continue;
    const Value old = storage_.read(id_, e.addr);
    storage_.write(id_, e.addr, rmw_new(e.op->rmw, old, e.data, e.data2));
    e.result = old;
    e.state = EntryState::Done;
    progressed_ = true;
  }
}

bool Core::flush_one(Rng& rng) {
  std::size_t ready[kMaxWindow];
  std::size_t n = 0;
  for (std::size_t k = 0; k < sb_.size() && n < kMaxWindow; ++k)
    if (!sb_.has_older_for(k) && policy_.may_drain(sb_, k)) ready[n++] = k;
  if (n == 0) return false;
  const std::size_t k = ready[rng.uniform(0, n - 1)];
  storage_.write(id_, sb_[k].addr, sb_[k].value);
  sb_.erase(k);
  ++stats_.stores_drained;
  return true;
}

Cycle Core::next_event(Cycle now) const {
  if (quiescent()) return Cycle::never();
  if (progressed_) return now + 1;
  // Nothing changed this cycle: only a timed completion can unblock this core.
  Cycle next = started_ ? Cycle::never() : start_at_;
  if (!fetch_stopped_ && !branch_pending_ && fetch_resume_at_ > now)
    next = std::min(next, fetch_resume_at_);
  for (std::size_t i = 0; i < count_; ++i)
    if (win_[i].state == EntryState::Executing) next = std::min(next, win_[i].done_at);
  for (std::size_t k = 0; k < sb_.size(); ++k) {
    // A ready entry that is not draining waits for an older one, whose drain is timed.
    if (sb_[k].draining()) next = std::min(next, sb_[k].drain_done_at);
    else if (sb_[k].ready_at > now) next = std::min(next, sb_[k].ready_at);
  }
  return next <= now ? now + 1 : next;
}

}  // namespace mmsim

#include "sim/cpu/core.h"

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

#include "sim/cpu/uop_semantics.h"

namespace mmsim {

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
  p.declare({"cpu.window", ParamType::Int, "32", "uops",
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
             "chance that fetching a uop stalls the front end (an I-cache miss, a TLB walk), "
             "letting older stores drain or other cores run ahead; realistic timing: only a "
             "uop's first fetch in the trial (a loop runs warm), explore: every fetch",
             0, 1000});
  p.declare({"cpu.fast_forward", ParamType::Bool, "true", "",
             "realistic timing: a core going round a loop whose every pass is the same, cycle "
             "for cycle, is moved on to just before the next event of anything else instead "
             "of evaluated each cycle (results are identical; off for comparison)"});
  p.declare({"cpu.stall_max", ParamType::Int, "200", "cycles",
             "a front-end stall lasts a random [1, stall_max] cycles", 1, 10'000'000});
}

Core::Core(sc_core::sc_module_name name, CpuId id, const IOrderingPolicy& policy,
           IStorage& storage, Coherence& coherence, IKernelPort& kernel)
    : sc_module(name), id_(id), policy_(policy), storage_(storage), coh_(coherence),
      kernel_(kernel), spec_(policy.speculation()) {}

void Core::configure(const Params& p) {
  timing_.window = static_cast<unsigned>(p.get_int("cpu.window"));
  timing_.width = static_cast<unsigned>(p.get_int("cpu.width"));
  timing_.start_jitter = static_cast<std::uint64_t>(p.get_int("cpu.start_jitter"));
  std::vector<std::uint64_t> delays;  // well-formed: Params::set checked it
  parse_start_delays(p.get_string("cpu.start_delay"), delays);
  timing_.start_delay = id_.raw() < delays.size() ? delays[id_.raw()] : 0;
  timing_.sb_residency = static_cast<std::uint64_t>(p.get_int("cpu.sb_residency"));
  timing_.explore = p.get_string("timing.mode") == "explore";
  timing_.guided = timing_.explore && p.get_bool("timing.guided");
  timing_.stall_permille = static_cast<std::uint64_t>(p.get_int("cpu.stall_permille"));
  timing_.stall_max = static_cast<std::uint64_t>(p.get_int("cpu.stall_max"));
  fast_forward_ = p.get_bool("cpu.fast_forward") && !timing_.explore;
}

void Core::reset(Rng& rng) {
  win_.clear();
  next_seq_ = 0;
  store_epoch_ = 0;
  monitor_.clear();
  predictor_.reset(timing_.explore);
  fault_.reset();
  sb_.clear();
  branch_pending_ = false;
  stats_ = CoreStats{};
  for (auto& w : warm_) std::fill(w.second.begin(), w.second.end(), false);
  draws_ = side_effects_ = 0;
  back_edge_ = false;
  lines_read_.clear();
  std::fill(line_read_.begin(), line_read_.end(), false);
  forget_orbit();
  for (ArchVisit& v : visits_) v.writes = ~std::uint64_t{0};
  endless_writes_ = ~std::uint64_t{0};
  endless_view_.clear();
  view_seq_ = 0;
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
  // Where loads may take values out of order, each CPU also draws how often its loads are
  // delayed (one in eight, four or two), so that a load overtakes an older one in some trials.
  // Guided (timing.guided), half the trials also draw how often a load passes over a value the
  // condition does not want (a quarter to always): the other half keep unguided explore's
  // spread of timings, and its cost (a guided trial waits longer).
  hold_permille_ = 0;
  delay_permille_ = 125;
  guide_permille_ = 0;
  guided_left_ = kGuidedTrialWaits;
  if (timing_.explore) {
    if (rng.chance(1, 3)) start += std::uint64_t{1} << rng.uniform(8, 13);
    hold_permille_ = 250 * rng.uniform(0, 4);
    if (spec_.out_of_order_loads) {
      delay_permille_ = 125u << rng.uniform(0, 2);
      if (timing_.guided && rng.chance(1, 2)) guide_permille_ = 250 * rng.uniform(1, 4);
    }
  }
  start_at_ = Cycle{start};
  started_ = false;
  fetch_resume_at_ = Cycle{0};
}

bool Core::operand(std::size_t i, SrcSlot slot, Value& out) const {
  const WindowEntry& e = win_[i];
  const MicroOp& op = *e.op;
  const Src s = slot == kSrcA ? op.a : slot == kSrcB ? op.b : slot == kSrcC ? op.c
                                                               : Src::r(op.addr_base);
  if (!s.is_reg) {
    out = s.imm;
    return true;
  }
  const std::size_t back = e.producer[slot];
  if (back != 0 && back <= i) {
    const WindowEntry& w = win_[i - back];
    if (!w.done()) return false;
    out = w.result;
    return true;
  }
  const auto& regs = cur().regs;
  out = s.reg < regs.size() ? regs[s.reg] : 0;
  return true;
}

bool Core::only_loads_pending(std::size_t i) const {
  for (std::size_t j = 0; j < i; ++j) {
    const WindowEntry& o = win_[j];
    switch (o.op->kind) {
      case UopKind::Load:
      case UopKind::Alu:
      case UopKind::Nop:
        break;
      case UopKind::Store:
        if (!o.committed) return false;
        break;
      case UopKind::Fence:
        if (!o.done() || policy_.on_retire(*o.op).refetch) return false;
        break;
      default:  // a branch to resolve, an atomic or kernel call to perform
        if (!o.done()) return false;
        break;
    }
  }
  return true;
}

bool Core::address(std::size_t i, Addr& out) const {
  const MicroOp& op = *win_[i].op;
  Value base = 0;
  if (op.addr_base != kNoReg && !operand(i, kSrcBase, base)) return false;
  out = Addr{static_cast<std::uint64_t>(base + op.addr_disp)};
  return true;
}

void Core::retire(Cycle now, Rng& rng) {
  unsigned n = 0;
  while (!win_.empty() && n < timing_.width && win_[0].done()) {
    if (!policy_.may_retire(view())) break;
    if (policy_.awaits_barrier(*win_[0].op) && !storage_.acknowledged(win_[0].barrier)) break;
    if (win_[0].bad_addr) {
      fault_ = CoreFault{cur().prog, win_[0].op->src, win_[0].addr};
      break;
    }
    const WindowEntry e = win_.pop_front();
    ++n;
    ++stats_.uops_retired;
    progressed_ = true;
    if (e.op->kind == UopKind::Store) {
      if (!e.committed) to_store_buffer(e, now, rng);
    } else if (e.op->kind == UopKind::Syscall || e.op->kind == UopKind::Halt) {
      retire_special(e, now);
      break;  // the frame changed: the next uops come from another program
    } else if (e.op->writes_reg() && e.op->dst < cur().regs.size()) {
      cur().regs[e.op->dst] = e.result;
    } else if (e.op->kind == UopKind::Branch && e.op->target <= e.index) {
      back_edge_ = true;
      back_edge_prog_ = cur().prog;
      back_edge_index_ = e.index;
      back_edge_seq_ = e.seq;
    }
    if (e.op->kind == UopKind::Fence) {
      const RetireEffect fx = policy_.on_retire(*e.op);
      if (fx.close_store_epoch) ++store_epoch_;
      if (fx.refetch) {
        // Context synchronization: what was fetched after it is fetched again.
        refetch_from(0, static_cast<std::size_t>(e.index) + 1);
        ++stats_.refetches;
        break;
      }
    }
  }
}

bool Core::start_call(std::size_t i, Cycle now) {
  WindowEntry& e = win_[i];
  const MicroOp& op = *e.op;
  // Kernel entries and intrinsics act in program order: only as the oldest uop.
  if (i != 0) return false;
  Value args[3] = {0, 0, 0};
  if (!operand(i, kSrcA, args[0]) || !operand(i, kSrcB, args[1]) || !operand(i, kSrcC, args[2]))
    return false;
  if (op.kind == UopKind::KCall) {
    ++side_effects_;
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

bool Core::start(std::size_t i, Cycle now, Rng& rng) {
  WindowEntry& e = win_[i];
  const MicroOp& op = *e.op;
  switch (op.kind) {
    case UopKind::Alu: {
      Value a = 0, b = 0, c = 0;
      if (!operand(i, kSrcA, a) || !operand(i, kSrcB, b) || !operand(i, kSrcC, c)) return false;
      e.result = alu(op.alu, a, b, c);
      e.state = EntryState::Done;
      return true;
    }
    case UopKind::Load: {
      if (e.recheck_addr) {
        // Redone by a replay: if its address moved, the loads after it were checked against
        // the wrong one — squash from here.
        Addr a;
        if (!address(i, a)) return false;
        e.recheck_addr = false;
        if (a != e.addr) {
          ++stats_.replays;
          refetch_from(i, static_cast<std::size_t>(e.index));
          return true;
        }
      }
      if (!address(i, e.addr)) return false;
      if (outside(e)) return true;
      if (!policy_.may_issue(view(), i)) return false;
      if (!start_load(i, now, rng)) return false;
      ++stats_.loads;
      e.state = EntryState::Executing;
      return true;
    }
    case UopKind::Store: {
      if (!address(i, e.addr) || !operand(i, kSrcA, e.data)) return false;
      if (outside(e)) return true;
      e.state = EntryState::Done;
      store_resolved(i);
      return true;
    }
    case UopKind::Rmw:
    case UopKind::StoreCond:
      return start_atomic(i, now, rng);
    case UopKind::Fence:
      if (!policy_.may_issue(view(), i)) return false;
      if (policy_.commits_barrier(op)) {
        // A cumulative barrier enters storage after every older access: as the oldest entry,
        // with the buffer empty (one that orders stores only: after every older store).
        if (!sb_.empty()) return false;
        if (i != 0 && !(policy_.orders_stores_only(op) && only_loads_pending(i))) return false;
        e.barrier = storage_.commit_barrier(id_, now, rng, policy_.awaits_barrier(op));
        ++side_effects_;
      }
      e.state = EntryState::Done;
      return true;
    case UopKind::Branch:
      return resolve_branch(i, rng);
    case UopKind::Nop:
    case UopKind::Halt:
      e.state = EntryState::Done;
      return true;
    case UopKind::Syscall:
    case UopKind::KCall:
      return start_call(i, now);
  }
  return false;
}

void Core::issue(Cycle now, Rng& rng) {
  // A resolved branch or a replay may squash younger entries: re-read the size every step.
  for (std::size_t i = 0; i < win_.size(); ++i) {
    if (win_[i].state == EntryState::Waiting && (win_[i].awaited == 0 || !operands_pending(i)) &&
        start(i, now, rng))
      progressed_ = true;
  }
}

void Core::evaluate(Cycle now, Rng& rng) {
  const std::uint64_t before = rng.draws();
  evaluate_phases(now, rng);
  draws_ += rng.draws() - before;
}

void Core::evaluate_phases(Cycle now, Rng& rng) {
  progressed_ = false;
  if (!started_ && now >= start_at_) {
    started_ = true;
    kernel_.thread_started(id_, now);
  }
  if (!started_ && frames_.size() == 1 && win_.empty() && sb_.empty()) {
    maybe_interrupt(now);  // an idle CPU before its start: only kernel code can run
    return;
  }
  // Replay first: a load completing now must not hide that a younger one read too early.
  if (spec_.out_of_order_loads && !spec_.precise_dependencies) replay_stale_loads();
  complete_loads(now, rng);
  retire(now, rng);
  maybe_interrupt(now);
  issue(now, rng);
  if (spec_.early_store_commit) commit_early(now, rng);
  dispatch(now, rng);
  drain(now, rng);
}

void Core::commit(Cycle now, Rng& rng) {
  const std::uint64_t before = rng.draws();
  for (std::size_t k = 0; k < sb_.size();) {
    if (sb_[k].drain_done_at <= now) {
      write_memory(sb_[k].addr, sb_[k].value, now, rng, false);
      sb_.erase(k);
      ++stats_.stores_drained;
      progressed_ = true;
    } else {
      ++k;
    }
  }
  perform_atomics(now, rng);
  draws_ += rng.draws() - before;
  if (back_edge_) {
    back_edge_ = false;
    note_arch_back_edge();
    if (fast_forward_) note_back_edge(now);
  }
}

Cycle Core::next_event(Cycle now) const {
  if (quiescent()) return Cycle::never();
  if (progressed_) return now + 1;
  // Nothing changed this cycle: only a timed completion can unblock this core.
  Cycle next = started_ ? Cycle::never() : start_at_;
  if (!fetch_stopped_ && !branch_pending_ && fetch_resume_at_ > now)
    next = std::min(next, fetch_resume_at_);
  for (std::size_t i = 0; i < win_.size(); ++i)
    if (win_[i].state == EntryState::Executing) {
      const WindowEntry& e = win_[i];
      next = std::min(next, e.done_at);
      // A load held until a write to its line completes once the line was written and
      // ready_at is reached (complete_loads). The writer may have gone quiet with that write
      // (its last store drained), so nothing else is sure to drive the clock then.
      if (e.until_write && storage_.version(id_, e.addr) != e.version)
        next = std::min(next, e.ready_at);
    }
  for (std::size_t k = 0; k < sb_.size(); ++k) {
    // A ready entry that is not draining waits for an older one, whose drain is timed.
    if (sb_[k].draining()) next = std::min(next, sb_[k].drain_done_at);
    else if (sb_[k].held) next = std::min(next, sb_[k].hold_until);
    else if (sb_[k].ready_at > now) next = std::min(next, sb_[k].ready_at);
  }
  return next <= now ? now + 1 : next;
}

}  // namespace mmsim

// Core: the load/store unit — loads (disambiguation, forwarding, replay), the store buffer
// (early commit, drains, explore-mode holds), atomics and exclusives (see core.h).
#include <algorithm>

#include "sim/cpu/core.h"
#include "sim/cpu/uop_semantics.h"

namespace mmsim {

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
// probability 1/4, so a spinning reader always sees it in the end), or, for a kernel store,
// 2^14 cycles have passed (see to_store_buffer). A store released takes
// the older ones with it, which a FIFO buffer needs anyway. The end of the trial drains the
// rest (System). TSO and weaker models allow any finite residency, so this adds no behaviour.
void Core::release_holds(Cycle now, Rng& rng) {
  bool any_held = false;
  for (std::size_t k = 0; k < sb_.size(); ++k) any_held = any_held || sb_[k].held;
  if (!any_held) return;
  bool stalled = !progressed_ && !win_.empty();
  for (std::size_t i = 0; stalled && i < win_.size(); ++i)
    if (win_[i].state == EntryState::Executing) stalled = false;
  std::size_t upto = stalled ? sb_.size() : 0;  // release entries [0, upto)
  bool behind_hold = false;
  for (std::size_t k = 0; k < sb_.size(); ++k) {
    SbEntry& s = sb_[k];
    // A store waiting behind a held one is held too: a core asking for its line (a CPU
    // spinning on the lock this store releases) must be able to end the hold as well.
    behind_hold = behind_hold || s.held;
    if (!behind_hold) continue;
    if (s.held && s.hold_until <= now) upto = std::max(upto, k + 1);
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

bool Core::start_load(std::size_t i, Cycle now, Rng& rng) {
  WindowEntry& e = win_[i];
  // Memory disambiguation: an older store or RMW with an unknown or matching address decides
  // what this load may read; without speculation the load waits for it.
  for (std::size_t j = i; j-- > 0;) {
    const WindowEntry& o = win_[j];
    // An older load of this address passing over its own store's value (pass_over) goes
    // first: this one, forwarded that value, would be coherence-older than what it reads.
    if (o.guided && !o.started() && o.addr == e.addr) return false;
    if (!o.op->writes_mem()) continue;
    if (!o.started()) {
      // Precise: a load goes past an older store to another address, or to one not known yet
      // (replayed if it turns out to be this one: store_resolved).
      Addr oa;
      if (spec_.precise_dependencies && o.op->kind == UopKind::Store &&
          (!address(j, oa) || oa != e.addr))
        continue;
      return false;
    }
    if (o.addr != e.addr) continue;
    if (o.op->kind == UopKind::Store && o.done()) {
      if (pass_over(e, o.data, now, rng)) return false;
      e.result = o.data;
      e.forwarded = true;
      e.done_at = now + 1;
      ++stats_.loads_forwarded;
      return true;
    }
    return false;  // older RMW to the same address still in flight
  }
  if (const SbEntry* s = sb_.youngest_for(e.addr)) {
    if (pass_over(e, s->value, now, rng)) return false;
    e.result = s->value;
    e.forwarded = true;
    e.done_at = now + 1;
    ++stats_.loads_forwarded;
    return true;
  }
  e.forwarded = false;
  note_line_read(e.addr);  // the orbit's and endless()'s view of memory
  e.done_at = now + coh_.read(id_, e.addr, rng);
  // Explore: one load in eight (see reset) is delayed (a miss), so that other cores run ahead;
  // one of the test's loads in eight stalls past the kernel's next one or two timers (a
  // preempted vCPU, an SMI), so that a critical section of a few thousand cycles can span a
  // tick or a grace-period scan. (Not the kernel's own loads: stalled inside a lock, they would
  // only make other CPUs spin for a jiffy.)
  const bool test_load = cur().kind == FrameKind::Thread;
  if (timing_.explore && rng.chance(test_load ? delay_permille_ : 125, 1000))
    e.done_at = e.done_at + (std::uint64_t{1} << rng.uniform(3, 9));
  // Where loads run out of order, some of the test's (as many as are delayed) instead wait
  // until another core writes their line (or up to 2^14 cycles), so that an older load sees a
  // new value a younger one missed. The request counts as a touch of the line: a held store
  // may answer. (Again not the kernel's loads, for the same reason.)
  e.until_write = false;
  if (timing_.explore && spec_.out_of_order_loads && test_load &&
      rng.chance(delay_permille_, 1000)) {
    e.until_write = true;
    e.version = storage_.version(id_, e.addr);
    coh_.note_read(e.addr);
    storage_.touch(id_, e.addr, now, rng);
    e.ready_at = e.done_at;
    e.done_at = e.done_at + (std::uint64_t{1} << rng.uniform(6, 14));
  }
  if (timing_.explore && test_load && rng.chance(1, 8)) {
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

bool Core::start_atomic(std::size_t i, Cycle now, Rng& rng) {
  WindowEntry& e = win_[i];
  const MicroOp& op = *e.op;
  if (!address(i, e.addr) || !operand(i, kSrcA, e.data) || !operand(i, kSrcB, e.data2))
    return false;
  if (outside(e)) return true;
  // An atomic access cannot be undone: it acts only as the oldest entry (nothing older can
  // squash it), after this core's buffered stores to its address (coherence).
  if (i != 0) return false;
  for (std::size_t k = 0; k < sb_.size(); ++k)
    if (sb_[k].addr == e.addr) return false;
  if (!policy_.may_issue(view(), i)) return false;
  e.done_at = now + coh_.own(id_, e.addr, rng);
  e.state = EntryState::Executing;
  if (op.kind == UopKind::Rmw) ++stats_.rmws;
  return true;
}

void Core::complete_loads(Cycle now, Rng& rng) {
  for (std::size_t i = 0; i < win_.size(); ++i) {
    WindowEntry& e = win_[i];
    if (e.state != EntryState::Executing || e.op->kind != UopKind::Load) continue;
    const bool written =
        e.until_write && e.ready_at <= now && storage_.version(id_, e.addr) != e.version;
    if (e.done_at > now && !written) continue;
    if (!e.forwarded) {
      e.result = storage_.read(id_, e.addr);
      e.version = storage_.version(id_, e.addr);
      coh_.note_read(e.addr);
      storage_.touch(id_, e.addr, now, rng);
      // Explore: a value the condition does not look for in this register may be passed
      // over — the load waits (a few times at most) for the next write to reach its core.
      if (guide_permille_ && guided_left_ && e.guided < kGuidedWaits && unwanted(e, e.result) &&
          rng.chance(guide_permille_, 1000)) {
        ++e.guided;
        --guided_left_;
        e.until_write = true;
        e.ready_at = now;
        e.done_at = now + (std::uint64_t{1} << rng.uniform(6, 12));
        continue;
      }
      if (spec_.precise_dependencies) restart_stale_after(i);
    }
    // A load-reserve that read a value coherence has moved past reserves nothing: its
    // store-conditional could only lose the update in between.
    if (e.op->flags & kExclusive) {
      if (e.forwarded || storage_.latest(id_, e.addr))
        monitor_.reserve(e.addr, coh_.writes(e.addr));
      else
        monitor_.clear();
    }
    e.state = EntryState::Done;
    progressed_ = true;
  }
}

bool Core::pass_over(WindowEntry& e, Value v, Cycle now, Rng& rng) {
  if (e.guided && now < e.ready_at) return true;  // still waiting
  if (!guide_permille_ || !guided_left_ || e.guided >= kGuidedWaits || !unwanted(e, v) ||
      !rng.chance(guide_permille_, 1000))
    return false;
  ++e.guided;
  --guided_left_;
  e.ready_at = now + (std::uint64_t{1} << rng.uniform(4, 10));
  return true;
}

bool Core::unwanted(const WindowEntry& e, Value v) const {
  if (cur().kind != FrameKind::Thread) return false;
  const ThreadProgram* prog = cur().prog;
  const Reg r = e.op->dst;
  if (!prog || r == kNoReg || r >= prog->wanted.size()) return false;
  const auto& w = prog->wanted[r];
  return !w.empty() && std::find(w.begin(), w.end(), v) == w.end();
}

void Core::restart_stale_after(std::size_t i) {
  const Addr a = win_[i].addr;
  const std::uint64_t v = win_[i].version;
  // Youngest first: a replay squashes only after the load it redoes.
  for (std::size_t k = win_.size(); k-- > i + 1;) {
    const WindowEntry& e = win_[k];
    if (e.op->kind != UopKind::Load || !e.done() || e.forwarded || e.addr != a) continue;
    if (e.version == v) continue;
    ++stats_.replays;
    replay(k);
  }
}

// A load that took its value from memory and whose line another core has written since: the
// policy says whether keeping the value could break coherence (an older load to the same
// address still to read would see the newer value); then it is taken again.
void Core::replay_stale_loads() {
  for (std::size_t i = 0; i < win_.size(); ++i) {
    WindowEntry& e = win_[i];
    if (e.op->kind != UopKind::Load || !e.done() || e.forwarded || e.bad_addr) continue;
    const std::uint64_t w = storage_.version(id_, e.addr);
    if (w == e.version) continue;
    if (policy_.replay_on_write(view(), i)) {
      ++stats_.replays;
      replay(i);
      return;
    }
    e.version = w;
  }
}

Core::Deps Core::deps_on(std::size_t k, const bool* marked) const {
  const MicroOp& op = *win_[k].op;
  auto from_marked = [&](Reg r) {
    if (r == kNoReg) return false;
    for (std::size_t j = k; j-- > 0;) {
      const MicroOp& p = *win_[j].op;
      if (p.writes_reg() && p.dst == r) return marked[j];
    }
    return false;
  };
  Deps d;
  d.addr = from_marked(op.addr_base);
  d.value = (op.a.is_reg && from_marked(op.a.reg)) || (op.b.is_reg && from_marked(op.b.reg)) ||
            (op.c.is_reg && from_marked(op.c.reg));
  return d;
}

bool Core::same_address_as_tainted(std::size_t k, const bool* tainted) const {
  const WindowEntry& e = win_[k];
  if (!e.started()) return false;
  for (std::size_t j = 0; j < k; ++j)
    if (tainted[j] && win_[j].op->kind == UopKind::Load && win_[j].started() &&
        win_[j].addr == e.addr)
      return true;
  return false;
}

// Loads, ALU results and branches that took values from load i are taken again in place (a
// branch that now goes the other way squashes after it, a load whose address changes squashes
// from itself); anything else that did (a store, an atomic, a kernel call) is squashed with
// everything after it. Without precise dependencies, everything from i on is squashed and
// fetched again. (may_commit_early counts every such redo as a possible squash.)
void Core::replay(std::size_t i) {
  if (!spec_.precise_dependencies) {
    refetch_from(i, static_cast<std::size_t>(win_[i].index));
    return;
  }
  bool tainted[kMaxWindow] = {};
  tainted[i] = true;
  bool recheck[kMaxWindow] = {};
  for (std::size_t k = i + 1; k < win_.size(); ++k) {
    const Deps d = deps_on(k, tainted);
    if (!d.addr && !d.value) {
      // A load of the address of one redone: that one may now read a newer value than it
      // did (coherence), so it is redone too.
      if (win_[k].op->kind == UopKind::Load && same_address_as_tainted(k, tainted))
        tainted[k] = true;
      continue;
    }
    const UopKind kind = win_[k].op->kind;
    if (kind != UopKind::Alu && kind != UopKind::Load && kind != UopKind::Branch) {
      refetch_from(k, static_cast<std::size_t>(win_[k].index));
      break;
    }
    tainted[k] = true;
    recheck[k] = kind == UopKind::Load && d.addr;
  }
  for (std::size_t k = i; k < win_.size(); ++k) {
    if (!tainted[k]) continue;
    WindowEntry& e = win_[k];
    // Only a load that had an address can have been checked against it.
    e.recheck_addr = e.recheck_addr || (recheck[k] && e.started());
    e.state = EntryState::Waiting;
    e.forwarded = false;
    e.until_write = false;
  }
  progressed_ = true;
}

void Core::store_resolved(std::size_t i) {
  if (!spec_.precise_dependencies) return;
  const Addr a = win_[i].addr;
  // Youngest first: a replay squashes only after the load it redoes.
  for (std::size_t k = win_.size(); k-- > i + 1;) {
    const WindowEntry& l = win_[k];
    if (l.op->kind != UopKind::Load || !l.started() || l.addr != a) continue;
    bool covered = false;  // a younger store of this address, known before, fed it
    for (std::size_t s = i + 1; s < k && !covered; ++s)
      covered = win_[s].op->kind == UopKind::Store && win_[s].done() && win_[s].addr == a;
    if (covered) continue;
    ++stats_.replays;
    replay(k);
  }
}

// Load i could still be replayed: it reads (or has read) memory while an older load of the
// same (or a still unknown) address has not read yet. Whether it has its value yet does not
// matter: it may get it first.
bool Core::may_be_replayed(std::size_t i) const {
  const WindowEntry& e = win_[i];
  if (e.op->kind != UopKind::Load) return false;
  for (std::size_t j = 0; j < i; ++j) {
    const WindowEntry& o = win_[j];
    // Precise: it went past an older store whose address is not known yet.
    if (spec_.precise_dependencies && o.op->kind == UopKind::Store && !o.started()) {
      Addr oa;
      if (!address(j, oa) || oa == e.addr) return true;
    }
    if (e.started() && e.forwarded) continue;
    if (o.op->reads_mem() && !o.done() && (!o.started() || !e.started() || o.addr == e.addr))
      return true;
  }
  return false;
}

// Whether Done store i can no longer be squashed and keeps coherence if it enters the
// buffer now (the core's part of the early-commit rule; the policy adds the arch's).
bool Core::may_commit_early(std::size_t i) const {
  const WindowEntry& e = win_[i];
  // Selective replay: what a replay of a still-replayable load would redo (see replay()), and
  // the values not final yet — those, and loads forwarded from a store still in the window
  // (uncommitted: POWER commits such a read only after the write) or with an older load of
  // their address still to read. A store commits only
  // when its own values, the conditions of older branches and the addresses of older
  // accesses are final (the PLDI 2011 commit conditions).
  bool tainted[kMaxWindow] = {};
  bool unsettled[kMaxWindow] = {};
  const bool selective = spec_.precise_dependencies;
  for (std::size_t j = 0; j < i; ++j) {
    const WindowEntry& o = win_[j];
    if (selective) {
      // What a replay would redo. Only an ALU result or a load whose address stays is sure to
      // be redone in place; anything else that took a value from it (a store or atomic, a
      // branch that may turn, a load whose address may move) may squash from there on, this
      // store included.
      const Deps t = deps_on(j, tainted);
      if (t.addr || t.value) {
        if (o.op->kind != UopKind::Alu && (o.op->kind != UopKind::Load || t.addr)) return false;
        tainted[j] = true;
      } else {
        tainted[j] = o.op->kind == UopKind::Load && o.started() &&
                     (may_be_replayed(j) || same_address_as_tainted(j, tainted));
      }
      const Deps d = deps_on(j, unsettled);
      if (d.addr || (d.value && o.op->kind == UopKind::Branch)) return false;
      unsettled[j] = tainted[j] || d.value || forwarded_unsettled(j);
    }
    switch (o.op->kind) {
      case UopKind::Branch:
      case UopKind::Rmw:
      case UopKind::StoreCond:
      case UopKind::KCall:
      case UopKind::Syscall:
      case UopKind::Halt:
        if (!o.done()) return false;
        break;
      case UopKind::Load:
        if (!o.started() || o.bad_addr) return false;
        if (o.addr == e.addr && !o.done()) return false;  // it must not read this store
        if (spec_.out_of_order_loads && !selective && may_be_replayed(j)) return false;
        break;
      case UopKind::Store:
        if (o.bad_addr) return false;
        if (!o.done()) {
          // An older store to another, known address cannot undo this one.
          Addr oa;
          if (!selective || !address(j, oa) || oa == e.addr) return false;
          break;
        }
        if (o.addr == e.addr && !o.committed) return false;  // one address, program order
        break;
      case UopKind::Fence:
        if (policy_.on_retire(*o.op).refetch) return false;
        break;
      case UopKind::Alu:
      case UopKind::Nop:
        break;
    }
  }
  if (!selective) return true;
  const Deps d = deps_on(i, unsettled);  // unsettled covers tainted
  return !d.addr && !d.value;
}

bool Core::forwarded_unsettled(std::size_t j) const {
  const WindowEntry& l = win_[j];
  if (l.op->kind != UopKind::Load || !l.started() || !l.forwarded) return false;
  // An older load of its address (or of one not known yet) has no value: POWER restarts the
  // forwarded read when that one reads (the DETOUR tests).
  if (older_read_unsettled(win_.data(), j, l.addr)) return true;
  for (std::size_t k = j; k-- > 0;)
    if (win_[k].op->kind == UopKind::Store && win_[k].addr == l.addr) return !win_[k].committed;
  return false;  // from the store buffer: committed
}

void Core::commit_early(Cycle now, Rng& rng) {
  for (std::size_t i = 0; i < win_.size(); ++i) {
    WindowEntry& e = win_[i];
    if (e.op->kind != UopKind::Store || !e.done() || e.committed || e.bad_addr) continue;
    if (!may_commit_early(i) || !policy_.may_commit_early(view(), i)) continue;
    to_store_buffer(e, now, rng);
    e.committed = true;
    ++stats_.early_commits;
    progressed_ = true;
  }
}

void Core::to_store_buffer(const WindowEntry& e, Cycle now, Rng& rng) {
  ++side_effects_;
  SbEntry s{e.addr, e.data, now + residency(rng), Cycle::never(), e.op->src};
  s.seen = coh_.touches(s.addr);
  s.seq = e.seq;
  s.epoch = store_epoch_;
  s.flags = e.op->flags;
  if (hold_permille_ && rng.chance(hold_permille_, 1000)) {
    s.held = true;
    s.ready_at = Cycle::never();
    // The kernel's own stores are held for at most 2^14 cycles: held for jiffies, they would
    // only slow the kernel down (a grace period waiting on a flag polled once per scan).
    if (cur().kind != FrameKind::Thread) s.hold_until = now + (std::uint64_t{1} << 14);
  }
  sb_.push(s);
  stats_.sb_max_occupancy = std::max<std::uint64_t>(stats_.sb_max_occupancy, sb_.size());
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

void Core::write_memory(Addr a, Value v, Cycle now, Rng& rng, bool atomic) {
  ++side_effects_;
  storage_.write_at(id_, a, v, now, rng, atomic);
  monitor_.own_write(a, coh_.writes(a));
  coh_.note_write(a);
}

void Core::perform_atomics(Cycle now, Rng& rng) {
  for (std::size_t i = 0; i < win_.size(); ++i) {
    WindowEntry& e = win_[i];
    if (e.state != EntryState::Executing || e.done_at > now) continue;
    if (e.op->kind == UopKind::Rmw) {
      // An atomic acts at the coherence point: it reads the last write (a stale value would
      // lose an update on propagating storage), once that write has reached this core — a
      // lwarx reads what has propagated to its thread, and the loop's successful pass is the
      // one whose stwcx. follows the last write. Acting before would let a lock see its
      // unlock ahead of the critical section's writes the unlock's lwsync keeps before it.
      if (!storage_.latest(id_, e.addr)) {
        storage_.touch(id_, e.addr, now, rng);
        continue;
      }
      const Value old = storage_.final_value(e.addr);
      write_memory(e.addr, rmw_new(e.op->rmw, old, e.data, e.data2), now, rng, true);
      e.result = old;
    } else if (e.op->kind == UopKind::StoreCond) {
      const bool ok = monitor_.holds(e.addr, coh_.writes(e.addr));
      monitor_.clear();
      if (ok) write_memory(e.addr, e.data, now, rng, true);
      else ++stats_.sc_failures;
      e.result = ok ? 0 : 1;
    } else {
      continue;
    }
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
  // After the trial: the final state is coherence order's last writes, whatever propagates.
  write_memory(sb_[k].addr, sb_[k].value, Cycle::never(), rng, false);
  sb_.erase(k);
  ++stats_.stores_drained;
  return true;
}

}  // namespace mmsim

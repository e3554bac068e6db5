// Core: spin fast-forward — recognising a loop the core goes round identically, and moving
// along it without evaluating each cycle (see core.h, orbit_period; System decides when).
//
// A spinning user thread (`while (!READ_ONCE(done));` through a grace period) costs a cycle
// of simulation per cycle of a millisecond-long wait; the driver skips idle cores, but a
// spinning one is never idle. Its state, though, comes back the same at every back edge: the
// same registers, the same window contents at the same offsets from now. When it does, and
// nothing the loop reads can change before the next event of any other component, k periods
// later the core is exactly where it is now, k periods on. The state is compared whole — a
// loop that counts, or whose timing drifts, never matches — so a skip cannot change a result.
#include <algorithm>

#include "sim/cpu/core.h"
#include "sim/scenario/memory_layout.h"

namespace mmsim {

namespace {

// A skip adds `periods` times each counter's change over a period (sb_max_occupancy is a
// maximum, and an orbit has an empty buffer: it stays).
void add_periods(CoreStats& now, const CoreStats& then, std::uint64_t periods) {
  static_assert(sizeof(CoreStats) == 11 * sizeof(std::uint64_t), "a new CoreStats field: add it");
  auto add = [periods](std::uint64_t& n, std::uint64_t t) { n += periods * (n - t); };
  add(now.uops_retired, then.uops_retired);
  add(now.loads, then.loads);
  add(now.loads_forwarded, then.loads_forwarded);
  add(now.stores_drained, then.stores_drained);
  add(now.rmws, then.rmws);
  add(now.mispredicts, then.mispredicts);
  add(now.replays, then.replays);
  add(now.refetches, then.refetches);
  add(now.early_commits, then.early_commits);
  add(now.sc_failures, then.sc_failures);
}

std::uint64_t rel(Cycle t, Cycle now) { return t == Cycle::never() ? ~std::uint64_t{0} : t - now; }

}  // namespace

void Core::signature(Cycle now, std::vector<std::uint64_t>& out) const {
  out.clear();
  auto put = [&out](std::uint64_t v) { out.push_back(v); };
  auto ptr = [&out](const void* p) { out.push_back(reinterpret_cast<std::uintptr_t>(p)); };
  put(cur_task_);
  put(frames_.size());
  for (const Frame& f : frames_) {
    ptr(f.prog);
    put(f.pc);
    put(static_cast<std::uint64_t>(f.kind));
    put(f.ret_dst);
    put(f.regs.size());
    for (const Value v : f.regs) put(static_cast<std::uint64_t>(v));
  }
  for (const Task& t : tasks_) put(t.done);
  put(thread_done_);
  put(fetch_stopped_);
  put(branch_pending_);
  put(started_);
  put(progressed_);
  put(fetch_resume_at_ > now ? fetch_resume_at_ - now : 0);
  put(store_epoch_);
  put(sb_.size());
  monitor_.append_state(out);
  predictor_.append_state(out);
  put(win_.size());
  for (std::size_t i = 0; i < win_.size(); ++i) {
    const WindowEntry& e = win_[i];
    const bool executing = e.state == EntryState::Executing;
    ptr(e.op);
    put(static_cast<std::uint64_t>(e.index));
    put(next_seq_ - e.seq);
    put(static_cast<std::uint64_t>(e.state));
    put(executing ? rel(e.done_at, now) : 0);
    put(executing && e.until_write ? rel(e.ready_at, now) : 0);
    put(static_cast<std::uint64_t>(e.result));
    put(static_cast<std::uint64_t>(e.data));
    put(static_cast<std::uint64_t>(e.data2));
    put(e.addr.raw());
    put(e.version);
    put(static_cast<std::uint64_t>(e.until_write) | std::uint64_t{e.forwarded} << 1 |
        std::uint64_t{e.bad_addr} << 2 | std::uint64_t{e.predicted_taken} << 3 |
        std::uint64_t{e.recheck_addr} << 4 | std::uint64_t{e.committed} << 5);
    put(e.barrier);
  }
}

void Core::note_back_edge(Cycle now) {
  // Anything else in flight — a buffered store, a fault — is not a spin.
  if (!sb_.empty() || fault_) return;
  signature(now, sig_);
  // What the loop reads from outside: every line this core has read from memory this trial,
  // as it sees it now. Equal at two visits, no write reached any of them in between.
  read_view(sig_);
  for (const Snapshot& s : snaps_) {
    if (s.at == Cycle::never() || s.at >= now || s.prog != back_edge_prog_ ||
        s.index != back_edge_index_)
      continue;
    if (s.side_effects != side_effects_ || s.draws != draws_ || s.sig != sig_) continue;
    orbit_at_ = now;
    orbit_period_ = now - s.at;
    orbit_from_ = &s;
    return;
  }
  Snapshot& s = snaps_[next_snap_];
  next_snap_ = (next_snap_ + 1) % snaps_.size();
  s.at = now;
  s.prog = back_edge_prog_;
  s.index = back_edge_index_;
  s.side_effects = side_effects_;
  s.draws = draws_;
  s.next_seq = next_seq_;
  s.stats = stats_;
  s.sig = sig_;
}

// The state a retired back edge leaves: what the core goes on from, in program terms. No
// times, no window (speculation that has not retired), no generator: explore's random timing
// changes when the loop goes round, not where it goes.
void Core::note_arch_back_edge() {
  endless_writes_ = ~std::uint64_t{0};
  if (!sb_.empty() || fault_) return;
  // Which write of each line this core sees. When that changes, the passes already fetched
  // may have read the old one (loads run ahead of the branches that retire them): only a pass
  // fetched after the change, from a back edge younger than view_seq_, shows where the loop
  // goes now.
  view_.clear();
  for (const Addr a : lines_read_) view_.push_back(storage_.version(id_, a));
  if (view_ != endless_view_) {
    endless_view_ = view_;
    view_seq_ = next_seq_;
    for (ArchVisit& v : visits_) v.writes = ~std::uint64_t{0};
  }
  if (back_edge_seq_ < view_seq_) return;
  sig_.clear();
  sig_.push_back(reinterpret_cast<std::uintptr_t>(back_edge_prog_));
  sig_.push_back(static_cast<std::uint64_t>(back_edge_index_));
  sig_.push_back(cur_task_);
  sig_.push_back(frames_.size());
  for (const Frame& f : frames_) {
    sig_.push_back(reinterpret_cast<std::uintptr_t>(f.prog));
    sig_.push_back(static_cast<std::uint64_t>(f.kind));
    sig_.push_back(f.ret_dst);
    for (const Value v : f.regs) sig_.push_back(static_cast<std::uint64_t>(v));
  }
  for (const Task& t : tasks_) sig_.push_back(t.done);
  monitor_.append_state(sig_);
  const std::uint64_t writes = coh_.total_writes();
  for (const ArchVisit& v : visits_)
    if (v.writes == writes && v.state == sig_) {
      endless_writes_ = writes;
      return;
    }
  ArchVisit& v = visits_[next_visit_];
  next_visit_ = (next_visit_ + 1) % visits_.size();
  v.writes = writes;
  v.state = sig_;
}

bool Core::endless(std::uint64_t writes_now) const {
  if (endless_writes_ != writes_now || !sb_.empty() || threads_done()) return false;
  // The passes read what the core sees now, and that is the last write of every line: no
  // write still on its way to this core can change the next pass.
  if (lines_read_.size() != endless_view_.size()) return false;
  for (std::size_t i = 0; i < lines_read_.size(); ++i)
    if (storage_.version(id_, lines_read_[i]) != endless_view_[i] ||
        !storage_.latest(id_, lines_read_[i]))
      return false;
  return true;
}

bool Core::holds_until_end(const std::vector<bool>& watched) const {
  if (sb_.empty()) return true;
  if (!threads_done() || !sb_[0].held || frames_.size() != 1) return false;
  for (std::size_t k = 0; k < sb_.size(); ++k) {
    const std::size_t i = MemoryLayout::index_of(sb_[k].addr);
    if (i < watched.size() && watched[i]) return false;
  }
  return true;
}

void Core::note_line_read(Addr a) {
  const std::size_t i = MemoryLayout::index_of(a);
  if (i >= line_read_.size()) line_read_.resize(i + 1, false);
  if (line_read_[i]) return;
  line_read_[i] = true;
  lines_read_.push_back(a);
}

void Core::read_view(std::vector<std::uint64_t>& out) const {
  out.push_back(lines_read_.size());
  for (const Addr a : lines_read_) {
    out.push_back(a.raw());
    out.push_back(storage_.version(id_, a));  // the write this core sees there
    out.push_back(coh_.state_of(id_, a));     // what its next access costs
  }
}

bool Core::orbit_undisturbed() const {
  // Components that act after this core in the same cycle (a later core's drain, a store
  // made visible as the cycle commits) may have written a line the core read, after its
  // back edge was compared.
  outside_.clear();
  read_view(outside_);
  return outside_.size() <= sig_.size() &&
         std::equal(outside_.begin(), outside_.end(),
                    sig_.end() - static_cast<std::ptrdiff_t>(outside_.size()));
}

void Core::skip_periods(std::uint64_t periods) {
  const Snapshot& from = *orbit_from_;
  const std::uint64_t shift = periods * orbit_period_;
  const std::uint64_t seqs = periods * (next_seq_ - from.next_seq);
  for (std::size_t i = 0; i < win_.size(); ++i) {
    WindowEntry& e = win_[i];
    e.seq += seqs;
    if (e.state != EntryState::Executing) continue;
    if (e.done_at != Cycle::never()) e.done_at = e.done_at + shift;
    if (e.until_write && e.ready_at != Cycle::never()) e.ready_at = e.ready_at + shift;
  }
  if (fetch_resume_at_ > orbit_at_) fetch_resume_at_ = fetch_resume_at_ + shift;
  next_seq_ += seqs;
  add_periods(stats_, from.stats, periods);
  // The orbit is found again from scratch after the next event (its counters moved on).
  forget_orbit();
}

void Core::forget_orbit() {
  for (Snapshot& s : snaps_) s.at = Cycle::never();
  orbit_at_ = Cycle::never();
  orbit_period_ = 0;
  orbit_from_ = nullptr;
}

}  // namespace mmsim

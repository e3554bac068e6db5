#include "sim/mem/propagating_storage.h"

#include <algorithm>
#include <stdexcept>

namespace mmsim {

void PropagatingStorage::reset(const MemoryLayout& layout) {
  locs_.assign(layout.size(), {});
  for (std::size_t i = 0; i < layout.size(); ++i) {
    Location& l = locs_[i];
    l.value.push_back(layout.locations()[i].init);
    l.atomic.push_back(false);
    l.rank.push_back(0);
    l.order.push_back(0);
  }
  view_.assign(cpus_, std::vector<std::size_t>(layout.size(), 0));
  pending_.assign(cpus_, {});
  barriers_.clear();
  reach_order_.assign(cpus_, {});
  covered_.assign(cpus_ * cpus_, 0);
  hold_permille_.clear();  // drawn at the trial's first timed write
  dirty_ = true;
  next_due_ = Cycle::never();
  insert_permille_.clear();
  guide_permille_ = 0;
  cursor_.assign(cpus_, std::vector<std::size_t>(layout.size(), 0));
  wrote_.assign(cpus_, std::vector<bool>(layout.size(), false));
}

Value PropagatingStorage::read(CpuId c, Addr a) const {
  const std::size_t l = slot(a);
  return locs_[l].value[view_[c.raw()][l]];
}

Value PropagatingStorage::final_value(Addr a) const {
  const Location& l = locs_[slot(a)];
  return l.value[l.order.back()];
}

bool PropagatingStorage::latest(CpuId c, Addr a) const {
  const std::size_t l = slot(a);
  return rank_seen(c.raw(), l) + 1 == locs_[l].order.size();
}

std::vector<Value> PropagatingStorage::coherence(Addr a) const {
  const Location& l = locs_[slot(a)];
  std::vector<Value> out;
  for (const std::size_t id : l.order) out.push_back(l.value[id]);
  return out;
}

bool PropagatingStorage::holds(Addr a) const {
  return a.raw() >= MemoryLayout::kBase &&
         (a.raw() - MemoryLayout::kBase) % MemoryLayout::kLine == 0 && slot(a) < locs_.size();
}

void PropagatingStorage::write(CpuId c, Addr a, Value v) {
  write(c, a, v, Cycle{0}, std::vector<std::uint64_t>(cpus_, 0));
}

void PropagatingStorage::draw_trial_shares(Rng& rng) {
  for (std::size_t d = 0; d < cpus_; ++d) hold_permille_.push_back(250 * rng.uniform(0, 3));
  for (std::size_t d = 0; d < cpus_; ++d) insert_permille_.push_back(250 * rng.uniform(0, 2));
  guide_permille_ = 250 * rng.uniform(1, 4);
}

namespace {
bool contains(const std::vector<Value>& w, Value v) {
  return std::find(w.begin(), w.end(), v) != w.end();
}
}  // namespace

const ReadGoal* PropagatingStorage::wanted_read(std::size_t d, std::size_t l) const {
  if (d >= goal_.reads.size() || l >= goal_.reads[d].size() || goal_.reads[d][l].values.empty())
    return nullptr;
  return &goal_.reads[d][l];
}

const WantedRead* PropagatingStorage::next_want(std::size_t d, std::size_t l) const {
  const ReadGoal* g = wanted_read(d, l);
  return g && cursor_[d][l] < g->loads.size() ? &g->loads[cursor_[d][l]] : nullptr;
}

const std::vector<Value>* PropagatingStorage::wanted_final(std::size_t l) const {
  return l < goal_.finals.size() && !goal_.finals[l].empty() ? &goal_.finals[l] : nullptr;
}

std::size_t PropagatingStorage::goal_position(std::size_t c, std::size_t l, Value v,
                                              std::size_t first) const {
  // Last if `v` is a wanted final value; else before the first write not yet seen whose value
  // is wanted — finally, or by this core's later loads (it can see that one only if its own
  // goes first).
  const std::vector<Value>* f = wanted_final(l);
  const ReadGoal* r = wanted_read(c, l);
  if (f && contains(*f, v)) return kAtEnd;
  const Location& loc = locs_[l];
  for (std::size_t k = first; k < loc.order.size(); ++k) {
    const Value x = loc.value[loc.order[k]];
    if ((f && contains(*f, x)) || (r && contains(r->values, x))) return k;
  }
  return kAtEnd;
}

void PropagatingStorage::write_at(CpuId c, Addr a, Value v, Cycle now, Rng& rng, bool atomic) {
  if (explore_ && hold_permille_.empty()) draw_trial_shares(rng);
  const std::size_t l = slot(a);
  // The kernel's writes are not held: held, they would only slow the kernel down (a flag
  // polled once per grace-period scan).
  const bool test_location = l < user_locations_;
  // The end-of-trial drain: the write reaches every core at the next tick, but it takes its
  // place in coherence as a timed write would (a store still buffered when the threads finish
  // may yet go before a write its core has not seen — rfe004's two writes both do).
  const bool untimed = now == Cycle::never();
  std::vector<std::uint64_t>& delays = delays_scratch_;
  delays.assign(cpus_, 0);
  std::vector<bool>& guided = guided_scratch_;
  guided.assign(cpus_, false);
  for (std::size_t d = 0; d < cpus_ && !untimed; ++d) {
    if (d == c.raw()) continue;
    delays[d] = rng.uniform(min_delay_, max_delay_);
    bool hold = explore_ && test_location && hold_permille_[d] &&
                rng.chance(hold_permille_[d], 1000);
    // Guided: held from a core whose next load here wants another value, sent to one whose
    // next load wants it — unless that load follows the core's own write there, not made yet
    // (the core must not see this one before it). touch() lets the held ones go as wanted.
    if (const WantedRead* w = explore_ && test_location && guide_permille_ ? next_want(d, l)
                                                                           : nullptr)
      if (rng.chance(guide_permille_, 1000))
        guided[d] = hold = (w->after_own_write && !wrote_[d][l]) || !contains(w->values, v);
    if (hold) delays[d] = kHoldBound + delays[d];
  }
  std::size_t position = kAtEnd;
  const std::size_t first = rank_seen(c.raw(), l) + 1;  // after what this core sees
  const std::size_t n = locs_[l].order.size();
  // Only a write that follows no barrier (none has reached its core) goes anywhere but last:
  // then nothing propagation-ordered before it can follow it in coherence (herd's acyclic
  // co | prop; a write after a barrier is prop-after the barrier's group A —
  // 2+2W+lwsyncs).
  if (explore_ && !atomic && first < n && reach_order_[c.raw()].empty()) {
    if (test_location && guide_permille_ && (wanted_final(l) || wanted_read(c.raw(), l)) &&
        rng.chance(guide_permille_, 1000))
      position = goal_position(c.raw(), l, v, first);
    else if (insert_permille_[c.raw()] && rng.chance(insert_permille_[c.raw()], 1000))
      position = rng.uniform(first, n);
    if (position < n && locs_[l].atomic[locs_[l].order[position]]) position = kAtEnd;
  }
  write(c, a, v, untimed ? Cycle{0} : now, delays, position, atomic);
  if (!explore_ || untimed) return;
  // A delay past the bound marks a held propagation (the timed write() above takes delays
  // as given: tests steer it).
  for (std::size_t d = 0; d < cpus_; ++d)
    if (d != c.raw() && delays[d] > kHoldBound) {
      pending_[d].back().held = true;
      pending_[d].back().guided = guided[d];
    }
}

void PropagatingStorage::touch(CpuId c, Addr a, Cycle now, Rng& rng) {
  const std::size_t l = slot(a);
  const std::size_t d = c.raw();
  // Guided: a load that read what it wanted moves the core on to its next wanted load; the
  // held writes that one wants go now, the others stay held (until their bound or a later
  // touch). Unguided, or no load left to guide: all go.
  const WantedRead* w = guide_permille_ ? next_want(d, l) : nullptr;
  if (w && contains(w->values, read(c, a))) {
    ++cursor_[d][l];
    w = next_want(d, l);
  }
  for (Pending& p : pending_[d])
    if (p.held && !p.is_barrier && p.loc == l) {
      const bool unwanted = w && ((w->after_own_write && !wrote_[d][l]) ||
                                  !contains(w->values, locs_[l].value[p.id]));
      if (unwanted) continue;
      p.held = false;
      p.ready_at = std::min(p.ready_at, now + rng.uniform(1, 16));
      dirty_ = true;
    }
}

void PropagatingStorage::write(CpuId c, Addr a, Value v, Cycle now,
                               const std::vector<std::uint64_t>& delays, std::size_t position,
                               bool atomic) {
  const std::size_t l = slot(a);
  Location& loc = locs_[l];
  const std::size_t n = loc.order.size();
  if (position == kAtEnd || position >= n) position = n;
  if (position <= rank_seen(c.raw(), l) ||
      (position < n && loc.atomic[loc.order[position]]) || (atomic && position != n))
    throw std::logic_error("a write placed where coherence does not allow it");
  const std::size_t id = loc.value.size();
  loc.value.push_back(v);
  loc.atomic.push_back(atomic);
  loc.rank.push_back(position);
  loc.order.insert(loc.order.begin() + static_cast<std::ptrdiff_t>(position), id);
  for (std::size_t k = position + 1; k < loc.order.size(); ++k) loc.rank[loc.order[k]] = k;
  view_[c.raw()][l] = id;  // its own core sees it at once (it follows what the core saw)
  wrote_[c.raw()][l] = true;
  dirty_ = true;
  Pending p;
  p.loc = l;
  p.id = id;
  p.src = c.raw();
  p.prior = reach_order_[c.raw()].size();
  for (std::size_t d = 0; d < cpus_; ++d) {
    if (d == c.raw()) continue;
    p.ready_at = now + delays[d];
    pending_[d].push_back(p);
  }
}

PropagatingStorage::BarrierId PropagatingStorage::commit_barrier(
    CpuId c, Cycle now, const std::vector<std::uint64_t>& delays) {
  Barrier b;
  const auto& seen = view_[c.raw()];
  for (std::size_t l = 0; l < seen.size(); ++l)
    if (seen[l] != 0) b.group_a.emplace_back(l, seen[l]);
  b.reached.assign(cpus_, false);
  b.reached[c.raw()] = true;
  const BarrierId id = barriers_.size();
  barriers_.push_back(std::move(b));
  Pending p;
  p.is_barrier = true;
  p.barrier = id;
  // Every barrier that reached this core before (its own earlier ones included) goes first.
  p.src = c.raw();
  p.prior = reach_order_[c.raw()].size();
  for (std::size_t d = 0; d < cpus_; ++d) {
    if (d == c.raw()) continue;
    p.ready_at = now + delays[d];
    pending_[d].push_back(p);
  }
  reach_order_[c.raw()].push_back(id);
  dirty_ = true;
  return id;
}

PropagatingStorage::BarrierId PropagatingStorage::commit_barrier(CpuId c, Cycle now, Rng& rng,
                                                                  bool awaited) {
  std::vector<std::uint64_t>& delays = delays_scratch_;
  delays.assign(cpus_, 0);
  for (std::size_t d = 0; d < cpus_; ++d)
    if (d != c.raw()) delays[d] = rng.uniform(min_delay_, max_delay_);
  // A barrier its core waits for pushes its group A out: the writes explore held back from
  // other cores go now (else every sync would wait out the hold bound; kernel code is full of
  // them). Hardware does no less: sync waits for exactly that propagation. Not a write held
  // for the goal (timing.guided): the sync then waits, as a slow propagation would make it.
  if (awaited)
    for (auto& q : pending_)
    for (Pending& p : q)
      if (p.held && !p.guided && locs_[p.loc].rank[p.id] <= rank_seen(c.raw(), p.loc)) {
        p.held = false;
        p.ready_at = std::min(p.ready_at, now + rng.uniform(1, 16));
      }
  return commit_barrier(c, now, delays);
}

bool PropagatingStorage::acknowledged(BarrierId b) const {
  const auto& r = barriers_.at(b).reached;
  return std::all_of(r.begin(), r.end(), [](bool x) { return x; });
}

bool PropagatingStorage::can_apply(std::size_t d, const Pending& p) const {
  // How much of reach_order_[src] has reached d: a prefix that only grows, so each barrier is
  // looked at once per (src, d) pair instead of once per check.
  const auto& before = reach_order_[p.src];
  std::size_t& covered = covered_[p.src * cpus_ + d];
  while (covered < p.prior && barriers_[before[covered]].reached[d]) ++covered;
  if (covered < p.prior) return false;
  if (!p.is_barrier) return true;
  // Group A has reached d: d sees, at each location, that write or one coherence-after it.
  for (const auto& [l, id] : barriers_[p.barrier].group_a)
    if (rank_seen(d, l) < locs_[l].rank[id]) return false;
  return true;
}

void PropagatingStorage::apply(std::size_t d, const Pending& p) {
  if (p.is_barrier) {
    barriers_[p.barrier].reached[d] = true;
    reach_order_[d].push_back(p.barrier);
  } else if (locs_[p.loc].rank[p.id] > rank_seen(d, p.loc)) {
    view_[d][p.loc] = p.id;
  }
}

void PropagatingStorage::tick(Cycle now) {
  // Nothing new since the last pass and nothing due: whatever waits, waits still.
  if (!dirty_ && now < next_due_) return;
  dirty_ = false;
  next_due_ = Cycle::never();
  for (std::size_t d = 0; d < cpus_; ++d) {
    auto& q = pending_[d];
    // Applying one item may enable another (a barrier's group reached, then the writes after
    // it): repeat until nothing more is due.
    for (bool changed = true; changed;) {
      changed = false;
      for (std::size_t i = 0; i < q.size();) {
        if (q[i].ready_at <= now && can_apply(d, q[i])) {
          apply(d, q[i]);
          q.erase(q.begin() + static_cast<std::ptrdiff_t>(i));
          changed = true;
        } else {
          ++i;
        }
      }
    }
    for (const Pending& p : q)
      if (p.ready_at > now) next_due_ = std::min(next_due_, p.ready_at);
  }
}

Cycle PropagatingStorage::next_event(Cycle now) const {
  Cycle next = Cycle::never();
  for (const auto& q : pending_)
    for (const auto& p : q)
      if (p.ready_at > now) next = std::min(next, p.ready_at);
  return next;
}

}  // namespace mmsim

#include "sim/mem/propagating_storage.h"

#include <algorithm>

namespace mmsim {

void PropagatingStorage::reset(const MemoryLayout& layout) {
  co_.assign(layout.size(), {});
  for (std::size_t i = 0; i < layout.size(); ++i) co_[i].push_back(layout.locations()[i].init);
  view_.assign(cpus_, std::vector<std::size_t>(layout.size(), 0));
  pending_.assign(cpus_, {});
  barriers_.clear();
  reach_order_.assign(cpus_, {});
  hold_permille_.clear();  // drawn at the trial's first timed write
}

Value PropagatingStorage::read(CpuId c, Addr a) const {
  const std::size_t l = slot(a);
  return co_[l][view_[c.raw()][l]];
}

Value PropagatingStorage::final_value(Addr a) const { return co_[slot(a)].back(); }

bool PropagatingStorage::holds(Addr a) const {
  return a.raw() >= MemoryLayout::kBase &&
         (a.raw() - MemoryLayout::kBase) % MemoryLayout::kLine == 0 && slot(a) < co_.size();
}

void PropagatingStorage::write(CpuId c, Addr a, Value v) {
  write(c, a, v, Cycle{0}, std::vector<std::uint64_t>(cpus_, 0));
}

void PropagatingStorage::write_at(CpuId c, Addr a, Value v, Cycle now, Rng& rng) {
  if (now == Cycle::never()) return write(c, a, v);
  if (explore_ && hold_permille_.empty())
    for (std::size_t d = 0; d < cpus_; ++d) hold_permille_.push_back(250 * rng.uniform(0, 3));
  std::vector<std::uint64_t> delays(cpus_, 0);
  for (std::size_t d = 0; d < cpus_; ++d) {
    if (d == c.raw()) continue;
    delays[d] = rng.uniform(min_delay_, max_delay_);
    if (explore_ && hold_permille_[d] && rng.chance(hold_permille_[d], 1000))
      delays[d] = kHoldBound + delays[d];
  }
  write(c, a, v, now, delays);
  if (!explore_) return;
  // A delay past the bound marks a held propagation (the timed write() above takes delays
  // as given: tests steer it).
  for (std::size_t d = 0; d < cpus_; ++d)
    if (d != c.raw() && delays[d] > kHoldBound) pending_[d].back().held = true;
}

void PropagatingStorage::touch(CpuId c, Addr a, Cycle now, Rng& rng) {
  const std::size_t l = slot(a);
  for (Pending& p : pending_[c.raw()])
    if (p.held && !p.is_barrier && p.loc == l) {
      p.held = false;
      p.ready_at = std::min(p.ready_at, now + rng.uniform(1, 16));
    }
}

void PropagatingStorage::write(CpuId c, Addr a, Value v, Cycle now,
                               const std::vector<std::uint64_t>& delays) {
  const std::size_t l = slot(a);
  co_[l].push_back(v);
  Pending p;
  p.loc = l;
  p.co = co_[l].size() - 1;
  p.src = c.raw();
  p.prior = reach_order_[c.raw()].size();
  view_[c.raw()][l] = std::max(view_[c.raw()][l], p.co);  // its own core sees it at once
  for (std::size_t d = 0; d < cpus_; ++d) {
    if (d == c.raw()) continue;
    p.ready_at = now + delays[d];
    pending_[d].push_back(p);
  }
}

PropagatingStorage::BarrierId PropagatingStorage::commit_barrier(
    CpuId c, Cycle now, const std::vector<std::uint64_t>& delays) {
  Barrier b;
  b.group_a = view_[c.raw()];
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
  return id;
}

PropagatingStorage::BarrierId PropagatingStorage::commit_barrier(CpuId c, Cycle now, Rng& rng) {
  std::vector<std::uint64_t> delays(cpus_, 0);
  for (std::size_t d = 0; d < cpus_; ++d)
    if (d != c.raw()) delays[d] = rng.uniform(min_delay_, max_delay_);
  return commit_barrier(c, now, delays);
}

bool PropagatingStorage::acknowledged(BarrierId b) const {
  const auto& r = barriers_.at(b).reached;
  return std::all_of(r.begin(), r.end(), [](bool x) { return x; });
}

bool PropagatingStorage::can_apply(std::size_t d, const Pending& p) const {
  const auto& before = reach_order_[p.src];
  for (std::size_t k = 0; k < p.prior; ++k)
    if (!barriers_[before[k]].reached[d]) return false;
  if (!p.is_barrier) return true;
  const auto& a = barriers_[p.barrier].group_a;
  for (std::size_t l = 0; l < a.size(); ++l)
    if (view_[d][l] < a[l]) return false;
  return true;
}

void PropagatingStorage::apply(std::size_t d, const Pending& p) {
  if (p.is_barrier) {
    barriers_[p.barrier].reached[d] = true;
    reach_order_[d].push_back(p.barrier);
  }
  else view_[d][p.loc] = std::max(view_[d][p.loc], p.co);
}

void PropagatingStorage::tick(Cycle now) {
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

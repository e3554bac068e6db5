#include "models/arm64/arm64_ordering.h"

#include "models/arm64/arm64_fences.h"

namespace mmsim::arm64 {
namespace {

bool is_fence(const MicroOp& op, Fence f) { return op.kind == UopKind::Fence && op.fence == f; }
bool full_barrier(const MicroOp& op) { return is_fence(op, kDmbFull) || is_fence(op, kDsbFull); }

// A read for acquire and DMB LD purposes: a load, or an atomic that returns its old value.
bool is_read(const MicroOp& op) {
  return op.kind == UopKind::Load || (op.kind == UopKind::Rmw && !(op.flags & kNoRet));
}
bool acquires(const MicroOp& op) {
  return is_read(op) && (op.flags & (kAcquire | kAcquirePC)) != 0;
}
bool releases(const MicroOp& op) { return op.writes_mem() && (op.flags & kRelease) != 0; }

// Whether something older than entry i orders every later access after it and is not
// finished: an acquire without its value, a full barrier not retired, a DMB LD with an
// unfinished older read. `stores_too`: also DMB ST (for a later store).
bool ordered_behind(const CoreView& v, std::size_t i, bool stores_too) {
  bool read_pending = false;
  for (std::size_t j = 0; j < i; ++j) {
    const WindowEntry& o = v.entries[j];
    const MicroOp& op = *o.op;
    if (full_barrier(op)) return true;
    if (is_fence(op, kDmbLd) && read_pending) return true;
    if (stores_too && is_fence(op, kDmbSt)) return true;
    if (acquires(op) && !o.done()) return true;
    if (is_read(op) && !o.done()) read_pending = true;
  }
  return false;
}

}  // namespace

bool Arm64Ordering::may_issue(const CoreView& v, std::size_t i) const {
  const MicroOp& op = *v.entries[i].op;
  switch (op.kind) {
    case UopKind::Load: {
      if (ordered_behind(v, i, false)) return false;
      if (!(op.flags & kAcquire)) return true;
      // LDAR is RCsc: it takes its value only after every older STLR is visible.
      for (std::size_t j = 0; j < i; ++j)
        if (releases(*v.entries[j].op)) return false;
      for (std::size_t k = 0; k < v.sb->size(); ++k)
        if ((*v.sb)[k].flags & kRelease) return false;
      return true;
    }
    case UopKind::Rmw:
    case UopKind::StoreCond:
      // The core issues atomics only as the oldest entry; a release form also waits for every
      // older store to be visible.
      if (releases(op)) return v.sb->empty();
      // An acquire atomic's read (CASA, SWPA, LDADDA) is RCsc like LDAR's: after every older
      // STLR is visible. An unlock then a lock is so a full barrier on arm64
      // (smp_mb__after_unlock_lock() is empty there).
      if (is_read(op) && (op.flags & kAcquire))
        for (std::size_t k = 0; k < v.sb->size(); ++k)
          if ((*v.sb)[k].flags & kRelease) return false;
      return true;
    default:
      return true;
  }
}

bool Arm64Ordering::may_commit_early(const CoreView& v, std::size_t i) const {
  if (releases(*v.entries[i].op)) return false;
  return !ordered_behind(v, i, true);
}

bool Arm64Ordering::may_retire(const CoreView& v) const {
  if (full_barrier(*v.entries[0].op)) return v.sb->empty();
  return true;
}

RetireEffect Arm64Ordering::on_retire(const MicroOp& op) const {
  RetireEffect fx;
  if (op.kind != UopKind::Fence) return fx;
  fx.close_store_epoch = op.fence == kDmbSt || op.fence == kDmbFull || op.fence == kDsbFull;
  fx.refetch = op.fence == kIsb || op.fence == kEret;
  return fx;
}

bool Arm64Ordering::may_drain(const StoreBuffer& sb, std::size_t k) const {
  const SbEntry& s = sb[k];
  for (std::size_t j = 0; j < sb.size(); ++j) {
    if (sb[j].epoch < s.epoch) return false;                       // DMB ST / DMB
    if ((s.flags & kRelease) && sb[j].seq < s.seq) return false;  // STLR after older stores
  }
  return true;
}

bool Arm64Ordering::replay_on_write(const CoreView& v, std::size_t i) const {
  return older_read_unsettled(v.entries, i, v.entries[i].addr);
}

}  // namespace mmsim::arm64

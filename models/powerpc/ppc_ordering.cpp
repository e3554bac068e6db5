#include "models/powerpc/ppc_ordering.h"

#include "models/powerpc/ppc_fences.h"

namespace mmsim::powerpc {
namespace {

bool is_fence(const MicroOp& op, Fence f) { return op.kind == UopKind::Fence && op.fence == f; }

// Whether something older than entry i orders it and is not finished: an unretired sync; an
// lwsync with an older read still to take its value; for a store (`store`), also an
// unretired lwsync or eieio (the store epoch they close).
bool ordered_behind(const CoreView& v, std::size_t i, bool store) {
  bool read_pending = false;
  for (std::size_t j = 0; j < i; ++j) {
    const WindowEntry& o = v.entries[j];
    const MicroOp& op = *o.op;
    if (is_fence(op, kSync)) return true;
    if (is_fence(op, kLwsync) && (read_pending || store)) return true;
    if (store && is_fence(op, kEieio) && !o.done()) return true;  // until in storage
    if (op.reads_mem() && !o.done()) read_pending = true;
  }
  return false;
}

}  // namespace

bool PpcOrdering::may_issue(const CoreView& v, std::size_t i) const {
  if (v.entries[i].op->kind == UopKind::Load) return !ordered_behind(v, i, false);
  return true;
}

bool PpcOrdering::may_commit_early(const CoreView& v, std::size_t i) const {
  // (A store that depends on a forwarded load whose value is not final waits: the core's
  // precise dependencies, Speculation::precise_dependencies.)
  return !ordered_behind(v, i, true);
}

bool PpcOrdering::awaits_barrier(const MicroOp& op) const { return is_fence(op, kSync); }

bool PpcOrdering::orders_stores_only(const MicroOp& op) const { return is_fence(op, kEieio); }

RetireEffect PpcOrdering::on_retire(const MicroOp& op) const {
  RetireEffect fx;
  if (op.kind != UopKind::Fence) return fx;
  fx.close_store_epoch = op.fence == kSync || op.fence == kLwsync || op.fence == kEieio;
  fx.refetch = op.fence == kIsync;
  return fx;
}

bool PpcOrdering::may_drain(const StoreBuffer& sb, std::size_t k) const {
  for (std::size_t j = 0; j < sb.size(); ++j)
    if (sb[j].epoch < sb[k].epoch) return false;
  return true;
}

bool PpcOrdering::commits_barrier(const MicroOp& op) const {
  return is_fence(op, kSync) || is_fence(op, kLwsync) || is_fence(op, kEieio);
}

}  // namespace mmsim::powerpc

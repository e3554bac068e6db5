#include "models/x86/x86_ordering.h"

#include "models/x86/x86_fences.h"

namespace mmsim::x86 {
namespace {

bool is_full_fence(const MicroOp& op) {
  return op.kind == UopKind::Fence && (op.fence == kMfence || op.fence == kSerialize);
}

}  // namespace

bool X86Ordering::may_issue(const CoreView& v, std::size_t i) const {
  const MicroOp& op = *v.entries[i].op;
  if (op.kind == UopKind::Rmw) {
    // A locked instruction runs alone: every older instruction retired, store buffer empty.
    return i == 0 && v.sb->empty();
  }
  if (op.kind == UopKind::Fence) return true;
  if (op.kind != UopKind::Load) return true;
  for (std::size_t j = 0; j < i; ++j) {
    const WindowEntry& o = v.entries[j];
    // Loads are ordered with older loads (they take values in program order)...
    if (o.op->kind == UopKind::Load && !o.done()) return false;
    // ...and with older MFENCE/LFENCE and locked RMWs, which must complete first.
    if (o.op->kind == UopKind::Rmw) return false;
    if (o.op->kind == UopKind::Fence && o.op->fence != kCompiler && o.op->fence != kSfence)
      return false;
  }
  return true;
}

bool X86Ordering::may_retire(const CoreView& v) const {
  const MicroOp& op = *v.entries[0].op;
  if (is_full_fence(op)) return v.sb->empty();
  return true;
}

}  // namespace mmsim::x86

#include "models/x86/x86_primitives.h"

#include "models/x86/x86_fences.h"
#include "sim/arch/kernel_atomics.h"

namespace mmsim::x86 {
namespace {

UopTemplate load(std::uint8_t flags = 0) { return {UopKind::Load, RmwOp::Xchg, 0, flags}; }
UopTemplate store(std::uint8_t flags = 0) { return {UopKind::Store, RmwOp::Xchg, 0, flags}; }
UopTemplate rmw(RmwOp op) { return {UopKind::Rmw, op, 0, kLocked}; }
UopTemplate mfence() { return {UopKind::Fence, RmwOp::Xchg, kMfence, 0}; }
UopTemplate serialize() { return {UopKind::Fence, RmwOp::Xchg, kSerialize, 0}; }

PrimitiveTable build() {
  PrimitiveTable t;
  auto add = [&t](std::string name, PrimShape shape, bool deref, std::vector<UopTemplate> uops,
                  std::string doc, ArgOrder order = ArgOrder::PtrFirst) {
    Primitive p;
    p.name = std::move(name);
    p.shape = shape;
    p.deref_arg = deref;
    p.order = order;
    p.uops = std::move(uops);
    p.doc = std::move(doc);
    t.push_back(std::move(p));
  };
  add("READ_ONCE", PrimShape::Load, true, {load()}, "MOV load");
  add("WRITE_ONCE", PrimShape::Store, true, {store()}, "MOV store");
  add("smp_load_acquire", PrimShape::Load, false, {load(kAcquire)},
      "MOV load: TSO loads are already acquire");
  add("smp_store_release", PrimShape::Store, false, {store(kRelease)},
      "MOV store: TSO stores are already release");
  add("rcu_dereference", PrimShape::Load, true, {load()},
      "MOV load: address dependencies order the dereference");
  add("rcu_assign_pointer", PrimShape::Store, true, {store(kRelease)},
      "MOV store (smp_store_release)");
  add("smp_mb", PrimShape::Fence, false, {mfence()},
      "full barrier: MFENCE (the kernel's lock;addl has the same effect)");
  add("smp_store_mb", PrimShape::Store, true, {rmw(RmwOp::Xchg)},
      "XCHG with memory: __smp_store_mb (arch/x86/include/asm/barrier.h), a store and a full "
      "barrier in one");
  add("smp_rmb", PrimShape::Fence, false, {}, "compiler barrier only: TSO keeps loads in order");
  add("smp_wmb", PrimShape::Fence, false, {}, "compiler barrier only: TSO keeps stores in order");
  add("barrier", PrimShape::Fence, false, {}, "compiler barrier: no instruction");
  add("smp_mb__before_atomic", PrimShape::Fence, false, {},
      "compiler barrier: x86 atomics are LOCK'd and already full barriers");
  add("smp_mb__after_atomic", PrimShape::Fence, false, {},
      "compiler barrier: x86 atomics are LOCK'd and already full barriers");
  add("smp_mb__after_spinlock", PrimShape::Fence, false, {},
      "compiler barrier: spin_lock() is a LOCK'd RMW, already a full barrier");
  for (const char* n : {"xchg", "xchg_relaxed", "xchg_acquire", "xchg_release"})
    add(n, PrimShape::Rmw, false, {rmw(RmwOp::Xchg)}, "XCHG with memory (implicitly locked)");
  for (const char* n : {"cmpxchg", "cmpxchg_relaxed", "cmpxchg_acquire", "cmpxchg_release"})
    add(n, PrimShape::CmpXchg, false, {rmw(RmwOp::CmpXchg)}, "LOCK CMPXCHG");
  // Spin locks: the qspinlock fast paths (include/asm-generic/qspinlock.h; x86 selects
  // ARCH_USE_QUEUED_SPINLOCKS).
  add("spin_lock", PrimShape::Lock, false, {rmw(RmwOp::CmpXchg)},
      "queued_spin_lock(): LOCK CMPXCHG 0 -> 1 (atomic_try_cmpxchg_acquire), spinning on MOV "
      "loads while the lock is held");
  add("spin_trylock", PrimShape::TryLock, false, {rmw(RmwOp::CmpXchg)},
      "queued_spin_trylock(): one LOCK CMPXCHG 0 -> 1; 1 if it took the lock");
  add("spin_unlock", PrimShape::Unlock, false, {store(kRelease)},
      "queued_spin_unlock(): smp_store_release(&lock->locked, 0), a MOV store");
  add("spin_is_locked", PrimShape::Load, false, {load()},
      "queued_spin_is_locked(): atomic_read(&lock->val), a MOV load");
  add("spin_unlock_wait", PrimShape::LockWait, false, {mfence(), load()},
      "queued_spin_unlock_wait() (v4.12, removed in v4.13): smp_mb(), then MOV loads until the "
      "lock reads free; smp_acquire__after_ctrl_dep() is a compiler barrier on TSO");
  add("smp_mb__after_unlock_lock", PrimShape::Fence, false, {},
      "compiler barrier: an unlock+lock pair is already a full barrier (LOCK'd acquire)");
  // atomic_t: every RMW is LOCK'd and so a full barrier whatever its ordering suffix.
  add_atomic_api(t, AtomicLowering{[](RmwOp op, AtomicOrder) { return std::vector{rmw(op)}; },
                                   [](RmwOp op, AtomicOrder order) -> std::string {
                                     switch (op) {
                                       case RmwOp::Xchg: return "XCHG (implicitly locked)";
                                       case RmwOp::CmpXchg: return "LOCK CMPXCHG";
                                       case RmwOp::AddUnless:
                                         return "MOV, then a LOCK CMPXCHG loop";
                                       case RmwOp::FetchAdd:
                                       case RmwOp::FetchSub:
                                         return order == AtomicOrder::NoReturn
                                                    ? "LOCK ADD/SUB/INC/DEC"
                                                    : "LOCK XADD (of -i to subtract)";
                                       default:
                                         return order == AtomicOrder::NoReturn
                                                    ? "LOCK AND/OR/XOR"
                                                    : "MOV, then a LOCK CMPXCHG loop "
                                                      "(arch/x86/include/asm/atomic.h)";
                                     }
                                   }});
  // Kernel-only: what the kernel's entry code and IPI paths compile to on x86.
  add("__irq_return", PrimShape::Fence, false, {serialize()},
      "IRET: serializing (drains the store buffer, refetches)");
  add("__syscall_return", PrimShape::Fence, false, {},
      "SYSRET: not serializing, not a barrier");
  add("__sync_core", PrimShape::Fence, false, {serialize()},
      "sync_core(): a serializing instruction");
  add("__switch_mm_barrier", PrimShape::Fence, false, {serialize()},
      "switch_mm(): the CR3 write is serializing, a full barrier");
  add("__switch_path", PrimShape::Fence, false, {},
      "nothing: the instructions between the rq->curr store and the CR3 write "
      "(kernel/sched/core.c: prepare_task_switch(); arch/x86/mm/tlb.c: the start of "
      "switch_mm_irqs_off()) are not modelled; "
      "x86's runqueue lock is a LOCK'd RMW, a full barrier before the rq->curr store, so "
      "no outcome depends on how long the store waits for the CR3 write");
  t.push_back(constant_primitive(
      "__SWITCH_MM_BARRIER_IF_REGISTERED", 0,
      "constant 0: __switch_mm_barrier on every change of mm, whatever its registration "
      "(arch/x86/mm/tlb.c: switch_mm_irqs_off() writes CR3, serializing)"));
  t.push_back(constant_primitive(
      "__SWITCH_BARRIER_ON_EVERY_TASK_SWITCH", 0,
      "constant 0: the barrier comes with switch_mm()'s CR3 write, on a change of mm only "
      "(arch/x86/mm/tlb.c: switch_mm_irqs_off())"));
  add("__ipi_send_fence", PrimShape::Fence, false, {mfence()},
      "weak_wrmsr_fence(): MFENCE before the x2APIC ICR write that sends an IPI");
  return t;
}

}  // namespace

const PrimitiveTable& primitives() {
  static const PrimitiveTable table = build();
  return table;
}

}  // namespace mmsim::x86

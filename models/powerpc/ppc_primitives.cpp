#include "models/powerpc/ppc_primitives.h"

#include "models/powerpc/ppc_fences.h"
#include "sim/arch/kernel_atomics.h"

namespace mmsim::powerpc {
namespace {

UopTemplate load() { return {UopKind::Load, RmwOp::Xchg, 0, 0}; }
UopTemplate store() { return {UopKind::Store, RmwOp::Xchg, 0, 0}; }
UopTemplate rmw(RmwOp op) { return {UopKind::Rmw, op, 0, 0}; }
UopTemplate fence(Fence code) { return {UopKind::Fence, RmwOp::Xchg, code, 0}; }

// The ordering forms of an atomic (arch/powerpc/include/asm/synch.h): fully ordered ones are
// bracketed by PPC_ATOMIC_ENTRY_BARRIER and PPC_ATOMIC_EXIT_BARRIER (sync ... sync); _acquire
// ends with PPC_ACQUIRE_BARRIER (isync, after the stwcx.'s bne: ctrl+isync); _release starts
// with PPC_RELEASE_BARRIER (lwsync). The lwarx/stwcx. loop, which retries until the
// store-conditional succeeds, is one atomic Rmw micro-op.
enum class Form { Full, Relaxed, Acquire, Release };
std::vector<UopTemplate> atomic(RmwOp op, Form f) {
  switch (f) {
    case Form::Full: return {fence(kSync), rmw(op), fence(kSync)};
    case Form::Relaxed: return {rmw(op)};
    case Form::Acquire: return {rmw(op), fence(kIsync)};
    case Form::Release: return {fence(kLwsync), rmw(op)};
  }
  return {rmw(op)};
}

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
  add("READ_ONCE", PrimShape::Load, true, {load()}, "lwz/ld (include/asm-generic/rwonce.h)");
  add("WRITE_ONCE", PrimShape::Store, true, {store()}, "stw/std (include/asm-generic/rwonce.h)");
  add("smp_load_acquire", PrimShape::Load, false, {load(), fence(kLwsync)},
      "ld; lwsync (arch/powerpc/include/asm/barrier.h: __smp_load_acquire)");
  add("smp_store_release", PrimShape::Store, false, {fence(kLwsync), store()},
      "lwsync; std (arch/powerpc/include/asm/barrier.h: __smp_store_release)");
  add("rcu_dereference", PrimShape::Load, true, {load()},
      "ld: READ_ONCE (include/linux/rcupdate.h); the address dependency orders the "
      "dereference");
  add("rcu_assign_pointer", PrimShape::Store, true, {fence(kLwsync), store()},
      "lwsync; std: smp_store_release (include/linux/rcupdate.h)");
  add("smp_store_mb", PrimShape::Store, true, {store(), fence(kSync)},
      "stw; sync: the generic __smp_store_mb = WRITE_ONCE + __smp_mb "
      "(include/asm-generic/barrier.h)");
  add("smp_mb", PrimShape::Fence, false, {fence(kSync)},
      "sync (arch/powerpc/include/asm/barrier.h: __smp_mb = mb(); lwsync does not order an "
      "earlier store before a later load)");
  add("smp_rmb", PrimShape::Fence, false, {fence(kLwsync)},
      "lwsync (arch/powerpc/include/asm/barrier.h: __smp_rmb = __lwsync())");
  add("smp_wmb", PrimShape::Fence, false, {fence(kLwsync)},
      "lwsync (arch/powerpc/include/asm/barrier.h: __smp_wmb = SMPWMB, LWSYNC on PPC64)");
  add("barrier", PrimShape::Fence, false, {},
      "compiler barrier: no instruction (include/linux/compiler.h)");
  add("smp_mb__before_atomic", PrimShape::Fence, false, {fence(kSync)},
      "sync: powerpc keeps the generic __smp_mb__before_atomic() = __smp_mb() "
      "(include/asm-generic/barrier.h)");
  add("smp_mb__after_atomic", PrimShape::Fence, false, {fence(kSync)},
      "sync: powerpc keeps the generic __smp_mb__after_atomic() = __smp_mb() "
      "(include/asm-generic/barrier.h)");
  add("smp_mb__after_spinlock", PrimShape::Fence, false, {fence(kSync)},
      "sync: smp_mb() (arch/powerpc/include/asm/spinlock.h); spin_lock() is only an acquire "
      "(lwarx/stwcx.; isync)");
  add("xchg", PrimShape::Rmw, false, atomic(RmwOp::Xchg, Form::Full),
      "sync; lwarx/stwcx. loop; sync (arch/powerpc/include/asm/cmpxchg.h: arch_xchg = "
      "__xchg_relaxed between the atomic entry and exit barriers)");
  add("xchg_relaxed", PrimShape::Rmw, false, atomic(RmwOp::Xchg, Form::Relaxed),
      "lwarx/stwcx. loop (arch/powerpc/include/asm/cmpxchg.h: __xchg_u32_relaxed)");
  add("xchg_acquire", PrimShape::Rmw, false, atomic(RmwOp::Xchg, Form::Acquire),
      "lwarx/stwcx. loop; isync (include/linux/atomic.h: __atomic_acquire_fence after the "
      "relaxed form, PPC_ACQUIRE_BARRIER)");
  add("xchg_release", PrimShape::Rmw, false, atomic(RmwOp::Xchg, Form::Release),
      "lwsync; lwarx/stwcx. loop (include/linux/atomic.h: __atomic_release_fence before the "
      "relaxed form, PPC_RELEASE_BARRIER)");
  add("cmpxchg", PrimShape::CmpXchg, false, atomic(RmwOp::CmpXchg, Form::Full),
      "sync; lwarx/cmpw/bne/stwcx. loop; sync (arch/powerpc/include/asm/cmpxchg.h: "
      "__cmpxchg_u32, PPC_ATOMIC_ENTRY_BARRIER/EXIT_BARRIER)");
  add("cmpxchg_relaxed", PrimShape::CmpXchg, false, atomic(RmwOp::CmpXchg, Form::Relaxed),
      "lwarx/cmpw/bne/stwcx. loop (arch/powerpc/include/asm/cmpxchg.h: __cmpxchg_u32_relaxed)");
  add("cmpxchg_acquire", PrimShape::CmpXchg, false, atomic(RmwOp::CmpXchg, Form::Acquire),
      "lwarx/cmpw/bne/stwcx. loop; isync (arch/powerpc/include/asm/cmpxchg.h: "
      "__cmpxchg_u32_acquire, PPC_ACQUIRE_BARRIER)");
  add("cmpxchg_release", PrimShape::CmpXchg, false, atomic(RmwOp::CmpXchg, Form::Release),
      "lwsync; lwarx/cmpw/bne/stwcx. loop (include/linux/atomic.h: __atomic_release_fence)");
  // Spin locks (arch/powerpc/include/asm/simple_spinlock.h): a lwarx/stwcx. loop that takes
  // a free lock, then PPC_ACQUIRE_BARRIER (isync); unlock is PPC_RELEASE_BARRIER (lwsync)
  // and a plain store.
  add("spin_lock", PrimShape::Lock, false, {rmw(RmwOp::CmpXchg), fence(kIsync)},
      "arch_spin_lock() (arch/powerpc/include/asm/simple_spinlock.h): lwarx/cmpwi/bne/stwcx. loop; isync (__arch_spin_trylock), spinning on "
      "lwz while the lock is held");
  add("spin_trylock", PrimShape::TryLock, false, {rmw(RmwOp::CmpXchg), fence(kIsync)},
      "arch_spin_trylock() (arch/powerpc/include/asm/simple_spinlock.h): one lwarx/cmpwi/bne/stwcx. attempt; isync; 1 if it took the lock");
  add("spin_unlock", PrimShape::Unlock, false, {fence(kLwsync), store()},
      "arch_spin_unlock() (arch/powerpc/include/asm/simple_spinlock.h): lwsync; stw 0");
  add("spin_is_locked", PrimShape::Load, false, {load()},
      "arch_spin_is_locked() (arch/powerpc/include/asm/simple_spinlock.h): lwz of the lock "
      "word");
  add("spin_unlock_wait", PrimShape::LockWait, false,
      {fence(kSync), load(), fence(kLwsync)},
      "spin_unlock_wait() (v4.12, removed in v4.13) as include/asm-generic/qspinlock.h has it: smp_mb() (sync), lwz "
      "until the lock reads free, smp_acquire__after_ctrl_dep() (lwsync)");
  add("smp_mb__after_unlock_lock", PrimShape::Fence, false, {fence(kSync)},
      "sync: smp_mb() (arch/powerpc/include/asm/spinlock.h): lwsync+isync do not order an "
      "unlock's earlier store before a later lock's loads");
  // atomic_t (arch/powerpc/include/asm/atomic.h): lwarx/<op>/stwcx. loops, the void ones with
  // no barrier.
  add_atomic_api(
      t, AtomicLowering{
             [](RmwOp op, AtomicOrder order) {
               switch (order) {
                 case AtomicOrder::Full: return atomic(op, Form::Full);
                 case AtomicOrder::Acquire: return atomic(op, Form::Acquire);
                 case AtomicOrder::Release: return atomic(op, Form::Release);
                 default: return atomic(op, Form::Relaxed);
               }
             },
             [](RmwOp op, AtomicOrder order) -> std::string {
               std::string loop = op == RmwOp::CmpXchg     ? "lwarx/cmpw/bne/stwcx. loop"
                                  : op == RmwOp::AddUnless ? "lwarx/cmpw/beq/add/stwcx. loop"
                                  : op == RmwOp::Xchg      ? "lwarx/stwcx. loop"
                                                           : "lwarx/<op>/stwcx. loop";
               switch (order) {
                 case AtomicOrder::Full:
                   return "sync; " + loop +
                          "; sync (PPC_ATOMIC_ENTRY_BARRIER/EXIT_BARRIER, "
                          "arch/powerpc/include/asm/atomic.h)";
                 case AtomicOrder::Acquire: return loop + "; isync (PPC_ACQUIRE_BARRIER, arch/powerpc/include/asm/synch.h)";
                 case AtomicOrder::Release: return "lwsync; " + loop + " (PPC_RELEASE_BARRIER, arch/powerpc/include/asm/synch.h)";
                 default: return loop + ", no barrier (arch/powerpc/include/asm/atomic.h)";
               }
             }});
  // Kernel-only: what the kernel's entry code, scheduler and IPI paths compile to.
  add("__irq_return", PrimShape::Fence, false, {fence(kIsync)},
      "rfid (arch/powerpc/kernel/exceptions-64s.S, interrupt_64.S: RFI_TO_KERNEL/"
      "RFI_TO_USER): context-synchronizing, not a memory barrier; modelled by the isync code");
  add("__syscall_return", PrimShape::Fence, false, {fence(kIsync)},
      "rfid or rfscv (arch/powerpc/kernel/interrupt_64.S: system_call_common / "
      "system_call_vectored): context-synchronizing, not a memory barrier");
  add("__sync_core", PrimShape::Fence, false, {},
      "no instruction: the return to user mode (rfid) is the context synchronization "
      "(Documentation/features/sched/membarrier-sync-core/arch-support.txt: powerpc ok)");
  add("__switch_mm_barrier", PrimShape::Fence, false, {fence(kSync)},
      "sync: membarrier_arch_switch_mm() (arch/powerpc/include/asm/membarrier.h, called "
      "by switch_mm_irqs_off() when the mm changes) issues smp_mb() only when the next mm "
      "is registered for PRIVATE_ or GLOBAL_EXPEDITED (__SWITCH_MM_BARRIER_IF_REGISTERED)");
  add("__switch_path", PrimShape::Fence, false, {},
      "nothing: the instructions between the rq->curr store and switch_mm_irqs_off()'s "
      "membarrier_arch_switch_mm() (kernel/sched/core.c: prepare_task_switch(); "
      "arch/powerpc/mm/mmu_context.c: the MMU switch) are not modelled");
  t.push_back(constant_primitive(
      "__SWITCH_MM_BARRIER_IF_REGISTERED", 1,
      "constant 1: the kernel issues __switch_mm_barrier only when the next mm's "
      "membarrier_state has MEMBARRIER_STATE_PRIVATE_EXPEDITED or _GLOBAL_EXPEDITED "
      "(arch/powerpc/include/asm/membarrier.h: membarrier_arch_switch_mm(); from 4.16, "
      "before which finish_task_switch()'s smp_mb__after_unlock_lock() ran on every "
      "switch)"));
  t.push_back(constant_primitive(
      "__SWITCH_BARRIER_ON_EVERY_TASK_SWITCH", 0,
      "constant 0: the sync comes with switch_mm_irqs_off(), on a change of mm only "
      "(arch/powerpc/mm/mmu_context.c)"));
  add("__ipi_send_fence", PrimShape::Fence, false, {fence(kSync)},
      "sync: smp_mb() in smp_muxed_ipi_set_message() (arch/powerpc/kernel/smp.c) orders "
      "earlier accesses before the IPI handler's");
  return t;
}

}  // namespace

const PrimitiveTable& primitives() {
  static const PrimitiveTable table = build();
  return table;
}

}  // namespace mmsim::powerpc

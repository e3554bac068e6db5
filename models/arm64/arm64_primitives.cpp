#include "models/arm64/arm64_primitives.h"

#include "models/arm64/arm64_fences.h"
#include "sim/arch/kernel_atomics.h"

namespace mmsim::arm64 {
namespace {

UopTemplate load(std::uint8_t flags = 0) { return {UopKind::Load, RmwOp::Xchg, 0, flags}; }
UopTemplate store(std::uint8_t flags = 0) { return {UopKind::Store, RmwOp::Xchg, 0, flags}; }
UopTemplate rmw(RmwOp op, std::uint8_t flags) { return {UopKind::Rmw, op, 0, flags}; }
UopTemplate fence(Fence code) { return {UopKind::Fence, RmwOp::Xchg, code, 0}; }

constexpr std::uint8_t kAcqRel = kAcquire | kRelease;
// The instructions __switch_path stands for (its doc says which).
constexpr std::uint16_t kSwitchPathInsns = 300;

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
  // Plain accesses. With CONFIG_LTO, arch/arm64/include/asm/rwonce.h makes READ_ONCE (and so
  // rcu_dereference) an RCpc LDAPR/LDAR so the compiler cannot turn an address dependency
  // into a control dependency; the default build (modelled here) uses the generic LDR.
  add("READ_ONCE", PrimShape::Load, true, {load()},
      "LDR (include/asm-generic/rwonce.h; arch/arm64/include/asm/rwonce.h: LDAPR only with "
      "CONFIG_LTO)");
  add("WRITE_ONCE", PrimShape::Store, true, {store()}, "STR (include/asm-generic/rwonce.h)");
  add("smp_load_acquire", PrimShape::Load, false, {load(kAcquire)},
      "LDAR (arch/arm64/include/asm/barrier.h: __smp_load_acquire)");
  add("smp_store_release", PrimShape::Store, false, {store(kRelease)},
      "STLR (arch/arm64/include/asm/barrier.h: __smp_store_release)");
  add("rcu_dereference", PrimShape::Load, true, {load()},
      "LDR: READ_ONCE (include/linux/rcupdate.h); the address dependency orders the "
      "dereference");
  add("rcu_assign_pointer", PrimShape::Store, true, {store(kRelease)},
      "STLR: smp_store_release (include/linux/rcupdate.h)");
  add("smp_store_mb", PrimShape::Store, true, {store(), fence(kDmbFull)},
      "STR; DMB ISH: the generic __smp_store_mb = WRITE_ONCE + __smp_mb "
      "(include/asm-generic/barrier.h)");
  // Barriers.
  add("smp_mb", PrimShape::Fence, false, {fence(kDmbFull)},
      "DMB ISH (arch/arm64/include/asm/barrier.h: __smp_mb)");
  add("smp_rmb", PrimShape::Fence, false, {fence(kDmbLd)},
      "DMB ISHLD (arch/arm64/include/asm/barrier.h: __smp_rmb)");
  add("smp_wmb", PrimShape::Fence, false, {fence(kDmbSt)},
      "DMB ISHST (arch/arm64/include/asm/barrier.h: __smp_wmb)");
  add("barrier", PrimShape::Fence, false, {},
      "compiler barrier: no instruction (include/linux/compiler.h)");
  add("smp_mb__before_atomic", PrimShape::Fence, false, {fence(kDmbFull)},
      "DMB ISH: arm64 keeps the generic __smp_mb__before_atomic() = __smp_mb() "
      "(include/asm-generic/barrier.h); its non-returning and relaxed atomics order nothing");
  add("smp_mb__after_atomic", PrimShape::Fence, false, {fence(kDmbFull)},
      "DMB ISH: arm64 keeps the generic __smp_mb__after_atomic() = __smp_mb() "
      "(include/asm-generic/barrier.h)");
  add("smp_mb__after_spinlock", PrimShape::Fence, false, {fence(kDmbFull)},
      "DMB ISH: smp_mb() (arch/arm64/include/asm/spinlock.h); spin_lock() is only an acquire");
  // Exchange (arch/arm64/include/asm/cmpxchg.h __XCHG_CASE, LSE column: swp #acq_lse #rel).
  add("xchg", PrimShape::Rmw, false, {rmw(RmwOp::Xchg, kAcqRel)},
      "SWPAL (arch/arm64/include/asm/cmpxchg.h: __xchg_case_mb_*, LSE form)");
  add("xchg_relaxed", PrimShape::Rmw, false, {rmw(RmwOp::Xchg, 0)},
      "SWP (arch/arm64/include/asm/cmpxchg.h: __xchg_case_*, LSE form)");
  add("xchg_acquire", PrimShape::Rmw, false, {rmw(RmwOp::Xchg, kAcquire)},
      "SWPA (arch/arm64/include/asm/cmpxchg.h: __xchg_case_acq_*, LSE form)");
  add("xchg_release", PrimShape::Rmw, false, {rmw(RmwOp::Xchg, kRelease)},
      "SWPL (arch/arm64/include/asm/cmpxchg.h: __xchg_case_rel_*, LSE form)");
  // Compare-and-swap (arch/arm64/include/asm/atomic_lse.h __CMPXCHG_CASE: cas #mb).
  add("cmpxchg", PrimShape::CmpXchg, false, {rmw(RmwOp::CmpXchg, kAcqRel)},
      "CASAL (arch/arm64/include/asm/atomic_lse.h: __lse__cmpxchg_case_mb_*)");
  add("cmpxchg_relaxed", PrimShape::CmpXchg, false, {rmw(RmwOp::CmpXchg, 0)},
      "CAS (arch/arm64/include/asm/atomic_lse.h: __lse__cmpxchg_case_*)");
  add("cmpxchg_acquire", PrimShape::CmpXchg, false, {rmw(RmwOp::CmpXchg, kAcquire)},
      "CASA (arch/arm64/include/asm/atomic_lse.h: __lse__cmpxchg_case_acq_*)");
  add("cmpxchg_release", PrimShape::CmpXchg, false, {rmw(RmwOp::CmpXchg, kRelease)},
      "CASL (arch/arm64/include/asm/atomic_lse.h: __lse__cmpxchg_case_rel_*)");
  // Spin locks: the qspinlock fast paths (include/asm-generic/qspinlock.h; arm64 selects
  // ARCH_USE_QUEUED_SPINLOCKS from v4.18), LSE forms.
  add("spin_lock", PrimShape::Lock, false, {rmw(RmwOp::CmpXchg, kAcquire)},
      "queued_spin_lock() (include/asm-generic/qspinlock.h): CASA 0 -> 1 (atomic_try_cmpxchg_acquire, "
      "arch/arm64/include/asm/atomic_lse.h), spinning on LDR while the lock is held");
  add("spin_trylock", PrimShape::TryLock, false, {rmw(RmwOp::CmpXchg, kAcquire)},
      "queued_spin_trylock() (include/asm-generic/qspinlock.h): one CASA 0 -> 1; 1 if it took "
      "the lock");
  add("spin_unlock", PrimShape::Unlock, false, {store(kRelease)},
      "queued_spin_unlock() (include/asm-generic/qspinlock.h): smp_store_release(&lock->locked, "
      "0), STLRB");
  add("spin_is_locked", PrimShape::Load, false, {load()},
      "queued_spin_is_locked() (include/asm-generic/qspinlock.h): atomic_read(&lock->val), LDR");
  add("spin_unlock_wait", PrimShape::LockWait, false,
      {fence(kDmbFull), load(), fence(kDmbLd)},
      "queued_spin_unlock_wait() (include/asm-generic/qspinlock.h, v4.12; removed in v4.13): smp_mb() (DMB ISH), LDR until the "
      "lock reads free, smp_acquire__after_ctrl_dep() (smp_rmb: DMB ISHLD)");
  add("smp_mb__after_unlock_lock", PrimShape::Fence, false, {},
      "compiler barrier: kernel/rcu/tree.h's default, which arch/arm64/include/asm/spinlock.h "
      "does not override: STLR then an acquire RMW is already ordered (RCsc)");
  // atomic_t (arch/arm64/include/asm/atomic_lse.h): the void ops are ST<op>, no ordering; the
  // value-returning ones LD<op> with A/L/AL for acquire/release/full.
  add_atomic_api(
      t, AtomicLowering{
             [](RmwOp op, AtomicOrder order) {
               const std::uint8_t flags = order == AtomicOrder::Full       ? kAcqRel
                                          : order == AtomicOrder::Acquire  ? kAcquire
                                          : order == AtomicOrder::Release  ? kRelease
                                          : order == AtomicOrder::NoReturn ? kNoRet
                                                                           : 0;
               return std::vector{rmw(op, flags)};
             },
             [](RmwOp op, AtomicOrder order) -> std::string {
               const char* sfx = order == AtomicOrder::Full      ? "AL"
                                 : order == AtomicOrder::Acquire ? "A"
                                 : order == AtomicOrder::Release ? "L"
                                                                 : "";
               auto ld = [&](const char* o) {
                 return std::string(order == AtomicOrder::NoReturn ? "ST" : "LD") + o + sfx;
               };
               std::string insn;
               switch (op) {
                 case RmwOp::FetchAdd: insn = ld("ADD"); break;
                 case RmwOp::FetchSub: insn = ld("ADD") + " of the negated value"; break;
                 case RmwOp::FetchAnd: insn = ld("CLR") + " of the inverted value"; break;
                 case RmwOp::FetchAndNot: insn = ld("CLR"); break;
                 case RmwOp::FetchOr: insn = ld("SET"); break;
                 case RmwOp::FetchXor: insn = ld("EOR"); break;
                 case RmwOp::Xchg: insn = std::string("SWP") + sfx; break;
                 case RmwOp::CmpXchg: insn = std::string("CAS") + sfx; break;
                 case RmwOp::AddUnless:
                   return std::string("LDR, then a CAS") + sfx + " loop";
               }
               return insn + " (arch/arm64/include/asm/atomic_lse.h, cmpxchg.h)";
             }});
  // Kernel-only: what the kernel's entry code, scheduler and IPI paths compile to on arm64.
  // ERET is context-synchronizing: Linux sets SCTLR_EL1.EOS and .EIS (bits 11 and 22, part of
  // SCTLR_EL1_RES1 in arch/arm64/include/asm/sysreg.h), and without FEAT_ExS they are RES1.
  add("__irq_return", PrimShape::Fence, false, {fence(kEret)},
      "ERET (arch/arm64/kernel/entry.S: kernel_exit, from ret_to_user / ret_to_kernel): "
      "context-synchronizing, not a memory barrier");
  add("__syscall_return", PrimShape::Fence, false, {fence(kEret)},
      "ERET (arch/arm64/kernel/entry.S: ret_to_user -> kernel_exit 0): a system call returns "
      "through the same exception return as an interrupt, context-synchronizing");
  add("__sync_core", PrimShape::Fence, false, {},
      "no instruction: arm64 keeps the generic, empty sync_core_before_usermode() "
      "(include/linux/sync_core.h; arm64 does not select ARCH_HAS_SYNC_CORE_BEFORE_USERMODE). "
      "The IPI handler's return, __irq_return's ERET, is the context synchronization "
      "(Documentation/features/sched/membarrier-sync-core/arch-support.txt)");
  add("__switch_mm_barrier", PrimShape::Fence, false, {fence(kDsbFull)},
      "DSB ISH in __switch_to() (arch/arm64/kernel/process.c: \"This full barrier is also "
      "required by the membarrier system call\"); the kernel issues it on every task switch");
  // The DSB ends __switch_to(), far from the rq->curr store: the window in which that store
  // can be visible to membarrier's scan while the outgoing task's stores are not yet.
  add("__switch_path", PrimShape::Fence, false,
      {UopTemplate{UopKind::Nop, RmwOp::Xchg, 0, 0, kSwitchPathInsns}},
      "a no-op standing for " + std::to_string(kSwitchPathInsns) +
          " instructions (fetch resumes once they would have been fetched): those "
          "context_switch() runs between the rq->curr store and __switch_to()'s DSB "
          "(kernel/sched/core.c: prepare_task_switch(); arch/arm64/mm/context.c: "
          "check_and_switch_context(), cpu_switch_mm()'s TTBR writes; "
          "arch/arm64/kernel/process.c: __switch_to()'s fpsimd, tls, hw_breakpoint, ssbs, "
          "ptrauth and mte switches), an estimate of their number; their loads and stores "
          "hit the CPU's own task and per-CPU lines and are not modelled as accesses");
  t.push_back(constant_primitive(
      "__SWITCH_MM_BARRIER_IF_REGISTERED", 0,
      "constant 0: __switch_mm_barrier whatever the next mm's "
      "registration (arch/arm64/kernel/process.c: __switch_to()'s dsb(ish))"));
  t.push_back(constant_primitive(
      "__SWITCH_BARRIER_ON_EVERY_TASK_SWITCH", 1,
      "constant 1: __switch_to()'s dsb(ish) runs on every task switch, between two threads "
      "of one mm and to the idle task too (arch/arm64/kernel/process.c)"));
  add("__ipi_send_fence", PrimShape::Fence, false, {fence(kDsbFull)},
      "DSB ISHST before the ICC_SGI1R_EL1 write (drivers/irqchip/irq-gic-v3.c: "
      "gic_ipi_send_mask; wmb() = DSB ST before 5.18): the IPI is sent only once every earlier "
      "store is visible. Modelled as DSB (kDsbFull): it retires once the buffer is empty and "
      "nothing later runs before it; earlier loads have retired by then, so the ST form and "
      "the full form act alike here");
  return t;
}

}  // namespace

const PrimitiveTable& primitives() {
  static const PrimitiveTable table = build();
  return table;
}

}  // namespace mmsim::arm64

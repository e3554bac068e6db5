// The arm64 primitive table (models/arm64/arm64_primitives): the same names, shapes and
// argument orders as x86's, so every C test and the modelled kernel's code lower on both; the
// lowering of each primitive after the Linux arm64 headers (LSE atomics).
#include <catch2/catch.hpp>

#include <set>
#include <string>

#include "models/arm64/arm64_fences.h"
#include "models/arm64/arm64_primitives.h"
#include "models/x86/x86_primitives.h"
#include "sim/scenario/c_frontend.h"

using namespace mmsim;

namespace {

const Primitive& prim(const std::string& name) {
  const Primitive* p = find_primitive(arm64::primitives(), name);
  INFO(name);
  REQUIRE(p != nullptr);
  return *p;
}

// The primitive's one memory micro-op (Load/Store/Rmw shapes).
const UopTemplate& mem_uop(const std::string& name) {
  const Primitive& p = prim(name);
  INFO(name);
  REQUIRE(p.uops.size() == 1);
  return p.uops[0];
}

// A Fence-shaped primitive that is exactly one arm64 fence.
void check_fence(const std::string& name, std::uint8_t code) {
  const Primitive& p = prim(name);
  INFO(name);
  CHECK(p.shape == PrimShape::Fence);
  REQUIRE(p.uops.size() == 1);
  CHECK(p.uops[0].kind == UopKind::Fence);
  CHECK(p.uops[0].fence == code);
  CHECK(p.uops[0].flags == 0);
}

void check_rmw(const std::string& name, RmwOp op, std::uint8_t flags) {
  const UopTemplate& u = mem_uop(name);
  INFO(name);
  CHECK(u.kind == UopKind::Rmw);
  CHECK(u.rmw == op);
  CHECK(u.flags == flags);
}

constexpr std::uint8_t kAcqRel = kAcquire | kRelease;

}  // namespace

TEST_CASE("arm64 primitives: the x86 table's names, shapes and argument orders", "[arm64prims]") {
  const PrimitiveTable& x86 = x86::primitives();
  const PrimitiveTable& arm = arm64::primitives();
  std::set<std::string> arm_names;
  for (const auto& p : arm) {
    INFO(p.name);
    CHECK(arm_names.insert(p.name).second);  // no name twice
  }
  for (const auto& x : x86) {
    INFO(x.name);
    const Primitive* a = find_primitive(arm, x.name);
    REQUIRE(a != nullptr);
    CHECK(a->shape == x.shape);
    CHECK(a->order == x.order);
    CHECK(a->deref_arg == x.deref_arg);
    CHECK(a->nargs == x.nargs);
  }
  CHECK(arm.size() == x86.size());  // and nothing x86 lacks
  for (const char* kernel_only :
       {"__irq_return", "__syscall_return", "__sync_core", "__switch_mm_barrier",
        "__switch_path", "__ipi_send_fence"})
    CHECK(find_primitive(arm, kernel_only) != nullptr);
}

TEST_CASE("arm64 primitives: one memory micro-op per access, each doc cites its source",
          "[arm64prims]") {
  for (const auto& p : arm64::primitives()) {
    INFO(p.name << ": " << p.doc);
    std::size_t mem = 0;
    for (const auto& u : p.uops) {
      const bool is_mem =
          u.kind == UopKind::Load || u.kind == UopKind::Store || u.kind == UopKind::Rmw;
      mem += is_mem ? 1 : 0;
      if (u.kind == UopKind::Fence) CHECK(u.fence <= arm64::kEret);
      CHECK((u.flags & kLocked) == 0);  // x86's LOCK has no meaning on arm64
    }
    CHECK(mem == (p.shape == PrimShape::Fence || p.shape == PrimShape::Constant ? 0u : 1u));
    const bool cites = p.doc.find("arch/arm64/") != std::string::npos ||
                       p.doc.find("include/") != std::string::npos ||
                       p.doc.find("drivers/") != std::string::npos;
    CHECK(cites);
  }
}

TEST_CASE("arm64 primitives: barriers are DMB ISH / ISHLD / ISHST", "[arm64prims]") {
  check_fence("smp_mb", arm64::kDmbFull);
  check_fence("smp_rmb", arm64::kDmbLd);
  check_fence("smp_wmb", arm64::kDmbSt);
  // The generic definitions: relaxed and void atomics order nothing on arm64.
  check_fence("smp_mb__before_atomic", arm64::kDmbFull);
  check_fence("smp_mb__after_atomic", arm64::kDmbFull);
  check_fence("smp_mb__after_spinlock", arm64::kDmbFull);
  CHECK(prim("barrier").uops.empty());
}

TEST_CASE("arm64 primitives: plain, acquire and release accesses", "[arm64prims]") {
  const struct {
    const char* name;
    UopKind kind;
    std::uint8_t flags;
  } kCases[] = {{"READ_ONCE", UopKind::Load, 0},
                {"WRITE_ONCE", UopKind::Store, 0},
                {"smp_load_acquire", UopKind::Load, kAcquire},  // LDAR, not LDAPR
                {"smp_store_release", UopKind::Store, kRelease},
                {"rcu_dereference", UopKind::Load, 0},
                {"rcu_assign_pointer", UopKind::Store, kRelease}};
  for (const auto& c : kCases) {
    const UopTemplate& u = mem_uop(c.name);
    INFO(c.name);
    CHECK(u.kind == c.kind);
    CHECK(u.flags == c.flags);
  }
}

TEST_CASE("arm64 primitives: LSE atomics SWP, CAS, LDADD, STADD", "[arm64prims]") {
  check_rmw("xchg", RmwOp::Xchg, kAcqRel);                           // SWPAL
  check_rmw("xchg_relaxed", RmwOp::Xchg, 0);                         // SWP
  check_rmw("xchg_acquire", RmwOp::Xchg, kAcquire);                  // SWPA
  check_rmw("xchg_release", RmwOp::Xchg, kRelease);                  // SWPL
  check_rmw("cmpxchg", RmwOp::CmpXchg, kAcqRel);                     // CASAL
  check_rmw("cmpxchg_relaxed", RmwOp::CmpXchg, 0);                   // CAS
  check_rmw("cmpxchg_acquire", RmwOp::CmpXchg, kAcquire);            // CASA
  check_rmw("cmpxchg_release", RmwOp::CmpXchg, kRelease);            // CASL
  check_rmw("atomic_add", RmwOp::FetchAdd, kNoRet);                  // STADD
  check_rmw("atomic_sub", RmwOp::FetchSub, kNoRet);                  // STADD of -i
  check_rmw("atomic_fetch_add", RmwOp::FetchAdd, kAcqRel);           // LDADDAL
  check_rmw("atomic_fetch_add_relaxed", RmwOp::FetchAdd, 0);         // LDADD
  check_rmw("atomic_fetch_add_acquire", RmwOp::FetchAdd, kAcquire);  // LDADDA
  check_rmw("atomic_fetch_add_release", RmwOp::FetchAdd, kRelease);  // LDADDL
}

TEST_CASE("arm64 primitives: the kernel's entry, switch and IPI paths", "[arm64prims]") {
  check_fence("__irq_return", arm64::kEret);
  check_fence("__syscall_return", arm64::kEret);
  check_fence("__switch_mm_barrier", arm64::kDsbFull);
  check_fence("__ipi_send_fence", arm64::kDsbFull);  // DSB ISHST: waits for earlier stores
  CHECK(prim("__sync_core").uops.empty());         // the handler's ERET synchronizes
}

TEST_CASE("arm64 primitives lower a C thread", "[arm64prims]") {
  LitmusTest test;
  test.file = "t.litmus";
  test.arch = "C";
  ThreadSource src;
  src.tid = 0;
  src.body =
      "\n\tr0 = xchg(x, 5);\n\tatomic_add(2, y);\n\tsmp_mb();\n\tr1 = cmpxchg_acquire(x, 1, 2);"
      "\n\tr2 = atomic_fetch_add_release(3, y);\n\tsmp_store_release(y, r0);\n";
  src.body_pos = SourcePos{"", 10, 21};
  src.params = {CParam{"int *", "x", {}}, CParam{"int *", "y", {}}};
  MemoryLayout layout;
  const ThreadProgram p = lower_c_thread(test, src, arm64::primitives(), layout);
  REQUIRE(layout.find("x") != nullptr);
  REQUIRE(layout.find("y") != nullptr);
  const auto x = static_cast<Value>(layout.find("x")->addr.raw());
  const auto y = static_cast<Value>(layout.find("y")->addr.raw());
  REQUIRE(p.ops.size() == 7);
  CHECK(p.ops[0].kind == UopKind::Rmw);
  CHECK(p.ops[0].flags == kAcqRel);
  CHECK(p.ops[0].dst == p.find_reg("r0"));
  CHECK(p.ops[0].addr_disp == x);
  // atomic_add(i, v): value first; its result goes to a temporary nobody reads.
  CHECK(p.ops[1].rmw == RmwOp::FetchAdd);
  CHECK(p.ops[1].flags == kNoRet);
  CHECK(p.ops[1].addr_disp == y);
  CHECK((!p.ops[1].a.is_reg && p.ops[1].a.imm == 2));
  CHECK_FALSE(p.regs[p.ops[1].dst].user_visible);
  CHECK(p.ops[2].kind == UopKind::Fence);
  CHECK(p.ops[2].fence == arm64::kDmbFull);
  CHECK(p.ops[3].rmw == RmwOp::CmpXchg);
  CHECK(p.ops[3].flags == kAcquire);
  CHECK((!p.ops[3].a.is_reg && p.ops[3].a.imm == 1));
  CHECK((!p.ops[3].b.is_reg && p.ops[3].b.imm == 2));
  CHECK(p.ops[4].rmw == RmwOp::FetchAdd);
  CHECK(p.ops[4].flags == kRelease);
  CHECK(p.ops[4].addr_disp == y);
  CHECK(p.ops[5].kind == UopKind::Store);
  CHECK(p.ops[5].flags == kRelease);
  CHECK((p.ops[5].a.is_reg && p.ops[5].a.reg == p.find_reg("r0")));
  CHECK(p.ops[6].kind == UopKind::Halt);
}

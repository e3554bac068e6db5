// The powerpc primitive table (models/powerpc/ppc_primitives): the same names, shapes and
// argument orders as x86's, so every C test and the modelled kernel's code can lower on it;
// each primitive's lowering after the Linux powerpc headers (sync, lwsync, isync around
// lwarx/stwcx. loops). The table is data for the powerpc bundle still to come (issue #11).
#include <catch2/catch.hpp>

#include <set>
#include <string>
#include <vector>

#include "models/powerpc/ppc_fences.h"
#include "models/powerpc/ppc_primitives.h"
#include "models/x86/x86_primitives.h"
#include "sim/scenario/c_frontend.h"

using namespace mmsim;

namespace {

const Primitive& prim(const std::string& name) {
  const Primitive* p = find_primitive(powerpc::primitives(), name);
  INFO(name);
  REQUIRE(p != nullptr);
  return *p;
}

// The primitive's micro-ops as a compact string: L S R F<code> (R<op> for atomics).
std::string shape_of(const std::string& name) {
  std::string s;
  for (const auto& u : prim(name).uops) {
    if (!s.empty()) s += ' ';
    switch (u.kind) {
      case UopKind::Load: s += 'L'; break;
      case UopKind::Store: s += 'S'; break;
      case UopKind::Rmw: s += 'R' + std::to_string(static_cast<int>(u.rmw)); break;
      case UopKind::Fence: s += 'F' + std::to_string(u.fence); break;
      default: s += '?';
    }
    CHECK(u.flags == 0);  // powerpc orders with fences, never with access flags
  }
  return s;
}

}  // namespace

TEST_CASE("powerpc primitives: the x86 table's names, shapes and argument orders",
          "[ppcprims]") {
  const PrimitiveTable& x86 = x86::primitives();
  const PrimitiveTable& ppc = powerpc::primitives();
  std::set<std::string> names;
  for (const auto& p : ppc) {
    INFO(p.name);
    CHECK(names.insert(p.name).second);
  }
  for (const auto& x : x86) {
    INFO(x.name);
    const Primitive* p = find_primitive(ppc, x.name);
    REQUIRE(p != nullptr);
    CHECK(p->shape == x.shape);
    CHECK(p->order == x.order);
    CHECK(p->deref_arg == x.deref_arg);
    CHECK(p->nargs == x.nargs);
  }
  CHECK(ppc.size() == x86.size());
}

TEST_CASE("powerpc primitives: one memory micro-op per access, each doc cites its source",
          "[ppcprims]") {
  for (const auto& p : powerpc::primitives()) {
    INFO(p.name << ": " << p.doc);
    std::size_t mem = 0;
    for (const auto& u : p.uops) {
      mem += (u.kind == UopKind::Load || u.kind == UopKind::Store || u.kind == UopKind::Rmw);
      if (u.kind == UopKind::Fence) CHECK(u.fence <= powerpc::kIsync);
    }
    CHECK(mem == (p.shape == PrimShape::Fence || p.shape == PrimShape::Constant ? 0u : 1u));
    CHECK((p.doc.find("arch/powerpc/") != std::string::npos ||
           p.doc.find("include/") != std::string::npos ||
           p.doc.find("Documentation/") != std::string::npos));
  }
}

TEST_CASE("powerpc primitives: sync, lwsync and isync where the kernel puts them",
          "[ppcprims]") {
  const std::string sync = "F" + std::to_string(powerpc::kSync);
  const std::string lwsync = "F" + std::to_string(powerpc::kLwsync);
  const std::string isync = "F" + std::to_string(powerpc::kIsync);
  CHECK(shape_of("smp_mb") == sync);
  CHECK(shape_of("smp_rmb") == lwsync);
  CHECK(shape_of("smp_wmb") == lwsync);
  CHECK(shape_of("smp_mb__before_atomic") == sync);
  CHECK(shape_of("smp_mb__after_atomic") == sync);
  CHECK(shape_of("smp_mb__after_spinlock") == sync);
  CHECK(shape_of("barrier").empty());
  CHECK(shape_of("READ_ONCE") == "L");
  CHECK(shape_of("WRITE_ONCE") == "S");
  CHECK(shape_of("smp_load_acquire") == "L " + lwsync);
  CHECK(shape_of("smp_store_release") == lwsync + " S");
  CHECK(shape_of("rcu_assign_pointer") == lwsync + " S");
  const std::string xchg = "R" + std::to_string(static_cast<int>(RmwOp::Xchg));
  CHECK(shape_of("xchg") == sync + " " + xchg + " " + sync);
  CHECK(shape_of("xchg_relaxed") == xchg);
  CHECK(shape_of("xchg_acquire") == xchg + " " + isync);
  CHECK(shape_of("xchg_release") == lwsync + " " + xchg);
  const std::string cas = "R" + std::to_string(static_cast<int>(RmwOp::CmpXchg));
  CHECK(shape_of("cmpxchg") == sync + " " + cas + " " + sync);
  const std::string add = "R" + std::to_string(static_cast<int>(RmwOp::FetchAdd));
  CHECK(shape_of("atomic_add") == add);  // void atomics order nothing
  CHECK(shape_of("atomic_fetch_add") == sync + " " + add + " " + sync);
  CHECK(shape_of("__irq_return") == isync);  // rfid: context-synchronizing
  CHECK(shape_of("__switch_mm_barrier") == sync);
  CHECK(shape_of("__ipi_send_fence") == sync);
  CHECK(shape_of("__sync_core").empty());
}

TEST_CASE("powerpc primitives lower a C thread", "[ppcprims]") {
  LitmusTest test;
  test.file = "t.litmus";
  test.arch = "C";
  ThreadSource src;
  src.tid = 0;
  src.body = "\n\tr0 = smp_load_acquire(x);\n\tr1 = xchg(y, r0);\n";
  src.body_pos = SourcePos{"", 10, 21};
  src.params = {CParam{"int *", "x", {}}, CParam{"int *", "y", {}}};
  MemoryLayout layout;
  const ThreadProgram p = lower_c_thread(test, src, powerpc::primitives(), layout);
  REQUIRE(p.ops.size() == 6);
  CHECK(p.ops[0].kind == UopKind::Load);
  CHECK(p.ops[0].dst == p.find_reg("r0"));
  CHECK((p.ops[1].kind == UopKind::Fence && p.ops[1].fence == powerpc::kLwsync));
  CHECK((p.ops[2].kind == UopKind::Fence && p.ops[2].fence == powerpc::kSync));
  CHECK(p.ops[3].kind == UopKind::Rmw);
  CHECK(p.ops[3].dst == p.find_reg("r1"));
  CHECK((p.ops[3].a.is_reg && p.ops[3].a.reg == p.find_reg("r0")));
  CHECK((p.ops[4].kind == UopKind::Fence && p.ops[4].fence == powerpc::kSync));
  CHECK(p.ops[5].kind == UopKind::Halt);
}

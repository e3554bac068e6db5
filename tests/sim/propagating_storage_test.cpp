// PropagatingStorage: non-multi-copy-atomic propagation, coherence per core, and the
// cumulativity of barriers (the storage subsystem of Sarkar et al., PLDI 2011), driven by hand.
#include <catch2/catch.hpp>

#include "sim/mem/propagating_storage.h"
#include "sim/base/rng.h"

using namespace mmsim;

namespace {

struct Mem {
  MemoryLayout layout;
  PropagatingStorage s{4};
  Addr x, y;
  Mem() {
    layout.intern("x");
    layout.intern("y");
    x = layout.find("x")->addr;
    y = layout.find("y")->addr;
    s.reset(layout);
  }
};

CpuId cpu(int i) { return CpuId{static_cast<std::uint16_t>(i)}; }
std::vector<std::uint64_t> delays(std::uint64_t a, std::uint64_t b, std::uint64_t c,
                                  std::uint64_t d) {
  return {a, b, c, d};
}

}  // namespace

TEST_CASE("Propagating storage: a write reaches each core at its own time", "[propagation]") {
  Mem m;
  m.s.write(cpu(0), m.x, 1, Cycle{0}, delays(0, 10, 50, 100));
  CHECK(m.s.read(cpu(0), m.x) == 1);  // its own core at once
  CHECK(m.s.read(cpu(1), m.x) == 0);
  m.s.tick(Cycle{9});
  CHECK(m.s.read(cpu(1), m.x) == 0);
  CHECK(m.s.next_event(Cycle{9}) == Cycle{10});
  m.s.tick(Cycle{10});
  CHECK(m.s.read(cpu(1), m.x) == 1);
  CHECK(m.s.read(cpu(2), m.x) == 0);  // not multi-copy atomic: core 2 still sees 0
  m.s.tick(Cycle{100});
  CHECK(m.s.read(cpu(3), m.x) == 1);
  CHECK(m.s.next_event(Cycle{100}) == Cycle::never());
  CHECK(m.s.final_value(m.x) == 1);
}

TEST_CASE("Propagating storage: IRIW — two readers see two writes in opposite orders",
          "[propagation]") {
  Mem m;
  m.s.write(cpu(0), m.x, 1, Cycle{0}, delays(0, 5, 0, 50));
  m.s.write(cpu(2), m.y, 1, Cycle{0}, delays(0, 50, 0, 5));
  m.s.tick(Cycle{5});
  CHECK((m.s.read(cpu(1), m.x) == 1 && m.s.read(cpu(1), m.y) == 0));
  CHECK((m.s.read(cpu(3), m.y) == 1 && m.s.read(cpu(3), m.x) == 0));
}

TEST_CASE("Propagating storage: no core sees a location go backwards", "[propagation]") {
  Mem m;
  m.s.write(cpu(0), m.x, 1, Cycle{0}, delays(0, 40, 40, 40));
  m.s.write(cpu(2), m.x, 2, Cycle{1}, delays(5, 5, 0, 5));  // coherence-later, arrives first
  m.s.tick(Cycle{10});
  CHECK(m.s.read(cpu(1), m.x) == 2);
  m.s.tick(Cycle{50});
  CHECK(m.s.read(cpu(1), m.x) == 2);  // the older write arrived late and changed nothing
  CHECK(m.s.read(cpu(0), m.x) == 2);
  CHECK(m.s.final_value(m.x) == 2);
}

TEST_CASE("Propagating storage: a barrier is cumulative and acknowledged", "[propagation]") {
  Mem m;
  // WRC+sync: core 0 writes x; core 1 has seen it, commits a barrier, then writes y. Core 2
  // must not see y before x, though x would otherwise reach it last.
  m.s.write(cpu(0), m.x, 1, Cycle{0}, delays(0, 1, 100, 1));
  m.s.tick(Cycle{1});
  REQUIRE(m.s.read(cpu(1), m.x) == 1);
  const auto b = m.s.commit_barrier(cpu(1), Cycle{1}, delays(1, 0, 1, 1));
  m.s.write(cpu(1), m.y, 1, Cycle{1}, delays(1, 0, 1, 1));
  m.s.tick(Cycle{50});
  CHECK(m.s.read(cpu(2), m.y) == 0);  // the barrier waits for x to reach core 2
  CHECK_FALSE(m.s.acknowledged(b));
  CHECK(m.s.read(cpu(3), m.y) == 1);  // core 3 already has x
  m.s.tick(Cycle{100});
  CHECK(m.s.read(cpu(2), m.x) == 1);
  CHECK(m.s.read(cpu(2), m.y) == 1);
  CHECK(m.s.acknowledged(b));
  // Without the barrier, y would have reached core 2 first.
  Mem n;
  n.s.write(cpu(0), n.x, 1, Cycle{0}, delays(0, 1, 100, 1));
  n.s.tick(Cycle{1});
  n.s.write(cpu(1), n.y, 1, Cycle{1}, delays(1, 0, 1, 1));
  n.s.tick(Cycle{50});
  CHECK((n.s.read(cpu(2), n.y) == 1 && n.s.read(cpu(2), n.x) == 0));
}

TEST_CASE("Propagating storage: a barrier that reached a core goes before that core's writes",
          "[propagation]") {
  // ISA2+eieio+addr+lwsync: core 0 writes x, commits a barrier, writes y; core 1 sees y (so
  // the barrier reached it) and writes z. z may reach core 2 only after the barrier, hence
  // after x, though core 1 committed no barrier itself (B-cumulativity).
  Mem m;
  const Addr z = m.layout.intern("z").addr;
  m.s.reset(m.layout);
  m.s.write(cpu(0), m.x, 1, Cycle{0}, delays(0, 1, 100, 1));
  m.s.commit_barrier(cpu(0), Cycle{0}, delays(0, 1, 1, 1));
  m.s.write(cpu(0), m.y, 1, Cycle{0}, delays(0, 1, 1, 1));
  m.s.tick(Cycle{1});
  REQUIRE(m.s.read(cpu(1), m.y) == 1);
  m.s.write(cpu(1), z, 1, Cycle{1}, delays(1, 0, 1, 1));
  m.s.tick(Cycle{50});
  CHECK(m.s.read(cpu(2), z) == 0);
  CHECK(m.s.read(cpu(3), z) == 1);  // the barrier reached core 3 at once
  m.s.tick(Cycle{100});
  CHECK(m.s.read(cpu(2), m.x) == 1);
  CHECK(m.s.read(cpu(2), z) == 1);
}

TEST_CASE("Propagating storage: a later write may be coherence-earlier than one its core "
          "has not seen", "[propagation]") {
  Mem m;
  m.s.write(cpu(0), m.x, 1, Cycle{0}, delays(0, 100, 100, 100));
  // Core 1 has not seen x=1: its x=2 may go before it (POWER settles coherence as writes
  // propagate; rfe004 and the Wse DETOUR tests need it).
  m.s.write(cpu(1), m.x, 2, Cycle{1}, delays(5, 0, 5, 5), 1);
  CHECK(m.s.coherence(m.x) == std::vector<Value>{0, 2, 1});
  CHECK(m.s.final_value(m.x) == 1);
  CHECK(m.s.read(cpu(1), m.x) == 2);
  CHECK_FALSE(m.s.latest(cpu(1), m.x));
  m.s.tick(Cycle{10});
  CHECK(m.s.read(cpu(0), m.x) == 1);  // x=2 is coherence-before what core 0 sees: overtaken
  CHECK(m.s.read(cpu(2), m.x) == 2);
  m.s.tick(Cycle{100});
  CHECK(m.s.read(cpu(1), m.x) == 1);
  CHECK(m.s.read(cpu(2), m.x) == 1);
  // Never before a write the core sees, never between an atomic and the write it read.
  CHECK_THROWS(m.s.write(cpu(2), m.x, 3, Cycle{100}, delays(1, 1, 0, 1), 2));
  m.s.write(cpu(3), m.x, 4, Cycle{100}, delays(1, 1, 1, 0), PropagatingStorage::kAtEnd, true);
  REQUIRE(m.s.read(cpu(2), m.x) == 1);  // rank 2: position 3 would follow what it sees...
  CHECK_THROWS(m.s.write(cpu(2), m.x, 5, Cycle{101}, delays(1, 1, 0, 1), 3));  // ...but not 4's
}

TEST_CASE("Propagating storage: a store drained after the trial may still go before a write "
          "its core has not seen", "[propagation]") {
  // rfe004: both readers' dependent stores are often still buffered when the threads finish;
  // the end-of-trial drain must place them as a timed write may be placed, or the outcome
  // (each store coherence-before the write its reader saw) is never shown.
  std::size_t before = 0, after = 0;
  for (std::uint64_t seed = 1; seed <= 200; ++seed) {
    MemoryLayout layout;
    layout.intern("x");
    const Addr x = layout.find("x")->addr;
    PropagatingStorage s{2, 1, 400, true};
    s.reset(layout);
    Rng rng{seed};
    s.write_at(cpu(1), x, 2, Cycle{10}, rng, false);  // not yet seen by core 0
    s.write_at(cpu(0), x, 1, Cycle::never(), rng, false);
    const auto co = s.coherence(x);
    REQUIRE(co.size() == 3);
    (co == std::vector<Value>{0, 1, 2} ? before : after)++;
  }
  CHECK(before > 0);  // always after before: the drain took the end of coherence
  CHECK(after > 0);
}

// The storage clocked by the cycle driver: x86's own policy (loads in program order, FIFO
// buffer) on storage that propagates to each core at its own time shows IRIW, which the same
// machine on multi-copy-atomic storage never does — the outcome comes from propagation alone.
#include "models/x86/x86_model.h"
#include "tests/support/sim_support.h"

namespace {

class PropagatingX86 final : public IArchModel {
 public:
  PropagatingX86() : x86_(x86::make_model()) {}
  std::string name() const override { return "x86-propagating"; }
  std::string description() const override { return "test: x86 ordering, non-MCA storage"; }
  std::vector<std::string> headers() const override { return {"X86"}; }
  const IInstructionParser* parser(const std::string& h) const override { return x86_->parser(h); }
  const PrimitiveTable& primitives() const override { return x86_->primitives(); }
  const IOrderingPolicy& ordering() const override { return x86_->ordering(); }
  std::unique_ptr<IStorage> make_storage(std::size_t cpus, const Params&) const override {
    return std::make_unique<PropagatingStorage>(cpus, 1, 400);
  }

 private:
  std::unique_ptr<IArchModel> x86_;
};

const char* kIriw =
    "X86 IRIW\n{ x=0; y=0; }\n P0 | P1 | P2 | P3 ;\n MOV [x],$1 | MOV EAX,[x] | MOV [y],$1 |"
    " MOV EAX,[y] ;\n | MOV EBX,[y] | | MOV EBX,[x] ;\n"
    "exists (1:EAX=1 /\\ 1:EBX=0 /\\ 3:EAX=1 /\\ 3:EBX=0)\n";

}  // namespace

TEST_CASE("Propagating storage in the driver: IRIW with in-order loads", "[propagation]") {
  const PropagatingX86 arch;
  Params p = declared_params(test::archs());
  test::Ran r;
  r.scenario = prepare(parse_litmus(kIriw, "iriw.litmus"), arch, p);
  r.result = simulate(*r.scenario, p, 4000, 1);
  CHECK(r.result.positive > 0);
  CHECK(r.result.unfinished == 0);
  CHECK(test::run_text(kIriw, "x86", 4000).result.positive == 0);
}

// A cumulative barrier through the core: a test policy with loads in program order and a FIFO
// buffer, whose MFENCE commits a storage barrier (commits_barrier) and retires only once it is
// acknowledged, later loads waiting for it. WRC: P1 reads P0's x, then writes y; P2 reads y,
// then x. On propagating storage P2 may see y and not x; with the barrier in P1 (group A holds
// x), never.
#include "models/x86/x86_fences.h"

namespace {

class BarrierPolicy final : public IOrderingPolicy {
 public:
  bool may_issue(const CoreView& v, std::size_t i) const override {
    if (v.entries[i].op->kind != UopKind::Load) return true;
    for (std::size_t j = 0; j < i; ++j) {
      const MicroOp& o = *v.entries[j].op;
      if (o.kind == UopKind::Load && !v.entries[j].done()) return false;
      if (is_barrier(o)) return false;
    }
    return true;
  }
  bool may_retire(const CoreView& v) const override {
    const WindowEntry& e = v.entries[0];
    return !is_barrier(*e.op) || v.memory->acknowledged(e.barrier);
  }
  bool may_drain(const StoreBuffer&, std::size_t k) const override { return k == 0; }
  bool commits_barrier(const MicroOp& op) const override { return is_barrier(op); }

 private:
  static bool is_barrier(const MicroOp& op) {
    return op.kind == UopKind::Fence && op.fence == x86::kMfence;
  }
};

class BarrierArch final : public IArchModel {
 public:
  BarrierArch() : x86_(x86::make_model()) {}
  std::string name() const override { return "barrier-test"; }
  std::string description() const override { return "test: storage barriers"; }
  // Propagation slow against a load's latency, so that x can reach P1 long before P2.
  std::vector<std::string> headers() const override { return {"X86"}; }
  const IInstructionParser* parser(const std::string& h) const override { return x86_->parser(h); }
  const PrimitiveTable& primitives() const override { return x86_->primitives(); }
  const IOrderingPolicy& ordering() const override { return policy_; }
  std::unique_ptr<IStorage> make_storage(std::size_t cpus, const Params&) const override {
    return std::make_unique<PropagatingStorage>(cpus, 1, 4000);
  }

 private:
  std::unique_ptr<IArchModel> x86_;
  BarrierPolicy policy_;
};

std::string wrc(const char* p1_mid) {
  return std::string("X86 WRC\n{ x=0; y=0; }\n P0 | P1 | P2 ;\n MOV [x],$1 | MOV EAX,[x] |"
                     " MOV EAX,[y] ;\n | ") + p1_mid +
         " | MOV EBX,[x] ;\n | MOV [y],$1 | ;\nexists (1:EAX=1 /\\ 2:EAX=1 /\\ 2:EBX=0)\n";
}

std::uint64_t positives(const std::string& text) {
  const BarrierArch arch;
  Params p = declared_params(test::archs());
  // P1 starts once x may have reached it, P2 once y may have reached it (steered starts).
  p.set_assignment("cpu.start_delay=0,1000,2000");
  auto scenario = prepare(parse_litmus(text, "wrc.litmus"), arch, p);
  const auto r = simulate(*scenario, p, 4000, 1);
  CHECK(r.unfinished == 0);
  return r.positive;
}

}  // namespace

TEST_CASE("Propagating storage in the driver: a committed barrier is cumulative",
          "[propagation]") {
  CHECK(positives(wrc("NOP")) > 0);
  CHECK(positives(wrc("MFENCE")) == 0);
}

// PropagatingStorage: non-multi-copy-atomic propagation, coherence per core, and the
// cumulativity of barriers (the storage subsystem of Sarkar et al., PLDI 2011), driven by hand.
#include <catch2/catch.hpp>

#include "sim/mem/propagating_storage.h"

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

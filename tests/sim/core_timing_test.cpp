// Exact cycle contracts of the generic core and memory ("not at N-1, yes at N"), with all
// jitter switched off so that each latency parameter shows up one-for-one in trial length.
#include <catch2/catch.hpp>

#include "tests/support/sim_support.h"

namespace {

using namespace mmsim;

struct Machine {
  Scenario scenario;
  Params params;
  std::unique_ptr<Simulation> sim;
};

std::unique_ptr<Machine> machine(std::vector<std::vector<MicroOp>> threads,
                                 std::vector<std::string> sets) {
  auto m = std::make_unique<Machine>();
  m->scenario.arch = test::archs().find("x86");
  m->scenario.layout.intern("x");
  m->scenario.layout.intern("y");
  for (std::size_t t = 0; t < threads.size(); ++t) {
    ThreadProgram p;
    p.tid = static_cast<int>(t);
    p.add_reg(RegInfo{"r0", false, 0, true});
    p.ops = threads[t];
    MicroOp halt;
    halt.kind = UopKind::Halt;
    p.ops.push_back(halt);
    m->scenario.threads.push_back(p);
  }
  m->scenario.cpus = threads.size();
  for (std::size_t t = 0; t < threads.size(); ++t) {
    m->scenario.cpu_of_thread.push_back(t);
    m->scenario.slot_of_thread.push_back(1);
  }
  StateKey k;
  k.is_reg = true;
  k.tid = 0;
  k.reg = 0;
  k.name = "r0";
  m->scenario.keys.push_back(k);
  m->params = declared_params(test::archs());
  for (const char* s : {"timing.mode=realistic", "mem.jitter=0", "cpu.start_jitter=0", "cpu.sb_residency=0",
                        "cpu.stall_permille=0"})
    m->params.set_assignment(s);
  for (const auto& s : sets) m->params.set_assignment(s);
  m->sim = std::make_unique<Simulation>(m->scenario, m->params);
  return m;
}

MicroOp load_x() {
  MicroOp op;
  op.kind = UopKind::Load;
  op.dst = 0;
  op.addr_disp = static_cast<Value>(MemoryLayout::kBase);
  return op;
}

MicroOp store_x(Value v) {
  MicroOp op;
  op.kind = UopKind::Store;
  op.a = Src::i(v);
  op.addr_disp = static_cast<Value>(MemoryLayout::kBase);
  return op;
}

}  // namespace

TEST_CASE("a cold load takes memory_latency after issue", "[core]") {
  for (int lat : {50, 51, 120}) {
    auto m = machine({{load_x()}}, {"mem.memory_latency=" + std::to_string(lat)});
    const TrialResult r = m->sim->run_trial(1);
    // dispatch at 0, issue at 1, value at 1 + latency, retired the same cycle.
    CHECK(r.cycles.raw() == 1u + static_cast<unsigned>(lat));
    CHECK_FALSE(r.limit_hit);
  }
}

TEST_CASE("a store becomes visible memory_latency after it retires", "[core]") {
  auto m = machine({{store_x(5)}}, {"mem.memory_latency=70"});
  const TrialResult r = m->sim->run_trial(1);
  // issue at 1, retire into the store buffer at 2, drain 2 -> 72.
  CHECK(r.cycles.raw() == 72u);
}

TEST_CASE("a load hits after a load of the same line", "[core]") {
  auto m = machine({{load_x(), load_x()}}, {"mem.memory_latency=100", "mem.hit_latency=3"});
  const TrialResult r = m->sim->run_trial(1);
  // second load issues when the first is done (x86 loads in order): 101 -> 104.
  CHECK(r.cycles.raw() == 104u);
}

TEST_CASE("store-to-load forwarding reads the core's own buffered store", "[core]") {
  auto m = machine({{store_x(9), load_x()}}, {"mem.memory_latency=100"});
  const TrialResult r = m->sim->run_trial(1);
  REQUIRE(r.state.size() == 1);
  CHECK(r.state[0] == 9);
  CHECK(m->sim->system().cores()[0]->stats().loads_forwarded == 1);
}

TEST_CASE("the cycle limit stops a trial and is reported", "[core]") {
  MicroOp spin;
  spin.kind = UopKind::Branch;
  spin.a = Src::i(1);
  spin.target = 0;
  auto m = machine({{spin}}, {"sim.cycle_limit=1000"});
  const TrialResult r = m->sim->run_trial(1);
  CHECK(r.limit_hit);
  CHECK(r.cycles.raw() == 1000u);
}

TEST_CASE("trials are deterministic per seed and independent of earlier trials", "[core]") {
  auto m = machine({{store_x(1), load_x()}, {store_x(2), load_x()}}, {"mem.jitter=20",
                                                                      "cpu.start_jitter=50"});
  const TrialResult a = m->sim->run_trial(123);
  m->sim->run_trial(7);
  const TrialResult b = m->sim->run_trial(123);
  CHECK(a.cycles == b.cycles);
  CHECK(a.state == b.state);
}

TEST_CASE("cpu.start_delay holds a CPU's thread back by exactly its entry", "[core]") {
  // The cold load of 120 cycles on CPU 1 starts `delay` later; CPU 0 has nothing to run.
  for (int delay : {0, 1, 500}) {
    auto m = machine({{}, {load_x()}},
                     {"mem.memory_latency=120", "cpu.start_delay=0," + std::to_string(delay)});
    CHECK(m->sim->run_trial(1).cycles.raw() == 121u + static_cast<unsigned>(delay));
  }
  // CPUs beyond the list start at once.
  auto rest = machine({{}, {load_x()}}, {"mem.memory_latency=120", "cpu.start_delay=7"});
  CHECK(rest->sim->run_trial(1).cycles.raw() == 121u);
}

TEST_CASE("a malformed cpu.start_delay is bad input", "[core][errors]") {
  for (const char* bad : {"cpu.start_delay=1,x", "cpu.start_delay=1,", "cpu.start_delay=-5",
                          "cpu.start_delay=1,2,3", "cpu.start_delay=99999999999"}) {
    INFO(bad);
    CHECK_THROWS_AS(machine({{load_x()}, {load_x()}}, {bad}), BadInput);
  }
}

// The spin fast-forward (Core::orbit_period, System::skip_spin): a core going round a loop
// that nothing disturbs is moved on by whole periods. It must change nothing but the work
// done: the same states, counts, witness seeds, cycle counts and stats as evaluating every
// cycle (cpu.fast_forward=false), for the same seeds.
#include <catch2/catch.hpp>

#include "tests/support/sim_support.h"

namespace {

// The headline's shape with a spinning thread (the bench's scenario): F, on nohz_full CPU 2,
// spins on `done` in user mode through the whole grace period of S's membarrier(GLOBAL) — 3 ms,
// 6,000,000 cycles at the default clock — until S sets it.
const std::string kSpin =
    std::string(MMSIM_SOURCE_DIR) + "/bench/scenarios/spin-global-nohz_full.litmus";

void check_identical(const mmsim::test::Ran& on, const mmsim::test::Ran& off) {
  const auto& a = on.result;
  const auto& b = off.result;
  REQUIRE(a.rows.size() == b.rows.size());
  for (std::size_t i = 0; i < a.rows.size(); ++i) {
    CHECK(a.rows[i].state == b.rows[i].state);
    CHECK(a.rows[i].count == b.rows[i].count);
    CHECK(a.rows[i].seed == b.rows[i].seed);
  }
  CHECK(a.positive == b.positive);
  CHECK(a.unfinished == b.unfinished);
  CHECK(a.cycles.min == b.cycles.min);
  CHECK(a.cycles.max == b.cycles.max);
  CHECK(a.cycles.mean == b.cycles.mean);
  for (const mmsim::Stat& s : b.stats.all()) {
    if (s.id.name == "cycles_evaluated") continue;  // the work done: what the skip saves
    INFO(mmsim::stat_key(s.id));
    CHECK(a.stats.value(s.id.name, s.id.call, s.id.cpu) == s.value);
  }
  CHECK(a.stats.size() == b.stats.size());
}

// At 500 MHz, scanning after one jiffy instead of the kernel's three: with fast-forward off
// every cycle of the spin is evaluated, and a 500,000-cycle spin shows the same as a longer.
const std::vector<std::string> kRealistic = {"timing.mode=realistic", "cpu.mhz=500",
                                             "rcu.fqs_jiffies=1"};
const std::vector<std::string> kRealisticOff = {"timing.mode=realistic", "cpu.mhz=500",
                                                "rcu.fqs_jiffies=1", "cpu.fast_forward=false"};

}  // namespace

TEST_CASE("fast-forward: a thread spinning through a grace period, results identical",
          "[fast-forward]") {
  for (const char* arch : {"x86", "arm64", "powerpc"}) {
    INFO(arch);
    const auto on = mmsim::test::run_file(kSpin, arch, 6, 1, kRealistic);
    const auto off = mmsim::test::run_file(kSpin, arch, 6, 1, kRealisticOff);
    check_identical(on, off);
    CHECK(on.result.unfinished == 0);
    CHECK(on.result.cycles.mean > 500'000);  // the spin lasts the grace period (a jiffy)
    // Off, the spinning core is evaluated every cycle of it; on, a few hundred per skip.
    CHECK(off.stat("cycles_evaluated") > 6 * 250'000);
    CHECK(on.stat("cycles_evaluated") * 100 < off.stat("cycles_evaluated"));
  }
}

TEST_CASE("fast-forward: a write made after the spinning core's back edge in the same cycle "
          "is not skipped over", "[fast-forward]") {
  // Kernel code on CPU 1 spins on the expedited grace period's mask; CPU 2 clears it with a
  // store that drains in the commit phase of the very cycle CPU 1's loop was recognised, and
  // then CPU 2 has nothing left to do. Skipping there (an earlier version did: seed 62 ran
  // 88,077 cycles instead of 1,709) would miss the write until the next tick.
  const std::string file = std::string(MMSIM_SOURCE_DIR) +
                           "/scenarios/membarrier/R2-sched_expedited-C1-ticking-4.14.litmus";
  const auto on = mmsim::test::run_file(file, "arm64", 200, 1, kRealistic);
  const auto off = mmsim::test::run_file(file, "arm64", 200, 1, kRealisticOff);
  check_identical(on, off);
}

TEST_CASE("fast-forward: explore timing never skips (its loads draw from the generator)",
          "[fast-forward]") {
  const auto on = mmsim::test::run_file(kSpin, "x86", 2, 1, {"rcu.fqs_jiffies=1"});
  const auto off = mmsim::test::run_file(kSpin, "x86", 2, 1,
                                         {"rcu.fqs_jiffies=1", "cpu.fast_forward=false"});
  check_identical(on, off);
  CHECK(on.stat("cycles_evaluated") == off.stat("cycles_evaluated"));
}

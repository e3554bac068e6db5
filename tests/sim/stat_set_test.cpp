// Typed stats: each folds by its declared reduction, in a trial and across merged runs, its
// JSON name comes from its identity, and the typed list a shard carries reads back exactly.
#include <catch2/catch.hpp>

#include <stdexcept>

#include "report/stats_json.h"
#include "sim/stats/stat_set.h"

using namespace mmsim;

namespace {
constexpr StatDecl kSum{"syscall.calls", StatUnit::Events, StatReduction::Sum, "calls"};
constexpr StatDecl kMax{"syscall.cycles.max", StatUnit::Cycles, StatReduction::Max, "longest"};
constexpr StatDecl kPerCpu{"ipi.received", StatUnit::Events, StatReduction::Sum, "per CPU"};
}  // namespace

TEST_CASE("stats fold by their reduction and name their family's members", "[stats]") {
  StatSet a;
  a.add(kSum, 3, "membarrier");
  a.add(kSum, 4, "membarrier");
  a.add(kMax, 90, "membarrier");
  a.add(kMax, 70, "membarrier");
  a.add(kSum, 1, "synchronize_sched");
  a.add(kPerCpu, 5, {}, 2);
  CHECK(a.value("syscall.calls", "membarrier") == 7);
  CHECK(a.value("syscall.cycles.max", "membarrier") == 90);
  CHECK(a.value("syscall.calls", "preempt") == 0);
  CHECK_FALSE(a.has("syscall.calls", "preempt"));
  CHECK(a.calls("syscall.calls") == std::vector<std::string>{"membarrier", "synchronize_sched"});
  CHECK(a.cpus("ipi.received") == 3);  // CPUs 0..2, whichever were counted
  CHECK(a.value("ipi.received", {}, 2) == 5);

  StatSet b;
  b.add(kSum, 10, "membarrier");
  b.add(kMax, 120, "membarrier");
  b.add(kPerCpu, 1, {}, 0);
  a.merge(b);
  CHECK(a.value("syscall.calls", "membarrier") == 17);
  CHECK(a.value("syscall.cycles.max", "membarrier") == 120);
  CHECK(a.value("ipi.received", {}, 0) == 1);

  // One name, two declarations: a programming error, not a silent sum of a maximum.
  const StatDecl clash{"syscall.cycles.max", StatUnit::Cycles, StatReduction::Sum, "x"};
  CHECK_THROWS_AS(a.add(clash, 1, "membarrier"), std::invalid_argument);
}

TEST_CASE("a stat's JSON name comes from its identity", "[stats]") {
  CHECK(stat_key(StatId{"loads", {}, -1}) == "loads");
  CHECK(stat_key(StatId{"syscall.calls", "membarrier", -1}) == "syscall.membarrier.calls");
  CHECK(stat_key(StatId{"syscall.cycles.max", "membarrier_register", -1}) ==
        "syscall.membarrier_register.cycles.max");
  CHECK(stat_key(StatId{"ipi.received", {}, 3}) == "ipi.received.cpu3");
}

TEST_CASE("the typed list a shard carries reads back to the same stats", "[stats]") {
  StatSet a;
  a.add(kSum, 3, "membarrier");
  a.add(kMax, 90, "membarrier");
  a.add(kPerCpu, 5, {}, 1);
  const nlohmann::json list = nlohmann::json::parse(typed_stats(a).dump());
  const StatSet back = read_typed_stats(list);
  CHECK(back == a);
  // The reduction travels with the value: merging the read-back keeps the maximum a maximum.
  StatSet twice = back;
  twice.merge(back);
  CHECK(twice.value("syscall.cycles.max", "membarrier") == 90);
  CHECK(twice.value("syscall.calls", "membarrier") == 6);
  nlohmann::json bad = list;
  bad[0]["reduction"] = "mean";
  CHECK_THROWS_AS(read_typed_stats(bad), std::invalid_argument);
}

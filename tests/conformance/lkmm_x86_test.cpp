// LKMM C tests lowered to x86: a test whose recorded result is Never must never show its
// condition; Always must always hold. Only tests within the primitives the front end models
// for issue #2 (index.tsv column `primitives`) are taken, and every one of them must lower.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "tests/support/sim_support.h"

namespace {

const std::set<std::string> kModelled = {
    "READ_ONCE",       "WRITE_ONCE",        "smp_mb",          "smp_rmb",
    "smp_wmb",         "smp_store_release", "smp_load_acquire", "rcu_dereference",
    "rcu_assign_pointer"};

struct Entry {
  std::string file, expected;
};

std::vector<Entry> modelled_tests() {
  std::ifstream f(std::string(MMSIM_SHARED_DIR) + "/litmus/lkmm/index.tsv");
  std::string line;
  std::getline(f, line);
  std::vector<Entry> out;
  while (std::getline(f, line)) {
    std::vector<std::string> cols;
    std::string c;
    std::istringstream in(line);
    while (std::getline(in, c, '\t')) cols.push_back(c);
    if (cols.size() < 6 || cols[2] != "C") continue;
    bool ok = true;
    std::istringstream prims(cols[4]);
    std::string p;
    while (std::getline(prims, p, ','))
      if (!p.empty() && !kModelled.count(p)) ok = false;
    if (ok) out.push_back({cols[0], cols[5]});
  }
  return out;
}

std::uint64_t env_trials(const char* name, std::uint64_t dflt) {
  const char* t = std::getenv(name);
  return t ? std::strtoull(t, nullptr, 10) : dflt;
}

}  // namespace

TEST_CASE("LKMM C tests on x86: Never never observed, Always always holds", "[lkmm]") {
  const auto tests = modelled_tests();
  REQUIRE(tests.size() > 1000);
  const std::uint64_t never_trials = env_trials("MMSIM_LKMM_NEVER_TRIALS", 10000);
  const std::uint64_t other_trials = env_trials("MMSIM_LKMM_TRIALS", 50);
  std::size_t never = 0, failed_to_run = 0;
  for (const auto& t : tests) {
    INFO(t.file << " (Result: " << t.expected << ")");
    const bool is_never = t.expected == "Never";
    try {
      const auto ran = mmsim::test::run_file(
          std::string(MMSIM_SHARED_DIR) + "/litmus/lkmm/" + t.file, "x86",
          is_never ? never_trials : other_trials);
      CHECK(ran.result.cycle_limit_hits == 0);
      if (is_never) {
        ++never;
        CHECK(ran.result.positive == 0);
      }
      if (t.expected == "Always") CHECK(ran.result.negative == 0);
    } catch (const mmsim::BadInput& e) {
      ++failed_to_run;
      FAIL_CHECK(e.located());
    }
  }
  INFO("Never tests run: " << never);
  CHECK(never > 100);
  CHECK(failed_to_run == 0);
}

// The cycle-test generator: DiyCycle writes the corpus's diy-generated tests back (name, code
// and condition, so the construction is diy's), rejects what is no cycle, and the generator's
// output is deterministic, uniquely named, of 3-4 threads, and covers the named families in
// plain, MFENCE and XCHG variants.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <set>
#include <stdexcept>

#include "sim/scenario/litmus_parser.h"
#include "tests/oracle/diy_gen.h"

namespace {

using mmsim::oracle::CycleThread;
using mmsim::oracle::Dir;

// "W", "mfence:WR", "xchg:WR" (the write an XCHG), ...
CycleThread th(const std::string& spec) {
  CycleThread t;
  std::string shape = spec;
  bool atomic = false;
  if (spec.rfind("mfence:", 0) == 0) {
    t.fenced = true;
    shape = spec.substr(7);
  } else if (spec.rfind("xchg:", 0) == 0) {
    atomic = true;
    shape = spec.substr(5);
  }
  for (char c : shape) t.accesses.push_back({c == 'R' ? Dir::R : Dir::W, atomic && c == 'W'});
  return t;
}

mmsim::oracle::DiyCycle cycle(const std::vector<std::string>& specs) {
  std::vector<CycleThread> ts;
  for (const auto& s : specs) ts.push_back(th(s));
  return mmsim::oracle::DiyCycle(ts);
}

// Each thread's instructions, trimmed, without the empty cells.
std::vector<std::vector<std::string>> code_of(const mmsim::LitmusTest& t) {
  std::vector<std::vector<std::string>> out;
  for (const auto& thread : t.threads) {
    out.emplace_back();
    for (const auto& [pos, text] : thread.rows) {
      const auto b = text.find_first_not_of(' ');
      if (b != std::string::npos) out.back().push_back(text.substr(b, text.find_last_not_of(' ') - b + 1));
    }
  }
  return out;
}

}  // namespace

// Reads ../shared: a corpus test.
TEST_CASE("DiyCycle writes the corpus's diy tests back", "[oracle-corpus]") {
  // Corpus name → the cycle, given from some rotation: normalisation must find diy's.
  const std::map<std::string, std::vector<std::string>> cases{
      {"SB+mfence+po", {"WR", "mfence:WR"}},
      {"R+po+mfence", {"mfence:WR", "WW"}},
      {"MP+po+mfence", {"WW", "mfence:RR"}},
      {"2+2W+mfence+po", {"WW", "mfence:WW"}},
      {"ISA2", {"RR", "WW", "RW"}},
      {"WRC", {"RW", "RR", "W"}},
      {"RWC+po+mfence", {"RR", "mfence:WR", "W"}},
      {"IRIW+mfences", {"mfence:RR", "W", "mfence:RR", "W"}},
      {"LB+mfences", {"mfence:RW", "mfence:RW"}},
  };
  for (const auto& [name, specs] : cases) {
    INFO(name);
    const auto c = cycle(specs);
    CHECK(c.name() == name);
    const auto ours = mmsim::parse_litmus(c.litmus(), name + ".litmus");
    const auto ref = mmsim::parse_litmus_file(std::string(MMSIM_CORPUS_DIR) + "/litmus/arch/x86/" +
                                              name + ".litmus");
    CHECK(ours.name == ref.name);
    CHECK(code_of(ours) == code_of(ref));
    CHECK(mmsim::format_condition(ours.condition) == mmsim::format_condition(ref.condition));
  }
  const auto z = cycle({"xchg:WW", "RW", "WR"});
  CHECK(z.name() == "Z6.0+poaa+po+po");
  CHECK(z.edges() == "PodWWAA RfeAP PodRW Coe PodWR FrePA");
  CHECK(z.condition() == "exists ([z]=2 /\\ 1:EAX=1 /\\ 2:EAX=0)");
}

TEST_CASE("DiyCycle rejects what is no cycle", "[oracle]") {
  CHECK_THROWS_AS(cycle({"WR"}), std::invalid_argument);             // one thread
  CHECK_THROWS_AS(cycle({"WR", "W", "R"}), std::invalid_argument);   // one po edge
  CHECK_THROWS_AS(cycle({"WR", "RW", "WR"}), std::invalid_argument); // R→R junction
  CHECK_THROWS_AS(cycle({"mfence:W", "WR", "WR"}), std::invalid_argument);
  CHECK_THROWS_AS(cycle({"WRW", "WR"}), std::invalid_argument);
  CycleThread atomic_read = th("WR");
  atomic_read.accesses[1].atomic = true;
  CHECK_THROWS_AS(mmsim::oracle::DiyCycle({atomic_read, th("WR")}), std::invalid_argument);
}

TEST_CASE("The generator: >= 200 distinct tests of 3-4 threads, deterministic, every family",
          "[oracle]") {
  const auto tests = mmsim::oracle::DiyGenerator().generate();
  CHECK(tests.size() >= 200);
  const auto again = mmsim::oracle::DiyGenerator().generate();
  REQUIRE(again.size() == tests.size());
  std::set<std::string> names, texts;
  for (std::size_t i = 0; i < tests.size(); ++i) {
    CHECK(tests[i].text == again[i].text);
    CHECK((tests[i].threads == 3 || tests[i].threads == 4));
    names.insert(tests[i].name);
    texts.insert(tests[i].text.substr(tests[i].text.find('{')));  // code and condition
  }
  CHECK(names.size() == tests.size());
  CHECK(texts.size() == tests.size());
  for (const char* n :
       {"3.SB", "3.SB+mfences", "3.SB+poaps", "3.SB+mfence+po+po", "4.SB", "4.SB+mfences",
        "ISA2", "ISA2+mfences", "ISA2+poaa+popa+po", "WRC", "WRC+mfences", "RWC+po+poap",
        "W+RWC", "W+RWC+mfence+po+po", "W+RWC+mfences", "Z6.0", "Z6.1", "Z6.2", "Z6.3", "Z6.4",
        "Z6.5", "Z6.5+mfences", "IRIW", "IRIW+mfences", "3.LB", "3.2W+poaas", "WWC"}) {
    INFO(n);
    CHECK(names.count(n) == 1);
  }
}

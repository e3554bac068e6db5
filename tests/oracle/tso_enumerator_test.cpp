// The TSO enumerator's own contract on small hand-written tests: store buffering shows only
// without a drain, a locked Rmw is atomic, loops are cut and reported, registers and memory
// read out like System::final_state, filters drop states, unsupported uops are reported.
#include <catch2/catch.hpp>

#include "sim/scenario/litmus_parser.h"
#include "tests/oracle/oracle_support.h"
#include "tests/oracle/tso_enumerator.h"

namespace {

struct Enumerated {
  std::unique_ptr<mmsim::Scenario> scenario;
  mmsim::oracle::TsoOutcome outcome;
  std::set<std::string> states;  // herd strings, for readable expectations
};

Enumerated enumerate(const std::string& text, mmsim::oracle::TsoOptions options = {}) {
  Enumerated e;
  e.scenario = mmsim::test::x86_scenario(mmsim::parse_litmus(text, "test.litmus"));
  e.outcome = mmsim::oracle::TsoEnumerator(*e.scenario, options).run();
  for (const auto& st : e.outcome.finals)
    e.states.insert(mmsim::test::show(mmsim::test::herd_state(*e.scenario, st)));
  return e;
}

}  // namespace

TEST_CASE("TSO enumerator: SB's four states, three once either side fences or locks", "[oracle]") {
  const auto sb = enumerate(R"(X86 SB
{ }
 P0          | P1          ;
 MOV [x],$1  | MOV [y],$1  ;
 MOV EAX,[y] | MOV EAX,[x] ;
exists (0:EAX=0 /\ 1:EAX=0)
)");
  CHECK(sb.states == std::set<std::string>{"0:EAX=0; 1:EAX=0; ", "0:EAX=0; 1:EAX=1; ",
                                           "0:EAX=1; 1:EAX=0; ", "0:EAX=1; 1:EAX=1; "});
  CHECK(sb.outcome.any_satisfies);
  CHECK(sb.outcome.verdict(mmsim::Quantifier::Exists) == "Allowed");
  mmsim::oracle::TsoOptions sc;
  sc.sequential_consistency = true;
  const auto sb_sc = mmsim::oracle::TsoEnumerator(*sb.scenario, sc).run();
  CHECK(sb_sc.finals.size() == 3);
  CHECK_FALSE(sb_sc.any_satisfies);
  const auto locked = enumerate(R"(X86 SB+mfence+xchg
{ }
 P0          | P1            ;
 MOV [x],$1  | MOV ECX,$1    ;
 MFENCE      | XCHG [y],ECX  ;
 MOV EAX,[y] | MOV EAX,[x]   ;
exists (0:EAX=0 /\ 1:EAX=0)
)");
  CHECK(locked.states.size() == 3);
  CHECK_FALSE(locked.outcome.any_satisfies);
  CHECK(locked.outcome.verdict(mmsim::Quantifier::Exists) == "Forbidden");
}

TEST_CASE("TSO enumerator: a load forwards the youngest own store; memory is read at the end",
          "[oracle]") {
  const auto e = enumerate(R"(X86 fwd
{ x=5; }
 P0          ;
 MOV [x],$1  ;
 MOV [x],$2  ;
 MOV EAX,[x] ;
exists (0:EAX=2 /\ [x]=2)
)");
  CHECK(e.states == std::set<std::string>{"0:EAX=2; [x]=2; "});
}

TEST_CASE("TSO enumerator: locked increments never lose an update", "[oracle]") {
  const auto e = enumerate(R"(X86 incs
{ }
 P0             | P1             | P2         ;
 LOCK INC [x]   | LOCK INC [x]   | MOV [x],$7 ;
exists ([x]=7)
)");
  // The plain store lands after, between or before the increments.
  CHECK(e.states == std::set<std::string>{"[x]=7; ", "[x]=8; ", "[x]=9; "});
  const auto plain = enumerate(R"(X86 plain-incs
{ }
 P0        | P1        ;
 INC [x]   | INC [x]   ;
exists ([x]=1)
)");
  CHECK(plain.states == std::set<std::string>{"[x]=1; ", "[x]=2; "});
}

TEST_CASE("TSO enumerator: a spin loop converges; an unbounded loop is cut and reported",
          "[oracle]") {
  const auto spin = enumerate(R"(X86 spin
{ }
 P0            | P1         ;
 L0:           | MOV [x],$1 ;
 MOV EAX,[x]   |            ;
 CMP EAX,$0    |            ;
 JE L0         |            ;
exists (0:EAX=1)
)");
  CHECK_FALSE(spin.outcome.truncated);
  CHECK(spin.states == std::set<std::string>{"0:EAX=1; "});
  mmsim::oracle::TsoOptions limits;
  limits.max_depth = 500;
  const auto count = enumerate(R"(X86 count
{ }
 P0          ;
 L0:         ;
 INC EAX     ;
 JMP L0      ;
exists (0:EAX=1)
)", limits);
  CHECK(count.outcome.truncated);
  CHECK(count.states.empty());
}

TEST_CASE("TSO enumerator: filter removes states; a syscall is unsupported", "[oracle]") {
  const auto f = enumerate(R"(X86 MP-filtered
{ }
 P0         | P1          ;
 MOV [x],$1 | MOV EAX,[y] ;
 MOV [y],$1 | MOV EBX,[x] ;
filter (1:EAX=1)
exists (1:EBX=0)
)");
  CHECK(f.states == std::set<std::string>{"1:EBX=1; "});
  CHECK(f.outcome.filtered == 2);  // EAX=1 hidden: (0,0) and (0,1) filtered out
  CHECK(f.outcome.verdict(mmsim::Quantifier::Exists) == "Forbidden");

  auto c = mmsim::parse_litmus(R"(C sys
{ }
P0(int *x) { int r = membarrier(MEMBARRIER_CMD_QUERY, 0); }
exists (0:r=0)
)", "sys.litmus");
  const auto scenario = mmsim::test::x86_scenario(std::move(c));
  const auto out = mmsim::oracle::TsoEnumerator(*scenario).run();
  CHECK_FALSE(out.unsupported.empty());
  CHECK(out.finals.empty());
}

// The arm64 bundle end to end on inline AArch64 tests (no reference corpus needed): the
// weak outcomes it must show, the orderings it must keep, and load-exclusive/store-exclusive
// atomicity through the reservation monitor.
#include <catch2/catch.hpp>

#include "tests/support/sim_support.h"

namespace {

mmsim::test::Ran arm(const std::string& text, std::uint64_t trials = 2000) {
  return mmsim::test::run_text(text, "arm64", trials);
}

const char* kMp = R"(AArch64 MP%s
{ 0:X1=x; 0:X3=y; 1:X1=y; 1:X3=x; }
 P0          | P1          ;
 MOV W0,#1   | LDR W0,[X1] ;
 STR W0,[X1] | %s ;
 %s | LDR W2,[X3] ;
 STR W0,[X3] |             ;
exists (1:X0=1 /\ 1:X2=0)
)";

std::string mp(const char* name, const char* p1_mid, const char* p0_mid) {
  char buf[512];
  std::snprintf(buf, sizeof buf, kMp, name, p1_mid, p0_mid);
  return buf;
}

}  // namespace

TEST_CASE("arm64: MP shows without barriers, not with DMB ST + DMB LD or DMB + ctrl-ISB",
          "[arm64model]") {
  CHECK(arm(mp("", "NOP", "NOP")).result.positive > 0);
  CHECK(arm(mp("+dmb.st+dmb.ld", "DMB ISHLD", "DMB ISHST")).result.positive == 0);
  // A control dependency alone does not order the loads; with ISB it does.
  const std::string ctrl = "AArch64 MP+dmb+ctrl\n{ 0:X1=x; 0:X3=y; 1:X1=y; 1:X3=x; }\n"
                           " P0 | P1 ;\n MOV W0,#1 | LDR W0,[X1] ;\n STR W0,[X1] | CBZ W0,L ;\n"
                           " DMB SY | L: ;\n STR W0,[X3] | %s ;\n | LDR W2,[X3] ;\n"
                           "exists (1:X0=1 /\\ 1:X2=0)\n";
  char a[512], b[512];
  std::snprintf(a, sizeof a, ctrl.c_str(), "NOP");
  std::snprintf(b, sizeof b, ctrl.c_str(), "ISB");
  CHECK(arm(a).result.positive > 0);
  const auto isb = arm(b);
  CHECK(isb.result.positive == 0);
  CHECK(isb.stat("refetches") > 0);
}

TEST_CASE("arm64: LDXR/STXR increments are atomic; plain ones lose updates", "[arm64model]") {
  const char* llsc = R"(AArch64 inc-llsc
{ 0:X1=x; 1:X1=x; }
 P0              | P1              ;
 L0:             | L1:             ;
 LDXR W0,[X1]    | LDXR W0,[X1]    ;
 ADD W0,W0,#1    | ADD W0,W0,#1    ;
 STXR W2,W0,[X1] | STXR W2,W0,[X1] ;
 CBNZ W2,L0      | CBNZ W2,L1      ;
exists (not (x=2))
)";
  const auto r = arm(llsc, 4000);
  CHECK(r.result.positive == 0);
  CHECK(r.result.unfinished == 0);
  CHECK(r.stat("sc_failures") > 0);  // the reservation was lost and the loop retried
  const char* plain = R"(AArch64 inc-plain
{ 0:X1=x; 1:X1=x; }
 P0           | P1           ;
 LDR W0,[X1]  | LDR W0,[X1]  ;
 ADD W0,W0,#1 | ADD W0,W0,#1 ;
 STR W0,[X1]  | STR W0,[X1]  ;
exists (x=1)
)";
  CHECK(arm(plain).result.positive > 0);
}

TEST_CASE("arm64: LB shows, LB with data dependencies never; speculation counted",
          "[arm64model]") {
  const char* lb = R"(AArch64 LB
{ 0:X1=x; 0:X3=y; 1:X1=y; 1:X3=x; }
 P0           | P1           ;
 LDR W0,[X1]  | LDR W0,[X1]  ;
 MOV W2,#1    | MOV W2,#1    ;
 STR W2,[X3]  | STR W2,[X3]  ;
exists (0:X0=1 /\ 1:X0=1)
)";
  const auto r = arm(lb);
  CHECK(r.result.positive > 0);
  CHECK(r.stat("early_commits") > 0);
  const char* datas = R"(AArch64 LB+datas
{ 0:X1=x; 0:X3=y; 1:X1=y; 1:X3=x; }
 P0             | P1             ;
 LDR W0,[X1]    | LDR W0,[X1]    ;
 EOR W2,W0,W0   | EOR W2,W0,W0   ;
 ADD W2,W2,#1   | ADD W2,W2,#1   ;
 STR W2,[X3]    | STR W2,[X3]    ;
exists (0:X0=1 /\ 1:X0=1)
)";
  CHECK(arm(datas).result.positive == 0);
}

TEST_CASE("arm64: a store after two loads of one address waits until neither can be replayed",
          "[arm64model]") {
  // P1's second load of x may read before the first; if P0's stores land in between, it is
  // replayed. The store to y after them must not have entered the buffer by then (it would
  // be squashed with the replay): the early-commit rule counts a load that has not read yet
  // but may read before an older one of its address as replayable.
  const char* t = R"(AArch64 CoRR+st
{ 0:X1=x; 1:X1=x; 1:X3=y; }
 P0          | P1          ;
 MOV W0,#1   | LDR W0,[X1] ;
 STR W0,[X1] | LDR W2,[X1] ;
 MOV W0,#2   | MOV W4,#1   ;
 STR W0,[X1] | STR W4,[X3] ;
exists (1:X0=2 /\ 1:X2=1)
)";
  const auto r = arm(t, 50000);
  CHECK(r.result.positive == 0);
  CHECK(r.stat("replays") > 0);
  CHECK(r.stat("early_commits") > 0);
}

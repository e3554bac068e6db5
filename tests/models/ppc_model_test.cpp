// The powerpc bundle end to end on inline PPC tests (no reference corpus needed): the precise
// dependencies of its core (a store or load goes past an older store whose data or address is
// not known; a replay redoes only what depends on the load) show what POWER allows, and the
// shapes herd7's ppc.cat forbids stay unseen — among them the ones each rule first got wrong
// while it was written (MP+PPO811, S+PPO088, DETOUR0187, 2+2W+lwsyncs).
#include <catch2/catch.hpp>

#include "tests/support/sim_support.h"

namespace {

mmsim::test::Ran ppc(const std::string& text, std::uint64_t trials) {
  return mmsim::test::run_text(text, "powerpc", trials);
}

}  // namespace

TEST_CASE("powerpc: a store goes past an older store whose data is not known (LB)",
          "[ppcmodel]") {
  // P1's store to x waits for nothing: the older store to z waits for y's value.
  const char* lb = R"(PPC LB+data-po
{ 0:r2=x; 0:r4=y; 1:r2=y; 1:r4=z; 1:r9=x; }
 P0           | P1           ;
 lwz r1,0(r2) | lwz r1,0(r2) ;
 xor r3,r1,r1 | xor r3,r1,r1 ;
 addi r3,r3,1 | addi r3,r3,1 ;
 stw r3,0(r4) | stw r3,0(r4) ;
              | li r8,1      ;
              | stw r8,0(r9) ;
exists (0:r1=1 /\ 1:r1=1)
)";
  CHECK(ppc(lb, 20000).result.positive > 0);
}

TEST_CASE("powerpc: a load goes past an older store whose address is not known", "[ppcmodel]") {
  const char* mp = R"(PPC MP+lwsync+addr-po
{ 0:r2=x; 0:r4=y; 1:r2=y; 1:r5=z; 1:r9=x; }
 P0           | P1            ;
 li r1,1      | lwz r1,0(r2)  ;
 stw r1,0(r2) | xor r3,r1,r1  ;
 lwsync       | li r4,1       ;
 li r3,1      | stwx r4,r3,r5 ;
 stw r3,0(r4) | lwz r6,0(r9)  ;
exists (1:r1=1 /\ 1:r6=0)
)";
  const auto r = ppc(mp, 20000);
  CHECK(r.result.positive > 0);
  // ...but when that store turns out to be to the load's address, the load is taken again:
  // reading from it through the address dependency orders the last load (MP+PPO811).
  const char* forbidden = R"(PPC MP+PPO811
{ 0:r2=x; 0:r4=y; 1:r2=y; 1:r6=z; 1:r10=x; }
 P0           | P1             ;
 li r1,1      | lwz r1,0(r2)   ;
 stw r1,0(r2) | lwz r3,0(r2)   ;
 lwsync       | xor r4,r3,r3   ;
 li r3,1      | li r5,1        ;
 stw r3,0(r4) | stwx r5,r4,r6  ;
              | lwz r7,0(r6)   ;
              | xor r8,r7,r7   ;
              | lwzx r9,r8,r10 ;
              | lwz r11,0(r10) ;
exists (1:r1=1 /\ 1:r11=0)
)";
  CHECK(ppc(forbidden, 30000).result.positive == 0);
}

TEST_CASE("powerpc: values not final keep dependent stores back", "[ppcmodel]") {
  // A load forwarded from a store still waiting for its data is not final: S+PPO088.
  const char* s = R"(PPC S+PPO088
{ 0:r2=x; 0:r4=y; 1:r2=y; 1:r4=z; 1:r9=a; 1:r13=x; }
 P0           | P1               ;
 li r1,2      | lwz r1,0(r2)     ;
 stw r1,0(r2) | xor r3,r1,r1     ;
 lwsync       | addi r3,r3,1     ;
 li r3,1      | stw r3,0(r4)     ;
 stw r3,0(r4) | li r5,2          ;
              | stw r5,0(r4)     ;
              | lwz r6,0(r4)     ;
              | xor r7,r6,r6     ;
              | li r8,1          ;
              | stwx r8,r7,r9    ;
              | lwz r10,0(r9)    ;
              | xor r11,r10,r10  ;
              | li r12,1         ;
              | stwx r12,r11,r13 ;
exists (x=2 /\ z=2 /\ 1:r1=1)
)";
  CHECK(ppc(s, 30000).result.positive == 0);
  // A load whose address comes from a replayable load may move: DETOUR0187.
  const char* detour = R"(PPC DETOUR0187
{ 0:r2=x; 0:r4=y; 1:r2=y; 1:r6=x; 2:r2=y; }
 P0           | P1            | P2           ;
 lwz r1,0(r2) | lwz r1,0(r2)  | li r1,2      ;
 xor r3,r1,r1 | lwz r3,0(r2)  | stw r1,0(r2) ;
 addi r3,r3,1 | xor r4,r3,r3  |              ;
 stw r3,0(r4) | lwzx r5,r4,r6 |              ;
              | li r7,1       |              ;
              | stw r7,0(r6)  |              ;
exists (0:r1=1 /\ 1:r1=1 /\ 1:r3=2 /\ 1:r5=0)
)";
  CHECK(ppc(detour, 30000).result.positive == 0);
}

TEST_CASE("powerpc: eieio orders stores only; coherence placed early never crosses an lwsync",
          "[ppcmodel]") {
  const char* lb = R"(PPC LB+eieio+po
{ 0:r2=x; 0:r4=y; 1:r2=y; 1:r4=x; }
 P0           | P1           ;
 lwz r1,0(r2) | lwz r1,0(r2) ;
 eieio        | li r3,1      ;
 li r3,1      | stw r3,0(r4) ;
 stw r3,0(r4) |              ;
exists (0:r1=1 /\ 1:r1=1)
)";
  CHECK(ppc(lb, 20000).result.positive > 0);
  const char* mp = R"(PPC MP+eieio+addr
{ 0:r2=x; 0:r4=y; 1:r2=y; 1:r5=x; }
 P0           | P1            ;
 li r1,1      | lwz r1,0(r2)  ;
 stw r1,0(r2) | xor r3,r1,r1  ;
 eieio        | lwzx r4,r3,r5 ;
 li r3,1      |               ;
 stw r3,0(r4) |               ;
exists (1:r1=1 /\ 1:r4=0)
)";
  CHECK(ppc(mp, 20000).result.positive == 0);
  const char* w2 = R"(PPC 2+2W+lwsyncs
{ 0:r5=x; 0:r6=y; 0:r1=1; 0:r2=2; 1:r5=x; 1:r6=y; 1:r1=1; 1:r2=2; }
 P0           | P1           ;
 stw r1,0(r5) | stw r1,0(r6) ;
 lwsync       | lwsync       ;
 stw r2,0(r6) | stw r2,0(r5) ;
exists (x=1 /\ y=1)
)";
  CHECK(ppc(w2, 50000).result.positive == 0);
}

// The LISA front end: tags lowered through the primitive tables, branches and labels (forward,
// overlapping, backward), outcomes of whole tests, and errors with their positions. Tests go
// through the structure parser, so positions are those of a real file.
#include <catch2/catch.hpp>

#include <string>

#include "kernel_model/kernel_primitives.h"
#include "models/x86/x86_fences.h"
#include "sim/scenario/lisa_frontend.h"
#include "sim/scenario/litmus_parser.h"
#include "tests/support/sim_support.h"

using namespace mmsim;

namespace {

// A one-thread LISA test whose rows start on line 6; each row is " <text> ;".
std::string one_thread(const std::string& init, const std::vector<std::string>& rows,
                       const std::string& cond) {
  std::string t = "LISA t\n{\n" + init + "\n}\n P0 ;\n";
  for (const auto& r : rows) t += " " + r + " ;\n";
  return t + cond + "\n";
}

Scenario build(const std::string& text, const std::string& arch = "x86") {
  return build_scenario(parse_litmus(text, "t.litmus"), *test::archs().find(arch),
                        &kernel::user_primitives());
}

BadInput error_of(const std::string& text) {
  try {
    build(text);
  } catch (const BadInput& e) {
    return e;
  }
  FAIL("expected BadInput for:\n" << text);
  throw std::logic_error("unreachable");
}

void check_error(const BadInput& e, const std::string& kind, int line, int column,
                 const std::string& text) {
  CHECK(e.kind() == kind);
  CHECK(e.pos().file == "t.litmus");
  CHECK(e.pos().line == line);
  CHECK(e.pos().column == column);
  CHECK_THAT(e.what(), Catch::Contains(text));
}

Value addr(const Scenario& s, const std::string& loc) {
  REQUIRE(s.layout.find(loc) != nullptr);
  return static_cast<Value>(s.layout.find(loc)->addr.raw());
}

std::size_t count(const ThreadProgram& p, UopKind k) {
  std::size_t n = 0;
  for (const auto& op : p.ops) n += op.kind == k ? 1 : 0;
  return n;
}

using States = std::set<std::set<std::string>>;

}  // namespace

TEST_CASE("LISA is an LKMM dialect: accepted, lowered like C on every arch", "[lisa]") {
  CHECK(lowers_like_c("LISA"));
  CHECK(lowers_like_c("C"));
  CHECK_FALSE(lowers_like_c("X86"));
  const auto& h = default_litmus_headers();
  CHECK(std::find(h.begin(), h.end(), "LISA") != h.end());
  const std::string text = one_thread("", {"w[once] x 1"}, "exists (x=1)");
  for (const char* arch : {"x86", "arm64", "powerpc"}) {
    const Scenario s = build(text, arch);
    REQUIRE(s.threads.size() == 1);
    CHECK(count(s.threads[0], UopKind::Store) == 1);
  }
}

TEST_CASE("LISA tags lower through the arch's primitive table", "[lisa]") {
  const Scenario s = build(one_thread(
      "x=0; y=0;",
      {"r[once] r1 x", "w[release] y r1", "f[mb]", "r[acquire] r2 y", "f[rmb]", "f[wmb]",
       "f[rb_dep]", "mov r4 (xor r2 r2)", "r[lderef] r3 x+r4", "w[assign] y 5", "r[deref] r5 r6",
       "w[once] x y"},
      "exists (0:r1=0)"));
  const ThreadProgram& p = s.threads[0];
  const Reg r1 = p.find_reg("r1"), r2 = p.find_reg("r2"), r4 = p.find_reg("r4"),
            r6 = p.find_reg("r6");
  REQUIRE(r1 != kNoReg);
  REQUIRE(r6 != kNoReg);
  // x86: rmb, wmb and rb_dep are compiler barriers (no micro-op).
  REQUIRE(p.ops.size() == 10);
  CHECK(p.ops[0].kind == UopKind::Load);
  CHECK(p.ops[0].flags == 0);
  CHECK(p.ops[0].dst == r1);
  CHECK(p.ops[0].addr_disp == addr(s, "x"));
  CHECK(p.ops[1].kind == UopKind::Store);
  CHECK(p.ops[1].flags == kRelease);
  CHECK(p.ops[1].addr_disp == addr(s, "y"));
  CHECK((p.ops[1].a.is_reg && p.ops[1].a.reg == r1));
  CHECK(p.ops[2].kind == UopKind::Fence);
  CHECK(p.ops[2].fence == x86::kMfence);
  CHECK(p.ops[3].kind == UopKind::Load);
  CHECK(p.ops[3].flags == kAcquire);
  CHECK(p.ops[3].dst == r2);
  CHECK(p.ops[4].kind == UopKind::Alu);
  CHECK(p.ops[4].alu == AluOp::Xor);
  CHECK(p.ops[4].dst == r4);
  // x+r4: base r4, the location's address as displacement (an address dependency on r4).
  CHECK(p.ops[5].kind == UopKind::Load);
  CHECK(p.ops[5].addr_base == r4);
  CHECK(p.ops[5].addr_disp == addr(s, "x"));
  CHECK(p.ops[6].kind == UopKind::Store);
  CHECK(p.ops[6].flags == kRelease);  // rcu_assign_pointer
  CHECK((!p.ops[6].a.is_reg && p.ops[6].a.imm == 5));
  // A register used as an address is a pointer register; it starts at 0.
  CHECK(p.ops[7].kind == UopKind::Load);
  CHECK(p.ops[7].addr_base == r6);
  CHECK(p.regs[r6].is_pointer);
  CHECK(p.regs[r6].init == 0);
  CHECK_FALSE(p.regs[r1].is_pointer);
  // A location's name as a stored value is its address.
  CHECK(p.ops[8].kind == UopKind::Store);
  CHECK((!p.ops[8].a.is_reg && p.ops[8].a.imm == addr(s, "y")));
  CHECK(p.ops[9].kind == UopKind::Halt);
  // Every memory micro-op points at its row's instruction.
  CHECK(p.positions[p.ops[0].src].line == 6);
  CHECK(p.positions[p.ops[0].src].column == 2);
  CHECK(p.positions[p.ops[5].src].line == 14);
}

TEST_CASE("LISA registers start at their init-block value; mov computes", "[lisa]") {
  // r2 is read before any write: it holds its init value, as in herd7 (TC9's shape).
  const std::string text = one_thread(
      "x=3; 0:r2=1;",
      {"r[once] r1 x", "mov r2 (xor r1 r2)", "mov r3 (add r2 10)", "mov r4 (eq r3 12)",
       "mov r5 (neq r3 12)", "mov r6 (and r3 6)", "mov r7 -4", "mov r8 x", "w[once] y r3"},
      "locations [0:r2; 0:r4; 0:r5; 0:r6; 0:r7]\nexists (0:r3=12 /\\ y=12 /\\ 0:r8=x)");
  const auto ran = test::run_text(text, "x86", 20);
  CHECK(ran.result.positive == 20);
  CHECK(ran.states() == States{{"0:r2=2", "0:r3=12", "0:r4=1", "0:r5=0", "0:r6=4", "0:r7=-4",
                                "0:r8=x", "[y]=12"}});
}

TEST_CASE("LISA message passing with f[mb]/f[rmb] is never observed", "[lisa]") {
  const std::string mp =
      "LISA MP\n{\nx=0; y=0;\n}\n"
      " P0          | P1           ;\n"
      " w[once] x 1 | r[once] r1 y ;\n"
      " f[mb]       | f[rmb]       ;\n"
      " w[once] y 1 | r[once] r2 x ;\n"
      "exists (1:r1=1 /\\ 1:r2=0)\n";
  for (const char* arch : {"x86", "arm64", "powerpc"}) {
    const auto ran = test::run_text(mp, arch, 300);
    CHECK(ran.result.positive == 0);
    CHECK(ran.result.unfinished == 0);
    CHECK(ran.states().count({"1:r1=1", "1:r2=1"}) == 1);
  }
  // Store buffering: allowed on x86 without a fence, forbidden with f[mb] on both sides.
  auto sb = [](const std::string& fence) {
    return "LISA SB\n{\n}\n P0 | P1 ;\n w[once] x 1 | w[once] y 1 ;\n " + fence + " | " + fence +
           " ;\n r[once] r1 y | r[once] r2 x ;\nexists (0:r1=0 /\\ 1:r2=0)\n";
  };
  CHECK(test::run_text(sb(""), "x86", 500).result.positive > 0);
  CHECK(test::run_text(sb("f[mb]"), "x86", 500).result.positive == 0);
}

TEST_CASE("LISA b[] to a label is one conditional branch (a control dependency)", "[lisa]") {
  const Scenario s = build(one_thread(
      "", {"r[once] r0 y", "mov r2 (eq r0 0)", "b[] r2 LC00", "LC00:", "w[once] z 1"},
      "exists (z=1)"));
  const ThreadProgram& p = s.threads[0];
  REQUIRE(p.ops.size() == 5);
  CHECK(p.ops[0].kind == UopKind::Load);
  CHECK(p.ops[1].kind == UopKind::Alu);
  CHECK(p.ops[1].alu == AluOp::Eq);
  const MicroOp& br = p.ops[2];
  CHECK(br.kind == UopKind::Branch);
  CHECK((br.a.is_reg && br.a.reg == p.find_reg("r2")));
  CHECK(br.flags == 0);  // taken when r2 != 0
  CHECK(br.target == 3);
  CHECK(p.positions[br.src].line == 8);  // the b[] row
  CHECK(p.ops[3].kind == UopKind::Store);
  CHECK(p.ops[3].addr_disp == addr(s, "z"));
  CHECK(count(p, UopKind::Branch) == 1);
}

TEST_CASE("LISA overlapping forward branches skip what they say (TC1's shape)", "[lisa]") {
  // y=1 is written iff x is 0 or 1: SKIP0 jumps to the store, SKIP1 over it.
  auto tc1 = [](int x) {
    return one_thread("x=" + std::to_string(x) + ";",
                      {"r[once] r1 x", "mov r3 (eq r1 0)", "b[] r3 SKIP0", "mov r3 (neq r1 1)",
                       "b[] r3 SKIP1", "SKIP0:", "w[once] y 1", "SKIP1:"},
                      "exists (y=1)");
  };
  for (int x : {0, 1, 2, 5}) {
    const auto ran = test::run_text(tc1(x), "x86", 30);
    INFO("x=" << x);
    CHECK(ran.result.positive == (x <= 1 ? 30u : 0u));
    CHECK(ran.result.negative == (x <= 1 ? 0u : 30u));
  }
  // An unconditional forward branch: the store it jumps over never happens.
  const auto skip =
      test::run_text(one_thread("", {"b[] END", "w[once] y 1", "END: w[once] z 1"},
                                "exists (y=1 \\/ z=0)"),
                     "arm64", 30);
  CHECK(skip.result.positive == 0);
  CHECK(skip.states() == States{{"[y]=0", "[z]=1"}});
}

TEST_CASE("LISA backward branches loop", "[lisa]") {
  const std::string text = one_thread(
      "", {"LOOP:", "mov r1 (add r1 1)", "w[once] x r1", "mov r2 (neq r1 3)", "b[] r2 LOOP",
           "r[once] r3 x"},
      "exists (0:r1=3 /\\ 0:r3=3 /\\ x=3)");
  for (const char* arch : {"x86", "powerpc"}) {
    const auto ran = test::run_text(text, arch, 20);
    CHECK(ran.result.positive == 20);
    CHECK(ran.result.unfinished == 0);
  }
  const Scenario s = build(text);
  const ThreadProgram& p = s.threads[0];
  REQUIRE(count(p, UopKind::Branch) == 1);
  for (const auto& op : p.ops)
    if (op.kind == UopKind::Branch) CHECK(op.target == 0);
}

TEST_CASE("LISA RCU: f[sync] waits for a read-side critical section", "[lisa]") {
  const std::string text =
      "LISA RCU-MP\n{\n}\n"
      " P0                 | P1          ;\n"
      " f[rcu_read_lock]   | w[once] y 1 ;\n"
      " r[once] r1 x       | f[sync]     ;\n"
      " r[once] r2 y       | w[once] x 1 ;\n"
      " f[rcu_read_unlock] |             ;\n"
      "exists (0:r1=1 /\\ 0:r2=0)\n";
  const auto ran = test::run_text(text, "x86", 100);
  CHECK(ran.result.positive == 0);
  CHECK(ran.result.unfinished == 0);
  CHECK(ran.result.negative == 100);
}

TEST_CASE("LISA errors name the offending token", "[lisa]") {
  // Rows start on line 6; " r[foo] ..." puts the instruction at column 2.
  check_error(
      error_of(one_thread("", {"r[foo] r1 x"}, "exists (0:r1=0)")), "unsupported", 6, 4,
      "unsupported LISA tag 'r[foo]' (expected r[once], r[acquire], r[lderef] or r[deref])");
  check_error(error_of(one_thread("", {"w[once] x 1", "f[sync-rcu]", "f[lock]"}, "exists (x=1)")),
              "unsupported", 8, 4, "unsupported LISA tag 'f[lock]'");
  check_error(error_of(one_thread("", {"w[acquire] x 1"}, "exists (x=1)")), "unsupported", 6, 4,
              "'w[acquire]'");
  check_error(error_of(one_thread("", {"rmw[once] r1 x 1"}, "exists (x=1)")), "unsupported", 6, 2,
              "unsupported LISA instruction 'rmw'");
  check_error(error_of(one_thread("", {"mov r1 (shl r1 1)"}, "exists (x=1)")), "unsupported", 6,
              10,
              "unsupported LISA operation 'shl' (expected add, sub, mul, xor, and, or, eq, neq, lt, "
              "gt, le or ge)");
  check_error(error_of(one_thread("", {"mov r1 1", "b[] r1 NOWHERE", "w[once] x 1"},
                                  "exists (x=1)")),
              "parse", 7, 9, "undefined label 'NOWHERE'");
  check_error(error_of(one_thread("", {"L1:", "w[once] x 1", "L1: w[once] y 1"}, "exists (x=1)")),
              "parse", 8, 2, "duplicate label 'L1' (first defined at line 6, column 2");
  check_error(error_of(one_thread("", {"r[once] x r1"}, "exists (x=1)")), "parse", 6, 10,
              "expected a register (r0, r1, ...) to load into, found 'x'");
  check_error(error_of(one_thread("", {"w[once] x 1 2"}, "exists (x=1)")), "parse", 6, 14,
              "expected '|' or ';' after the instruction");
  check_error(error_of(one_thread("", {"w[once x 1"}, "exists (x=1)")), "parse", 6, 12,
              "expected ']' to close 'w['");
  check_error(error_of(one_thread("", {"b[x] r1 L", "L:"}, "exists (x=1)")), "unsupported", 6, 4,
              "'b[x]' (expected b[])");
  check_error(error_of(one_thread("", {"w[once] x @"}, "exists (x=1)")), "parse", 6, 12,
              "unexpected character '@' in a LISA instruction");
  // Unknown instruction words in other columns keep their own column.
  const BadInput e = error_of(
      "LISA t\n{\n}\n P0          | P1        ;\n w[once] x 1 | frob r1 x ;\nexists (x=1)\n");
  check_error(e, "unsupported", 5, 16, "unsupported LISA instruction 'frob'");
}

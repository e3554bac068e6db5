// The C litmus front end: concrete micro-op sequences for each construct, positions, and
// errors. Tests build ThreadSource/LitmusTest by hand so they do not depend on the structure
// parser.
#include <catch2/catch.hpp>

#include <random>
#include <string>

#include "models/x86/x86_fences.h"
#include "models/x86/x86_primitives.h"
#include "sim/scenario/c_frontend.h"

using namespace mmsim;

namespace {

// The body starts right after "P0(int *x, int *y) {" on line 10, column 21; statements then
// begin on line 11, column 2 (after a tab).
const SourcePos kBodyPos{"", 10, 21};

struct Thread {
  LitmusTest test;
  ThreadSource src;
  MemoryLayout layout;

  explicit Thread(std::string body,
                  std::vector<std::pair<std::string, std::string>> params = {{"int *", "x"},
                                                                             {"int *", "y"}}) {
    test.file = "t.litmus";
    test.arch = "C";
    src.tid = 0;
    src.body = std::move(body);
    src.body_pos = kBodyPos;
    for (auto& [type, name] : params) src.params.push_back(CParam{type, name, {}});
  }
  ThreadProgram lower(const PrimitiveTable& table = x86::primitives()) {
    ThreadProgram p = lower_c_thread(test, src, table, layout);
    // Invariants every program must satisfy.
    REQUIRE(!p.ops.empty());
    CHECK(p.ops.back().kind == UopKind::Halt);
    for (const auto& op : p.ops) {
      CHECK(op.src < p.positions.size());
      if (op.kind == UopKind::Branch) {
        CHECK(op.target >= 0);
        CHECK(op.target <= static_cast<std::int32_t>(p.ops.size()));
      }
    }
    for (const auto& pos : p.positions) CHECK(pos.file == "t.litmus");
    return p;
  }
  BadInput error(const PrimitiveTable& table = x86::primitives()) {
    try {
      lower_c_thread(test, src, table, layout);
    } catch (const BadInput& e) {
      return e;
    }
    FAIL("expected BadInput for: " << src.body);
    throw std::logic_error("unreachable");
  }
  Value addr(const std::string& loc) const {
    REQUIRE(layout.find(loc) != nullptr);
    return static_cast<Value>(layout.find(loc)->addr.raw());
  }
};

bool is_imm(const Src& s, Value v) { return !s.is_reg && s.imm == v; }
bool is_reg(const Src& s, Reg r) { return s.is_reg && s.reg == r; }
const SourcePos& pos_of(const ThreadProgram& p, std::size_t op) { return p.positions[p.ops[op].src]; }

void check_error(const BadInput& e, const std::string& kind, int line, int column,
                 const std::string& text) {
  CHECK(e.kind() == kind);
  CHECK(e.pos().file == "t.litmus");
  CHECK(e.pos().line == line);
  CHECK(e.pos().column == column);
  CHECK_THAT(e.what(), Catch::Contains(text));
}

}  // namespace

TEST_CASE("READ_ONCE loads the parameter's location into the named register", "[cfront]") {
  Thread t("\n\tr0 = READ_ONCE(*x);\n");
  const ThreadProgram p = t.lower();
  REQUIRE(p.ops.size() == 2);
  const MicroOp& ld = p.ops[0];
  CHECK(ld.kind == UopKind::Load);
  CHECK(ld.flags == 0);
  CHECK(ld.dst == p.find_reg("r0"));
  CHECK(ld.addr_base == kNoReg);
  CHECK(ld.addr_disp == t.addr("x"));
  CHECK(pos_of(p, 0).line == 11);
  CHECK(pos_of(p, 0).column == 7);  // the call
  CHECK(pos_of(p, 1).line == 12);   // Halt: the closing brace
  // Undeclared r0 is declared by its assignment (herd7 accepts this).
  const RegInfo& r0 = p.regs[p.find_reg("r0")];
  CHECK(r0.user_visible);
  CHECK_FALSE(r0.is_pointer);
  CHECK(r0.init == 0);
  CHECK(p.tid == 0);
}

TEST_CASE("stores, acquire/release and fences follow the primitive table", "[cfront]") {
  Thread t("\n\tint r1;\n\tWRITE_ONCE(*x, 2);\n\tsmp_store_release(y, 1);\n\tsmp_mb();\n"
           "\tbarrier();\n\tr1 = smp_load_acquire(x);\n\tWRITE_ONCE(*y, r1);\n");
  const ThreadProgram p = t.lower();
  REQUIRE(p.ops.size() == 6);  // barrier() has an empty template on x86
  CHECK(p.ops[0].kind == UopKind::Store);
  CHECK(p.ops[0].flags == 0);
  CHECK(p.ops[0].addr_disp == t.addr("x"));
  CHECK(is_imm(p.ops[0].a, 2));
  CHECK(p.ops[1].kind == UopKind::Store);
  CHECK(p.ops[1].flags == kRelease);
  CHECK(p.ops[1].addr_disp == t.addr("y"));
  CHECK(is_imm(p.ops[1].a, 1));
  CHECK(p.ops[2].kind == UopKind::Fence);
  CHECK(p.ops[2].fence == x86::kMfence);
  CHECK(p.ops[3].kind == UopKind::Load);
  CHECK(p.ops[3].flags == kAcquire);
  CHECK(p.ops[3].dst == p.find_reg("r1"));
  CHECK(p.ops[4].kind == UopKind::Store);
  CHECK(is_reg(p.ops[4].a, p.find_reg("r1")));
  CHECK(p.ops[5].kind == UopKind::Halt);
}

TEST_CASE("a load through a pointer register is an address dependency", "[cfront]") {
  Thread t("\n\tint *r0;\n\tint r1;\n\tr0 = rcu_dereference(*p);\n\tr1 = READ_ONCE(*r0);\n"
           "\trcu_assign_pointer(*p, x);\n",
           {{"int **", "p"}, {"int *", "x"}});
  const ThreadProgram p = t.lower();
  REQUIRE(p.ops.size() == 4);
  const Reg r0 = p.find_reg("r0");
  CHECK(p.regs[r0].is_pointer);
  CHECK(t.layout.find("p")->is_pointer);
  CHECK_FALSE(t.layout.find("x")->is_pointer);
  CHECK(p.ops[0].kind == UopKind::Load);
  CHECK(p.ops[0].dst == r0);
  CHECK(p.ops[0].addr_disp == t.addr("p"));
  CHECK(p.ops[1].kind == UopKind::Load);
  CHECK(p.ops[1].addr_base == r0);
  CHECK(p.ops[1].addr_disp == 0);
  CHECK(p.ops[1].dst == p.find_reg("r1"));
  CHECK(p.ops[2].kind == UopKind::Store);
  CHECK(p.ops[2].flags == kRelease);
  CHECK(p.ops[2].addr_disp == t.addr("p"));
  CHECK(is_imm(p.ops[2].a, t.addr("x")));  // a parameter used as a value is its address
}

TEST_CASE("pointer arithmetic, casts and plain accesses", "[cfront]") {
  Thread t("\n\tint r1; int r9; int *r2;\n\tr1 = (int)rcu_dereference(*(char **)x);\n"
           "\tr9 = (r1 & 4);\n\tr2 = (y + r9);\n\trcu_assign_pointer(*(char **)r2, (char *)1);\n"
           "\tWRITE_ONCE(*(y + r9), 3);\n\t*x = 5;\n\tr1 = *y;\n");
  const ThreadProgram p = t.lower();
  REQUIRE(p.ops.size() == 8);
  const Reg r1 = p.find_reg("r1"), r9 = p.find_reg("r9"), r2 = p.find_reg("r2");
  CHECK(p.ops[0].kind == UopKind::Load);
  CHECK(p.ops[0].addr_disp == t.addr("x"));
  CHECK(p.ops[1].kind == UopKind::Alu);
  CHECK(p.ops[1].alu == AluOp::And);
  CHECK(p.ops[1].dst == r9);
  CHECK(is_reg(p.ops[1].a, r1));
  CHECK(is_imm(p.ops[1].b, 4));
  CHECK(p.ops[2].alu == AluOp::Add);
  CHECK(p.ops[2].dst == r2);
  CHECK(is_imm(p.ops[2].a, t.addr("y")));
  CHECK(p.ops[3].kind == UopKind::Store);
  CHECK(p.ops[3].addr_base == r2);
  CHECK(is_imm(p.ops[3].a, 1));
  // `y + r9` as an address: base register plus the location as displacement, no extra uop.
  CHECK(p.ops[4].kind == UopKind::Store);
  CHECK(p.ops[4].addr_base == r9);
  CHECK(p.ops[4].addr_disp == t.addr("y"));
  CHECK(p.ops[5].kind == UopKind::Store);
  CHECK(p.ops[5].flags == 0);
  CHECK(p.ops[5].addr_disp == t.addr("x"));
  CHECK(p.ops[6].kind == UopKind::Load);
  CHECK(p.ops[6].flags == 0);
  CHECK(p.ops[6].dst == r1);
}

TEST_CASE("expressions: calls inside, temporaries, folding, logic", "[cfront]") {
  Thread t("\n\tr0 = READ_ONCE(*x) + 1;\n\tr1 = 2 * 3 + (1 << 4);\n\tr2 = r0 && r1;\n"
           "\tr3 = -r2;\n");
  const ThreadProgram p = t.lower();
  REQUIRE(p.ops.size() == 8);
  const Reg r0 = p.find_reg("r0"), r1 = p.find_reg("r1"), r2 = p.find_reg("r2");
  CHECK(p.ops[0].kind == UopKind::Load);
  const Reg tmp = p.ops[0].dst;
  CHECK_FALSE(p.regs[tmp].user_visible);
  CHECK(p.regs[tmp].name.rfind("%t", 0) == 0);
  CHECK(p.ops[1].alu == AluOp::Add);
  CHECK(p.ops[1].dst == r0);
  CHECK(is_reg(p.ops[1].a, tmp));
  CHECK(is_imm(p.ops[1].b, 1));
  CHECK(p.ops[2].alu == AluOp::Mov);  // folded constant
  CHECK(p.ops[2].dst == r1);
  CHECK(is_imm(p.ops[2].a, 22));
  CHECK(p.ops[3].alu == AluOp::Ne);
  CHECK(is_reg(p.ops[3].a, r0));
  CHECK(p.ops[4].alu == AluOp::Ne);
  CHECK(is_reg(p.ops[4].a, r1));
  CHECK(p.ops[5].alu == AluOp::And);
  CHECK(p.ops[5].dst == r2);
  CHECK(p.ops[6].alu == AluOp::Neg);
  CHECK(is_reg(p.ops[6].a, r2));
  CHECK(p.find_reg("%t0") == kNoReg);  // temporaries are not user-visible names
}

TEST_CASE("if/else branches to the else part and over it", "[cfront]") {
  Thread t("\n\tint r0 = READ_ONCE(*x);\n\tif (r0) {\n\t\tWRITE_ONCE(*y, 1);\n\t} else {\n"
           "\t\tWRITE_ONCE(*y, 2);\n\t}\n\tif (r0 == 1)\n\t\tsmp_mb();\n");
  const ThreadProgram p = t.lower();
  REQUIRE(p.ops.size() == 9);
  const Reg r0 = p.find_reg("r0");
  CHECK(p.ops[0].dst == r0);
  CHECK(p.ops[1].kind == UopKind::Branch);
  CHECK(p.ops[1].flags == kBranchIfZero);
  CHECK(is_reg(p.ops[1].a, r0));
  CHECK(p.ops[1].target == 4);
  CHECK(is_imm(p.ops[2].a, 1));
  CHECK(p.ops[3].kind == UopKind::Branch);
  CHECK(p.ops[3].flags == 0);
  CHECK(is_imm(p.ops[3].a, 1));
  CHECK(p.ops[3].target == 5);
  CHECK(is_imm(p.ops[4].a, 2));
  CHECK(p.ops[5].alu == AluOp::Eq);
  CHECK(p.ops[6].kind == UopKind::Branch);
  CHECK(is_reg(p.ops[6].a, p.ops[5].dst));
  CHECK(p.ops[6].target == 8);
  CHECK(p.ops[7].kind == UopKind::Fence);
  CHECK(pos_of(p, 1).line == 12);  // the `if`
  CHECK(pos_of(p, 1).column == 2);
}

TEST_CASE("loops branch backwards; break and continue", "[cfront]") {
  SECTION("while") {
    Thread t("\n\tint r0 = 0;\n\twhile (r0 < 3)\n\t\tr0++;\n");
    const ThreadProgram p = t.lower();
    REQUIRE(p.ops.size() == 6);
    const Reg r0 = p.find_reg("r0");
    CHECK(p.ops[0].alu == AluOp::Mov);
    CHECK(p.ops[1].alu == AluOp::Lt);
    CHECK(p.ops[2].kind == UopKind::Branch);
    CHECK(p.ops[2].flags == kBranchIfZero);
    CHECK(p.ops[2].target == 5);
    CHECK(p.ops[3].alu == AluOp::Add);
    CHECK(p.ops[3].dst == r0);
    CHECK(is_reg(p.ops[3].a, r0));
    CHECK(is_imm(p.ops[3].b, 1));
    CHECK(p.ops[4].kind == UopKind::Branch);
    CHECK(is_imm(p.ops[4].a, 1));
    CHECK(p.ops[4].target == 1);
  }
  SECTION("spin until a flag is set, with a constant-true loop and break") {
    Thread t("\n\twhile (1) {\n\t\tif (READ_ONCE(*x))\n\t\t\tbreak;\n\t}\n");
    const ThreadProgram p = t.lower();
    REQUIRE(p.ops.size() == 5);
    CHECK(p.ops[0].kind == UopKind::Load);
    CHECK(p.ops[1].flags == kBranchIfZero);
    CHECK(p.ops[1].target == 3);
    CHECK(p.ops[2].target == 4);  // break → after the loop
    CHECK(p.ops[3].target == 0);  // back edge
  }
  SECTION("do-while and for with continue") {
    Thread t("\n\tdo { r0 = READ_ONCE(*x); } while (r0 == 0);\n"
             "\tfor (int i = 0; i < 2; i += 1) { if (i) continue; WRITE_ONCE(*y, i); }\n");
    const ThreadProgram p = t.lower();
    REQUIRE(p.ops.size() == 12);
    CHECK(p.ops[0].kind == UopKind::Load);
    CHECK(p.ops[1].alu == AluOp::Eq);
    CHECK(p.ops[2].kind == UopKind::Branch);
    CHECK(p.ops[2].flags == 0);
    CHECK(p.ops[2].target == 0);
    const Reg i = p.find_reg("i");
    CHECK(p.ops[3].dst == i);         // i = 0
    CHECK(p.ops[4].alu == AluOp::Lt);  // top
    CHECK(p.ops[5].target == 11);      // exit
    CHECK(p.ops[6].flags == kBranchIfZero);
    CHECK(p.ops[6].target == 8);
    CHECK(p.ops[7].target == 9);       // continue → step
    CHECK(p.ops[8].kind == UopKind::Store);
    CHECK(p.ops[9].alu == AluOp::Add);  // step
    CHECK(p.ops[10].target == 4);
  }
}

TEST_CASE("atomic read-modify-writes bind their arguments by shape", "[cfront]") {
  Thread t("\n\tr0 = xchg(x, 5);\n\tatomic_add(2, y);\n\tr1 = cmpxchg(x, 1, 2);\n"
           "\tr2 = atomic_fetch_add(3, y);\n");
  const ThreadProgram p = t.lower();
  REQUIRE(p.ops.size() == 5);
  for (int k = 0; k < 4; ++k) {
    CHECK(p.ops[k].kind == UopKind::Rmw);
    CHECK(p.ops[k].flags == kLocked);
  }
  CHECK(p.ops[0].rmw == RmwOp::Xchg);
  CHECK(p.ops[0].dst == p.find_reg("r0"));
  CHECK(p.ops[0].addr_disp == t.addr("x"));
  CHECK(is_imm(p.ops[0].a, 5));
  CHECK(p.ops[1].rmw == RmwOp::FetchAdd);
  CHECK(p.ops[1].addr_disp == t.addr("y"));
  CHECK(is_imm(p.ops[1].a, 2));
  CHECK_FALSE(p.regs[p.ops[1].dst].user_visible);  // result unused: a temporary
  CHECK(p.ops[2].rmw == RmwOp::CmpXchg);
  CHECK(is_imm(p.ops[2].a, 1));
  CHECK(is_imm(p.ops[2].b, 2));
  CHECK(p.ops[3].addr_disp == t.addr("y"));
  CHECK(is_imm(p.ops[3].a, 3));
}

TEST_CASE("template micro-ops are emitted in order around the memory one", "[cfront]") {
  PrimitiveTable table;
  Primitive acq;
  acq.name = "load_acq";
  acq.shape = PrimShape::Load;
  acq.uops = {{UopKind::Fence, RmwOp::Xchg, 7, 0},
              {UopKind::Load, RmwOp::Xchg, 0, kAcquirePC},
              {UopKind::Fence, RmwOp::Xchg, 8, 0}};
  table.push_back(acq);
  Thread t("\n\tint r0 = load_acq(x);\n");
  const ThreadProgram p = t.lower(table);
  REQUIRE(p.ops.size() == 4);
  CHECK(p.ops[0].fence == 7);
  CHECK(p.ops[1].kind == UopKind::Load);
  CHECK(p.ops[1].flags == kAcquirePC);
  CHECK(p.ops[1].dst == p.find_reg("r0"));
  CHECK(p.ops[1].addr_disp == t.addr("x"));
  CHECK(p.ops[2].fence == 8);

  // A non-returning RMW is written atomic_op(i, v) even if the table leaves order default.
  Primitive inc;
  inc.name = "atomic_or";
  inc.shape = PrimShape::RmwNoRet;
  inc.uops = {{UopKind::Rmw, RmwOp::FetchOr, 0, 0}};
  table.push_back(inc);
  Thread u("\n\tatomic_or(0x10UL, x);\n");
  const ThreadProgram q = u.lower(table);
  REQUIRE(q.ops.size() == 2);
  CHECK(q.ops[0].rmw == RmwOp::FetchOr);
  CHECK(q.ops[0].addr_disp == u.addr("x"));
  CHECK(is_imm(q.ops[0].a, 16));
}

TEST_CASE("comments and blank lines keep positions absolute", "[cfront]") {
  Thread t("\n\t/* a comment\n\t   over two lines */ smp_mb(); // trailing\n\n"
           "\t\tWRITE_ONCE(*y, 0xff);\n");
  const ThreadProgram p = t.lower();
  REQUIRE(p.ops.size() == 3);
  CHECK(pos_of(p, 0).line == 12);
  CHECK(pos_of(p, 0).column == 23);
  CHECK(pos_of(p, 1).line == 14);
  CHECK(pos_of(p, 1).column == 3);
  CHECK(is_imm(p.ops[1].a, 255));
  Thread u("\n\t/* never closed\n");
  const BadInput e = u.error();
  CHECK(e.pos().line == 11);
  CHECK(e.pos().column == 2);
  CHECK_THAT(e.what(), Catch::Contains("unterminated /* comment"));
}

TEST_CASE("registers: declarations, init block values", "[cfront]") {
  Thread t("\n\tint r0, *r1;\n\tunsigned long r2 = 7;\n\tintptr_t r3;\n\tr4 = READ_ONCE(*r5);\n");
  InitItem init;
  init.tid = 0;
  init.name = "r5";
  init.has_value = true;
  init.value_is_loc = true;
  init.value_loc = "b";
  t.test.init.push_back(init);
  InitItem other = init;
  other.tid = 1;
  other.name = "r9";
  t.test.init.push_back(other);
  const ThreadProgram p = t.lower();
  for (const char* n : {"r0", "r1", "r2", "r3", "r4", "r5"}) CHECK(p.find_reg(n) != kNoReg);
  CHECK(p.find_reg("r9") == kNoReg);  // another thread's register
  CHECK(p.regs[p.find_reg("r1")].is_pointer);
  CHECK_FALSE(p.regs[p.find_reg("r0")].is_pointer);
  const RegInfo& r5 = p.regs[p.find_reg("r5")];
  CHECK(r5.init == t.addr("b"));
  CHECK(r5.is_pointer);
  REQUIRE(p.ops.size() == 3);
  CHECK(p.ops[0].dst == p.find_reg("r2"));
  CHECK(is_imm(p.ops[0].a, 7));
  CHECK(p.ops[1].addr_base == p.find_reg("r5"));
}

TEST_CASE("errors carry the offending token's position", "[cfront]") {
  SECTION("unknown primitive") {
    Thread t("\n\tspin_lock_irqsave(l, f);\n", {{"spinlock_t *", "l"}});
    check_error(t.error(), "unsupported", 11, 2, "unsupported primitive spin_lock_irqsave");
  }
  SECTION("primitive missing from this table") {
    Thread t("\n\trcu_read_lock();\n");
    check_error(t.error(), "unsupported", 11, 2, "unsupported primitive rcu_read_lock");
  }
  SECTION("missing ';'") {
    Thread t("\n\tWRITE_ONCE(*x, 1)\n\tr0 = 1;\n");
    check_error(t.error(), "parse", 12, 2, "expected ';' after statement");
  }
  SECTION("unbalanced parentheses in a call") {
    Thread t("\n\tr0 = READ_ONCE(*x;\n");
    check_error(t.error(), "parse", 11, 19, "expected ')' to close call of READ_ONCE");
  }
  SECTION("unbalanced parentheses in an expression") {
    Thread t("\n\tr0 = (1 + (2);\n");
    check_error(t.error(), "parse", 11, 15, "expected ')' to match '(' at 11:7");
  }
  SECTION("missing '}'") {
    Thread t("\n\tif (1) {\n\t\tr0 = 1;\n");
    check_error(t.error(), "parse", 13, 1, "expected '}' to close the block opened at 11:9");
  }
  SECTION("stray '}'") {
    Thread t("\n\tr0 = 1; }\n");
    check_error(t.error(), "parse", 11, 10, "unexpected '}'");
  }
  SECTION("undeclared identifier") {
    Thread t("\n\tint r0;\n\tr0 = foo + 1;\n");
    check_error(t.error(), "parse", 12, 7, "undeclared identifier 'foo'");
  }
  SECTION("auto-declared register read before its first assignment") {
    Thread t("\n\tr1 = r1 + 1;\n");
    check_error(t.error(), "parse", 11, 7, "undeclared identifier 'r1'");
  }
  SECTION("wrong argument count and value-less primitive") {
    Thread t("\n\tr0 = READ_ONCE(*x, 1);\n");
    check_error(t.error(), "parse", 11, 7, "READ_ONCE takes 1 argument, found 2");
    Thread u("\n\tr0 = WRITE_ONCE(*x, 1);\n");
    check_error(u.error(), "parse", 11, 7, "WRITE_ONCE does not return a value");
  }
  SECTION("bad characters, break outside a loop, assignment to a parameter") {
    Thread t("\n\tr0 = 1 @ 2;\n");
    check_error(t.error(), "parse", 11, 9, "unexpected character '@'");
    Thread u("\n\tbreak;\n");
    check_error(u.error(), "parse", 11, 2, "'break' outside a loop");
    Thread v("\n\tx = 1;\n");
    check_error(v.error(), "unsupported", 11, 2, "cannot assign to parameter 'x'");
  }
}

TEST_CASE("excessive nesting is rejected, not overflowed", "[cfront]") {
  auto deep = [](const std::string& body, const char* text) {
    Thread t(body);
    const BadInput e = t.error();
    CHECK(e.kind() == "parse");
    CHECK(e.pos().line == 11);
    CHECK(e.pos().column > 1);
    CHECK_THAT(e.what(), Catch::Contains(text));
  };
  deep("\n\tr0 = " + std::string(5000, '(') + "1" + std::string(5000, ')') + ";\n",
       "nesting too deep");
  std::string chain = "\n\tr0 = 1";
  for (int i = 0; i < 20000; ++i) chain += " + 1";
  deep(chain + ";\n", "expression nested too deeply");
  deep("\n" + std::string(3000, '{') + std::string(3000, '}'), "nesting too deep");
  std::string ifs = "\n";
  for (int i = 0; i < 1000; ++i) ifs += "if (1) ";
  deep(ifs + "r0 = 1;\n", "nesting too deep");
  deep("\n\tr0 = " + std::string(3000, '-') + "1;\n", "nesting too deep");
  deep("\n\tr0 = " + std::string(3000, '*') + "x;\n", "nesting too deep");
  // 50 levels is well within the limit.
  Thread ok("\n\tr0 = " + std::string(50, '(') + "1" + std::string(50, ')') + ";\n");
  CHECK(ok.lower().ops.size() == 2);
}

TEST_CASE("arbitrary input gives a program or BadInput, nothing else", "[cfront]") {
  const std::string valid =
      "\n\tint r0; int *r1 = x;\n\tr0 = READ_ONCE(*x) + (1 << 2);\n\tif (r0 == 1) {\n"
      "\t\tsmp_store_release(y, r0);\n\t} else { r1 = READ_ONCE(*r1); }\n"
      "\twhile (r0 < 3) { r0++; if (r0 > 9) break; }\n\t/* c */ smp_mb(); // end\n";
  auto survives = [](const std::string& body) {
    Thread t(body);
    try {
      lower_c_thread(t.test, t.src, x86::primitives(), t.layout);
    } catch (const BadInput&) {
    }
  };
  for (std::size_t n = 0; n <= valid.size(); ++n) REQUIRE_NOTHROW(survives(valid.substr(0, n)));
  std::mt19937 rng(12345);
  const std::string alphabet = "rxy01(){};,*+-=!<>&|/ \n\tiwfe#\"'\\";
  for (int trial = 0; trial < 500; ++trial) {
    std::string body = valid;
    for (int k = 0; k < 4; ++k)
      body[rng() % body.size()] = alphabet[rng() % alphabet.size()];
    REQUIRE_NOTHROW(survives(body));
  }
}

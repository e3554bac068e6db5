// Arm64Isa: herdtools7 AArch64 thread cells → micro-ops.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "models/arm64/arm64_fences.h"
#include "models/arm64/arm64_isa.h"
#include "sim/cpu/uop_semantics.h"
#include "sim/scenario/litmus_parser.h"

using namespace mmsim;
using mmsim::arm64::Arm64Isa;

namespace {

constexpr int kLine = 12;  // row i of a test thread sits on line kLine + i, its cell at column 5
constexpr int kCol = 5;

ThreadSource column(const std::vector<std::string>& rows, int tid = 0) {
  ThreadSource t;
  t.tid = tid;
  t.pos = SourcePos{"t.litmus", kLine - 1, kCol};
  for (std::size_t i = 0; i < rows.size(); ++i)
    t.rows.push_back({SourcePos{"t.litmus", kLine + static_cast<int>(i), kCol}, rows[i]});
  return t;
}

ThreadProgram lower(const std::vector<std::string>& rows, MemoryLayout& layout,
                    const LitmusTest& test = LitmusTest{}, int tid = 0) {
  return Arm64Isa().parse_thread(test, column(rows, tid), layout);
}

// A test whose thread 0 has `reg` holding the address of `loc` for each pair.
LitmusTest with_pointers(const std::vector<std::pair<std::string, std::string>>& regs) {
  LitmusTest t;
  for (const auto& [reg, loc] : regs) {
    InitItem i;
    i.tid = 0, i.name = reg, i.has_value = true, i.value_is_loc = true, i.value_loc = loc;
    t.init.push_back(i);
  }
  return t;
}
const LitmusTest kX1x = with_pointers({{"X1", "x"}});

Value addr(const MemoryLayout& l, const std::string& name) {
  const LocationInfo* i = l.find(name);
  REQUIRE(i != nullptr);
  return static_cast<Value>(i->addr.raw());
}

// Lowering `rows` fails with `kind` at row `row`, cell offset `offset`, and a message
// containing `text`.
void require_error(const std::vector<std::string>& rows, const std::string& kind, int row,
                   int offset, const std::string& text, const LitmusTest& test = LitmusTest{}) {
  MemoryLayout layout;
  try {
    lower(rows, layout, test);
    FAIL("no error for: " << rows.back());
  } catch (const BadInput& e) {
    INFO(rows.back() << " -> " << e.located());
    CHECK(e.kind() == kind);
    CHECK(e.pos().file == "t.litmus");
    CHECK(e.pos().line == kLine + row);
    CHECK(e.pos().column == kCol + offset);
    CHECK(std::string(e.what()).find(text) != std::string::npos);
  }
}

// A sequential reference interpreter for the IR (one thread, no reordering, exclusives
// always succeed), to check what multi-uop lowerings compute.
struct SeqState {
  std::vector<Value> regs;
  std::map<Value, Value> mem;
  Value reg(const ThreadProgram& p, const std::string& n) const {
    const Reg r = p.find_reg(n);
    REQUIRE(r != kNoReg);
    return regs[r];
  }
};

SeqState run_seq(const ThreadProgram& p, std::map<Value, Value> mem = {}, bool must_halt = true) {
  SeqState s;
  s.mem = std::move(mem);
  for (const auto& r : p.regs) s.regs.push_back(r.init);
  auto val = [&s](const Src& x) { return x.is_reg ? s.regs.at(x.reg) : x.imm; };
  auto set = [&s](Reg r, Value v) {
    if (r != kNoReg) s.regs.at(r) = v;
  };
  std::size_t pc = 0;
  for (int steps = 0; steps < 10000; ++steps) {
    REQUIRE(pc < p.ops.size());
    const MicroOp& u = p.ops[pc];
    const Value ea = alu(AluOp::Add, u.addr_base != kNoReg ? s.regs.at(u.addr_base) : 0, u.addr_disp);
    ++pc;
    switch (u.kind) {
      case UopKind::Halt: return s;
      case UopKind::Nop: case UopKind::Fence: break;
      case UopKind::Syscall: case UopKind::KCall: FAIL("arm64 asm never emits kernel uops"); break;
      case UopKind::Alu: set(u.dst, alu(u.alu, val(u.a), val(u.b), val(u.c))); break;
      case UopKind::Load: set(u.dst, s.mem[ea]); break;
      case UopKind::Store: s.mem[ea] = val(u.a); break;
      case UopKind::StoreCond: s.mem[ea] = val(u.a); set(u.dst, 0); break;
      case UopKind::Rmw: {
        const Value old = s.mem[ea];
        s.mem[ea] = rmw_new(u.rmw, old, val(u.a), val(u.b));
        set(u.dst, old);
        break;
      }
      case UopKind::Branch: {
        const Value c = val(u.a);
        if ((u.flags & kBranchIfZero) ? c == 0 : c != 0) {
          REQUIRE(u.target >= 0);
          pc = static_cast<std::size_t>(u.target);
        }
        break;
      }
    }
  }
  if (must_halt) FAIL("program did not halt");
  return s;
}

// Every register a uop reads, for dependency checks.
std::vector<Reg> reads(const MicroOp& u) {
  std::vector<Reg> r;
  for (const Src* s : {&u.a, &u.b, &u.c})
    if (s->is_reg) r.push_back(s->reg);
  if (u.addr_base != kNoReg) r.push_back(u.addr_base);
  return r;
}
bool reads_reg(const MicroOp& u, Reg r) {
  const auto v = reads(u);
  return std::find(v.begin(), v.end(), r) != v.end();
}

void check_well_formed(const ThreadProgram& p) {
  REQUIRE_FALSE(p.ops.empty());
  REQUIRE(p.ops.back().kind == UopKind::Halt);
  for (const auto& u : p.ops) {
    REQUIRE(u.src < p.positions.size());
    if (u.kind == UopKind::Branch) {
      REQUIRE(u.target >= 0);
      REQUIRE(static_cast<std::size_t>(u.target) < p.ops.size());
    }
    for (Reg r : reads(u)) REQUIRE(r < p.regs.size());
    REQUIRE((u.dst == kNoReg || u.dst < p.regs.size()));
    CHECK((u.flags & kLocked) == 0);
  }
}

}  // namespace

TEST_CASE("W and X name one register, printed X<n>", "[arm64isa]") {
  MemoryLayout l;
  const auto p = lower({"MOV W0,#1", "STR W0,[X1]", "LDR X0,[X1]", "MOV x2,w0"}, l, kX1x);
  REQUIRE(p.ops.size() == 5);
  const Reg x0 = p.find_reg("X0"), x1 = p.find_reg("X1"), x2 = p.find_reg("X2");
  REQUIRE(x0 != kNoReg);
  REQUIRE(x1 != kNoReg);
  REQUIRE(x2 != kNoReg);
  CHECK(p.find_reg("W0") == kNoReg);
  CHECK(p.regs.size() == 3);
  CHECK(p.ops[0].kind == UopKind::Alu);
  CHECK(p.ops[0].alu == AluOp::Mov);
  CHECK(p.ops[0].dst == x0);
  CHECK(p.ops[0].a.imm == 1);
  CHECK(p.ops[1].kind == UopKind::Store);
  CHECK(p.ops[1].a.reg == x0);
  CHECK(p.ops[1].addr_base == x1);
  CHECK(p.ops[1].addr_disp == 0);
  CHECK(p.ops[1].flags == 0);
  CHECK(p.ops[2].kind == UopKind::Load);
  CHECK(p.ops[2].dst == x0);
  CHECK(p.ops[2].flags == 0);
  CHECK(p.ops[3].dst == x2);
  CHECK(p.ops[3].a.reg == x0);
  CHECK(p.regs[x1].init == addr(l, "x"));
  CHECK(p.regs[x1].is_pointer);
  for (std::size_t i = 0; i < 4; ++i) CHECK(p.ops[i].src == i);

  const Arm64Isa isa;
  CHECK(isa.canonical_reg("W0") == "X0");
  CHECK(isa.canonical_reg("X0") == "X0");
  CHECK(isa.canonical_reg("w30") == "X30");
  CHECK(isa.canonical_reg("X30") == "X30");
  for (const char* bad : {"X31", "W31", "XZR", "WZR", "SP", "WSP", "X01", "R0", "x", "", "X", "X100"})
    CHECK(isa.canonical_reg(bad) == "");
}

TEST_CASE("register initialisers: locations are interned, values kept", "[arm64isa]") {
  LitmusTest t = with_pointers({{"X1", "x"}, {"W3", "y"}});
  InitItem v;
  v.tid = 0, v.name = "X5", v.has_value = true, v.value = 7;
  InitItem other;
  other.tid = 1, other.name = "X1", other.has_value = true, other.value_is_loc = true,
  other.value_loc = "z";
  t.init.push_back(v);
  t.init.push_back(other);
  MemoryLayout l;
  const auto p = lower({"LDR W0,[X3]"}, l, t);
  CHECK(p.regs[p.find_reg("X1")].init == addr(l, "x"));
  CHECK(p.regs[p.find_reg("X3")].init == addr(l, "y"));
  CHECK(p.regs[p.find_reg("X5")].init == 7);
  CHECK_FALSE(p.regs[p.find_reg("X5")].is_pointer);
  CHECK(l.find("z") == nullptr);  // thread 1's
  CHECK(p.ops[0].addr_base == p.find_reg("X3"));
  const auto q = lower({"LDR W0,[X1]"}, l, t, 1);
  CHECK(q.regs[q.find_reg("X1")].init == addr(l, "z"));
}

TEST_CASE("WZR and XZR read as zero and discard writes", "[arm64isa]") {
  MemoryLayout l;
  const auto p = lower({"STR WZR,[X1]", "LDR XZR,[X1]", "MOV WZR,#3", "ADD W2,WZR,#1",
                        "EOR W3,W2,XZR"},
                       l, kX1x);
  REQUIRE(p.ops.size() == 6);
  CHECK(p.ops[0].kind == UopKind::Store);
  CHECK_FALSE(p.ops[0].a.is_reg);
  CHECK(p.ops[0].a.imm == 0);
  CHECK(p.ops[1].kind == UopKind::Load);
  CHECK(p.ops[1].dst == kNoReg);
  CHECK(p.ops[2].dst == kNoReg);
  CHECK_FALSE(p.ops[3].a.is_reg);
  CHECK(p.ops[3].a.imm == 0);
  CHECK(p.ops[4].a.reg == p.find_reg("X2"));
  CHECK_FALSE(p.ops[4].b.is_reg);
  for (const auto& r : p.regs) CHECK(r.name != "XZR");
  CHECK(p.regs.size() == 3);  // X1, X2, X3
}

TEST_CASE("address forms; an index register is a real address dependency", "[arm64isa]") {
  MemoryLayout l;
  // MP+dmb.sy+addr's P1.
  const LitmusTest t = with_pointers({{"X0", "y"}, {"X4", "x"}});
  const auto p = lower({"LDR W1,[X0]", "EOR W2,W1,W1", "LDR W3,[X4,W2,SXTW]"}, l, t);
  REQUIRE(p.ops.size() == 5);
  const Reg x1 = p.find_reg("X1"), x2 = p.find_reg("X2"), x3 = p.find_reg("X3"),
            x4 = p.find_reg("X4");
  CHECK(p.ops[1].kind == UopKind::Alu);
  CHECK(p.ops[1].alu == AluOp::Xor);
  CHECK(p.ops[1].dst == x2);
  CHECK(p.ops[1].a.reg == x1);  // not folded to 0
  CHECK(p.ops[1].b.reg == x1);
  CHECK(p.ops[2].kind == UopKind::Alu);
  CHECK(p.ops[2].alu == AluOp::Add);
  const Reg tmp = p.ops[2].dst;
  CHECK_FALSE(p.regs[tmp].user_visible);
  CHECK(reads_reg(p.ops[2], x4));
  CHECK(reads_reg(p.ops[2], x2));
  CHECK(p.ops[3].kind == UopKind::Load);
  CHECK(p.ops[3].dst == x3);
  CHECK(p.ops[3].addr_base == tmp);
  CHECK(p.ops[3].addr_disp == 0);
  CHECK(p.ops[2].src == 2);
  CHECK(p.ops[3].src == 2);
  const auto s = run_seq(p, {{addr(l, "y"), 1}, {addr(l, "x"), 5}});
  CHECK(s.reg(p, "X3") == 5);

  // [Xn,#imm], [Xn,Xm], [Xn,Xm,LSL #k], [Xn,Wm,UXTW #k], pre- and post-index.
  const LitmusTest u = with_pointers({{"X1", "x"}});
  const auto q = lower({"LDR W0,[X1,#0]", "STR W0,[X1,X2]", "LDR W0,[X1,X2,LSL #3]",
                        "LDR W0,[X1,W2,UXTW #2]", "LDR W0,[X1,#8]!", "STR W0,[X1],#-8",
                        "LDRB W5,[X1]", "STRH W5,[X1,#4]", "LDUR W6,[X1,#-4]"},
                       l, u);
  const Reg qx1 = q.find_reg("X1"), qx2 = q.find_reg("X2");
  std::size_t i = 0;
  CHECK(q.ops[i].addr_base == qx1);
  CHECK(q.ops[i++].addr_disp == 0);
  CHECK(q.ops[i].alu == AluOp::Add);  // X1+X2
  CHECK(reads_reg(q.ops[i], qx1));
  CHECK(reads_reg(q.ops[i], qx2));
  CHECK(q.ops[i + 1].kind == UopKind::Store);
  CHECK(q.ops[i + 1].addr_base == q.ops[i].dst);
  i += 2;
  CHECK(q.ops[i].alu == AluOp::Shl);  // X2<<3
  CHECK(q.ops[i].a.reg == qx2);
  CHECK(q.ops[i].b.imm == 3);
  CHECK(q.ops[i + 1].alu == AluOp::Add);
  CHECK(reads_reg(q.ops[i + 1], q.ops[i].dst));
  CHECK(reads_reg(q.ops[i + 1], qx1));
  CHECK(q.ops[i + 2].addr_base == q.ops[i + 1].dst);
  i += 3;
  CHECK(q.ops[i].alu == AluOp::Shl);
  CHECK(q.ops[i].b.imm == 2);
  i += 3;
  CHECK(q.ops[i].alu == AluOp::Add);  // pre-index: X1 += 8 first
  CHECK(q.ops[i].dst == qx1);
  CHECK(q.ops[i].b.imm == 8);
  CHECK(q.ops[i + 1].kind == UopKind::Load);
  CHECK(q.ops[i + 1].addr_base == qx1);
  CHECK(q.ops[i + 1].addr_disp == 0);
  i += 2;
  CHECK(q.ops[i].kind == UopKind::Store);  // post-index: store at X1, then X1 -= 8
  CHECK(q.ops[i].addr_base == qx1);
  CHECK(q.ops[i].addr_disp == 0);
  CHECK(q.ops[i + 1].dst == qx1);
  CHECK(q.ops[i + 1].b.imm == -8);
  i += 2;
  CHECK(q.ops[i++].kind == UopKind::Load);
  CHECK(q.ops[i].kind == UopKind::Store);
  CHECK(q.ops[i++].addr_disp == 4);
  CHECK(q.ops[i].kind == UopKind::Load);
  CHECK(q.ops[i++].addr_disp == -4);
  CHECK(q.ops[i].kind == UopKind::Halt);
}

TEST_CASE("data dependencies stay register dependencies (LB+datas)", "[arm64isa]") {
  MemoryLayout l;
  const LitmusTest t = with_pointers({{"X0", "x"}, {"X3", "y"}});
  const auto p = lower({"LDR W1,[X0]", "EOR W2,W1,W1", "ADD W2,W2,#1", "STR W2,[X3]"}, l, t);
  REQUIRE(p.ops.size() == 5);
  const Reg x2 = p.find_reg("X2");
  CHECK(p.ops[2].alu == AluOp::Add);
  CHECK(p.ops[2].dst == x2);
  CHECK(p.ops[2].a.reg == x2);
  CHECK(p.ops[2].b.imm == 1);
  CHECK(p.ops[3].a.reg == x2);
  CHECK(run_seq(p, {{addr(l, "x"), 9}}).mem.at(addr(l, "y")) == 1);

  const auto q = lower({"SUB X1,X2,X3", "AND W10, W5, #2", "ORR W4,W4,W6,LSL #1", "SUBS W7,W8,#1",
                        "NEG W0,W1", "MVN W0,W1", "LSL W0,W1,#2", "LSR X0,X1,X2", "CMN W1,#1",
                        "TST W1,W2", "ADD X0,X1,W2,SXTW"},
                       l);
  CHECK(q.ops[0].alu == AluOp::Sub);
  CHECK(q.ops[1].alu == AluOp::And);
  CHECK(q.ops[1].b.imm == 2);
  CHECK(q.ops[2].alu == AluOp::Shl);  // W6<<1 into a temporary
  CHECK(q.ops[3].alu == AluOp::Or);
  CHECK(q.ops[3].b.reg == q.ops[2].dst);
  CHECK(q.ops[4].alu == AluOp::Sub);  // SUBS: result, then the flags
  CHECK(q.ops[4].dst == q.find_reg("X7"));
  CHECK(q.ops[5].alu == AluOp::Mov);
  CHECK(q.ops[5].a.reg == q.find_reg("X7"));
  CHECK_FALSE(q.regs[q.ops[5].dst].user_visible);
  CHECK(q.ops[6].alu == AluOp::Neg);
  CHECK(q.ops[7].alu == AluOp::BNot);
  CHECK(q.ops[8].alu == AluOp::Shl);
  CHECK(q.ops[9].alu == AluOp::Shr);
  CHECK(q.ops[10].alu == AluOp::Add);
  CHECK(q.ops[10].dst == q.ops[5].dst);  // CMN: flags = a + b
  CHECK(q.ops[11].alu == AluOp::And);
  CHECK(q.ops[11].dst == q.ops[5].dst);
  CHECK(q.ops[12].alu == AluOp::Add);
  CHECK(q.ops[12].b.reg == q.find_reg("X2"));
}

TEST_CASE("CBNZ, CMP/B.EQ and B target their labels", "[arm64isa]") {
  MemoryLayout l;
  // MP+dmb.sy+ctrlisb's P1: a label alone in its cell.
  const LitmusTest t = with_pointers({{"X0", "y"}, {"X2", "x"}});
  const auto p = lower({"LDR W1,[X0]", "CBNZ W1,LC00", "LC00:", "ISB", "LDR W3,[X2]"}, l, t);
  REQUIRE(p.ops.size() == 5);
  CHECK(p.ops[1].kind == UopKind::Branch);
  CHECK(p.ops[1].flags == 0);
  CHECK(p.ops[1].a.reg == p.find_reg("X1"));
  CHECK(p.ops[1].target == 2);
  CHECK(p.ops[2].kind == UopKind::Fence);
  CHECK(p.ops[2].fence == arm64::kIsb);
  CHECK(p.ops[2].src == 3);

  // LB+BEQ4's P1.
  const LitmusTest u = with_pointers({{"X1", "x"}, {"X3", "y"}});
  const auto q = lower({"LDR W0,[X1]", "CMP W0,#0", "B.EQ over", "over:", "MOV W4,#1",
                        "STR W4,[X3]"},
                       l, u);
  REQUIRE(q.ops.size() == 6);
  CHECK(q.ops[1].kind == UopKind::Alu);
  CHECK(q.ops[1].alu == AluOp::Sub);
  CHECK(q.ops[1].a.reg == q.find_reg("X0"));
  CHECK(q.ops[1].b.imm == 0);
  const Reg flags = q.ops[1].dst;
  CHECK_FALSE(q.regs[flags].user_visible);
  CHECK(q.ops[2].kind == UopKind::Branch);
  CHECK(q.ops[2].flags == kBranchIfZero);
  CHECK(q.ops[2].a.reg == flags);
  CHECK(q.ops[2].target == 3);

  // Label and instruction in one cell, backward and forward jumps, CBZ, B.NE.
  const auto r = lower({"MOV W0,#3", "L1: SUB W0,W0,#1", "ADD W1,W1,#1", "CBZ W0,out",
                        "CMP W0,#0", "B.NE L1", "B L1", "out: MOV W2,#7"},
                       l);
  CHECK(r.ops[1].src == 1);
  CHECK(r.ops[3].flags == kBranchIfZero);
  CHECK(r.ops[3].target == 7);
  CHECK(r.ops[5].flags == 0);
  CHECK(r.ops[5].target == 1);
  CHECK(r.ops[6].a.imm == 1);
  CHECK_FALSE(r.ops[6].a.is_reg);
  CHECK(r.ops[6].target == 1);
  const auto s = run_seq(r);
  CHECK(s.reg(r, "X1") == 3);
  CHECK(s.reg(r, "X2") == 7);

  // A label at the end of the column targets the Halt.
  const auto e = lower({"CBNZ W1,end", "end:"}, l);
  CHECK(e.ops[0].target == 1);
  CHECK(e.ops[1].kind == UopKind::Halt);
}

TEST_CASE("signed conditions compare the flags register through a temporary", "[arm64isa]") {
  MemoryLayout l;
  for (const auto& [cond, taken_when_5_vs_3] :
       std::vector<std::pair<std::string, bool>>{{"GT", true}, {"GE", true}, {"LT", false},
                                                 {"LE", false}, {"EQ", false}, {"NE", true},
                                                 {"MI", false}, {"PL", true}, {"AL", true}}) {
    INFO(cond);
    const auto p = lower({"MOV W0,#5", "CMP W0,#3", "B." + cond + " L", "MOV W1,#1", "L:"}, l);
    CHECK(run_seq(p).reg(p, "X1") == (taken_when_5_vs_3 ? 0 : 1));
    const auto q = lower({"MOV W0,#3", "CMP W0,#5", "B." + cond + " L", "MOV W1,#1", "L:"}, l);
    const bool taken_3_vs_5 = cond == "LT" || cond == "LE" || cond == "NE" || cond == "MI" || cond == "AL";
    CHECK(run_seq(q).reg(q, "X1") == (taken_3_vs_5 ? 0 : 1));
  }
  const auto p = lower({"CMP W0,W1", "B.GE L", "L:"}, l);
  REQUIRE(p.ops.size() == 4);
  CHECK(p.ops[1].kind == UopKind::Alu);
  CHECK(p.ops[1].alu == AluOp::Ge);
  CHECK(p.ops[1].a.reg == p.ops[0].dst);
  CHECK(p.ops[2].kind == UopKind::Branch);
  CHECK(p.ops[2].a.reg == p.ops[1].dst);
  CHECK(p.ops[2].flags == 0);
  // TBZ/TBNZ test one bit.
  const auto t = lower({"MOV W0,#4", "TBNZ W0,#2,L", "MOV W1,#1", "L: TBZ W0,#0,M", "MOV W2,#1", "M:"}, l);
  const auto s = run_seq(t);
  CHECK(s.reg(t, "X1") == 0);
  CHECK(s.reg(t, "X2") == 0);
}

TEST_CASE("CSEL: Eq of the flags into a temporary, then Select", "[arm64isa]") {
  MemoryLayout l;
  // LB+CSEL4's P1.
  const auto p = lower({"LDR W0,[X1]", "CMP W0,#0", "CSEL W0,W0,W0,EQ", "MOV W4,#1", "STR W4,[X3]"},
                       l, with_pointers({{"X1", "x"}, {"X3", "y"}}));
  REQUIRE(p.ops.size() == 7);
  const Reg x0 = p.find_reg("X0");
  const Reg flags = p.ops[1].dst;
  CHECK(p.ops[2].kind == UopKind::Alu);
  CHECK(p.ops[2].alu == AluOp::Eq);
  CHECK(p.ops[2].a.reg == flags);
  CHECK(p.ops[2].b.imm == 0);
  const Reg t = p.ops[2].dst;
  CHECK_FALSE(p.regs[t].user_visible);
  CHECK(p.ops[3].alu == AluOp::Select);
  CHECK(p.ops[3].dst == x0);
  CHECK(p.ops[3].a.reg == x0);
  CHECK(p.ops[3].b.reg == x0);
  CHECK(p.ops[3].c.is_reg);
  CHECK(p.ops[3].c.reg == t);

  const auto q = lower({"MOV W1,#10", "MOV W2,#20", "CMP W1,#10", "CSEL W3,W1,W2,EQ",
                        "CSEL W4,W1,W2,NE", "CSINC W5,W1,W2,NE", "CSNEG W6,W1,W2,LT",
                        "CSINV W7,W1,WZR,GT", "CSET W8,EQ", "CSET W9,NE"},
                       l);
  const auto s = run_seq(q);
  CHECK(s.reg(q, "X3") == 10);
  CHECK(s.reg(q, "X4") == 20);
  CHECK(s.reg(q, "X5") == 21);
  CHECK(s.reg(q, "X6") == -20);
  CHECK(s.reg(q, "X7") == -1);
  CHECK(s.reg(q, "X8") == 1);
  CHECK(s.reg(q, "X9") == 0);
}

TEST_CASE("barriers carry their arm64 fence codes", "[arm64isa]") {
  MemoryLayout l;
  const std::vector<std::pair<std::string, std::uint8_t>> cases = {
      {"DMB SY", arm64::kDmbFull},   {"DMB ISH", arm64::kDmbFull},  {"DMB OSH", arm64::kDmbFull},
      {"DMB NSH", arm64::kDmbFull},  {"DMB LD", arm64::kDmbLd},     {"DMB ISHLD", arm64::kDmbLd},
      {"DMB OSHLD", arm64::kDmbLd},  {"DMB NSHLD", arm64::kDmbLd},  {"DMB ST", arm64::kDmbSt},
      {"DMB ISHST", arm64::kDmbSt},  {"DMB OSHST", arm64::kDmbSt},  {"DMB NSHST", arm64::kDmbSt},
      {"DSB SY", arm64::kDsbFull},   {"DSB ISH", arm64::kDsbFull},  {"DSB NSH", arm64::kDsbFull},
      {"DSB OSH", arm64::kDsbFull},  {"DSB LD", arm64::kDmbLd},     {"DSB ISHST", arm64::kDmbSt},
      {"ISB", arm64::kIsb},          {"ISB SY", arm64::kIsb},       {"dmb ish", arm64::kDmbFull}};
  for (const auto& [text, code] : cases) {
    INFO(text);
    const auto p = lower({text}, l);
    REQUIRE(p.ops.size() == 2);
    CHECK(p.ops[0].kind == UopKind::Fence);
    CHECK(p.ops[0].fence == code);
  }
  const auto n = lower({"NOP"}, l);
  CHECK(n.ops[0].kind == UopKind::Nop);
}

TEST_CASE("acquire, acquirePC and release accesses", "[arm64isa]") {
  MemoryLayout l;
  const auto p = lower({"LDAR W0,[X1]", "LDAPR W2,[X1]", "STLR W3,[X1]", "LDARB W0,[X1]",
                        "STLRH W3,[X1,#0]", "LDAPR X4,[X1]"},
                       l, kX1x);
  REQUIRE(p.ops.size() == 7);
  CHECK(p.ops[0].kind == UopKind::Load);
  CHECK(p.ops[0].flags == kAcquire);
  CHECK(p.ops[0].dst == p.find_reg("X0"));
  CHECK(p.ops[1].kind == UopKind::Load);
  CHECK(p.ops[1].flags == kAcquirePC);
  CHECK(p.ops[2].kind == UopKind::Store);
  CHECK(p.ops[2].flags == kRelease);
  CHECK(p.ops[2].a.reg == p.find_reg("X3"));
  CHECK(p.ops[3].flags == kAcquire);
  CHECK(p.ops[4].flags == kRelease);
  CHECK(p.ops[5].flags == kAcquirePC);
  CHECK(p.ops[5].dst == p.find_reg("X4"));
  for (std::size_t i = 0; i < 6; ++i) CHECK(p.ops[i].addr_base == p.find_reg("X1"));
}

TEST_CASE("load/store exclusive", "[arm64isa]") {
  MemoryLayout l;
  const auto p = lower({"LDXR W0,[X1]", "ADD W0,W0,#1", "STXR W2,W0,[X1]", "CBNZ W2,fail",
                        "LDAXR W3,[X1]", "STLXR W4,W3,[X1]", "fail:"},
                       l, kX1x);
  REQUIRE(p.ops.size() == 7);
  CHECK(p.ops[0].kind == UopKind::Load);
  CHECK(p.ops[0].flags == kExclusive);
  CHECK(p.ops[2].kind == UopKind::StoreCond);
  CHECK(p.ops[2].flags == 0);
  CHECK(p.ops[2].dst == p.find_reg("X2"));
  CHECK(p.ops[2].a.reg == p.find_reg("X0"));
  CHECK(p.ops[2].addr_base == p.find_reg("X1"));
  CHECK(p.ops[3].a.reg == p.find_reg("X2"));
  CHECK(p.ops[4].flags == (kExclusive | kAcquire));
  CHECK(p.ops[5].kind == UopKind::StoreCond);
  CHECK(p.ops[5].flags == kRelease);
  CHECK(p.ops[5].dst == p.find_reg("X4"));
  const auto s = run_seq(p, {{addr(l, "x"), 4}});
  CHECK(s.mem.at(addr(l, "x")) == 5);
}

TEST_CASE("LSE atomics: SWP, LD<op>, ST<op>", "[arm64isa]") {
  MemoryLayout l;
  const LitmusTest t = with_pointers({{"X3", "y"}});
  const auto p = lower({"SWP W4,W2,[X3]", "SWPA W4,W2,[X3]", "SWPL W4,W2,[X3]", "SWPAL W4,W2,[X3]",
                        "LDADD W4,W2,[X3]", "LDADDA W4,W2,[X3]", "LDADDL W4,W2,[X3]",
                        "LDADDAL W4,W2,[X3]", "LDEOR W4,W2,[X3]", "LDSETAL W4,W2,[X3]",
                        "STADD W4,[X3]", "STADDL W4,[X3]", "SWPB W4,W2,[X3]", "LDADDALH W4,W2,[X3]"},
                       l, t);
  const Reg x4 = p.find_reg("X4"), x2 = p.find_reg("X2"), x3 = p.find_reg("X3");
  const std::vector<std::pair<RmwOp, std::uint8_t>> want = {
      {RmwOp::Xchg, 0},
      {RmwOp::Xchg, kAcquire},
      {RmwOp::Xchg, kRelease},
      {RmwOp::Xchg, kAcquire | kRelease},
      {RmwOp::FetchAdd, 0},
      {RmwOp::FetchAdd, kAcquire},
      {RmwOp::FetchAdd, kRelease},
      {RmwOp::FetchAdd, kAcquire | kRelease},
      {RmwOp::FetchXor, 0},
      {RmwOp::FetchOr, kAcquire | kRelease},
      {RmwOp::FetchAdd, kNoRet},
      {RmwOp::FetchAdd, kNoRet | kRelease},
      {RmwOp::Xchg, 0},
      {RmwOp::FetchAdd, kAcquire | kRelease}};
  REQUIRE(p.ops.size() == want.size() + 1);
  for (std::size_t i = 0; i < want.size(); ++i) {
    INFO(i);
    CHECK(p.ops[i].kind == UopKind::Rmw);
    CHECK(p.ops[i].rmw == want[i].first);
    CHECK(p.ops[i].flags == want[i].second);
    CHECK(p.ops[i].a.reg == x4);
    CHECK(p.ops[i].addr_base == x3);
    CHECK(p.ops[i].dst == ((want[i].second & kNoRet) ? kNoReg : x2));
  }
  // LDCLR clears the bits of Ws: memory &= ~Ws, the complement computed from Ws.
  const auto c = lower({"MOV W4,#6", "LDCLRA W4,W2,[X3]", "STCLR W4,[X3]"}, l, t);
  CHECK(c.ops[1].alu == AluOp::BNot);
  CHECK(c.ops[1].a.reg == c.find_reg("X4"));
  CHECK(c.ops[2].rmw == RmwOp::FetchAnd);
  CHECK(c.ops[2].a.reg == c.ops[1].dst);
  CHECK(c.ops[2].flags == kAcquire);
  const auto s = run_seq(c, {{addr(l, "y"), 15}});
  CHECK(s.mem.at(addr(l, "y")) == 9);
  CHECK(s.reg(c, "X2") == 15);
}

TEST_CASE("an acquire RMW into the zero register is noret without acquire", "[arm64isa]") {
  MemoryLayout l;
  const LitmusTest t = with_pointers({{"X3", "y"}});
  // MP+rel+SWPacq-noret, MP+rel+LDADDnoret-dmb.ld, MP+rel+CASacq-noret-ok.
  const auto p = lower({"SWPA W4,WZR,[X3]", "SWPAL W4,WZR,[X3]", "LDADD W4,WZR,[X3]",
                        "LDADDA W4,XZR,[X3]", "CASA WZR,W4,[X3]", "CASAL WZR,W4,[X3]", "SWPA W4,W2,[X3]"},
                       l, t);
  REQUIRE(p.ops.size() == 8);
  CHECK(p.ops[0].flags == kNoRet);
  CHECK(p.ops[0].dst == kNoReg);
  CHECK(p.ops[0].rmw == RmwOp::Xchg);
  CHECK(p.ops[1].flags == (kNoRet | kRelease));
  CHECK(p.ops[2].flags == kNoRet);
  CHECK(p.ops[3].flags == kNoRet);
  CHECK(p.ops[4].flags == kNoRet);
  CHECK(p.ops[4].rmw == RmwOp::CmpXchg);
  CHECK(p.ops[4].dst == kNoReg);
  CHECK_FALSE(p.ops[4].a.is_reg);
  CHECK(p.ops[4].a.imm == 0);
  CHECK(p.ops[4].b.reg == p.find_reg("X4"));
  CHECK(p.ops[5].flags == (kNoRet | kRelease));
  CHECK(p.ops[6].flags == kAcquire);
  for (const auto& u : p.ops) CHECK((u.flags & kLocked) == 0);
}

TEST_CASE("CAS: compare with Ws, store Wt, Ws gets the old value", "[arm64isa]") {
  MemoryLayout l;
  const LitmusTest t = with_pointers({{"X3", "y"}});
  // LB+rel+CAS's P1.
  const auto p = lower({"MOV W4, #1", "LDR W5, [X1]", "AND W10, W5, #2", "CAS W10, W4, [X3]",
                        "CASA W0,W1,[X3]", "CASL W0,W1,[X3]", "CASAL W0,W1,[X3]", "CASB W0,W1,[X3]"},
                       l, with_pointers({{"X1", "x"}, {"X3", "y"}}));
  REQUIRE(p.ops.size() == 9);
  const Reg x10 = p.find_reg("X10"), x4 = p.find_reg("X4");
  CHECK(p.ops[3].kind == UopKind::Rmw);
  CHECK(p.ops[3].rmw == RmwOp::CmpXchg);
  CHECK(p.ops[3].flags == 0);
  CHECK(p.ops[3].a.reg == x10);
  CHECK(p.ops[3].b.reg == x4);
  CHECK(p.ops[3].dst == x10);
  CHECK(p.ops[4].flags == kAcquire);
  CHECK(p.ops[5].flags == kRelease);
  CHECK(p.ops[6].flags == (kAcquire | kRelease));
  CHECK(p.ops[7].flags == 0);
  CHECK(p.ops[4].dst == p.find_reg("X0"));
  CHECK(p.ops[4].a.reg == p.find_reg("X0"));
  CHECK(p.ops[4].b.reg == p.find_reg("X1"));

  const auto q = lower({"MOV W0,#2", "MOV W1,#9", "CAS W0,W1,[X3]", "MOV W5,#7", "CAS W5,W1,[X3]"}, l, t);
  const Value y = addr(l, "y");
  auto ok = run_seq(q, {{y, 2}});
  CHECK(ok.mem.at(y) == 9);
  CHECK(ok.reg(q, "X0") == 2);
  CHECK(ok.reg(q, "X5") == 9);
  auto bad = run_seq(q, {{y, 3}});
  CHECK(bad.mem.at(y) == 3);
  CHECK(bad.reg(q, "X0") == 3);
}

TEST_CASE("errors name file:line:column and what was expected", "[arm64isa]") {
  require_error({"DMB SY", " FOO W0,[X1]"}, "unsupported", 1, 1, "unsupported instruction 'FOO'");
  require_error({"LDP W0,W1,[X2]"}, "unsupported", 0, 0, "unsupported instruction 'LDP'");
  require_error({"LDSMAX W0,W1,[X2]"}, "unsupported", 0, 0, "unsupported instruction");
  require_error({"ERET"}, "unsupported", 0, 0, "unsupported instruction 'ERET'");
  require_error({"CASP W0,W1,W2,W3,[X4]"}, "unsupported", 0, 0, "unsupported instruction");
  require_error({"STADDA W0,[X1]"}, "unsupported", 0, 0, "unsupported instruction 'STADDA'");
  require_error({"LDR W0,[SP]"}, "unsupported", 0, 8, "stack pointer");
  require_error({"B.HI L", "L:"}, "unsupported", 0, 2, "unsupported condition 'HI'");
  require_error({"ADD W0,W1,W2,ASR #2"}, "unsupported", 0, 13, "unsupported operand modifier 'ASR'");
  require_error({"DMB #15"}, "unsupported", 0, 4, "barrier option given as a number");

  require_error({"MOV W0,W1", "MOV W0,Q1"}, "parse", 1, 7, "unexpected 'Q1': expected a register");
  require_error({"MOV #1,W0"}, "parse", 0, 4, "expected a register");
  require_error({"LDR W0,X1"}, "parse", 0, 7, "expected an address '[Xn]'");
  require_error({"LDR W0,[W1]"}, "parse", 0, 8, "expected an X register as the address base");
  require_error({"LDR W0,[X1"}, "parse", 0, 10, "expected ']' to close the address");
  require_error({"LDR W0,[X1,W2]"}, "parse", 0, 11, "expected an X index register");
  require_error({"LDR W0,[X1,X2,SXTW]"}, "parse", 0, 11, "SXTW takes a W index register");
  require_error({"LDR W0,[X1,X2,LSL]"}, "parse", 0, 17, "expected a shift amount");
  require_error({"LDR W0,[X1,W2,FOO]"}, "parse", 0, 14, "expected SXTW, UXTW, SXTX or LSL");
  require_error({"LDR W0,[X1,#q]"}, "parse", 0, 12, "expected an offset");
  require_error({"LDAR W0,[X1,#8]"}, "parse", 0, 12, "'LDAR' takes an address [Xn]");
  require_error({"LDAR W0,[X1,X2]"}, "parse", 0, 12, "'LDAR' takes an address [Xn]");
  require_error({"LDR W0"}, "parse", 0, 6, "'LDR' expects 2 or 3 operands: expected ',' and another");
  require_error({"STLR W0,[X1],#4"}, "parse", 0, 13, "'STLR' takes 2 operands: expected end of instruction");
  require_error({"MOV W0,#1 W2"}, "parse", 0, 10, "expected ',' or end of instruction");
  require_error({"MOV W0,"}, "parse", 0, 7, "missing operand");
  require_error({"MOV W0,#1,"}, "parse", 0, 10, "missing operand");
  require_error({"DMB"}, "parse", 0, 3, "'DMB' expects 1 operand: expected an operand");
  require_error({"DMB FOO"}, "parse", 0, 4, "expected a barrier option");
  require_error({"ISB ISH"}, "parse", 0, 4, "expected 'SY' or end of instruction");
  require_error({"CSEL W0,W1,W2,XX"}, "parse", 0, 14, "unknown condition 'XX'");
  require_error({"B.XX L", "L:"}, "parse", 0, 2, "unknown condition 'XX'");
  require_error({"CBNZ W1,#3"}, "parse", 0, 8, "expected a label");
  require_error({"TBZ W1,#64,L", "L:"}, "parse", 0, 7, "expected a bit number");
  require_error({"MOV W0,#1;"}, "parse", 0, 9, "unexpected character ';'");
  require_error({"MOV W0,#99999999999999999999"}, "parse", 0, 8, "out of range");
  require_error({"MOV W0,#12ab"}, "parse", 0, 8, "malformed number");
  require_error({"#1"}, "parse", 0, 0, "expected an instruction mnemonic");
  require_error({"NOP W0"}, "parse", 0, 4, "'NOP' takes 0 operands");

  // Labels: an undefined target is reported where it is used.
  require_error({"MOV W0,#1", "CBNZ W0, nowhere"}, "parse", 1, 9, "undefined label 'nowhere'");
  require_error({"B.EQ L9"}, "parse", 0, 5, "undefined label 'L9'");
  require_error({"L0:", "  L0: NOP"}, "parse", 1, 2, "label 'L0' is defined twice");

  LitmusTest t;
  InitItem bad;
  bad.tid = 0, bad.name = "R1", bad.has_value = true, bad.value = 1;
  bad.pos = SourcePos{"t.litmus", kLine, kCol + 3};
  t.init = {bad};
  require_error({"NOP"}, "parse", 0, 3, "'R1' is not an AArch64 register", t);
}

TEST_CASE("whole-file errors carry the file's line and column", "[arm64isa]") {
  const std::string text =
      "AArch64 t\n{ 0:X1=x; }\n P0          ;\n MOV W0,#1   ;\n STR W0,[X1] ;\n"
      " CBNZ W0,Lx  ;\nexists (x=1)\n";
  const LitmusTest t = parse_litmus(text, "f.litmus");
  MemoryLayout l;
  try {
    Arm64Isa().parse_thread(t, t.threads.at(0), l);
    FAIL("no error");
  } catch (const BadInput& e) {
    CHECK(e.located() == "f.litmus:6:10: undefined label 'Lx'");
  }
  const LitmusTest u = parse_litmus(
      "AArch64 t\n{ 0:X1=x; }\n P0          ;\n MOV W0,#1   ;\n STRX W0,[X1] ;\nexists (x=1)\n",
      "f.litmus");
  try {
    Arm64Isa().parse_thread(u, u.threads.at(0), l);
    FAIL("no error");
  } catch (const BadInput& e) {
    CHECK(e.kind() == "unsupported");
    CHECK(e.located() == "f.litmus:5:2: unsupported instruction 'STRX'");
  }
}

TEST_CASE("arm64: empty cells emit nothing but keep their position", "[arm64isa]") {
  MemoryLayout l;
  const auto p = lower({"", "  ", "DMB SY", ""}, l);
  REQUIRE(p.ops.size() == 2);
  CHECK(p.ops[0].src == 2);
  CHECK(p.positions.size() == 4);
  CHECK(p.ops[1].src < p.positions.size());
  const auto e = lower({}, l);
  REQUIRE(e.ops.size() == 1);
  CHECK(e.ops[0].kind == UopKind::Halt);
  CHECK(e.ops[0].src < e.positions.size());
}

namespace {

void for_each_reg(const CondExpr& e, std::vector<const CondTerm*>& out) {
  for (const CondTerm* t : {&e.lhs, &e.rhs})
    if (t->kind == CondTerm::Kind::Reg) out.push_back(t);
  for (const auto& k : e.kids) for_each_reg(*k, out);
}

}  // namespace

TEST_CASE("every AArch64 test of the reference corpus lowers", "[arm64isa]") {
  // Only when the corpus is there (tests/CMakeLists.txt: MMSIM_CORPUS_DIR).
  const std::filesystem::path dir = std::filesystem::path(MMSIM_CORPUS_DIR) / "litmus/arch/arm64";
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) return;
  std::vector<std::string> files;
  for (const auto& f : std::filesystem::directory_iterator(dir, ec))
    if (f.path().extension() == ".litmus") files.push_back(f.path().string());
  std::sort(files.begin(), files.end());
  const Arm64Isa isa;
  int lowered = 0;
  for (const auto& f : files) {
    INFO(f);
    try {
      const LitmusTest t = parse_litmus_file(f);
      CHECK(t.arch == "AArch64");
      MemoryLayout l;
      for (const auto& th : t.threads) check_well_formed(isa.parse_thread(t, th, l));
      std::vector<const CondTerm*> regs;
      if (t.condition.expr) for_each_reg(*t.condition.expr, regs);
      for (const CondTerm& term : t.locations)
        if (term.kind == CondTerm::Kind::Reg) regs.push_back(&term);
      for (const CondTerm* r : regs) CHECK(isa.canonical_reg(r->name) == r->name);
      ++lowered;
    } catch (const BadInput& e) {
      FAIL(e.located());
    }
  }
  CHECK(lowered == static_cast<int>(files.size()));
  CHECK(lowered > 0);
}

TEST_CASE("arm64: random input never crashes: it lowers or throws BadInput", "[arm64isa]") {
  static const char* const pieces[] = {
      "MOV", "LDR", "STR", "LDAR", "STLR", "SWPA", "CASAL", "LDADD", "STXR", "CSEL", "B.EQ", "CBNZ",
      "DMB", "ISB", "SY", "ISHLD", "L0", "L1", ":", ",", "[", "]", "#", "!", "-", "+", "W0", "X1",
      "WZR", "XZR", "SP", "SXTW", "LSL", "EQ", "0", "1", "0x10", "99999999999999999999", " ",
      "\t", "$", "\x01", "\xff", "x"};
  static const char* const mnems[] = {
      "MOV", "ADD", "SUB", "EOR", "AND", "ORR", "ADDS", "CMP", "TST", "NEG", "LSL", "LDR", "STR",
      "LDRB", "LDUR", "LDAR", "LDAPR", "STLR", "LDXR", "LDAXR", "STXR", "STLXR", "SWP", "SWPAL",
      "LDADDA", "LDCLRL", "STADD", "CAS", "CASA", "CSEL", "CSINC", "CSET", "B", "B.EQ", "B.GT",
      "CBZ", "CBNZ", "TBNZ", "DMB", "DSB", "ISB", "NOP", "L0:", "L1:"};
  static const char* const operands[] = {
      "W0", "W1", "X2", "WZR", "XZR", "#1", "#-3", "[X1]", "[X2,#8]", "[X1,W0,SXTW]",
      "[X1,X0,LSL #2]", "[X1,#4]!", "L0", "L1", "EQ", "NE", "SY", "LSL #1", "SXTW", "#63"};
  std::mt19937 rng(4242);
  std::uniform_int_distribution<std::size_t> pick(0, sizeof(pieces) / sizeof(pieces[0]) - 1);
  std::uniform_int_distribution<std::size_t> pick_m(0, sizeof(mnems) / sizeof(mnems[0]) - 1);
  std::uniform_int_distribution<std::size_t> pick_o(0, sizeof(operands) / sizeof(operands[0]) - 1);
  std::uniform_int_distribution<int> len(0, 8), nrows(1, 4), nops(0, 4);
  const LitmusTest t = with_pointers({{"X1", "x"}, {"X2", "y"}});
  int ok = 0;
  for (int iter = 0; iter < 20000; ++iter) {
    std::vector<std::string> rows;
    const int n = nrows(rng);
    const bool structured = iter % 4 < 2;
    for (int r = 0; r < n; ++r) {
      std::string s;
      if (structured) {
        s = mnems[pick_m(rng)];
        const int k = nops(rng);
        for (int i = 0; i < k; ++i) s += std::string(i ? "," : " ") + operands[pick_o(rng)];
      } else {
        const int k = len(rng);
        for (int i = 0; i < k; ++i) s += pieces[pick(rng)];
      }
      rows.push_back(s);
    }
    MemoryLayout l;
    try {
      const auto p = lower(rows, l, t);
      check_well_formed(p);
      ++ok;
    } catch (const BadInput& e) {
      REQUIRE((e.kind() == "parse" || e.kind() == "unsupported"));
      REQUIRE(e.pos().line >= kLine);
      REQUIRE(e.pos().column >= kCol);
    }
  }
  CHECK(ok > 300);
}

// PpcIsa: herdtools7 PPC thread cells → micro-ops.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "models/powerpc/ppc_fences.h"
#include "models/powerpc/ppc_isa.h"
#include "sim/cpu/uop_semantics.h"
#include "sim/scenario/litmus_parser.h"

using namespace mmsim;
using mmsim::powerpc::PpcIsa;

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
  return PpcIsa().parse_thread(test, column(rows, tid), layout);
}

LitmusTest with_pointers(const std::vector<std::pair<std::string, std::string>>& regs) {
  LitmusTest t;
  for (const auto& [reg, loc] : regs) {
    InitItem i;
    i.tid = 0, i.name = reg, i.has_value = true, i.value_is_loc = true, i.value_loc = loc;
    t.init.push_back(i);
  }
  return t;
}

Value addr(const MemoryLayout& l, const std::string& name) {
  const LocationInfo* i = l.find(name);
  REQUIRE(i != nullptr);
  return static_cast<Value>(i->addr.raw());
}

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

// A sequential reference interpreter (one thread; store-conditionals succeed unless
// `sc_fail` says how many times they fail first).
struct SeqState {
  std::vector<Value> regs;
  std::map<Value, Value> mem;
  Value reg(const ThreadProgram& p, const std::string& n) const {
    const Reg r = p.find_reg(n);
    REQUIRE(r != kNoReg);
    return regs[r];
  }
};

SeqState run_seq(const ThreadProgram& p, std::map<Value, Value> mem = {}, int sc_fail = 0) {
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
      case UopKind::Syscall: case UopKind::KCall: case UopKind::Rmw:
        FAIL("ppc asm never emits these uops");
        break;
      case UopKind::Alu: set(u.dst, alu(u.alu, val(u.a), val(u.b), val(u.c))); break;
      case UopKind::Load: set(u.dst, s.mem[ea]); break;
      case UopKind::Store: s.mem[ea] = val(u.a); break;
      case UopKind::StoreCond:
        if (sc_fail > 0) {
          --sc_fail;
          set(u.dst, 1);
        } else {
          s.mem[ea] = val(u.a);
          set(u.dst, 0);
        }
        break;
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
  FAIL("program did not halt");
  return s;
}

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
    CHECK((u.flags & (kLocked | kAcquire | kRelease)) == 0);
  }
}

}  // namespace

TEST_CASE("ppc: registers r0..r31, canonical r<n>; init gives addresses", "[ppcisa]") {
  LitmusTest t = with_pointers({{"r2", "x"}, {"r4", "y"}});
  InitItem v;
  v.tid = 0, v.name = "r7", v.has_value = true, v.value = 9;
  InitItem other;
  other.tid = 1, other.name = "r2", other.has_value = true, other.value_is_loc = true,
  other.value_loc = "z";
  t.init.push_back(v);
  t.init.push_back(other);
  MemoryLayout l;
  const auto p = lower({"li r1,1", "stw r1,0(r2)", "lwz r3,4(r4)", "mr r5,r3"}, l, t);
  REQUIRE(p.ops.size() == 5);
  const Reg r1 = p.find_reg("r1"), r2 = p.find_reg("r2"), r3 = p.find_reg("r3"),
            r4 = p.find_reg("r4"), r5 = p.find_reg("r5"), r7 = p.find_reg("r7");
  for (Reg r : {r1, r2, r3, r4, r5, r7}) REQUIRE(r != kNoReg);
  CHECK(p.regs[r2].init == addr(l, "x"));
  CHECK(p.regs[r2].is_pointer);
  CHECK(p.regs[r4].init == addr(l, "y"));
  CHECK(p.regs[r7].init == 9);
  CHECK_FALSE(p.regs[r7].is_pointer);
  CHECK(l.find("z") == nullptr);  // thread 1's
  CHECK(p.regs.size() == 6);

  CHECK(p.ops[0].kind == UopKind::Alu);
  CHECK(p.ops[0].alu == AluOp::Mov);
  CHECK(p.ops[0].dst == r1);
  CHECK_FALSE(p.ops[0].a.is_reg);
  CHECK(p.ops[0].a.imm == 1);
  CHECK(p.ops[1].kind == UopKind::Store);
  CHECK(p.ops[1].a.is_reg);
  CHECK(p.ops[1].a.reg == r1);
  CHECK(p.ops[1].addr_base == r2);
  CHECK(p.ops[1].addr_disp == 0);
  CHECK(p.ops[1].flags == 0);
  CHECK(p.ops[2].kind == UopKind::Load);
  CHECK(p.ops[2].dst == r3);
  CHECK(p.ops[2].addr_base == r4);
  CHECK(p.ops[2].addr_disp == 4);
  CHECK(p.ops[3].kind == UopKind::Alu);
  CHECK(p.ops[3].alu == AluOp::Mov);
  CHECK(p.ops[3].dst == r5);
  CHECK(p.ops[3].a.is_reg);
  CHECK(p.ops[3].a.reg == r3);
  CHECK(p.ops[4].kind == UopKind::Halt);
  for (std::size_t i = 0; i < 4; ++i) CHECK(p.ops[i].src == i);

  const auto q = lower({"lwz r1,0(r2)"}, l, t, 1);
  CHECK(q.regs[q.find_reg("r2")].init == addr(l, "z"));

  const PpcIsa isa;
  CHECK(isa.canonical_reg("r0") == "r0");
  CHECK(isa.canonical_reg("r31") == "r31");
  CHECK(isa.canonical_reg("R5") == "r5");
  for (const char* bad : {"r32", "r01", "x", "", "r", "r100", "X0", "cr0", "ctr", "lr"})
    CHECK(isa.canonical_reg(bad) == "");
}

TEST_CASE("ppc: herd7 symbolic registers (%x0) are registers bound by the init block", "[ppcisa]") {
  // CoWR2's shape: `%t0=t; %x0=x;` with no thread prefix, bound to the threads using them.
  const LitmusTest t = parse_litmus(
      "PPC s\n{\n%t0=t; %x0=x;\n}\n P0             | P1            ;\n"
      " std %t0,0(%x0) | ld r1,0(%x0)  ;\n                | lwzx r2,%x0,r1 ;\nexists (1:r1=0)\n",
      "s.litmus");
  MemoryLayout l;
  const auto p0 = PpcIsa().parse_thread(t, t.threads.at(0), l);
  const auto p1 = PpcIsa().parse_thread(t, t.threads.at(1), l);
  const Reg t0 = p0.find_reg("%t0"), x0 = p0.find_reg("%x0");
  REQUIRE(t0 != kNoReg);
  REQUIRE(x0 != kNoReg);
  CHECK(p0.regs[t0].init == addr(l, "t"));
  CHECK(p0.regs[x0].init == addr(l, "x"));
  CHECK(p0.ops[0].kind == UopKind::Store);
  CHECK(p0.ops[0].a.reg == t0);
  CHECK(p0.ops[0].addr_base == x0);
  CHECK(p1.find_reg("%t0") == kNoReg);  // P1 does not use it
  CHECK(p1.regs[p1.find_reg("%x0")].init == addr(l, "x"));
  REQUIRE(p1.ops.size() == 4);
  CHECK(p1.ops[1].kind == UopKind::Alu);
  CHECK(p1.ops[1].a.reg == p1.find_reg("%x0"));
  CHECK(p1.ops[2].addr_base == p1.ops[1].dst);
  // Hidden temporaries never take a symbolic register's name.
  for (const auto& r : p1.regs)
    if (!r.user_visible) CHECK(r.name.rfind("%%", 0) == 0);
  CHECK(PpcIsa().canonical_reg("%x0") == "");  // conditions name only r<n>
}

TEST_CASE("ppc: ld/std, negative displacements, arithmetic", "[ppcisa]") {
  MemoryLayout l;
  const auto p = lower({"ld r1,-8(r2)", "std r1,16(r2)", "add r3,r1,r2", "addi r4,r3,5",
                        "sub r5,r4,r3", "subf r6,r4,r3", "and r7,r1,3", "or r8,r1,r2",
                        "xori r9,r1,1", "ori r10,r1,0x10", "nop"},
                       l);
  REQUIRE(p.ops.size() == 12);
  CHECK(p.ops[0].kind == UopKind::Load);
  CHECK(p.ops[0].addr_disp == -8);
  CHECK(p.ops[1].kind == UopKind::Store);
  CHECK(p.ops[1].addr_disp == 16);
  CHECK(p.ops[2].alu == AluOp::Add);
  CHECK(p.ops[3].alu == AluOp::Add);
  CHECK(p.ops[3].b.imm == 5);
  CHECK(p.ops[4].alu == AluOp::Sub);
  CHECK(p.ops[4].a.reg == p.find_reg("r4"));
  CHECK(p.ops[5].alu == AluOp::Sub);  // subf: rB - rA
  CHECK(p.ops[5].a.reg == p.find_reg("r3"));
  CHECK(p.ops[5].b.reg == p.find_reg("r4"));
  CHECK(p.ops[6].alu == AluOp::And);
  CHECK(p.ops[7].alu == AluOp::Or);
  CHECK(p.ops[8].alu == AluOp::Xor);
  CHECK(p.ops[9].alu == AluOp::Or);
  CHECK(p.ops[9].b.imm == 16);
  CHECK(p.ops[10].kind == UopKind::Nop);
  const SeqState s = run_seq(p, {{-8, 7}});
  CHECK(s.reg(p, "r1") == 7);
  CHECK(s.mem.at(16) == 7);
  CHECK(s.reg(p, "r3") == 7);
  CHECK(s.reg(p, "r4") == 12);
  CHECK(s.reg(p, "r5") == 5);
  CHECK(s.reg(p, "r6") == -5);
  CHECK(s.reg(p, "r7") == 3);
  CHECK(s.reg(p, "r9") == 6);
  CHECK(s.reg(p, "r10") == 23);
}

TEST_CASE("ppc: xor r3,r1,r1 then lwzx is a real address dependency (MP+lwsync+addr)",
          "[ppcisa]") {
  MemoryLayout l;
  const LitmusTest t = with_pointers({{"r2", "y"}, {"r4", "x"}});
  const auto p = lower({"lwz r1,0(r2)", "xor r3,r1,r1", "lwzx r5,r3,r4"}, l, t);
  REQUIRE(p.ops.size() == 5);
  const Reg r1 = p.find_reg("r1"), r3 = p.find_reg("r3"), r4 = p.find_reg("r4"),
            r5 = p.find_reg("r5");
  CHECK(p.ops[0].kind == UopKind::Load);
  CHECK(p.ops[0].dst == r1);
  CHECK(p.ops[1].kind == UopKind::Alu);
  CHECK(p.ops[1].alu == AluOp::Xor);
  CHECK(p.ops[1].dst == r3);
  CHECK(p.ops[1].a.is_reg);
  CHECK(p.ops[1].a.reg == r1);
  CHECK(p.ops[1].b.is_reg);
  CHECK(p.ops[1].b.reg == r1);
  // Alu Add into a hidden temporary, then the load based on it.
  CHECK(p.ops[2].kind == UopKind::Alu);
  CHECK(p.ops[2].alu == AluOp::Add);
  const Reg tmp = p.ops[2].dst;
  REQUIRE(tmp != kNoReg);
  CHECK_FALSE(p.regs[tmp].user_visible);
  CHECK(p.ops[2].a.reg == r3);
  CHECK(p.ops[2].b.reg == r4);
  CHECK(p.ops[3].kind == UopKind::Load);
  CHECK(p.ops[3].dst == r5);
  CHECK(p.ops[3].addr_base == tmp);
  CHECK(p.ops[3].addr_disp == 0);
  CHECK(p.ops[2].src == 2);
  CHECK(p.ops[3].src == 2);
  CHECK(p.find_reg(p.regs[tmp].name) == kNoReg);
  const SeqState s = run_seq(p, {{addr(l, "y"), 1}, {addr(l, "x"), 42}});
  CHECK(s.reg(p, "r5") == 42);

  // stwx: data and address dependencies too.
  const auto q = lower({"lwz r1,0(r2)", "xor r3,r1,r1", "li r6,1", "stwx r6,r3,r4"}, l, t);
  REQUIRE(q.ops.size() == 6);
  CHECK(q.ops[3].kind == UopKind::Alu);
  CHECK(reads_reg(q.ops[3], q.find_reg("r3")));
  CHECK(q.ops[4].kind == UopKind::Store);
  CHECK(q.ops[4].addr_base == q.ops[3].dst);
  CHECK(q.ops[4].a.reg == q.find_reg("r6"));
}

TEST_CASE("ppc: fences carry their codes", "[ppcisa]") {
  MemoryLayout l;
  const auto p = lower({"sync", "hwsync", "lwsync", "eieio", "isync"}, l);
  REQUIRE(p.ops.size() == 6);
  const std::uint8_t want[] = {powerpc::kSync, powerpc::kSync, powerpc::kLwsync, powerpc::kEieio,
                               powerpc::kIsync};
  for (int i = 0; i < 5; ++i) {
    CHECK(p.ops[i].kind == UopKind::Fence);
    CHECK(p.ops[i].fence == want[i]);
  }
  CHECK(powerpc::kCompiler == 0);
  CHECK(powerpc::kSync == 1);
  CHECK(powerpc::kLwsync == 2);
  CHECK(powerpc::kEieio == 3);
  CHECK(powerpc::kIsync == 4);
}

TEST_CASE("ppc: lwarx/stwcx./bne retry loop", "[ppcisa]") {
  MemoryLayout l;
  const LitmusTest t = with_pointers({{"r2", "x"}});
  const auto p =
      lower({"Loop: lwarx r1,0,r2", "addi r3,r1,1", "stwcx. r3,0,r2", "bne Loop"}, l, t);
  REQUIRE(p.ops.size() == 5);
  const Reg r1 = p.find_reg("r1"), r2 = p.find_reg("r2"), r3 = p.find_reg("r3");
  CHECK(p.ops[0].kind == UopKind::Load);
  CHECK(p.ops[0].flags == kExclusive);
  CHECK(p.ops[0].dst == r1);
  CHECK(p.ops[0].addr_base == r2);  // literal 0: no base, no Alu
  CHECK(p.ops[0].addr_disp == 0);
  CHECK(p.ops[2].kind == UopKind::StoreCond);
  CHECK(p.ops[2].a.reg == r3);
  CHECK(p.ops[2].addr_base == r2);
  const Reg cr = p.ops[2].dst;
  REQUIRE(cr != kNoReg);
  CHECK_FALSE(p.regs[cr].user_visible);
  CHECK(p.ops[3].kind == UopKind::Branch);
  CHECK(p.ops[3].a.reg == cr);
  CHECK((p.ops[3].flags & kBranchIfZero) == 0);  // bne: taken on failure (1)
  CHECK(p.ops[3].target == 0);
  const SeqState ok = run_seq(p, {{addr(l, "x"), 5}});
  CHECK(ok.mem.at(addr(l, "x")) == 6);
  const SeqState retried = run_seq(p, {{addr(l, "x"), 5}}, 2);
  CHECK(retried.mem.at(addr(l, "x")) == 6);

  // A register rA: the address goes through an Alu Add; beq after stwcx. = success.
  const auto q = lower({"lwarx r1,r5,r2", "stdcx. r1,r5,r2", "beq Ok", "li r9,1", "Ok:"}, l, t);
  REQUIRE(q.ops.size() == 7);
  CHECK(q.ops[0].kind == UopKind::Alu);
  CHECK(q.ops[1].kind == UopKind::Load);
  CHECK(q.ops[1].addr_base == q.ops[0].dst);
  CHECK(q.ops[2].kind == UopKind::Alu);
  CHECK(q.ops[3].kind == UopKind::StoreCond);
  CHECK(q.ops[4].kind == UopKind::Branch);
  CHECK(q.ops[4].flags == kBranchIfZero);
  CHECK(q.ops[4].a.reg == q.ops[3].dst);
  CHECK(q.ops[4].target == 6);
  CHECK(run_seq(q).reg(q, "r9") == 0);
  CHECK(run_seq(q, {}, 1).reg(q, "r9") == 1);
}

TEST_CASE("ppc: cmpw/beq with a label (LB+ctrls), other branches", "[ppcisa]") {
  MemoryLayout l;
  const LitmusTest t = with_pointers({{"r2", "x"}, {"r4", "y"}});
  const auto p = lower({"lwz r1,0(r2)", "cmpw r1,r1", "beq  LC00", "LC00:", "li r3,1",
                        "stw r3,0(r4)"},
                       l, t);
  REQUIRE(p.ops.size() == 6);
  const Reg r1 = p.find_reg("r1");
  CHECK(p.ops[1].kind == UopKind::Alu);
  CHECK(p.ops[1].alu == AluOp::Sub);
  CHECK(p.ops[1].a.reg == r1);
  CHECK(p.ops[1].b.reg == r1);
  const Reg cr = p.ops[1].dst;
  CHECK_FALSE(p.regs[cr].user_visible);
  CHECK(p.ops[2].kind == UopKind::Branch);
  CHECK(p.ops[2].a.reg == cr);
  CHECK(p.ops[2].flags == kBranchIfZero);
  CHECK(p.ops[2].target == 3);  // the label's own row emits nothing
  CHECK(p.ops[3].src == 4);
  CHECK(p.positions.size() == 6);

  // Label before an instruction, cmpwi, b, and the signed branches.
  const auto q = lower({"li r1,3", "cmpwi r1,5", "blt L1", "li r2,9", "L1: cmpw r1,r1",
                        "bgt L2", "ble L3", "L2: li r3,1", "L3: b End", "li r4,1", "End:"},
                       l);
  check_well_formed(q);
  CHECK(q.ops[1].b.imm == 5);
  CHECK(q.ops[2].kind == UopKind::Alu);
  CHECK(q.ops[2].alu == AluOp::Lt);
  CHECK(q.ops[3].kind == UopKind::Branch);
  CHECK(q.ops[3].a.reg == q.ops[2].dst);
  const SeqState s = run_seq(q);
  CHECK(s.reg(q, "r2") == 0);  // 3 < 5: skipped
  CHECK(s.reg(q, "r3") == 0);  // 3-3 <= 0: skipped
  CHECK(s.reg(q, "r4") == 0);  // b End
  const auto g = lower({"li r1,7", "cmpwi r1,-2", "bge L", "li r2,1", "L:"}, l);
  CHECK(run_seq(g).reg(g, "r2") == 0);
  const auto ne = lower({"li r1,7", "cmpwi r1,7", "bne L", "li r2,1", "L:"}, l);
  CHECK(run_seq(ne).reg(ne, "r2") == 1);
}

TEST_CASE("ppc: errors name file:line:column and what was expected", "[ppcisa]") {
  require_error({"sync", " lwa r1,0(r2)"}, "unsupported", 1, 1, "unsupported instruction 'lwa'");
  for (const char* m : {"lbz r1,0(r2)", "mtspr 1,r2", "dcbf 0,r2", "cmplw r1,r2", "lis r1,1"})
    require_error({m}, "unsupported", 0, 0, "unsupported instruction");
  require_error({"li r1,1", "li r32,1"}, "parse", 1, 3, "unexpected 'r32': expected a register");
  require_error({"lwz r1,r2"}, "parse", 0, 7, "expected an address 'd(rA)'");
  require_error({"lwz r1,0(x)"}, "parse", 0, 9, "expected a base register");
  require_error({"lwz r1,0(r2"}, "parse", 0, 11, "expected ')'");
  require_error({"li r1,r2"}, "parse", 0, 6, "expected a number");
  require_error({"lwzx r1,3,r2"}, "parse", 0, 8, "expected a register or 0");
  require_error({"lwzx r1,r2"}, "parse", 0, 10, "'lwzx' expects 3 operands");
  require_error({"sync 1"}, "parse", 0, 5, "'sync' takes 0 operands");
  require_error({"li r1,1 r2"}, "parse", 0, 8, "expected ',' or end of instruction");
  require_error({"li r1,"}, "parse", 0, 6, "missing operand");
  require_error({"li r1,1;"}, "parse", 0, 7, "unexpected character ';'");
  require_error({"li r1,99999999999999999999"}, "parse", 0, 6, "out of range");
  require_error({"li r1,12ab"}, "parse", 0, 6, "malformed number");
  require_error({"0"}, "parse", 0, 0, "expected an instruction mnemonic");
  require_error({"beq 3"}, "parse", 0, 4, "expected a label");
  require_error({"cmpw r1,5"}, "parse", 0, 8, "expected a register");
  // Labels: an undefined target is reported where it is used.
  require_error({"li r1,1", "bne  nowhere"}, "parse", 1, 5, "undefined label 'nowhere'");
  require_error({"L0:", " L0: sync"}, "parse", 1, 1, "label 'L0' is defined twice");

  LitmusTest t;
  InitItem bad;
  bad.tid = 0, bad.name = "X1", bad.has_value = true, bad.value = 1;
  bad.pos = SourcePos{"t.litmus", kLine, kCol + 3};
  t.init = {bad};
  require_error({"sync"}, "parse", 0, 3, "'X1' is not a PowerPC register", t);
}

TEST_CASE("ppc: whole-file errors carry the file's line and column", "[ppcisa]") {
  const std::string text =
      "PPC t\n{ 0:r2=x; }\n P0           ;\n li r1,1      ;\n stw r1,0(r2) ;\n"
      " beq Lx       ;\nexists (x=1)\n";
  const LitmusTest t = parse_litmus(text, "f.litmus");
  MemoryLayout l;
  try {
    PpcIsa().parse_thread(t, t.threads.at(0), l);
    FAIL("no error");
  } catch (const BadInput& e) {
    CHECK(e.located() == "f.litmus:6:6: undefined label 'Lx'");
  }
  const LitmusTest u = parse_litmus(
      "PPC t\n{ 0:r2=x; }\n P0           ;\n li r1,1      ;\n dcbf 0,r2    ;\nexists (x=1)\n",
      "f.litmus");
  try {
    PpcIsa().parse_thread(u, u.threads.at(0), l);
    FAIL("no error");
  } catch (const BadInput& e) {
    CHECK(e.kind() == "unsupported");
    CHECK(e.located() == "f.litmus:5:2: unsupported instruction 'dcbf'");
  }
  const LitmusTest w = parse_litmus(
      "PPC t\n{ 0:r2=x; }\n P0           ;\n li r1,1      ;\n stw r1,0(q2) ;\nexists (x=1)\n",
      "f.litmus");
  try {
    PpcIsa().parse_thread(w, w.threads.at(0), l);
    FAIL("no error");
  } catch (const BadInput& e) {
    CHECK(e.kind() == "parse");
    CHECK(e.located().rfind("f.litmus:5:11: ", 0) == 0);
  }
}

TEST_CASE("ppc: empty cells emit nothing but keep their position", "[ppcisa]") {
  MemoryLayout l;
  const auto p = lower({"", "  ", "lwsync", ""}, l);
  REQUIRE(p.ops.size() == 2);
  CHECK(p.ops[0].src == 2);
  CHECK(p.positions.size() == 4);
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

TEST_CASE("every PPC test of the reference corpus lowers", "[ppcisa]") {
  const std::filesystem::path dir = std::filesystem::path(MMSIM_CORPUS_DIR) / "litmus/arch/powerpc";
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) return;
  std::vector<std::string> files;
  // Recursively: campaign/ holds the diy-generated tests of the POWER hardware campaign.
  for (const auto& f : std::filesystem::recursive_directory_iterator(dir, ec))
    if (f.path().extension() == ".litmus") files.push_back(f.path().string());
  std::sort(files.begin(), files.end());
  const PpcIsa isa;
  int lowered = 0;
  for (const auto& f : files) {
    INFO(f);
    try {
      const LitmusTest t = parse_litmus_file(f);
      CHECK(t.arch == "PPC");
      MemoryLayout l;
      for (const auto& th : t.threads) check_well_formed(isa.parse_thread(t, th, l));
      std::vector<const CondTerm*> regs;
      if (t.condition.expr) for_each_reg(*t.condition.expr, regs);
      for (const CondTerm& term : t.locations)
        if (term.kind == CondTerm::Kind::Reg) regs.push_back(&term);
      for (const CondTerm* r : regs) CHECK(isa.canonical_reg(r->name) == r->name);
      ++lowered;
    } catch (const BadInput& e) {
      FAIL_CHECK(e.located());
    }
  }
  CHECK(lowered == static_cast<int>(files.size()));
  CHECK(lowered > 0);
}

TEST_CASE("ppc: random input never crashes: it lowers or throws BadInput", "[ppcisa]") {
  static const char* const pieces[] = {
      "li", "lwz", "stw", "lwzx", "lwarx", "stwcx.", "cmpw", "beq", "bne", "b", "sync", "lwsync",
      "LC00", "L1", ":", ",", "(", ")", "-", "+", "r0", "r1", "r31", "r32", "0", "1", "0x10",
      "99999999999999999999", " ", "\t", "$", ".", "\x01", "\xff", "x"};
  static const char* const mnems[] = {
      "li", "mr", "add", "addi", "sub", "subf", "xor", "and", "or", "xori", "ori", "cmpw",
      "cmpwi", "lwz", "ld", "stw", "std", "lwzx", "ldx", "stwx", "stdx", "lwarx", "ldarx",
      "stwcx.", "stdcx.", "b", "beq", "bne", "blt", "bgt", "ble", "bge", "sync", "hwsync",
      "lwsync", "eieio", "isync", "nop", "lwa", "L0:", "L1:"};
  static const char* const operands[] = {"r0", "r1", "r2", "r31", "0", "1", "-3", "0(r2)",
                                         "8(r1)", "-4(r0)", "L0", "L1", "x", "0x7"};
  std::mt19937 rng(4243);
  std::uniform_int_distribution<std::size_t> pick(0, sizeof(pieces) / sizeof(pieces[0]) - 1);
  std::uniform_int_distribution<std::size_t> pick_m(0, sizeof(mnems) / sizeof(mnems[0]) - 1);
  std::uniform_int_distribution<std::size_t> pick_o(0, sizeof(operands) / sizeof(operands[0]) - 1);
  std::uniform_int_distribution<int> len(0, 8), nrows(1, 4), nops(0, 4);
  const LitmusTest t = with_pointers({{"r1", "x"}, {"r2", "y"}});
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

TEST_CASE("ppc: the three-operand spelling lwz rD,d,rA is d(rA)", "[ppcisa]") {
  const auto t = parse_litmus("PPC b5\n{ 0:r4=x; 0:r6=1; }\n P0 ;\n stw r6,0,r4 ;\n lwz r1,8,r4 ;\n"
                              "exists (0:r1=0)\n",
                              "b5.litmus");
  MemoryLayout l;
  const auto p = PpcIsa().parse_thread(t, t.threads[0], l);
  REQUIRE(p.ops.size() == 3);
  CHECK(p.ops[0].kind == UopKind::Store);
  CHECK(p.ops[0].addr_base == p.find_reg("r4"));
  CHECK(p.ops[0].addr_disp == 0);
  CHECK(p.ops[1].kind == UopKind::Load);
  CHECK(p.ops[1].addr_base == p.find_reg("r4"));
  CHECK(p.ops[1].addr_disp == 8);
}

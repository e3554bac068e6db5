// X86Isa: herdtools7 X86 (Intel) and X86_64 (AT&T) thread cells → micro-ops.
#include <catch2/catch.hpp>

#include <map>
#include <random>
#include <string>
#include <vector>

#include "models/x86/x86_fences.h"
#include "models/x86/x86_isa.h"

using namespace mmsim;
using mmsim::x86::Dialect;
using mmsim::x86::X86Isa;

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

ThreadProgram lower(Dialect d, const std::vector<std::string>& rows, MemoryLayout& layout,
                    const LitmusTest& test = LitmusTest{}, int tid = 0) {
  return X86Isa(d).parse_thread(test, column(rows, tid), layout);
}

ThreadProgram intel(const std::vector<std::string>& rows, MemoryLayout& layout) {
  return lower(Dialect::Intel, rows, layout);
}
ThreadProgram att(const std::vector<std::string>& rows, MemoryLayout& layout) {
  return lower(Dialect::Att, rows, layout);
}

Value addr(const MemoryLayout& l, const std::string& name) {
  const LocationInfo* i = l.find(name);
  REQUIRE(i != nullptr);
  return static_cast<Value>(i->addr.raw());
}

// Lowering `rows` (one cell) fails with `kind` at row `row`, cell offset `offset`, and a
// message containing `text`.
void require_error(Dialect d, const std::vector<std::string>& rows, const std::string& kind,
                   int row, int offset, const std::string& text,
                   const LitmusTest& test = LitmusTest{}) {
  MemoryLayout layout;
  try {
    lower(d, rows, layout, test);
    FAIL("no error for: " << rows.back());
  } catch (const BadInput& e) {
    INFO(e.located());
    CHECK(e.kind() == kind);
    CHECK(e.pos().file == "t.litmus");
    CHECK(e.pos().line == kLine + row);
    CHECK(e.pos().column == kCol + offset);
    CHECK(std::string(e.what()).find(text) != std::string::npos);
  }
}

// A sequential reference interpreter for the IR (one thread, no reordering), to check what
// multi-uop lowerings compute.
struct SeqState {
  std::vector<Value> regs;
  std::map<Value, Value> mem;
  Value reg(const ThreadProgram& p, const std::string& n) const {
    const Reg r = p.find_reg(n);
    REQUIRE(r != kNoReg);
    return regs[r];
  }
};

Value alu(AluOp op, Value a, Value b) {
  const auto ua = static_cast<std::uint64_t>(a), ub = static_cast<std::uint64_t>(b);
  switch (op) {
    case AluOp::Mov: return a;
    case AluOp::Add: return static_cast<Value>(ua + ub);
    case AluOp::Sub: return static_cast<Value>(ua - ub);
    case AluOp::And: return a & b;
    case AluOp::Or: return a | b;
    case AluOp::Xor: return a ^ b;
    case AluOp::Lt: return a < b;
    case AluOp::Le: return a <= b;
    case AluOp::Gt: return a > b;
    case AluOp::Ge: return a >= b;
    case AluOp::Neg: return static_cast<Value>(0 - ua);
    case AluOp::BNot: return ~a;
    default: FAIL("alu op not expected from X86Isa"); return 0;
  }
}

SeqState run_seq(const ThreadProgram& p, std::map<Value, Value> mem = {}, bool must_halt = true) {
  SeqState s;
  s.mem = std::move(mem);
  for (const auto& r : p.regs) s.regs.push_back(r.init);
  auto val = [&s](const Src& x) { return x.is_reg ? s.regs.at(x.reg) : x.imm; };
  std::size_t pc = 0;
  for (int steps = 0; steps < 10000; ++steps) {
    REQUIRE(pc < p.ops.size());
    const MicroOp& u = p.ops[pc];
    const Value ea = alu(AluOp::Add, u.addr_base != kNoReg ? s.regs.at(u.addr_base) : 0, u.addr_disp);
    ++pc;
    switch (u.kind) {
      case UopKind::Halt: return s;
      case UopKind::Nop: case UopKind::Fence: break;
      case UopKind::Syscall: case UopKind::KCall: FAIL("x86 asm never emits kernel uops"); break;
      case UopKind::StoreCond: FAIL("x86 asm never emits store-conditionals"); break;
      case UopKind::Alu: s.regs.at(u.dst) = alu(u.alu, val(u.a), val(u.b)); break;
      case UopKind::Load: s.regs.at(u.dst) = s.mem[ea]; break;
      case UopKind::Store: s.mem[ea] = val(u.a); break;
      case UopKind::Rmw: {
        const Value old = s.mem[ea], a = val(u.a), b = val(u.b);
        Value nv = 0;
        switch (u.rmw) {
          case RmwOp::Xchg: nv = a; break;
          case RmwOp::FetchAdd: nv = alu(AluOp::Add, old, a); break;
          case RmwOp::FetchSub: nv = alu(AluOp::Sub, old, a); break;
          case RmwOp::FetchAnd: nv = old & a; break;
          case RmwOp::FetchOr: nv = old | a; break;
          case RmwOp::FetchXor: nv = old ^ a; break;
          case RmwOp::CmpXchg: nv = old == a ? b : old; break;
        }
        s.mem[ea] = nv;
        s.regs.at(u.dst) = old;
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

}  // namespace

TEST_CASE("Intel MOV forms lower to Store, Load and Alu", "[x86isa]") {
  MemoryLayout l;
  const auto p = intel({"MOV [x],$1", "MOV EAX,[y]", "MOV [x],EAX", "MOV EBX,$-2", "MOV ECX,EBX"}, l);
  REQUIRE(p.ops.size() == 6);
  const Reg eax = p.find_reg("EAX"), ebx = p.find_reg("EBX"), ecx = p.find_reg("ECX");
  REQUIRE(eax != kNoReg);
  REQUIRE(ebx != kNoReg);
  REQUIRE(ecx != kNoReg);

  CHECK(p.ops[0].kind == UopKind::Store);
  CHECK(p.ops[0].addr_disp == addr(l, "x"));
  CHECK(p.ops[0].addr_base == kNoReg);
  CHECK_FALSE(p.ops[0].a.is_reg);
  CHECK(p.ops[0].a.imm == 1);

  CHECK(p.ops[1].kind == UopKind::Load);
  CHECK(p.ops[1].dst == eax);
  CHECK(p.ops[1].addr_disp == addr(l, "y"));

  CHECK(p.ops[2].kind == UopKind::Store);
  CHECK(p.ops[2].a.is_reg);
  CHECK(p.ops[2].a.reg == eax);

  CHECK(p.ops[3].kind == UopKind::Alu);
  CHECK(p.ops[3].alu == AluOp::Mov);
  CHECK(p.ops[3].dst == ebx);
  CHECK(p.ops[3].a.imm == -2);

  CHECK(p.ops[4].alu == AluOp::Mov);
  CHECK(p.ops[4].dst == ecx);
  CHECK(p.ops[4].a.reg == ebx);

  CHECK(p.ops[5].kind == UopKind::Halt);
  for (std::size_t i = 0; i < 5; ++i) CHECK(p.ops[i].src == i);
  REQUIRE(p.positions.size() == 5);
  CHECK(p.positions[3].line == kLine + 3);
  for (const auto& r : p.regs) {
    CHECK(r.user_visible);
    CHECK(r.init == 0);
  }
  CHECK(l.size() == 2);
}

TEST_CASE("mnemonics are case-insensitive; registers keep upper case in Intel", "[x86isa]") {
  MemoryLayout l;
  const auto p = intel({"mov eax,[x]", "Mfence"}, l);
  REQUIRE(p.ops.size() == 3);
  CHECK(p.ops[0].dst == p.find_reg("EAX"));
  CHECK(p.ops[1].kind == UopKind::Fence);
}

TEST_CASE("fences carry their x86 codes", "[x86isa]") {
  MemoryLayout l;
  const auto p = intel({"MFENCE", "LFENCE", "SFENCE"}, l);
  REQUIRE(p.ops.size() == 4);
  CHECK(p.ops[0].kind == UopKind::Fence);
  CHECK(p.ops[0].fence == x86::kMfence);
  CHECK(p.ops[1].fence == x86::kLfence);
  CHECK(p.ops[2].fence == x86::kSfence);
  const auto q = att({"mfence"}, l);
  CHECK(q.ops[0].fence == x86::kMfence);
}

TEST_CASE("empty cells emit nothing but keep their position", "[x86isa]") {
  MemoryLayout l;
  const auto p = intel({"", "  ", "MOV [x],$1", ""}, l);
  REQUIRE(p.ops.size() == 2);
  CHECK(p.ops[0].src == 2);
  CHECK(p.positions.size() == 4);
  CHECK(p.ops[1].kind == UopKind::Halt);
  CHECK(p.ops[1].src < p.positions.size());

  const auto e = intel({}, l);
  REQUIRE(e.ops.size() == 1);
  CHECK(e.ops[0].kind == UopKind::Halt);
  CHECK(e.ops[0].src < e.positions.size());
}

TEST_CASE("AT&T operands are source first and registers are canonical 64-bit names", "[x86isa]") {
  MemoryLayout l;
  const auto p = att({"movl $1,(x)", "movl (y),%eax", "movq %rax,(x)", "mov (y),%ebx",
                      "movl %ebx,%ecx", "movb $2,(z)"},
                     l);
  REQUIRE(p.ops.size() == 7);
  const Reg rax = p.find_reg("rax"), rbx = p.find_reg("rbx"), rcx = p.find_reg("rcx");
  REQUIRE(rax != kNoReg);
  REQUIRE(rbx != kNoReg);
  REQUIRE(rcx != kNoReg);
  CHECK(p.find_reg("eax") == kNoReg);
  CHECK(p.ops[0].kind == UopKind::Store);
  CHECK(p.ops[0].addr_disp == addr(l, "x"));
  CHECK(p.ops[0].a.imm == 1);
  CHECK(p.ops[1].kind == UopKind::Load);
  CHECK(p.ops[1].dst == rax);
  CHECK(p.ops[1].addr_disp == addr(l, "y"));
  CHECK(p.ops[2].kind == UopKind::Store);
  CHECK(p.ops[2].a.reg == rax);
  CHECK(p.ops[3].dst == rbx);
  CHECK(p.ops[4].kind == UopKind::Alu);
  CHECK(p.ops[4].dst == rcx);
  CHECK(p.ops[4].a.reg == rbx);
  CHECK(p.ops[5].addr_disp == addr(l, "z"));
  CHECK(p.regs.size() == 3);
}

TEST_CASE("register-indirect and indexed addresses", "[x86isa]") {
  MemoryLayout l;
  const auto p = intel({"MOV EAX,[EBX]", "MOV [x+ECX],$1", "MOV EDX,[EBX+8]"}, l);
  REQUIRE(p.ops.size() == 4);
  CHECK(p.ops[0].addr_base == p.find_reg("EBX"));
  CHECK(p.ops[0].addr_disp == 0);
  CHECK(p.ops[1].addr_base == p.find_reg("ECX"));
  CHECK(p.ops[1].addr_disp == addr(l, "x"));
  CHECK(p.ops[2].addr_base == p.find_reg("EBX"));
  CHECK(p.ops[2].addr_disp == 8);

  const auto q = att({"movl (%rbx),%eax", "movq $1,8(%rcx)", "movl %eax,x(%rdx)"}, l);
  REQUIRE(q.ops.size() == 4);
  CHECK(q.ops[0].addr_base == q.find_reg("rbx"));
  CHECK(q.ops[0].dst == q.find_reg("rax"));
  CHECK(q.ops[1].addr_base == q.find_reg("rcx"));
  CHECK(q.ops[1].addr_disp == 8);
  CHECK(q.ops[2].addr_base == q.find_reg("rdx"));
  CHECK(q.ops[2].addr_disp == addr(l, "x"));

  // Two registers: their sum is computed into a hidden temporary first.
  const auto r = intel({"MOV EAX,[EBX+ECX]"}, l);
  REQUIRE(r.ops.size() == 3);
  CHECK(r.ops[0].kind == UopKind::Alu);
  CHECK(r.ops[0].alu == AluOp::Add);
  CHECK(r.ops[1].addr_base == r.ops[0].dst);
  CHECK_FALSE(r.regs[r.ops[0].dst].user_visible);
}

TEST_CASE("XCHG with memory is one locked Rmw", "[x86isa]") {
  for (const auto& text : {"XCHG [x],EAX", "XCHG EAX,[x]", "LOCK XCHG [x],EAX"}) {
    MemoryLayout l;
    const auto p = intel({text}, l);
    INFO(text);
    REQUIRE(p.ops.size() == 2);
    const Reg eax = p.find_reg("EAX");
    CHECK(p.ops[0].kind == UopKind::Rmw);
    CHECK(p.ops[0].rmw == RmwOp::Xchg);
    CHECK(p.ops[0].flags == kLocked);
    CHECK(p.ops[0].dst == eax);
    CHECK(p.ops[0].a.is_reg);
    CHECK(p.ops[0].a.reg == eax);
    CHECK(p.ops[0].addr_disp == addr(l, "x"));
  }
  MemoryLayout l;
  const auto q = att({"xchgl %eax,(x)"}, l);
  CHECK(q.ops[0].rmw == RmwOp::Xchg);
  CHECK(q.ops[0].dst == q.find_reg("rax"));
}

TEST_CASE("LOCK'd arithmetic lowers to locked Rmw", "[x86isa]") {
  MemoryLayout l;
  const auto p = intel({"LOCK ADD [x],$1", "LOCK XADD [x],EAX", "LOCK CMPXCHG [y],EBX",
                        "LOCK INC [x]", "LOCK DEC [x]", "LOCK ADD [x],ECX", "LOCK OR [x],$4"},
                       l);
  REQUIRE(p.ops.size() == 8);
  for (std::size_t i = 0; i < 7; ++i) {
    CHECK(p.ops[i].kind == UopKind::Rmw);
    CHECK(p.ops[i].flags == kLocked);
  }
  const Reg eax = p.find_reg("EAX"), ebx = p.find_reg("EBX");
  CHECK(p.ops[0].rmw == RmwOp::FetchAdd);
  CHECK(p.ops[0].a.imm == 1);
  CHECK_FALSE(p.regs[p.ops[0].dst].user_visible);

  CHECK(p.ops[1].rmw == RmwOp::FetchAdd);
  CHECK(p.ops[1].dst == eax);
  CHECK(p.ops[1].a.reg == eax);

  CHECK(p.ops[2].rmw == RmwOp::CmpXchg);
  CHECK(p.ops[2].dst == eax);
  CHECK(p.ops[2].a.reg == eax);
  CHECK(p.ops[2].b.reg == ebx);
  CHECK(p.ops[2].addr_disp == addr(l, "y"));

  CHECK(p.ops[3].rmw == RmwOp::FetchAdd);
  CHECK(p.ops[3].a.imm == 1);
  CHECK(p.ops[4].rmw == RmwOp::FetchSub);
  CHECK(p.ops[4].a.imm == 1);
  CHECK(p.ops[5].a.reg == p.find_reg("ECX"));
  CHECK(p.ops[6].rmw == RmwOp::FetchOr);

  const auto q = att({"lock xaddl %eax,(x)", "lock addl $1,(x)", "lock cmpxchgl %ebx,(x)"}, l);
  REQUIRE(q.ops.size() == 4);
  CHECK(q.ops[0].rmw == RmwOp::FetchAdd);
  CHECK(q.ops[0].dst == q.find_reg("rax"));
  CHECK(q.ops[1].a.imm == 1);
  CHECK(q.ops[2].rmw == RmwOp::CmpXchg);
  CHECK(q.ops[2].a.reg == q.find_reg("rax"));
  CHECK(q.ops[2].b.reg == q.find_reg("rbx"));
}

TEST_CASE("CMPXCHG compares with the accumulator of the source's width", "[x86isa]") {
  MemoryLayout l;
  const auto p = intel({"LOCK CMPXCHG [x],RBX"}, l);
  CHECK(p.ops[0].a.reg == p.find_reg("RAX"));
}

TEST_CASE("register ALU instructions", "[x86isa]") {
  MemoryLayout l;
  const auto p = intel({"ADD EAX,$1", "SUB EAX,EBX", "XOR ECX,ECX", "INC EDX", "DEC EDX",
                        "AND EAX,$3", "OR EAX,EBX"},
                       l);
  REQUIRE(p.ops.size() == 8);
  const Reg eax = p.find_reg("EAX");
  CHECK(p.ops[0].kind == UopKind::Alu);
  CHECK(p.ops[0].alu == AluOp::Add);
  CHECK(p.ops[0].dst == eax);
  CHECK(p.ops[0].a.reg == eax);
  CHECK(p.ops[0].b.imm == 1);
  CHECK(p.ops[1].alu == AluOp::Sub);
  CHECK(p.ops[1].b.reg == p.find_reg("EBX"));
  CHECK(p.ops[2].alu == AluOp::Xor);
  CHECK(p.ops[3].alu == AluOp::Add);
  CHECK(p.ops[4].alu == AluOp::Sub);
  CHECK(p.ops[5].alu == AluOp::And);
  CHECK(p.ops[6].alu == AluOp::Or);
}

TEST_CASE("register initialisers come from the init block", "[x86isa]") {
  LitmusTest t;
  InitItem a;
  a.tid = 0, a.name = "EAX", a.has_value = true, a.value = 5;
  InitItem b;
  b.tid = 0, b.name = "ebx", b.has_value = true, b.value_is_loc = true, b.value_loc = "y";
  InitItem other;
  other.tid = 1, other.name = "EAX", other.has_value = true, other.value = 7;
  t.init = {a, b, other};
  MemoryLayout l;
  const auto p = lower(Dialect::Intel, {"MOV [x],EAX", "MOV [EBX],$1"}, l, t);
  const Reg eax = p.find_reg("EAX"), ebx = p.find_reg("EBX");
  REQUIRE(eax != kNoReg);
  REQUIRE(ebx != kNoReg);
  CHECK(p.regs[eax].init == 5);
  CHECK(p.regs[ebx].init == addr(l, "y"));
  CHECK(p.regs[ebx].is_pointer);
  CHECK(p.ops[1].addr_base == ebx);

  const auto q = lower(Dialect::Intel, {"MOV [x],EAX"}, l, t, 1);
  CHECK(q.regs[q.find_reg("EAX")].init == 7);

  LitmusTest u;
  InitItem c;
  c.tid = 0, c.name = "eax", c.has_value = true, c.value = 3;
  u.init = {c};
  const auto r = lower(Dialect::Att, {"movl %eax,(x)"}, l, u);
  REQUIRE(r.find_reg("rax") != kNoReg);
  CHECK(r.regs[r.find_reg("rax")].init == 3);
  CHECK(r.regs.size() == 1);
}

TEST_CASE("canonical_reg", "[x86isa]") {
  const X86Isa in(Dialect::Intel), at(Dialect::Att);
  CHECK(in.canonical_reg("EAX") == "EAX");
  CHECK(in.canonical_reg("eax") == "EAX");
  CHECK(in.canonical_reg("r8d") == "R8D");
  CHECK(in.canonical_reg("RAX") == "RAX");
  CHECK(in.canonical_reg("x") == "");
  CHECK(in.canonical_reg("%eax") == "");
  CHECK(in.canonical_reg("") == "");
  for (const char* n : {"%eax", "eax", "%rax", "rax", "%ax", "%al", "%ah", "RAX", "%EAX"})
    CHECK(at.canonical_reg(n) == "rax");
  CHECK(at.canonical_reg("%ebx") == "rbx");
  CHECK(at.canonical_reg("%r8d") == "r8");
  CHECK(at.canonical_reg("%r8") == "r8");
  CHECK(at.canonical_reg("r15w") == "r15");
  CHECK(at.canonical_reg("%sil") == "rsi");
  CHECK(at.canonical_reg("%esp") == "rsp");
  CHECK(at.canonical_reg("x") == "");
  CHECK(at.canonical_reg("%foo") == "");
  CHECK(at.canonical_reg("%") == "");
  CHECK(at.canonical_reg("") == "");
}

TEST_CASE("CMP and conditional jumps via the hidden flags register", "[x86isa]") {
  MemoryLayout l;
  const auto p = intel({"MOV EAX,[x]", "CMP EAX,$1", "JE L0", "MOV [y],$1", "L0:", "MOV [z],$1"},
                       l);
  REQUIRE(p.ops.size() == 6);
  CHECK(p.ops[1].kind == UopKind::Alu);
  CHECK(p.ops[1].alu == AluOp::Sub);
  const Reg flags = p.ops[1].dst;
  CHECK_FALSE(p.regs[flags].user_visible);
  CHECK(p.ops[2].kind == UopKind::Branch);
  CHECK(p.ops[2].flags == kBranchIfZero);
  CHECK(p.ops[2].a.reg == flags);
  CHECK(p.ops[2].target == 4);
  CHECK(p.ops[4].addr_disp == addr(l, "z"));

  // Semantics: taken when [x] == 1.
  CHECK(run_seq(p, {{addr(l, "x"), 1}}).mem.count(addr(l, "y")) == 0);
  CHECK(run_seq(p, {{addr(l, "x"), 2}}).mem.at(addr(l, "y")) == 1);

  const auto q = intel({"L1: MOV EAX,[x]", "CMP EAX,$0", "JNE L2", "JMP L1", "L2:"}, l);
  REQUIRE(q.ops.size() == 5);
  CHECK(q.ops[2].flags == 0);
  CHECK(q.ops[2].target == 4);
  CHECK(q.ops[3].a.imm == 1);
  CHECK_FALSE(q.ops[3].a.is_reg);
  CHECK(q.ops[3].target == 0);
  CHECK(q.ops[4].kind == UopKind::Halt);
}

TEST_CASE("counting loop: DEC sets the flags JNE tests", "[x86isa]") {
  MemoryLayout l;
  const auto p = intel({"MOV ECX,$3", "L: INC EAX", "DEC ECX", "JNE L"}, l);
  const auto s = run_seq(p);
  CHECK(s.reg(p, "EAX") == 3);
  CHECK(s.reg(p, "ECX") == 0);
  const auto q = att({"movl $-2,%ecx", "L: incl %eax", "addl $1,%ecx", "js L"}, l);
  CHECK(run_seq(q).reg(q, "rax") == 2);
  const auto r = intel({"MOV EAX,$5", "CMP EAX,$3", "JG L", "MOV EBX,$1", "L:"}, l);
  CHECK(run_seq(r).reg(r, "EBX") == 0);
}

TEST_CASE("multi-uop lowerings compute x86 semantics", "[x86isa]") {
  MemoryLayout l;
  const auto x = static_cast<Value>(l.intern("x").addr.raw());  // the first location
  SECTION("CMPXCHG success and failure, locked and not, with and without flags") {
    for (const char* lock : {"LOCK ", ""}) {
      for (bool flags : {false, true}) {
        std::vector<std::string> rows = {std::string(lock) + "CMPXCHG [x],EBX"};
        if (flags) rows.push_back("JNE L");
        rows.push_back("L:");
        MemoryLayout m;
        m.intern("x");
        INFO(rows[0] << " flags=" << flags);
        LitmusTest t;
        InitItem a, b;
        a.tid = 0, a.name = "EAX", a.has_value = true, a.value = 5;
        b.tid = 0, b.name = "EBX", b.has_value = true, b.value = 9;
        t.init = {a, b};
        const auto p = lower(Dialect::Intel, rows, m, t);
        auto ok = run_seq(p, {{x, 5}});
        CHECK(ok.mem.at(x) == 9);
        CHECK(ok.reg(p, "EAX") == 5);
        auto bad = run_seq(p, {{x, 7}});
        CHECK(bad.mem.at(x) == 7);
        CHECK(bad.reg(p, "EAX") == 7);
        CHECK(bad.reg(p, "EBX") == 9);
      }
    }
  }
  SECTION("XADD, XCHG, UXCH, unlocked memory arithmetic") {
    LitmusTest t;
    InitItem a;
    a.tid = 0, a.name = "EAX", a.has_value = true, a.value = 2;
    t.init = {a};
    for (const char* text : {"LOCK XADD [x],EAX", "XADD [x],EAX"}) {
      MemoryLayout m;
      m.intern("x");
      const auto p = lower(Dialect::Intel, {text, "JE L", "L:"}, m, t);
      const auto s = run_seq(p, {{x, 10}});
      CHECK(s.mem.at(x) == 12);
      CHECK(s.reg(p, "EAX") == 10);
    }
    MemoryLayout m;
    m.intern("x");
    const auto p = lower(Dialect::Intel, {"UXCH [x],EAX"}, m, t);
    auto s = run_seq(p, {{x, 10}});
    CHECK(s.mem.at(x) == 2);
    CHECK(s.reg(p, "EAX") == 10);
    const auto q = lower(Dialect::Intel, {"ADD [x],EAX", "NOT [x]", "INC [x]"}, m, t);
    CHECK(q.ops[0].kind == UopKind::Load);
    s = run_seq(q, {{x, 10}});
    CHECK(s.mem.at(x) == ~Value{12} + 1);
    const auto r = lower(Dialect::Intel, {"MOV EBX,$7", "XCHG EAX,EBX", "XADD EAX,EBX"}, m, t);
    s = run_seq(r);
    CHECK(s.reg(r, "EAX") == 9);
    CHECK(s.reg(r, "EBX") == 7);
  }
}

TEST_CASE("location immediates and memory sources", "[x86isa]") {
  MemoryLayout l;
  const auto p = att({"movq $y,%rax", "movl (%rax),%ebx", "addl (x),%ebx"}, l);
  REQUIRE(p.ops.size() == 5);
  CHECK(p.ops[0].a.imm == addr(l, "y"));
  CHECK(p.ops[2].kind == UopKind::Load);
  CHECK(p.ops[3].kind == UopKind::Alu);
  CHECK(p.ops[3].dst == p.find_reg("rbx"));
}

TEST_CASE("errors name the offending token's position", "[x86isa]") {
  const auto I = Dialect::Intel;
  const auto A = Dialect::Att;
  require_error(I, {"MFENCE", " FOO [x],$1"}, "unsupported", 1, 1, "unsupported instruction 'FOO'");
  require_error(I, {"MOV QQQ,[x]"}, "parse", 0, 4, "expected a register, [location] or $immediate");
  require_error(I, {"MOV x,$1"}, "parse", 0, 4, "unknown register 'x'");
  require_error(I, {"MOV $1,$2"}, "parse", 0, 4, "expected a register or memory destination");
  require_error(I, {"MOV [x],[y]"}, "parse", 0, 8, "memory-to-memory");
  require_error(A, {"movl (x),(y)"}, "parse", 0, 9, "memory-to-memory");
  require_error(I, {"MFENCE foo"}, "parse", 0, 7, "expected end of instruction");
  require_error(I, {"MOV EAX,[x] junk"}, "parse", 0, 12, "expected ',' or end of instruction");
  require_error(I, {"MOV EAX"}, "parse", 0, 7, "expects 2 operands");
  require_error(I, {"MOV EAX,"}, "parse", 0, 8, "expects 2 operands");
  require_error(I, {"MOV EAX,[x],EBX"}, "parse", 0, 12, "takes 2 operands");
  require_error(I, {"MOV EAX,[x"}, "parse", 0, 10, "expected '+', '-' or ']'");
  require_error(I, {"LOCK MOV [x],EAX"}, "parse", 0, 0, "LOCK cannot prefix 'MOV'");
  require_error(I, {"LOCK ADD EAX,$1"}, "parse", 0, 9, "expected a memory destination");
  require_error(I, {"LOCK"}, "parse", 0, 4, "expected an instruction after LOCK");
  require_error(I, {"LOCK NEG [x]"}, "unsupported", 0, 5, "unsupported instruction 'LOCK NEG'");
  require_error(I, {"JE L9"}, "parse", 0, 3, "undefined label 'L9'");
  require_error(I, {"L0:", "L0: MFENCE"}, "parse", 1, 0, "label 'L0' is defined twice");
  require_error(I, {"JMP $1"}, "parse", 0, 4, "expected a label");
  require_error(I, {"MOV EAX,#1"}, "parse", 0, 8, "unexpected character '#'");
  require_error(I, {"MOV EAX,$99999999999999999999"}, "parse", 0, 9, "out of range");
  require_error(I, {"MOV EAX,$12ab"}, "parse", 0, 9, "malformed number");
  require_error(I, {"$1"}, "parse", 0, 0, "expected an instruction mnemonic");
  require_error(I, {"XCHG [x],$1"}, "parse", 0, 9, "expected a register or memory operand");
  require_error(I, {"LOCK XADD [x],$1"}, "parse", 0, 14, "expected a register");
  require_error(I, {"MOV EAX,[EBX+ECX+EDX]"}, "parse", 0, 17, "at most two registers");
  require_error(I, {"MOV EAX,$EBX"}, "parse", 0, 9, "expected a number or location after '$'");
  require_error(A, {"movl %foo,(x)"}, "parse", 0, 5, "unknown register '%foo'");
  require_error(A, {"movl $1,x"}, "parse", 0, 8, "expected a %register, (location) or $immediate");
  require_error(A, {"movl $1,(x"}, "parse", 0, 10, "expected ')'");
  require_error(A, {"frob %eax"}, "unsupported", 0, 0, "unsupported instruction 'frob'");
  require_error(A, {"cmpxchg8b (x)"}, "unsupported", 0, 0, "unsupported instruction");

  LitmusTest t;
  InitItem bad;
  bad.tid = 0, bad.name = "FOO", bad.has_value = true, bad.value = 1;
  bad.pos = SourcePos{"t.litmus", kLine, kCol + 3};
  t.init = {bad};
  require_error(I, {"MFENCE"}, "parse", 0, 3, "'FOO' is not an X86 register", t);
}

TEST_CASE("random input never crashes: it lowers or throws BadInput", "[x86isa]") {
  static const char* const pieces[] = {
      "MOV", "mov", "movl", "LOCK", "lock", "XCHG", "CMPXCHG", "XADD", "ADD", "INC", "NEG",
      "NOT", "CMP", "TEST", "JE", "JNE", "JMP", "JG", "MFENCE", "UXCH", "L0", "L1", ":", ",",
      "[", "]", "(", ")", "$", "-", "+", "%", ";", "*", "x", "y", "EAX", "RBX", "%eax", "%r8d",
      "0", "1", "0x10", "99999999999999999999", " ", "  ", "\t", "#", "\x01", "\xff", "ax"};
  // Well-formed-looking instructions, to reach every lowering path.
  static const char* const mnems[] = {
      "MOV", "XCHG", "UXCH", "XADD", "CMPXCHG", "ADD", "SUB", "AND", "OR", "XOR", "INC", "DEC",
      "NEG", "NOT", "CMP", "TEST", "JE L0", "JNE L1", "JL L0", "JGE L1", "JG L0", "JLE L1",
      "JS L0", "JNS L1", "JMP L1", "MFENCE", "NOP", "L0:", "L1:"};
  static const char* const operands[] = {
      "EAX", "EBX", "RAX", "$1", "$-3", "$x", "[x]", "[y]", "[EBX]", "[x+ECX]", "[EAX+EBX]",
      "%eax", "%ebx", "(x)", "(%rbx)", "8(%rcx)", "(%rax,%rbx)", "$2"};
  std::mt19937 rng(12345);
  std::uniform_int_distribution<std::size_t> pick(0, sizeof(pieces) / sizeof(pieces[0]) - 1);
  std::uniform_int_distribution<std::size_t> pick_m(0, sizeof(mnems) / sizeof(mnems[0]) - 1);
  std::uniform_int_distribution<std::size_t> pick_o(0, sizeof(operands) / sizeof(operands[0]) - 1);
  std::uniform_int_distribution<int> len(0, 8), nrows(1, 4), nops(0, 2), coin(0, 3);
  int ok = 0;
  for (int iter = 0; iter < 20000; ++iter) {
    std::vector<std::string> rows;
    const int n = nrows(rng);
    const bool structured = iter % 4 < 2;
    for (int r = 0; r < n; ++r) {
      std::string s;
      if (structured) {
        s = coin(rng) == 0 ? "LOCK " : "";
        s += mnems[pick_m(rng)];
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
      const auto p = lower(iter % 2 ? Dialect::Intel : Dialect::Att, rows, l);
      if (structured) run_seq(p, {}, false);  // may loop forever
      REQUIRE_FALSE(p.ops.empty());
      REQUIRE(p.ops.back().kind == UopKind::Halt);
      for (const auto& u : p.ops) {
        REQUIRE(u.src < p.positions.size());
        if (u.kind == UopKind::Branch) {
          REQUIRE(u.target >= 0);
          REQUIRE(static_cast<std::size_t>(u.target) < p.ops.size());
        }
        for (Reg r : {u.dst, u.addr_base, u.a.is_reg ? u.a.reg : kNoReg, u.b.is_reg ? u.b.reg : kNoReg})
          REQUIRE((r == kNoReg || r < p.regs.size()));
      }
      ++ok;
    } catch (const BadInput& e) {
      REQUIRE((e.kind() == "parse" || e.kind() == "unsupported"));
      REQUIRE(e.pos().line >= kLine);
    }
  }
  CHECK(ok > 300);
}

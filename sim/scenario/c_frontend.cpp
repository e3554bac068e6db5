// Statement half of the C lowering (registers, control flow) and the front end's entry point.
#include "sim/scenario/c_frontend.h"

#include <algorithm>

#include "sim/scenario/c_lexer.h"
#include "sim/scenario/c_lowering.h"
#include "sim/scenario/c_parser.h"

namespace mmsim {

ThreadProgram lower_c_thread(const LitmusTest& test, const ThreadSource& thread,
                             const PrimitiveTable& prims, MemoryLayout& layout) {
  SourcePos start = thread.body_pos;
  start.file = test.file;
  CParser parser(CLexer(thread.body, start).tokenize());
  const auto body = parser.parse_body();
  return CLowering(test, thread, prims, layout).lower(body, parser.end_pos());
}

CLowering::CLowering(const LitmusTest& test, const ThreadSource& thread,
                     const PrimitiveTable& prims, MemoryLayout& layout)
    : test_(test), thread_(thread), prims_(prims), layout_(layout) {}

ThreadProgram CLowering::lower(const std::vector<std::unique_ptr<CStmt>>& body,
                               const SourcePos& end) {
  prog_.tid = thread_.tid;
  // Parameters name the thread's shared locations: `int **p` means location p holds a pointer.
  for (const auto& p : thread_.params) {
    LocationInfo& loc = layout_.intern(p.name);
    if (std::count(p.type.begin(), p.type.end(), '*') >= 2) loc.is_pointer = true;
  }
  // `N:r0=v;` in the init block both declares and initialises a register of this thread.
  for (const auto& it : test_.init) {
    if (it.tid != thread_.tid) continue;
    Value init = it.value;
    if (it.value_is_loc) init = location_addr(it.value_loc);
    const bool ptr = it.value_is_loc || it.type.find('*') != std::string::npos;
    const Reg r = prog_.find_reg(it.name);
    if (r != kNoReg) {
      prog_.regs[r].init = it.has_value ? init : 0;
      prog_.regs[r].is_pointer = prog_.regs[r].is_pointer || ptr;
    } else {
      add_reg(RegInfo{it.name, ptr, it.has_value ? init : 0, true}, it.pos);
    }
  }
  for (const auto& s : body) statement(*s);
  patch_gotos();
  MicroOp halt;
  halt.kind = UopKind::Halt;
  emit(halt, end);
  return std::move(prog_);
}

Reg CLowering::add_reg(RegInfo info, const SourcePos& pos) {
  if (prog_.regs.size() >= kNoReg)
    throw BadInput("unsupported", pos, "too many registers in thread P" + std::to_string(thread_.tid));
  return prog_.add_reg(std::move(info));
}

// A C local. Redeclaring (or declaring a register the init block already gave a value) keeps
// one register: herd names registers by their C name alone, so there is only one `0:r1`.
Reg CLowering::declare(const std::string& name, bool is_pointer, const SourcePos& pos) {
  const Reg r = prog_.find_reg(name);
  if (r != kNoReg) {
    prog_.regs[r].is_pointer = prog_.regs[r].is_pointer || is_pointer;
    return r;
  }
  return add_reg(RegInfo{name, is_pointer, 0, true}, pos);
}

Reg CLowering::temp() {
  if (temps_used_ < temps_.size()) return temps_[temps_used_++];
  const Reg r = add_reg(RegInfo{"%t" + std::to_string(temps_.size()), false, 0, false}, stmt_pos_);
  temps_.push_back(r);
  ++temps_used_;
  return r;
}

bool CLowering::is_param(const std::string& name) const {
  return std::any_of(thread_.params.begin(), thread_.params.end(),
                     [&](const CParam& p) { return p.name == name; });
}

Value CLowering::location_addr(const std::string& name) {
  return static_cast<Value>(layout_.intern(name).addr.raw());
}

std::size_t CLowering::emit(MicroOp op, const SourcePos& pos) {
  const auto& ps = prog_.positions;
  if (ps.empty() || ps.back().line != pos.line || ps.back().column != pos.column ||
      ps.back().file != pos.file)
    prog_.positions.push_back(pos);
  op.src = static_cast<std::uint32_t>(prog_.positions.size() - 1);
  prog_.ops.push_back(op);
  return prog_.ops.size() - 1;
}

std::int32_t CLowering::here() const { return static_cast<std::int32_t>(prog_.ops.size()); }

std::size_t CLowering::branch(Src cond, bool if_zero) {
  MicroOp u;
  u.kind = UopKind::Branch;
  u.a = cond;
  u.flags = if_zero ? kBranchIfZero : 0;
  return emit(u, stmt_pos_);
}

void CLowering::patch(std::size_t branch_index, std::int32_t target) {
  prog_.ops[branch_index].target = target;
}

void CLowering::statement(const CStmt& s) {
  temps_used_ = 0;
  stmt_pos_ = s.pos;
  switch (s.kind) {
    case CStmt::Kind::Empty: return;
    case CStmt::Kind::Expr: effect(*s.expr); return;
    case CStmt::Kind::Decl: declaration(s); return;
    case CStmt::Kind::Block:
      for (const auto& k : s.body) statement(*k);
      return;
    case CStmt::Kind::If: if_stmt(s); return;
    case CStmt::Kind::While:
    case CStmt::Kind::DoWhile:
    case CStmt::Kind::For: loop(s); return;
    case CStmt::Kind::Break:
    case CStmt::Kind::Continue: jump_out(s); return;
    case CStmt::Kind::Label: define_label(s); return;
    case CStmt::Kind::Goto: go_to(s, Src::i(1)); return;
  }
}

void CLowering::declaration(const CStmt& s) {
  for (const auto& d : s.decls) {
    const Reg r = declare(d.name, d.is_pointer, d.pos);
    if (d.init) {
      temps_used_ = 0;
      stmt_pos_ = d.pos;
      move_into(r, value(*d.init, r));
    }
  }
}

// Emits "branch past here if `cond` is false". Returns false (nothing emitted) when the
// condition is a non-zero constant, so `while (1)` costs no branch per iteration.
bool CLowering::branch_unless(const CExpr& cond, const SourcePos& pos, std::size_t& index) {
  temps_used_ = 0;
  stmt_pos_ = pos;
  const Src c = value(cond);
  if (!c.is_reg && c.imm != 0) return false;
  index = branch(c, true);
  return true;
}

void CLowering::if_stmt(const CStmt& s) {
  // `if (c) goto L;` is one conditional branch (LISA's `b[] r L`), not a branch around a jump:
  // the program keeps the shape the test wrote.
  if (s.body.size() == 1 && s.body[0]->kind == CStmt::Kind::Goto) {
    temps_used_ = 0;
    stmt_pos_ = s.pos;
    const Src c = value(*s.expr);
    if (c.is_reg || c.imm != 0) go_to(*s.body[0], c);
    return;
  }
  std::size_t to_else = 0;
  const bool has_branch = branch_unless(*s.expr, s.pos, to_else);
  statement(*s.body[0]);
  if (s.body.size() < 2) {
    if (has_branch) patch(to_else, here());
    return;
  }
  stmt_pos_ = s.pos;
  const std::size_t to_end = branch(Src::i(1), false);
  if (has_branch) patch(to_else, here());
  statement(*s.body[1]);
  patch(to_end, here());
}

// while: top: if (!c) goto end; body; goto top;     continue → top
// do:    top: body; cont: if (c) goto top;           continue → cont
// for:   init; top: if (!c) goto end; body; cont: step; goto top;
void CLowering::loop(const CStmt& s) {
  if (s.kind == CStmt::Kind::For) statement(*s.init);
  const std::int32_t top = here();
  std::size_t to_end = 0;
  bool has_exit = false;
  if (s.kind != CStmt::Kind::DoWhile && s.expr) has_exit = branch_unless(*s.expr, s.pos, to_end);
  loops_.emplace_back();
  statement(*s.body[0]);
  const std::int32_t cont = here();
  stmt_pos_ = s.pos;
  if (s.kind == CStmt::Kind::DoWhile) {
    temps_used_ = 0;
    const Src c = value(*s.expr);
    if (c.is_reg || c.imm != 0) patch(branch(c, false), top);
  } else {
    if (s.step) {
      temps_used_ = 0;
      effect(*s.step);
    }
    patch(branch(Src::i(1), false), top);
  }
  const std::int32_t end = here();
  if (has_exit) patch(to_end, end);
  for (std::size_t b : loops_.back().breaks) patch(b, end);
  for (std::size_t c : loops_.back().continues) patch(c, s.kind == CStmt::Kind::While ? top : cont);
  loops_.pop_back();
}

void CLowering::jump_out(const CStmt& s) {
  const bool is_break = s.kind == CStmt::Kind::Break;
  if (loops_.empty())
    throw BadInput("parse", s.pos,
                   std::string("'") + (is_break ? "break" : "continue") + "' outside a loop");
  const std::size_t b = branch(Src::i(1), false);
  (is_break ? loops_.back().breaks : loops_.back().continues).push_back(b);
}

// A label names the next micro-op. Labels are per thread, as herd7's are, so a second
// definition is an error rather than a shadowing.
void CLowering::define_label(const CStmt& s) {
  const auto [it, fresh] = labels_.emplace(s.label, LabelAt{here(), s.pos});
  if (!fresh)
    throw BadInput("parse", s.pos,
                   "duplicate label '" + s.label + "' (first defined at line " +
                       std::to_string(it->second.pos.line) + ", column " +
                       std::to_string(it->second.pos.column) + "; expected one per thread)");
}

// Jumps to the goto's label when `cond` is non-zero (an immediate 1: always); the branch
// carries the statement's position (`if`'s for a conditional goto). The target is filled in
// by patch_gotos, once labels further down are known too.
void CLowering::go_to(const CStmt& s, Src cond) {
  gotos_.push_back(PendingGoto{branch(cond, false), s.label, s.pos});
}

void CLowering::patch_gotos() {
  for (const auto& g : gotos_) {
    const auto it = labels_.find(g.label);
    if (it == labels_.end())
      throw BadInput("parse", g.pos,
                     "undefined label '" + g.label + "' (expected a label 'NAME:' in thread P" +
                         std::to_string(thread_.tid) + ")");
    patch(g.branch, it->second.index);
  }
  gotos_.clear();
}

}  // namespace mmsim

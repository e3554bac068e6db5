// CLowering turns one parsed C thread body into micro-ops. Internal to the C front end
// (c_frontend.h is the public entry point). Split across two files by concern:
// c_lowering.cpp (expressions, addresses, primitive calls) and c_frontend.cpp (registers,
// statements, control flow).
#pragma once
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "sim/arch/primitive_table.h"
#include "sim/cpu/thread_program.h"
#include "sim/scenario/c_parser.h"
#include "sim/scenario/litmus_test.h"
#include "sim/scenario/memory_layout.h"

namespace mmsim {

class CLowering {
 public:
  CLowering(const LitmusTest& test, const ThreadSource& thread, const PrimitiveTable& prims,
            MemoryLayout& layout);
  ThreadProgram lower(const std::vector<std::unique_ptr<CStmt>>& body, const SourcePos& end);

 private:
  // Effective address = reg[base] (if any) + disp, as a memory micro-op encodes it.
  struct Address {
    Reg base = kNoReg;
    Value disp = 0;
  };
  // Branches waiting for a target that is known only once the loop is fully emitted.
  struct Loop {
    std::vector<std::size_t> breaks, continues;
  };
  // A label's micro-op index, and a goto's branch until every label is known (gotos may
  // jump forward).
  struct LabelAt {
    std::int32_t index = 0;
    SourcePos pos;
  };
  struct PendingGoto {
    std::size_t branch = 0;
    std::string label;
    SourcePos pos;
  };

  // c_frontend.cpp
  Reg add_reg(RegInfo info, const SourcePos& pos);
  Reg declare(const std::string& name, bool is_pointer, const SourcePos& pos);
  Reg temp();
  bool is_param(const std::string& name) const;
  Value location_addr(const std::string& name);
  std::size_t emit(MicroOp op, const SourcePos& pos);
  std::int32_t here() const;
  std::size_t branch(Src cond, bool if_zero);
  void patch(std::size_t branch_index, std::int32_t target);
  void statement(const CStmt& s);
  void declaration(const CStmt& s);
  void if_stmt(const CStmt& s);
  void loop(const CStmt& s);
  bool branch_unless(const CExpr& cond, const SourcePos& pos, std::size_t& index);
  void jump_out(const CStmt& s);
  void define_label(const CStmt& s);
  void go_to(const CStmt& s, Src cond);
  void patch_gotos();

  // c_lowering.cpp
  void effect(const CExpr& e);
  void assign(const CExpr& e);
  Reg assign_target(const CExpr& target, const CExpr& rhs);
  Reg existing_reg(const CExpr& name);
  Src value(const CExpr& e, Reg want = kNoReg);
  Src name_value(const CExpr& e);
  Src unary(const CExpr& e, Reg want);
  Src conditional(const CExpr& e, Reg want);
  Src binary(const CExpr& e, Reg want);
  Src alu(AluOp op, Src a, Src b, Reg want);
  void move_into(Reg dst, Src v);
  Address address(const CExpr& ptr);
  Src plain_load(const Address& at, Reg want, const SourcePos& pos);
  void plain_store(const Address& at, Src v, const SourcePos& pos);
  Src call(const CExpr& e, Reg want, bool need_value);
  Src kernel_call(const Primitive& p, const CExpr& e, Reg want);
  Src lock_call(const Primitive& p, const CExpr& e, const Address& at, Reg want);
  Src atomic_result(const Primitive& p, Src old, Src a, Src b, Reg want);
  static const UopTemplate& memory_template(const Primitive& p);

  const LitmusTest& test_;
  const ThreadSource& thread_;
  const PrimitiveTable& prims_;
  MemoryLayout& layout_;
  ThreadProgram prog_;
  // Temporaries live only within one statement, so they are recycled from statement to
  // statement and the register file stays small.
  std::vector<Reg> temps_;
  std::size_t temps_used_ = 0;
  std::vector<Loop> loops_;
  std::map<std::string, LabelAt> labels_;
  std::vector<PendingGoto> gotos_;
  // Position given to ALU, move and branch micro-ops: the statement (or declarator, loop
  // header) being lowered. Memory micro-ops carry their own call or `*` position instead.
  SourcePos stmt_pos_;
};

}  // namespace mmsim

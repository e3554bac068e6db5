// The AST of a C litmus thread body and the recursive-descent parser that builds it.
// The parser knows C syntax only; which calls are primitives, which names are registers or
// locations, is decided by the lowering (c_lowering.cpp), so one parser serves every arch.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "sim/scenario/c_lexer.h"

namespace mmsim {

struct CExpr {
  enum class Kind {
    Int,     // value
    Name,    // name
    Unary,   // op in - + ! ~ * &; kids[0]
    Binary,  // op is the C operator; kids[0], kids[1]
    Call,    // name(kids...)
    Assign,  // op in = += -= ...; kids[0] = target, kids[1] = value
    IncDec,  // op "++" or "--" (prefix or postfix: same effect as a statement); kids[0]
    Conditional,  // kids[0] ? kids[1] : kids[2]
  } kind = Kind::Int;
  std::string op;    // Unary, Binary, Assign, IncDec
  std::string name;  // Name, Call
  Value value = 0;   // Int
  std::vector<std::unique_ptr<CExpr>> kids;
  SourcePos pos;   // operator, name or literal token
  int depth = 1;   // height of this subtree; bounded so lowering recursion stays shallow
};

struct CDecl {
  std::string name;
  bool is_pointer = false;
  std::unique_ptr<CExpr> init;  // may be null
  SourcePos pos;                // of the name
};

struct CStmt {
  // Goto and Label are built by the LISA front end (lisa_frontend.h); the C parser itself
  // does not accept `goto`.
  enum class Kind {
    Empty, Expr, Decl, Block, If, While, DoWhile, For, Break, Continue, Goto, Label
  } kind = Kind::Empty;
  SourcePos pos;                            // first token; Goto: the label's name
  std::string label;                        // Goto: target; Label: the name it defines
  std::unique_ptr<CExpr> expr;              // Expr; condition of If/While/DoWhile/For (may be null in For)
  std::vector<CDecl> decls;                 // Decl
  std::vector<std::unique_ptr<CStmt>> body; // Block: statements; If: then[, else]; loops: body
  std::unique_ptr<CStmt> init;              // For (Expr, Decl or Empty)
  std::unique_ptr<CExpr> step;              // For (may be null)
};

class CParser {
 public:
  // Nesting bound for parentheses, unary operators, statements and expression height: deep
  // enough for any real test, shallow enough that nothing downstream can overflow the stack.
  static constexpr int kMaxDepth = 200;

  explicit CParser(std::vector<CToken> tokens);
  // The body's statements. Throws BadInput("parse") with the offending token's position.
  std::vector<std::unique_ptr<CStmt>> parse_body();
  // Position just past the body (where the closing brace is).
  const SourcePos& end_pos() const { return toks_.back().pos; }

  // Words that start a declaration or a cast: int, unsigned, long, char, void, bool, const,
  // u8..u64, s8..s64 and any name ending in _t (intptr_t, atomic_t, spinlock_t, uint64_t...).
  static bool is_type_word(const std::string& w);

 private:
  class DepthGuard;

  const CToken& peek(std::size_t ahead = 0) const;
  const CToken& next();
  bool accept(const char* punct);
  const CToken& expect(const char* punct, const std::string& context);
  [[noreturn]] void fail(const CToken& at, const std::string& expected) const;

  std::unique_ptr<CStmt> statement();
  std::unique_ptr<CStmt> block();
  std::unique_ptr<CStmt> declaration();
  std::unique_ptr<CStmt> if_stmt();
  std::unique_ptr<CStmt> loop_stmt();
  std::unique_ptr<CExpr> condition(const char* keyword);

  std::unique_ptr<CExpr> expression();
  std::unique_ptr<CExpr> conditional(std::unique_ptr<CExpr> cond);
  std::unique_ptr<CExpr> binary(int min_prec);
  std::unique_ptr<CExpr> unary();
  std::unique_ptr<CExpr> postfix();
  std::unique_ptr<CExpr> primary();
  bool at_cast() const;
  void skip_type_name();
  std::unique_ptr<CExpr> node(CExpr::Kind kind, const CToken& at);
  void adopt(CExpr& parent, std::unique_ptr<CExpr> kid);

  std::vector<CToken> toks_;
  std::size_t i_ = 0;
  int depth_ = 0;
};

}  // namespace mmsim

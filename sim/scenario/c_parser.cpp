#include "sim/scenario/c_parser.h"

#include <algorithm>

namespace mmsim {
namespace {

bool is_keyword(const std::string& w) {
  static const char* const kWords[] = {"if",     "else", "while",  "do",   "for",
                                       "break",  "continue", "return", "goto", "switch",
                                       "case",   "default",  "sizeof"};
  return std::any_of(std::begin(kWords), std::end(kWords), [&](const char* k) { return w == k; });
}

bool is_assign_op(const CToken& t) {
  static const char* const kOps[] = {"=",  "+=", "-=", "*=", "/=",  "%=",
                                     "&=", "|=", "^=", "<<=", ">>="};
  return t.kind == CToken::Kind::Punct &&
         std::any_of(std::begin(kOps), std::end(kOps), [&](const char* k) { return t.text == k; });
}

// C precedence, loosest first; 0 = not a binary operator.
int binary_prec(const CToken& t) {
  if (t.kind != CToken::Kind::Punct) return 0;
  const std::string& s = t.text;
  if (s == "||") return 1;
  if (s == "&&") return 2;
  if (s == "|") return 3;
  if (s == "^") return 4;
  if (s == "&") return 5;
  if (s == "==" || s == "!=") return 6;
  if (s == "<" || s == "<=" || s == ">" || s == ">=") return 7;
  if (s == "<<" || s == ">>") return 8;
  if (s == "+" || s == "-") return 9;
  if (s == "*" || s == "/" || s == "%") return 10;
  return 0;
}

std::string at_text(const SourcePos& p) {
  return std::to_string(p.line) + ":" + std::to_string(p.column);
}

}  // namespace

// Counts open nesting levels; every recursive parse path passes through one, so hostile input
// ("((((...", "if (a) if (b) ...", "- - - -x") is rejected long before the stack is at risk.
class CParser::DepthGuard {
 public:
  DepthGuard(CParser& p, const CToken& at) : p_(p) {
    if (p_.depth_ >= kMaxDepth)
      throw BadInput("parse", at.pos,
                     "nesting too deep (more than " + std::to_string(kMaxDepth) + " levels)");
    ++p_.depth_;
  }
  ~DepthGuard() { --p_.depth_; }
  DepthGuard(const DepthGuard&) = delete;
  DepthGuard& operator=(const DepthGuard&) = delete;

 private:
  CParser& p_;
};

bool CParser::is_type_word(const std::string& w) {
  static const char* const kWords[] = {
      "int", "unsigned", "signed", "long",   "short", "char", "void", "bool", "_Bool",
      "const", "volatile", "struct", "union", "enum", "u8",  "u16",  "u32",  "u64",
      "s8",  "s16",      "s32",    "s64"};
  if (std::any_of(std::begin(kWords), std::end(kWords), [&](const char* k) { return w == k; }))
    return true;
  return w.size() > 2 && w.compare(w.size() - 2, 2, "_t") == 0;
}

CParser::CParser(std::vector<CToken> tokens) : toks_(std::move(tokens)) {
  if (toks_.empty() || toks_.back().kind != CToken::Kind::End) toks_.emplace_back();
}

const CToken& CParser::peek(std::size_t ahead) const {
  return toks_[std::min(i_ + ahead, toks_.size() - 1)];
}

const CToken& CParser::next() {
  const CToken& t = toks_[i_];
  if (i_ + 1 < toks_.size()) ++i_;
  return t;
}

bool CParser::accept(const char* punct) {
  if (!peek().is(punct)) return false;
  next();
  return true;
}

const CToken& CParser::expect(const char* punct, const std::string& context) {
  if (!peek().is(punct))
    throw BadInput("parse", peek().pos,
                   std::string("expected '") + punct + "' " + context + ", found " +
                       peek().describe());
  return next();
}

void CParser::fail(const CToken& at, const std::string& expected) const {
  throw BadInput("parse", at.pos, "expected " + expected + ", found " + at.describe());
}

std::unique_ptr<CExpr> CParser::node(CExpr::Kind kind, const CToken& at) {
  auto e = std::make_unique<CExpr>();
  e->kind = kind;
  e->pos = at.pos;
  return e;
}

void CParser::adopt(CExpr& parent, std::unique_ptr<CExpr> kid) {
  // Left-associative chains (a+b+c+...) grow the tree without recursing in the parser; the
  // height check keeps the lowering's recursion as bounded as the parser's.
  parent.depth = std::max(parent.depth, kid->depth + 1);
  if (parent.depth > kMaxDepth)
    throw BadInput("parse", parent.pos,
                   "expression nested too deeply (more than " + std::to_string(kMaxDepth) +
                       " levels)");
  parent.kids.push_back(std::move(kid));
}

std::vector<std::unique_ptr<CStmt>> CParser::parse_body() {
  std::vector<std::unique_ptr<CStmt>> out;
  while (peek().kind != CToken::Kind::End) {
    if (peek().is("}"))
      throw BadInput("parse", peek().pos, "unexpected '}' (no open block to close)");
    out.push_back(statement());
  }
  return out;
}

std::unique_ptr<CStmt> CParser::statement() {
  const CToken& t = peek();
  DepthGuard guard(*this, t);
  if (t.is("{")) return block();
  auto s = std::make_unique<CStmt>();
  s->pos = t.pos;
  if (t.is(";")) {
    next();
    return s;
  }
  if (t.kind == CToken::Kind::Ident) {
    if (t.text == "if") return if_stmt();
    if (t.text == "while" || t.text == "do" || t.text == "for") return loop_stmt();
    if (t.text == "break" || t.text == "continue") {
      s->kind = t.text == "break" ? CStmt::Kind::Break : CStmt::Kind::Continue;
      const std::string word = next().text;
      expect(";", "after " + word);
      return s;
    }
    if (t.text == "else") throw BadInput("parse", t.pos, "'else' without a matching 'if'");
    if (is_keyword(t.text))
      throw BadInput("unsupported", t.pos, "'" + t.text + "' statements are not supported");
    if (is_type_word(t.text)) return declaration();
  }
  s->kind = CStmt::Kind::Expr;
  s->expr = expression();
  expect(";", "after statement");
  return s;
}

std::unique_ptr<CStmt> CParser::block() {
  auto s = std::make_unique<CStmt>();
  s->kind = CStmt::Kind::Block;
  s->pos = expect("{", "to open a block").pos;
  while (!peek().is("}")) {
    if (peek().kind == CToken::Kind::End)
      throw BadInput("parse", peek().pos,
                     "expected '}' to close the block opened at " + at_text(s->pos) +
                         ", found end of thread body");
    s->body.push_back(statement());
  }
  next();
  return s;
}

std::unique_ptr<CStmt> CParser::declaration() {
  auto s = std::make_unique<CStmt>();
  s->kind = CStmt::Kind::Decl;
  s->pos = peek().pos;
  while (peek().kind == CToken::Kind::Ident && is_type_word(peek().text)) {
    const std::string w = next().text;
    // `struct tag`: the tag is part of the type, not the declared name.
    if ((w == "struct" || w == "union" || w == "enum") && peek().kind == CToken::Kind::Ident)
      next();
  }
  for (;;) {
    CDecl d;
    while (accept("*")) {
      d.is_pointer = true;
      while (peek().is_ident("const") || peek().is_ident("volatile")) next();
    }
    const CToken& name = peek();
    if (name.kind != CToken::Kind::Ident || is_keyword(name.text) || is_type_word(name.text))
      fail(name, "a variable name in the declaration");
    next();
    d.name = name.text;
    d.pos = name.pos;
    if (peek().is("["))
      throw BadInput("unsupported", peek().pos, "array declarations are not supported");
    if (accept("=")) d.init = expression();
    s->decls.push_back(std::move(d));
    if (accept(",")) continue;
    expect(";", "after declaration");
    return s;
  }
}

std::unique_ptr<CExpr> CParser::condition(const char* keyword) {
  expect("(", std::string("after '") + keyword + "'");
  auto e = expression();
  expect(")", std::string("to close the ") + keyword + " condition");
  return e;
}

std::unique_ptr<CStmt> CParser::if_stmt() {
  auto s = std::make_unique<CStmt>();
  s->kind = CStmt::Kind::If;
  s->pos = next().pos;
  s->expr = condition("if");
  s->body.push_back(statement());
  if (peek().is_ident("else")) {
    next();
    s->body.push_back(statement());
  }
  return s;
}

std::unique_ptr<CStmt> CParser::loop_stmt() {
  auto s = std::make_unique<CStmt>();
  s->pos = peek().pos;
  const std::string word = next().text;
  if (word == "while") {
    s->kind = CStmt::Kind::While;
    s->expr = condition("while");
    s->body.push_back(statement());
  } else if (word == "do") {
    s->kind = CStmt::Kind::DoWhile;
    s->body.push_back(statement());
    if (!peek().is_ident("while")) fail(peek(), "'while' after the body of 'do'");
    next();
    s->expr = condition("do-while");
    expect(";", "after do-while");
  } else {
    s->kind = CStmt::Kind::For;
    expect("(", "after 'for'");
    s->init = std::make_unique<CStmt>();
    s->init->pos = peek().pos;
    if (peek().kind == CToken::Kind::Ident && is_type_word(peek().text)) {
      s->init = declaration();
    } else if (!accept(";")) {
      s->init->kind = CStmt::Kind::Expr;
      s->init->expr = expression();
      expect(";", "after the for initialiser");
    }
    if (!peek().is(";")) s->expr = expression();
    expect(";", "after the for condition");
    if (!peek().is(")")) s->step = expression();
    expect(")", "to close the for header");
    s->body.push_back(statement());
  }
  return s;
}

std::unique_ptr<CExpr> CParser::expression() {
  DepthGuard guard(*this, peek());
  auto lhs = binary(1);
  if (peek().is("?")) return conditional(std::move(lhs));
  if (!is_assign_op(peek())) return lhs;
  const CToken& op = next();
  auto e = node(CExpr::Kind::Assign, op);
  e->op = op.text;
  adopt(*e, std::move(lhs));
  adopt(*e, expression());  // right-associative: a = b = c
  return e;
}

// c ? a : b, after its condition: the middle is any expression, the last a conditional one
// (so ?: nests to the right, and an assignment after it is not part of it).
std::unique_ptr<CExpr> CParser::conditional(std::unique_ptr<CExpr> cond) {
  DepthGuard guard(*this, peek());
  auto e = node(CExpr::Kind::Conditional, next());
  adopt(*e, std::move(cond));
  adopt(*e, expression());
  expect(":", "in a ?: expression");
  auto rhs = binary(1);
  if (peek().is("?")) rhs = conditional(std::move(rhs));
  adopt(*e, std::move(rhs));
  return e;
}

std::unique_ptr<CExpr> CParser::binary(int min_prec) {
  auto lhs = unary();
  for (;;) {
    const int prec = binary_prec(peek());
    if (prec == 0 || prec < min_prec) return lhs;
    const CToken& op = next();
    auto e = node(CExpr::Kind::Binary, op);
    e->op = op.text;
    adopt(*e, std::move(lhs));
    adopt(*e, binary(prec + 1));
    lhs = std::move(e);
  }
}

bool CParser::at_cast() const {
  return peek().is("(") && peek(1).kind == CToken::Kind::Ident && is_type_word(peek(1).text);
}

void CParser::skip_type_name() {
  while (peek().kind == CToken::Kind::Ident && is_type_word(peek().text)) {
    const std::string w = next().text;
    if ((w == "struct" || w == "union" || w == "enum") && peek().kind == CToken::Kind::Ident)
      next();
  }
  while (peek().is("*") || peek().is_ident("const") || peek().is_ident("volatile")) next();
}

std::unique_ptr<CExpr> CParser::unary() {
  const CToken& t = peek();
  DepthGuard guard(*this, t);
  if (t.is("-") || t.is("+") || t.is("!") || t.is("~") || t.is("*") || t.is("&")) {
    next();
    auto e = node(CExpr::Kind::Unary, t);
    e->op = t.text;
    adopt(*e, unary());
    return e;
  }
  if (t.is("++") || t.is("--")) {
    next();
    auto e = node(CExpr::Kind::IncDec, t);
    e->op = t.text;
    adopt(*e, unary());
    return e;
  }
  if (at_cast()) {
    // Types are not modelled (every value is a 64-bit integer), so a cast is transparent:
    // (int)rcu_dereference(*(char **)x) is rcu_dereference(*x).
    next();
    skip_type_name();
    expect(")", "to close the cast");
    return unary();
  }
  return postfix();
}

std::unique_ptr<CExpr> CParser::postfix() {
  auto e = primary();
  for (;;) {
    const CToken& t = peek();
    if (t.is("++") || t.is("--")) {
      next();
      auto inc = node(CExpr::Kind::IncDec, t);
      inc->op = t.text;
      adopt(*inc, std::move(e));
      e = std::move(inc);
    } else if (t.is("[") || t.is("->") || t.is(".")) {
      throw BadInput("unsupported", t.pos,
                     "'" + t.text + "' (arrays and structures) is not supported");
    } else {
      return e;
    }
  }
}

std::unique_ptr<CExpr> CParser::primary() {
  const CToken& t = peek();
  if (t.kind == CToken::Kind::Number) {
    next();
    auto e = node(CExpr::Kind::Int, t);
    e->value = t.value;
    return e;
  }
  if (t.kind == CToken::Kind::Ident && !is_keyword(t.text) && !is_type_word(t.text)) {
    next();
    if (!peek().is("(")) {
      auto e = node(CExpr::Kind::Name, t);
      e->name = t.text;
      return e;
    }
    auto call = node(CExpr::Kind::Call, t);
    call->name = t.text;
    next();
    if (accept(")")) return call;
    for (;;) {
      adopt(*call, expression());
      if (accept(",")) continue;
      expect(")", "to close call of " + t.text);
      return call;
    }
  }
  if (t.is("(")) {
    next();
    auto e = expression();
    expect(")", "to match '(' at " + at_text(t.pos));
    return e;
  }
  fail(t, "an expression");
}

}  // namespace mmsim

#include "sim/scenario/condition_parser.h"

#include <string>

#include "sim/scenario/litmus_parser.h"

namespace mmsim {
namespace litmus_detail {
namespace {

// Parenthesised or negated nesting is recursive; a bound keeps hostile input from exhausting
// the stack. Real conditions nest a handful of levels.
constexpr int kMaxDepth = 200;

using Kind = Token::Kind;

std::string format_term(const CondTerm& t) {
  switch (t.kind) {
    case CondTerm::Kind::Reg:
      return std::to_string(t.tid) + ":" + t.name;
    case CondTerm::Kind::Loc:
      return "[" + t.name + "]";
    case CondTerm::Kind::Int:
      return std::to_string(t.value);
    case CondTerm::Kind::LocValue:
      return t.name;
  }
  return "?";
}

class PropParser {
 public:
  explicit PropParser(Lexer& lex) : lex_(lex) {}

  std::unique_ptr<CondExpr> implies() {
    auto lhs = disjunction();
    if (!lex_.peek_is("=>")) return lhs;
    lex_.next();
    Guard g(*this, lex_.peek());
    auto e = std::make_unique<CondExpr>();
    e->kind = CondExpr::Kind::Implies;
    e->pos = lhs->pos;
    e->kids.push_back(std::move(lhs));
    e->kids.push_back(implies());
    return e;
  }

  CondTerm term(bool rhs);

 private:
  // Counts recursion depth for the lifetime of one nested parse.
  struct Guard {
    Guard(PropParser& p, const Token& at) : p_(p) {
      if (++p_.depth_ > kMaxDepth) p_.lex_.src().fail(at.off, "proposition nested too deeply");
    }
    ~Guard() { --p_.depth_; }
    PropParser& p_;
  };

  std::unique_ptr<CondExpr> chain(CondExpr::Kind kind, const char* op, bool disj) {
    auto first = disj ? conjunction() : unary();
    if (!lex_.peek_is(op)) return first;
    auto e = std::make_unique<CondExpr>();
    e->kind = kind;
    e->pos = first->pos;
    e->kids.push_back(std::move(first));
    while (lex_.peek_is(op)) {
      lex_.next();
      e->kids.push_back(disj ? conjunction() : unary());
    }
    return e;
  }
  std::unique_ptr<CondExpr> disjunction() { return chain(CondExpr::Kind::Or, "\\/", true); }
  std::unique_ptr<CondExpr> conjunction() { return chain(CondExpr::Kind::And, "/\\", false); }

  std::unique_ptr<CondExpr> unary() {
    const Token t = lex_.peek();
    if (lex_.peek_is("~") || lex_.peek_is("not")) {
      lex_.next();
      Guard g(*this, t);
      auto e = std::make_unique<CondExpr>();
      e->kind = CondExpr::Kind::Not;
      e->pos = lex_.src().pos(t.off);
      e->kids.push_back(unary());
      return e;
    }
    return primary();
  }

  std::unique_ptr<CondExpr> primary() {
    const Token t = lex_.peek();
    if (lex_.peek_is("(")) {
      lex_.next();
      Guard g(*this, t);
      auto e = implies();
      lex_.expect(")", "')' to close the '(' at " + where(t) + " (or '/\\', '\\/', '=>')");
      return e;
    }
    if (lex_.peek_is("true") || lex_.peek_is("false")) {
      lex_.next();
      auto e = std::make_unique<CondExpr>();
      e->kind = t.text == "true" ? CondExpr::Kind::True : CondExpr::Kind::False;
      e->pos = lex_.src().pos(t.off);
      return e;
    }
    if (t.kind != Kind::Num && t.kind != Kind::Ident && !lex_.peek_is("["))
      lex_.fail_at(t,
                   "a proposition (an atom such as '0:r1=1' or 'x=1', 'true', 'false', "
                   "'~' or '(')");
    auto e = std::make_unique<CondExpr>();
    e->lhs = term(false);
    e->pos = e->lhs.pos;
    const Token op = lex_.peek();
    if (lex_.peek_is("=") || lex_.peek_is("==")) {
      e->kind = CondExpr::Kind::Eq;
    } else if (lex_.peek_is("!=") || lex_.peek_is("<>")) {
      e->kind = CondExpr::Kind::Ne;
    } else {
      lex_.fail_at(op, "'=' or '!=' after '" + format_term(e->lhs) + "'");
    }
    lex_.next();
    e->rhs = term(true);
    return e;
  }

  std::string where(const Token& t) const {
    const SourcePos p = lex_.src().pos(t.off);
    return "line " + std::to_string(p.line) + ":" + std::to_string(p.column);
  }

  Lexer& lex_;
  int depth_ = 0;
  friend struct Guard;
};

// lhs: a register `N:name`, a location `x` or `[x]`. rhs: an integer, a register, or a
// location name standing for its address.
CondTerm PropParser::term(bool rhs) {
  const char* what = rhs ? "a value (an integer, a location name or a register 'N:name')"
                         : "a register 'N:name' or a location";
  CondTerm out;
  Token t = lex_.peek();
  out.pos = lex_.src().pos(t.off);
  if (rhs && lex_.peek_is("-")) {
    lex_.next();
    const Token n = lex_.next();
    if (n.kind != Kind::Num) lex_.fail_at(n, "an integer after '-'");
    out.kind = CondTerm::Kind::Int;
    out.value = token_value(lex_, n, true);
    return out;
  }
  if ((t.kind == Kind::Num || proc_number(lex_.src(), t) >= 0) && lex_.peek_is(":", 1)) {
    lex_.next();
    lex_.next();
    const Token reg = lex_.next();
    if (reg.kind != Kind::Ident) lex_.fail_at(reg, "a register name after '" + t.text + ":'");
    out.kind = CondTerm::Kind::Reg;
    out.tid = t.kind == Kind::Num ? thread_number(lex_.src(), t) : proc_number(lex_.src(), t);
    out.name = reg.text;
    return out;
  }
  if (t.kind == Kind::Num) {
    if (!rhs) lex_.fail_at(t, what);
    lex_.next();
    out.kind = CondTerm::Kind::Int;
    out.value = token_value(lex_, t, false);
    return out;
  }
  if (lex_.peek_is("[")) {
    if (rhs)
      lex_.src().fail(t.off, "expected " + std::string(what) +
                                 ", found '[' ('[x]' names "
                                 "a location's content, not a value)");
    lex_.next();
    const Token name = lex_.next();
    if (name.kind != Kind::Ident) lex_.fail_at(name, "a location name after '['");
    lex_.expect("]", "']' after '[" + name.text + "'");
    out.kind = CondTerm::Kind::Loc;
    out.name = name.text;
    return out;
  }
  if (t.kind == Kind::Ident) {
    lex_.next();
    out.kind = rhs ? CondTerm::Kind::LocValue : CondTerm::Kind::Loc;
    out.name = t.text;
    return out;
  }
  lex_.fail_at(t, what);
}

std::string format_prop(const CondExpr& e, CondExpr::Kind above);

// herd7's rule (ConstrGen.pp_prop): a conjunction's disjunct or implication, a disjunction's
// implication and an implication's conjunction or disjunction get parentheses.
bool needs_paren(CondExpr::Kind above, CondExpr::Kind here) {
  using K = CondExpr::Kind;
  switch (above) {
    case K::And:
      return here == K::Or || here == K::Implies;
    case K::Or:
      return here == K::Implies;
    case K::Implies:
      return here == K::And || here == K::Or;
    default:
      return false;
  }
}

std::string format_kid(const CondExpr& parent, std::size_t i) {
  if (i >= parent.kids.size() || !parent.kids[i]) return "?";
  return format_prop(*parent.kids[i], parent.kind);
}

std::string format_prop(const CondExpr& e, CondExpr::Kind above) {
  using K = CondExpr::Kind;
  std::string s;
  switch (e.kind) {
    case K::True:
      return "true";
    case K::False:
      return "false";
    case K::Eq:
      return format_term(e.lhs) + "=" + format_term(e.rhs);
    case K::Ne:
      return "not (" + format_term(e.lhs) + "=" + format_term(e.rhs) + ")";
    case K::Not:
      return "not (" + format_kid(e, 0) + ")";
    case K::And:
    case K::Or:
      for (std::size_t i = 0; i < e.kids.size(); ++i) {
        if (i) s += e.kind == K::And ? " /\\ " : " \\/ ";
        s += format_kid(e, i);
      }
      break;
    case K::Implies:
      s = format_kid(e, 0) + " => " + format_kid(e, 1);
      break;
  }
  return needs_paren(above, e.kind) ? "(" + s + ")" : s;
}

}  // namespace

std::unique_ptr<CondExpr> parse_prop(Lexer& lex) { return PropParser(lex).implies(); }

std::vector<CondTerm> parse_locations(Lexer& lex) {
  lex.expect("[", "'[' after 'locations'");
  std::vector<CondTerm> out;
  PropParser p(lex);
  while (!lex.peek_is("]")) {
    out.push_back(p.term(false));
    // herd7's optional type annotation (`p*`, `x int`, `x int*`) only changes how values
    // print; pointer-ness is known from the init block anyway.
    if (lex.peek().kind == Token::Kind::Ident) lex.next();
    if (lex.peek_is("*")) lex.next();
    if (lex.peek_is(";")) {
      lex.next();
    } else if (!lex.peek_is("]")) {
      lex.fail_at(lex.peek(), "';' or ']' after a location");
    }
  }
  lex.next();
  return out;
}

}  // namespace litmus_detail

std::unique_ptr<CondExpr> parse_condition_expr(const std::string& text, const SourcePos& start) {
  using namespace litmus_detail;
  const SourceText src(text, start.file, start.line > 0 ? start.line : 1,
                       start.column > 0 ? start.column : 1);
  Lexer lex(src, 0, text.size(), kAllComments);
  auto e = parse_prop(lex);
  if (lex.peek().kind != Token::Kind::End)
    lex.fail_at(lex.peek(), "end of the proposition ('/\\', '\\/' or '=>' to continue it)");
  return e;
}

std::string format_condition_expr(const CondExpr& e) {
  return litmus_detail::format_prop(e, CondExpr::Kind::True);
}

std::string format_condition(const Condition& c) {
  const char* q = c.quantifier == Quantifier::Exists      ? "exists"
                  : c.quantifier == Quantifier::NotExists ? "~exists"
                                                          : "forall";
  return std::string(q) + " (" + (c.expr ? format_condition_expr(*c.expr) : "true") + ")";
}

}  // namespace mmsim

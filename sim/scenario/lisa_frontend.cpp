// LISA rows → the C front end's AST; CLowering does the rest, so LISA and C tests share one
// lowering and one primitive table per arch.
#include "sim/scenario/lisa_frontend.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>
#include <vector>

#include "sim/scenario/c_lexer.h"
#include "sim/scenario/c_lowering.h"
#include "sim/scenario/c_parser.h"

namespace mmsim {
namespace {

struct Tag {
  const char* tag;
  const char* primitive;
};
constexpr Tag kReadTags[] = {{"once", "READ_ONCE"},
                             {"acquire", "smp_load_acquire"},
                             {"lderef", "rcu_dereference"},
                             {"deref", "rcu_dereference"}};
constexpr Tag kWriteTags[] = {
    {"once", "WRITE_ONCE"}, {"release", "smp_store_release"}, {"assign", "rcu_assign_pointer"}};
// rb_dep is smp_read_barrier_depends(), which orders only on Alpha: a compiler barrier here.
constexpr Tag kFenceTags[] = {{"mb", "smp_mb"},
                              {"rmb", "smp_rmb"},
                              {"wmb", "smp_wmb"},
                              {"rb_dep", "barrier"},
                              {"rcu_read_lock", "rcu_read_lock"},
                              {"rcu_read_unlock", "rcu_read_unlock"},
                              {"sync", "synchronize_rcu"},
                              {"sync-rcu", "synchronize_rcu"}};
constexpr Tag kOps[] = {{"add", "+"}, {"sub", "-"}, {"mul", "*"}, {"xor", "^"},
                        {"and", "&"}, {"or", "|"},  {"eq", "=="}, {"neq", "!="},
                        {"lt", "<"},  {"gt", ">"},  {"le", "<="}, {"ge", ">="}};

template <std::size_t N>
const char* lookup(const Tag (&table)[N], const std::string& key) {
  for (const Tag& t : table)
    if (key == t.tag) return t.primitive;
  return nullptr;
}

template <std::size_t N>
std::string choices(const char* kind, const Tag (&table)[N]) {
  std::string out;
  for (std::size_t i = 0; i < N; ++i) {
    out += i == 0 ? "" : i + 1 == N ? " or " : ", ";
    out += kind[0] ? std::string(kind) + "[" + table[i].tag + "]" : table[i].tag;
  }
  return out;
}

// herd7's LISA registers: `r` and a number.
bool is_register(const std::string& w) {
  return w.size() >= 2 && w[0] == 'r' && std::all_of(w.begin() + 1, w.end(), [](char c) {
           return std::isdigit(static_cast<unsigned char>(c));
         });
}

// The C lexer tokenizes rows, but would call a stray character one "in C code"; rows hold
// one line each, so the column is the offset from the row's start.
void check_chars(const std::string& row, const SourcePos& start) {
  for (std::size_t i = 0; i < row.size(); ++i) {
    const auto c = static_cast<unsigned char>(row[i]);
    if (std::isalnum(c) || std::isspace(c) || (c != 0 && std::strchr("_[](),+-:", c) != nullptr))
      continue;
    SourcePos at = start;
    at.column += static_cast<int>(i);
    char shown[8];
    std::snprintf(shown, sizeof shown, std::isprint(c) ? "'%c'" : "0x%02x", c);
    throw BadInput("parse", at,
                   std::string("unexpected character ") + shown +
                       " in a LISA instruction (expected r[...], w[...], f[...], mov, b[...] or "
                       "a label 'NAME:')");
  }
}

std::unique_ptr<CExpr> leaf(CExpr::Kind kind, const SourcePos& pos) {
  auto e = std::make_unique<CExpr>();
  e->kind = kind;
  e->pos = pos;
  return e;
}

std::unique_ptr<CExpr> node(CExpr::Kind kind, std::string op, const SourcePos& pos,
                            std::vector<std::unique_ptr<CExpr>> kids) {
  auto e = leaf(kind, pos);
  e->op = std::move(op);
  for (auto& k : kids) {
    e->depth = std::max(e->depth, k->depth + 1);
    e->kids.push_back(std::move(k));
  }
  return e;
}

template <typename... Kids>
std::vector<std::unique_ptr<CExpr>> kids(Kids... k) {
  std::vector<std::unique_ptr<CExpr>> v;
  (v.push_back(std::move(k)), ...);
  return v;
}

// The thread's registers (in order of first mention; `pointer` if used as an address) and
// locations, collected while parsing.
struct Names {
  std::vector<std::string> regs;
  std::vector<bool> pointer;
  std::vector<std::pair<std::string, SourcePos>> locs;

  void reg(const std::string& r, bool as_pointer) {
    const auto it = std::find(regs.begin(), regs.end(), r);
    if (it == regs.end()) {
      regs.push_back(r);
      pointer.push_back(as_pointer);
    } else if (as_pointer) {
      pointer[static_cast<std::size_t>(it - regs.begin())] = true;
    }
  }
  void loc(const std::string& name, const SourcePos& pos) {
    for (const auto& l : locs)
      if (l.first == name) return;
    locs.emplace_back(name, pos);
  }
};

// One row: `L1: L2: instr` (labels and the instruction each optional).
class RowParser {
 public:
  RowParser(std::vector<CToken> toks, const PrimitiveTable& prims, Names& names)
      : toks_(std::move(toks)), prims_(prims), names_(names) {}

  void parse(std::vector<std::unique_ptr<CStmt>>& out) {
    while (peek().kind == CToken::Kind::Ident && peek(1).is(":")) {
      auto s = stmt(CStmt::Kind::Label, peek().pos);
      s->label = next().text;
      next();
      out.push_back(std::move(s));
    }
    if (peek().kind == CToken::Kind::End) return;
    out.push_back(instruction());
    if (peek().kind != CToken::Kind::End)
      fail(peek(), "'|' or ';' after the instruction (one instruction per row)");
  }

 private:
  const CToken& peek(std::size_t ahead = 0) const {
    return toks_[std::min(i_ + ahead, toks_.size() - 1)];
  }
  const CToken& next() {
    const CToken& t = peek();
    if (i_ + 1 < toks_.size()) ++i_;
    return t;
  }
  static std::string describe(const CToken& t) {
    return t.kind == CToken::Kind::End ? "end of row" : "'" + t.text + "'";
  }
  [[noreturn]] static void fail(const CToken& at, const std::string& expected) {
    throw BadInput("parse", at.pos, "expected " + expected + ", found " + describe(at));
  }
  void expect(const char* punct, const std::string& context) {
    if (!peek().is(punct)) fail(peek(), "'" + std::string(punct) + "' " + context);
    next();
  }

  static std::unique_ptr<CStmt> stmt(CStmt::Kind kind, const SourcePos& pos) {
    auto s = std::make_unique<CStmt>();
    s->kind = kind;
    s->pos = pos;
    return s;
  }
  static std::unique_ptr<CStmt> expr_stmt(std::unique_ptr<CExpr> e, const SourcePos& pos) {
    auto s = stmt(CStmt::Kind::Expr, pos);
    s->expr = std::move(e);
    return s;
  }

  std::unique_ptr<CStmt> instruction() {
    const CToken& word = peek();
    if (word.kind != CToken::Kind::Ident)
      fail(word, "an instruction (r[...], w[...], f[...], mov, b[...]) or a label 'NAME:'");
    const std::string w = word.text;
    if (w == "r" || w == "w" || w == "f") return access(w);
    if (w == "mov") return mov();
    if (w == "b") return branch();
    throw BadInput("unsupported", word.pos,
                   "unsupported LISA instruction '" + w +
                       "' (expected r[...], w[...], f[...], mov, b[...] or a label 'NAME:')");
  }

  // `[tag]`: the text between the brackets (a tag may hold '-', as in sync-rcu); its position
  // is the first token inside, or the ']' of an empty tag.
  std::pair<std::string, SourcePos> tag(const std::string& instr) {
    expect("[", "after '" + instr + "' (an annotation such as " + instr + "[once])");
    const SourcePos pos = peek().pos;
    std::string text;
    while (!peek().is("]")) {
      if (peek().kind == CToken::Kind::End) fail(peek(), "']' to close '" + instr + "['");
      text += next().text;
    }
    next();
    return {text, pos};
  }

  // r[tag] rN addr / w[tag] addr v / f[tag]: a call of the tag's primitive.
  std::unique_ptr<CStmt> access(const std::string& w) {
    const SourcePos at = next().pos;
    const auto [t, tag_pos] = tag(w);
    const char* prim = w == "r"   ? lookup(kReadTags, t)
                       : w == "w" ? lookup(kWriteTags, t)
                                  : lookup(kFenceTags, t);
    if (prim == nullptr) {
      const std::string expected = w == "r"   ? choices("r", kReadTags)
                                   : w == "w" ? choices("w", kWriteTags)
                                              : choices("f", kFenceTags);
      throw BadInput("unsupported", tag_pos,
                     "unsupported LISA tag '" + w + "[" + t + "]' (expected " + expected + ")");
    }
    const Primitive* p = find_primitive(prims_, prim);
    if (p == nullptr)
      throw BadInput("unsupported", tag_pos,
                     "'" + w + "[" + t + "]' lowers to " + prim +
                         ", which this arch's primitive table does not have");
    if (w == "f") {
      auto call = leaf(CExpr::Kind::Call, at);
      call->name = prim;
      return expr_stmt(std::move(call), at);
    }
    std::unique_ptr<CExpr> dst;
    if (w == "r") dst = reg("a register (r0, r1, ...) to load into");
    // READ_ONCE(*x) but smp_load_acquire(x): the table says which spelling the call takes.
    auto a = address();
    if (p->deref_arg) {
      const SourcePos star = a->pos;
      a = node(CExpr::Kind::Unary, "*", star, kids(std::move(a)));
    }
    auto call = node(CExpr::Kind::Call, "", at, kids(std::move(a)));
    call->name = prim;
    if (w == "w") {
      call->kids.push_back(value("a value to store (an integer, a register or a location)"));
      call->depth = std::max(call->depth, call->kids.back()->depth + 1);
      return expr_stmt(std::move(call), at);
    }
    return expr_stmt(node(CExpr::Kind::Assign, "=", at, kids(std::move(dst), std::move(call))), at);
  }

  // mov rN v / mov rN (op a b)
  std::unique_ptr<CStmt> mov() {
    const SourcePos at = next().pos;
    auto dst = reg("a register (r0, r1, ...) after 'mov'");
    std::unique_ptr<CExpr> rhs;
    if (peek().is("(")) {
      next();
      const CToken& op = peek();
      if (op.kind != CToken::Kind::Ident) fail(op, "an operation (" + choices("", kOps) + ")");
      const char* c_op = lookup(kOps, op.text);
      if (c_op == nullptr)
        throw BadInput("unsupported", op.pos,
                       "unsupported LISA operation '" + op.text + "' (expected " +
                           choices("", kOps) + ")");
      next();
      auto a = value("an operand (an integer, a register or a location)");
      auto b = value("a second operand (an integer, a register or a location)");
      expect(")", "to close the operation");
      rhs = node(CExpr::Kind::Binary, c_op, op.pos, kids(std::move(a), std::move(b)));
    } else {
      rhs = value("a value or an operation '(add a b)' after 'mov " + dst->name + "'");
    }
    return expr_stmt(node(CExpr::Kind::Assign, "=", at, kids(std::move(dst), std::move(rhs))), at);
  }

  // b[] rN L is `if (rN) goto L;`, b[] L is `goto L;`.
  std::unique_ptr<CStmt> branch() {
    const SourcePos at = next().pos;
    const auto [t, tag_pos] = tag("b");
    if (!t.empty())
      throw BadInput("unsupported", tag_pos,
                     "unsupported LISA branch annotation 'b[" + t + "]' (expected b[])");
    std::unique_ptr<CExpr> cond;
    if (peek().kind == CToken::Kind::Ident && is_register(peek().text)) cond = reg("");
    const CToken& label = peek();
    if (label.kind != CToken::Kind::Ident)
      fail(label, cond ? "a label to branch to" : "a register or a label after 'b[]'");
    auto go = stmt(CStmt::Kind::Goto, label.pos);
    go->label = next().text;
    if (!cond) return go;
    auto s = stmt(CStmt::Kind::If, at);
    s->expr = std::move(cond);
    s->body.push_back(std::move(go));
    return s;
  }

  std::unique_ptr<CExpr> reg(const std::string& expected) {
    const CToken& t = peek();
    if (t.kind != CToken::Kind::Ident || !is_register(t.text)) fail(t, expected);
    return name(next(), false);
  }

  std::unique_ptr<CExpr> name(const CToken& t, bool as_pointer) {
    if (is_register(t.text))
      names_.reg(t.text, as_pointer);
    else
      names_.loc(t.text, t.pos);
    auto e = leaf(CExpr::Kind::Name, t.pos);
    e->name = t.text;
    return e;
  }

  // An integer (with an optional '-'), a register or a location name (its address).
  std::unique_ptr<CExpr> value(const std::string& expected) {
    const CToken& t = peek();
    if (t.kind == CToken::Kind::Ident) return name(next(), false);
    const bool neg = t.is("-") && peek(1).kind == CToken::Kind::Number;
    if (neg) next();
    if (peek().kind != CToken::Kind::Number) fail(t, expected);
    auto e = leaf(CExpr::Kind::Int, t.pos);
    const Value v = next().value;
    e->value = neg ? static_cast<Value>(0 - static_cast<std::uint64_t>(v)) : v;
    return e;
  }

  // x, rN, x+rN, x+4, rN+rM: base plus offset, as CLowering::address takes `x + r`.
  std::unique_ptr<CExpr> address() {
    const CToken& t = peek();
    if (t.kind != CToken::Kind::Ident)
      fail(t, "an address (a location, a register, or either plus a register: x+r1)");
    auto base = name(next(), true);
    if (!peek().is("+")) return base;
    const SourcePos plus = next().pos;
    const CToken& o = peek();
    if (!(o.kind == CToken::Kind::Number || (o.kind == CToken::Kind::Ident && is_register(o.text))))
      fail(o, "a register or an integer after '+'");
    auto off = o.kind == CToken::Kind::Number ? value("") : name(next(), false);
    return node(CExpr::Kind::Binary, "+", plus, kids(std::move(base), std::move(off)));
  }

  std::vector<CToken> toks_;
  std::size_t i_ = 0;
  const PrimitiveTable& prims_;
  Names& names_;
};

}  // namespace

bool lowers_like_c(const std::string& header) { return header == "C" || header == "LISA"; }

ThreadProgram lower_lisa_thread(const LitmusTest& test, const ThreadSource& thread,
                                const PrimitiveTable& prims, MemoryLayout& layout) {
  Names names;
  std::vector<std::unique_ptr<CStmt>> rows;
  SourcePos end = thread.pos;
  end.file = test.file;
  for (const auto& [row_pos, text] : thread.rows) {
    SourcePos start = row_pos;
    start.file = test.file;
    check_chars(text, start);
    RowParser(CLexer(text, start).tokenize(), prims, names).parse(rows);
    end = start;
  }
  // Every register is declared up front, so one read before any write reads its initial value
  // (herd7's registers all exist from the start) rather than being an undeclared C name.
  auto decl = std::make_unique<CStmt>();
  decl->kind = CStmt::Kind::Decl;
  decl->pos = thread.pos;
  decl->pos.file = test.file;
  for (std::size_t i = 0; i < names.regs.size(); ++i)
    decl->decls.push_back(CDecl{names.regs[i], names.pointer[i], nullptr, decl->pos});
  std::vector<std::unique_ptr<CStmt>> body;
  body.push_back(std::move(decl));
  for (auto& r : rows) body.push_back(std::move(r));
  // LISA names locations without declaring them; to the C lowering they are parameters.
  ThreadSource with_params = thread;
  for (const auto& [name, pos] : names.locs)
    with_params.params.push_back(CParam{"int*", name, pos});
  return CLowering(test, with_params, prims, layout).lower(body, end);
}

}  // namespace mmsim

// Top level of the litmus parser: header, preamble (description, info lines, the header
// comment's `Result:`), init block, then the dialect's thread splitter and the trailing
// `locations` / `filter` / final condition. Propositions are in condition_parser.cpp, thread
// code in litmus_threads.cpp.
#include "sim/scenario/litmus_parser.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "sim/scenario/condition_parser.h"
#include "sim/scenario/info_words.h"
#include "sim/scenario/litmus_lexer.h"
#include "sim/scenario/litmus_threads.h"

namespace mmsim {
namespace {

using namespace litmus_detail;
using Comments = std::vector<std::pair<std::size_t, std::size_t>>;

bool is_key_char(char c) { return is_ident_char(c) || c == '.' || c == '/' || c == '-'; }

// A quoted description. herd7 treats a quote without its closing partner (before the init
// block) as ordinary text, so the rest of the line is skipped instead.
std::size_t skip_string(const SourceText& src, std::size_t open) {
  for (std::size_t i = open + 1; i < src.size() && src.at(i) != '{'; ++i)
    if (src.at(i) == '"') return i + 1;
  std::size_t i = open;
  while (i < src.size() && src.at(i) != '\n') ++i;
  return i;
}

// herd7 ignores text in the preamble that is not an info line: what follows the name on the
// header line (a `(texname)`, the quoted description, stray words) and stray lines below.
// Comments there may still run over several lines, and '{' always starts the init block.
std::size_t skip_junk_line(const SourceText& src, std::size_t off, Comments& comments) {
  while (off < src.size() && src.at(off) != '\n' && src.at(off) != '{') {
    const std::size_t after = skip_comment(src, off, src.size(), kAllComments);
    if (after != off) {
      comments.emplace_back(off, after);
      off = after;
    } else if (src.at(off) == '"') {
      off = skip_string(src, off);
    } else {
      ++off;
    }
  }
  return off;
}

// The rest of the comment line from `i`: the verdict words of a Result line.
std::string line_rest(const std::string& body, std::size_t i) {
  const std::size_t eol = body.find('\n', i);
  return body.substr(i, eol == std::string::npos ? std::string::npos : eol - i);
}

// The first `Result:` in a preamble comment: the model's verdict (later ones are prose).
std::optional<Expectation> find_result(const SourceText& src, const Comments& comments) {
  for (const auto& [b, e] : comments) {
    const std::string body = src.text().substr(b, e - b);
    const std::size_t at = body.find("Result:");
    if (at == std::string::npos) continue;
    std::size_t i = at + 7;
    while (i < body.size() && is_blank(body[i])) ++i;
    return parse_expectation(line_rest(body, i), src.pos(b + i));
  }
  return std::nullopt;
}

// `Result(arch): word` claims about the simulated machine: `Result(x86): Never` for one arch,
// `Result(*):` or `Result(all):` for every arch ("*"; inside an OCaml comment `(*` would open
// a nested comment, so there `Result(all):` is the spelling that works).
std::map<std::string, Expectation> find_strict_results(const SourceText& src,
                                                       const Comments& comments) {
  std::map<std::string, Expectation> out;
  for (const auto& [b, e] : comments) {
    const std::string body = src.text().substr(b, e - b);
    for (std::size_t at = body.find("Result("); at != std::string::npos;
         at = body.find("Result(", at + 1)) {
      std::size_t i = at + 7;
      std::size_t j = i;
      if (body[j] == '*')
        ++j;
      else
        while (j < body.size() && is_ident_char(body[j])) ++j;
      if (j == i || body.compare(j, 2, "):") != 0) continue;
      std::size_t k = j + 2;
      while (k < body.size() && is_blank(body[k])) ++k;
      std::string scope = body.substr(i, j - i);
      if (scope == "all") scope = "*";
      const Expectation x = parse_expectation(line_rest(body, k), src.pos(b + k));
      if (!out.emplace(scope, x).second)
        src.fail(b + at, "second Result(" + body.substr(i, j - i) + "): line (the first is at line " +
                             std::to_string(out.at(scope).pos.line) +
                             "; expected one claim per arch)");
    }
  }
  return out;
}

// Header `ARCH name`, ARCH one of `headers`; returns the offset just after the name.
std::size_t parse_header(const SourceText& src, std::size_t off, LitmusTest& t,
                         const std::vector<std::string>& headers) {
  const std::size_t a = off;
  while (is_ident_char(src.at(off))) ++off;
  if (off == a)
    src.fail(a, "expected the test header '<arch> <name>' (e.g. 'X86 SB'), found " +
                    describe_char(src, a));
  t.arch = src.text().substr(a, off - a);
  t.header_pos = src.pos(a);
  std::size_t n = off;
  while (is_blank(src.at(n))) ++n;
  const std::size_t name_start = n;
  while (n < src.size() && !is_space(src.at(n)) && !src.starts_with(n, "(*")) ++n;
  if (n == name_start || off == name_start)
    src.fail(name_start, "expected a test name after the architecture '" + t.arch + "', found " +
                             describe_char(src, name_start));
  t.name = src.text().substr(name_start, n - name_start);
  std::string supported;
  for (const std::string& known : headers) {
    if (t.arch == known) return n;
    supported += (supported.empty() ? "" : ", ") + known;
  }
  src.fail(a, "unsupported architecture '" + t.arch + "' (supported: " + supported + ")",
           "unsupported");
}

// Between the header and the init block: descriptions, comments, `Key=Value` lines and
// ignored text. Returns the offset of the init block's '{' (or the end of the text).
std::size_t parse_preamble(const SourceText& src, std::size_t off, LitmusTest& t,
                           Comments& comments) {
  for (;;) {
    off = skip_space(src, off, src.size(), kAllComments, &comments);
    if (off >= src.size() || src.at(off) == '{') return off;
    std::size_t k = off;
    if (is_ident_start(src.at(k)) && src.at(k) != '$')
      while (is_key_char(src.at(k))) ++k;
    std::size_t eq = k;
    while (is_blank(src.at(eq))) ++eq;
    if (k == off || src.at(eq) != '=') {
      off = skip_junk_line(src, off, comments);
      continue;
    }
    std::size_t v = eq + 1;
    while (is_blank(src.at(v))) ++v;
    std::size_t e = v;
    while (e < src.size() && src.at(e) != '\n') ++e;
    std::size_t ve = e;
    while (ve > v && is_blank(src.at(ve - 1))) --ve;
    t.info.push_back(InfoLine{src.text().substr(off, k - off), src.text().substr(v, ve - v),
                              src.pos(v), src.pos(off)});
    off = e;
  }
}

bool is_punct(const Token& t, const char* p) { return t.kind == Token::Kind::Punct && t.text == p; }

// One init item given as its tokens (without the terminating ';' or '}'), e.g.
// `int *p = &y`, `0:EAX = 1`, `[x] = 2`, `atomic_t v = ATOMIC_INIT(0)`.
InitItem parse_init_item(Lexer& lex, const std::vector<Token>& toks, const Token& terminator) {
  const SourceText& src = lex.src();
  auto tok = [&](std::size_t i) -> const Token& { return i < toks.size() ? toks[i] : terminator; };
  std::size_t eq = 0;
  while (eq < toks.size() && !is_punct(toks[eq], "=")) ++eq;
  InitItem item;
  if (eq == 0) lex.fail_at(tok(0), "a location, a register 'N:reg' or a declaration 'int x'");
  for (std::size_t i = 1; i < eq; ++i)
    if (is_punct(toks[i], "[") && toks[i - 1].kind == Token::Kind::Ident)
      src.fail(toks[i].off, "arrays are not supported", "unsupported");
  std::size_t type_end;
  const auto I = Token::Kind::Ident;
  if (eq >= 3 && is_punct(toks[eq - 1], "]") && is_punct(toks[eq - 3], "[") &&
      toks[eq - 2].kind == I) {
    type_end = eq - 3;
    item.name = toks[eq - 2].text;
    item.pos = src.pos(toks[eq - 3].off);
  } else if (eq >= 3 && is_punct(toks[eq - 2], ":") && toks[eq - 1].kind == I &&
             (toks[eq - 3].kind == Token::Kind::Num || proc_number(src, toks[eq - 3]) >= 0)) {
    type_end = eq - 3;
    item.tid = toks[eq - 3].kind == Token::Kind::Num ? thread_number(src, toks[eq - 3])
                                                     : proc_number(src, toks[eq - 3]);
    item.name = toks[eq - 1].text;
    item.pos = src.pos(toks[eq - 3].off);
  } else if (toks[eq - 1].kind == I) {
    type_end = eq - 1;
    item.name = toks[eq - 1].text;
    item.pos = src.pos(toks[eq - 1].off);
  } else {
    lex.fail_at(toks[eq - 1], "a location or register name");
  }
  std::vector<std::string> words;
  for (std::size_t i = 0; i < type_end; ++i) {
    if (toks[i].kind != I && !is_punct(toks[i], "*"))
      lex.fail_at(toks[i], "a type (such as 'int' or 'int *') or a name");
    words.push_back(toks[i].text);
  }
  item.type = normalise_type(words);
  if (!item.type.empty() && item.type[0] == '*') item.type = "int" + item.type;  // `*p = x`
  if (eq == toks.size()) return item;

  item.has_value = true;
  std::size_t i = eq + 1;
  const char* const kValue = "an initial value (an integer or a location name)";
  const bool atomic_init = tok(i).kind == I && tok(i).text == "ATOMIC_INIT";
  if (atomic_init) {
    if (!is_punct(tok(i + 1), "(")) lex.fail_at(tok(i + 1), "'(' after 'ATOMIC_INIT'");
    i += 2;
  }
  if (is_punct(tok(i), "&")) {
    ++i;
    if (tok(i).kind != I) lex.fail_at(tok(i), "a location name after '&'");
  }
  if (tok(i).kind == I) {
    item.value_is_loc = true;
    item.value_loc = tok(i).text;
    ++i;
  } else {
    const bool neg = is_punct(tok(i), "-");
    if (neg) ++i;
    if (tok(i).kind != Token::Kind::Num) lex.fail_at(tok(i), kValue);
    item.value = token_value(lex, tok(i), neg);
    ++i;
  }
  if (atomic_init) {
    if (!is_punct(tok(i), ")")) lex.fail_at(tok(i), "')' to close 'ATOMIC_INIT('");
    ++i;
  }
  if (i < toks.size()) lex.fail_at(tok(i), "';' or '}' after the initial value");
  return item;
}

// The init block `{ item; item; ... }` starting at `open`; returns the offset after '}'.
std::size_t parse_init(const SourceText& src, std::size_t open, LitmusTest& t) {
  Lexer lex(src, open + 1, src.size(), kAllComments);
  for (;;) {
    if (lex.peek().kind == Token::Kind::End)
      src.fail(open, "unterminated init block (expected '}' to match this '{')");
    if (lex.peek_is("}")) {
      lex.next();
      return lex.consumed_end();
    }
    if (lex.peek_is(";")) {
      lex.next();
      continue;
    }
    std::vector<Token> toks;
    while (lex.peek().kind != Token::Kind::End && !lex.peek_is(";") && !lex.peek_is("}"))
      toks.push_back(lex.next());
    if (lex.peek().kind == Token::Kind::End)
      src.fail(open, "unterminated init block (expected '}' to match this '{')");
    const Token terminator = lex.peek();
    t.init.push_back(parse_init_item(lex, toks, terminator));
  }
}

// herd7's old `with name: exists; name: ~exists; ...` list of per-model expectations,
// accepted after `final` and ignored.
void skip_with_kinds(Lexer& lex) {
  lex.next();
  do {
    const Token name = lex.next();
    if (name.kind != Token::Kind::Ident) lex.fail_at(name, "a model name after 'with'");
    lex.expect(":", "':' after '" + name.text + "'");
    if (lex.peek_is("~")) lex.next();
    if (!lex.peek_is("exists") && !lex.peek_is("forall"))
      lex.fail_at(lex.peek(), "'exists', '~exists' or 'forall'");
    lex.next();
    if (lex.peek_is(";")) lex.next();
  } while (lex.peek().kind == Token::Kind::Ident);
}

// After the code: `locations [...]` and `filter P` in any order, then the final condition,
// then nothing but comments (and herd7's optional ';').
void parse_tail(const SourceText& src, std::size_t off, LitmusTest& t) {
  Lexer lex(src, off, src.size(), kAllComments);
  for (;;) {
    const Token tok = lex.peek();
    if (lex.peek_is("locations")) {
      lex.next();
      for (CondTerm& term : parse_locations(lex)) t.locations.push_back(std::move(term));
      continue;
    }
    if (lex.peek_is("filter")) {
      if (t.filter) src.fail(tok.off, "a test has at most one 'filter'");
      lex.next();
      t.filter = parse_prop(lex);
      continue;
    }
    if (lex.peek_is("exists") || lex.peek_is("final")) {  // herd7's old `final` = exists
      t.condition.quantifier = Quantifier::Exists;
    } else if (lex.peek_is("forall")) {
      t.condition.quantifier = Quantifier::Forall;
    } else if (lex.peek_is("~") && lex.peek_is("exists", 1)) {
      t.condition.quantifier = Quantifier::NotExists;
      lex.next();
    } else if (tok.kind == Token::Kind::End && !t.threads.empty()) {
      // herd7 reads a missing final condition as `forall (true)` (ConstrGen.constr_true),
      // which every finished trial satisfies: a DEADLOCK test needs no condition.
      t.condition.quantifier = Quantifier::Forall;
      t.condition.pos = src.pos(tok.off);
      t.condition.expr = std::make_unique<CondExpr>();
      t.condition.expr->pos = t.condition.pos;
      return;
    } else {
      lex.fail_at(tok, t.threads.empty() ? "a thread or the final condition"
                                         : "'exists', '~exists' or 'forall' (the final "
                                           "condition), 'locations' or 'filter'");
    }
    lex.next();
    t.condition.pos = src.pos(tok.off);
    t.condition.expr = parse_prop(lex);
    if (lex.peek_is(";")) lex.next();
    if (lex.peek_is("with")) skip_with_kinds(lex);
    const Token rest = lex.peek();
    if (rest.kind != Token::Kind::End)
      src.fail(rest.off, "unexpected text after the final condition: " + lex.describe(rest));
    return;
  }
}

// herd7's symbolic registers (`%x0=x;` in the init block, `0(%x0)` in the code) belong to
// no thread in the init block; litmus allocates one in each thread whose code names it. So the
// initialiser is given to every such thread (as register "%x0"), and dropped if none uses it.
void bind_symbolic_registers(LitmusTest& t) {
  std::vector<InitItem> out;
  for (InitItem& item : t.init) {
    if (item.tid >= 0 || item.name.empty() || item.name[0] != '%') {
      out.push_back(std::move(item));
      continue;
    }
    for (const ThreadSource& th : t.threads) {
      bool used = false;
      for (const auto& row : th.rows) {
        const std::string& text = row.second;
        for (std::size_t at = text.find(item.name); at != std::string::npos && !used;
             at = text.find(item.name, at + 1))
          used = !is_ident_char(at + item.name.size() < text.size() ? text[at + item.name.size()]
                                                                    : '\0');
      }
      if (!used) continue;
      out.push_back(item);
      out.back().tid = th.tid;
    }
  }
  t.init = std::move(out);
}

}  // namespace

const std::vector<std::string>& default_litmus_headers() {
  static const std::vector<std::string> kHeaders = {"X86", "X86_64", "AArch64", "PPC", "C",
                                                    "LISA"};
  return kHeaders;
}

LitmusTest parse_litmus(const std::string& text, const std::string& file,
                        const std::vector<std::string>& headers) {
  const SourceText src(text, file);
  // A NUL byte means a binary file, not a test; stop before any scanner sees it.
  if (const std::size_t nul = text.find('\0'); nul != std::string::npos)
    src.fail(nul, "NUL byte: this is a binary file, not a litmus test (expected text)");
  LitmusTest t;
  t.file = file;
  Comments comments;
  std::size_t off = skip_space(src, 0, src.size(), kAllComments, &comments);
  off = parse_header(src, off, t, headers);
  off = skip_junk_line(src, off, comments);
  off = parse_preamble(src, off, t, comments);
  if (off >= src.size()) src.fail(off, "expected '{' to start the init block, found end of file");
  t.result = find_result(src, comments);
  if (t.result) t.expected = t.result->word;
  t.strict_results = find_strict_results(src, comments);
  for (const auto& [scope, x] : t.strict_results) t.expected_by_arch.emplace(scope, x.word);
  off = parse_init(src, off, t);
  off =
      t.arch == "C" ? parse_c_threads(src, off, t.threads) : parse_asm_threads(src, off, t.threads);
  parse_tail(src, off, t);
  bind_symbolic_registers(t);
  check_info_lines(t);
  return t;
}

LitmusTest parse_litmus_file(const std::string& path, const std::vector<std::string>& headers) {
  // POSIX I/O so that the message can give the system's reason.
  auto fail = [&](const std::string& why) -> LitmusTest {
    throw BadInput("parse", SourcePos{path}, "cannot read " + path + ": " + why);
  };
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return fail(std::strerror(errno));
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  struct stat st {};
  if (::fstat(fd, &st) != 0) return fail(std::strerror(errno));
  if (S_ISDIR(st.st_mode)) return fail(std::strerror(EISDIR));
  // Read at most one byte past the limit, so that an endless device or pipe cannot hang us.
  std::string text;
  char buf[65536];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return fail(std::strerror(errno));
    if (n == 0) break;
    text.append(buf, static_cast<std::size_t>(n));
    if (text.size() > kMaxLitmusBytes) {
      throw BadInput("parse", SourcePos{path},
                     "file is larger than " + std::to_string(kMaxLitmusBytes >> 20) +
                         " MiB (expected a litmus test: a few kilobytes of text)");
    }
  }
  return parse_litmus(text, path, headers);
}

}  // namespace mmsim

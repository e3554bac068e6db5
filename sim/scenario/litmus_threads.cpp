#include "sim/scenario/litmus_threads.h"

#include <string>

namespace mmsim::litmus_detail {
namespace {

constexpr std::size_t kNone = static_cast<std::size_t>(-1);

// herd7 ends the code at the first of these words wherever it appears; matching whole words
// only, and not inside OCaml comments, keeps instructions that merely contain them intact.
std::size_t find_asm_code_end(const SourceText& src, std::size_t i) {
  const std::size_t n = src.size();
  while (i < n) {
    const std::size_t after = skip_comment(src, i, n, kOcamlComments);
    if (after != i) {
      i = after;
      continue;
    }
    const char c = src.at(i);
    if ((c == '~' || is_ident_start(c)) && at_end_keyword(src, i)) return i;
    if (is_ident_char(c)) {
      while (i < n && is_ident_char(src.at(i))) ++i;
    } else {
      ++i;
    }
  }
  return n;
}

struct Cell {
  std::size_t first = kNone;  // first content byte
  std::size_t delim = kNone;  // the '|' or ';' that ends it
  std::string text;
};
struct Row {
  std::vector<Cell> cells;
  std::size_t end = kNone;  // the ';'
};

void finish_cell(Cell& c, std::size_t delim) {
  c.delim = delim;
  while (!c.text.empty() && is_space(c.text.back())) c.text.pop_back();
}

// Splits [off, end) into `;`-terminated rows of `|`-separated cells. A cell may not run
// across a line break: text on the next line means a `|` or `;` was forgotten, which is
// reported where it was expected rather than producing a merged instruction.
std::vector<Row> split_rows(const SourceText& src, std::size_t off, std::size_t end) {
  const char* const kMissing = "expected '|' or ';' after instruction";
  std::vector<Row> rows;
  Row row;
  Cell cell;
  std::size_t content_end = kNone;  // just past the cell's last content byte
  bool line_break = false;          // a newline followed the cell's content
  for (std::size_t i = off; i < end;) {
    const std::size_t after = skip_comment(src, i, end, kOcamlComments);
    if (after != i) {
      if (cell.first != kNone) cell.text += ' ';
      i = after;
      continue;
    }
    const char c = src.at(i);
    if (c == '|' || c == ';') {
      finish_cell(cell, i);
      row.cells.push_back(std::move(cell));
      cell = Cell{};
      content_end = kNone;
      line_break = false;
      if (c == ';') {
        row.end = i;
        rows.push_back(std::move(row));
        row = Row{};
      }
    } else if (is_space(c)) {
      if (c == '\n' && cell.first != kNone) line_break = true;
      if (cell.first != kNone) cell.text += c;
    } else {
      if (line_break) src.fail(content_end, kMissing);
      if (cell.first == kNone) cell.first = i;
      cell.text += c;
      content_end = i + 1;
    }
    ++i;
  }
  bool pending = cell.first != kNone;
  for (const Cell& c : row.cells) pending = pending || c.first != kNone;
  if (pending) src.fail(content_end != kNone ? content_end : end, kMissing);
  return rows;
}

std::size_t cell_pos(const Cell& c) { return c.first != kNone ? c.first : c.delim; }

// "P<index>" exactly (no sign, no leading zeros beyond "P0").
bool is_thread_name(const std::string& s, std::size_t index) {
  return s == "P" + std::to_string(index);
}

}  // namespace

std::string normalise_type(const std::vector<std::string>& words) {
  std::string t;
  for (const std::string& w : words) {
    if (w == "*") {
      t += '*';
    } else {
      if (!t.empty()) t += ' ';
      t += w;
    }
  }
  return t;
}

std::size_t parse_asm_threads(const SourceText& src, std::size_t off,
                              std::vector<ThreadSource>& out) {
  const std::size_t code_end = find_asm_code_end(src, off);
  std::vector<Row> rows = split_rows(src, off, code_end);
  if (rows.empty())
    src.fail(skip_space(src, off, code_end, kOcamlComments),
             "expected a thread column header 'P0' (a row 'P0 | P1 ... ;')");
  for (std::size_t t = 0; t < rows[0].cells.size(); ++t) {
    const Cell& c = rows[0].cells[t];
    if (!is_thread_name(c.text, t)) {
      const std::string found = c.text.empty() ? "an empty column" : "'" + c.text + "'";
      src.fail(cell_pos(c),
               "expected a thread column header 'P" + std::to_string(t) + "', found " + found);
    }
    ThreadSource th;
    th.tid = static_cast<int>(t);
    th.pos = src.pos(c.first);
    out.push_back(std::move(th));
  }
  const std::size_t n = out.size();
  for (std::size_t r = 1; r < rows.size(); ++r) {
    const Row& row = rows[r];
    if (row.cells.size() > n) {
      // The extra cell starts right after the '|' that ended the last allowed column.
      src.fail(row.cells[n - 1].delim, "too many columns (expected ';' after " + std::to_string(n) +
                                           " column" + (n > 1 ? "s" : "") + ", one per thread)");
    }
    for (std::size_t t = 0; t < n; ++t) {
      if (t < row.cells.size()) {
        out[t].rows.emplace_back(src.pos(cell_pos(row.cells[t])), row.cells[t].text);
      } else {
        out[t].rows.emplace_back(src.pos(row.end), std::string());
      }
    }
  }
  return code_end;
}

namespace {

// `(T1 *a, T2 **b)` up to and including ')'; returns the offset after it.
std::size_t parse_params(const SourceText& src, std::size_t off, ThreadSource& th) {
  Lexer lex(src, off, src.size(), kCComments);
  lex.expect("(", "'(' after 'P" + std::to_string(th.tid) + "'");
  if (lex.peek_is(")")) {
    lex.next();
    return lex.consumed_end();
  }
  for (;;) {
    std::vector<std::string> words;
    std::size_t name_off = 0;
    std::string name;
    while (lex.peek().kind == Token::Kind::Ident || lex.peek_is("*")) {
      const Token t = lex.next();
      if (!name.empty()) words.push_back(name);
      if (t.text == "*") {
        words.push_back("*");
        name.clear();
      } else {
        name = t.text;
        name_off = t.off;
      }
    }
    if (name == "void" && words.empty() && th.params.empty() && lex.peek_is(")")) {
      lex.next();
      return lex.consumed_end();
    }
    if (name.empty() || words.empty()) lex.fail_at(lex.peek(), "a parameter such as 'int *x'");
    th.params.push_back(CParam{normalise_type(words), name, src.pos(name_off)});
    if (lex.peek_is(")")) {
      lex.next();
      return lex.consumed_end();
    }
    lex.expect(",", "',' or ')' after parameter '" + name + "'");
  }
}

// Offset of the '}' matching the '{' at `open`. Comments, string and character literals
// are skipped so braces inside them do not count; `(*` is C code here, not a comment.
std::size_t match_brace(const SourceText& src, std::size_t open, int tid) {
  const std::size_t n = src.size();
  int depth = 0;
  for (std::size_t i = open; i < n;) {
    const std::size_t after = skip_comment(src, i, n, kCComments);
    if (after != i) {
      i = after;
      continue;
    }
    const char c = src.at(i);
    if (c == '"' || c == '\'') {
      ++i;
      while (i < n && src.at(i) != c && src.at(i) != '\n') i += src.at(i) == '\\' ? 2 : 1;
      if (i < n && src.at(i) == c) ++i;
      continue;
    }
    if (c == '{') ++depth;
    if (c == '}' && --depth == 0) return i;
    ++i;
  }
  src.fail(open,
           "unterminated body of P" + std::to_string(tid) + " (expected '}' to match this '{')");
}

}  // namespace

std::size_t parse_c_threads(const SourceText& src, std::size_t off,
                            std::vector<ThreadSource>& out) {
  const std::size_t n = src.size();
  for (;;) {
    off = skip_space(src, off, n, kAllComments);
    if (off >= n || at_end_keyword(src, off)) return off;
    const std::string want = "P" + std::to_string(out.size());
    Lexer lex(src, off, n, kAllComments);
    if (lex.peek_is("void") && lex.peek(1).kind == Token::Kind::Ident) lex.next();
    const Token id = lex.next();
    if (id.kind != Token::Kind::Ident || id.text != want) {
      const std::string what =
          out.empty() ? "a thread function '" + want + "(...) { ... }'"
                      : "a thread function '" + want +
                            "(...)' or the final condition ('exists', '~exists' or 'forall')";
      lex.fail_at(id, what);
    }
    ThreadSource th;
    th.tid = static_cast<int>(out.size());
    th.pos = src.pos(id.off);
    off = parse_params(src, id.end, th);
    off = skip_space(src, off, n, kAllComments);
    if (src.at(off) != '{' || off >= n)
      src.fail(off,
               "expected '{' to start the body of " + want + ", found " + describe_char(src, off));
    const std::size_t close = match_brace(src, off, th.tid);
    th.body = src.text().substr(off + 1, close - off - 1);
    th.body_pos = src.pos(off + 1);
    out.push_back(std::move(th));
    off = close + 1;
  }
}

}  // namespace mmsim::litmus_detail

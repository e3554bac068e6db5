#include "sim/scenario/info_words.h"

#include <algorithm>
#include <cctype>
#include <map>

#include "sim/base/ascii.h"

namespace mmsim {
namespace {

// Optimal-string-alignment distance: insertions, deletions, substitutions and adjacent
// transpositions ("Cofnig") each cost 1.
std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1,
                          d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.size()][b.size()];
}

// The keys mmsim acts on, and herd7's and diy7's own info keys, which are never flagged even
// where they come near one (`Com` is two edits from `Mm`).
const char* const kKeys[] = {"Config", "Affinity", "Mm", "Mode"};
const char* const kHerdKeys[] = {"Hash",  "Com",       "Orig",   "Prefetch", "Cycle",
                                 "Relax", "Safe",      "Generator", "Scopes", "Levels",
                                 "Variant", "Stable",  "Fault"};

std::string near_key(const std::string& key) {
  for (const char* k : kKeys)
    if (key == k) return "";
  for (const char* k : kHerdKeys)
    if (key == k) return "";
  for (const char* k : kKeys)
    if (edit_distance(ascii_lower(key), ascii_lower(k)) <= 2) return k;
  return "";
}

bool is_word_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
}

}  // namespace

std::vector<InfoWord> info_words(const InfoLine& line) {
  std::vector<InfoWord> out;
  const std::string& s = line.value;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
    std::size_t j = i;
    while (j < s.size() && s[j] != ' ' && s[j] != '\t') ++j;
    if (j > i) {
      SourcePos p = line.pos;
      p.column += static_cast<int>(i);
      out.push_back({s.substr(i, j - i), p});
    }
    i = j;
  }
  return out;
}

std::pair<std::size_t, std::string> thread_word(const InfoWord& w, std::size_t threads,
                                                const std::string& what) {
  const auto colon = w.text.find(':');
  bool ok = w.text.size() > 2 && w.text[0] == 'P' && colon != std::string::npos && colon > 1 &&
            colon + 1 < w.text.size();
  std::size_t tid = 0;
  for (std::size_t i = 1; ok && i < colon; ++i) {
    ok = std::isdigit(static_cast<unsigned char>(w.text[i])) != 0;
    tid = tid * 10 + static_cast<std::size_t>(w.text[i] - '0');
    ok = ok && tid < 100000;
  }
  if (!ok) throw BadInput("parse", w.pos, "'" + w.text + "' (expected Pn:" + what + ")");
  if (tid >= threads)
    throw BadInput("parse", w.pos, "'" + w.text + "' names a thread the test does not have");
  return {tid, w.text.substr(colon + 1)};
}

void check_info_lines(LitmusTest& test) {
  const InfoLine* config = nullptr;
  // Per placing key, where each thread was placed first.
  std::map<std::string, std::map<std::string, SourcePos>> placed;
  for (const InfoLine& line : test.info) {
    if (const std::string k = near_key(line.key); !k.empty()) {
      test.warnings.push_back(
          {line.key_pos, "info line '" + line.key + "=' is not one mmsim reads, so it is " +
                             "ignored (did you mean '" + k + "='?)"});
    }
    if (line.key == "Config") {
      if (config) {
        throw BadInput("parse", line.key_pos,
                       "second Config= line (the first is at line " +
                           std::to_string(config->key_pos.line) +
                           "; expected every setting on one Config= line)");
      }
      config = &line;
    }
    if (line.key != "Affinity" && line.key != "Mm" && line.key != "Mode") continue;
    for (const InfoWord& word : info_words(line)) {
      // Only the thread matters here; thread_word() checks the whole word where it is used.
      const std::size_t colon = word.text.find(':');
      if (colon == std::string::npos) continue;
      const std::string thread = word.text.substr(0, colon);
      const auto [at, fresh] = placed[line.key].emplace(thread, word.pos);
      if (!fresh) {
        throw BadInput("parse", word.pos,
                       thread + " is placed twice by " + line.key + "= (first at line " +
                           std::to_string(at->second.line) + ", column " +
                           std::to_string(at->second.column) + "; expected one entry per thread)");
      }
    }
  }
}

Expectation parse_expectation(const std::string& rest, const SourcePos& pos) {
  std::vector<std::string> words;
  std::size_t i = 0;
  while (words.size() < 2) {
    while (i < rest.size() && (rest[i] == ' ' || rest[i] == '\t')) ++i;
    std::size_t j = i;
    while (j < rest.size() && is_word_char(rest[j])) ++j;
    if (j == i) break;
    words.push_back(rest.substr(i, j - i));
    i = j;
  }
  Expectation e;
  e.pos = pos;
  const std::string found = words.empty() ? "nothing" : "'" + words[0] + "'";
  const char* const kExpected =
      " (expected Never, Sometimes or Always, optionally followed by DATARACE; Maybe; or "
      "DEADLOCK)";
  if (words.empty()) throw BadInput("parse", pos, "no verdict after 'Result:'" + std::string(kExpected));
  e.word = words[0];
  // "Result: Maybe." ends a sentence; the period is not part of the verdict.
  if (e.word.size() > 1 && e.word.back() == '.') e.word.pop_back();
  const std::string second = words.size() > 1 ? words[1] : "";
  if (e.word == "Never" || e.word == "Sometimes" || e.word == "Always") {
    e.datarace = second == "DATARACE";
    return e;
  }
  if (e.word == "Maybe" || e.word == "DEADLOCK") return e;
  if (e.word == "Flag") {
    // herd7's cat models raise named flags (`Flag srcu-bad-nesting`); the corpus states some.
    if (second.empty())
      throw BadInput("parse", pos, "'Result: Flag' names no flag (expected 'Flag <name>')");
    e.flag = second;
    return e;
  }
  std::string hint;
  for (const char* w : {"Never", "Sometimes", "Always", "Maybe", "DEADLOCK"})
    if (hint.empty() && edit_distance(ascii_lower(e.word), ascii_lower(w)) <= 2)
      hint = std::string("; did you mean ") + w + "?";
  throw BadInput("parse", pos, "unknown verdict " + found + " after 'Result:'" + kExpected + hint);
}

std::optional<Claim> claim_for(const LitmusTest& test, const std::string& arch) {
  for (const std::string& scope : {arch, std::string("*")})
    if (const auto it = test.strict_results.find(scope); it != test.strict_results.end())
      return Claim{it->second, scope};
  if (test.result) return Claim{*test.result, ""};
  return std::nullopt;
}

}  // namespace mmsim

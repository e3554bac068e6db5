#include "sim/scenario/info_words.h"

#include <cctype>

namespace mmsim {

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

}  // namespace mmsim

#include "kernel_model/tasks.h"

#include <algorithm>

namespace mmsim::kernel {
namespace {

struct Word {
  std::string text;
  SourcePos pos;
};

std::vector<Word> words(const InfoLine& line) {
  std::vector<Word> out;
  std::size_t i = 0;
  const std::string& s = line.value;
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

// "P<n>:<value>" → n, value.
std::pair<std::size_t, std::string> thread_word(const Word& w, std::size_t threads,
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

}  // namespace

TaskSet parse_tasks(const LitmusTest& test) {
  const std::size_t n = test.threads.size();
  TaskSet ts;
  ts.tasks.assign(n, TaskInfo{});
  std::vector<std::string> mm_of(n, "a");
  for (const auto& line : test.info) {
    if (line.key == "Mm") {
      for (const auto& w : words(line)) {
        auto [tid, name] = thread_word(w, n, "process-name");
        mm_of[tid] = name;
      }
    } else if (line.key == "Mode") {
      for (const auto& w : words(line)) {
        auto [tid, mode] = thread_word(w, n, "kernel|user");
        if (mode != "kernel" && mode != "user")
          throw BadInput("parse", w.pos, "'" + w.text + "' (expected Pn:kernel or Pn:user)");
        ts.tasks[tid].kernel = mode == "kernel";
      }
    }
  }
  for (std::size_t t = 0; t < n; ++t) {
    if (ts.tasks[t].kernel) {
      ts.tasks[t].mm = 0;
      continue;
    }
    auto it = std::find(ts.mm_names.begin(), ts.mm_names.end(), mm_of[t]);
    if (it == ts.mm_names.end()) {
      ts.mm_names.push_back(mm_of[t]);
      it = ts.mm_names.end() - 1;
    }
    ts.tasks[t].mm = static_cast<int>(it - ts.mm_names.begin()) + 1;
  }
  return ts;
}

}  // namespace mmsim::kernel

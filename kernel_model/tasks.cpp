#include "kernel_model/tasks.h"

#include <algorithm>

#include "sim/scenario/info_words.h"

namespace mmsim::kernel {

TaskSet parse_tasks(const LitmusTest& test) {
  const std::size_t n = test.threads.size();
  TaskSet ts;
  ts.tasks.assign(n, TaskInfo{});
  std::vector<std::string> mm_of(n, "a");
  for (const auto& line : test.info) {
    if (line.key == "Mm") {
      for (const auto& w : info_words(line)) {
        auto [tid, name] = thread_word(w, n, "process-name");
        mm_of[tid] = name;
      }
    } else if (line.key == "Mode") {
      for (const auto& w : info_words(line)) {
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

#include "kernel_model/tasks.h"

#include <algorithm>

#include "sim/scenario/info_words.h"

namespace mmsim::kernel {

TaskSet parse_tasks(const LitmusTest& test, const std::vector<bool>& adopts,
                    const std::vector<bool>& execs) {
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
  auto mm_id = [&](const std::string& name) {
    auto it = std::find(ts.mm_names.begin(), ts.mm_names.end(), name);
    if (it == ts.mm_names.end()) {
      ts.mm_names.push_back(name);
      it = ts.mm_names.end() - 1;
    }
    return static_cast<int>(it - ts.mm_names.begin()) + 1;
  };
  for (std::size_t t = 0; t < n; ++t) ts.tasks[t].mm = ts.tasks[t].kernel ? 0 : mm_id(mm_of[t]);
  // After the user threads', so that their mm ids do not depend on kernel threads.
  for (std::size_t t = 0; t < n; ++t)
    if (ts.tasks[t].kernel && t < adopts.size() && adopts[t]) ts.tasks[t].use_mm = mm_id(mm_of[t]);
  // An exec'ing thread's new mm: its own (no name a test can give).
  for (std::size_t t = 0; t < n; ++t)
    if (!ts.tasks[t].kernel && t < execs.size() && execs[t])
      ts.tasks[t].exec_mm = mm_id("P" + std::to_string(t) + " after execve()");
  return ts;
}

}  // namespace mmsim::kernel

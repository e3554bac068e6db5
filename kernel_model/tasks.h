// Tasks and processes of a scenario: which mm each thread belongs to (`Mm=P0:a P1:a P2:b`;
// default: every user thread in one process) and which threads are kernel threads
// (`Mode=P2:kernel`: no mm, like a kthread).
#pragma once
#include <string>
#include <vector>

#include "sim/scenario/litmus_test.h"

namespace mmsim::kernel {

struct TaskInfo {
  int mm = 1;            // 1-based mm id; 0 = kernel thread (no mm)
  bool kernel = false;
};

struct TaskSet {
  std::vector<TaskInfo> tasks;     // per thread
  std::vector<std::string> mm_names;  // index mm-1 → the letter used in Mm=
  int mm_count() const { return static_cast<int>(mm_names.size()); }
  int users(int mm) const {
    int n = 0;
    for (const auto& t : tasks) n += t.mm == mm ? 1 : 0;
    return n;
  }
};

// Throws BadInput at the offending word of an Mm= or Mode= line.
TaskSet parse_tasks(const LitmusTest& test);

}  // namespace mmsim::kernel

// Tasks and processes of a scenario: which mm each thread belongs to (`Mm=P0:a P1:a P2:b`;
// default: every user thread in one process) and which threads are kernel threads
// (`Mode=P2:kernel`: no mm, like a kthread). A kernel thread that calls kthread_use_mm()
// adopts the mm its Mm= word names (default: the default process's), and holds a reference
// to it (mm_users) as the kernel's callers do. A user thread that calls execve() runs in a
// new mm of its own afterwards.
#pragma once
#include <string>
#include <vector>

#include "sim/scenario/litmus_test.h"

namespace mmsim::kernel {

struct TaskInfo {
  int mm = 1;            // 1-based mm id; 0 = kernel thread (no mm)
  bool kernel = false;
  int use_mm = 0;        // kernel thread: the mm kthread_use_mm() adopts (0: it never does)
  int exec_mm = 0;       // user thread that calls execve(): the new mm it runs in after
};

struct TaskSet {
  std::vector<TaskInfo> tasks;     // per thread
  std::vector<std::string> mm_names;  // index mm-1 → the letter used in Mm=
  int mm_count() const { return static_cast<int>(mm_names.size()); }
  // A thread's mm after execve(): it starts with no registration.
  bool fresh(int mm) const {
    for (const auto& t : tasks)
      if (t.exec_mm == mm) return true;
    return false;
  }
  int users(int mm) const {
    int n = 0;
    for (const auto& t : tasks) n += t.mm == mm || t.use_mm == mm || t.exec_mm == mm ? 1 : 0;
    return n;
  }
};

// Throws BadInput at the offending word of an Mm= or Mode= line. `adopts` / `execs`: per
// thread, whether it calls kthread_use_mm() / execve() (empty: none does).
TaskSet parse_tasks(const LitmusTest& test, const std::vector<bool>& adopts = {},
                    const std::vector<bool>& execs = {});

}  // namespace mmsim::kernel

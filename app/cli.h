// The mmsim command line (DESIGN.md §7): a stable contract that tests and users script
// against. run_cli() is the whole program minus process set-up, so tests call it in-process;
// main() adds what only a process has (a terminal, signals) through CliEnv.
// Exit status: 0 ran; 1 an expectation did not hold (--check); 2 bad input; 3 internal error;
// 130 interrupted.
#pragma once
#include <atomic>
#include <chrono>
#include <ostream>
#include <string>
#include <vector>

namespace mmsim {

struct CliEnv {
  bool stderr_is_terminal = false;  // progress lines are for people watching a terminal
  const std::atomic<bool>* interrupted = nullptr;  // set by SIGINT/SIGTERM
  std::chrono::steady_clock::duration progress_delay = std::chrono::seconds(1);
};

int run_cli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
            const CliEnv& env = {});

// The version, from the CMake project version (one place).
const char* mmsim_version();

}  // namespace mmsim

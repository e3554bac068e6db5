// The progress line of a run (DESIGN §7): on stderr, only when stderr is a terminal, only once
// the run has lasted `delay` (a short run never flickers one), redrawn in place at most a few
// times a second: "SB.litmus: 41,000/100,000 trials, 212,000/s, ETA 0:01". A disabled
// ProgressLine does nothing.
#pragma once
#include <chrono>
#include <cstdint>
#include <ostream>
#include <string>

namespace mmsim {

class ProgressLine {
 public:
  using Clock = std::chrono::steady_clock;
  ProgressLine(std::ostream& err, bool enabled,
               Clock::duration delay = std::chrono::seconds(1));
  void start_file(const std::string& file, std::uint64_t total);
  void update(std::uint64_t done);
  // Erases the line if one is shown, so that the file's block starts on a clean line.
  void clear();

 private:
  std::ostream& err_;
  bool enabled_;
  Clock::duration delay_;
  Clock::time_point run_start_, file_start_, last_draw_;
  std::string file_;
  std::uint64_t total_ = 0;
  bool shown_ = false;
};

// 12345678 → "12,345,678".
std::string with_commas(std::uint64_t v);

}  // namespace mmsim

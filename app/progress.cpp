#include "app/progress.h"

#include <fmt/format.h>

namespace mmsim {

std::string with_commas(std::uint64_t v) {
  std::string s = std::to_string(v);
  for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3) s.insert(static_cast<std::size_t>(i), ",");
  return s;
}

ProgressLine::ProgressLine(std::ostream& err, bool enabled, Clock::duration delay)
    : err_(err), enabled_(enabled), delay_(delay), run_start_(Clock::now()) {}

void ProgressLine::start_file(const std::string& file, std::uint64_t total) {
  file_ = file;
  total_ = total;
  file_start_ = Clock::now();
}

void ProgressLine::update(std::uint64_t done) {
  if (!enabled_) return;
  const auto now = Clock::now();
  if (now - run_start_ < delay_ || (shown_ && now - last_draw_ < std::chrono::milliseconds(200)))
    return;
  last_draw_ = now;
  const double secs = std::chrono::duration<double>(now - file_start_).count();
  const double rate = secs > 0 ? static_cast<double>(done) / secs : 0;
  std::string eta = "?";
  if (rate > 0) {
    const auto left = static_cast<std::uint64_t>(static_cast<double>(total_ - done) / rate);
    eta = left >= 3600 ? fmt::format("{}:{:02}:{:02}", left / 3600, left / 60 % 60, left % 60)
                       : fmt::format("{}:{:02}", left / 60, left % 60);
  }
  // \r and "erase to end of line" redraw in place; the terminal is known to be one.
  err_ << fmt::format("\r\033[K{}: {}/{} trials, {}/s, ETA {}", file_, with_commas(done),
                      with_commas(total_), with_commas(static_cast<std::uint64_t>(rate)), eta)
       << std::flush;
  shown_ = true;
}

void ProgressLine::clear() {
  if (!shown_) return;
  err_ << "\r\033[K" << std::flush;
  shown_ = false;
}

}  // namespace mmsim

// Errors that reach the user. BadInput carries file:line:column and what was expected; the CLI
// maps it to exit status 2. Anything else escaping a run is an internal error (exit 3).
#pragma once
#include <stdexcept>
#include <string>

namespace mmsim {

struct SourcePos {
  std::string file;
  int line = 0;    // 1-based; 0 = not tied to a line
  int column = 0;  // 1-based; 0 = whole line
};

// kind: "parse" (malformed text), "unsupported" (valid litmus outside the model),
// "param" (bad --set / Config= value), "access" (a thread accessed an address that is none
// of the test's locations), "usage" (bad command line).
class BadInput : public std::runtime_error {
 public:
  BadInput(std::string kind, SourcePos pos, const std::string& message)
      : std::runtime_error(message), kind_(std::move(kind)), pos_(std::move(pos)) {}
  const std::string& kind() const { return kind_; }
  const SourcePos& pos() const { return pos_; }
  // "file:line:column: message" (the parts that are known).
  std::string located() const {
    std::string s = pos_.file;
    if (pos_.line > 0) s += ":" + std::to_string(pos_.line);
    if (pos_.line > 0 && pos_.column > 0) s += ":" + std::to_string(pos_.column);
    if (!s.empty()) s += ": ";
    return s + what();
  }

 private:
  std::string kind_;
  SourcePos pos_;
};

}  // namespace mmsim

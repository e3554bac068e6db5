// A core's instruction window (reorder buffer): in-flight micro-ops, oldest first. Entries
// enter at the young end (dispatch), leave at the old end (retire), or are squashed from some
// point on (a mispredicted branch, a replayed load, a context-synchronizing retire, an
// interrupt), after which fetch starts again from the first squashed instruction.
#pragma once
#include <array>
#include <cstddef>

#include "sim/cpu/window_entry.h"

namespace mmsim {

class InstructionWindow {
 public:
  static constexpr std::size_t kMax = 64;
  std::size_t size() const { return count_; }
  bool empty() const { return count_ == 0; }
  WindowEntry& operator[](std::size_t i) { return e_[i]; }
  const WindowEntry& operator[](std::size_t i) const { return e_[i]; }
  const WindowEntry* data() const { return e_.data(); }
  WindowEntry& push() {
    e_[count_] = WindowEntry{};
    return e_[count_++];
  }
  WindowEntry pop_front() {
    const WindowEntry front = e_[0];
    for (std::size_t i = 1; i < count_; ++i) e_[i - 1] = e_[i];
    --count_;
    return front;
  }
  // Keeps entries [0, i): entry i and every younger one are squashed.
  void squash_from(std::size_t i) {
    if (i < count_) count_ = i;
  }
  void clear() { count_ = 0; }

 private:
  std::array<WindowEntry, kMax> e_{};
  std::size_t count_ = 0;
};

}  // namespace mmsim

// A core's branch direction predictor: one two-bit saturating counter per static branch
// (program, uop index), drawn at random per trial so that a run sees both paths of every
// branch fetched speculatively. Explore timing also overrules one prediction in eight, so that
// a branch whose history points one way is still sometimes fetched the other way (what a
// cold predictor or aliasing does on hardware). Only the direction is predicted; the target
// is the uop's. Deterministic: every choice comes from the trial's generator.
#pragma once
#include <cstdint>
#include <vector>

#include "sim/base/rng.h"
#include "sim/cpu/thread_program.h"

namespace mmsim {

class BranchPredictor {
 public:
  void reset(bool explore) {
    table_.clear();
    explore_ = explore;
  }
  bool predict(const ThreadProgram* prog, std::int32_t index, Rng& rng) {
    Counter& c = counter(prog, index, rng);
    const bool taken = c.state >= 2;
    return explore_ && rng.chance(1, 8) ? !taken : taken;
  }
  void update(const ThreadProgram* prog, std::int32_t index, bool taken, Rng& rng) {
    Counter& c = counter(prog, index, rng);
    if (taken && c.state < 3) ++c.state;
    if (!taken && c.state > 0) --c.state;
  }
  std::uint64_t mispredicts = 0;
  void append_state(std::vector<std::uint64_t>& out) const {
    out.push_back(table_.size());
    for (const Counter& c : table_) {
      out.push_back(reinterpret_cast<std::uintptr_t>(c.prog));
      out.push_back(static_cast<std::uint64_t>(c.index));
      out.push_back(c.state);
    }
  }

 private:
  struct Counter {
    const ThreadProgram* prog;
    std::int32_t index;
    std::uint8_t state;  // 0, 1: predict not taken; 2, 3: taken
  };
  Counter& counter(const ThreadProgram* prog, std::int32_t index, Rng& rng) {
    for (Counter& c : table_)
      if (c.prog == prog && c.index == index) return c;
    table_.push_back(Counter{prog, index, static_cast<std::uint8_t>(rng.uniform(1, 2))});
    return table_.back();
  }
  std::vector<Counter> table_;
  bool explore_ = true;
};

}  // namespace mmsim

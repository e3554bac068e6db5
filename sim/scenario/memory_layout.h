// Shared-memory locations of a test: name → address, initial value. Every location gets its
// own cache line so that coherence latencies are per location. Pointer-valued locations
// (`int *p = y;`) hold the address of their target.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "sim/base/types.h"

namespace mmsim {

struct LocationInfo {
  std::string name;
  Addr addr;
  Value init = 0;
  bool is_pointer = false;  // declared `T *name` or initialised with a location
};

class MemoryLayout {
 public:
  static constexpr std::uint64_t kBase = 0x1000;
  static constexpr std::uint64_t kLine = 0x40;

  // The location called `name`, created (init 0) if absent.
  LocationInfo& intern(const std::string& name) {
    for (auto& l : locs_)
      if (l.name == name) return l;
    locs_.push_back(LocationInfo{name, Addr{kBase + kLine * locs_.size()}, 0, false});
    return locs_.back();
  }
  const LocationInfo* find(const std::string& name) const {
    for (const auto& l : locs_)
      if (l.name == name) return &l;
    return nullptr;
  }
  // The location whose address is `v`, if any.
  const LocationInfo* at(Value v) const {
    if (v < static_cast<Value>(kBase) || (v - kBase) % kLine != 0) return nullptr;
    const auto i = static_cast<std::size_t>((v - kBase) / kLine);
    return i < locs_.size() ? &locs_[i] : nullptr;
  }
  const std::vector<LocationInfo>& locations() const { return locs_; }
  std::size_t size() const { return locs_.size(); }
  // Index of a location from its address (addresses are dense).
  static std::size_t index_of(Addr a) { return static_cast<std::size_t>((a.raw() - kBase) / kLine); }

 private:
  std::vector<LocationInfo> locs_;
};

}  // namespace mmsim

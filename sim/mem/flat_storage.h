// Multi-copy-atomic storage (x86, arm64): one value per location, visible to all cores the
// moment a store leaves its store buffer.
#pragma once
#include <vector>

#include "sim/mem/i_storage.h"

namespace mmsim {

class FlatStorage final : public IStorage {
 public:
  void reset(const MemoryLayout& layout) override {
    values_.resize(layout.size());
    writes_.assign(layout.size(), 0);
    for (std::size_t i = 0; i < layout.size(); ++i) values_[i] = layout.locations()[i].init;
  }
  Value read(CpuId, Addr a) const override { return values_[slot(a)]; }
  void write(CpuId, Addr a, Value v) override {
    values_[slot(a)] = v;
    ++writes_[slot(a)];
  }
  std::uint64_t version(CpuId, Addr a) const override { return writes_[slot(a)]; }
  Value final_value(Addr a) const override { return values_[slot(a)]; }
  bool holds(Addr a) const override {
    return a.raw() >= MemoryLayout::kBase && (a.raw() - MemoryLayout::kBase) % MemoryLayout::kLine == 0 &&
           MemoryLayout::index_of(a) < values_.size();
  }

 private:
  std::size_t slot(Addr a) const {
    const std::size_t i = MemoryLayout::index_of(a);
    return i < values_.size() ? i : values_.size() - 1;
  }
  std::vector<Value> values_;
  std::vector<std::uint64_t> writes_;  // per location: writes this trial
};

}  // namespace mmsim

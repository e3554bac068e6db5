// A core's store buffer: stores that can no longer be squashed, waiting to become visible to
// other cores. Entries are kept in the order they entered (program order for stores to one
// address; across addresses, a weak arch's stores may enter before they retire, out of program
// order: `seq` keeps program order). The arch's ordering policy decides which may drain (x86:
// only the oldest). A store becomes globally visible when its drain completes (commit phase).
#pragma once
#include <cstdint>
#include <vector>

#include "sim/base/types.h"

namespace mmsim {

struct SbEntry {
  Addr addr;
  Value value = 0;
  Cycle ready_at;        // residency ends: the entry may start draining from this cycle on
  Cycle drain_done_at = Cycle::never();  // set when draining starts
  std::uint32_t src = 0; // uop source index (traces)
  std::uint64_t seq = 0;    // the store's program order (WindowEntry::seq)
  std::uint64_t epoch = 0;  // store barriers retired before it (RetireEffect::close_store_epoch)
  std::uint8_t flags = 0;   // the uop's flags (kRelease, ...)
  // Explore mode: the adversary holds the store (ready_at = never) until something forces it
  // out; `seen` is the line's coherence touch count when the hold began.
  bool held = false;
  std::uint64_t seen = 0;
  Cycle hold_until = Cycle::never();  // a held kernel store is released by this cycle
  bool draining() const { return drain_done_at != Cycle::never(); }
};

class StoreBuffer {
 public:
  void clear() { entries_.clear(); }
  bool empty() const { return entries_.empty(); }
  std::size_t size() const { return entries_.size(); }
  const SbEntry& operator[](std::size_t i) const { return entries_[i]; }
  SbEntry& operator[](std::size_t i) { return entries_[i]; }
  void push(const SbEntry& e) { entries_.push_back(e); }
  void erase(std::size_t i) { entries_.erase(entries_.begin() + static_cast<std::ptrdiff_t>(i)); }
  // The youngest entry for `a`, or nullptr: the value a load on this core forwards.
  const SbEntry* youngest_for(Addr a) const {
    for (auto it = entries_.rbegin(); it != entries_.rend(); ++it)
      if (it->addr == a) return &*it;
    return nullptr;
  }
  bool has_older_for(std::size_t k) const {
    for (std::size_t i = 0; i < k; ++i)
      if (entries_[i].addr == entries_[k].addr) return true;
    return false;
  }

 private:
  std::vector<SbEntry> entries_;
};

}  // namespace mmsim

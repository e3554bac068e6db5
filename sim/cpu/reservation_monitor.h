// A core's exclusive monitor for load-linked / store-conditional pairs (arm64 LDXR/STXR,
// powerpc lwarx/stwcx.): a load-exclusive reserves its address; a store-conditional succeeds
// only if no other core has written that address since (the line's write count, kept by
// Coherence, has not moved except by this core's own stores). Any store-conditional clears
// the reservation, as does a new load-exclusive. One reservation per core (the architectures
// allow an implementation to track one granule).
#pragma once
#include <cstdint>
#include <vector>

#include "sim/base/types.h"

namespace mmsim {

class ReservationMonitor {
 public:
  void clear() { valid_ = false; }
  void reserve(Addr a, std::uint64_t writes) {
    valid_ = true;
    addr_ = a;
    writes_ = writes;
  }
  // Whether a store-conditional to `a` succeeds now, the line having been written `writes`
  // times in all.
  bool holds(Addr a, std::uint64_t writes) const {
    return valid_ && addr_ == a && writes_ == writes;
  }
  void append_state(std::vector<std::uint64_t>& out) const {
    out.push_back(valid_);
    out.push_back(valid_ ? addr_.raw() : 0);
    out.push_back(valid_ ? writes_ : 0);
  }
  // This core's own store to `a` became visible: it does not break its own reservation.
  void own_write(Addr a, std::uint64_t writes_before) {
    if (valid_ && addr_ == a && writes_ == writes_before) ++writes_;
  }

 private:
  bool valid_ = false;
  Addr addr_;
  std::uint64_t writes_ = 0;
};

}  // namespace mmsim

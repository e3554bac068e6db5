// Strong types for the quantities the simulator passes around, so a cycle count can never be
// used as an address or a CPU number by accident (ChampSim address.h / chrono.h style).
#pragma once
#include <cstdint>
#include <functional>

namespace mmsim {

template <class Tag, class Rep>
struct Strong {
  Rep v{};
  constexpr Strong() = default;
  constexpr explicit Strong(Rep x) : v(x) {}
  constexpr Rep raw() const { return v; }
  friend constexpr bool operator==(Strong a, Strong b) { return a.v == b.v; }
  friend constexpr bool operator!=(Strong a, Strong b) { return a.v != b.v; }
  friend constexpr bool operator<(Strong a, Strong b) { return a.v < b.v; }
  friend constexpr bool operator<=(Strong a, Strong b) { return a.v <= b.v; }
  friend constexpr bool operator>(Strong a, Strong b) { return a.v > b.v; }
  friend constexpr bool operator>=(Strong a, Strong b) { return a.v >= b.v; }
};

struct CycleTag {};
// A point in simulated time, in core clock cycles since the start of the trial.
struct Cycle : Strong<CycleTag, std::uint64_t> {
  using Strong::Strong;
  friend constexpr Cycle operator+(Cycle a, std::uint64_t d) { return Cycle{a.v + d}; }
  friend constexpr std::uint64_t operator-(Cycle a, Cycle b) { return a.v - b.v; }
  static constexpr Cycle never() { return Cycle{~std::uint64_t{0}}; }
};

struct CpuTag {};
using CpuId = Strong<CpuTag, std::uint16_t>;

struct AddrTag {};
// A simulated memory address. Every litmus location gets its own cache line.
using Addr = Strong<AddrTag, std::uint64_t>;

// Register and memory contents. Pointers are addresses stored as values.
using Value = std::int64_t;

}  // namespace mmsim

template <class Tag, class Rep>
struct std::hash<mmsim::Strong<Tag, Rep>> {
  std::size_t operator()(mmsim::Strong<Tag, Rep> s) const noexcept { return std::hash<Rep>{}(s.v); }
};

// The trial's seeded generator (xoshiro256**, seeded through splitmix64). Every random choice
// in a trial comes from here, and the distributions are written out rather than taken from
// <random>, so a seed means the same trial with any standard library.
#pragma once
#include <cstdint>

namespace mmsim {

class Rng {
 public:
  explicit Rng(std::uint64_t seed = 1) { reseed(seed); }
  void reseed(std::uint64_t seed) {
    std::uint64_t x = seed;
    for (auto& w : s_) w = splitmix(x);
  }
  std::uint64_t next() {
    ++draws_;
    const std::uint64_t r = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return r;
  }
  // Uniform integer in [lo, hi] (inclusive); lo when hi <= lo.
  std::uint64_t uniform(std::uint64_t lo, std::uint64_t hi) {
    if (hi <= lo) return lo;
    const std::uint64_t span = hi - lo + 1;
    __extension__ using u128 = unsigned __int128;  // Lemire: unbiased enough, no division
    return lo + static_cast<std::uint64_t>((static_cast<u128>(next()) * span) >> 64);
  }
  // True with probability num/den.
  bool chance(std::uint64_t num, std::uint64_t den) { return uniform(0, den - 1) < num; }
  // Numbers drawn since construction: a component that drew none over a stretch of cycles
  // behaved there independently of the seed (the spin fast-forward relies on it).
  std::uint64_t draws() const { return draws_; }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  static std::uint64_t splitmix(std::uint64_t& x) {
    std::uint64_t z = (x += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  std::uint64_t s_[4]{};
  std::uint64_t draws_ = 0;
};

}  // namespace mmsim

// Checks that hold a C test to one verdict on every architecture the kernel model runs on.
#pragma once
#include <catch2/catch.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "tests/support/sim_support.h"

namespace mmsim::test {

inline const std::vector<std::string>& model_archs() {
  static const std::vector<std::string> archs = {"x86", "arm64", "powerpc"};
  return archs;
}

// Runs `text` on `arch`: every trial finishes and none shows the condition. Returns the run
// for the caller's own checks.
inline Ran never_on(const std::string& arch, const std::string& text, std::uint64_t trials,
                    const std::vector<std::string>& sets = {}) {
  INFO(arch);
  Ran r = run_text(text, arch, trials, 1, sets);
  CHECK(r.result.unfinished == 0);
  CHECK(r.result.positive == 0);
  return r;
}

// never_on() on x86, arm64 and powerpc; the runs in that order.
inline std::vector<Ran> never_on_every_arch(const std::string& text, std::uint64_t trials,
                                            const std::vector<std::string>& sets = {}) {
  std::vector<Ran> out;
  for (const std::string& arch : model_archs()) out.push_back(never_on(arch, text, trials, sets));
  return out;
}

}  // namespace mmsim::test

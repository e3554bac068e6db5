// Helpers shared by the oracle tests: an x86 scenario from a parsed litmus test (lowered the
// way `mmsim run` lowers it, Config= lines applied), and final states rendered as herd7
// prints them, for set comparisons and failure messages.
#pragma once
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "sim/scenario/scenario.h"
#include "tests/support/verdict_table.h"
#include "tests/support/sim_support.h"

namespace mmsim::test {

// A scenario and the parameters `mmsim run` would simulate it with (defaults, then the
// test's Config= lines, then `sets`).
struct PreparedX86 {
  std::unique_ptr<Scenario> scenario;
  Params params;
};

inline PreparedX86 prepare_x86(LitmusTest t, const std::vector<std::string>& sets = {}) {
  const IArchModel* arch = archs().find("x86");
  PreparedX86 out{nullptr, declared_params(archs())};
  apply_config(t, out.params);
  for (const auto& s : sets) out.params.set_assignment(s);
  out.scenario = prepare(std::move(t), *arch, out.params);
  return out;
}

inline std::unique_ptr<Scenario> x86_scenario(LitmusTest t) {
  return prepare_x86(std::move(t)).scenario;
}

// A final state as herd7 prints it, shown keys only (a filter's own keys are not printed).
inline HerdState herd_state(const Scenario& s, const State& st) {
  HerdState out;
  for (std::size_t k = 0; k < st.size() && k < s.keys.size(); ++k)
    if (s.keys[k].shown) out.insert(s.keys[k].herd() + "=" + s.format_value(k, st[k]));
  return out;
}

inline std::string show(const HerdState& st) {
  std::string out;
  for (const auto& kv : st) out += kv + "; ";
  return out;
}

}  // namespace mmsim::test

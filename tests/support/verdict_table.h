// The rows of the corpus's litmus/arch/verdicts.tsv for one arch, for tests that compare
// something against herd7's verdicts. A state is a set of "name=value" strings (`0:EAX=1`,
// `[x]=2`), the comparison litmus/README.md prescribes.
#pragma once
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "tests/support/sim_support.h"

namespace mmsim::test {

using HerdState = std::set<std::string>;

struct VerdictRow {
  std::string file, test, verdict, condition;
  std::set<HerdState> allowed;
  std::string hardware;  // hardware_observed: "Observed", "NotObserved" or "" (unknown)
};

inline std::vector<VerdictRow> verdict_rows(const std::string& arch) {
  std::ifstream f(std::string(MMSIM_CORPUS_DIR) + "/litmus/arch/verdicts.tsv");
  std::vector<VerdictRow> out;
  std::string line;
  std::getline(f, line);  // header
  while (std::getline(f, line)) {
    std::vector<std::string> cols;
    std::istringstream in(line);
    for (std::string c; std::getline(in, c, '\t');) cols.push_back(c);
    if (cols.size() < 6 || cols[0] != arch) continue;
    VerdictRow v{cols[1], cols[2], cols[3], cols[4], {}, cols.size() > 6 ? cols[6] : ""};
    const std::string& states = cols[5];
    for (std::size_t i = 0; i <= states.size();) {
      std::size_t j = states.find('|', i);
      if (j == std::string::npos) j = states.size();
      v.allowed.insert(Ran::split_state(states.substr(i, j - i)));
      i = j + 1;
    }
    out.push_back(std::move(v));
  }
  return out;
}

}  // namespace mmsim::test

// Shared test helpers: run a litmus file or text on an arch and get the result.
#pragma once
#include <dirent.h>

#include <algorithm>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "app/arch_registry.h"
#include "app/run_command.h"
#include "report/text_report.h"
#include "sim/engine/simulation.h"
#include "sim/scenario/litmus_parser.h"

namespace mmsim::test {

// The .litmus files of a directory, sorted by name.
inline std::vector<std::string> litmus_files(const std::string& dir) {
  std::vector<std::string> out;
  if (DIR* d = opendir(dir.c_str())) {
    while (dirent* e = readdir(d)) {
      const std::string n = e->d_name;
      if (n.size() > 7 && n.substr(n.size() - 7) == ".litmus") out.push_back(n);
    }
    closedir(d);
  }
  std::sort(out.begin(), out.end());
  return out;
}

inline const ArchRegistry& archs() {
  static const ArchRegistry r = make_arch_registry();
  return r;
}

struct Ran {
  std::unique_ptr<Scenario> scenario;
  RunResult result;
  // A run statistic by its JSON name (0 if the run never counted it), and a total per count ("cycles per call").
  std::uint64_t stat(const std::string& key) const {
    for (const Stat& s : result.stats.all())
      if (stat_key(s.id) == key) return s.value;
    return 0;
  }
  double mean(const std::string& total, const std::string& count) const {
    return static_cast<double>(stat(total)) /
           static_cast<double>(std::max<std::uint64_t>(1, stat(count)));
  }
  // Final states as herd prints them, each normalised to a sorted set of "key=value".
  std::set<std::set<std::string>> states() const {
    std::set<std::set<std::string>> out;
    for (const auto& row : result.rows) out.insert(split_state(format_state(*scenario, row.state)));
    return out;
  }
  static std::set<std::string> split_state(const std::string& s) {
    std::set<std::string> out;
    std::size_t i = 0;
    while (i < s.size()) {
      std::size_t j = s.find(';', i);
      if (j == std::string::npos) j = s.size();
      std::string part = s.substr(i, j - i);
      const auto b = part.find_first_not_of(' ');
      const auto e = part.find_last_not_of(' ');
      if (b != std::string::npos) out.insert(part.substr(b, e - b + 1));
      i = j + 1;
    }
    return out;
  }
};

inline Ran run_test(LitmusTest test, const std::string& arch, std::uint64_t trials,
                    std::uint64_t seed = 1, const std::vector<std::string>& sets = {}) {
  const IArchModel* a = archs().find(arch);
  Params p = declared_params(archs());
  apply_config(test, p);
  for (const auto& s : sets) p.set_assignment(s);
  Ran r;
  r.scenario = prepare(std::move(test), *a, p);
  r.result = simulate(*r.scenario, p, trials, seed);
  return r;
}

inline Ran run_file(const std::string& path, const std::string& arch, std::uint64_t trials,
                    std::uint64_t seed = 1, const std::vector<std::string>& sets = {}) {
  return run_test(parse_litmus_file(path), arch, trials, seed, sets);
}

inline Ran run_text(const std::string& text, const std::string& arch, std::uint64_t trials,
                    std::uint64_t seed = 1, const std::vector<std::string>& sets = {}) {
  return run_test(parse_litmus(text, "test.litmus"), arch, trials, seed, sets);
}

}  // namespace mmsim::test

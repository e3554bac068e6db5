#include "kernel_model/kernel_era.h"

namespace mmsim::kernel {

// Index i names Era(i): the enum is dense and this table is its single spelling.
const std::vector<std::string>& era_names() {
  static const std::vector<std::string> names = {"4.3", "4.9",  "4.14", "4.16",
                                                 "5.4", "5.10", "5.11", "6.8"};
  return names;
}

std::optional<Era> parse_era(const std::string& s) {
  const auto& n = era_names();
  for (std::size_t i = 0; i < n.size(); ++i)
    if (n[i] == s) return static_cast<Era>(i);
  return std::nullopt;
}

std::string era_name(Era e) { return era_names().at(static_cast<std::size_t>(e)); }

}  // namespace mmsim::kernel

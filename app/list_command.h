// `mmsim list archs|params|primitives|mutations`: what a run can use.
#pragma once
#include <ostream>
#include <string>
#include <vector>

namespace mmsim {

int cmd_list(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
std::string list_help();

}  // namespace mmsim

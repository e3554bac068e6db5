// The mmsim command line (DESIGN.md §7): a stable contract that tests and users script
// against. run_cli() is the whole program minus process set-up, so tests call it in-process.
// Exit status: 0 ran; 1 an expectation did not hold (--check); 2 bad input; 3 internal error.
#pragma once
#include <ostream>
#include <string>
#include <vector>

namespace mmsim {

int run_cli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace mmsim

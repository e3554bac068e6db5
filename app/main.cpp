// The mmsim executable. libsystemc provides main(); the program starts in sc_main.
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include <systemc>

#include "app/cli.h"

namespace {
// SystemC prints its banner when libsystemc's main() sets up the simulation context, before
// sc_main runs: the variable must be set during static initialisation.
const bool kQuietBanner = setenv("SC_COPYRIGHT_MESSAGE", "DISABLE", 0) == 0;
}  // namespace

int sc_main(int argc, char** argv) {
  (void)kQuietBanner;
  std::vector<std::string> args(argv + 1, argv + argc);
  const int status = mmsim::run_cli(args, std::cout, std::cerr);
  std::cout.flush();
  // Skip SystemC's static teardown of abandoned simulation contexts.
  std::_Exit(status);
}

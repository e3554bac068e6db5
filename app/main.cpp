// The mmsim executable. libsystemc provides main(); the program starts in sc_main.
#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include <systemc>

#include "app/cli.h"
#include "app/interrupt.h"

namespace {
// SystemC prints its banner when libsystemc's main() sets up the simulation context, before
// sc_main runs: the variable must be set during static initialisation.
const bool kQuietBanner = setenv("SC_COPYRIGHT_MESSAGE", "DISABLE", 0) == 0;
}  // namespace

int sc_main(int argc, char** argv) {
  (void)kQuietBanner;
  std::vector<std::string> args(argv + 1, argv + argc);
  mmsim::CliEnv env;
  env.stderr_is_terminal = isatty(STDERR_FILENO) == 1;
  env.interrupted = &mmsim::install_interrupt_handlers();
  const int status = mmsim::run_cli(args, std::cout, std::cerr, env);
  std::cout.flush();
  // Skip SystemC's static teardown of abandoned simulation contexts.
  std::_Exit(status);
}

// The mmsim executable. libsystemc provides main(); the program starts in sc_main.
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include <systemc>

#include "app/cli.h"

int sc_main(int argc, char** argv) {
  // stdout carries results (and JSON with --json -): keep SystemC's banner off it.
  setenv("SC_COPYRIGHT_MESSAGE", "DISABLE", 0);
  std::vector<std::string> args(argv + 1, argv + argc);
  const int status = mmsim::run_cli(args, std::cout, std::cerr);
  std::cout.flush();
  // Skip SystemC's static teardown of abandoned simulation contexts.
  std::_Exit(status);
}

// mmsim_diygen DIR: writes the generated x86 cycle tests (diy_gen.h) to DIR, one .litmus file
// each, plus DIR/index.tsv. Exit 0 on success, 2 on bad usage, 1 when DIR cannot be written.
//
// tests/CMakeLists.txt globs every .cpp under tests/ into mmsim_tests, whose main comes from
// SystemC (sc_main in test_main.cpp); this file's main exists only where the mmsim_diygen
// target defines MMSIM_DIYGEN_MAIN.
#ifdef MMSIM_DIYGEN_MAIN
#include <exception>
#include <iostream>
#include <string>

#include "tests/oracle/diy_gen.h"

int main(int argc, char** argv) {
  if (argc != 2 || std::string(argv[1]).rfind("-", 0) == 0) {
    std::cerr << "usage: mmsim_diygen DIR   (writes the x86 cycle tests and DIR/index.tsv)\n";
    return 2;
  }
  try {
    const auto tests = mmsim::oracle::DiyGenerator().generate();
    mmsim::oracle::DiyGenerator::write(tests, argv[1]);
    std::cout << "wrote " << tests.size() << " tests to " << argv[1] << "\n";
  } catch (const std::exception& e) {
    std::cerr << "mmsim_diygen: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
#endif

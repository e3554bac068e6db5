// execve(): the thread goes on in a new mm, which holds no membarrier registration; exec is
// refused in a process with other threads and in a kernel thread. (Ordering:
// scenarios/membarrier/exec-*.litmus.)
#include <catch2/catch.hpp>

#include "sim/base/error.h"
#include "tests/support/sim_support.h"

namespace {

using mmsim::test::run_text;

// P0 registers its process for PRIVATE_EXPEDITED, optionally exec's, then calls the command.
std::string register_then_call(bool exec, const std::string& era) {
  return "C exec\nConfig=cpus=2 kernel.era=" + era + "\nMm=P0:a P1:b\n{}\n"
         "P0(int *x)\n{\n"
         "\tint g = membarrier(MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED, 0);\n" +
         std::string(exec ? "\texecve();\n" : "") +
         "\tint e = membarrier(MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0);\n\tWRITE_ONCE(*x, 1);\n}\n"
         "P1(int *x)\n{\n\tint r = READ_ONCE(*x);\n}\nexists (0:e=0)\n";
}

// P0 exec's, then stores; P1 shares P0's process unless `info` says otherwise.
std::string exec_then_store(const std::string& info) {
  return "C exec\nConfig=cpus=2 kernel.era=6.8\n" + info +
         "{}\n"
         "P0(int *x)\n{\n\texecve();\n\tWRITE_ONCE(*x, 1);\n}\n"
         "P1(int *x)\n{\n\tint r = READ_ONCE(*x);\n}\nexists (1:r=1)\n";
}

std::string bad_input(const std::string& text) {
  try {
    (void)run_text(text, "x86", 1);
  } catch (const mmsim::BadInput& e) {
    return e.located();
  }
  return "no error";
}

}  // namespace

TEST_CASE("execve: the new mm holds no registration", "[kernel]") {
  for (const char* era : {"4.14", "5.4", "6.8"}) {
    INFO("kernel.era " << era);
    const auto kept = run_text(register_then_call(false, era), "arm64", 10);
    REQUIRE(kept.result.unfinished == 0);
    CHECK(kept.result.positive == 10);  // registered: 0
    const auto lost = run_text(register_then_call(true, era), "arm64", 10);
    REQUIRE(lost.result.unfinished == 0);
    CHECK(lost.result.positive == 0);  // -EPERM every time
    CHECK(lost.states().size() == 1);
    CHECK(lost.states().begin()->count("0:e=-1") == 1);
  }
}

TEST_CASE("execve in a shared process or a kernel thread is bad input naming the call",
          "[kernel]") {
  const std::string e1 = bad_input(exec_then_store(""));
  CHECK(e1.find("test.litmus:6:") == 0);
  CHECK(e1.find("Mm=P0:") != std::string::npos);
  const std::string e2 = bad_input(exec_then_store("Mode=P0:kernel\n"));
  CHECK(e2.find("test.litmus:7:") == 0);
  CHECK(e2.find("kernel thread") != std::string::npos);
}

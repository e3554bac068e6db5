// The x86 cycle-test generator: every critical-cycle shape of 3 and 4 threads (threads of one
// or two accesses, at least two program-order edges, no read-to-read junction) — which covers
// diy's named families (3.SB, 4.SB, 3.LB, 3.2W, ISA2, WRC, RWC, W+RWC, WWC, Z6.0-Z6.5, IRIW,
// IRRWIW, IRWIW, ...) and the unnamed cycles diy names by their shape key — each in variants:
//   - every W→R program-order edge (the one x86-TSO relaxes) plain, MFENCE'd, or with its
//     write made an XCHG (LOCK'd), in every combination;
//   - in a named family, every other program-order edge also plain or MFENCE'd (in every
//     combination with the above), and one more variant with every write of a two-access
//     thread an XCHG.
// Variants that normalise to the same cycle (rotations) are one test.
//
// Contract: deterministic — the same tests, in the same order (by name), every run; names
// are unique (a clash is a logic_error); every test has 3 or 4 threads.
#pragma once
#include <string>
#include <vector>

#include "tests/oracle/diy_cycle.h"

namespace mmsim::oracle {

struct GeneratedTest {
  std::string name;
  std::string family;
  bool known_family = false;
  std::size_t threads = 0;
  std::string edges;      // the cycle, diy notation
  std::string condition;  // exists (...)
  std::string text;       // the litmus file
};

class DiyGenerator {
 public:
  std::vector<GeneratedTest> generate() const;

  // Writes `<dir>/<name>.litmus` for each test and `<dir>/index.tsv` (name, family, named =
  // yes for a diy family name / no for a shape key, threads, cycle, condition); creates `dir`
  // if needed. Returns the paths of the litmus files, in the order of `tests`. Throws
  // std::runtime_error when a file cannot be written.
  static std::vector<std::string> write(const std::vector<GeneratedTest>& tests,
                                        const std::string& dir);

 private:
  static std::vector<std::vector<std::string>> shapes();
  static std::vector<DiyCycle> variants(const std::vector<std::string>& shape);
};

}  // namespace mmsim::oracle

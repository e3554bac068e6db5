// One diy-style critical cycle and the x86 litmus test it stands for (herdtools7 diy7's
// construction, redone here): threads of one or two accesses; the edge inside a thread is
// program order to a different location (PodXY) or the same with an MFENCE between
// (MFencedXY); the edge from one thread's last access to the next thread's first is a
// communication on one location, fixed by the two directions (W→R Rfe, R→W Fre, W→W Coe;
// R→R is no edge). A write may be atomic ("A" in diy's notation): an XCHG, whose LOCK orders
// it with everything around it.
//
// Contract: the constructor rejects (std::invalid_argument) what is no cycle — fewer than two
// threads, a thread of zero or more than two accesses, an atomic read, an MFENCE in a
// one-access thread, an R→R junction, fewer than two program-order edges (locations change
// only there) — and otherwise normalises the rotation the way diy7's normaliser does, so
// one test has one name: threads compared by their access shape (W < WW < RR < RW < WR < R),
// ties broken by the edges (fenced before plain, plain before atomic). Locations are x, y, z,
// a in order of first access from P0; writes to a location get 1, 2, ... in coherence order
// along the cycle; the condition is the cycle's SC-forbidden final state (every read's value,
// and the final value of each location written more than once). Everything is a pure
// function of the threads: the same cycle always gives the same text.
#pragma once
#include <string>
#include <vector>

namespace mmsim::oracle {

enum class Dir : char { R = 'R', W = 'W' };

struct CycleAccess {
  Dir dir = Dir::W;
  bool atomic = false;  // W only: XCHG instead of MOV
};

struct CycleThread {
  std::vector<CycleAccess> accesses;  // one or two, in program order
  bool fenced = false;                // two accesses: MFENCE between them
};

class DiyCycle {
 public:
  explicit DiyCycle(std::vector<CycleThread> threads);

  const std::vector<CycleThread>& threads() const { return threads_; }
  // diy's family: a known name ("ISA2", "W+RWC", "3.SB") or the shape key ("WR+WR+RW").
  std::string family() const;
  bool known_family() const;
  // The test name after diy's namer: family, then one token per two-access thread ("po",
  // "mfence", with "ap"/"pa"/"aa" when an end is atomic), all-"po" omitted, all-equal
  // pluralised ("mfences"), then a token for atomic one-access writes ("AP"...).
  std::string name() const;
  std::string edges() const;      // "PodWW Rfe PodRW Rfe PodRR Fre"
  std::string condition() const;  // "exists (1:EAX=1 /\ 2:EAX=1 /\ 2:EBX=0)"
  std::string litmus() const;     // the whole test in herd7's X86 syntax

 private:
  struct Access {  // one access of the cycle, P0's first first
    std::size_t thread;
    Dir dir;
    bool atomic;
    std::size_t loc = 0;
    long value = 0;
    std::string reg;  // read target or XCHG operand ("" for a plain write)
  };
  void check() const;
  void normalise();
  void assign();
  std::string shape_key() const;
  std::vector<std::string> code(std::size_t thread) const;
  std::string edge_name(std::size_t from) const;  // the edge leaving access `from`

  std::vector<CycleThread> threads_;
  std::vector<Access> acc_;
  std::size_t nlocs_ = 0;
};

}  // namespace mmsim::oracle

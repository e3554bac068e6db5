// Statistics as typed values. A component declares each of its stats once (StatDecl: name,
// unit, how runs combine it, what it counts) and adds values after every trial; a family of
// stats (one per kind of system call, one per CPU) shares a declaration and names its member
// in StatId. Runs merged later (--jobs, shards, MPI) combine each stat by its declared
// reduction. report/ formats them — the JSON name is stat_key() — and reads them by their
// typed identity, never by taking a key string apart.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <vector>

namespace mmsim {

enum class StatUnit : std::uint8_t { Events, Cycles, Entries };
enum class StatReduction : std::uint8_t { Sum, Max };

struct StatDecl {
  const char* name;  // "loads", "syscall.cycles", "ipi.received"
  StatUnit unit;
  StatReduction reduction;
  const char* description;
};

struct StatId {
  std::string name;
  std::string call;  // member of a per-call family: the kind of call ("membarrier"); else ""
  int cpu = -1;      // member of a per-CPU family: the CPU; else -1
  bool operator<(const StatId& o) const {
    return std::tie(name, call, cpu) < std::tie(o.name, o.call, o.cpu);
  }
  bool operator==(const StatId& o) const {
    return name == o.name && call == o.call && cpu == o.cpu;
  }
};

struct Stat {
  StatId id;
  StatUnit unit = StatUnit::Events;
  StatReduction reduction = StatReduction::Sum;
  std::uint64_t value = 0;
  bool operator==(const Stat& o) const {
    return id == o.id && unit == o.unit && reduction == o.reduction && value == o.value;
  }
};

// The JSON name of a stat (docs/json.md): its name; a per-call member's call after the
// family's first word ("syscall.membarrier.cycles"); a per-CPU member's ".cpuN" suffix.
std::string stat_key(const StatId& id);
const char* unit_name(StatUnit u);
const char* reduction_name(StatReduction r);
// Inverses of the two above (std::invalid_argument for another word).
StatUnit parse_unit(const std::string& s);
StatReduction parse_reduction(const std::string& s);

class StatSet {
 public:
  // Folds v into the stat by its declared reduction (the first add creates it).
  void add(const StatDecl& d, std::uint64_t v, const std::string& call = {}, int cpu = -1);
  void add(const Stat& s);
  void merge(const StatSet& other);

  // 0 when the run never counted it.
  std::uint64_t value(const std::string& name, const std::string& call = {}, int cpu = -1) const;
  bool has(const std::string& name, const std::string& call = {}, int cpu = -1) const;
  // The members of a family: the calls counted under `name`, in order; the CPUs (1 + the
  // highest CPU counted under `name`; 0: none).
  std::vector<std::string> calls(const std::string& name) const;
  int cpus(const std::string& name) const;

  std::vector<Stat> all() const;  // ordered by StatId
  std::size_t size() const { return stats_.size(); }
  bool empty() const { return stats_.empty(); }
  bool operator==(const StatSet& o) const { return stats_ == o.stats_; }

 private:
  std::map<StatId, Stat> stats_;
};

}  // namespace mmsim

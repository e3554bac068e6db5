// The engine's stats: the cores' counters over the CPUs and the trials, and the cycles the
// driver evaluated. Declared once here (unit, reduction, meaning); Simulation adds them.
#pragma once
#include "sim/stats/stat_set.h"

namespace mmsim::engine_stats {

using U = StatUnit;
using R = StatReduction;
inline constexpr StatDecl kUopsRetired{"uops_retired", U::Events, R::Sum, "micro-ops retired"};
inline constexpr StatDecl kLoads{"loads", U::Events, R::Sum, "loads performed"};
inline constexpr StatDecl kLoadsForwarded{"loads_forwarded", U::Events, R::Sum,
                                          "loads satisfied from the store buffer"};
inline constexpr StatDecl kStoresDrained{"stores_drained", U::Events, R::Sum,
                                         "stores written from the store buffer to memory"};
inline constexpr StatDecl kRmws{"rmws", U::Events, R::Sum, "atomic read-modify-writes"};
inline constexpr StatDecl kMispredicts{"mispredicts", U::Events, R::Sum,
                                       "branches whose predicted path was squashed"};
inline constexpr StatDecl kReplays{"replays", U::Events, R::Sum,
                                   "loads taken again after a coherence check"};
inline constexpr StatDecl kRefetches{"refetches", U::Events, R::Sum,
                                     "context-synchronizing retires that refetched"};
inline constexpr StatDecl kEarlyCommits{"early_commits", U::Events, R::Sum,
                                        "stores that entered the buffer before retiring"};
inline constexpr StatDecl kScFailures{"sc_failures", U::Events, R::Sum,
                                      "store-conditionals that found no reservation"};
inline constexpr StatDecl kSbMaxOccupancy{"sb_max_occupancy", U::Entries, R::Max,
                                          "most stores a store buffer held at once"};
inline constexpr StatDecl kCyclesEvaluated{
    "cycles_evaluated", U::Cycles, R::Sum,
    "cycles the driver evaluated (the rest were skipped: idle, or spin fast-forward)"};

inline constexpr StatDecl kAll[] = {kUopsRetired,  kLoads,         kLoadsForwarded,
                                    kStoresDrained, kRmws,         kMispredicts,
                                    kReplays,      kRefetches,     kEarlyCommits,
                                    kScFailures,   kSbMaxOccupancy, kCyclesEvaluated};

}  // namespace mmsim::engine_stats

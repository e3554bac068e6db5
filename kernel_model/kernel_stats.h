// The kernel's stats, declared once here (unit, reduction, meaning). The syscall.* families
// have one member per kind of call (kernel_calls.h CallKind), the per-CPU ones one per CPU.
#pragma once
#include "sim/stats/stat_set.h"

namespace mmsim::kernel::stats {

using U = StatUnit;
using R = StatReduction;
inline constexpr StatDecl kCalls{"syscall.calls", U::Events, R::Sum,
                                 "system calls made, per kind of call"};
inline constexpr StatDecl kCallCycles{"syscall.cycles", U::Cycles, R::Sum,
                                      "cycles from entry to return, per kind of call"};
inline constexpr StatDecl kCallCyclesMax{"syscall.cycles.max", U::Cycles, R::Max,
                                         "the longest call, per kind of call"};
inline constexpr StatDecl kIpisSent{"ipi.sent", U::Events, R::Sum, "IPIs sent"};
inline constexpr StatDecl kGracePeriods{"rcu.grace_periods", U::Events, R::Sum,
                                        "RCU-sched grace periods completed"};
inline constexpr StatDecl kGpCycles{"rcu.gp_cycles", U::Cycles, R::Sum,
                                    "cycles from a grace period's start to its end"};
inline constexpr StatDecl kGpCyclesMax{"rcu.gp_cycles.max", U::Cycles, R::Max,
                                       "the longest grace period"};
inline constexpr StatDecl kIpisReceived{"ipi.received", U::Events, R::Sum,
                                        "IPIs a CPU took, per CPU"};
inline constexpr StatDecl kHandlerCycles{"irq.handler_cycles", U::Cycles, R::Sum,
                                         "cycles in interrupt handlers and kernel work, per CPU"};
inline constexpr StatDecl kTicks{"tick.count", U::Events, R::Sum,
                                 "scheduling-clock interrupts taken, per CPU"};
inline constexpr StatDecl kSwitches{"sched.switches", U::Events, R::Sum,
                                    "context switches (task to task, idle included), per CPU"};

inline constexpr StatDecl kAll[] = {kCalls,       kCallCycles,   kCallCyclesMax, kIpisSent,
                                    kGracePeriods, kGpCycles,    kGpCyclesMax,   kIpisReceived,
                                    kHandlerCycles, kTicks,      kSwitches};

}  // namespace mmsim::kernel::stats

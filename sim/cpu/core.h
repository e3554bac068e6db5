// The generic core: dispatches a thread's micro-ops in order into a small window, issues them
// when their operands are ready and the arch's ordering policy allows, retires in order into
// a store buffer, and drains that buffer into memory. It never asks which arch it models.
//
// Cycle contract (called by the cycle driver, every core in a fixed order):
//   evaluate(now): complete loads due now (reading storage as committed up to now-1), retire,
//                  issue, dispatch, start store-buffer drains.
//   commit(now):   make drains and atomic RMWs due now visible in storage.
//   next_event():  the earliest cycle at which this core can change state without input
//                  from others; Cycle::never() when the thread is finished and drained.
#pragma once
#include <array>
#include <cstdint>
#include <systemc>
#include <vector>

#include "sim/base/params.h"
#include "sim/base/rng.h"
#include "sim/cpu/i_ordering_policy.h"
#include "sim/cpu/store_buffer.h"
#include "sim/cpu/thread_program.h"
#include "sim/cpu/window_entry.h"
#include "sim/mem/coherence.h"
#include "sim/mem/i_storage.h"

namespace mmsim {

struct CoreStats {
  std::uint64_t uops_retired = 0;
  std::uint64_t loads = 0;
  std::uint64_t loads_forwarded = 0;
  std::uint64_t stores_drained = 0;
  std::uint64_t rmws = 0;
  std::uint64_t sb_max_occupancy = 0;
};

struct CoreTiming {
  std::uint64_t start_jitter = 64;   // thread start offset drawn from [0, start_jitter]
  std::uint64_t sb_residency = 16;   // store-buffer residency drawn from [0, sb_residency]
  bool stress = false;               // heavy-tailed residency (timing.stress=1)
  std::uint64_t stall_permille = 0;  // chance per dispatched uop of a front-end stall
  std::uint64_t stall_max = 0;       // stall length drawn from [1, stall_max]
  unsigned window = 16, width = 2;
};

class Core : public sc_core::sc_module {
 public:
  static constexpr unsigned kMaxWindow = 64;
  static void declare_params(Params& p);

  Core(sc_core::sc_module_name name, CpuId id, const IOrderingPolicy& policy, IStorage& storage,
       Coherence& coherence);
  void configure(const Params& p);

  // Binds the thread to run in the next trial (nullptr: the core stays idle).
  void load(const ThreadProgram* prog) { prog_ = prog; }
  void reset(Rng& rng);

  void evaluate(Cycle now, Rng& rng);
  void commit(Cycle now);
  Cycle next_event(Cycle now) const;
  bool finished() const { return fetch_done_ && count_ == 0 && sb_.empty(); }

  CpuId id() const { return id_; }
  Value reg(Reg r) const { return regs_[r]; }
  const CoreStats& stats() const { return stats_; }
  const StoreBuffer& store_buffer() const { return sb_; }

 private:
  bool operand(const Src& s, std::size_t i, Value& out) const;
  bool address(std::size_t i, Addr& out) const;
  void complete_loads(Cycle now);
  void retire(Cycle now, Rng& rng);
  void issue(Cycle now, Rng& rng);
  bool start(std::size_t i, Cycle now, Rng& rng);
  bool start_load(std::size_t i, Cycle now, Rng& rng);
  void dispatch(Cycle now, Rng& rng);
  void drain(Cycle now, Rng& rng);
  std::uint64_t residency(Rng& rng) const;

  CpuId id_;
  const IOrderingPolicy& policy_;
  IStorage& storage_;
  Coherence& coh_;
  CoreTiming timing_;
  const ThreadProgram* prog_ = nullptr;

  std::vector<Value> regs_;
  std::array<WindowEntry, kMaxWindow> win_{};
  std::size_t count_ = 0;
  std::size_t pc_ = 0;
  bool fetch_done_ = true;
  bool branch_pending_ = false;
  Cycle start_at_;
  Cycle fetch_resume_at_;  // front-end stall: no dispatch before this cycle
  StoreBuffer sb_;
  bool progressed_ = false;
  CoreStats stats_;
};

}  // namespace mmsim

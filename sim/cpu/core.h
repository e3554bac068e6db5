// The generic core: fetches a thread's micro-ops in order into a window (following predicted
// branch directions when the arch speculates), issues them when their operands are ready and
// the arch's ordering policy allows, retires in order into a store buffer (a weak arch's stores
// may enter it earlier, once they cannot be squashed), and drains that buffer into memory.
// Loads the policy lets run out of order are replayed when a coherence check says so; a
// context-synchronizing retire squashes and refetches the younger instructions. It never asks
// which arch it models. Concerns live in separate files: core.cpp (cycle phases, retire),
// core_fetch.cpp (fetch, branch prediction, squash), core_lsu.cpp (loads, stores, the store
// buffer, atomics, exclusives, replay), core_frames.cpp (kernel frames, tasks, interrupts).
//
// Cycle contract (called by the cycle driver, every core in a fixed order):
//   evaluate(now): replay stale loads, complete loads due now (reading storage as committed
//                  up to now-1), retire, issue, commit stores early, dispatch, start drains.
//   commit(now):   make drains and atomic accesses due now visible in storage.
//   next_event():  the earliest cycle at which this core can change state without input
//                  from others; Cycle::never() when the thread is finished and drained.
// Kernel code runs in frames stacked on the thread's: a retired Syscall pushes the kernel's
// handler, an interrupt pushes its handler at a retire boundary (discarding un-retired
// instructions, which are fetched again afterwards), and a retired Halt pops back.
// Tasks: slot 0 is the idle task (no program); add_task() adds slots 1, 2, ... Each task owns
// its frame stack; the kernel switches tasks from kernel code (KCallResult::switch_to), and
// the store buffer, being the CPU's, stays as it is across a switch. Without a kernel the
// core runs slot 1 from the start.
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <systemc>
#include <vector>

#include "sim/base/params.h"
#include "sim/base/rng.h"
#include "sim/cpu/branch_predictor.h"
#include "sim/cpu/i_kernel_port.h"
#include "sim/cpu/i_ordering_policy.h"
#include "sim/cpu/instruction_window.h"
#include "sim/cpu/reservation_monitor.h"
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
  std::uint64_t mispredicts = 0;     // branches whose predicted path was squashed
  std::uint64_t replays = 0;         // loads taken again after a coherence check
  std::uint64_t refetches = 0;       // context-synchronizing retires that refetched
  std::uint64_t early_commits = 0;   // stores that entered the buffer before retiring
  std::uint64_t sc_failures = 0;     // store-conditionals that found no reservation
};

// A retired access to an address outside the test's locations (see IStorage::holds).
struct CoreFault {
  const ThreadProgram* prog = nullptr;
  std::uint32_t src = 0;  // the uop's index into prog->positions
  Addr addr;
};

struct CoreTiming {
  std::uint64_t start_jitter = 64;   // thread start offset drawn from [0, start_jitter]
  std::uint64_t start_delay = 0;     // fixed part of this CPU's start (cpu.start_delay)
  std::uint64_t sb_residency = 16;   // store-buffer residency drawn from [0, sb_residency]
  bool explore = true;               // timing.mode=explore: the adversarial schedule
  bool guided = true;                // explore and timing.guided (ThreadProgram::wanted)
  std::uint64_t stall_permille = 0;  // chance per dispatched uop of a front-end stall
  std::uint64_t stall_max = 0;       // stall length drawn from [1, stall_max]
  unsigned window = 32, width = 2;
};

class Core : public sc_core::sc_module {
 public:
  static constexpr unsigned kMaxWindow = InstructionWindow::kMax;
  static void declare_params(Params& p);
  // cpu.start_delay's list, CPU 0 first, into `out`; returns why it is malformed ("" if not).
  static std::string parse_start_delays(const std::string& text, std::vector<std::uint64_t>& out);

  Core(sc_core::sc_module_name name, CpuId id, const IOrderingPolicy& policy, IStorage& storage,
       Coherence& coherence, IKernelPort& kernel);
  void configure(const Params& p);
  // The test's threads may access only the first `n` locations (kernel code: all of them).
  void set_user_locations(std::size_t n) { user_locations_ = n; }

  // Adds a task (a thread) to this CPU for every later trial; returns its slot.
  std::size_t add_task(const ThreadProgram* prog) {
    tasks_.push_back(Task{prog, {}, false});
    return tasks_.size() - 1;
  }
  void reset(Rng& rng);

  void evaluate(Cycle now, Rng& rng);
  void commit(Cycle now, Rng& rng);
  Cycle next_event(Cycle now) const;
  // Every task placed on this CPU has retired its final Halt (it stays parked in user mode:
  // the end of a thread is neither a fence nor a system call). Kernel code may still run.
  bool threads_done() const {
    if (!thread_done_) return false;
    for (std::size_t i = 0; i < tasks_.size(); ++i)
      if (i != cur_task_ && !tasks_[i].done) return false;
    return true;
  }
  // Nothing left to do without input from others: threads done, no kernel code, buffer empty.
  bool quiescent() const {
    return threads_done() && frames_.size() == 1 && win_.empty() && sb_.empty();
  }
  // The end of a trial: makes one buffered store visible (a random drainable entry, as the
  // arch's policy allows), for System to interleave the cores' buffers at random. False when
  // the buffer is empty.
  bool flush_one(Rng& rng);
  bool in_kernel() const { return frames_.size() > 1; }
  // Set when the thread retired an access outside the test's locations: the trial stops.
  const std::optional<CoreFault>& fault() const { return fault_; }

  CpuId id() const { return id_; }
  // A register of task `slot` (its bottom frame), whatever runs on the core now.
  Value reg(std::size_t slot, Reg r) const {
    const std::vector<Frame>& f = slot == cur_task_ ? frames_ : tasks_.at(slot).frames;
    return !f.empty() && r < f.front().regs.size() ? f.front().regs[r] : 0;
  }
  const CoreStats& stats() const { return stats_; }
  const StoreBuffer& store_buffer() const { return sb_; }

  // Spin fast-forward (core_orbit.cpp; the driver decides when, see System). The period in
  // cycles of the loop this core was just seen to repeat, 0 if none: this cycle a loop's
  // back edge retired, and the core's whole state equalled, shifted in time, its state at an
  // earlier visit of that edge; in between it drew nothing from the generator, wrote nothing,
  // had an empty store buffer and made no kernel call, system call or interrupt. So it goes
  // round the same way, cycle for cycle, until another component changes what it reads (a
  // write, an interrupt). Only with cpu.fast_forward on and realistic timing (explore draws
  // for every load, and its store holds count line touches, which a skip does not replay).
  std::uint64_t orbit_period(Cycle now) const {
    return orbit_at_ == now ? orbit_period_ : 0;
  }
  // Moves the core `periods` periods along that orbit at once: its times, program-order
  // numbers and stats become what evaluating every cycle would have made them.
  void skip_periods(std::uint64_t periods);
  // Whether the lines the orbit reads are still as they were when it was recognised: called
  // once every component has acted in the cycle, before skipping.
  bool orbit_undisturbed() const;
  // Whether this core's thread can never leave the loop it is in, as long as no core writes
  // memory again: at a retired back edge its architectural state (registers, frames,
  // reservation) equalled an earlier visit's with no write anywhere in between
  // (`writes_now`, Coherence::total_writes(), still what it was then), its store buffer is
  // empty, and every line it has read shows it the last write. Its path from there is a
  // function of that state and of memory, so it repeats for ever. Timing plays no part, so
  // this holds in explore timing too; the kernel's interrupts are outside it (System asks
  // only without a kernel).
  bool endless(std::uint64_t writes_now) const;
  // endless()'s first condition, inline for the driver's every-cycle check.
  bool loop_repeated() const { return endless_writes_ != ~std::uint64_t{0}; }
  // Every line a load of this core has read from memory this trial.
  const std::vector<Addr>& lines_read() const { return lines_read_; }
  // Whether this core's buffered stores wait for the end of the trial: explore holds the
  // oldest (the rest wait behind it), the thread has finished, so only a load or RMW of one of
  // their lines by another core (`watched`, by location index) could release them.
  bool holds_until_end(const std::vector<bool>& watched) const;

 private:
  CoreView view() const { return CoreView{win_.data(), win_.size(), &sb_, &storage_}; }
  bool operand(std::size_t i, SrcSlot slot, Value& out) const;
  bool address(std::size_t i, Addr& out) const;
  // core.cpp
  void evaluate_phases(Cycle now, Rng& rng);
  void retire(Cycle now, Rng& rng);
  void issue(Cycle now, Rng& rng);
  bool start(std::size_t i, Cycle now, Rng& rng);
  bool start_call(std::size_t i, Cycle now);
  // core_fetch.cpp
  void dispatch(Cycle now, Rng& rng);
  bool resolve_branch(std::size_t i, Rng& rng);
  // Whether instruction `at` of `prog` was fetched before this trial; it is from now on.
  // Entry i was just dispatched: where its source registers' values will come from.
  void find_producers(std::size_t i);
  // Entry i waits for an older entry's result that start() needs first.
  bool operands_pending(std::size_t i) const {
    const WindowEntry& e = win_[i];
    for (unsigned s = 0, m = e.awaited; m != 0; ++s, m >>= 1) {
      if (!(m & 1u)) continue;
      const std::size_t back = e.producer[s];
      if (back <= i && !win_[i - back].done()) return true;
    }
    return false;
  }
  bool warm(const ThreadProgram& prog, std::size_t at);
  void refetch_from(std::size_t i, std::size_t pc);
  // core_lsu.cpp
  bool outside(WindowEntry& e);
  bool start_load(std::size_t i, Cycle now, Rng& rng);
  bool start_atomic(std::size_t i, Cycle now, Rng& rng);
  void complete_loads(Cycle now, Rng& rng);
  void replay_stale_loads();
  bool may_be_replayed(std::size_t i) const;
  // Nothing older than entry i but loads (and ALU work) is unfinished: every older store is
  // in the buffer, every branch resolved, every fence done.
  bool only_loads_pending(std::size_t i) const;
  // Load k (started) has the address of an older started load marked in `tainted`.
  bool same_address_as_tainted(std::size_t k, const bool* tainted) const;
  // Whether entry k's address, or its values, come from an entry marked in `marked`.
  struct Deps {
    bool addr = false, value = false;
  };
  Deps deps_on(std::size_t k, const bool* marked) const;
  // Load j took its value from a store of this core still in the window, not yet committed,
  // or an older load of its address has no value yet: its value is not final.
  bool forwarded_unsettled(std::size_t j) const;
  // Load i read too early: take it again (see Speculation::precise_dependencies).
  void replay(std::size_t i);
  // Store i has its address: younger loads of it that went past it read too early.
  void store_resolved(std::size_t i);
  // Precise: load i has just read memory; a younger load of its address that read an older
  // write (the core's view only moves forward) breaks coherence and is taken again — POWER's
  // restart, made when the older read is satisfied rather than whenever the line changes.
  void restart_stale_after(std::size_t i);
  // Explore, guided: `v` is none of the values the condition wants in load e's register.
  bool unwanted(const WindowEntry& e, Value v) const;
  // Explore, guided: a load that would take `v` from this core's own store waits instead
  // (true) while the condition wants another value — until the store drains and a write from
  // elsewhere may follow it.
  bool pass_over(WindowEntry& e, Value v, Cycle now, Rng& rng);
  void commit_early(Cycle now, Rng& rng);
  bool may_commit_early(std::size_t i) const;
  void to_store_buffer(const WindowEntry& e, Cycle now, Rng& rng);
  void drain(Cycle now, Rng& rng);
  std::uint64_t residency(Rng& rng) const;
  void release_holds(Cycle now, Rng& rng);
  // `atomic`: an Rmw's or a successful store-conditional's write (see IStorage::write_at).
  void write_memory(Addr a, Value v, Cycle now, Rng& rng, bool atomic);
  void perform_atomics(Cycle now, Rng& rng);
  // core_orbit.cpp
  // Called at the end of a cycle in which a backward branch retired.
  void note_back_edge(Cycle now);
  // The core's state, times relative to `now`, program-order numbers relative to next_seq_.
  void signature(Cycle now, std::vector<std::uint64_t>& out) const;
  void forget_orbit();
  // Appends, for each line in lines_read_, its address, the write this core sees there and
  // its cache state.
  void read_view(std::vector<std::uint64_t>& out) const;
  void note_line_read(Addr a);
  // core_frames.cpp
  void retire_special(const WindowEntry& e, Cycle now);
  bool can_interrupt() const;
  void maybe_interrupt(Cycle now);
  void push_frame(const KernelEntry& k, FrameKind kind, Reg ret_dst);
  void pop_frame(Cycle now);
  void switch_task(std::size_t slot);

  struct Frame {
    const ThreadProgram* prog = nullptr;
    std::vector<Value> regs;
    std::size_t pc = 0;
    FrameKind kind = FrameKind::Thread;
    Reg ret_dst = kNoReg;  // Syscall frame: the caller's register receiving the result
  };
  Frame& cur() { return frames_.back(); }
  const Frame& cur() const { return frames_.back(); }

  CpuId id_;
  const IOrderingPolicy& policy_;
  IStorage& storage_;
  Coherence& coh_;
  IKernelPort& kernel_;
  CoreTiming timing_;
  struct Task {
    const ThreadProgram* prog = nullptr;  // nullptr: the idle task
    std::vector<Frame> frames;            // saved while the task is switched out
    bool done = false;                    // its final Halt retired
  };
  std::vector<Task> tasks_{Task{nullptr, {}, true}};
  std::size_t cur_task_ = 0;

  std::vector<Frame> frames_;  // the running task's: [0] = its thread; kernel code above it
  InstructionWindow win_;
  std::uint64_t next_seq_ = 0;  // WindowEntry::seq of the next dispatched uop
  bool thread_done_ = true;     // the running task's final Halt retired (always for idle)
  bool fetch_stopped_ = true;   // the frame's Halt (or a Syscall) is in the window
  bool branch_pending_ = false;
  Cycle start_at_;         // the CPU's tasks wake at this cycle; its CPU idles until then
  bool started_ = false;
  Cycle fetch_resume_at_;  // front-end stall: no dispatch before this cycle
  StoreBuffer sb_;
  std::uint64_t store_epoch_ = 0;  // RetireEffect::close_store_epoch count this trial
  Speculation spec_;               // the arch's, from the policy
  BranchPredictor predictor_;
  ReservationMonitor monitor_;
  std::uint64_t hold_permille_ = 0;  // explore: this trial's chance that a store is held
  std::uint64_t delay_permille_ = 125;  // explore: this trial's chance that a load is delayed
  // Explore's guided waits: at most kGuidedWaits per load and kGuidedTrialWaits per trial (a
  // load fetched again after an interrupt is a new load: the trial's bound keeps a kernel
  // scenario's ticks from restarting the waits without end).
  static constexpr std::uint8_t kGuidedWaits = 6;
  static constexpr std::uint32_t kGuidedTrialWaits = 12;
  std::uint32_t guided_left_ = 0;
  std::uint64_t guide_permille_ = 0;  // explore: this trial's chance that a load waits for a
                                      // value the condition wants (ThreadProgram::wanted)
  std::optional<CoreFault> fault_;
  std::size_t user_locations_ = SIZE_MAX;
  bool progressed_ = false;
  CoreStats stats_;
  // Per program: which instructions were fetched this trial (realistic front-end stalls).
  std::vector<std::pair<const ThreadProgram*, std::vector<bool>>> warm_;
  // Spin fast-forward (core_orbit.cpp).
  struct Snapshot {
    Cycle at = Cycle::never();
    const void* prog = nullptr;  // the back edge: its program and index
    std::int32_t index = -1;
    std::uint64_t side_effects = 0, draws = 0, next_seq = 0;
    CoreStats stats;
    std::vector<std::uint64_t> sig;
  };
  bool fast_forward_ = false;    // cpu.fast_forward and realistic timing
  bool back_edge_ = false;       // a backward branch retired this cycle: which one
  const void* back_edge_prog_ = nullptr;
  std::int32_t back_edge_index_ = -1;
  std::uint64_t draws_ = 0;      // numbers this core drew from the trial generator
  std::uint64_t side_effects_ = 0;  // writes, barriers, kernel entries, interrupts, switches
  std::array<Snapshot, 4> snaps_;   // the last visits of back edges, round robin
  std::size_t next_snap_ = 0;
  std::vector<std::uint64_t> sig_;  // scratch
  std::vector<Addr> lines_read_;    // every line a load of this core read from memory
  std::vector<bool> line_read_;     // ...by location index
  mutable std::vector<std::uint64_t> outside_;  // scratch
  Cycle orbit_at_ = Cycle::never();
  std::uint64_t orbit_period_ = 0;
  const Snapshot* orbit_from_ = nullptr;  // the matching earlier visit
  // Endless-loop recognition (core_orbit.cpp, endless()): the last visits of back edges,
  // architectural state only, with the system's write count at each.
  struct ArchVisit {
    std::uint64_t writes = ~std::uint64_t{0};
    std::vector<std::uint64_t> state;
  };
  void note_arch_back_edge();
  std::array<ArchVisit, 4> visits_;
  std::size_t next_visit_ = 0;
  std::uint64_t endless_writes_ = ~std::uint64_t{0};  // set when a visit repeated
  std::vector<std::uint64_t> endless_view_;  // the write of each line read, at the last visit
  std::vector<std::uint64_t> view_;          // scratch
  std::uint64_t view_seq_ = 0;       // next_seq_ when endless_view_ last changed
  std::uint64_t back_edge_seq_ = 0;  // program-order number of the back edge retired
};

}  // namespace mmsim

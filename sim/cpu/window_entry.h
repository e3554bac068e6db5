// One in-flight micro-op in a core's instruction window, as the ordering policy sees it.
#pragma once
#include <cstdint>

#include "sim/base/types.h"
#include "sim/cpu/micro_op.h"

namespace mmsim {

enum class EntryState : std::uint8_t {
  Waiting,    // dispatched, not started (operands or ordering not satisfied)
  Executing,  // started; completes at done_at
  Done,       // result known; waits to retire (stores: address and data known)
};

// A source operand of a micro-op: its a, b and c operands and its address base register.
enum SrcSlot : std::uint8_t { kSrcA, kSrcB, kSrcC, kSrcBase, kSrcSlots };

struct WindowEntry {
  const MicroOp* op = nullptr;
  std::int32_t index = 0;  // position of op in the program
  std::uint64_t seq = 0;   // program order among every uop this core dispatched this trial
  EntryState state = EntryState::Waiting;
  Cycle done_at;
  Value result = 0;  // Alu/Load/Rmw value
  Value data = 0;    // Store/Rmw data operand; Rmw CmpXchg: b in data2
  Value data2 = 0;
  Addr addr;         // valid for memory ops once started
  std::uint64_t version = 0;  // Load from memory: IStorage::version of its address when read
  Cycle ready_at;             // Load waiting for a write (until_write): its value could come
  bool until_write = false;   // explore: completes at the next write to its line (or done_at)
  std::uint8_t guided = 0;    // explore: times it waited for a value the condition wants
  bool forwarded = false;  // load satisfied from this core's own stores
  bool bad_addr = false;   // its address is none of the test's locations: faults at retire
  bool predicted_taken = false;  // Branch under prediction: the path fetch followed
  bool recheck_addr = false;  // Load redone in place whose address may change (see replay)
  bool committed = false;  // Store already in the store buffer (committed before retiring)
  std::uint64_t barrier = 0;  // Fence that commits a storage barrier: its id (see policy)
  // Per source register, how many entries back the youngest older entry writing it sits,
  // found once at dispatch (0: none in the window then, so the register file). Retiring from
  // the front and squashing younger entries leave the distance as it was; once it reaches
  // past the front, the writer has retired into the register file.
  std::uint8_t producer[kSrcSlots] = {};
  // The slots (bit per SrcSlot) with a producer that Core::start() reads before anything
  // else: while one of those producers is not done, the entry cannot start.
  std::uint8_t awaited = 0;

  bool done() const { return state == EntryState::Done; }
  bool started() const { return state != EntryState::Waiting; }
};

// An entry before `end` reads memory and has no value yet, at address `a` or at one not known
// yet: a read of `a` already taken after it may have to be taken again (coherence).
inline bool older_read_unsettled(const WindowEntry* entries, std::size_t end, Addr a) {
  for (std::size_t j = 0; j < end; ++j) {
    const WindowEntry& o = entries[j];
    if (o.op->reads_mem() && !o.done() && (!o.started() || o.addr == a)) return true;
  }
  return false;
}

}  // namespace mmsim

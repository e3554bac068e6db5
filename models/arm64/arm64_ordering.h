// ARMv8 (other-multi-copy-atomic) ordering from mechanism, after the ARM ARM (DDI 0487, B2.3
// "Definition of the Armv8 memory model") and Pulte et al., "Simplifying ARM concurrency:
// multicopy-atomic axiomatic and operational models for ARMv8" (POPL 2018).
//
// The core speculates (predicted branches, out-of-order loads with coherence replay, stores
// entering the buffer once they cannot be squashed); this policy says what the arch orders:
// - loads take values in any order, except after an unfinished acquire (LDAR, LDAPR, an
//   acquiring atomic), behind an unretired DMB (full) or DSB, or behind a DMB LD whose older
//   reads are unfinished; LDAR (RCsc) also waits until every older STLR is visible.
//   Dependencies need no rule: a load cannot issue before its address registers are known.
// - stores may become visible before older loads (LB) unless an acquire, DMB or DMB LD
//   between them is unfinished; a release store (STLR) enters the buffer only at retire and
//   drains only after every older store. Control dependencies order stores by the core's
//   rule (a store never enters the buffer while an older branch is unresolved).
// - the store buffer drains out of order across addresses; DMB ST (and a full DMB) closes an
//   epoch: later stores drain after every earlier one. One address: program order (core).
// - DMB (full) and DSB retire only once the buffer is empty: every older store visible.
// - ISB and ERET are context-synchronizing: at retire, younger instructions are squashed and
//   fetched again, so a load after ctrl+ISB takes its value after the branch resolved.
// - an atomic (SWP, LDADD, CAS) acts as the oldest instruction (core); its release form waits
//   for the buffer to empty. The forms whose destination is WZR/XZR (kNoRet) do not acquire
//   and are not reads for DMB LD (ARM ARM C6.2, LDADD: "not ... with acquire semantics").
// - CoRR: a load that read before an older load of the same (or an unknown) address is taken
//   again when another core writes that line first (replay_on_write).
// Storage is multi-copy atomic (a store is visible to every other core at one point).
#pragma once
#include "sim/cpu/i_ordering_policy.h"

namespace mmsim::arm64 {

class Arm64Ordering final : public IOrderingPolicy {
 public:
  Speculation speculation() const override { return {true, true, true}; }
  bool may_issue(const CoreView& v, std::size_t i) const override;
  bool may_commit_early(const CoreView& v, std::size_t i) const override;
  bool may_retire(const CoreView& v) const override;
  RetireEffect on_retire(const MicroOp& op) const override;
  bool may_drain(const StoreBuffer& sb, std::size_t k) const override;
  bool replay_on_write(const CoreView& v, std::size_t i) const override;
};

}  // namespace mmsim::arm64

// The generic core's speculation machinery (branch prediction and squash, out-of-order loads
// with coherence replay, early store commit, context-synchronizing refetch, exclusives),
// tested through a small arch-neutral policy — no arch's rules — on x86-syntax programs (the
// x86 parser only spells the programs; X86Ordering is not used).
#include <catch2/catch.hpp>

#include "models/x86/x86_fences.h"
#include "models/x86/x86_model.h"
#include "tests/support/sim_support.h"

namespace {

using namespace mmsim;

// Orders nothing but what the core itself guarantees, plus MFENCE as a full fence (later
// accesses wait until it retires, which waits for an empty buffer); LFENCE stands for a context-synchronizing instruction and refetches at retire.
// `replay` and `refetch` switch the coherence replay (CoRR) and the refetch off, to show
// that the core's guarantees depend on them.
struct Switches {
  bool replay = true, refetch = true;
};

class LoosePolicy final : public IOrderingPolicy {
 public:
  explicit LoosePolicy(Switches s) : replay_(s.replay), refetch_(s.refetch) {}
  Speculation speculation() const override { return {true, true, true}; }
  bool may_issue(const CoreView& v, std::size_t i) const override { return !behind_mfence(v, i); }
  bool may_commit_early(const CoreView& v, std::size_t i) const override {
    return !behind_mfence(v, i);
  }
  bool may_retire(const CoreView& v) const override {
    const MicroOp& op = *v.entries[0].op;
    return !(op.kind == UopKind::Fence && op.fence == x86::kMfence) || v.sb->empty();
  }
  RetireEffect on_retire(const MicroOp& op) const override {
    RetireEffect fx;
    fx.refetch = refetch_ && op.kind == UopKind::Fence && op.fence == x86::kLfence;
    return fx;
  }
  bool may_drain(const StoreBuffer&, std::size_t) const override { return true; }
  bool replay_on_write(const CoreView& v, std::size_t i) const override {
    if (!replay_) return false;
    for (std::size_t j = 0; j < i; ++j) {
      const WindowEntry& o = v.entries[j];
      if (o.op->reads_mem() && !o.done() && (!o.started() || o.addr == v.entries[i].addr))
        return true;
    }
    return false;
  }

 private:
  static bool behind_mfence(const CoreView& v, std::size_t i) {
    for (std::size_t j = 0; j < i; ++j)
      if (v.entries[j].op->kind == UopKind::Fence && v.entries[j].op->fence == x86::kMfence)
        return true;
    return false;
  }
  bool replay_, refetch_;
};

class LooseArch final : public IArchModel {
 public:
  explicit LooseArch(Switches s) : x86_(x86::make_model()), policy_(s) {}
  std::string name() const override { return "loose"; }
  std::string description() const override { return "test: the core's own rules only"; }
  std::vector<std::string> headers() const override { return {"X86"}; }
  const IInstructionParser* parser(const std::string& h) const override { return x86_->parser(h); }
  const PrimitiveTable& primitives() const override { return x86_->primitives(); }
  const IOrderingPolicy& ordering() const override { return policy_; }
  std::unique_ptr<IStorage> make_storage(std::size_t cpus, const Params& p) const override {
    return x86_->make_storage(cpus, p);
  }

 private:
  std::unique_ptr<IArchModel> x86_;
  LoosePolicy policy_;
};

test::Ran run_loose(const std::string& text, std::uint64_t trials, Switches s = {}) {
  const LooseArch arch(s);
  Params p = declared_params(test::archs());
  test::Ran r;
  r.scenario = prepare(parse_litmus(text, "loose.litmus"), arch, p);
  r.result = simulate(*r.scenario, p, trials, 1);
  return r;
}

}  // namespace

TEST_CASE("Loose core: a store enters the buffer before an older load has its value (LB)",
          "[speculation]") {
  const char* lb = "X86 LB\n{ x=0; y=0; }\n P0 | P1 ;\n MOV EAX,[x] | MOV EAX,[y] ;\n"
                   " MOV [y],$1 | MOV [x],$1 ;\nexists (0:EAX=1 /\\ 1:EAX=1)\n";
  const auto loose = run_loose(lb, 2000);
  CHECK(loose.result.positive > 0);
  CHECK(loose.stat("early_commits") > 0);
  // The same program under x86's policy: stores wait for retire, so never.
  const auto tso = test::run_text(lb, "x86", 2000);
  CHECK(tso.result.positive == 0);
  CHECK(tso.stat("early_commits") == 0);
}

TEST_CASE("Loose core: a store on a mispredicted path never becomes visible", "[speculation]") {
  // x is 1, so the JNE is always taken; a predictor that guesses not-taken fetches the store
  // to y, which must be squashed with the path.
  const char* t = "X86 branch\n{ x=1; y=0; }\n P0 | P1 ;\n MOV EAX,[x] | MOV [x],$1 ;\n"
                  " CMP EAX,$0 | ;\n JNE L | ;\n MOV [y],$1 | ;\n L: | ;\n MOV EBX,[y] | ;\n"
                  "exists (y=1 \\/ 0:EBX=1)\n";
  const auto r = run_loose(t, 2000);
  CHECK(r.result.positive == 0);
  CHECK(r.stat("mispredicts") > 0);
}

TEST_CASE("Loose core: loads of one address keep coherence order only through replay",
          "[speculation]") {
  // CoRR: P1's second load of x may take its value first; if P0's store lands in between,
  // the younger load would hold the older value unless it is taken again.
  const char* corr = "X86 CoRR\n{ x=0; }\n P0 | P1 ;\n MOV [x],$1 | MOV EAX,[x] ;\n"
                     " | MOV EBX,[x] ;\nexists (1:EAX=1 /\\ 1:EBX=0)\n";
  const auto with = run_loose(corr, 20000);
  CHECK(with.result.positive == 0);
  CHECK(with.stat("replays") > 0);
  const auto without = run_loose(corr, 20000, Switches{false, true});
  CHECK(without.result.positive > 0);
}

TEST_CASE("Loose core: a context-synchronizing retire refetches younger instructions",
          "[speculation]") {
  // MP where P1's second load follows LFENCE (refetching, in the loose policy) after a control
  // dependency: a load taken before the branch resolved is squashed at the fence's retire and
  // taken again. Without the refetch, the load runs ahead and the outcome appears.
  const char* mp = "X86 MP+ctrl-isync\n{ x=0; y=0; }\n P0 | P1 ;\n MOV [x],$1 | MOV EAX,[y] ;\n"
                   " MFENCE | CMP EAX,$0 ;\n MOV [y],$1 | JE L ;\n | L: ;\n | LFENCE ;\n"
                   " | MOV EBX,[x] ;\nexists (1:EAX=1 /\\ 1:EBX=0)\n";
  const auto r = run_loose(mp, 4000);
  CHECK(r.result.positive == 0);
  CHECK(r.stat("refetches") > 0);
  const auto without = run_loose(mp, 4000, Switches{true, false});
  CHECK(without.result.positive > 0);
}

TEST_CASE("Loose core: a branch to the next instruction is never a misprediction",
          "[speculation]") {
  // herd's control dependency `JE L; L:`: both directions fetch the same next instruction, so
  // whatever was predicted, nothing is squashed when it resolves, and P1's load of x, taken
  // before the branch resolved, stands (MP's outcome through a bare control dependency).
  const char* mp = "X86 MP+ctrl\n{ x=0; y=0; }\n P0 | P1 ;\n MOV [x],$1 | MOV EAX,[y] ;\n"
                   " MFENCE | CMP EAX,$0 ;\n MOV [y],$1 | JE L ;\n | L: ;\n"
                   " | MOV EBX,[x] ;\nexists (1:EAX=1 /\\ 1:EBX=0)\n";
  const auto r = run_loose(mp, 4000);
  CHECK(r.stat("mispredicts") == 0);
  CHECK(r.result.positive > 0);
}

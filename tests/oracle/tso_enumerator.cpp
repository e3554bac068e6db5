#include "tests/oracle/tso_enumerator.h"

#include <functional>
#include <unordered_set>
#include <utility>
#include <vector>

#include "models/x86/x86_fences.h"
#include "sim/cpu/uop_semantics.h"

namespace mmsim::oracle {
namespace {

struct Buffered {
  std::size_t loc;
  Value value;
};

struct ThreadState {
  std::int32_t pc = 0;
  std::vector<Value> regs;
  std::vector<Buffered> buf;  // oldest first
};

struct Machine {
  std::vector<Value> mem;  // one value per layout location
  std::vector<ThreadState> th;
};

using Code = std::vector<Value>;  // a Machine flattened: the visited-set key

struct CodeHash {
  std::size_t operator()(const Code& c) const noexcept {
    std::uint64_t h = 0xcbf29ce484222325ull;  // FNV-1a over the words
    for (Value v : c) {
      h ^= static_cast<std::uint64_t>(v);
      h *= 0x100000001b3ull;
    }
    return static_cast<std::size_t>(h ^ (h >> 29));
  }
};

// Thrown out of the exploration when the scenario leaves the machine's subset.
struct Unsupported {
  std::string why;
};

class Explorer {
 public:
  Explorer(const Scenario& s, const TsoOptions& options) : s_(s), options_(options) {}

  TsoOutcome run() {
    TsoOutcome out;
    try {
      explore(out);
    } catch (const Unsupported& u) {
      TsoOutcome bad;
      bad.unsupported = u.why;
      return bad;
    }
    for (const State& f : out.finals) {
      const bool sat = s_.satisfies(f);
      out.any_satisfies = out.any_satisfies || sat;
      out.all_satisfy = out.all_satisfy && sat;
    }
    return out;
  }

 private:
  Machine initial() const {
    Machine m;
    for (const auto& l : s_.layout.locations()) m.mem.push_back(l.init);
    for (const auto& p : s_.threads) {
      ThreadState t;
      for (const auto& r : p.regs) t.regs.push_back(r.init);
      m.th.push_back(std::move(t));
    }
    return m;
  }

  static Code encode(const Machine& m) {
    Code c(m.mem);
    for (const auto& t : m.th) {
      c.push_back(t.pc);
      c.push_back(static_cast<Value>(t.buf.size()));
      for (const auto& b : t.buf) {
        c.push_back(static_cast<Value>(b.loc));
        c.push_back(b.value);
      }
      c.insert(c.end(), t.regs.begin(), t.regs.end());
    }
    return c;
  }

  Machine decode(const Code& c) const {
    Machine m;
    std::size_t i = s_.layout.size();
    m.mem.assign(c.begin(), c.begin() + static_cast<std::ptrdiff_t>(i));
    for (const auto& p : s_.threads) {
      ThreadState t;
      t.pc = static_cast<std::int32_t>(c[i++]);
      const auto n = static_cast<std::size_t>(c[i++]);
      for (std::size_t k = 0; k < n; ++k, i += 2)
        t.buf.push_back({static_cast<std::size_t>(c[i]), c[i + 1]});
      t.regs.assign(c.begin() + static_cast<std::ptrdiff_t>(i),
                    c.begin() + static_cast<std::ptrdiff_t>(i + p.regs.size()));
      i += p.regs.size();
      m.th.push_back(std::move(t));
    }
    return m;
  }

  const MicroOp& next_op(const Machine& m, std::size_t t) const {
    const auto& ops = s_.threads[t].ops;
    const auto pc = static_cast<std::size_t>(m.th[t].pc);
    if (m.th[t].pc < 0 || pc >= ops.size())
      throw Unsupported{"P" + std::to_string(s_.threads[t].tid) + " jumps outside its program"};
    return ops[pc];
  }

  static Value value(const ThreadState& t, const Src& x) {
    return x.is_reg ? t.regs[x.reg] : x.imm;
  }

  // The layout location an access of `op` touches (the core's address arithmetic).
  std::size_t location(const ThreadState& t, const MicroOp& op, std::size_t tid) const {
    const Value base = op.addr_base != kNoReg ? t.regs[op.addr_base] : 0;
    const Value v = static_cast<Value>(static_cast<std::uint64_t>(base) +
                                       static_cast<std::uint64_t>(op.addr_disp));
    if (!s_.layout.at(v))
      throw Unsupported{"P" + std::to_string(s_.threads[tid].tid) + " accesses address " +
                        std::to_string(v) + ", which is no location of the test"};
    return MemoryLayout::index_of(Addr{static_cast<std::uint64_t>(v)});
  }

  static bool drains_buffer(const MicroOp& op) {
    return op.kind == UopKind::Rmw ||
           (op.kind == UopKind::Fence && (op.fence == x86::kMfence || op.fence == x86::kSerialize));
  }

  // A step that touches only the thread's own pc, registers and buffer tail, and that no
  // other transition can disable (under SC a store writes memory: not local).
  static bool is_local(const MicroOp& op, const ThreadState& t, bool sc) {
    switch (op.kind) {
      case UopKind::Nop: case UopKind::Alu: case UopKind::Branch: return true;
      case UopKind::Store: return !sc;
      case UopKind::Fence: return !drains_buffer(op) || t.buf.empty();
      default: return false;
    }
  }

  // Executes thread t's next micro-op; false when it is not enabled (halted, or waiting for
  // its buffer to drain).
  bool execute(Machine& m, std::size_t t) const {
    ThreadState& th = m.th[t];
    const MicroOp& op = next_op(m, t);
    switch (op.kind) {
      case UopKind::Halt: return false;
      case UopKind::Nop: break;
      case UopKind::Alu:
        if (op.dst != kNoReg)
          th.regs[op.dst] = alu(op.alu, value(th, op.a), value(th, op.b), value(th, op.c));
        break;
      case UopKind::Branch: {
        const bool nonzero = value(th, op.a) != 0;
        if (nonzero != ((op.flags & kBranchIfZero) != 0)) {
          th.pc = op.target;
          return true;
        }
        break;
      }
      case UopKind::Fence:
        if (drains_buffer(op) && !th.buf.empty()) return false;
        break;
      case UopKind::Load: {
        const std::size_t loc = location(th, op, t);
        Value v = m.mem[loc];
        for (auto it = th.buf.rbegin(); it != th.buf.rend(); ++it)
          if (it->loc == loc) {
            v = it->value;
            break;
          }
        if (op.dst != kNoReg) th.regs[op.dst] = v;
        break;
      }
      case UopKind::Store:
        if (options_.sequential_consistency) m.mem[location(th, op, t)] = value(th, op.a);
        else th.buf.push_back({location(th, op, t), value(th, op.a)});
        break;
      case UopKind::Rmw: {
        // X86Ordering issues every Rmw alone with an empty buffer: a LOCK'd instruction.
        if (!th.buf.empty()) return false;
        const std::size_t loc = location(th, op, t);
        const Value old = m.mem[loc];
        m.mem[loc] = rmw_new(op.rmw, old, value(th, op.a), value(th, op.b));
        if (op.dst != kNoReg) th.regs[op.dst] = old;
        break;
      }
      case UopKind::Syscall:
      case UopKind::KCall:
        throw Unsupported{"P" + std::to_string(s_.threads[t].tid) +
                          " makes a system call or kernel intrinsic, which the TSO "
                          "enumerator does not model"};
      case UopKind::StoreCond:
        throw Unsupported{"P" + std::to_string(s_.threads[t].tid) +
                          " has a store-exclusive, which x86 does not have"};
    }
    ++th.pc;
    return true;
  }

  static void drain(Machine& m, std::size_t t) {
    auto& buf = m.th[t].buf;
    m.mem[buf.front().loc] = buf.front().value;
    buf.erase(buf.begin());
  }

  std::vector<Machine> successors(const Machine& m) const {
    std::vector<Machine> out;
    if (options_.eager_local_steps) {
      for (std::size_t t = 0; t < m.th.size(); ++t) {
        if (!is_local(next_op(m, t), m.th[t], options_.sequential_consistency)) continue;
        Machine n = m;
        if (execute(n, t)) {
          out.push_back(std::move(n));
          return out;
        }
      }
    }
    for (std::size_t t = 0; t < m.th.size(); ++t) {
      Machine n = m;
      if (execute(n, t)) out.push_back(std::move(n));
      if (!m.th[t].buf.empty()) {
        Machine d = m;
        drain(d, t);
        out.push_back(std::move(d));
      }
    }
    return out;
  }

  State final_state(const Machine& m) const {
    State st(s_.keys.size());
    for (std::size_t k = 0; k < st.size(); ++k) {
      const StateKey& key = s_.keys[k];
      st[k] = key.is_reg ? m.th[static_cast<std::size_t>(key.tid)].regs[key.reg]
                         : m.mem[MemoryLayout::index_of(key.addr)];
    }
    return st;
  }

  void explore(TsoOutcome& out) const {
    for (const auto& key : s_.keys)
      if (!key.is_reg && !s_.layout.at(static_cast<Value>(key.addr.raw())))
        throw Unsupported{"final-state location " + key.name + " is not in the layout"};
    std::unordered_set<Code, CodeHash> seen;
    std::set<State> filtered;
    std::vector<std::pair<Code, std::size_t>> stack;  // state, transitions from the start
    Code start = encode(initial());
    seen.insert(start);
    stack.emplace_back(std::move(start), 0);
    while (!stack.empty()) {
      auto [code, depth] = std::move(stack.back());
      stack.pop_back();
      const Machine m = decode(code);
      const std::vector<Machine> next = successors(m);
      if (next.empty()) {
        // No transition: every thread halted (only a drain can wait) and every buffer empty.
        const State st = final_state(m);
        if (s_.passes_filter(st)) out.finals.insert(st);
        else filtered.insert(st);
        continue;
      }
      if (depth + 1 > options_.max_depth) {
        out.truncated = true;
        continue;
      }
      for (const Machine& n : next) {
        Code c = encode(n);
        if (!seen.insert(c).second) continue;
        if (seen.size() > options_.max_states) {
          out.truncated = true;
          out.states = seen.size();
          out.filtered = filtered.size();
          return;
        }
        stack.emplace_back(std::move(c), depth + 1);
      }
    }
    out.states = seen.size();
    out.filtered = filtered.size();
  }

  const Scenario& s_;
  const TsoOptions& options_;
};

}  // namespace

std::string TsoOutcome::verdict(Quantifier q) const {
  if (q == Quantifier::Forall) return all_satisfy ? "Required" : "NotRequired";
  return any_satisfies ? "Allowed" : "Forbidden";
}

TsoEnumerator::TsoEnumerator(const Scenario& scenario, TsoOptions options)
    : s_(scenario), options_(options) {}

TsoOutcome TsoEnumerator::run() const { return Explorer(s_, options_).run(); }

}  // namespace mmsim::oracle

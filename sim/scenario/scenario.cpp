#include "sim/scenario/scenario.h"

#include <algorithm>
#include <cctype>
#include <functional>

#include "sim/scenario/c_frontend.h"
#include "sim/scenario/info_words.h"
#include "sim/scenario/lisa_frontend.h"

namespace mmsim {
namespace {

void for_each_term(const CondExpr& e, const std::function<void(const CondTerm&)>& f) {
  if (e.kind == CondExpr::Kind::Eq || e.kind == CondExpr::Kind::Ne) {
    f(e.lhs);
    f(e.rhs);
  }
  for (const auto& k : e.kids) for_each_term(*k, f);
}

class Binder {
 public:
  Binder(Scenario& s, const std::string& header, bool is_c) : s_(s), header_(header), is_c_(is_c) {}

  // Key index for a Reg or Loc term, creating the key (shown or not).
  // `listed`: the term comes from `locations`, which only asks for a value to be shown.
  std::size_t bind(const CondTerm& t, bool shown, bool listed = false) {
    if (t.kind == CondTerm::Kind::Reg) return bind_reg(t, shown, listed);
    return bind_loc(t.name, shown);
  }

 private:
  std::size_t bind_reg(const CondTerm& t, bool shown, bool listed) {
    if (t.tid < 0 || t.tid >= static_cast<int>(s_.threads.size())) {
      throw BadInput("parse", t.pos,
                     "register " + std::to_string(t.tid) + ":" + t.name +
                         " names a thread the test does not have (expected 0.." +
                         std::to_string(s_.threads.size() - 1) + ")");
    }
    ThreadProgram& th = s_.threads[static_cast<std::size_t>(t.tid)];
    std::string name = t.name;
    if (!is_c_) {
      const IInstructionParser* p = s_.arch->parser(header_);
      name = p ? p->canonical_reg(t.name) : "";
      if (name.empty()) {
        throw BadInput("parse", t.pos,
                       "'" + t.name + "' is not a " + header_ +
                           " register (expected a register name such as the thread uses)");
      }
    }
    Reg r = th.find_reg(name);
    if (r == kNoReg) {
      // A C register is a declared local; LISA's, like an asm test's, exist from the start.
      // A condition naming an undeclared C local is a mistake; `locations` listing one
      // (paulmck's C-srcu-nest-6 lists a register of another thread) shows its initial 0.
      if (header_ == "C" && !listed) {
        throw BadInput("parse", t.pos,
                       "undeclared register '" + t.name + "' (not a local of P" +
                           std::to_string(t.tid) + ")");
      }
      // A register the thread never touches keeps its initial value, as in herd7.
      r = th.add_reg(RegInfo{name, false, 0, true});
    }
    for (std::size_t k = 0; k < s_.keys.size(); ++k) {
      if (s_.keys[k].is_reg && s_.keys[k].tid == t.tid && s_.keys[k].reg == r) {
        s_.keys[k].shown = s_.keys[k].shown || shown;
        return k;
      }
    }
    StateKey key;
    key.is_reg = true;
    key.tid = t.tid;
    key.reg = r;
    key.name = name;
    key.is_pointer = th.regs[r].is_pointer;
    key.shown = shown;
    s_.keys.push_back(key);
    return s_.keys.size() - 1;
  }

  std::size_t bind_loc(const std::string& name, bool shown) {
    const LocationInfo& l = s_.layout.intern(name);
    for (std::size_t k = 0; k < s_.keys.size(); ++k) {
      if (!s_.keys[k].is_reg && s_.keys[k].name == name) {
        s_.keys[k].shown = s_.keys[k].shown || shown;
        return k;
      }
    }
    StateKey key;
    key.addr = l.addr;
    key.name = name;
    key.is_pointer = l.is_pointer;
    key.shown = shown;
    s_.keys.push_back(key);
    return s_.keys.size() - 1;
  }

  Scenario& s_;
  std::string header_;  // the test's arch token (the test itself moves into s_ later)
  bool is_c_;
};

// ThreadProgram::wanted: the values `positive` atoms compare a register with (an `=` that the
// outcome sought makes true, a `<>` it makes false). A forall condition is sought false.
void mark_wanted(Scenario& s, const std::vector<std::pair<const CondTerm*, std::size_t>>& bound,
                 const CondExpr& e, bool positive) {
  using K = CondExpr::Kind;
  if ((e.kind == K::Eq && positive) || (e.kind == K::Ne && !positive)) {
    for (const auto& [reg, other] : {std::pair{&e.lhs, &e.rhs}, std::pair{&e.rhs, &e.lhs}}) {
      if (reg->kind == CondTerm::Kind::Loc && other->kind == CondTerm::Kind::Int) {
        const std::size_t l = MemoryLayout::index_of(s.layout.intern(reg->name).addr);
        s.wanted_final.resize(s.layout.size());
        auto& w = s.wanted_final[l];
        if (std::find(w.begin(), w.end(), other->value) == w.end()) w.push_back(other->value);
      }
      if (reg->kind != CondTerm::Kind::Reg) continue;
      Value v;
      if (other->kind == CondTerm::Kind::Int)
        v = other->value;
      else if (other->kind == CondTerm::Kind::LocValue)
        v = static_cast<Value>(s.layout.intern(other->name).addr.raw());
      else
        continue;
      for (const auto& [t, k] : bound) {
        if (t != reg) continue;
        ThreadProgram& th = s.threads[static_cast<std::size_t>(s.keys[k].tid)];
        th.wanted.resize(th.regs.size());
        auto& w = th.wanted[s.keys[k].reg];
        if (std::find(w.begin(), w.end(), v) == w.end()) w.push_back(v);
      }
    }
  }
  for (std::size_t i = 0; i < e.kids.size(); ++i) {
    const bool flip = e.kind == K::Not || (e.kind == K::Implies && i == 0);
    mark_wanted(s, bound, *e.kids[i], flip ? !positive : positive);
  }
}

// Scenario::wanted_reads of one thread: its loads at a fixed address (a base register the
// thread never writes) whose register the condition looks at.
std::vector<ReadGoal> wanted_reads(const ThreadProgram& th, const MemoryLayout& layout) {
  std::vector<ReadGoal> out(layout.size());
  std::vector<bool> written(th.regs.size(), false);
  for (const MicroOp& op : th.ops)
    if (op.writes_reg() && op.dst < written.size()) written[op.dst] = true;
  auto location = [&](const MicroOp& op) -> const LocationInfo* {
    if (op.addr_base != kNoReg && (op.addr_base >= written.size() || written[op.addr_base]))
      return nullptr;
    return layout.at((op.addr_base == kNoReg ? 0 : th.regs[op.addr_base].init) + op.addr_disp);
  };
  std::vector<bool> stored(layout.size(), false);
  for (const MicroOp& op : th.ops) {
    const LocationInfo* l = op.is_mem() ? location(op) : nullptr;
    if (!l) continue;
    const std::size_t i = MemoryLayout::index_of(l->addr);
    if (op.writes_mem()) stored[i] = true;
    if (op.kind != UopKind::Load || op.dst >= th.wanted.size() || th.wanted[op.dst].empty())
      continue;
    ReadGoal& g = out[i];
    g.loads.push_back(WantedRead{th.wanted[op.dst], stored[i]});
    for (Value v : th.wanted[op.dst])
      if (std::find(g.values.begin(), g.values.end(), v) == g.values.end()) g.values.push_back(v);
  }
  return out;
}

}  // namespace

void apply_config(const LitmusTest& test, Params& params) {
  for (const auto& line : test.info)
    if (line.key == "Config")
      for (const auto& w : info_words(line)) params.set_assignment(w.text, w.pos);
}

std::size_t Scenario::shown_count() const {
  return static_cast<std::size_t>(
      std::count_if(keys.begin(), keys.end(), [](const StateKey& k) { return k.shown; }));
}

std::string Scenario::format_value(std::size_t k, Value v) const {
  if (keys[k].is_pointer)
    if (const LocationInfo* l = layout.at(v)) return l->name;
  return std::to_string(v);
}

Value Scenario::term_value(const CondTerm& t, const State& s) const {
  switch (t.kind) {
    case CondTerm::Kind::Int: return t.value;
    case CondTerm::Kind::LocValue: {
      const LocationInfo* l = layout.find(t.name);
      return l ? static_cast<Value>(l->addr.raw()) : 0;
    }
    case CondTerm::Kind::Reg:
    case CondTerm::Kind::Loc: return s[term_key.at(&t)];
  }
  return 0;
}

bool Scenario::eval(const CondExpr& e, const State& s) const {
  switch (e.kind) {
    case CondExpr::Kind::True: return true;
    case CondExpr::Kind::False: return false;
    case CondExpr::Kind::Eq: return term_value(e.lhs, s) == term_value(e.rhs, s);
    case CondExpr::Kind::Ne: return term_value(e.lhs, s) != term_value(e.rhs, s);
    case CondExpr::Kind::And:
      for (const auto& k : e.kids)
        if (!eval(*k, s)) return false;
      return true;
    case CondExpr::Kind::Or:
      for (const auto& k : e.kids)
        if (eval(*k, s)) return true;
      return false;
    case CondExpr::Kind::Not: return !eval(*e.kids.at(0), s);
    case CondExpr::Kind::Implies: return !eval(*e.kids.at(0), s) || eval(*e.kids.at(1), s);
  }
  return false;
}

std::vector<std::size_t> parse_affinity(const LitmusTest& test, std::size_t cpus) {
  std::vector<std::size_t> where(test.threads.size());
  for (std::size_t t = 0; t < where.size(); ++t) where[t] = cpus ? t % cpus : t;
  for (const auto& line : test.info) {
    if (line.key != "Affinity") continue;
    for (const auto& w : info_words(line)) {
      const auto [tid, cpu_text] = thread_word(w, where.size(), "cpu");
      std::size_t cpu = 0;
      for (char ch : cpu_text) {
        if (!std::isdigit(static_cast<unsigned char>(ch)) || cpu > 100000)
          throw BadInput("parse", w.pos, "'" + w.text + "' (expected Pn:cpu, e.g. P0:2)");
        cpu = cpu * 10 + static_cast<std::size_t>(ch - '0');
      }
      if (cpu >= cpus)
        throw BadInput("parse", w.pos,
                       "'" + w.text + "': CPU " + std::to_string(cpu) + " does not exist (cpus=" +
                           std::to_string(cpus) + ")");
      where[tid] = cpu;
    }
  }
  return where;
}

Scenario build_scenario(LitmusTest test, const IArchModel& arch, const PrimitiveTable* extra,
                        std::size_t cpus) {
  Scenario s;
  s.arch = &arch;
  s.cpus = cpus ? cpus : test.threads.size();
  s.cpu_of_thread = parse_affinity(test, s.cpus);
  if (const auto claim = claim_for(test, arch.name()); claim && claim->strict())
    test.expected = claim->expectation.word;
  std::vector<std::size_t> placed(s.cpus, 0);
  for (std::size_t cpu : s.cpu_of_thread) s.slot_of_thread.push_back(++placed[cpu]);
  const PrimitiveTable prims = extra ? concat(arch.primitives(), *extra) : arch.primitives();
  const bool is_c = lowers_like_c(test.arch);
  const IInstructionParser* parser = is_c ? nullptr : arch.parser(test.arch);
  if (!is_c && !parser) {
    throw BadInput("unsupported", test.header_pos,
                   "arch '" + test.arch + "' is not parsed by model " + arch.name());
  }
  // Locations declared in the init block come first, in the order written.
  for (const auto& item : test.init) {
    if (item.tid >= 0) continue;
    LocationInfo& l = s.layout.intern(item.name);
    l.is_pointer = l.is_pointer || item.type.find('*') != std::string::npos || item.value_is_loc;
  }
  for (const auto& item : test.init) {
    if (item.tid >= 0 || !item.has_value) continue;
    Value v = item.value;
    if (item.value_is_loc) v = static_cast<Value>(s.layout.intern(item.value_loc).addr.raw());
    s.layout.intern(item.name).init = v;
  }
  for (const auto& th : test.threads) {
    s.threads.push_back(test.arch == "LISA" ? lower_lisa_thread(test, th, prims, s.layout)
                        : is_c              ? lower_c_thread(test, th, prims, s.layout)
                                            : parser->parse_thread(test, th, s.layout));
    s.threads.back().tid = th.tid;
  }
  if (!test.condition.expr) throw BadInput("parse", test.header_pos, "test has no final condition");
  Binder binder(s, test.arch, is_c);
  std::vector<std::pair<const CondTerm*, std::size_t>> bound;
  auto bind_expr = [&](const CondExpr& e, bool shown) {
    for_each_term(e, [&](const CondTerm& t) {
      if (t.kind == CondTerm::Kind::Reg || t.kind == CondTerm::Kind::Loc)
        bound.emplace_back(&t, binder.bind(t, shown));
      if (t.kind == CondTerm::Kind::LocValue) s.layout.intern(t.name);
    });
  };
  bind_expr(*test.condition.expr, true);
  for (const auto& t : test.locations) bound.emplace_back(&t, binder.bind(t, true, true));
  if (test.filter) bind_expr(*test.filter, false);
  // A register or location the condition compares with a location's name holds a pointer
  // (loaded from memory, say, rather than initialised with one): print it as herd7 does.
  std::function<void(const CondExpr&)> note_pointers = [&](const CondExpr& e) {
    if (e.kind == CondExpr::Kind::Eq || e.kind == CondExpr::Kind::Ne) {
      for (const auto& [term, other] : {std::pair{&e.lhs, &e.rhs}, std::pair{&e.rhs, &e.lhs}}) {
        if (other->kind != CondTerm::Kind::LocValue) continue;
        for (const auto& [t, k] : bound)
          if (t == term) s.keys[k].is_pointer = true;
      }
    }
    for (const auto& kid : e.kids) note_pointers(*kid);
  };
  note_pointers(*test.condition.expr);
  if (test.filter) note_pointers(*test.filter);
  mark_wanted(s, bound, *test.condition.expr, test.condition.quantifier != Quantifier::Forall);
  if (test.filter) mark_wanted(s, bound, *test.filter, true);
  s.wanted_final.resize(s.layout.size());
  for (const ThreadProgram& th : s.threads) s.wanted_reads.push_back(wanted_reads(th, s.layout));

  // herd7 order: registers by thread then name, then locations by name; hidden keys last.
  std::vector<std::size_t> order(s.keys.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const StateKey& x = s.keys[a];
    const StateKey& y = s.keys[b];
    if (x.shown != y.shown) return x.shown;
    if (x.is_reg != y.is_reg) return x.is_reg;
    if (x.tid != y.tid) return x.tid < y.tid;
    return x.name < y.name;
  });
  std::vector<std::size_t> where(order.size());
  std::vector<StateKey> sorted;
  for (std::size_t i = 0; i < order.size(); ++i) {
    where[order[i]] = i;
    sorted.push_back(s.keys[order[i]]);
  }
  s.keys = std::move(sorted);
  // Condition nodes live on the heap and `locations` keeps its buffer when the test moves, so
  // the term addresses taken above stay valid inside the scenario.
  for (const auto& [term, key] : bound) s.term_key[term] = where[key];
  s.test = std::move(test);
  s.user_locations = s.layout.size();
  return s;
}

}  // namespace mmsim

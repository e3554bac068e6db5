#include "tests/oracle/diy_cycle.h"

#include <algorithm>
#include <map>
#include <stdexcept>

namespace mmsim::oracle {
namespace {

const char* const kLocations[] = {"x", "y", "z", "a", "b", "c", "d", "e"};
const char* const kRegisters[] = {"EAX", "EBX", "ECX", "EDX"};

std::string shape(const CycleThread& t) {
  std::string s;
  for (const auto& a : t.accesses) s += static_cast<char>(a.dir);
  return s;
}

// diy7's normaliser orders thread shapes this way (One W, Two (W,W), Two (R,R), ...).
int shape_rank(const CycleThread& t) {
  static const std::map<std::string, int> rank{{"W", 0},  {"WW", 1}, {"RR", 2},
                                               {"RW", 6}, {"WR", 8}, {"R", 10}};
  return rank.at(shape(t));
}

// diy7's family names for shape keys (normaliser.ml's table, the entries without F/J).
const std::map<std::string, std::string>& known_families() {
  static const std::map<std::string, std::string> names{
      {"WW+RR", "MP"},          {"WR+WR", "SB"},          {"RW+RW", "LB"},
      {"WW+WR", "R"},           {"WW+RW", "S"},           {"WW+WW", "2+2W"},
      {"WR+WR+WR", "3.SB"},     {"WR+WR+WR+WR", "4.SB"},  {"RW+RW+RW", "3.LB"},
      {"RW+RW+RW+RW", "4.LB"},  {"WW+WW+WW", "3.2W"},     {"WW+WW+WW+WW", "4.2W"},
      {"W+RW+RR", "WRC"},       {"W+RR+WR", "RWC"},       {"W+RW+WR", "WRW+WR"},
      {"W+RR+WW", "WRR+2W"},    {"W+RW+RW", "WWC"},       {"W+RW+WW", "WRW+2W"},
      {"WW+RR+WR", "W+RWC"},    {"WW+RW+RR", "ISA2"},     {"W+RR+W+RR", "IRIW"},
      {"W+RR+W+RW", "IRRWIW"},  {"W+RW+W+RR", "IRRWIW"},  {"W+RW+W+RW", "IRWIW"},
      {"WW+RW+WR", "Z6.0"},     {"WW+WW+RW", "Z6.1"},     {"WW+RW+RW", "Z6.2"},
      {"WW+WW+RR", "Z6.3"},     {"WW+WR+WR", "Z6.4"},     {"WW+WW+WR", "Z6.5"},
  };
  return names;
}

std::string join(const std::vector<std::string>& parts, const std::string& sep) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) out += (i ? sep : "") + parts[i];
  return out;
}

}  // namespace

DiyCycle::DiyCycle(std::vector<CycleThread> threads) : threads_(std::move(threads)) {
  check();
  normalise();
  assign();
}

void DiyCycle::check() const {
  const auto bad = [](const std::string& why) { throw std::invalid_argument("not a cycle: " + why); };
  if (threads_.size() < 2) bad("fewer than two threads");
  std::size_t po = 0;
  for (const auto& t : threads_) {
    if (t.accesses.empty() || t.accesses.size() > 2) bad("a thread needs one or two accesses");
    if (t.fenced && t.accesses.size() != 2) bad("an MFENCE needs two accesses around it");
    for (const auto& a : t.accesses)
      if (a.atomic && a.dir == Dir::R) bad("x86 has no atomic plain read");
    po += t.accesses.size() - 1;
  }
  if (po < 2) bad("fewer than two program-order edges (one location only)");
  for (std::size_t i = 0; i < threads_.size(); ++i) {
    const auto& next = threads_[(i + 1) % threads_.size()];
    if (threads_[i].accesses.back().dir == Dir::R && next.accesses.front().dir == Dir::R)
      bad("a read followed by another thread's read is no communication edge");
  }
}

void DiyCycle::normalise() {
  // Key of a rotation: thread shapes, then every edge from P0's first access (fenced before
  // plain, plain ends before atomic ones), as diy7's CP.compare does.
  const auto key = [](const std::vector<CycleThread>& ts) {
    std::vector<int> k;
    for (const auto& t : ts) k.push_back(shape_rank(t));
    for (std::size_t i = 0; i < ts.size(); ++i) {
      const auto& t = ts[i];
      const auto& next = ts[(i + 1) % ts.size()];
      if (t.accesses.size() == 2)
        k.push_back((t.fenced ? 0 : 4) + 2 * t.accesses[0].atomic + t.accesses[1].atomic);
      k.push_back(8 + 2 * t.accesses.back().atomic + next.accesses.front().atomic);
    }
    return k;
  };
  std::vector<CycleThread> best = threads_;
  for (std::size_t r = 1; r < threads_.size(); ++r) {
    std::vector<CycleThread> rot(threads_.begin() + static_cast<std::ptrdiff_t>(r), threads_.end());
    rot.insert(rot.end(), threads_.begin(), threads_.begin() + static_cast<std::ptrdiff_t>(r));
    if (key(rot) < key(best)) best = std::move(rot);
  }
  threads_ = std::move(best);
}

void DiyCycle::assign() {
  acc_.clear();
  for (std::size_t t = 0; t < threads_.size(); ++t)
    for (const auto& a : threads_[t].accesses) acc_.push_back({t, a.dir, a.atomic});
  const std::size_t m = acc_.size();
  const auto internal = [&](std::size_t i) { return acc_[i].thread == acc_[(i + 1) % m].thread; };
  nlocs_ = 0;
  for (std::size_t i = 0; i < m; ++i) nlocs_ += internal(i);
  // Locations change exactly at program-order edges; the accesses after the last one share
  // P0's first location (the closing edge is a communication).
  std::size_t c = 0;
  for (std::size_t i = 0; i < m; ++i) {
    if (i > 0 && internal(i - 1)) ++c;
    acc_[i].loc = c % nlocs_;
  }
  // Values: walk each location's run of communication edges from its start (just after a
  // program-order edge): writes count up in coherence order, a read sees the latest write
  // before it in the run (Rfe) or the initial 0 (Fre from the run's start).
  std::size_t start = 0;
  while (!internal(start)) ++start;
  std::vector<long> count(nlocs_, 0);
  for (std::size_t j = 1; j <= m; ++j) {
    Access& a = acc_[(start + j) % m];
    a.value = a.dir == Dir::W ? ++count[a.loc] : count[a.loc];
  }
  std::size_t prev_thread = m;  // registers are allocated per thread, in access order
  std::size_t nregs = 0;
  for (auto& a : acc_) {
    if (a.thread != prev_thread) nregs = 0;
    prev_thread = a.thread;
    if (a.dir == Dir::R || a.atomic) a.reg = kRegisters[nregs++];
  }
}

std::string DiyCycle::shape_key() const {
  std::vector<std::string> parts;
  for (const auto& t : threads_) parts.push_back(shape(t));
  return join(parts, "+");
}

std::string DiyCycle::family() const {
  const auto it = known_families().find(shape_key());
  return it == known_families().end() ? shape_key() : it->second;
}

bool DiyCycle::known_family() const { return known_families().count(shape_key()) == 1; }

std::string DiyCycle::name() const {
  std::vector<std::string> tokens;
  std::string isolated;
  bool any_atomic_isolated = false;
  for (const auto& t : threads_) {
    if (t.accesses.size() == 1) {
      isolated += t.accesses[0].atomic ? "A" : "P";
      any_atomic_isolated = any_atomic_isolated || t.accesses[0].atomic;
      continue;
    }
    std::string tok = t.fenced ? "mfence" : "po";
    if (t.accesses[0].atomic || t.accesses[1].atomic)
      tok += std::string(t.accesses[0].atomic ? "a" : "p") + (t.accesses[1].atomic ? "a" : "p");
    tokens.push_back(tok);
  }
  const bool all_same =
      std::all_of(tokens.begin(), tokens.end(), [&](const std::string& s) { return s == tokens[0]; });
  std::vector<std::string> parts{family()};
  if (all_same && tokens[0] == "po") {
  } else if (all_same && tokens.size() > 1) {
    parts.push_back(tokens[0] + "s");
  } else {
    parts.insert(parts.end(), tokens.begin(), tokens.end());
  }
  if (any_atomic_isolated) parts.push_back(isolated);
  return join(parts, "+");
}

std::string DiyCycle::edge_name(std::size_t from) const {
  const Access& a = acc_[from];
  const Access& b = acc_[(from + 1) % acc_.size()];
  std::string n;
  if (a.thread == b.thread) {
    n = std::string(threads_[a.thread].fenced ? "MFenced" : "Pod") + static_cast<char>(a.dir) +
        static_cast<char>(b.dir);
  } else {
    n = a.dir == Dir::R ? "Fre" : b.dir == Dir::R ? "Rfe" : "Coe";
  }
  if (a.atomic || b.atomic) n += std::string(a.atomic ? "A" : "P") + (b.atomic ? "A" : "P");
  return n;
}

std::string DiyCycle::edges() const {
  std::vector<std::string> parts;
  for (std::size_t i = 0; i < acc_.size(); ++i) parts.push_back(edge_name(i));
  return join(parts, " ");
}

std::string DiyCycle::condition() const {
  std::vector<std::string> terms;
  std::vector<long> writes(nlocs_, 0);
  for (const auto& a : acc_)
    if (a.dir == Dir::W) writes[a.loc] = std::max(writes[a.loc], a.value);
  for (std::size_t l = 0; l < nlocs_; ++l)
    if (writes[l] >= 2) terms.push_back("[" + std::string(kLocations[l]) + "]=" + std::to_string(writes[l]));
  for (const auto& a : acc_)
    if (a.dir == Dir::R)
      terms.push_back(std::to_string(a.thread) + ":" + a.reg + "=" + std::to_string(a.value));
  return "exists (" + join(terms, " /\\ ") + ")";
}

std::vector<std::string> DiyCycle::code(std::size_t thread) const {
  std::vector<std::string> lines;
  for (const auto& a : acc_) {
    if (a.thread != thread) continue;
    if (!lines.empty() && threads_[thread].fenced) lines.push_back("MFENCE");
    const std::string loc = "[" + std::string(kLocations[a.loc]) + "]";
    const std::string val = "$" + std::to_string(a.value);
    if (a.dir == Dir::R) {
      lines.push_back("MOV " + a.reg + "," + loc);
    } else if (a.atomic) {
      lines.push_back("MOV " + a.reg + "," + val);
      lines.push_back("XCHG " + loc + "," + a.reg);
    } else {
      lines.push_back("MOV " + loc + "," + val);
    }
  }
  return lines;
}

std::string DiyCycle::litmus() const {
  std::string com;
  for (std::size_t i = 0; i < acc_.size(); ++i) {
    const Access& a = acc_[i];
    const Access& b = acc_[(i + 1) % acc_.size()];
    if (a.thread == b.thread) continue;
    com += std::string(com.empty() ? "" : " ") +
           (a.dir == Dir::R ? "Fr" : b.dir == Dir::R ? "Rf" : "Co");
  }
  std::string out = "X86 " + name() + "\n\"" + edges() + "\"\nCycle=" + edges() +
                    "\nGenerator=mmsim_diygen\nCom=" + com + "\nOrig=" + edges() + "\n{";
  for (std::size_t l = 0; l < nlocs_; ++l) out += std::string(" ") + kLocations[l] + "=0;";
  out += " }\n";
  std::vector<std::vector<std::string>> cols;
  std::size_t rows = 0;
  for (std::size_t t = 0; t < threads_.size(); ++t) {
    cols.push_back(code(t));
    cols.back().insert(cols.back().begin(), "P" + std::to_string(t));
    rows = std::max(rows, cols.back().size());
  }
  for (std::size_t r = 0; r < rows; ++r) {
    std::string line;
    for (std::size_t t = 0; t < cols.size(); ++t) {
      std::size_t width = 0;
      for (const auto& c : cols[t]) width = std::max(width, c.size());
      const std::string cell = r < cols[t].size() ? cols[t][r] : "";
      line += " " + cell + std::string(width - cell.size(), ' ') + (t + 1 < cols.size() ? " |" : " ;");
    }
    out += line + "\n";
  }
  return out + condition() + "\n";
}

}  // namespace mmsim::oracle

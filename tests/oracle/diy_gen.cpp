#include "tests/oracle/diy_gen.h"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <stdexcept>

namespace mmsim::oracle {
namespace {

const char* const kShapes[] = {"W", "R", "WW", "WR", "RW", "RR"};

CycleThread thread_of(const std::string& shape) {
  CycleThread t;
  for (char c : shape) t.accesses.push_back({c == 'R' ? Dir::R : Dir::W, false});
  return t;
}

bool valid(const std::vector<std::string>& shape) {
  std::size_t po = 0;
  for (std::size_t i = 0; i < shape.size(); ++i) {
    po += shape[i].size() - 1;
    if (shape[i].back() == 'R' && shape[(i + 1) % shape.size()].front() == 'R') return false;
  }
  return po >= 2;
}

}  // namespace

std::vector<std::vector<std::string>> DiyGenerator::shapes() {
  std::vector<std::vector<std::string>> out;
  for (std::size_t n = 3; n <= 4; ++n) {
    std::vector<std::size_t> digit(n, 0);  // counts through 6^n shapes, thread 0 slowest
    for (;;) {
      std::vector<std::string> shape;
      for (std::size_t d : digit) shape.push_back(kShapes[d]);
      if (valid(shape)) out.push_back(shape);
      std::size_t i = n;
      while (i > 0 && ++digit[i - 1] == std::size(kShapes)) digit[--i] = 0;
      if (i == 0) break;
    }
  }
  return out;
}

std::vector<DiyCycle> DiyGenerator::variants(const std::vector<std::string>& shape) {
  std::vector<CycleThread> plain;
  for (const auto& s : shape) plain.push_back(thread_of(s));
  const bool known = DiyCycle(plain).known_family();
  // Per two-access thread, its choices: 0 plain, 1 MFENCE, 2 the write an XCHG. A W→R edge
  // (the one x86-TSO relaxes) gets all three; in a named family every other edge may be
  // fenced too.
  std::vector<std::size_t> choices(shape.size(), 1);
  for (std::size_t t = 0; t < shape.size(); ++t) {
    if (shape[t] == "WR") choices[t] = 3;
    else if (known && shape[t].size() == 2) choices[t] = 2;
  }
  std::size_t combos = 1;
  for (std::size_t n : choices) combos *= n;
  std::vector<DiyCycle> out;
  for (std::size_t c = 0; c < combos; ++c) {
    std::vector<CycleThread> v = plain;
    std::size_t code = c;
    for (std::size_t t = 0; t < shape.size(); ++t) {
      const std::size_t pick = code % choices[t];
      code /= choices[t];
      v[t].fenced = pick == 1;
      if (pick == 2) v[t].accesses[0].atomic = true;
    }
    out.emplace_back(v);
  }
  if (known) {  // every write of a two-access thread an XCHG
    std::vector<CycleThread> locked = plain;
    for (auto& t : locked)
      if (t.accesses.size() == 2)
        for (auto& a : t.accesses) a.atomic = a.dir == Dir::W;
    out.emplace_back(locked);
  }
  return out;
}

std::vector<GeneratedTest> DiyGenerator::generate() const {
  std::map<std::string, GeneratedTest> by_name;
  for (const auto& shape : shapes()) {
    for (const DiyCycle& c : variants(shape)) {
      GeneratedTest g{c.name(), c.family(), c.known_family(), c.threads().size(),
                      c.edges(), c.condition(), c.litmus()};
      const auto [it, fresh] = by_name.emplace(g.name, g);
      // The same name must mean the same cycle (a rotation of one already made).
      if (!fresh && it->second.text != g.text)
        throw std::logic_error("two different cycles named " + g.name);
    }
  }
  std::vector<GeneratedTest> out;
  for (auto& [name, g] : by_name) out.push_back(std::move(g));
  return out;
}

std::vector<std::string> DiyGenerator::write(const std::vector<GeneratedTest>& tests,
                                             const std::string& dir) {
  std::filesystem::create_directories(dir);
  const auto open = [](const std::string& path) {
    std::ofstream f(path);
    if (!f) throw std::runtime_error("cannot write " + path);
    return f;
  };
  std::vector<std::string> paths;
  std::ofstream index = open(dir + "/index.tsv");
  index << "name\tfamily\tnamed\tthreads\tcycle\tcondition\n";
  for (const auto& t : tests) {
    paths.push_back(dir + "/" + t.name + ".litmus");
    std::ofstream f = open(paths.back());
    if (!(f << t.text)) throw std::runtime_error("cannot write " + paths.back());
    index << t.name << '\t' << t.family << '\t' << (t.known_family ? "yes" : "no") << '\t'
          << t.threads << '\t' << t.edges << '\t' << t.condition << '\n';
  }
  if (!index) throw std::runtime_error("cannot write " + dir + "/index.tsv");
  return paths;
}

}  // namespace mmsim::oracle

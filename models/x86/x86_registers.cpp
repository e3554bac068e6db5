#include "models/x86/x86_registers.h"

#include <vector>

#include "sim/base/ascii.h"

namespace mmsim::x86 {
namespace {

struct RegDef {
  std::string name;    // lower case
  std::string family;  // the 64-bit register it is part of (lower case)
  int width = 0;
};

const std::vector<RegDef>& reg_table() {
  static const std::vector<RegDef> table = [] {
    std::vector<RegDef> t;
    for (std::string x : {"a", "b", "c", "d"}) {
      const std::string f = "r" + x + "x";
      t.push_back({f, f, 64});
      t.push_back({"e" + x + "x", f, 32});
      t.push_back({x + "x", f, 16});
      t.push_back({x + "l", f, 8});
      t.push_back({x + "h", f, 8});
    }
    for (std::string x : {"si", "di", "bp", "sp"}) {
      const std::string f = "r" + x;
      t.push_back({f, f, 64});
      t.push_back({"e" + x, f, 32});
      t.push_back({x, f, 16});
      t.push_back({x + "l", f, 8});
    }
    for (int n = 8; n <= 15; ++n) {
      const std::string f = "r" + std::to_string(n);
      t.push_back({f, f, 64});
      t.push_back({f + "d", f, 32});
      t.push_back({f + "w", f, 16});
      t.push_back({f + "b", f, 8});
      t.push_back({f + "l", f, 8});
    }
    return t;
  }();
  return table;
}

const RegDef* find_reg(const std::string& lower_name) {
  for (const auto& r : reg_table())
    if (r.name == lower_name) return &r;
  return nullptr;
}

}  // namespace

std::string canonical_reg_name(Dialect d, const std::string& name) {
  std::string n = name;
  if (!n.empty() && n[0] == '%') {
    if (d == Dialect::Intel) return "";
    n.erase(0, 1);
  }
  const RegDef* r = find_reg(ascii_lower(n));
  if (!r) return "";
  return d == Dialect::Intel ? ascii_upper(n) : r->family;
}

std::string accumulator_for(Dialect d, const std::string& canonical_src) {
  if (d == Dialect::Att) return "rax";
  const RegDef* r = find_reg(ascii_lower(canonical_src));
  switch (r ? r->width : 32) {
    case 64: return "RAX";
    case 16: return "AX";
    case 8: return "AL";
    default: return "EAX";
  }
}

}  // namespace mmsim::x86

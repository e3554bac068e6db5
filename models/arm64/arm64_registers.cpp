#include "models/arm64/arm64_registers.h"

#include <cctype>

namespace mmsim::arm64 {

RegName parse_reg_name(const std::string& name) {
  std::string u;
  for (char c : name) u += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  RegName r;
  if (u == "XZR" || u == "WZR") {
    r.kind = RegName::Kind::Zero;
    r.wide = u[0] == 'X';
    return r;
  }
  if (u == "SP" || u == "WSP") {
    r.kind = RegName::Kind::Sp;
    r.wide = u == "SP";
    return r;
  }
  if (u.size() < 2 || u.size() > 3 || (u[0] != 'X' && u[0] != 'W')) return r;
  int n = 0;
  for (std::size_t i = 1; i < u.size(); ++i) {
    if (!std::isdigit(static_cast<unsigned char>(u[i]))) return r;
    n = n * 10 + (u[i] - '0');
  }
  if ((u.size() == 3 && u[1] == '0') || n > 30) return r;
  r.kind = RegName::Kind::Gpr;
  r.num = n;
  r.wide = u[0] == 'X';
  return r;
}

std::string canonical_reg_name(const std::string& name) {
  const RegName r = parse_reg_name(name);
  return r.kind == RegName::Kind::Gpr ? "X" + std::to_string(r.num) : std::string();
}

}  // namespace mmsim::arm64

#include "sim/base/params.h"

#include <algorithm>
#include <stdexcept>

namespace mmsim {
namespace {

bool parse_int(const std::string& s, std::int64_t& out) {
  if (s.empty()) return false;
  std::size_t used = 0;
  try {
    out = std::stoll(s, &used, 0);
  } catch (...) {
    return false;
  }
  return used == s.size();
}

bool parse_bool(const std::string& s, bool& out) {
  if (s == "1" || s == "true" || s == "on" || s == "yes") return out = true, true;
  if (s == "0" || s == "false" || s == "off" || s == "no") return out = false, true;
  return false;
}

bool parse_double(const std::string& s, double& out) {
  if (s.empty()) return false;
  std::size_t used = 0;
  try {
    out = std::stod(s, &used);
  } catch (...) {
    return false;
  }
  return used == s.size();
}

std::string type_name(ParamType t) {
  switch (t) {
    case ParamType::Int: return "an integer";
    case ParamType::Bool: return "a boolean (0/1, true/false)";
    case ParamType::Double: return "a number";
    case ParamType::String: return "a string";
  }
  return "a value";
}

}  // namespace

void Params::declare(ParamDecl d) {
  if (decls_.count(d.name)) throw std::logic_error("parameter declared twice: " + d.name);
  values_[d.name] = d.default_value;
  std::string name = d.name;
  decls_.emplace(std::move(name), std::move(d));
}

const ParamDecl& Params::decl(const std::string& name) const {
  auto it = decls_.find(name);
  if (it == decls_.end()) throw std::logic_error("undeclared parameter: " + name);
  return it->second;
}

void Params::set(const std::string& name, const std::string& value, const SourcePos& pos) {
  auto it = decls_.find(name);
  if (it == decls_.end()) {
    throw BadInput("param", pos,
                   "unknown parameter '" + name + "' (expected a name from 'mmsim list params')");
  }
  const ParamDecl& d = it->second;
  bool ok = true;
  switch (d.type) {
    case ParamType::Int: {
      std::int64_t v = 0;
      ok = parse_int(value, v);
      if (ok && (v < d.min || v > d.max)) {
        throw BadInput("param", pos,
                       "parameter '" + name + "' = " + value + " is out of range (expected " +
                           std::to_string(d.min) + ".." + std::to_string(d.max) + ")");
      }
      break;
    }
    case ParamType::Bool: {
      bool b = false;
      ok = parse_bool(value, b);
      break;
    }
    case ParamType::Double: {
      double x = 0;
      ok = parse_double(value, x);
      break;
    }
    case ParamType::String:
      if (!d.choices.empty() &&
          std::find(d.choices.begin(), d.choices.end(), value) == d.choices.end()) {
        std::string list;
        for (const auto& c : d.choices) list += (list.empty() ? "" : ", ") + c;
        throw BadInput("param", pos,
                       "parameter '" + name + "' = '" + value + "' (expected one of: " + list + ")");
      }
      if (d.check) {
        const std::string why = d.check(value);
        if (!why.empty())
          throw BadInput("param", pos, "parameter '" + name + "' = '" + value + "': " + why);
      }
      break;
  }
  if (!ok) {
    throw BadInput("param", pos,
                   "parameter '" + name + "' = '" + value + "' (expected " + type_name(d.type) + ")");
  }
  values_[name] = value;
  where_[name] = pos;
}

SourcePos Params::where(const std::string& name) const {
  const auto it = where_.find(name);
  return it == where_.end() ? SourcePos{} : it->second;
}

void Params::set_assignment(const std::string& assignment, const SourcePos& pos) {
  auto eq = assignment.find('=');
  if (eq == std::string::npos || eq == 0) {
    throw BadInput("param", pos, "'" + assignment + "' (expected name=value)");
  }
  SourcePos vpos = pos;
  set(assignment.substr(0, eq), assignment.substr(eq + 1), vpos);
}

const std::string& Params::value(const std::string& name) const {
  decl(name);
  return values_.at(name);
}

std::int64_t Params::get_int(const std::string& name) const {
  std::int64_t v = 0;
  parse_int(value(name), v);
  return v;
}
bool Params::get_bool(const std::string& name) const {
  bool b = false;
  parse_bool(value(name), b);
  return b;
}
double Params::get_double(const std::string& name) const {
  double x = 0;
  parse_double(value(name), x);
  return x;
}
const std::string& Params::get_string(const std::string& name) const { return value(name); }

}  // namespace mmsim

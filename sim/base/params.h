// Parameters: declared once, where they are used, with type, default, unit and description
// (gem5's Param.Unsigned(8, "Fetch width")). `mmsim list params`, `--set name=value` and
// litmus `Config=name=value` all go through one Params object.
//
// Contract: components declare their parameters in a static `declare_params(Params&)` that the
// owner calls explicitly (no static-initialiser registration). set() validates the value
// against the declaration and throws BadInput("param", pos, ...) for an unknown name or a bad
// value. Getters throw std::logic_error for an undeclared name (a programming error).
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "sim/base/error.h"

namespace mmsim {

enum class ParamType { Int, Bool, Double, String };

struct ParamDecl {
  std::string name;
  ParamType type = ParamType::Int;
  std::string default_value;
  std::string unit;  // "cycles", "MHz", "Hz", "count", "" for none
  std::string description;
  std::int64_t min = INT64_MIN;  // Int only
  std::int64_t max = INT64_MAX;  // Int only
  std::vector<std::string> choices;  // String only; empty = any
  // Fault injection: a 0/1 switch whose 0 removes a barrier, IPI or check of the modelled
  // kernel (`mmsim list mutations`).
  bool mutation = false;
  // String only: why a value is malformed ("" when it is well-formed), checked by set() so that
  // the error points at the --set or Config= word. Checks needing the machine (a CPU number
  // against `cpus`) come later and cite where() instead.
  std::function<std::string(const std::string&)> check;
};

class Params {
 public:
  void declare(ParamDecl d);
  bool has(const std::string& name) const { return decls_.count(name) != 0; }
  void set(const std::string& name, const std::string& value, const SourcePos& pos = {});
  // "name=value"; the column of pos is advanced to point at the offending part.
  void set_assignment(const std::string& assignment, const SourcePos& pos = {});

  std::int64_t get_int(const std::string& name) const;
  bool get_bool(const std::string& name) const;
  double get_double(const std::string& name) const;
  const std::string& get_string(const std::string& name) const;

  const std::map<std::string, ParamDecl>& decls() const { return decls_; }
  const std::string& value(const std::string& name) const;
  // Where the value was set (the --set option or the Config= word); empty for a default.
  SourcePos where(const std::string& name) const;

 private:
  const ParamDecl& decl(const std::string& name) const;
  std::map<std::string, ParamDecl> decls_;
  std::map<std::string, std::string> values_;
  std::map<std::string, SourcePos> where_;
};

}  // namespace mmsim

// docs/parameters.md cannot go stale: its table has exactly one row per parameter that
// `mmsim list params` prints, with the same type, default and unit. Regenerate the table with
// tests/docs/gen_parameters.sh.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <sstream>

#include "tests/docs/doc_files.h"

namespace {

struct ParamRow {
  std::string type, default_value, unit;
};

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t\r") - b + 1);
}

// `mmsim list params`: fixed-width columns whose starts the header line gives (a default may
// be empty). Columns: name, type (if listed), default, unit, description.
std::map<std::string, ParamRow> listed_params() {
  const auto o = mmsim::test::run_shell(std::string("'") + MMSIM_BINARY + "' list params",
                                        std::filesystem::temp_directory_path());
  REQUIRE(o.status == 0);
  std::istringstream in(o.text);
  std::string header;
  std::getline(in, header);
  std::vector<std::pair<std::size_t, std::string>> cols;
  for (const char* c : {"name", "type", "default", "unit", "description"})
    if (const auto at = (" " + header + " ").find(std::string(" ") + c + " ");
        at != std::string::npos)
      cols.emplace_back(at, c);
  std::sort(cols.begin(), cols.end());
  REQUIRE(cols.size() >= 4);
  REQUIRE((cols.front().second == "name" && cols.back().second == "description"));
  std::map<std::string, ParamRow> out;
  for (std::string line; std::getline(in, line);) {
    if (trim(line).empty()) continue;
    line.resize(std::max(line.size(), cols.back().first), ' ');
    std::map<std::string, std::string> v;
    for (std::size_t i = 0; i + 1 < cols.size(); ++i)
      v[cols[i].second] = trim(line.substr(cols[i].first, cols[i + 1].first - cols[i].first));
    out[v["name"]] = {v.count("type") ? v["type"] : "", v["default"], v["unit"]};
  }
  return out;
}

// The cells of a Markdown table row `| a | b | c |` (escaped `\|` stays in its cell).
std::vector<std::string> cells(const std::string& row) {
  std::vector<std::string> out;
  std::string cur;
  for (std::size_t i = 1; i < row.size(); ++i) {
    if (row[i] == '\\' && i + 1 < row.size() && row[i + 1] == '|') {
      cur += '|';
      ++i;
    } else if (row[i] == '|') {
      out.push_back(trim(cur));
      cur.clear();
    } else {
      cur += row[i];
    }
  }
  return out;
}

std::string unquote(const std::string& cell) {
  if (cell.size() >= 2 && cell.front() == '`' && cell.back() == '`')
    return cell.substr(1, cell.size() - 2);
  return cell;
}

// docs/parameters.md rows `| `name` | type | `default` | unit | description |`; an empty
// default is written `(empty)`.
std::map<std::string, ParamRow> documented_params() {
  std::istringstream in(
      mmsim::test::read_text(std::filesystem::path(MMSIM_SOURCE_DIR) / "docs/parameters.md"));
  std::map<std::string, ParamRow> out;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("| `", 0) != 0) continue;
    const auto c = cells(line);
    REQUIRE(c.size() >= 5);
    INFO(line);
    CHECK(out.count(unquote(c[0])) == 0);  // one row per parameter
    const std::string dv = c[2] == "(empty)" ? "" : unquote(c[2]);
    out[unquote(c[0])] = {c[1], dv, c[3]};
  }
  return out;
}

}  // namespace

TEST_CASE("docs/parameters.md lists every parameter with its type, default and unit", "[docs]") {
  const auto listed = listed_params();
  const auto documented = documented_params();
  REQUIRE(listed.size() >= 20);
  for (const auto& [name, p] : listed) {
    INFO("parameter " << name << " (regenerate with tests/docs/gen_parameters.sh)");
    const auto it = documented.find(name);
    if (it == documented.end()) {
      FAIL_CHECK("docs/parameters.md has no row for " << name);
      continue;
    }
    if (!p.type.empty()) CHECK(it->second.type == p.type);
    CHECK(it->second.default_value == p.default_value);
    CHECK(it->second.unit == p.unit);
  }
  for (const auto& [name, p] : documented) {
    INFO("docs/parameters.md documents " << name << ", which 'mmsim list params' does not list");
    CHECK(listed.count(name) == 1);
  }
}

#include "app/params_file.h"

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <iterator>

#include <nlohmann/json.hpp>

#include "app/options.h"

namespace mmsim {

std::vector<std::string> params_from_json(const std::string& spec) {
  std::string path = spec;
  std::size_t index = 0;
  // "#I" only when I is a number, so that a path with a '#' in it still reads as a path.
  if (const std::size_t hash = spec.rfind('#'); hash != std::string::npos) {
    const std::string tail = spec.substr(hash + 1);
    if (!tail.empty() && tail.find_first_not_of("0123456789") == std::string::npos) {
      path = spec.substr(0, hash);
      index = tail.size() > 9 ? SIZE_MAX : std::stoul(tail);
    }
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw UsageError("--params " + spec + ": cannot read " + path + ": " + std::strerror(errno));
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const nlohmann::json doc = nlohmann::json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("results") ||
      !doc["results"].is_array())
    throw UsageError("--params " + spec + ": not a document written by 'mmsim run --json'");
  const auto& results = doc["results"];
  if (index >= results.size() || !results[index].contains("params") ||
      !results[index]["params"].is_object()) {
    throw UsageError("--params " + spec + ": no result " + std::to_string(index) +
                     " with parameters (the document has " + std::to_string(results.size()) +
                     " results, counted from 0)");
  }
  std::vector<std::string> out;
  for (const auto& [name, value] : results[index]["params"].items())
    out.push_back(name + "=" + (value.is_string() ? value.get<std::string>() : value.dump()));
  return out;
}

}  // namespace mmsim

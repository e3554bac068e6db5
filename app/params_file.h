// `mmsim run --params FILE.json[#I]`: the "params" object of result I (default 0) of a JSON
// document that `mmsim run --json` wrote, as name=value assignments, so that a witness can be
// replayed with exactly the parameters it ran under. UsageError for an unreadable file, text
// that is not such a document, or an index past its results.
#pragma once
#include <string>
#include <vector>

namespace mmsim {

std::vector<std::string> params_from_json(const std::string& spec);

}  // namespace mmsim

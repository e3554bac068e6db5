// The JSON document of DESIGN.md §7 for a whole run; docs/json.md is its reference. A result
// has every field, null where one does not apply, so scripts need no existence checks; an
// error entry has test, file and error only. `seconds` is the only field that varies between
// identical runs. Objects keep the documented field order (nlohmann::ordered_json).
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "report/run_record.h"

namespace mmsim {

// One entry of "results": a result, or {"test", "file", "error"} for a file that did not run.
nlohmann::ordered_json to_json(const RunRecord& rec);
// Every parameter in effect, typed: integers and reals as numbers, booleans as booleans,
// strings as strings (so each prints back as a valid --set value).
nlohmann::ordered_json params_json(const Params& p);
// `command` is the argv that started the run; `partial` says the run was interrupted.
nlohmann::ordered_json run_document(const std::vector<RunRecord>& recs, const std::string& version,
                            const std::vector<std::string>& command, bool partial);

}  // namespace mmsim

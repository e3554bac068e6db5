// The JSON document of DESIGN.md §7 for a whole run (nlohmann::json).
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "report/run_record.h"

namespace mmsim {

nlohmann::json to_json(const RunRecord& rec);
nlohmann::json run_document(const std::vector<RunRecord>& recs, const std::string& version);

}  // namespace mmsim

// `mmsim merge RESULT.json...`: the documents `mmsim run --shard I/N --json` wrote, put back
// together into the document (and text) `mmsim run` writes for the whole run — for clusters
// that run shards as job-array tasks. Each file's N slices must all be there, once, with the
// same parameters, trials and seed; the test file is read again (from the path the documents
// name, relative to where merge runs) to print its states. Exit status as for run (--check),
// 2 for a document that is unreadable, not a shard, or a slice missing or given twice.
#pragma once
#include <ostream>
#include <string>
#include <vector>

namespace mmsim {

int cmd_merge(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
std::string merge_help();

}  // namespace mmsim

#include "app/merge_command.h"

#include <boost/program_options.hpp>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>

#include "app/arch_registry.h"
#include "app/cli.h"
#include "app/options.h"
#include "app/run_command.h"
#include "app/slice_json.h"
#include "report/json_report.h"
#include "report/text_report.h"
#include "sim/scenario/litmus_parser.h"

namespace po = boost::program_options;

namespace mmsim {
namespace {

const std::vector<OptionDoc>& merge_table() {
  static const std::vector<OptionDoc> t = {
      {"json", "PATH|-", "none",
       "also write the merged JSON document to PATH; '-' writes it to stdout instead of the "
       "text"},
      {"check", "", "off",
       "exit 1 when a test's Result: claim disagrees with the merged run or is left "
       "unconfirmed"},
      {"help", "", "", "show this text"},
  };
  return t;
}

struct Group {
  nlohmann::json first;  // the first slice seen: file, arch, params, the whole run's size
  std::map<std::uint64_t, nlohmann::json> slices;  // by index
  std::uint64_t count = 0;
};

}  // namespace

std::string merge_help() {
  return "usage: mmsim merge RESULT.json... [options]\n\n"
         "Merges the JSON documents of 'mmsim run --shard I/N --json' runs into the result of\n"
         "the whole run: the same states, counts, witness seeds, cycles and stats that one\n"
         "'mmsim run' of all the trials gives. Prints it as run does.\n\n"
         "options:\n" +
         format_options(merge_table()) +
         "\nExit status: 0 merged; 1 --check and a claim did not hold; 2 a document unreadable,\n"
         "not a shard's, or a slice missing or given twice. docs/cli.md has the details.\n";
}

int cmd_merge(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  std::vector<std::string> docs;
  std::string json_path;
  bool check = false, help = false;
  po::options_description desc;
  desc.add_options()("json", po::value(&json_path))("check", po::bool_switch(&check))(
      "help", po::bool_switch(&help))("file", po::value(&docs)->composing());
  po::positional_options_description pos;
  pos.add("file", -1);
  po::variables_map vm;
  try {
    parse_command_line(args, merge_table(), desc, pos, vm);
    if (!help && docs.empty())
      throw UsageError("no document given (expected at least one RESULT.json)");
  } catch (const po::error& e) {
    err << "mmsim merge: " << e.what() << " (see 'mmsim merge --help')\n";
    return 2;
  } catch (const UsageError& e) {
    err << "mmsim merge: " << e.what() << " (see 'mmsim merge --help')\n";
    return 2;
  }
  if (help) {
    out << merge_help();
    return 0;
  }
  // Slices grouped by the run they belong to, in the order first seen.
  std::vector<Group> groups;
  std::map<std::string, std::size_t> group_of;
  try {
    for (const std::string& path : docs) {
      std::ifstream in(path, std::ios::binary);
      if (!in) throw UsageError(path + ": cannot read it: " + std::strerror(errno));
      const std::string text((std::istreambuf_iterator<char>(in)),
                             std::istreambuf_iterator<char>());
      const nlohmann::json doc = nlohmann::json::parse(text, nullptr, false);
      if (doc.is_discarded() || !doc.is_object() || !doc.contains("results") ||
          !doc["results"].is_array())
        throw UsageError(path + ": not a document written by 'mmsim run --json'");
      for (const auto& r : doc["results"]) {
        if (r.contains("error")) continue;  // a file that failed in its slice fails whole
        if (!r.contains("shard"))
          throw UsageError(path + ": " + r.value("file", std::string("?")) +
                           ": not a slice (run it with --shard I/N)");
        const auto& sh = r["shard"];
        const std::string key = r.at("file").dump() + r.at("arch").dump() +
                                r.at("params").dump() + sh.at("trials").dump() +
                                sh.at("seed").dump() + sh.at("count").dump();
        auto [it, fresh] = group_of.try_emplace(key, groups.size());
        if (fresh) groups.push_back(Group{r, {}, sh.at("count").get<std::uint64_t>()});
        Group& g = groups[it->second];
        const auto index = sh.at("index").get<std::uint64_t>();
        if (!g.slices.try_emplace(index, r).second)
          throw UsageError(path + ": " + r.at("file").get<std::string>() + ": slice " +
                           std::to_string(index) + "/" + std::to_string(g.count) +
                           " given twice");
      }
    }
    for (const Group& g : groups)
      for (std::uint64_t i = 0; i < g.count; ++i)
        if (!g.slices.count(i))
          throw UsageError(g.first.at("file").get<std::string>() + ": slice " +
                           std::to_string(i) + "/" + std::to_string(g.count) + " missing");
  } catch (const UsageError& e) {
    err << "mmsim merge: " << e.what() << "\n";
    return 2;
  } catch (const nlohmann::json::exception& e) {
    err << "mmsim merge: not a shard's document: " << e.what() << "\n";
    return 2;
  }

  const ArchRegistry archs = make_arch_registry();
  std::vector<std::unique_ptr<Scenario>> keep;
  std::vector<RunRecord> records;
  int status = 0;
  bool partial = false;
  for (const Group& g : groups) {
    RunRecord rec;
    const nlohmann::json& f = g.first;
    rec.file = f.at("file").get<std::string>();
    rec.arch = f.at("arch").get<std::string>();
    try {
      rec.params = declared_params(archs);
      for (const auto& [name, value] : f.at("params").items())
        rec.params.set_assignment(name + "=" +
                                  (value.is_string() ? value.get<std::string>() : value.dump()));
      LitmusTest test = parse_litmus_file(rec.file, litmus_headers(archs));
      rec.test = test.name;
      rec.warnings = test.warnings;
      const IArchModel* arch = archs.find(rec.arch);
      if (!arch) throw BadInput("usage", {}, no_model_message(archs, rec.arch));
      auto scenario = prepare(std::move(test), *arch, rec.params);
      rec.scenario = scenario.get();
      keep.push_back(std::move(scenario));
      rec.requested_trials = f.at("shard").at("trials").get<std::uint64_t>();
      rec.result.seed = f.at("shard").at("seed").get<std::uint64_t>();
      std::vector<nlohmann::json> parts;
      double seconds = 0;  // the slices' work, summed (they ran apart, maybe one at a time)
      for (const auto& [index, slice] : g.slices) {
        parts.push_back(slice);
        seconds += slice.at("seconds").get<double>();
        partial = partial || slice.at("partial").get<bool>();
      }
      merge_slices(rec, parts);
      rec.result.seconds = seconds;
    } catch (const BadInput& e) {
      rec.error = RunError{e.kind(), e.what(), e.pos().line, e.pos().column, e.pos().file};
    } catch (const std::exception& e) {
      rec.error = RunError{"internal", e.what(), 0, 0, ""};
    }
    if (rec.error) {
      err << "mmsim merge: " << rec.file << ": " << rec.error->message << "\n";
      status = std::max(status, rec.error->kind == "internal" ? 3 : 2);
    } else if (json_path != "-") {
      write_text(out, rec);
    }
    if (!rec.error && check && !check_passes(record_verdict(rec))) status = std::max(status, 1);
    records.push_back(std::move(rec));
  }
  if (!json_path.empty()) {
    std::vector<std::string> command = {"mmsim", "merge"};
    command.insert(command.end(), args.begin(), args.end());
    const auto doc = run_document(records, mmsim_version(), command, partial);
    if (json_path == "-") {
      out << doc.dump(2) << "\n";
    } else {
      std::ofstream file(json_path, std::ios::out | std::ios::trunc);
      file << doc.dump(2) << "\n";
      if (!file) {
        err << "mmsim merge: cannot write --json " << json_path << "\n";
        status = std::max(status, 2);
      }
    }
  }
  return status;
}

}  // namespace mmsim

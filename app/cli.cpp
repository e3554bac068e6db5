#include "app/cli.h"

#include <fmt/format.h>

#include <algorithm>
#include <boost/program_options.hpp>
#include <fstream>
#include <iostream>

#include "app/arch_registry.h"
#include "app/run_command.h"
#include "report/json_report.h"
#include "report/text_report.h"

namespace po = boost::program_options;

namespace mmsim {
namespace {

constexpr const char* kVersion = "0.1.0";

constexpr const char* kUsage =
    "usage:\n"
    "  mmsim run FILE... [--arch A] [--trials N] [--seed S] [--set name=value]...\n"
    "                    [--json PATH|-] [--check]\n"
    "  mmsim list archs|params|primitives|mutations [--arch A]\n"
    "  mmsim --help | --version\n";

const char* type_word(ParamType t) {
  switch (t) {
    case ParamType::Int: return "int";
    case ParamType::Bool: return "bool";
    case ParamType::Double: return "real";
    case ParamType::String: return "string";
  }
  return "";
}

int cmd_list(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  po::options_description desc("list options");
  std::string arch = "x86";
  std::string what;
  desc.add_options()("arch", po::value(&arch), "arch whose primitives to list")(
      "what", po::value(&what), "archs | params | primitives | mutations");
  po::positional_options_description pos;
  pos.add("what", 1);
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(desc).positional(pos).run(), vm);
  po::notify(vm);
  const ArchRegistry archs = make_arch_registry();
  if (what == "archs") {
    for (const auto& a : archs.all()) {
      std::string hs;
      for (const auto& h : a->headers()) hs += (hs.empty() ? "" : ",") + h;
      out << fmt::format("{:<10}{:<16}{}\n", a->name(), hs, a->description());
    }
    return 0;
  }
  if (what == "params") {
    const Params p = declared_params(archs);
    // Columns as wide as their widest entry plus two spaces, so that no row runs together.
    std::size_t wn = 4, wd = 7;
    for (const auto& [name, d] : p.decls()) {
      wn = std::max(wn, name.size());
      wd = std::max(wd, d.default_value.size());
    }
    auto row = [&](const std::string& n, const std::string& t, const std::string& dv,
                   const std::string& u, const std::string& desc) {
      out << fmt::format("{:<{}}{:<8}{:<{}}{:<12}{}\n", n, wn + 2, t, dv, wd + 2, u, desc);
    };
    row("name", "type", "default", "unit", "description");
    for (const auto& [name, d] : p.decls())
      row(name, type_word(d.type), d.default_value, d.unit.empty() ? "-" : d.unit, d.description);
    return 0;
  }
  if (what == "mutations") {
    // Fault injection: each removes one kernel barrier, IPI or check (run with --set name=0).
    const Params p = declared_params(archs);
    for (const auto& [name, d] : p.decls())
      if (d.mutation) out << fmt::format("{:<28}{}\n", name + "=0", d.description);
    return 0;
  }
  if (what == "primitives") {
    const IArchModel* a = archs.find(arch);
    if (!a) {
      err << "mmsim: unknown arch '" << arch << "' (expected one of 'mmsim list archs')\n";
      return 2;
    }
    for (const auto& p : a->primitives())
      out << fmt::format("{:<28}{} uop{}  {}\n", p.name, p.uops.size(),
                         p.uops.size() == 1 ? " " : "s", p.doc);
    return 0;
  }
  err << "mmsim: 'list " << what << "' (expected archs, params, primitives or mutations)\n" << kUsage;
  return 2;
}

int cmd_run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  RunOptions opt;
  std::string json_path;
  bool check = false;
  po::options_description desc("run options");
  desc.add_options()("arch", po::value(&opt.arch), "architecture for C tests")(
      "trials", po::value(&opt.trials), "trials per test (default 10000)")(
      "seed", po::value(&opt.seed), "seed of trial 0; trial i uses seed+i (default 1)")(
      "set", po::value(&opt.sets)->composing(), "name=value parameter (repeatable)")(
      "json", po::value(&json_path), "write the JSON document to PATH, or - for stdout")(
      "check", po::bool_switch(&check), "exit 1 if a test's Result: expectation does not hold")(
      "file", po::value(&opt.files)->composing(), "litmus file");
  po::positional_options_description pos;
  pos.add("file", -1);
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(desc).positional(pos).run(), vm);
  po::notify(vm);
  if (opt.files.empty()) {
    err << "mmsim run: no litmus file given (expected at least one FILE)\n" << kUsage;
    return 2;
  }
  if (opt.trials == 0) {
    err << "mmsim run: --trials must be at least 1\n";
    return 2;
  }
  const ArchRegistry archs = make_arch_registry();
  if (!opt.arch.empty() && !archs.find(opt.arch)) {
    err << "mmsim run: unknown arch '" << opt.arch << "' (expected one of 'mmsim list archs')\n";
    return 2;
  }
  {
    // Reject a bad --set before running anything.
    Params p = declared_params(archs);
    for (const auto& s : opt.sets) {
      try {
        p.set_assignment(s, SourcePos{"--set", 0, 0});
      } catch (const BadInput& e) {
        err << "mmsim run: --set " << s << ": " << e.what() << "\n";
        return 2;
      }
    }
  }
  RunBatch batch = run_files(archs, opt);
  int status = 0;
  const bool json_stdout = json_path == "-";
  for (const auto& rec : batch.records) {
    if (!json_stdout) write_text(out, rec);
    if (rec.error) {
      std::string where = rec.file;
      if (rec.error->line > 0) where += ":" + std::to_string(rec.error->line);
      if (rec.error->column > 0) where += ":" + std::to_string(rec.error->column);
      err << "mmsim: " << where << ": " << rec.error->message << "\n";
      status = std::max(status, rec.error->kind == "internal" ? 3 : 2);
    } else if (check && !expectation_holds(rec.scenario->test.expected, rec.result) &&
               status == 0) {
      status = 1;
    }
  }
  if (!json_path.empty()) {
    const auto doc = run_document(batch.records, kVersion);
    if (json_stdout) {
      out << doc.dump(2) << "\n";
    } else {
      std::ofstream f(json_path);
      if (!f) {
        err << "mmsim run: cannot write --json " << json_path << "\n";
        return 2;
      }
      f << doc.dump(2) << "\n";
    }
  }
  return status;
}

}  // namespace

int run_cli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    (args.empty() ? err : out) << kUsage;
    return args.empty() ? 2 : 0;
  }
  if (args[0] == "--version") {
    out << "mmsim " << kVersion << "\n";
    return 0;
  }
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  try {
    if (args[0] == "run") return cmd_run(rest, out, err);
    if (args[0] == "list") return cmd_list(rest, out, err);
    err << "mmsim: unknown command '" << args[0] << "' (expected run or list)\n" << kUsage;
    return 2;
  } catch (const po::error& e) {
    err << "mmsim " << args[0] << ": " << e.what() << "\n" << kUsage;
    return 2;
  } catch (const BadInput& e) {
    err << "mmsim: " << e.located() << "\n";
    return 2;
  } catch (const std::exception& e) {
    err << "mmsim: internal error: " << e.what() << "\n";
    return 3;
  }
}

}  // namespace mmsim

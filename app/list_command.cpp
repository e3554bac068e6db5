#include "app/list_command.h"

#include <fmt/format.h>

#include <algorithm>
#include <boost/program_options.hpp>

#include "app/arch_registry.h"
#include "app/options.h"
#include "app/run_command.h"
#include "kernel_model/kernel_primitives.h"
#include "kernel_model/kernel_stats.h"
#include "sim/engine/engine_stats.h"

namespace po = boost::program_options;

namespace mmsim {
namespace {

const std::vector<OptionDoc>& list_table() {
  static const std::vector<OptionDoc> t = {
      {"arch", "A", "x86", "arch whose primitives 'list primitives' shows"},
      {"help", "", "", "show this text"},
  };
  return t;
}

const char* type_word(ParamType t) {
  switch (t) {
    case ParamType::Int: return "int";
    case ParamType::Bool: return "bool";
    case ParamType::Double: return "real";
    case ParamType::String: return "string";
  }
  return "";
}

void list_archs(const ArchRegistry& archs, std::ostream& out) {
  for (const auto& a : archs.all()) {
    std::string hs;
    for (const auto& h : a->headers()) hs += (hs.empty() ? "" : ",") + h;
    out << fmt::format("{:<10}{:<16}{}\n", a->name(), hs, a->description());
  }
}

void list_params(const ArchRegistry& archs, std::ostream& out) {
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
}

void list_mutations(const ArchRegistry& archs, std::ostream& out) {
  // Fault injection: each removes one kernel barrier, IPI or check (run with --set name=0).
  const Params p = declared_params(archs);
  for (const auto& [name, d] : p.decls())
    if (d.mutation) out << fmt::format("{:<28}{}\n", name + "=0", d.description);
}

// The arch's lowering table, then what the kernel adds to C tests: its calls (run by the
// modelled kernel on the simulated cores, the same on every arch) and constants.
void list_primitives(const IArchModel& a, std::ostream& out) {
  for (const auto& p : a.primitives())
    out << fmt::format("{:<28}{} uop{}  {}\n", p.name, p.uops.size(),
                       p.uops.size() == 1 ? " " : "s", p.doc);
  std::vector<std::pair<std::string, std::string>> calls, constants;
  for (const auto& p : kernel::user_primitives()) {
    if (p.shape == PrimShape::Constant) constants.emplace_back(p.name, std::to_string(p.value));
    if (p.shape == PrimShape::Fence) calls.emplace_back(p.name + "()", p.doc);
    if (p.shape != PrimShape::Call) continue;
    std::string sig = p.name + "(";
    for (int i = 0; i < p.nargs; ++i) {
      const bool optional = p.min_args >= 0 && i >= p.min_args;
      sig += (optional ? "[" : "") + std::string(i ? ", a" : "a") + std::to_string(i);
    }
    if (p.min_args >= 0) sig += std::string(static_cast<std::size_t>(p.nargs - p.min_args), ']');
    calls.emplace_back(sig + ")", p.doc);
  }
  std::size_t w = 0;
  for (const auto* rows : {&calls, &constants})
    for (const auto& r : *rows) w = std::max(w, r.first.size());
  out << "\nkernel calls (C tests; the modelled kernel runs them):\n";
  for (const auto& [sig, doc] : calls) out << fmt::format("{:<{}}  {}\n", sig, w, doc);
  out << "\nconstants (C tests):\n";
  for (const auto& [name, v] : constants) out << fmt::format("{:<{}}  {}\n", name, w, v);
}

// Every stat a run reports (JSON "stats"): its name — a family's members add the kind of call
// or ".cpuN" (docs/json.md) —, unit, how merged runs combine it, and what it counts.
void list_stats(std::ostream& out) {
  std::vector<StatDecl> all(std::begin(engine_stats::kAll), std::end(engine_stats::kAll));
  all.insert(all.end(), std::begin(kernel::stats::kAll), std::end(kernel::stats::kAll));
  std::size_t w = 4;
  for (const StatDecl& d : all) w = std::max(w, std::string(d.name).size());
  out << fmt::format("{:<{}}{:<9}{:<11}{}\n", "name", w + 2, "unit", "reduction", "description");
  for (const StatDecl& d : all)
    out << fmt::format("{:<{}}{:<9}{:<11}{}\n", d.name, w + 2, unit_name(d.unit),
                       reduction_name(d.reduction), d.description);
}

}  // namespace

std::string list_help() {
  return "usage: mmsim list archs|params|primitives|mutations|stats [options]\n\n"
         "  archs       the architectures with a model, and the litmus headers each reads\n"
         "  params      every parameter: name, type, default, unit, description (set them\n"
         "              with 'mmsim run --set NAME=VALUE' or a test's Config= line)\n"
         "  primitives  the C primitives and how --arch lowers them, then the kernel calls\n"
         "              (membarrier, synchronize_sched, ...) and constants C tests may use\n"
         "  mutations   the kernel barriers, IPIs and checks that --set NAME=0 removes\n"
         "  stats       every stat a run reports: name, unit, reduction (how merged runs\n"
         "              combine it), description\n\n"
         "options:\n" +
         format_options(list_table());
}

int cmd_list(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  std::string arch = "x86";
  std::string what;
  bool help = false;
  po::options_description desc;
  desc.add_options()("arch", po::value(&arch))("help", po::bool_switch(&help))(
      "what", po::value(&what));
  po::positional_options_description pos;
  pos.add("what", 1);
  po::variables_map vm;
  try {
    parse_command_line(args, list_table(), desc, pos, vm);
  } catch (const po::error& e) {
    err << "mmsim list: " << e.what() << " (see 'mmsim list --help')\n";
    return 2;
  }
  if (help) {
    out << list_help();
    return 0;
  }
  const ArchRegistry archs = make_arch_registry();
  if (what == "archs") return list_archs(archs, out), 0;
  if (what == "params") return list_params(archs, out), 0;
  if (what == "mutations") return list_mutations(archs, out), 0;
  if (what == "stats") return list_stats(out), 0;
  if (what == "primitives") {
    const IArchModel* a = archs.find(arch);
    if (!a) {
      err << "mmsim: " << no_model_message(archs, arch) << "\n";
      return 2;
    }
    list_primitives(*a, out);
    return 0;
  }
  err << "mmsim list: '" << what
      << "' (expected archs, params, primitives, mutations or stats; see 'mmsim list --help')\n";
  return 2;
}

}  // namespace mmsim

#include "app/run_command.h"

#include <exception>

#include "app/arch_registry.h"
#include "kernel_model/kernel.h"
#include "kernel_model/kernel_primitives.h"
#include "sim/engine/simulation.h"
#include "sim/scenario/lisa_frontend.h"
#include "sim/scenario/litmus_parser.h"

namespace mmsim {

Params declared_params(const ArchRegistry& archs) {
  Params p;
  System::declare_params(p);
  kernel::Kernel::declare_params(p);
  for (const auto& a : archs.all()) a->declare_params(p);
  return p;
}

namespace {

const IArchModel& pick_arch(const ArchRegistry& archs, const RunOptions& opt,
                            const LitmusTest& test) {
  if (lowers_like_c(test.arch)) {
    const std::string name = opt.arch.empty() ? "x86" : opt.arch;
    const IArchModel* m = archs.find(name);
    if (!m) throw BadInput("usage", {}, no_model_message(archs, name));
    return *m;
  }
  const IArchModel* m = archs.for_header(test.arch);
  if (!m) throw BadInput("unsupported", test.header_pos, no_model_message(archs, test.arch));
  if (!opt.arch.empty() && opt.arch != m->name()) {
    throw BadInput("unsupported", test.header_pos,
                   "test is " + test.arch + " assembly, which --arch " + opt.arch +
                       " cannot run (expected --arch " + m->name() + " or a C or LISA test)");
  }
  return *m;
}

// A scenario gets the kernel model when it calls into the kernel, places its threads or has
// more threads than CPUs (the scheduler time-slices them).
bool needs_kernel(const Scenario& s) {
  if (s.shares_cpus()) return true;
  for (const auto& line : s.test.info)
    if (line.key == "Affinity" || line.key == "Mm" || line.key == "Mode") return true;
  for (const auto& t : s.threads)
    for (const auto& op : t.ops)
      if (op.kind == UopKind::Syscall || op.kind == UopKind::KCall) return true;
  return false;
}

}  // namespace

RunResult simulate(Scenario& scenario, const Params& params, std::uint64_t trials,
                   std::uint64_t seed, const TrialHook& hook) {
  std::unique_ptr<kernel::Kernel> k;
  if (needs_kernel(scenario)) k = std::make_unique<kernel::Kernel>(scenario, params);
  Simulation sim(scenario, params, k.get());
  return sim.run(trials, seed, hook);
}

std::unique_ptr<Scenario> prepare(LitmusTest test, const IArchModel& arch, const Params& params) {
  const auto cpus = static_cast<std::size_t>(params.get_int("cpus"));
  return std::make_unique<Scenario>(
      build_scenario(std::move(test), arch, &kernel::user_primitives(), cpus));
}

std::pair<std::uint64_t, std::uint64_t> shard_slice(const RunOptions& opt) {
  __extension__ using u128 = unsigned __int128;
  auto cut = [](std::uint64_t total, std::uint64_t index, std::uint64_t count) {
    const u128 t = total;
    const auto first = static_cast<std::uint64_t>(t * index / count);
    const auto last = static_cast<std::uint64_t>(t * (index + 1) / count);
    return std::pair<std::uint64_t, std::uint64_t>{first, last - first};
  };
  auto [first, n] = opt.shard_count > 1 ? cut(opt.trials, opt.shard_index, opt.shard_count)
                                        : std::pair<std::uint64_t, std::uint64_t>{0, opt.trials};
  if (opt.part_count > 1) {
    const auto [pf, pn] = cut(n, opt.part_index, opt.part_count);
    first += pf;
    n = pn;
  }
  return {first, n};
}

RunRecord prepare_file(const ArchRegistry& archs, const RunOptions& opt, const std::string& file,
                       std::vector<std::unique_ptr<Scenario>>& keep, const FileHooks& hooks) {
  RunRecord rec;
  rec.file = file;
  rec.arch = opt.arch;
  rec.requested_trials = opt.trials;
  try {
    LitmusTest test = parse_litmus_file(file, litmus_headers(archs));
    rec.test = test.name;
    rec.warnings = test.warnings;
    if (hooks.parsed) hooks.parsed(test);
    const IArchModel& arch = pick_arch(archs, opt, test);
    rec.arch = arch.name();
    rec.params = declared_params(archs);
    apply_config(test, rec.params);
    for (const auto& s : opt.sets) rec.params.set_assignment(s, SourcePos{"--set", 0, 0});
    auto scenario = prepare(std::move(test), arch, rec.params);
    const auto [first, n] = shard_slice(opt);
    rec.requested_trials = n;
    rec.result.seed = opt.seed + first;
    if (opt.shard_count > 1 || opt.part_count > 1)
      rec.shard = Shard{opt.shard_index, opt.shard_count, first, opt.trials, opt.seed};
    rec.scenario = scenario.get();
    keep.push_back(std::move(scenario));
  } catch (const BadInput& e) {
    rec.error = RunError{e.kind(), e.what(), e.pos().line, e.pos().column, e.pos().file};
  } catch (const std::exception& e) {
    rec.error = RunError{"internal", e.what(), 0, 0, ""};
  }
  return rec;
}

RunRecord run_file(const ArchRegistry& archs, const RunOptions& opt, const std::string& file,
                   std::vector<std::unique_ptr<Scenario>>& keep, const FileHooks& hooks) {
  RunRecord rec = prepare_file(archs, opt, file, keep, hooks);
  if (rec.error) return rec;
  try {
    // prepare_file put the scenario last in `keep`.
    rec.result = simulate(*keep.back(), rec.params, rec.requested_trials, rec.result.seed,
                          hooks.trial);
    rec.partial = rec.result.trials < rec.requested_trials;
  } catch (const BadInput& e) {
    rec.error = RunError{e.kind(), e.what(), e.pos().line, e.pos().column, e.pos().file};
  } catch (const std::exception& e) {
    rec.error = RunError{"internal", e.what(), 0, 0, ""};
  }
  return rec;
}

RunBatch run_files(const ArchRegistry& archs, const RunOptions& opt) {
  RunBatch b;
  for (const auto& f : opt.files) b.records.push_back(run_file(archs, opt, f, b.scenarios));
  return b;
}

}  // namespace mmsim

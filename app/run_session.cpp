#include "app/run_session.h"

#include <fmt/format.h>

#include <algorithm>
#include <boost/program_options.hpp>
#include <cerrno>
#include <cstring>
#include <fstream>

#include "app/arch_registry.h"
#include "app/options.h"
#include "app/params_file.h"
#include "app/mpi_run.h"
#include "app/slice_json.h"
#include "app/worker_pool.h"
#include "app/progress.h"
#include "app/run_command.h"
#include "report/json_report.h"
#include "report/text_report.h"

namespace po = boost::program_options;

namespace mmsim {
namespace {

const std::vector<OptionDoc>& run_table() {
  static const std::vector<OptionDoc> t = {
      {"arch", "A", "the test's own; x86 for C and LISA tests",
       "architecture to run on ('mmsim list archs'); C and LISA tests are lowered to it"},
      {"trials", "N", "10000", "trials per test (1 or more)"},
      {"seed", "S", "1",
       "seed of the first trial; trial i uses S+i, so a state's seed replays it with --trials 1"},
      {"shard", "I/N", "none",
       "run only slice I (from 0) of N of each file's trials, with their own seeds, for "
       "'mmsim merge' to combine the N JSON documents into the whole run's"},
      {"jobs", "N", "every host core",
       "worker processes sharing each file's trials; the result is the one a single process "
       "gives for the same seeds (1: run in this process)"},
      {"set", "NAME=VALUE", "none",
       "set a parameter ('mmsim list params'), overriding the test's Config= line", true},
      {"params", "FILE.json[#I]", "none",
       "set every parameter as result I (from 0) of a --json document ran with, to replay its "
       "states; --set still overrides"},
      {"json", "PATH|-", "none",
       "also write the JSON document (docs/json.md) to PATH; '-' writes it to stdout instead "
       "of the text"},
      {"check", "", "off",
       "exit 1 when a test's Result: claim disagrees with the run or is left unconfirmed"},
      {"quiet", "", "off", "no progress line on stderr (it only ever shows on a terminal)"},
      {"help", "", "", "show this text"},
  };
  return t;
}

struct RunCli {
  RunOptions opt;
  std::string json_path;
  bool check = false, quiet = false, help = false;
};

RunCli parse_run_args(const std::vector<std::string>& args) {
  RunCli c;
  po::options_description desc;
  std::string trials = "10000", seed = "1", params_file, jobs, shard;
  desc.add_options()("arch", po::value(&c.opt.arch))("trials", po::value(&trials))(
      "seed", po::value(&seed))("jobs", po::value(&jobs))("shard", po::value(&shard))("set", po::value(&c.opt.sets)->composing())("params", po::value(&params_file))(
      "json", po::value(&c.json_path))("check", po::bool_switch(&c.check))(
      "quiet", po::bool_switch(&c.quiet))("help", po::bool_switch(&c.help))(
      "file", po::value(&c.opt.files)->composing());
  po::positional_options_description pos;
  pos.add("file", -1);
  po::variables_map vm;
  try {
    parse_command_line(args, run_table(), desc, pos, vm);
  } catch (const po::error& e) {
    throw UsageError(e.what());
  }
  if (c.help) return c;
  c.opt.trials = parse_whole("trials", trials, 1);
  c.opt.seed = parse_whole("seed", seed, 0);
  c.opt.jobs = jobs.empty() ? default_jobs()
                            : static_cast<unsigned>(std::min<std::uint64_t>(
                                  parse_whole("jobs", jobs, 1), 4096));
  if (c.opt.trials - 1 > UINT64_MAX - c.opt.seed) {
    throw UsageError(fmt::format("--seed {} --trials {}: the last trial's seed would pass {}",
                                 seed, trials, UINT64_MAX));
  }
  if (!shard.empty()) {
    const auto slash = shard.find('/');
    const auto digits = [](const std::string& s) {
      return !s.empty() && s.size() < 10 && s.find_first_not_of("0123456789") == std::string::npos;
    };
    const std::string i = slash == std::string::npos ? "" : shard.substr(0, slash);
    const std::string n = slash == std::string::npos ? "" : shard.substr(slash + 1);
    if (!digits(i) || !digits(n) || std::stoull(n) == 0 || std::stoull(i) >= std::stoull(n))
      throw UsageError("--shard " + shard + ": expected I/N with 0 <= I < N, e.g. 0/4");
    c.opt.shard_index = std::stoull(i);
    c.opt.shard_count = std::stoull(n);
  }
  if (c.opt.files.empty()) throw UsageError("no litmus file given (expected at least one FILE)");
  if (!params_file.empty()) {
    std::vector<std::string> sets = params_from_json(params_file);
    sets.insert(sets.end(), c.opt.sets.begin(), c.opt.sets.end());
    c.opt.sets = std::move(sets);
  }
  return c;
}

std::string located(const std::string& file, int line, int column) {
  std::string s = file;
  if (line > 0) s += fmt::format(":{}", line);
  if (line > 0 && column > 0) s += fmt::format(":{}", column);
  return s;
}

// Everything checked before the first trial: --arch, --set, the JSON output. Returns the exit
// status to stop with, or 0 to go on.
int preflight(const RunCli& c, const ArchRegistry& archs, std::ofstream& json_file,
              std::ostream& err, bool writes) {
  if (!c.opt.arch.empty() && !archs.find(c.opt.arch)) {
    err << "mmsim: " << no_model_message(archs, c.opt.arch) << "\n";
    return 2;
  }
  Params p = declared_params(archs);
  for (const auto& s : c.opt.sets) {
    try {
      p.set_assignment(s, SourcePos{"--set", 0, 0});
    } catch (const BadInput& e) {
      err << "mmsim run: --set " << s << ": " << e.what() << "\n";
      return 2;
    }
  }
  if (writes && !c.json_path.empty() && c.json_path != "-") {
    errno = 0;
    json_file.open(c.json_path, std::ios::out | std::ios::trunc);
    if (!json_file) {
      err << "mmsim run: cannot write --json " << c.json_path << ": "
          << (errno ? std::strerror(errno) : "cannot open it") << "\n";
      return 2;
    }
  }
  return 0;
}

// One file under --jobs: prepared here, its trials run by the pool's workers.
RunRecord run_file_parts(WorkerPool& pool, std::size_t index, const ArchRegistry& archs,
                         const RunOptions& opt, const std::string& file,
                         std::vector<std::unique_ptr<Scenario>>& keep, const FileHooks& hooks) {
  RunRecord rec = prepare_file(archs, opt, file, keep, hooks);
  try {
    // The workers prepared the file too: their parts (errors, if it failed) are taken either
    // way, so the next file's are next.
    merge_slices(rec, pool.slices(index, hooks.trial));
  } catch (const std::exception& e) {
    if (!rec.error) rec.error = RunError{"internal", e.what(), 0, 0, ""};
  }
  return rec;
}

// One file under MPI: every rank runs its part; rank 0 prepares the file and merges the parts
// (the other ranks' records are not printed).
RunRecord run_file_ranks(const MpiSession& mpi, const ArchRegistry& archs, const RunOptions& opt,
                         const std::string& file, std::vector<std::unique_ptr<Scenario>>& keep,
                         const FileHooks& hooks, const std::function<bool()>& stop) {
  RunOptions mine = opt;
  mine.part_index = static_cast<std::uint64_t>(mpi.rank());
  mine.part_count = static_cast<std::uint64_t>(mpi.size());
  mine.jobs = 1;
  FileHooks own;
  own.trial = [&](std::uint64_t) { return !stop(); };
  std::vector<std::unique_ptr<Scenario>> own_keep;
  const RunRecord part = run_file(archs, mine, file, own_keep, own);
  const std::vector<std::string> texts = mpi.gather(to_json(part).dump());
  if (mpi.rank() != 0) return part;
  RunRecord rec = prepare_file(archs, opt, file, keep, hooks);
  std::vector<nlohmann::json> parts;
  for (const std::string& t : texts) parts.push_back(nlohmann::json::parse(t));
  merge_slices(rec, parts);
  return rec;
}

int file_status(const RunRecord& rec, bool check) {
  if (rec.error) return rec.error->kind == "internal" ? 3 : 2;
  return check && !check_passes(record_verdict(rec)) ? 1 : 0;
}

}  // namespace

std::string run_help() {
  return "usage: mmsim run FILE... [options]\n\n"
         "Runs each litmus test (herd7 syntax: X86/X86_64, AArch64 or PPC assembly, or C lowered\n"
         "to --arch) "
         "for N trials and prints herd7-style results, one block per file as it finishes.\n"
         "Under mpirun or srun the ranks share each file's trials and rank 0 writes the\n"
         "results (docs/cli.md, \"Clusters: MPI\").\n\n"
         "options:\n" +
         format_options(run_table()) +
         "\nExit status: 0 ran; 1 --check and a claim did not hold; 2 bad input (file:line:column\n"
         "on stderr); 3 internal error; 130 interrupted (what finished is printed and written,\n"
         "marked partial). docs/cli.md has the details.\n";
}

int cmd_run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
            const CliEnv& env) {
  RunCli c;
  try {
    c = parse_run_args(args);
  } catch (const UsageError& e) {
    err << "mmsim run: " << e.what() << " (see 'mmsim run --help')\n";
    return 2;
  }
  if (c.help) {
    out << run_help();
    return 0;
  }
  const ArchRegistry archs = make_arch_registry();
  // Under mpirun or srun: one rank of several; rank 0 writes everything.
  std::unique_ptr<MpiSession> mpi;
  if (launched_by_mpi()) {
    if (!mpi_available()) {
      err << "mmsim run: started by an MPI launcher, but this mmsim was built without MPI "
             "(every rank would make the whole run): rebuild with Open MPI installed, or run "
             "without mpirun\n";
      return 2;
    }
    try {
      mpi = std::make_unique<MpiSession>();
    } catch (const std::exception& e) {
      err << "mmsim run: " << e.what() << "\n";
      return 3;
    }
  }
  const bool root = !mpi || mpi->rank() == 0;
  std::ofstream json_file;
  int checked = preflight(c, archs, json_file, err, root);
  // Rank 0 alone opens the JSON output: every rank stops if it cannot (no rank may wait in a
  // collective for one that returned).
  if (mpi) checked = static_cast<int>(mpi->broadcast(checked));
  if (checked) return checked;

  const bool json_stdout = c.json_path == "-";
  auto stop_requested = [&] { return env.interrupted && env.interrupted->load(); };
  ProgressLine progress(err, env.stderr_is_terminal && !c.quiet && !mpi, env.progress_delay);
  std::vector<std::unique_ptr<Scenario>> keep;
  std::vector<RunRecord> records;
  int status = 0;
  bool partial = false;
  // --jobs: the workers run every file's parts from the start; this process prepares each
  // file to print it and merges its parts as they come.
  std::unique_ptr<WorkerPool> pool;
  try {
    if (c.opt.jobs > 1 && !mpi)
      pool = std::make_unique<WorkerPool>(archs, c.opt, stop_requested);
  } catch (const std::exception& e) {
    err << "mmsim run: " << e.what() << "\n";
    return 3;
  }
  for (std::size_t index = 0; index < c.opt.files.size(); ++index) {
    const std::string& file = c.opt.files[index];
    // Under MPI every rank must reach the same collectives: rank 0 decides, after each file.
    if (!mpi && stop_requested()) {
      partial = true;  // files left unrun
      break;
    }
    progress.start_file(file, shard_slice(c.opt).second);
    FileHooks hooks;
    hooks.parsed = [&](const LitmusTest& t) {
      progress.clear();
      for (const Warning& w : t.warnings)
        err << "mmsim: warning: " << located(w.pos.file, w.pos.line, w.pos.column) << ": "
            << w.message << "\n";
    };
    hooks.trial = [&](std::uint64_t done) {
      if (stop_requested()) return false;
      progress.update(done);
      return true;
    };
    RunRecord rec =
        mpi    ? run_file_ranks(*mpi, archs, c.opt, file, keep, hooks, stop_requested)
        : pool ? run_file_parts(*pool, index, archs, c.opt, file, keep, hooks)
               : run_file(archs, c.opt, file, keep, hooks);
    progress.clear();
    if (!root) {
      // Rank 0 decides for all whether the run goes on.
      if (mpi->broadcast(0) != 0) break;
      continue;
    }
    if (rec.error) {
      const RunError& e = *rec.error;
      err << "mmsim: " << located(e.source.empty() ? rec.file : e.source, e.line, e.column)
          << ": " << (e.kind == "internal" ? "internal error: " : "") << e.message << "\n";
    } else if (!json_stdout) {
      write_text(out, rec);
      out.flush();
    }
    status = std::max(status, file_status(rec, c.check));
    partial = partial || rec.partial;
    records.push_back(std::move(rec));
    if (mpi) {
      const bool stop_all = partial || stop_requested();
      mpi->broadcast(stop_all ? 1 : 0);
      if (stop_all) {
        partial = partial || index + 1 < c.opt.files.size();  // files left unrun
        break;
      }
    }
    if (partial) break;
  }
  if (!root) return static_cast<int>(mpi->broadcast(0));  // rank 0's exit status
  if (!c.json_path.empty()) {
    std::vector<std::string> command = {"mmsim", "run"};
    command.insert(command.end(), args.begin(), args.end());
    const auto doc = run_document(records, mmsim_version(), command, partial);
    std::ostream& dest = json_stdout ? out : json_file;
    dest << doc.dump(2) << "\n";
    dest.flush();
    if (!dest) {
      err << "mmsim run: cannot write --json " << c.json_path << ": "
          << (errno ? std::strerror(errno) : "write failed") << "\n";
      status = std::max(status, 2);
    }
  }
  const int exit_status = stop_requested() ? 130 : status;
  if (mpi) mpi->broadcast(exit_status);
  return exit_status;
}

}  // namespace mmsim

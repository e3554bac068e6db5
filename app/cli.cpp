#include "app/cli.h"

#include <iostream>

#include "app/list_command.h"
#include "app/merge_command.h"
#include "app/run_session.h"
#include "sim/base/error.h"

#ifndef MMSIM_VERSION
#error "MMSIM_VERSION comes from the CMake project version (CMakeLists.txt)"
#endif

namespace mmsim {
namespace {

std::string main_help() {
  return "mmsim " + std::string(mmsim_version()) +
         ": a cycle-accurate multicore memory-model simulator\n\n"
         "usage:\n"
         "  mmsim run FILE... [options]      run litmus tests: herd7-style text, JSON\n"
         "  mmsim merge RESULT.json...       put the --shard I/N slices of runs together\n"
         "  mmsim list archs|params|primitives|mutations [--arch A]\n"
         "                                   what a run can use\n"
         "  mmsim help [run|merge|list]      this text, or a command's options\n"
         "  mmsim --version                  the version\n\n"
         "'mmsim run --help', 'mmsim merge --help' and 'mmsim list --help' describe every\n"
         "option and its default.\n"
         "Exit status: 0 ran; 1 an expectation did not hold (run --check); 2 bad input;\n"
         "3 internal error; 130 interrupted. docs/cli.md has the details.\n";
}

}  // namespace

const char* mmsim_version() { return MMSIM_VERSION; }

int run_cli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
            const CliEnv& env) {
  if (args.empty()) {
    err << main_help();
    return 2;
  }
  const std::string& cmd = args[0];
  if (cmd == "--help" || cmd == "-h" || (cmd == "help" && args.size() == 1)) {
    out << main_help();
    return 0;
  }
  if (cmd == "--version") {
    out << "mmsim " << mmsim_version() << "\n";
    return 0;
  }
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  try {
    if (cmd == "help" && rest[0] == "run") return out << run_help(), 0;
    if (cmd == "help" && rest[0] == "list") return out << list_help(), 0;
    if (cmd == "help" && rest[0] == "merge") return out << merge_help(), 0;
    if (cmd == "merge") return cmd_merge(rest, out, err);
    if (cmd == "run") return cmd_run(rest, out, err, env);
    if (cmd == "list") return cmd_list(rest, out, err);
    err << "mmsim: unknown command '" << (cmd == "help" ? rest[0] : cmd)
        << "' (expected run, merge or list; see 'mmsim --help')\n";
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

// `mmsim run FILE...` as a command (DESIGN §7): options checked before anything runs (values,
// --arch, --set, the --json path opened for writing), then each file parsed, run and its text
// block printed and flushed as soon as it is done, warnings and errors on stderr once each,
// the JSON document last. Ctrl-C stops at the next trial boundary: the interrupted file's
// block and result are marked partial, later files are not run, exit 130.
#pragma once
#include <ostream>
#include <string>
#include <vector>

#include "app/cli.h"

namespace mmsim {

int cmd_run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
            const CliEnv& env);
std::string run_help();

}  // namespace mmsim

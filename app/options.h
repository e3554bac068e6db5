// Option handling shared by the subcommands: one table per command gives each option's
// spelling, argument, default and meaning, and both the parser and --help read it, so help
// cannot drift from what is accepted. Values are taken as strings and checked here (Boost's
// unsigned parsing would wrap "-1" to 2^64-1).
#pragma once
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <boost/program_options.hpp>

namespace mmsim {

struct OptionDoc {
  const char* name;     // long name without "--"
  const char* arg;      // "" for a switch
  const char* def;      // the default, as the user would write it ("" = none)
  const char* help;
  bool repeatable = false;
};

// A bad command line; the CLI prints "mmsim <command>: <message>" and exits 2.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// "  --trials N        trials per test (default: 10000)" lines for --help, aligned.
std::string format_options(const std::vector<OptionDoc>& table);

// `--name value` → `--name=value` for the table's options that take a value, so that a
// value starting with '-' ("--seed -1") reaches the option's check instead of being taken
// for an option.
std::vector<std::string> join_option_values(const std::vector<std::string>& args,
                                            const std::vector<OptionDoc>& table);

// Parses `args` against `desc`/`pos` into `vm` with no guessing of abbreviated option names,
// after join_option_values(args, table). Throws boost::program_options::error.
void parse_command_line(const std::vector<std::string>& args, const std::vector<OptionDoc>& table,
                        const boost::program_options::options_description& desc,
                        const boost::program_options::positional_options_description& pos,
                        boost::program_options::variables_map& vm);

// A whole decimal number in [min, max], else UsageError("--<option> <text>: expected ...").
std::uint64_t parse_whole(const std::string& option, const std::string& text, std::uint64_t min,
                          std::uint64_t max = UINT64_MAX);

}  // namespace mmsim

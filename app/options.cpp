#include "app/options.h"

#include <fmt/format.h>

#include <algorithm>

namespace mmsim {

namespace {

// Words of `text` in lines of at most `width` columns, each after `indent` spaces but the first.
std::string wrap(const std::string& text, std::size_t indent, std::size_t width) {
  std::string out, line;
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t j = std::min(text.find(' ', i), text.size());
    const std::string word = text.substr(i, j - i);
    if (!line.empty() && indent + line.size() + 1 + word.size() > width) {
      out += line + "\n" + std::string(indent, ' ');
      line.clear();
    }
    line += (line.empty() ? "" : " ") + word;
    i = j + 1;
  }
  return out + line;
}

}  // namespace

std::string format_options(const std::vector<OptionDoc>& table) {
  std::vector<std::string> heads;
  std::size_t width = 0;
  for (const OptionDoc& o : table) {
    std::string h = std::string("--") + o.name;
    if (*o.arg) h += std::string(" ") + o.arg;
    width = std::max(width, h.size());
    heads.push_back(h);
  }
  std::string out;
  for (std::size_t i = 0; i < table.size(); ++i) {
    const OptionDoc& o = table[i];
    std::string text = o.help;
    if (o.repeatable) text += " (repeatable)";
    if (*o.def) text += std::string(" (default: ") + o.def + ")";
    out += fmt::format("  {:<{}}  {}\n", heads[i], width, wrap(text, width + 4, 88));
  }
  return out;
}

std::vector<std::string> join_option_values(const std::vector<std::string>& args,
                                            const std::vector<OptionDoc>& table) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < args.size(); ++i) {
    bool takes_value = false;
    for (const OptionDoc& o : table)
      takes_value = takes_value || (*o.arg && args[i] == std::string("--") + o.name);
    if (takes_value && i + 1 < args.size()) {
      out.push_back(args[i] + "=" + args[i + 1]);
      ++i;
    } else {
      out.push_back(args[i]);
    }
  }
  return out;
}

std::uint64_t parse_whole(const std::string& option, const std::string& text, std::uint64_t min,
                          std::uint64_t max) {
  const std::string expected =
      fmt::format("expected a whole number from {} to {}", min, max);
  auto fail = [&](const std::string& why) -> std::uint64_t {
    throw UsageError(fmt::format("--{} {}: {}", option, text.empty() ? "''" : text, why));
  };
  if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos)
    return fail(expected);
  std::uint64_t v = 0;
  for (const char c : text) {
    const auto d = static_cast<std::uint64_t>(c - '0');
    if (v > (UINT64_MAX - d) / 10) return fail("out of range (" + expected + ")");
    v = v * 10 + d;
  }
  if (v < min || v > max) return fail("out of range (" + expected + ")");
  return v;
}

void parse_command_line(const std::vector<std::string>& args, const std::vector<OptionDoc>& table,
                        const boost::program_options::options_description& desc,
                        const boost::program_options::positional_options_description& pos,
                        boost::program_options::variables_map& vm) {
  namespace po = boost::program_options;
  const int style = po::command_line_style::default_style & ~po::command_line_style::allow_guessing;
  po::store(po::command_line_parser(join_option_values(args, table))
                .options(desc)
                .positional(pos)
                .style(style)
                .run(),
            vm);
  po::notify(vm);
}

}  // namespace mmsim

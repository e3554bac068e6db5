// Every command the CLI docs show runs as written from the repository root: each line of a
// ```sh block in docs/cli.md and docs/json.md is run with the built binary and must exit 0.
// Paths under /tmp/ are moved to this test's own directory, so that runs from several
// worktrees at once do not share files.
#include <catch2/catch.hpp>

#include <sstream>

#include "tests/cli/cli_support.h"

namespace {

std::vector<std::string> doc_commands(const std::string& doc) {
  std::istringstream in(mmsim::cli_test::slurp(std::string(MMSIM_SOURCE_DIR) + "/" + doc));
  std::vector<std::string> out;
  bool in_sh = false;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("```", 0) == 0) {
      in_sh = !in_sh && line == "```sh";
      continue;
    }
    if (in_sh && !line.empty()) out.push_back(line);
  }
  return out;
}

std::vector<std::string> words(const std::string& line) {
  std::istringstream in(line);
  std::vector<std::string> out;
  for (std::string w; in >> w;) {
    if (w.rfind("/tmp/", 0) == 0) w = mmsim::cli_test::tmp_dir() + "/" + w.substr(5);
    out.push_back(w);
  }
  return out;
}

}  // namespace

TEST_CASE("the commands in docs/cli.md and docs/json.md run as written", "[cli]") {
  std::size_t ran = 0;
  for (const char* doc : {"docs/cli.md", "docs/json.md"}) {
    for (const std::string& line : doc_commands(doc)) {
      INFO(doc << ": " << line);
      std::vector<std::string> args = words(line);
      REQUIRE(args.front() == "mmsim");
      args.erase(args.begin());
      mmsim::cli_test::ProcOptions po;
      po.cwd = MMSIM_SOURCE_DIR;
      const auto p = mmsim::cli_test::run_binary(args, po);
      INFO(p.err);
      CHECK(p.status == 0);
      ++ran;
    }
  }
  CHECK(ran >= 12);
}

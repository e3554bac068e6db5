// Commands in the documentation run as written. Every line of a fenced code block in a user
// document (doc_files.h: README.md, docs/*.md, scenarios/**/README.md, models/**/README.md)
// that starts with `mmsim ` is run from the repository root with the built binary, and must
// exit 0, or N where the line says `# exits N`. A line ending in `\` continues on the next.
// Blocks whose info string is `text` or `synopsis` (usage lines, sample output) are not run.
#include <catch2/catch.hpp>
#include <stdlib.h>

#include <regex>
#include <sstream>

#include "tests/docs/doc_files.h"

namespace {

namespace fs = std::filesystem;

struct DocCommand {
  std::string where;  // file:line
  std::string text;
  int expect = 0;
};

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t\r") - b + 1);
}

std::vector<DocCommand> commands_in(const std::string& rel) {
  std::vector<DocCommand> out;
  std::istringstream in(mmsim::test::read_text(fs::path(MMSIM_SOURCE_DIR) / rel));
  bool fenced = false, runnable = false;
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    const std::string t = trim(line);
    if (t.rfind("```", 0) == 0) {
      fenced = !fenced;
      const std::string info = trim(t.substr(3));
      runnable = fenced && info != "text" && info != "synopsis";
      continue;
    }
    if (!runnable || t.rfind("mmsim ", 0) != 0) continue;
    DocCommand c{rel + ":" + std::to_string(n), t, 0};
    while (!c.text.empty() && c.text.back() == '\\' && std::getline(in, line)) {
      ++n;
      c.text.pop_back();
      c.text += " " + trim(line);
    }
    std::smatch m;
    if (std::regex_search(c.text, m, std::regex(R"(#\s*exits\s+(\d+))")))
      c.expect = std::stoi(m[1]);
    out.push_back(c);
  }
  return out;
}

// A scratch directory that looks like the repository root (a symlink to each top-level entry),
// so that the commands find scenarios/ as written while the files they write (--json out.json)
// land outside the repository.
class ScratchRoot {
 public:
  ScratchRoot() {
    std::string tmpl = (fs::temp_directory_path() / "mmsim-docs-XXXXXX").string();
    REQUIRE(mkdtemp(tmpl.data()) != nullptr);
    dir_ = tmpl;
    for (const auto& e : fs::directory_iterator(MMSIM_SOURCE_DIR))
      if (e.path().filename() != ".git") fs::create_directory_symlink(e.path(), dir_ / e.path().filename());
  }
  ~ScratchRoot() {
    std::error_code ec;
    fs::remove_all(dir_, ec);  // removes the links, never what they point to
  }
  const fs::path& path() const { return dir_; }

 private:
  fs::path dir_;
};

}  // namespace

TEST_CASE("every mmsim command in the documentation runs as written", "[docs]") {
  std::vector<DocCommand> all;
  for (const std::string& doc : mmsim::test::user_docs())
    for (const DocCommand& c : commands_in(doc)) all.push_back(c);
  // The user guide alone has more than this; fewer means the extraction broke.
  REQUIRE(all.size() >= 10);

  ScratchRoot root;
  const std::string binary = std::string("'") + MMSIM_BINARY + "'";
  for (const DocCommand& c : all) {
    const std::string cmd = binary + c.text.substr(5);  // "mmsim" -> the built binary
    const mmsim::test::Output o = mmsim::test::run_shell(cmd, root.path());
    INFO(c.where << ": " << c.text << "\n" << o.text.substr(0, 3000));
    CHECK(o.status == c.expect);
  }
}

TEST_CASE("command extraction: fences, continuations, '# exits N', skipped blocks", "[docs]") {
  const fs::path dir = fs::temp_directory_path() / "mmsim-docs-extract";
  fs::create_directories(dir);
  // commands_in() reads relative to the source root, so use a path from there to the file.
  const fs::path file = dir / "t.md";
  {
    std::ofstream f(file);
    f << "mmsim run outside.litmus\n"
         "```\nmmsim list archs\nmmsim run a.litmus \\\n  --trials 5   # exits 2\n```\n"
         "```text\nmmsim run FILE... [--arch A]\n```\n"
         "```sh\n  mmsim list params\n$ mmsim not-a-command\n```\n";
  }
  const auto cs = commands_in(fs::relative(file, MMSIM_SOURCE_DIR).string());
  REQUIRE(cs.size() == 3);
  CHECK(cs[0].text == "mmsim list archs");
  CHECK(cs[0].expect == 0);
  CHECK(cs[1].text == "mmsim run a.litmus  --trials 5   # exits 2");
  CHECK(cs[1].expect == 2);
  CHECK(cs[2].text == "mmsim list params");
  CHECK(cs[2].where.find(":11") != std::string::npos);
  fs::remove_all(dir);
}

// Helpers for the documentation tests: the files a user reads, and running the mmsim binary.
#pragma once
#include <sys/wait.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace mmsim::test {

inline std::string read_text(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// The documents a user of a clone reads, relative to the repository root, sorted:
// README.md, docs/*.md, scenarios/**/README.md and models/**/README.md.
inline std::vector<std::string> user_docs() {
  namespace fs = std::filesystem;
  const fs::path root = MMSIM_SOURCE_DIR;
  std::vector<std::string> out = {"README.md"};
  for (const auto& e : fs::directory_iterator(root / "docs"))
    if (e.path().extension() == ".md") out.push_back(fs::relative(e.path(), root).string());
  for (const char* dir : {"scenarios", "models"})
    for (const auto& e : fs::recursive_directory_iterator(root / dir))
      if (e.path().filename() == "README.md") out.push_back(fs::relative(e.path(), root).string());
  std::sort(out.begin(), out.end());
  return out;
}

struct Output {
  int status = -1;
  std::string text;  // stdout and stderr
};

// Runs `sh -c command` in `dir`, stdout and stderr together.
inline Output run_shell(const std::string& command, const std::filesystem::path& dir) {
  const std::filesystem::path script = dir / ".doc-command.sh";
  {
    std::ofstream s(script);
    s << "cd '" << dir.string() << "' || exit 125\n" << command << "\n";
  }
  const std::string cmd = "sh '" + script.string() + "' 2>&1";
  Output o;
  if (FILE* p = popen(cmd.c_str(), "r")) {
    char buf[4096];
    while (std::size_t n = fread(buf, 1, sizeof buf, p)) o.text.append(buf, n);
    const int st = pclose(p);
    o.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  }
  std::filesystem::remove(script);
  return o;
}

}  // namespace mmsim::test

// Writes a benchmark's JSON document to DIR/NAME (creating DIR) and says so; a file that cannot
// be written ends the run with status 3 instead of a "wrote" line for nothing.
#pragma once
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

#include <nlohmann/json.hpp>

namespace mmsim::bench {

// The command as run, for the result document.
inline std::string command_line(int argc, char** argv) {
  std::string s;
  for (int i = 0; i < argc; ++i) s += (i ? " " : "") + std::string(argv[i]);
  return s;
}

inline void write_result(const std::string& dir, const std::string& name,
                         const nlohmann::json& doc) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  const std::string path = dir + "/" + name;
  std::ofstream out(path);
  out << doc.dump(2) << "\n";
  if (ec || !out.flush()) {
    std::cerr << "cannot write " << path << "\n";
    std::_Exit(3);
  }
  std::cout << "wrote " << path << std::endl;
}

}  // namespace mmsim::bench

#pragma once
// ASCII case mapping for the parsers' identifiers and mnemonics (never locale-dependent:
// litmus files are ASCII, and a locale must not change what a file means).
#include <cctype>
#include <string>

namespace mmsim {

inline std::string ascii_upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

inline std::string ascii_lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace mmsim

// The words of a litmus info line (`Config=a=1 b=2`, `Affinity=P0:2 P1:1`), each with its
// position, and the `Pn:value` form that the thread-placing lines use.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "sim/scenario/litmus_test.h"

namespace mmsim {

struct InfoWord {
  std::string text;
  SourcePos pos;
};

std::vector<InfoWord> info_words(const InfoLine& line);

// "P<n>:<value>" → (n, value); BadInput at the word when malformed ("expected Pn:<what>") or
// when thread n does not exist.
std::pair<std::size_t, std::string> thread_word(const InfoWord& w, std::size_t threads,
                                                const std::string& what);

}  // namespace mmsim

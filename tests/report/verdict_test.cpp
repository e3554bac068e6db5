// The verdict table of DESIGN §6/§7 (report/verdict.h), every cell: each Result: word, model
// verdict or strict claim, against every combination of positive, negative, filtered and
// unfinished trials being zero or not.
#include <catch2/catch.hpp>

#include <string>

#include "report/verdict.h"

namespace {

using mmsim::Verdict;

struct Row {
  int p, n, f, u;  // 0 or 1: whether there are such trials
  // Never, Always, Sometimes (model verdict), Sometimes (strict claim), DEADLOCK
  const char* never;
  const char* always;
  const char* sometimes_model;
  const char* sometimes_strict;
  const char* deadlock;
};

// a = agrees, c = consistent, d = disagrees, u = unconfirmed.
const Row kTable[] = {
    {0, 0, 0, 0, "u", "u", "u", "u", "u"},  // no trials at all
    {0, 0, 0, 1, "u", "u", "u", "u", "a"},  // every trial unfinished
    {0, 0, 1, 0, "u", "u", "u", "u", "a"},  // every trial filtered: herd7's `Never 0 0`
    {0, 0, 1, 1, "u", "u", "u", "u", "a"},
    {0, 1, 0, 0, "a", "d", "c", "d", "d"},
    {0, 1, 0, 1, "u", "d", "u", "u", "d"},
    {0, 1, 1, 0, "a", "d", "c", "d", "d"},
    {0, 1, 1, 1, "u", "d", "u", "u", "d"},
    {1, 0, 0, 0, "d", "a", "c", "d", "d"},
    {1, 0, 0, 1, "d", "u", "u", "u", "d"},
    {1, 0, 1, 0, "d", "a", "c", "d", "d"},
    {1, 0, 1, 1, "d", "u", "u", "u", "d"},
    {1, 1, 0, 0, "d", "d", "a", "a", "d"},
    {1, 1, 0, 1, "d", "d", "a", "a", "d"},  // Sometimes seen: unfinished trials cannot undo it
    {1, 1, 1, 0, "d", "d", "a", "a", "d"},
    {1, 1, 1, 1, "d", "d", "a", "a", "d"},
};

Verdict letter(const char* l) {
  switch (l[0]) {
    case 'a': return Verdict::Agrees;
    case 'c': return Verdict::Consistent;
    case 'd': return Verdict::Disagrees;
    case 'u': return Verdict::Unconfirmed;
  }
  return Verdict::None;
}

mmsim::RunResult result(const Row& row, std::uint64_t scale) {
  mmsim::RunResult r;
  r.positive = row.p * scale;
  r.negative = row.n * scale;
  r.filtered = row.f * scale;
  r.unfinished = row.u * scale;
  r.trials = r.positive + r.negative + r.filtered + r.unfinished;
  return r;
}

}  // namespace

TEST_CASE("verdict table: every word against every kind of run", "[report][verdict]") {
  for (const std::uint64_t scale : {1u, 977u}) {
    for (const Row& row : kTable) {
      const mmsim::RunResult r = result(row, scale);
      INFO("P " << r.positive << " N " << r.negative << " F " << r.filtered << " U "
                << r.unfinished);
      for (const bool strict : {false, true}) {
        INFO((strict ? "strict claim" : "model verdict"));
        CHECK(mmsim::judge("Never", strict, r) == letter(row.never));
        CHECK(mmsim::judge("Always", strict, r) == letter(row.always));
        CHECK(mmsim::judge("DEADLOCK", strict, r) == letter(row.deadlock));
        CHECK(mmsim::judge("Sometimes", strict, r) ==
              letter(strict ? row.sometimes_strict : row.sometimes_model));
        CHECK(mmsim::judge("Maybe", strict, r) == Verdict::None);
        CHECK(mmsim::judge("Flag", strict, r) == Verdict::None);
      }
    }
  }
}

TEST_CASE("verdict words and what --check accepts", "[report][verdict]") {
  CHECK(std::string(mmsim::verdict_word(Verdict::Agrees)) == "agrees");
  CHECK(std::string(mmsim::verdict_word(Verdict::Consistent)) == "consistent");
  CHECK(std::string(mmsim::verdict_word(Verdict::Disagrees)) == "disagrees");
  CHECK(std::string(mmsim::verdict_word(Verdict::Unconfirmed)) == "unconfirmed");
  CHECK(mmsim::verdict_word(Verdict::None) == nullptr);
  CHECK(mmsim::check_passes(Verdict::None));
  CHECK(mmsim::check_passes(Verdict::Agrees));
  CHECK(mmsim::check_passes(Verdict::Consistent));
  CHECK_FALSE(mmsim::check_passes(Verdict::Disagrees));
  CHECK_FALSE(mmsim::check_passes(Verdict::Unconfirmed));
}

TEST_CASE("a claim's scope decides strictness", "[report][verdict]") {
  mmsim::RunResult never_seen;
  never_seen.negative = never_seen.trials = 10;
  mmsim::Claim model{{"Sometimes", false, "", {}}, ""};
  mmsim::Claim strict{{"Sometimes", false, "", {}}, "x86"};
  CHECK(mmsim::judge(model, never_seen) == Verdict::Consistent);
  CHECK(mmsim::judge(strict, never_seen) == Verdict::Disagrees);
  CHECK(mmsim::judge(std::nullopt, never_seen) == Verdict::None);
}

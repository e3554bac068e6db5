// What the front end refuses or warns about before a run: Result: words, info-line keys and
// placements, binary and oversized files (sim/scenario/info_words.h, litmus_parser.h).
#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "app/arch_registry.h"
#include "sim/scenario/info_words.h"
#include "sim/scenario/litmus_parser.h"
#include "tests/support/sim_support.h"

namespace {

using mmsim::BadInput;
using mmsim::LitmusTest;
using mmsim::parse_litmus;

const char* const kBody = "{}\nP0(int *x) { WRITE_ONCE(*x, 1); }\nP1(int *x) { }\nexists (x=1)\n";

std::string at(const mmsim::SourcePos& p) {
  return std::to_string(p.line) + ":" + std::to_string(p.column);
}

BadInput error_of(const std::string& text) {
  try {
    parse_litmus(text, "t.litmus");
  } catch (const BadInput& e) {
    return e;
  }
  FAIL("no BadInput for:\n" << text);
  throw;
}

}  // namespace

TEST_CASE("Result: words are checked and located", "[input]") {
  const BadInput e = error_of("C a\n(*\n * Result: Nevr\n *)\n" + std::string(kBody));
  CHECK(e.located().rfind("t.litmus:3:12: unknown verdict 'Nevr'", 0) == 0);
  CHECK(std::string(e.what()).find("expected Never, Sometimes or Always") != std::string::npos);
  CHECK(std::string(e.what()).find("did you mean Never?") != std::string::npos);
  CHECK(at(error_of("C a\n(* Result: *)\n" + std::string(kBody)).pos()) == "2:12");
  CHECK(at(error_of("C a\n(* Result(x86): sometimes *)\n" + std::string(kBody)).pos()) == "2:17");

  LitmusTest t = parse_litmus("C a\n(* Result: Never DATARACE *)\n" + std::string(kBody), "f");
  REQUIRE(t.result);
  CHECK((t.result->word == "Never" && t.result->datarace && at(t.result->pos) == "2:12"));
  CHECK(t.expected == std::optional<std::string>("Never"));
  t = parse_litmus("C a\n(* Result: Flag srcu-bad-nesting *)\n" + std::string(kBody), "f");
  CHECK((t.result->word == "Flag" && t.result->flag == "srcu-bad-nesting"));
  for (const char* w : {"Sometimes", "Always", "Maybe", "DEADLOCK"})
    CHECK(parse_litmus("C a\n(* Result: " + std::string(w) + " *)\n" + kBody, "f").result->word == w);
}

TEST_CASE("strict claims: Result(arch):, Result(*): and Result(all):", "[input]") {
  const LitmusTest t = parse_litmus(
      "C a\n(*\n * Result: Sometimes\n * Result(x86): Never\n * Result(all): Always\n *)\n" +
          std::string(kBody),
      "f");
  CHECK(t.strict_results.size() == 2);
  CHECK(t.strict_results.at("*").word == "Always");
  const auto x86 = mmsim::claim_for(t, "x86");
  REQUIRE(x86);
  CHECK((x86->strict() && x86->scope == "x86" && x86->expectation.word == "Never"));
  const auto other = mmsim::claim_for(t, "powerpc");
  CHECK((other->strict() && other->scope == "*" && other->expectation.word == "Always"));
  // `Result(*)` where `(*` cannot open a comment: a C comment.
  const LitmusTest c = parse_litmus("C a\n// Result(*): Never\n(* Result: Sometimes *)\n" +
                                        std::string(kBody), "f");
  CHECK(c.strict_results.at("*").word == "Never");
  CHECK(mmsim::claim_for(c, "x86")->scope == "*");
  // Without a strict claim, the model's verdict applies.
  const LitmusTest m = parse_litmus("C a\n(* Result: Sometimes *)\n" + std::string(kBody), "f");
  CHECK_FALSE(mmsim::claim_for(m, "x86")->strict());
  CHECK_FALSE(mmsim::claim_for(parse_litmus("C a\n" + std::string(kBody), "f"), "x86"));
  // Two claims for one arch contradict each other or repeat: bad input at the second.
  CHECK(at(error_of("C a\n(* Result(x86): Never\n Result(x86): Always *)\n" + std::string(kBody))
               .pos()) == "3:2");
  // Lowered for x86, the scenario's `expected` is the strict word that applies there.
  const auto ran = mmsim::test::run_text(
      "C a\n// Result(*): Never\n(* Result: Sometimes *)\n" + std::string(kBody), "x86", 1);
  CHECK(ran.scenario->test.expected == std::optional<std::string>("Never"));
  CHECK(ran.scenario->test.result->word == "Sometimes");
}

TEST_CASE("misspelt info keys warn with their position; herd7's keys do not", "[input]") {
  const LitmusTest t = parse_litmus(
      "C a\nConfg=cpus=2\nAfinity=P0:1\nmode=P1:kernel\nMn=P0:a\nCom=Rf Fr\nOrig=x\n"
      "Prefetch=0:x=F\nHash=abc\nCycle=Rf Fr\nRelax=\nSafe=Rfe\nGenerator=diy7\nModel=x\n"
      "Mxy=P0:a\n" +
          std::string(kBody),
      "f");
  REQUIRE(t.warnings.size() == 6);
  CHECK(at(t.warnings[0].pos) == "2:1");
  CHECK(t.warnings[0].message.find("'Confg='") != std::string::npos);
  CHECK(t.warnings[0].message.find("did you mean 'Config='") != std::string::npos);
  CHECK(t.warnings[1].message.find("'Affinity='") != std::string::npos);
  CHECK(t.warnings[2].message.find("'Mode='") != std::string::npos);
  CHECK(t.warnings[3].message.find("'Mm='") != std::string::npos);
  CHECK(t.warnings[4].message.find("'Model='") != std::string::npos);
  // Within two edits of Mm too (herd7's Com= is as near, and is never flagged).
  CHECK(t.warnings[5].message.find("did you mean 'Mm='") != std::string::npos);
  CHECK(parse_litmus("C a\nConfig=cpus=2\nAffinity=P0:1\nMm=P0:a\nMode=P1:kernel\n" +
                         std::string(kBody), "f")
            .warnings.empty());
}

TEST_CASE("a second Config= line or a thread placed twice is bad input", "[input]") {
  const BadInput two = error_of("C a\nConfig=cpus=2\nConfig=kernel.era=4.3\n" + std::string(kBody));
  CHECK(at(two.pos()) == "3:1");
  CHECK(std::string(two.what()).find("first is at line 2") != std::string::npos);
  CHECK(at(error_of("C a\nAffinity=P0:1 P1:0 P0:0\n" + std::string(kBody)).pos()) == "2:20");
  CHECK(at(error_of("C a\nAffinity=P0:1\nAffinity=P0:0\n" + std::string(kBody)).pos()) == "3:10");
  CHECK(at(error_of("C a\nMm=P1:a P1:b\n" + std::string(kBody)).pos()) == "2:9");
  CHECK_NOTHROW(parse_litmus("C a\nAffinity=P0:1\nAffinity=P1:0\n" + std::string(kBody), "f"));
}

TEST_CASE("binary, oversized and unreadable files", "[input]") {
  std::string text = "C a\n" + std::string(kBody);
  text.insert(text.find("WRITE"), 1, '\0');
  const BadInput nul = error_of(text);
  CHECK(at(nul.pos()) == "3:14");
  CHECK(std::string(nul.what()).find("NUL byte") != std::string::npos);

  const std::string big = "/tmp/mmsim-input-big-" + std::to_string(getpid()) + ".litmus";
  {
    std::ofstream f(big, std::ios::binary);
    f << "C big\n(* " << std::string(mmsim::kMaxLitmusBytes, 'x') << " *)\n" << kBody;
  }
  CHECK_THROWS_WITH(mmsim::parse_litmus_file(big), Catch::Contains("larger than 1 MiB"));
  std::remove(big.c_str());
  CHECK_THROWS_WITH(mmsim::parse_litmus_file("/nonexistent/x.litmus"),
                    "cannot read /nonexistent/x.litmus: No such file or directory");
  CHECK_THROWS_WITH(mmsim::parse_litmus_file("/tmp"), "cannot read /tmp: Is a directory");
}

TEST_CASE("the accepted litmus headers come from the arch registry", "[input]") {
  using V = std::vector<std::string>;
  // Each model's headers, then C.
  CHECK(mmsim::litmus_headers(mmsim::make_arch_registry()) == V{"X86", "X86_64", "AArch64", "PPC", "C", "LISA"});
  CHECK(mmsim::litmus_headers(mmsim::ArchRegistry{}) == V{"C", "LISA"});
}

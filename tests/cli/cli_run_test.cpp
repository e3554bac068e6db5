// `mmsim run` output contract (DESIGN §6, §7): the extra text lines after herd's, verdicts,
// unfinished trials, errors and warnings printed once, output paths checked before the first
// trial, the JSON document's shape, and replaying a state from the JSON.
#include <catch2/catch.hpp>

#include <cstdio>

#include <nlohmann/json.hpp>

#include "tests/cli/cli_support.h"

using mmsim::cli_test::cli;
using mmsim::cli_test::has;
using mmsim::cli_test::kSB;
using mmsim::cli_test::Out;
using mmsim::cli_test::spin_test;
using mmsim::cli_test::write_tmp;

namespace {


}  // namespace

TEST_CASE("text block: herd's lines first, then Timing, Params, Expected, Confidence", "[cli]") {
  std::string never = kSB;
  never.replace(never.find("Sometimes"), 9, "Never");
  const auto f = write_tmp("block.litmus", never);
  const Out r = cli({"run", f, "--trials", "300", "--set", "mem.jitter=3", "--set",
                     "cpu.window=8"});
  REQUIRE(r.status == 0);
  const std::string timing = "Timing " + std::string(has(r.out, "Timing explore") ? "explore" : "realistic");
  // herd7's lines in herd7's order, then mmsim's.
  std::size_t at = 0;
  for (const std::string& line :
       {std::string("Test SB Allowed\n"), std::string("States "), std::string("Witnesses\n"),
        std::string("Positive: "), std::string("Condition exists"),
        std::string("Observation SB Sometimes "), std::string("Time SB "), std::string("Arch x86 "),
        timing + "\n", std::string("Params cpu.window=8 mem.jitter=3\n"),
        std::string("Expected Never: disagrees\n")}) {
    const std::size_t next = r.out.find(line, at);
    INFO(line);
    REQUIRE(next != std::string::npos);
    at = next;
  }
  CHECK_FALSE(has(r.out, "Unfinished"));
  CHECK_FALSE(has(r.out, "Confidence"));  // the outcome was seen
  const Out plain = cli({"run", write_tmp("block2.litmus", kSB), "--trials", "50"});
  CHECK_FALSE(has(plain.out, "Params"));  // nothing differs from the defaults
  CHECK(has(plain.out, "Expected Sometimes: agrees\n"));
}

TEST_CASE("model verdict vs strict claim: consistent only for the model's Sometimes", "[cli]") {
  // SB+mfences: x86 never shows the outcome; a model that says Sometimes is consistent with
  // that, a claim that x86 shows it is not.
  const std::string body =
      "{ x=0; y=0; }\n P0 | P1 ;\n MOV [x],$1 | MOV [y],$1 ;\n MFENCE | MFENCE ;\n"
      " MOV EAX,[y] | MOV EAX,[x] ;\nexists (0:EAX=0 /\\ 1:EAX=0)\n";
  const auto model = write_tmp("mf-model.litmus", "X86 SBmf\n(* Result: Sometimes *)\n" + body);
  Out r = cli({"run", model, "--trials", "200", "--check"});
  CHECK(r.status == 0);
  CHECK(has(r.out, "Expected Sometimes: consistent\n"));
  CHECK(has(r.out, "Confidence: not observed in 200 trials"));
  const auto strict =
      write_tmp("mf-strict.litmus", "X86 SBmf\n(* Result: Never\n Result(x86): Sometimes *)\n" + body);
  r = cli({"run", strict, "--trials", "200", "--check", "--json", "-"});
  CHECK(r.status == 1);
  const auto res = nlohmann::json::parse(r.out)["results"][0];
  CHECK(res["expected"] == "Sometimes");
  CHECK(res["expected_scope"] == "x86");
  CHECK(res["verdict"] == "disagrees");
  const auto all = write_tmp("mf-all.litmus", "X86 SBmf\n// Result(*): Never\n" + body);
  r = cli({"run", all, "--trials", "200", "--check"});
  CHECK(r.status == 0);
  CHECK(has(r.out, "Expected(*) Never: agrees\n"));
}

TEST_CASE("Result: Nevr is bad input at the word", "[cli]") {
  const auto f = write_tmp("nevr.litmus", "C nevr\n(*\n * Result: Nevr\n *)\n{}\n"
                                          "P0(int *x) { WRITE_ONCE(*x, 1); }\nexists (x=1)\n");
  const Out r = cli({"run", f, "--trials", "10"});
  CHECK(r.status == 2);
  CHECK(r.err.rfind("mmsim: " + f + ":3:12: unknown verdict 'Nevr'", 0) == 0);
  CHECK(r.out.empty());
}

TEST_CASE("a spin-forever thread: Unfinished, no outcome; Never unconfirmed, DEADLOCK agrees",
          "[cli]") {
  const std::vector<std::string> opts = {"--trials", "4", "--set", "sim.cycle_limit=100000"};
  auto run = [&](const std::string& name, const std::string& result, bool check) {
    std::vector<std::string> args = {"run", write_tmp(name, spin_test(result))};
    args.insert(args.end(), opts.begin(), opts.end());
    if (check) args.push_back("--check");
    return cli(args);
  };
  Out r = run("spin-never.litmus", "Never", false);
  CHECK(r.status == 0);
  CHECK(has(r.out, "States 0\n"));
  CHECK(has(r.out, "Positive: 0 Negative: 0\n"));
  CHECK(has(r.out, "\nUnfinished 4\n"));
  CHECK(has(r.out, "Params sim.cycle_limit=100000\n"));
  CHECK(has(r.out, "Expected Never: unconfirmed\n"));
  CHECK_FALSE(has(r.out, "Confidence"));  // no finished trial to bound anything with
  CHECK(run("spin-never2.litmus", "Never", true).status == 1);
  r = run("spin-deadlock.litmus", "DEADLOCK", true);
  CHECK(r.status == 0);
  CHECK(has(r.out, "Expected DEADLOCK: agrees\n"));
  CHECK(run("spin-maybe.litmus", "Maybe", true).status == 0);
  const Out j = cli({"run", write_tmp("spin-j.litmus", spin_test("Never")), "--trials", "4",
                     "--set", "sim.cycle_limit=100000", "--json", "-"});
  const auto res = nlohmann::json::parse(j.out)["results"][0];
  CHECK(res["unfinished"] == 4);
  CHECK(res["states"].empty());
  CHECK(res["verdict"] == "unconfirmed");
}

TEST_CASE("errors are printed once, on stderr; warnings name file:line:col", "[cli]") {
  const auto bad = write_tmp("once-bad.litmus", "X86 t\n{ x=0; }\n P0 ;\n FOO [x],$1 ;\nexists (x=1)\n");
  const auto good = write_tmp("once-good.litmus", kSB);
  Out r = cli({"run", bad, good, "--trials", "20"});
  CHECK(r.status == 2);
  CHECK(r.err.rfind("mmsim: " + bad + ":4:2: ", 0) == 0);
  CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
  CHECK_FALSE(has(r.out, "Error"));
  CHECK_FALSE(has(r.out, "FOO"));
  CHECK(has(r.out, "Test SB Allowed"));
  const auto missing = std::string("/nonexistent/m.litmus");
  r = cli({"run", missing});
  CHECK(r.status == 2);
  CHECK(r.err == "mmsim: " + missing + ": cannot read " + missing + ": No such file or directory\n");

  std::string warned = kSB;
  warned.insert(warned.find("{"), "Confg=cpus=2\n");
  const auto w = write_tmp("warned.litmus", warned);
  r = cli({"run", w, "--trials", "10"});
  CHECK(r.status == 0);
  CHECK(r.err.rfind("mmsim: warning: " + w + ":3:1: info line 'Confg='", 0) == 0);
}

TEST_CASE("an unwritable --json path is refused before the first trial", "[cli]") {
  const auto f = write_tmp("unwritable.litmus", kSB);
  for (const std::string& path :
       {std::string("/nonexistent-dir/out.json"), std::string("/proc/mmsim.json"), std::string("/tmp")}) {
    const Out r = cli({"run", f, "--trials", "10", "--json", path});
    INFO(path);
    CHECK(r.status == 2);
    CHECK(r.out.empty());  // no text block: nothing ran
    CHECK(has(r.err, "mmsim run: cannot write --json " + path + ": "));
  }
}

TEST_CASE("binary input: a 2 MB file and a file with NUL bytes are bad input", "[cli]") {
  std::string blob(2 * 1024 * 1024, '\0');
  std::uint32_t x = 12345;
  for (char& c : blob) {
    x = x * 1103515245u + 12345u;
    c = static_cast<char>(x >> 24);
  }
  const auto big = write_tmp("blob.bin", blob);
  Out r = cli({"run", big});
  CHECK(r.status == 2);
  CHECK(has(r.err, "larger than 1 MiB"));
  const auto small = write_tmp("small.bin", blob.substr(0, 3000));
  r = cli({"run", small});
  CHECK(r.status == 2);
  CHECK(r.err.rfind("mmsim: " + small + ":", 0) == 0);
  std::remove(big.c_str());
  std::remove(small.c_str());
}

TEST_CASE("JSON document: every field of DESIGN §7, typed parameters", "[cli]") {
  const auto f = write_tmp("shape.litmus", kSB);
  const auto bad = write_tmp("shape-bad.litmus", "garbage");
  const Out r = cli({"run", f, bad, "--trials", "100", "--set", "cpu.window=8", "--json", "-"});
  CHECK(r.status == 2);
  const auto doc = nlohmann::ordered_json::parse(r.out);
  std::vector<std::string> top;
  for (const auto& [k, v] : doc.items()) top.push_back(k);
  CHECK(top == std::vector<std::string>{"tool", "version", "command", "results", "partial"});
  CHECK(doc["version"] == mmsim::mmsim_version());
  CHECK(doc["command"] == nlohmann::ordered_json::array({"mmsim", "run", f, bad, "--trials",
                                                         "100", "--set", "cpu.window=8", "--json",
                                                         "-"}));
  CHECK(doc["partial"] == false);
  const auto& res = doc["results"][0];
  std::vector<std::string> keys;
  for (const auto& [k, v] : res.items()) keys.push_back(k);
  CHECK(keys == std::vector<std::string>{
                    "test", "file", "arch", "trials", "seed", "timing", "params", "condition",
                    "states", "positive", "negative", "filtered", "unfinished", "observation",
                    "validated", "expected", "expected_scope", "verdict", "partial",
                    "requested_trials", "cycles", "stats", "warnings", "notices", "seconds"});
  const auto& params = res["params"];
  CHECK(params["cpu.window"] == 8);
  CHECK(params["cpus"].is_number_integer());
  CHECK(params["kernel.era"].is_string());
  CHECK(params["kernel.nohz_full"] == "");
  CHECK(res["timing"] == (params.contains("timing.mode") ? params["timing.mode"].get<std::string>()
                                                         : std::string("realistic")));
  CHECK(res["verdict"] == "agrees");
  CHECK(res["expected_scope"].is_null());
  const auto& st = res["states"][0];
  CHECK(st["state"].contains("0:EAX"));
  CHECK(st["count"].is_number_unsigned());
  const auto& err = doc["results"][1];
  CHECK(err.size() == 3);
  CHECK(err["test"].is_null());
  CHECK(err["file"] == bad);
  CHECK(err["error"]["kind"] == "parse");
  CHECK(err["error"]["line"] == 1);
  CHECK(err["error"]["column"].get<int>() >= 1);
}

TEST_CASE("replay: a state's seed and the params object reproduce it", "[cli]") {
  // A C test under non-default settings; every state must come back from its seed alone,
  // given every parameter as --set.
  const auto f = write_tmp("replay.litmus",
                           "C replay\n{}\n\nP0(int *x, int *y)\n{\n\tWRITE_ONCE(*x, 1);\n"
                           "\tint r0 = READ_ONCE(*y);\n}\n\nP1(int *x, int *y)\n{\n"
                           "\tWRITE_ONCE(*y, 1);\n\tint r1 = READ_ONCE(*x);\n}\n\n"
                           "exists (0:r0=0 /\\ 1:r1=0)\n");
  const Out r = cli({"run", f, "--trials", "400", "--seed", "99", "--set", "timing.mode=realistic",
                     "--set", "mem.jitter=21", "--set", "cpu.window=12", "--json", "-"});
  REQUIRE(r.status == 0);
  const auto res = nlohmann::json::parse(r.out)["results"][0];
  REQUIRE(res["states"].size() >= 2);
  for (const auto& st : res["states"]) {
    std::vector<std::string> args = {"run", f, "--trials", "1", "--seed",
                                     std::to_string(st["seed"].get<std::uint64_t>()), "--json", "-"};
    for (const auto& [name, value] : res["params"].items()) {
      args.push_back("--set");
      args.push_back(name + "=" + (value.is_string() ? value.get<std::string>() : value.dump()));
    }
    const Out one = cli(args);
    REQUIRE(one.status == 0);
    const auto again = nlohmann::json::parse(one.out)["results"][0];
    CHECK(again["params"] == res["params"]);
    REQUIRE(again["states"].size() == 1);
    CHECK(again["states"][0]["state"] == st["state"]);
  }
  // The same with --params reading the document back: result 1 is the C test's.
  const auto json = write_tmp("replay.json", "");
  REQUIRE(cli({"run", write_tmp("replay-sb.litmus", kSB), f, "--trials", "400", "--seed", "99",
               "--set", "timing.mode=realistic", "--set", "mem.jitter=21", "--json", json})
              .status == 0);
  const auto doc = nlohmann::json::parse(mmsim::cli_test::slurp(json));
  for (const auto& st : doc["results"][1]["states"]) {
    const Out one = cli({"run", f, "--trials", "1", "--seed",
                         std::to_string(st["seed"].get<std::uint64_t>()), "--params", json + "#1",
                         "--json", "-"});
    REQUIRE(one.status == 0);
    const auto again = nlohmann::json::parse(one.out)["results"][0];
    CHECK(again["params"] == doc["results"][1]["params"]);
    CHECK(again["states"][0]["state"] == st["state"]);
  }
  const Out bad_index = cli({"run", f, "--params", json + "#2"});
  CHECK(bad_index.status == 2);
  CHECK(bad_index.err.find("no result 2 with parameters (the document has 2 results") !=
        std::string::npos);
  CHECK(cli({"run", f, "--params", f}).status == 2);
}

// `mpirun -n 2 mmsim run ...` (issue #13): the ranks share each file's trials and rank 0
// writes exactly what one process writes; Ctrl-C under mpirun stops the ranks, leaves none
// behind and still writes the partial result. Runs when the build found MPI and mpiexec (it
// is an optional component); as root, Open MPI needs --allow-run-as-root.
#include <catch2/catch.hpp>

#ifdef MMSIM_TEST_MPIEXEC
#include <signal.h>

#include <nlohmann/json.hpp>

#include "tests/cli/cli_support.h"

using mmsim::cli_test::kSB;
using mmsim::cli_test::Proc;
using mmsim::cli_test::results_of;
using mmsim::cli_test::ProcOptions;
using mmsim::cli_test::run_binary;
using mmsim::cli_test::slurp;
using mmsim::cli_test::write_tmp;

namespace {

ProcOptions under_mpirun(int ranks) {
  ProcOptions po;
  po.launcher = {MMSIM_TEST_MPIEXEC, "--allow-run-as-root", "--oversubscribe", "-n",
                 std::to_string(ranks)};
  return po;
}

}  // namespace

TEST_CASE("mpirun -n 2 gives what one process gives", "[cli]") {
  const std::string root = MMSIM_SOURCE_DIR;
  const auto sb = write_tmp("mpi-sb.litmus", kSB);
  const std::vector<std::string> files = {
      sb, root + "/scenarios/membarrier/R4-private_expedited-C2-nohz_full-4.14.litmus"};
  const auto one = write_tmp("mpi-one.json", "");
  const auto two = write_tmp("mpi-two.json", "");
  std::vector<std::string> args = {"run"};
  args.insert(args.end(), files.begin(), files.end());
  args.insert(args.end(), {"--trials", "1001", "--seed", "9", "--quiet", "--json"});
  auto a = args;
  a.insert(a.end(), {one, "--jobs", "1"});
  REQUIRE(run_binary(a, {}).status == 0);
  auto b = args;
  b.push_back(two);
  const Proc p = run_binary(b, under_mpirun(2));
  INFO(p.err);
  REQUIRE(p.status == 0);
  CHECK_FALSE(p.group_left);
  CHECK(results_of(two) == results_of(one));
  // Rank 0 alone prints: one block per file.
  std::size_t blocks = 0;
  for (std::size_t at = 0; (at = p.out.find("\nStates ", at)) != std::string::npos; ++at) ++blocks;
  CHECK(blocks == files.size());
}

TEST_CASE("mpirun: a JSON path rank 0 cannot write stops every rank", "[cli]") {
  // Only rank 0 opens it; had the others gone on alone they would wait for rank 0 forever.
  const auto f = write_tmp("mpi-bad.litmus", kSB);
  const Proc p = run_binary({"run", f, "--trials", "100", "--json", "/nonexistent-dir/x.json"},
                            under_mpirun(2));
  CHECK(p.status != 0);
  CHECK(p.err.find("cannot write --json") != std::string::npos);
  CHECK_FALSE(p.group_left);
}

TEST_CASE("Ctrl-C under mpirun: the ranks stop, none is left, the result is partial", "[cli]") {
  const auto f = write_tmp("mpi-int.litmus", kSB);
  const auto json = write_tmp("mpi-int.json", "");
  ProcOptions po = under_mpirun(2);
  po.signal = SIGINT;
  po.delay = std::chrono::milliseconds(1500);
  const auto t0 = std::chrono::steady_clock::now();
  const Proc p = run_binary({"run", f, "--trials", "100000000", "--json", json}, po);
  CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(8));
  CHECK(p.status != 0);
  CHECK_FALSE(p.group_left);
  const auto doc = nlohmann::json::parse(slurp(json));
  CHECK(doc["partial"] == true);
  const auto& res = doc["results"][0];
  const auto done = res["trials"].get<std::uint64_t>();
  CHECK(done > 0);
  CHECK(done < 100000000);
  CHECK(res["positive"].get<std::uint64_t>() + res["negative"].get<std::uint64_t>() == done);
}

#endif

// The repository is self-contained for its users: no document a user reads points at files
// outside it (the design notes beside the development checkout are not part of a clone).
#include <catch2/catch.hpp>

#include <sstream>

#include "tests/docs/doc_files.h"

TEST_CASE("user documents point nowhere outside the repository", "[docs]") {
  const auto docs = mmsim::test::user_docs();
  REQUIRE(docs.size() >= 5);
  for (const std::string& doc : docs) {
    std::istringstream in(mmsim::test::read_text(std::filesystem::path(MMSIM_SOURCE_DIR) / doc));
    std::string line;
    for (int n = 1; std::getline(in, line); ++n)
      for (const char* outside : {"../shared", "DESIGN.md", "KERNEL.md"})
        if (line.find(outside) != std::string::npos)
          FAIL_CHECK(doc << ":" << n << " points outside the repository (" << outside
                         << "): " << line);
  }
}

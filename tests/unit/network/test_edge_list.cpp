// Tests of reading SNAP-style edge lists: the ego-Facebook network's known statistics, and the
// one-line `path:LINE: message` of each kind of error.
#include <chrono>
#include <filesystem>
#include <string>

#include <catch2/catch.hpp>

#include "../../support/temp_dir.hpp"
#include "snsim/network/edge_list.hpp"
#include "snsim/network/graph_stats.hpp"

using namespace snsim;
using snsim::test_support::TempDir;

namespace {

const std::string kFacebook = SNSIM_SOURCE_DIR "/data/facebook_combined.txt";

/// Returns the message read_edge_list throws for the file (empty if it does not throw).
std::string error_of(const std::string& path, std::uint32_t n) {
  try {
    read_edge_list(path, n, 0.3f);
  } catch (const EdgeListError& e) {
    return e.what();
  }
  return {};
}

}  // namespace

TEST_CASE("ego-Facebook edge list has its published statistics", "[network][edge_list]") {
  const auto start = std::chrono::steady_clock::now();
  const SocialGraph g = read_edge_list(kFacebook, 4039, 0.3f);
  const double read_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const GraphStats s = compute_graph_stats(g);
  CAPTURE(read_seconds, format_graph_stats(s));
  CHECK(edge_list_node_count(kFacebook) == 4039);
  CHECK(s.nodes == 4039);
  CHECK(s.ties == 88234);
  CHECK(s.triangles == 1612010);
  CHECK(s.mean_clustering == Approx(0.605547).margin(1e-4));  // networkx average_clustering
  CHECK(s.transitivity == Approx(0.519174).margin(1e-6));     // networkx transitivity
  CHECK(s.mean_degree == Approx(43.691).margin(1e-3));
  CHECK(s.max_degree == 1045);
  CHECK(s.components == 1);
  CHECK(s.largest_component == 4039);
  // A guard against a pathological (say quadratic) reader, not a benchmark: milliseconds in an
  // optimised build, 0.2 to 0.8 s under ASan/UBSan depending on the load of a shared machine.
  CHECK(read_seconds < 5.0);
}

TEST_CASE("edge list skips comments and blanks, accepts tabs, CRLF and weights up to 1",
          "[network][edge_list]") {
  TempDir dir;
  const std::string path = dir.write(
      "ok.txt", "# a comment\n% another\n\n0\t1\r\n  1 2 0.75\n2 3 17\n3 0 1e9\n3 3\n1 0\n");
  const SocialGraph g = read_edge_list(path, 5, 0.3f);
  CHECK(g.num_ties() == 4);
  CHECK(g.degree(4) == 0);
  CHECK(g.strengths(1)[1] == 0.75f);  // tie 1-2
  CHECK(g.strengths(2)[0] == 0.75f);
  CHECK(g.strengths(2)[1] == 0.3f);  // weight 17 is no strength: default
  CHECK(g.strengths(0)[0] == 0.3f);
  CHECK(edge_list_node_count(path) == 4);
}

TEST_CASE("edge list errors name the file and line in one line", "[network][edge_list]") {
  TempDir dir;
  SECTION("a line without two integer ids") {
    const std::string path = dir.write("bad_ids.txt", "0 1\n# c\n\na b\n");
    CHECK(error_of(path, 10) == path + ":4: expected two non-negative integer node ids, got 'a b'");
    CHECK_THROWS_WITH(edge_list_node_count(path), Catch::Contains(path + ":4: expected two"));
  }
  SECTION("a negative id or a single id") {
    const std::string path = dir.write("neg.txt", "0 1\n-1 2\n");
    CHECK(error_of(path, 10) ==
          path + ":2: expected two non-negative integer node ids, got '-1 2'");
    const std::string single = dir.write("single.txt", "0 1\n 7 \n");
    CHECK(error_of(single, 10) ==
          single + ":2: expected two non-negative integer node ids, got '7'");
  }
  SECTION("a node outside the population") {
    const std::string path = dir.write("outside.txt", "# header\n0 1\n1 5000\n");
    CHECK(error_of(path, 4039) == path + ":3: node 5000 is outside the population (size 4039)");
  }
  SECTION("a weight that is not a number") {
    const std::string path = dir.write("weight.txt", "0 1 0.5\n1 2 heavy\n");
    CHECK(error_of(path, 10) ==
          path + ":2: expected a numeric weight in the third column, got 'heavy'");
  }
  SECTION("a fourth column (refused: it would otherwise be ignored silently)") {
    const std::string path = dir.write("four.txt", "0 1 0.5\n1 2 0.5 1700000000\n");
    CHECK(error_of(path, 10) ==
          path + ":2: expected at most three columns `u v [weight]`, got '1 2 0.5 1700000000'");
  }
  SECTION("a missing file") {
    const std::string path = "/nonexistent/snsim/edges.txt";
    CHECK(error_of(path, 10) == path + ": cannot open: No such file or directory");
  }
  SECTION("a device or a folder, refused without reading") {
    CHECK(error_of("/dev/zero", 10) == "/dev/zero: a character device, not a regular file");
    CHECK(error_of("/tmp", 10) == "/tmp: a folder, not a file");
  }
  SECTION("a file with no ties") {
    const std::string path = dir.write("empty.txt", "# only a comment\n\n");
    CHECK(error_of(path, 10) == path + ": no ties found (file has no `u v` lines)");
    const std::string zero = dir.write("zero.txt", "");
    CHECK(error_of(zero, 10) == zero + ": no ties found (file has no `u v` lines)");
  }
}

TEST_CASE("edge list errors are EdgeListError, a std::runtime_error", "[network][edge_list]") {
  CHECK_THROWS_AS(read_edge_list("/nonexistent/x", 3, 0.3f), std::runtime_error);
}

#include "snsim/io/results_writer.hpp"

#include <hdf5.h>
#include <hdf5_hl.h>
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "results_test_data.hpp"
#include "snsim/io/results_reader.hpp"

namespace fs = std::filesystem;
using namespace snsim;
using snsim::test::sample_attributes;
using snsim::test::sample_run;
using snsim::test::ScratchFolder;

namespace {

std::string file_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void write_file(const std::string& path, const std::vector<RunRecord>& runs) {
  ResultsWriter writer(path, sample_attributes());
  for (const RunRecord& run : runs) writer.write_run(run);
  writer.commit();
}

}  // namespace

TEST_CASE("results file is absent under its final name until commit", "[io][results]") {
  ScratchFolder folder;
  const std::string path = folder.file("out.h5");
  ResultsWriter writer(path, sample_attributes());
  CHECK(writer.partial_path() == path + ".partial");
  CHECK(fs::exists(path + ".partial"));
  writer.write_run(sample_run(0, 4, {"Acme"}));
  CHECK_FALSE(fs::exists(path));
  writer.commit();
  CHECK(fs::exists(path));
  CHECK_FALSE(fs::exists(path + ".partial"));
  CHECK(read_results(path).runs.size() == 1);
}

TEST_CASE("a writer destroyed without commit removes its partial file", "[io][results]") {
  ScratchFolder folder;
  const std::string path = folder.file("out.h5");
  {
    ResultsWriter writer(path, sample_attributes());
    writer.write_run(sample_run(0, 4, {"Acme"}));
    CHECK(fs::exists(path + ".partial"));
  }
  CHECK_FALSE(fs::exists(path + ".partial"));
  CHECK_FALSE(fs::exists(path));
}

TEST_CASE("an existing results file is refused without overwrite and kept intact",
          "[io][results]") {
  ScratchFolder folder;
  const std::string path = folder.file("out.h5");
  write_file(path, {sample_run(0, 3, {"Acme"})});
  const std::string before = file_text(path);

  CHECK_THROWS_WITH(ResultsWriter(path, sample_attributes()),
                    Catch::Contains(path) && Catch::Contains("already exists"));
  CHECK(file_text(path) == before);

  SECTION("with overwrite, the old file stays until commit replaces it") {
    ResultsWriter writer(path, sample_attributes(), /*overwrite=*/true);
    writer.write_run(sample_run(5, 2, {"A", "B"}));
    CHECK(file_text(path) == before);
    writer.commit();
    const ResultsFile results = read_results(path);
    REQUIRE(results.runs.size() == 1);
    CHECK(results.runs[0].index == 5);
  }
  SECTION("with overwrite but no commit, the old file is untouched") {
    { ResultsWriter writer(path, sample_attributes(), /*overwrite=*/true); }
    CHECK(file_text(path) == before);
    CHECK_FALSE(fs::exists(path + ".partial"));
  }
}

TEST_CASE("a missing folder is reported with the path and the reason", "[io][results]") {
  ScratchFolder folder;
  const std::string path = folder.file("no/such/folder/out.h5");
  CHECK_THROWS_AS(ResultsWriter(path, sample_attributes()), ResultsError);
  CHECK_THROWS_WITH(ResultsWriter(path, sample_attributes()),
                    Catch::Contains(path) && Catch::Contains("No such file or directory"));
}

TEST_CASE("a folder that is not writable is reported", "[io][results]") {
  if (geteuid() == 0) return;  // root writes anywhere
  ScratchFolder folder;
  const std::string locked = folder.file("locked");
  fs::create_directory(locked);
  chmod(locked.c_str(), 0500);
  CHECK_THROWS_WITH(ResultsWriter(locked + "/out.h5", sample_attributes()),
                    Catch::Contains(locked) && Catch::Contains("Permission denied"));
  chmod(locked.c_str(), 0700);
}

TEST_CASE("every dataset is chunked, compressed, shuffled and Fletcher32-checked",
          "[io][results]") {
  ScratchFolder folder;
  const std::string path = folder.file("out.h5");
  write_file(path, {sample_run(0, 1500, {"Acme", "Bolt"})});

  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  REQUIRE(file >= 0);
  for (const char* name : {"runs/000000/reach", "runs/000000/posts", "runs/000000/step",
                           "runs/000000/brand", "runs/000000/visits_true/post"}) {
    INFO(name);
    const hid_t dataset = H5Dopen2(file, name, H5P_DEFAULT);
    REQUIRE(dataset >= 0);
    const hid_t dcpl = H5Dget_create_plist(dataset);
    CHECK(H5Pget_layout(dcpl) == H5D_CHUNKED);
    std::vector<H5Z_filter_t> filters;
    for (int i = 0; i < H5Pget_nfilters(dcpl); ++i) {
      unsigned flags = 0;
      std::size_t n_values = 0;
      unsigned config = 0;
      filters.push_back(H5Pget_filter2(dcpl, static_cast<unsigned>(i), &flags, &n_values, nullptr,
                                       0, nullptr, &config));
    }
    CHECK(filters ==
          std::vector<H5Z_filter_t>{H5Z_FILTER_SHUFFLE, H5Z_FILTER_DEFLATE, H5Z_FILTER_FLETCHER32});
    if (std::string(name) == "runs/000000/reach") {
      hsize_t chunk[2] = {0, 0};
      CHECK(H5Pget_chunk(dcpl, 2, chunk) == 2);
      CHECK(chunk[0] == 1024);
      CHECK(chunk[1] == 2);
    }
    H5Pclose(dcpl);
    H5Dclose(dataset);
  }
  H5Fclose(file);
}

TEST_CASE("metric datasets have the step and brand scales attached", "[io][results]") {
  ScratchFolder folder;
  const std::string path = folder.file("out.h5");
  write_file(path, {sample_run(0, 4, {"Acme", "Bolt"})});

  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  REQUIRE(file >= 0);
  const hid_t step = H5Dopen2(file, "runs/000000/step", H5P_DEFAULT);
  const hid_t brand = H5Dopen2(file, "runs/000000/brand", H5P_DEFAULT);
  CHECK(H5DSis_scale(step) > 0);
  CHECK(H5DSis_scale(brand) > 0);
  for (const char* name : {"runs/000000/reach", "runs/000000/visits_measured/last_touch/post"}) {
    INFO(name);
    const hid_t dataset = H5Dopen2(file, name, H5P_DEFAULT);
    CHECK(H5DSis_attached(dataset, step, 0) > 0);
    CHECK(H5DSis_attached(dataset, brand, 1) > 0);
    H5Dclose(dataset);
  }
  const hid_t posts = H5Dopen2(file, "runs/000000/posts", H5P_DEFAULT);
  CHECK(H5DSis_attached(posts, step, 0) > 0);
  H5Dclose(posts);
  H5Dclose(brand);
  H5Dclose(step);
  H5Fclose(file);
}

TEST_CASE("bad runs are refused with a clear message", "[io][results]") {
  ScratchFolder folder;
  ResultsWriter writer(folder.file("out.h5"), sample_attributes());
  writer.write_run(sample_run(0, 4, {"Acme"}));
  CHECK_THROWS_WITH(writer.write_run(sample_run(0, 4, {"Acme"})),
                    Catch::Contains("/runs/000000") && Catch::Contains("written twice"));
  RunRecord short_run = sample_run(1, 4, {"Acme"});
  short_run.series.metrics[0].values.pop_back();
  CHECK_THROWS_WITH(writer.write_run(short_run),
                    Catch::Contains("'reach'") && Catch::Contains("expected 4"));
  RunRecord clash = sample_run(2, 4, {"Acme"});
  clash.series.metrics[0].name = "step";
  CHECK_THROWS_WITH(writer.write_run(clash), Catch::Contains("metric named 'step'"));
  CHECK_THROWS_WITH(writer.commit(), Catch::Contains("a run failed to be written"));
}

// Hidden: writes the file the Python format test reads (tests/python/test_results_format.py).
// Run as: SNSIM_RESULTS=/tmp/sample.h5 snsim_tests "[fixture]"
TEST_CASE("write a sample results file for the Python format test", "[.][fixture]") {
  const char* path = std::getenv("SNSIM_RESULTS");
  REQUIRE(path != nullptr);
  ResultsWriter writer(path, sample_attributes(), /*overwrite=*/true);
  writer.write_run(sample_run(0, 30, {"Acme", "Bolt", "Ünïcode brand"}));
  writer.write_run(sample_run(1, 2000, {"Acme", "Bolt", "Ünïcode brand"}));
  writer.write_run(sample_run(2, 10, {}));
  writer.commit();
}

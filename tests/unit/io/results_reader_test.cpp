#include "snsim/io/results_reader.hpp"

#include <hdf5.h>
#include <hdf5_hl.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "../../support/run_record_checks.hpp"
#include "results_test_data.hpp"
#include "snsim/io/results_writer.hpp"
#include "snsim/sweep/run_store.hpp"

namespace fs = std::filesystem;
using namespace snsim;
using snsim::test::sample_attributes;
using snsim::test::sample_run;
using snsim::test::ScratchFolder;
using snsim::test_support::check_same_run;

namespace {

void write_file(const std::string& path, const std::vector<RunRecord>& runs,
                const ResultsAttributes& attributes = sample_attributes()) {
  ResultsWriter writer(path, attributes);
  for (const RunRecord& run : runs) writer.write_run(run);
  writer.commit();
}

/// Flips bytes in the middle of the first chunk of dataset name in the file at path.
void damage_first_chunk(const std::string& path, const char* name) {
  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  REQUIRE(file >= 0);
  const hid_t dataset = H5Dopen2(file, name, H5P_DEFAULT);
  const hid_t space = H5Dget_space(dataset);
  hsize_t offset[2] = {0, 0};
  unsigned filter_mask = 0;
  haddr_t address = 0;
  hsize_t size = 0;
  REQUIRE(H5Dget_chunk_info(dataset, space, 0, offset, &filter_mask, &address, &size) >= 0);
  H5Sclose(space);
  H5Dclose(dataset);
  H5Fclose(file);
  REQUIRE(size > 8);
  std::fstream bytes(path, std::ios::in | std::ios::out | std::ios::binary);
  for (hsize_t i = size / 2; i < size / 2 + 4; ++i) {
    bytes.seekg(static_cast<std::streamoff>(address + i));
    const int byte = bytes.get();
    bytes.seekp(static_cast<std::streamoff>(address + i));
    bytes.put(static_cast<char>(byte ^ 0x5A));
  }
}

}  // namespace

TEST_CASE("results round trip exactly", "[io][results]") {
  ScratchFolder folder;
  const std::string path = folder.file("out.h5");
  const std::vector<RunRecord> runs = {sample_run(0, 12, {"Acme", "Bolt", "Ünïcode brand"}),
                                       sample_run(1, 1100, {"Acme", "Bolt", "Ünïcode brand"}),
                                       sample_run(7, 3, {})};
  write_file(path, runs);

  const ResultsFile results = read_results(path);
  const ResultsAttributes expected = sample_attributes();
  CHECK(results.attributes.format == "snsim-results");
  CHECK(results.attributes.format_version == kResultsFormatVersion);
  CHECK(results.attributes.snsim_version == expected.snsim_version);
  CHECK(results.attributes.scenario_yaml == expected.scenario_yaml);
  CHECK(results.attributes.command_line == expected.command_line);
  CHECK(results.attributes.created == expected.created);
  REQUIRE(results.runs.size() == runs.size());
  for (std::size_t i = 0; i < runs.size(); ++i) check_same_run(results.runs[i], runs[i], true);

  SECTION("the summary has everything but the values") {
    const ResultsFile summary = read_results_summary(path);
    REQUIRE(summary.runs.size() == runs.size());
    for (std::size_t i = 0; i < runs.size(); ++i) check_same_run(summary.runs[i], runs[i], false);
  }
}

TEST_CASE("a run with no brands and no steps round trips", "[io][results]") {
  ScratchFolder folder;
  const std::string path = folder.file("out.h5");
  RunRecord empty = sample_run(0, 0, {});
  write_file(path, {empty, sample_run(1, 5, {})});
  const ResultsFile results = read_results(path);
  REQUIRE(results.runs.size() == 2);
  check_same_run(results.runs[0], empty, true);
}

TEST_CASE("a file that is not HDF5 is reported as such", "[io][results]") {
  ScratchFolder folder;
  const std::string path = folder.file("notes.h5");
  std::ofstream(path) << "steps,reach\n0,1\n";
  CHECK_THROWS_AS(read_results(path), ResultsError);
  CHECK_THROWS_WITH(read_results(path), path + " is not an HDF5 file");
  CHECK_THROWS_WITH(read_results(folder.file("absent.h5")),
                    Catch::Contains("absent.h5") && Catch::Contains("no such file"));
}

TEST_CASE("an HDF5 file that is not snsim's is reported as such", "[io][results]") {
  ScratchFolder folder;
  const std::string path = folder.file("other.h5");
  // An empty file in the format snsim writes (HDF5 1.8, superblock 2), and one in HDF5's default
  // format (superblock 0, no metadata checksums), which the reader refuses as well.
  const hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
  H5Pset_libver_bounds(fapl, H5F_LIBVER_V18, H5F_LIBVER_LATEST);
  const hid_t file = H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, fapl);
  REQUIRE(file >= 0);
  H5Fclose(file);
  H5Pclose(fapl);
  CHECK_THROWS_WITH(read_results(path),
                    path +
                        " is an HDF5 file but not an snsim results file (no 'format' "
                        "attribute)");
  const std::string old_format = folder.file("old_format.h5");
  const hid_t old_file = H5Fcreate(old_format.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  REQUIRE(old_file >= 0);
  H5Fclose(old_file);
  CHECK_THROWS_WITH(read_results(old_format), Catch::Contains("not an snsim results file (HDF5 "
                                                              "superblock 0"));
  ResultsAttributes other = sample_attributes();
  other.format = "netcdf-thing";
  write_file(folder.file("other2.h5"), {}, other);
  CHECK_THROWS_WITH(read_results(folder.file("other2.h5")),
                    Catch::EndsWith("not an snsim results file (format 'netcdf-thing')"));
}

TEST_CASE("a file from a newer format version is refused", "[io][results]") {
  ScratchFolder folder;
  const std::string path = folder.file("future.h5");
  ResultsAttributes future = sample_attributes();
  future.format_version = 3;
  write_file(path, {sample_run(0, 2, {"Acme"})}, future);
  CHECK_THROWS_WITH(read_results(path), path +
                                            " was written by a newer snsim (format 3, this "
                                            "build reads up to 1)");
}

TEST_CASE("a damaged chunk is detected by its Fletcher32 checksum", "[io][results]") {
  ScratchFolder folder;
  const std::string path = folder.file("good.h5");
  write_file(path, {sample_run(0, 200, {"Acme", "Bolt"})});
  const std::string damaged = folder.file("damaged.h5");
  fs::copy_file(path, damaged);
  damage_first_chunk(damaged, "runs/000000/revenue");

  CHECK_NOTHROW(read_results(path));
  CHECK_NOTHROW(read_results_summary(damaged));  // values are not read
  CHECK_THROWS_WITH(read_results(damaged),
                    "cannot read dataset " + damaged +
                        ": /runs/000000/revenue: data error "
                        "detected by Fletcher32 checksum (the file is damaged)");
}

TEST_CASE("info text lists runs, metrics and the scenario", "[io][results]") {
  ScratchFolder folder;
  const std::string path = folder.file("out.h5");
  write_file(path, {sample_run(0, 12, {"Acme", "Bolt"}), sample_run(1, 12, {})});
  const std::string text = format_results_info(read_results_summary(path));
  CHECK_THAT(text, Catch::Contains("format:        snsim-results version 1"));
  CHECK_THAT(text, Catch::Contains("runs:          2"));
  CHECK_THAT(text, Catch::Contains("run 0: seed 16045690984503111693, replicate 0, complete, "
                                   "1.250 s"));
  CHECK_THAT(text, Catch::Contains("parameter population.size = 1000"));
  CHECK_THAT(text, Catch::Contains("brands: 2 (Acme, Bolt)"));
  CHECK_THAT(text, Catch::Contains("reach                            [12, 2]  agents"));
  CHECK_THAT(text, Catch::Contains("posts                            [12]     posts"));
  CHECK_THAT(text, Catch::Contains("scenario:\n  # tiny scenario\n  time:\n    steps: 5\n"));
}

TEST_CASE("a truncated file is reported as damaged", "[io][results]") {
  ScratchFolder folder;
  const std::string path = folder.file("cut.h5");
  write_file(path, {sample_run(0, 200, {"Acme", "Bolt"})});
  fs::resize_file(path, fs::file_size(path) / 2);
  CHECK_THROWS_WITH(read_results(path), Catch::StartsWith("cannot open results file " + path +
                                                          " (truncated or damaged?): "));
}

// Damaged files found by fuzz/results_fuzz (fuzz/README.md). libhdf5 1.10.8 alone hangs on the
// first (h5py too) and reads past a buffer on the second; the reader refuses both with one line.
TEST_CASE("read_results refuses a global heap that would make libhdf5 loop forever", "[io]") {
  const std::string path = SNSIM_SOURCE_DIR "/tests/bad_results/global_heap_endless_loop.h5";
  CHECK_THROWS_WITH(read_results_summary(path),
                    Catch::Contains("global heap free-space object of length 0"));
  CHECK_THROWS_AS(read_results(path), ResultsError);
}

TEST_CASE("read_results refuses HDF5 files whose metadata carries no checksums", "[io]") {
  // A 1.6-format file (superblock 0) whose damaged attribute message made H5Aread overflow.
  const std::string path = SNSIM_SOURCE_DIR "/tests/bad_results/superblock0_attribute_overflow.h5";
  CHECK_THROWS_WITH(read_results_summary(path),
                    path +
                        " is an HDF5 file but not an snsim results file (HDF5 superblock 0, "
                        "without metadata checksums; snsim writes version 2 or later)");
  CHECK_THROWS_AS(read_results(path), ResultsError);
}

TEST_CASE("a sweep's resume and merge skip damaged part files instead of hanging", "[io]") {
  ScratchFolder folder;
  for (const char* name : {"global_heap_endless_loop", "superblock0_attribute_overflow"}) {
    const std::string part = folder.file(std::string("part_000000_") + name + ".h5");
    fs::copy_file(SNSIM_SOURCE_DIR "/tests/bad_results/" + std::string(name) + ".h5", part);
    CHECK(sweep_hash_of_results(part).empty());
  }
  const std::vector<std::string> done = find_done_runs(folder.file(""), 2, "0000000000000000");
  CHECK(done == std::vector<std::string>{"", ""});
}

namespace {

/// Returns how many datasets a dimension scale lists in its REFERENCE_LIST (0 if none).
hssize_t reference_count(hid_t scale) {
  if (H5Aexists(scale, "REFERENCE_LIST") <= 0) return 0;
  const hid_t attribute = H5Aopen(scale, "REFERENCE_LIST", H5P_DEFAULT);
  const hid_t space = H5Aget_space(attribute);
  const hssize_t count = H5Sget_simple_extent_npoints(space);
  H5Sclose(space);
  H5Aclose(attribute);
  return count;
}

}  // namespace

TEST_CASE("a merged sweep's runs have their own step and brand scales attached", "[io][sweep]") {
  ScratchFolder folder;
  const std::string runs_folder = folder.file("out.h5.runs");
  fs::create_directories(runs_folder);
  const std::string hash = "0123456789abcdef";
  std::ofstream(runs_folder + "/sweep.txt") << "snsim-sweep 1\nhash " << hash << "\nruns 3\n"
                                            << sample_attributes().scenario_yaml;
  // Two parts, as two workers would leave them: the merge copies runs from both.
  ResultsAttributes part = sample_attributes();
  part.scenario_yaml = "# snsim-sweep " + hash + " part\n" + part.scenario_yaml;
  const std::vector<RunRecord> runs = {sample_run(0, 6, {"Acme", "Bolt"}),
                                       sample_run(1, 6, {"Acme", "Bolt"}), sample_run(2, 4, {})};
  write_file(runs_folder + "/part_000000_a.h5", {runs[0], runs[2]}, part);
  write_file(runs_folder + "/part_000001_b.h5", {runs[1]}, part);
  const std::string out = folder.file("out.h5");
  merge_runs({runs_folder}, out, "snsim merge -o out.h5", false);

  const ResultsFile merged = read_results(out);
  REQUIRE(merged.runs.size() == runs.size());
  for (std::size_t i = 0; i < runs.size(); ++i) check_same_run(merged.runs[i], runs[i], true);

  const hid_t file = H5Fopen(out.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  REQUIRE(file >= 0);
  for (const RunRecord& run : runs) {
    const std::string group = "runs/00000" + std::to_string(run.index) + "/";
    INFO(group);
    const hid_t step = H5Dopen2(file, (group + "step").c_str(), H5P_DEFAULT);
    const hid_t brand = H5Dopen2(file, (group + "brand").c_str(), H5P_DEFAULT);
    std::size_t per_brand = 0;
    for (const MetricSeries& metric : run.series.metrics) {
      INFO(metric.name);
      const hid_t dataset = H5Dopen2(file, (group + metric.name).c_str(), H5P_DEFAULT);
      REQUIRE(dataset >= 0);
      CHECK(H5DSget_num_scales(dataset, 0) == 1);
      CHECK(H5DSis_attached(dataset, step, 0) > 0);
      if (metric.per_brand) {
        ++per_brand;
        CHECK(H5DSget_num_scales(dataset, 1) == 1);
        CHECK(H5DSis_attached(dataset, brand, 1) > 0);
      }
      H5Dclose(dataset);
    }
    // Each scale lists exactly its own run's datasets, once each.
    CHECK(reference_count(step) == static_cast<hssize_t>(run.series.metrics.size()));
    CHECK(reference_count(brand) == static_cast<hssize_t>(per_brand));
    H5Dclose(brand);
    H5Dclose(step);
  }
  H5Fclose(file);
}

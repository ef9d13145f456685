#include "snsim/sweep/run_store.hpp"

#include <fcntl.h>
#include <hdf5.h>
#include <hdf5_hl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <sstream>

#include "../io/hdf5_precheck.hpp"
#include "../io/hdf5_support.hpp"
#include "../io/run_group.hpp"
#include "packed_run.hpp"
#include "snsim/io/input_file.hpp"
#include "snsim/io/results_writer.hpp"
#include "snsim/version.hpp"

namespace snsim {
namespace fs = std::filesystem;
namespace {

using detail::check;
using detail::H5Handle;
using detail::own;

constexpr const char* kManifestName = "sweep.txt";

std::string manifest_text(const SweepPlan& plan) {
  return "snsim-sweep 1\nhash " + plan.hash + "\nruns " + std::to_string(plan.run_count()) + "\n" +
         plan.scenario_yaml;
}

bool is_number(const std::string& s) {
  if (s.empty()) return false;
  char* end = nullptr;
  errno = 0;
  std::strtod(s.c_str(), &end);
  return end == s.c_str() + s.size();
}

/// Writes a 1-D dataset of n elements under group.
H5Handle write_column(hid_t group, const std::string& name, hid_t file_type, hid_t mem_type,
                      std::size_t n, const void* data) {
  const std::string what = "cannot write table column " + name;
  const hsize_t dims[1] = {n};
  const hsize_t max_dims[1] = {H5S_UNLIMITED};
  H5Handle space = own(H5Screate_simple(1, dims, max_dims), H5Sclose, what);
  H5Handle dcpl = own(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, what);
  const hsize_t chunk[1] = {n == 0 ? 1 : std::min<hsize_t>(n, 65536)};
  check(H5Pset_chunk(dcpl.get(), 1, chunk), what);
  check(H5Pset_fletcher32(dcpl.get()), what);
  H5Handle ds = own(
      H5Dcreate2(group, name.c_str(), file_type, space.get(), H5P_DEFAULT, dcpl.get(), H5P_DEFAULT),
      H5Dclose, what);
  if (n > 0) check(H5Dwrite(ds.get(), mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data), what);
  return ds;
}

void write_string_column(hid_t group, const std::string& name, const std::vector<std::string>& v,
                         hid_t run_scale) {
  const std::string what = "cannot write table column " + name;
  std::size_t width = 1;
  for (const auto& s : v) width = std::max(width, s.size());
  std::string buf(v.size() * width, '\0');
  for (std::size_t i = 0; i < v.size(); ++i) std::memcpy(&buf[i * width], v[i].data(), v[i].size());
  H5Handle type = own(H5Tcopy(H5T_C_S1), H5Tclose, what);
  check(H5Tset_size(type.get(), width), what);
  check(H5Tset_strpad(type.get(), H5T_STR_NULLPAD), what);
  check(H5Tset_cset(type.get(), H5T_CSET_UTF8), what);
  H5Handle ds = write_column(group, name, type.get(), type.get(), v.size(), buf.data());
  detail::write_string_attribute(ds.get(), "_Encoding", "utf-8");
  check(H5DSattach_scale(ds.get(), run_scale, 0), what);
}

/// Writes the sampled design's attributes and columns into /table (layout: docs/sweeps.md):
/// which design, its sizes, and where each run sits in it, so that sensitivity indices can be
/// computed from the file alone.
void write_design(hid_t table, hid_t scale, const SweepExpansion& design, std::size_t n) {
  const std::string what = "cannot write the sweep design into the runs table";
  const SweepSpec& spec = design.spec();
  const std::string name = spec.sampling != SweepSampling::none ? sampling_name(spec.sampling)
                           : spec.grid.empty()                  ? "replicates"
                                                                : "grid";
  detail::write_string_attribute(table, "design", name);
  std::string keys;
  for (const auto& r : spec.ranges) keys += (keys.empty() ? "" : "\n") + r.key;
  detail::write_string_attribute(table, "design_parameters", keys);
  auto attribute = [&](const char* key, std::uint64_t v) {
    detail::write_scalar_attribute(table, key, H5T_STD_U64LE, H5T_NATIVE_UINT64, &v);
  };
  attribute("design_replicates", spec.replicates);
  if (spec.sampling == SweepSampling::sobol) {
    attribute("design_base_samples", spec.base_samples);
    const std::uint8_t second = spec.second_order ? 1 : 0;
    detail::write_scalar_attribute(table, "design_second_order", H5T_STD_U8LE, H5T_NATIVE_UINT8,
                                   &second);
  } else if (spec.sampling == SweepSampling::morris) {
    attribute("design_trajectories", spec.trajectories);
    attribute("design_levels", spec.levels);
  } else if (spec.sampling != SweepSampling::none) {
    attribute("design_samples", spec.samples);
  }
  if (spec.sampling == SweepSampling::none || n == 0) return;
  const std::size_t k = spec.ranges.size();
  std::vector<std::uint64_t> grid_point(n), sample(n);
  std::vector<std::int64_t> block(n), moved(n);
  std::vector<double> delta(n), unit(n * k);
  for (std::size_t i = 0; i < n; ++i) {
    const SweepRun run = design.run(i);
    grid_point[i] = run.grid_point;
    sample[i] = run.design_sample;
    block[i] = run.design_block;
    moved[i] = run.design_moved;
    delta[i] = run.design_delta;
    for (std::size_t d = 0; d < k; ++d) unit[d * n + i] = run.unit[d];
  }
  auto column = [&](const std::string& col, hid_t ft, hid_t mt, const void* data) {
    H5Handle ds = write_column(table, col, ft, mt, n, data);
    check(H5DSattach_scale(ds.get(), scale, 0), what);
  };
  column("grid_point", H5T_STD_U64LE, H5T_NATIVE_UINT64, grid_point.data());
  column("design_sample", H5T_STD_U64LE, H5T_NATIVE_UINT64, sample.data());
  column("design_block", H5T_STD_I64LE, H5T_NATIVE_INT64, block.data());
  if (spec.sampling == SweepSampling::morris) {
    column("design_moved", H5T_STD_I64LE, H5T_NATIVE_INT64, moved.data());
    column("design_delta", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, delta.data());
  }
  for (std::size_t d = 0; d < k; ++d)
    column("unit:" + spec.ranges[d].key, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, unit.data() + d * n);
}

/// Writes /table: one row per run (see the layout at the top of run_store.hpp), and the sweep's
/// design when it is known.
void write_table(hid_t file, const std::vector<RunRecord>& runs, const SweepExpansion* design) {
  const std::string what = "cannot write the runs table";
  H5Handle table =
      own(H5Gcreate2(file, "table", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose, what);
  const std::size_t n = runs.size();
  std::vector<std::uint64_t> index(n), seed(n), replicate(n);
  std::vector<double> wall(n);
  std::vector<std::string> status(n);
  for (std::size_t i = 0; i < n; ++i) {
    index[i] = runs[i].index;
    seed[i] = runs[i].seed;
    replicate[i] = runs[i].replicate;
    wall[i] = runs[i].wall_time_s;
    status[i] = runs[i].status;
  }
  H5Handle scale =
      write_column(table.get(), "index", H5T_STD_U64LE, H5T_NATIVE_UINT64, n, index.data());
  check(H5DSset_scale(scale.get(), "index"), what);
  auto numeric = [&](const std::string& name, hid_t ft, hid_t mt, const void* data) {
    H5Handle ds = write_column(table.get(), name, ft, mt, n, data);
    check(H5DSattach_scale(ds.get(), scale.get(), 0), what);
  };
  numeric("seed", H5T_STD_U64LE, H5T_NATIVE_UINT64, seed.data());
  numeric("replicate", H5T_STD_U64LE, H5T_NATIVE_UINT64, replicate.data());
  numeric("wall_time_s", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, wall.data());
  write_string_column(table.get(), "status", status, scale.get());
  if (design != nullptr) write_design(table.get(), scale.get(), *design, n);
  // Parameter columns, in the order of the first run's parameters.
  if (n == 0) return;
  for (std::size_t p = 0; p < runs[0].parameters.size(); ++p) {
    const std::string key = runs[0].parameters[p].first;
    std::vector<std::string> text(n);
    bool numbers = true;
    for (std::size_t i = 0; i < n; ++i) {
      for (const auto& [k, v] : runs[i].parameters)
        if (k == key) text[i] = v;
      numbers = numbers && is_number(text[i]);
    }
    if (numbers) {
      std::vector<double> values(n);
      for (std::size_t i = 0; i < n; ++i) values[i] = std::strtod(text[i].c_str(), nullptr);
      numeric(key, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, values.data());
    } else {
      write_string_column(table.get(), key, text, scale.get());
    }
  }
}

/// Returns an upper bound, in bytes, of what writing run adds to a results file: its values
/// (deflate adds at most a few bytes per chunk), its text, and a generous 4 KiB of HDF5 metadata
/// per dataset (object header, chunk index, scale references, units and description).
std::uint64_t run_size_bound(const RunRecord& run) {
  std::uint64_t bytes = 16384;  // the group, its attributes, the step and brand scales
  for (const auto& [key, value] : run.parameters) bytes += 64 + key.size() + value.size();
  for (const std::string& brand : run.series.brands) bytes += 2 * brand.size() + 16;
  for (const IdList& list : run.series.id_lists)
    bytes += 64 + list.name.size() + 8 * list.ids.size();
  bytes += 8 * static_cast<std::uint64_t>(run.series.steps);
  for (const MetricSeries& m : run.series.metrics)
    bytes +=
        4096 + 2 * (m.name.size() + m.unit.size() + m.description.size()) + 9 * m.values.size();
  return bytes;
}

/// Returns an upper bound, in bytes, of the /table of these runs with `ranges` design coordinates.
std::uint64_t table_size_bound(const std::vector<RunRecord>& runs, std::size_t ranges) {
  std::uint64_t per_run = 128 + 16 * ranges;  // index, seed, ..., status; the design's columns
  std::map<std::string, std::size_t> widths;  // each parameter column's widest value
  for (const RunRecord& run : runs) {
    per_run = std::max<std::uint64_t>(per_run, 128 + 16 * ranges + run.status.size());
    for (const auto& [key, value] : run.parameters)
      widths[key] = std::max(widths[key], value.size() + 8);
  }
  for (const auto& [key, width] : widths) per_run += width;
  return (std::uint64_t{1} << 20) + runs.size() * per_run;
}

/// Disk space set aside for a file being written (fallocate, size unchanged), so that the disk
/// cannot fill in the middle of writing it and a write that cannot fit fails, with the OS's reason,
/// as soon as that is known: libhdf5 buffers small writes and, when its flush then fails, names
/// no reason ("slist already enabled?"). The merge and the part writers reserve their room run by
/// run (part files hold the runs compressed, so their sizes bound nothing), `ahead` bytes beyond
/// what is needed so far. Space not used is given back on destruction.
class SpaceReservation {
 public:
  /// Opens the file at path to reserve room for it; failures say "<what> needs at least N kB:
  /// <reason>". A file system without fallocate gets no reservation.
  SpaceReservation(const std::string& path, std::string what, std::uint64_t ahead)
      : fd_(::open(path.c_str(), O_WRONLY | O_CLOEXEC)), what_(std::move(what)), ahead_(ahead) {}
  /// Makes sure that `bytes` are reserved from the start of the file; throws ResultsError if the
  /// disk lacks the room.
  void reserve(std::uint64_t bytes) {
    if (fd_ < 0 || bytes <= bytes_) return;
    const std::uint64_t target = bytes + ahead_;
    if (::fallocate(fd_, FALLOC_FL_KEEP_SIZE, 0, static_cast<off_t>(target)) == 0) {
      bytes_ = target;
      return;
    }
    const int error = errno;
    if (error == ENOSPC || error == EDQUOT || error == EFBIG) {
      const std::string size = bytes < 1000000 ? std::to_string(bytes / 1000 + 1) + " kB"
                                               : std::to_string(bytes / 1000000 + 1) + " MB";
      throw ResultsError(what_ + " needs at least " + size + ": " + std::strerror(error));
    }
    ::close(fd_);  // no fallocate here: nothing reserved
    fd_ = -1;
  }
  /// Gives back the reserved blocks past the end of the file.
  ~SpaceReservation() {
    if (fd_ < 0) return;
    struct stat st {};
    if (bytes_ > 0 && ::fstat(fd_, &st) == 0 && static_cast<std::uint64_t>(st.st_size) < bytes_)
      ::fallocate(fd_, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, st.st_size,
                  static_cast<off_t>(bytes_) - st.st_size);
    ::close(fd_);
  }
  SpaceReservation(const SpaceReservation&) = delete;
  SpaceReservation& operator=(const SpaceReservation&) = delete;

 private:
  int fd_;
  std::string what_;
  std::uint64_t ahead_;
  std::uint64_t bytes_ = 0;  ///< reserved so far
};

}  // namespace

std::string utc_timestamp() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string runs_folder_of(const std::string& output) { return output + ".runs"; }

SweepManifest read_manifest(const std::string& folder) {
  const std::string path = folder + "/" + kManifestName;
  std::string text;
  try {
    // The manifest holds the scenario text and three short lines before it.
    text = read_input_file(path, kMaxScenarioBytes + 4096, "sweep manifest");
  } catch (const InputFileError& e) {
    const std::string why = non_regular_reason(path);
    throw SweepInputError(folder + " is not a sweep's runs folder (no readable " + kManifestName +
                          (why.empty() ? "" : ": it is " + why) + ")");
  }
  SweepManifest m;
  std::istringstream lines(text);
  std::string magic, hash_word, runs_word;
  std::getline(lines, magic);
  lines >> hash_word >> m.hash >> runs_word >> m.runs;
  if (magic != "snsim-sweep 1" || hash_word != "hash" || runs_word != "runs" || m.hash.size() != 16)
    throw SweepInputError(path + " is not an snsim sweep manifest");
  lines.ignore(1);
  m.scenario_yaml = text.substr(static_cast<std::size_t>(lines.tellg()));
  return m;
}

void prepare_runs_folder(const std::string& folder, const SweepPlan& plan) {
  std::error_code ec;
  if (fs::exists(folder, ec) && !fs::is_directory(folder, ec))
    throw SweepInputError(folder + " exists and is not a folder");
  fs::create_directories(folder, ec);
  if (ec) throw SweepInputError("cannot create folder " + folder + ": " + ec.message());
  if (fs::exists(folder + "/" + kManifestName, ec)) {
    const SweepManifest m = read_manifest(folder);
    if (m.hash != plan.hash)
      throw SweepInputError(folder + " holds runs of a different scenario or sweep (hash " +
                            m.hash + ", this one " + plan.hash +
                            "); not mixing results: choose another -o or remove that folder");
    return;
  }
  const std::string why =
      try_write_text_atomically(folder + "/" + kManifestName, manifest_text(plan));
  if (!why.empty()) throw ResultsError(why);
}

namespace {

constexpr double kPartMaxSeconds = 1.0;
constexpr std::size_t kPartMaxRuns = 256;

/// Returns the first line of a part file's `scenario` attribute: the sweep's hash, and "part 2" for
/// part files of packed runs (packed_run.hpp: /runs/<index> is one uint8 dataset per run).
std::string part_header(const std::string& hash) { return "# snsim-sweep " + hash + " part 2\n"; }
/// Returns the first line of a part file written by snsim before packed runs: /runs/<index> is a
/// run group in the single-run layout. Still read by resume, merge and calibration. (snsim before
/// packed runs ignores packed parts: their first line does not match, so it runs them again.)
std::string legacy_part_header(const std::string& hash) {
  return "# snsim-sweep " + hash + " part\n";
}

/// Returns whether the `scenario` text of a part file says it is a part of this sweep; sets packed
/// to whether it holds packed runs.
bool is_part_of(const std::string& text, const std::string& hash, bool& packed) {
  packed = text.rfind(part_header(hash), 0) == 0;
  return packed || text.rfind(legacy_part_header(hash), 0) == 0;
}

/// Returns the name of run index below the file root: "runs/" and 6 or more digits.
std::string run_path(std::uint64_t index) {
  char name[40];
  std::snprintf(name, sizeof name, "runs/%06llu", static_cast<unsigned long long>(index));
  return name;
}

/// A part file open for reading its runs, packed or in the older single-run layout.
class PartFile {
 public:
  /// Opens the part at path (of the sweep with this hash); throws ResultsError if it cannot.
  PartFile(const std::string& path, const std::string& hash)
      : path_(path),
        file_(own(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose,
                  "cannot open " + path)),
        runs_(own(H5Gopen2(file_.get(), "runs", H5P_DEFAULT), H5Gclose, path + ": no /runs")) {
    const std::string text = detail::read_string_attribute(file_.get(), "scenario", path);
    if (!is_part_of(text, hash, packed_))
      throw ResultsError(path + " is not a part file of sweep " + hash);
  }
  /// Returns run index with its series; throws ResultsError if it is missing or damaged, or
  /// says it is another run.
  RunRecord read(std::uint64_t index) const {
    const std::string name = run_path(index).substr(5);
    const std::string where = path_ + ": /runs/" + name;
    RunRecord run =
        packed_ ? read_packed(name, where) : detail::read_run(runs_.get(), name, true, path_);
    if (run.index != index)
      throw ResultsError(where + " says it is run " + std::to_string(run.index));
    return run;
  }
  /// Returns the indices of the runs it holds.
  std::vector<std::uint64_t> indices() const {
    std::vector<std::uint64_t> out;
    for (const auto& name : detail::link_names(runs_.get(), path_))
      out.push_back(std::strtoull(name.c_str(), nullptr, 10));
    return out;
  }

 private:
  RunRecord read_packed(const std::string& name, const std::string& where) const {
    const std::string what = "cannot read " + where;
    H5Handle dataset = own(H5Dopen2(runs_.get(), name.c_str(), H5P_DEFAULT), H5Dclose, what);
    H5Handle space = own(H5Dget_space(dataset.get()), H5Sclose, what);
    const hssize_t size = H5Sget_simple_extent_npoints(space.get());
    if (size < 0) detail::fail_hdf5(what);
    std::vector<unsigned char> bytes(static_cast<std::size_t>(size));
    check(H5Dread(dataset.get(), H5T_NATIVE_UINT8, H5S_ALL, H5S_ALL, H5P_DEFAULT, bytes.data()),
          what);
    return detail::unpack_run(bytes, where);
  }
  std::string path_;
  H5Handle file_;
  H5Handle runs_;
  bool packed_ = false;
};

/// Returns 16 random hex digits (pid, clock and address mixed): part names never collide.
std::string random_tag() {
  std::uint64_t x =
      static_cast<std::uint64_t>(::getpid()) * 0x9E3779B97F4A7C15ULL ^
      static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count()) ^
      static_cast<std::uint64_t>(std::chrono::system_clock::now().time_since_epoch().count()) * 31;
  std::random_device rd;
  x ^= (static_cast<std::uint64_t>(rd()) << 32) | rd();
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(x));
  return buf;
}

/// Returns the run indices in a whole part of this sweep ({} if it is not one).
std::vector<std::uint64_t> runs_in_part(const std::string& path, const std::string& hash) {
  detail::silence_hdf5_errors();
  try {
    detail::precheck_hdf5_file(path);
  } catch (const ResultsError&) {
    return {};  // damaged: its runs are not done
  }
  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (file < 0) return {};
  H5Handle owned(file, H5Fclose);
  std::vector<std::uint64_t> out;
  try {
    const std::string text = detail::read_string_attribute(file, "scenario", path);
    bool packed = false;
    if (!is_part_of(text, hash, packed)) return {};
    const hid_t runs = H5Gopen2(file, "runs", H5P_DEFAULT);
    if (runs < 0) return {};
    H5Handle runs_owned(runs, H5Gclose);
    for (const auto& name : detail::link_names(runs, path)) {
      char* end = nullptr;
      const unsigned long long k = std::strtoull(name.c_str(), &end, 10);
      if (end != name.c_str() + name.size() || name.empty()) return {};
      out.push_back(k);
    }
  } catch (const ResultsError&) {
    return {};
  }
  return out;
}

}  // namespace

std::vector<std::string> find_done_runs(const std::string& folder, std::uint64_t runs,
                                        const std::string& hash) {
  std::vector<std::string> where(runs);
  std::error_code ec;
  std::vector<std::string> parts;
  for (const auto& entry : fs::directory_iterator(folder, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind("part_", 0) == 0 && name.size() > 8 &&
        name.compare(name.size() - 3, 3, ".h5") == 0) {
      // libhdf5 would wait forever on a FIFO and read a device without end: refuse, not skip, so
      // that the odd file is seen (snsim only ever writes regular part files).
      const std::string why = non_regular_reason(entry.path().string());
      if (!why.empty())
        throw SweepInputError(entry.path().string() + ": " + why +
                              "; snsim writes part files as regular files: remove it");
      parts.push_back(entry.path().string());
    }
  }
  std::sort(parts.begin(), parts.end());  // the same choice among duplicates on every call
  for (const auto& part : parts)
    for (std::uint64_t k : runs_in_part(part, hash))
      if (k < runs && where[k].empty()) where[k] = part;
  return where;
}

std::vector<RunRecord> read_part_runs(const std::string& path, const std::string& hash) {
  detail::silence_hdf5_errors();
  detail::precheck_hdf5_file(path);
  const PartFile part(path, hash);
  std::vector<RunRecord> runs;
  for (std::uint64_t index : part.indices()) runs.push_back(part.read(index));
  return runs;
}

std::vector<std::uint64_t> pending_runs(const std::string& folder, std::uint64_t runs,
                                        const std::string& hash) {
  const auto where = find_done_runs(folder, runs, hash);
  std::vector<std::uint64_t> out;
  for (std::uint64_t i = 0; i < runs; ++i)
    if (where[i].empty()) out.push_back(i);
  return out;
}

struct RunBatchWriter::Open {
  std::unique_ptr<SpaceReservation> room;  ///< outlives the writer: gives back what is unused
  std::unique_ptr<ResultsWriter> writer;   ///< the part: root attributes, /runs, commit
  H5Handle file;  ///< the writer's .partial opened a second time (HDF5 shares the open file)
  H5Handle runs;  ///< its /runs group
  H5Handle dcpl;  ///< creation properties of the packed runs' datasets
  std::uint64_t bound = 0;  ///< bytes the part may need so far
  std::chrono::steady_clock::time_point started;
  std::size_t runs_written = 0;
};

RunBatchWriter::RunBatchWriter(const SweepPlan& plan, std::string folder, std::string command_line)
    : plan_(plan),
      scenarios_(plan),
      folder_(std::move(folder)),
      command_line_(std::move(command_line)) {}

RunBatchWriter::~RunBatchWriter() { delete open_; }

void RunBatchWriter::run(std::uint64_t index) {
  RunRecord record = execute_sweep_run(scenarios_, plan_, index);
  try {
    write(record);
  } catch (const ResultsError& e) {
    delete open_;  // removes the .partial: its runs are not done
    open_ = nullptr;
    throw RunStoreWriteError(e.what());
  }
}

void RunBatchWriter::write(const RunRecord& record) {
  const std::uint64_t index = record.index;
  if (open_ == nullptr) {
    ResultsAttributes attrs;
    attrs.snsim_version = kVersion;
    attrs.scenario_yaml = part_header(plan_.hash) + plan_.scenario_yaml;
    attrs.command_line = command_line_;
    attrs.created = utc_timestamp();
    char name[64];
    std::snprintf(name, sizeof name, "/part_%06llu_%s.h5", static_cast<unsigned long long>(index),
                  random_tag().c_str());
    auto open = std::make_unique<Open>();
    open->writer = std::make_unique<ResultsWriter>(folder_ + name, attrs, false);
    const std::string& path = open->writer->partial_path();
    const std::string what = "cannot write " + path;
    open->room = std::make_unique<SpaceReservation>(path, what + ": the part", 64 * 1024);
    open->bound = 128 * 1024 + 2 * attrs.scenario_yaml.size();
    open->file = own(H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT), detail::close_file_id, what);
    open->runs = own(H5Gopen2(open->file.get(), "runs", H5P_DEFAULT), H5Gclose, what);
    open->dcpl = own(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, what);
    check(H5Pset_obj_track_times(open->dcpl.get(), false), what);
    open->started = std::chrono::steady_clock::now();
    open_ = open.release();
  }
  // One dataset per run, its bytes as packed (packed_run.hpp); nothing else per run.
  const std::vector<unsigned char> bytes = detail::pack_run(record);
  const std::string name = run_path(index).substr(5);
  const std::string what =
      "cannot write run " + std::to_string(index) + " into " + open_->writer->partial_path();
  open_->bound += bytes.size() + 8192;  // the dataset's object header and its link
  open_->room->reserve(open_->bound);
  const hsize_t size = bytes.size();
  H5Handle space = own(H5Screate_simple(1, &size, nullptr), H5Sclose, what);
  H5Handle dataset = own(H5Dcreate2(open_->runs.get(), name.c_str(), H5T_STD_U8LE, space.get(),
                                    H5P_DEFAULT, open_->dcpl.get(), H5P_DEFAULT),
                         H5Dclose, what);
  check(H5Dwrite(dataset.get(), H5T_NATIVE_UINT8, H5S_ALL, H5S_ALL, H5P_DEFAULT, bytes.data()),
        what);
  ++open_->runs_written;
  const double age =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - open_->started).count();
  if (age >= kPartMaxSeconds || open_->runs_written >= kPartMaxRuns) flush();
}

void RunBatchWriter::flush() {
  if (open_ == nullptr) return;
  std::unique_ptr<Open> open(open_);
  open_ = nullptr;
  open->dcpl.reset();
  open->runs.reset();
  open->file.reset();  // the writer's own id stays open: commit flushes and closes the file
  try {
    open->writer->commit();
  } catch (const ResultsError& e) {
    throw RunStoreWriteError(e.what());
  }
}

std::string sweep_hash_of_results(const std::string& path) {
  detail::silence_hdf5_errors();
  try {
    detail::precheck_hdf5_file(path);
  } catch (const ResultsError&) {
    return "";
  }
  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (file < 0) return "";
  H5Handle owned(file, H5Fclose);
  try {
    const std::string text = detail::read_string_attribute(file, "scenario", path);
    const std::string tag = "# snsim-sweep ";
    if (text.rfind(tag, 0) != 0 || text.size() < tag.size() + 16) return "";
    return text.substr(tag.size(), 16);
  } catch (const ResultsError&) {
    return "";
  }
}

void merge_runs(const std::vector<std::string>& folders, const std::string& output,
                const std::string& command_line, bool overwrite) {
  if (folders.empty()) throw SweepInputError("nothing to merge: give the runs folder(s)");
  const SweepManifest first = read_manifest(folders[0]);
  for (std::size_t i = 1; i < folders.size(); ++i) {
    const SweepManifest m = read_manifest(folders[i]);
    if (m.hash != first.hash)
      throw SweepInputError(folders[i] + " holds runs of a different sweep than " + folders[0] +
                            " (hash " + m.hash + " vs " + first.hash + "); not mixing results");
  }
  std::vector<std::string> source(first.runs);
  for (const auto& folder : folders) {
    const auto where = find_done_runs(folder, first.runs, first.hash);
    for (std::uint64_t i = 0; i < first.runs; ++i)
      if (source[i].empty()) source[i] = where[i];
  }
  std::uint64_t missing = 0, first_missing = 0;
  for (std::uint64_t i = 0; i < first.runs; ++i)
    if (source[i].empty() && missing++ == 0) first_missing = i;
  // Bad input (exit 2), not a failure: the folders given do not hold the whole sweep.
  if (missing > 0)
    throw SweepInputError(std::to_string(missing) + " of " + std::to_string(first.runs) +
                          " runs are missing or incomplete (first: run " +
                          std::to_string(first_missing) +
                          "); run the sweep (or its shards) again with --resume, then merge");
  ResultsAttributes attrs;
  attrs.snsim_version = kVersion;
  attrs.scenario_yaml = "# snsim-sweep " + first.hash + " (" + std::to_string(first.runs) +
                        " runs)\n" + first.scenario_yaml;
  attrs.command_line = command_line;
  attrs.created = utc_timestamp();
  ResultsWriter writer(output, attrs, overwrite);
  writer.set_flush_each_run(false);  // commit() flushes and fsyncs the whole file
  SpaceReservation room(writer.partial_path(), "cannot merge into " + output + ": the merged file",
                        std::uint64_t{1} << 20);
  std::uint64_t bound = std::uint64_t{1} << 20;  // the file's attributes and groups
  std::vector<RunRecord> table(first.runs);
  // Part by part: each part is opened once; each of its chosen runs is read (unpacked) and
  // written in the final layout (ResultsWriter::write_run, as `snsim run` writes a run), so the
  // merged file is the same whichever parts, workers or ranks the runs came from. The runs' room
  // on disk is reserved before each is written. Groups under /runs are ordered by name, so the
  // order of writing does not show in the file.
  std::map<std::string, std::vector<std::uint64_t>> by_part;
  for (std::uint64_t i = 0; i < first.runs; ++i) by_part[source[i]].push_back(i);
  for (const auto& [path, wanted] : by_part) {
    const PartFile part(path, first.hash);
    for (std::uint64_t i : wanted) {
      RunRecord run = part.read(i);
      bound += run_size_bound(run);
      room.reserve(bound);
      writer.write_run(run);
      run.series = RunSeries{};  // the table needs the attributes only
      table[i] = std::move(run);
    }
  }
  const SweepExpansion design = expansion_of_sweep_text(first.scenario_yaml);
  room.reserve(bound + table_size_bound(table, design.spec().ranges.size()));
  {
    // The same file opened a second time shares the writer's open file (HDF5 file sharing).
    const hid_t file = H5Fopen(writer.partial_path().c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
    if (file < 0) detail::fail_hdf5("cannot reopen " + writer.partial_path());
    H5Handle owned(file, detail::close_file_id);
    write_table(file, table, &design);
  }
  writer.commit();
}

std::string try_write_text_atomically(const std::string& path, const std::string& text) {
  const std::string tmp = path + ".tmp" + std::to_string(::getpid());
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return "cannot create " + tmp + ": " + std::strerror(errno);
  bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  ok = ::fsync(fd) == 0 && ok;
  ok = ::close(fd) == 0 && ok;
  if (!ok || std::rename(tmp.c_str(), path.c_str()) != 0) {
    const std::string why = std::strerror(errno);
    ::unlink(tmp.c_str());
    return "cannot write " + path + ": " + why;
  }
  return {};
}

}  // namespace snsim

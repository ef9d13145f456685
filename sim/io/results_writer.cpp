#include "snsim/io/results_writer.hpp"

#include <fcntl.h>
#include <hdf5.h>
#include <hdf5_hl.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <numeric>
#include <type_traits>

#include "dimension_scales.hpp"
#include "hdf5_support.hpp"
#include "run_group.hpp"

namespace snsim {

static_assert(std::is_same_v<hid_t, std::int64_t>, "ResultsWriter stores hid_t as int64_t");

using detail::check;
using detail::H5Handle;
using detail::own;

namespace {

constexpr hsize_t kMaxChunkSteps = 1024;
constexpr unsigned kDeflateLevel = 4;

std::string os_reason() { return std::strerror(errno); }

/// Returns the folder of path ("." for a bare file name).
std::string folder_of(const std::string& path) {
  const std::filesystem::path parent = std::filesystem::path(path).parent_path();
  return parent.empty() ? std::string(".") : parent.string();
}

/// Returns the group name of a run: its index as at least 6 zero-padded digits.
std::string run_group_name(std::uint64_t index) {
  std::array<char, 32> name{};
  std::snprintf(name.data(), name.size(), "%06llu", static_cast<unsigned long long>(index));
  return name.data();
}

/// A dataset shape and everything needed to create datasets of it: its dataspace and creation
/// property list, made once per run and shared by the run's datasets of that shape (creating
/// them per dataset was a fifth of the cost of writing a small run).
struct SeriesShape {
  std::vector<hsize_t> dims;
  H5Handle space;
  H5Handle dcpl;
  bool empty = false;  ///< an axis has length 0: nothing to write
};

/// Returns the shape dims: chunked, shuffled, deflated, Fletcher32-checked datasets, without
/// access times in their object headers. Axes of length 0 get an unlimited maximum so that
/// their chunk (length 1) is allowed.
SeriesShape make_series_shape(const std::vector<hsize_t>& dims, const std::string& what) {
  SeriesShape shape;
  shape.dims = dims;
  std::vector<hsize_t> max_dims = dims;
  for (hsize_t& d : max_dims)
    if (d == 0) d = H5S_UNLIMITED;
  shape.empty = std::find(dims.begin(), dims.end(), hsize_t{0}) != dims.end();
  shape.space = own(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), max_dims.data()),
                    H5Sclose, what);
  shape.dcpl = own(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, what);
  const hid_t dcpl = shape.dcpl.get();
  std::vector<hsize_t> chunk(dims.size());
  for (std::size_t axis = 0; axis < dims.size(); ++axis)
    chunk[axis] = std::max<hsize_t>(1, axis == 0 ? std::min(dims[0], kMaxChunkSteps) : dims[axis]);
  check(H5Pset_chunk(dcpl, static_cast<int>(chunk.size()), chunk.data()), what);
  // Shuffle then deflate then Fletcher32: the checksum covers the bytes as stored on disk.
  check(H5Pset_shuffle(dcpl), what);
  check(H5Pset_deflate(dcpl, kDeflateLevel), what);
  check(H5Pset_fletcher32(dcpl), what);
  // No object times: nothing reads them, and they cost header space and work per dataset.
  check(H5Pset_obj_track_times(dcpl, false), what);
  return shape;
}

/// Returns HDF5's Fletcher32 checksum of data (H5_checksum_fletcher32: big-endian 16-bit words,
/// an odd last byte as the high byte of a word).
std::uint32_t fletcher32(const unsigned char* data, std::size_t size) {
  std::uint32_t sum1 = 0;
  std::uint32_t sum2 = 0;
  std::size_t words = size / 2;
  while (words > 0) {
    // 360 words at most between reductions, so that the sums cannot overflow.
    std::size_t block = std::min<std::size_t>(words, 360);
    words -= block;
    do {
      sum1 += (static_cast<std::uint32_t>(data[0]) << 8) | data[1];
      data += 2;
      sum2 += sum1;
    } while (--block > 0);
    sum1 = (sum1 & 0xffff) + (sum1 >> 16);
    sum2 = (sum2 & 0xffff) + (sum2 >> 16);
  }
  if (size % 2 != 0) {
    sum1 += static_cast<std::uint32_t>(*data) << 8;
    sum2 += sum1;
    sum1 = (sum1 & 0xffff) + (sum1 >> 16);
    sum2 = (sum2 & 0xffff) + (sum2 >> 16);
  }
  sum1 = (sum1 & 0xffff) + (sum1 >> 16);
  sum2 = (sum2 & 0xffff) + (sum2 >> 16);
  return (sum2 << 16) | sum1;
}

/// Returns one chunk as HDF5's filter pipeline of make_series_shape stores it: shuffled (byte j
/// of element i moved to j * elements + i), deflated at kDeflateLevel (a zlib stream), then its
/// Fletcher32 checksum appended (4 bytes, little-endian). HDF5's own deflate filter sets up
/// zlib with its largest window and hash table for every chunk, which for our small chunks cost
/// more than compressing them; here both are sized to the chunk. Any zlib stream inflates the
/// same, so readers see the same data through the same gzip filter.
std::vector<unsigned char> encode_chunk(const unsigned char* chunk, std::size_t size,
                                        std::size_t element, const std::string& what) {
  std::vector<unsigned char> shuffled(size);
  const std::size_t elements = size / element;
  for (std::size_t i = 0; i < elements; ++i)
    for (std::size_t j = 0; j < element; ++j) shuffled[j * elements + i] = chunk[i * element + j];
  int window_bits = 9;  // zlib's smallest window (512 bytes) up to its largest (32 KiB)
  while (window_bits < 15 && (std::size_t{1} << window_bits) < size) ++window_bits;
  const int memory_level = std::min(8, window_bits - 7);
  z_stream stream{};
  if (deflateInit2(&stream, static_cast<int>(kDeflateLevel), Z_DEFLATED, window_bits, memory_level,
                   Z_DEFAULT_STRATEGY) != Z_OK)
    throw ResultsError(what + ": cannot set up deflate");
  std::vector<unsigned char> out(deflateBound(&stream, size) + 4);
  stream.next_in = shuffled.data();
  stream.avail_in = static_cast<uInt>(size);
  stream.next_out = out.data();
  stream.avail_out = static_cast<uInt>(out.size() - 4);
  const int status = deflate(&stream, Z_FINISH);
  const std::size_t compressed = stream.total_out;
  deflateEnd(&stream);
  if (status != Z_STREAM_END) throw ResultsError(what + ": deflate failed");
  const std::uint32_t sum = fletcher32(out.data(), compressed);
  for (int k = 0; k < 4; ++k) out[compressed + k] = static_cast<unsigned char>(sum >> (8 * k));
  out.resize(compressed + 4);
  return out;
}

/// Creates dataset name in loc of the given shape and file type, and writes data (mem_type,
/// which has the file type's bytes on little-endian machines). The chunks are encoded here
/// (encode_chunk) and written as stored; a chunk running past the last step is padded with
/// zero bytes, the fill value, as HDF5 pads it.
H5Handle create_series(hid_t loc, const std::string& name, const SeriesShape& shape,
                       hid_t file_type, hid_t mem_type, const void* data, const std::string& what) {
  H5Handle dataset = own(H5Dcreate2(loc, name.c_str(), file_type, shape.space.get(), H5P_DEFAULT,
                                    shape.dcpl.get(), H5P_DEFAULT),
                         H5Dclose, what);
  if (shape.empty) return dataset;
  if constexpr (std::endian::native != std::endian::little) {
    check(H5Dwrite(dataset.get(), mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data), what);
    return dataset;
  }
  const std::size_t element = H5Tget_size(file_type);
  if (element == 0) detail::fail_hdf5(what);
  std::size_t row = element;  // bytes per step
  for (std::size_t axis = 1; axis < shape.dims.size(); ++axis) row *= shape.dims[axis];
  const hsize_t steps = shape.dims[0];
  const hsize_t chunk_steps = std::min(steps, kMaxChunkSteps);
  const auto* bytes = static_cast<const unsigned char*>(data);
  std::vector<unsigned char> chunk(chunk_steps * row);
  std::vector<hsize_t> offset(shape.dims.size(), 0);
  for (hsize_t first = 0; first < steps; first += chunk_steps) {
    const hsize_t count = std::min(chunk_steps, steps - first);
    std::memcpy(chunk.data(), bytes + first * row, count * row);
    std::fill(chunk.begin() + static_cast<std::ptrdiff_t>(count * row), chunk.end(), 0);
    const std::vector<unsigned char> stored =
        encode_chunk(chunk.data(), chunk.size(), element, what);
    offset[0] = first;
    check(
        H5Dwrite_chunk(dataset.get(), H5P_DEFAULT, 0, offset.data(), stored.size(), stored.data()),
        what);
  }
  return dataset;
}

/// Returns a group creation property list that tracks and indexes link and attribute order.
H5Handle make_ordered_gcpl(const std::string& what) {
  H5Handle gcpl = own(H5Pcreate(H5P_GROUP_CREATE), H5Pclose, what);
  const unsigned order = H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED;
  check(H5Pset_link_creation_order(gcpl.get(), order), what);
  check(H5Pset_attr_creation_order(gcpl.get(), order), what);
  check(H5Pset_obj_track_times(gcpl.get(), false), what);
  return gcpl;
}

/// Rejects metric names that cannot be an HDF5 path below the run group, or clash with axes.
void check_metric_name(const std::string& name, const std::string& where) {
  const bool bad_slash = name.empty() || name.front() == '/' || name.back() == '/' ||
                         name.find("//") != std::string::npos;
  const std::string first = name.substr(0, name.find('/'));
  if (bad_slash || first == "step" || first == "brand" || first == "." || first == "..")
    throw ResultsError(where + ": cannot write metric named '" + name + "'");
}

/// Opens the group that holds metric name ("a/b/c" -> group a/b), creating missing groups.
/// The groups are created one by one (rather than with H5Pset_create_intermediate_group) so that
/// they track creation order too and the metrics inside read back in the order written.
H5Handle open_metric_parent(hid_t run_group, const std::string& name, const std::string& what) {
  H5Handle parent = own(H5Oopen(run_group, ".", H5P_DEFAULT), H5Oclose, what);
  std::size_t start = 0;
  for (std::size_t slash = name.find('/'); slash != std::string::npos;
       slash = name.find('/', start)) {
    const std::string part = name.substr(start, slash - start);
    const htri_t exists = H5Lexists(parent.get(), part.c_str(), H5P_DEFAULT);
    check(exists, what);
    if (exists > 0) {
      parent = own(H5Gopen2(parent.get(), part.c_str(), H5P_DEFAULT), H5Gclose, what);
    } else {
      H5Handle gcpl = make_ordered_gcpl(what);
      parent = own(H5Gcreate2(parent.get(), part.c_str(), H5P_DEFAULT, gcpl.get(), H5P_DEFAULT),
                   H5Gclose, what);
    }
    start = slash + 1;
  }
  return parent;
}

/// The run's two dimension scales and the datasets attached to them so far: their
/// REFERENCE_LISTs are written once, after the last metric (dimension_scales.hpp says why).
struct RunScales {
  const SeriesShape* over_steps = nullptr;   ///< [steps]
  const SeriesShape* over_brands = nullptr;  ///< [steps, brands]
  hid_t string_type = -1;                    ///< variable-length UTF-8, for attributes
  hid_t scalar_space = -1;
  hobj_ref_t step = 0;
  hobj_ref_t brand = 0;
  std::vector<detail::ScaleUser> step_users;
  std::vector<detail::ScaleUser> brand_users;
};

void write_metric(hid_t run_group, const MetricSeries& metric, const RunSeries& series,
                  RunScales& scales, const std::string& where) {
  check_metric_name(metric.name, where);
  const std::string what = where + ": cannot write metric '" + metric.name + "'";
  const auto steps = static_cast<hsize_t>(series.steps);
  const auto brands = static_cast<hsize_t>(series.brands.size());
  const hsize_t expected = metric.per_brand ? steps * brands : steps;
  if (metric.values.size() != expected)
    throw ResultsError(what + ": has " + std::to_string(metric.values.size()) + " values, " +
                       "expected " + std::to_string(expected));

  H5Handle parent = open_metric_parent(run_group, metric.name, what);
  const std::string leaf = metric.name.substr(metric.name.rfind('/') + 1);
  const SeriesShape& shape = metric.per_brand ? *scales.over_brands : *scales.over_steps;
  H5Handle dataset = create_series(parent.get(), leaf, shape, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE,
                                   metric.values.data(), what);
  const hobj_ref_t self = detail::object_reference(dataset.get(), what);
  std::vector<hobj_ref_t> axes{scales.step};
  scales.step_users.push_back({self, 0});
  if (metric.per_brand) {
    axes.push_back(scales.brand);
    scales.brand_users.push_back({self, 1});
  }
  detail::write_dimension_list(dataset.get(), axes, what + " (attaching scales)");
  detail::write_string_attribute(dataset.get(), "units", metric.unit, scales.string_type,
                                 scales.scalar_space, what + ": ");
  detail::write_string_attribute(dataset.get(), "long_name", metric.description, scales.string_type,
                                 scales.scalar_space, what + ": ");
}

}  // namespace

ResultsWriter::ResultsWriter(std::string final_path, const ResultsAttributes& attributes,
                             bool overwrite)
    : final_path_(std::move(final_path)),
      partial_path_(final_path_ + ".partial"),
      overwrite_(overwrite) {
  detail::silence_hdf5_errors();
  // Check the folder ourselves: the OS reason reads better than HDF5's error stack.
  const std::string folder = folder_of(final_path_);
  if (access(folder.c_str(), W_OK) != 0)
    throw ResultsError("cannot write results file " + final_path_ + ": folder " + folder + ": " +
                       os_reason());
  std::error_code error;
  if (!overwrite_ && std::filesystem::exists(final_path_, error))
    throw ResultsError("results file " + final_path_ + " already exists (not overwriting it)");

  const std::string what = "cannot create results file " + partial_path_;
  // A stale .partial left by a killed run is truncated and rewritten.
  // The HDF5 1.8 file format (superblock 2, object headers 2, new-style groups and indexes):
  // every metadata block carries a checksum, so damage is found before libhdf5 parses it (the
  // 1.6 format's unchecked metadata crashes libhdf5 when damaged; fuzz/README.md).
  H5Handle fapl = own(H5Pcreate(H5P_FILE_ACCESS), H5Pclose, what);
  check(H5Pset_libver_bounds(fapl.get(), H5F_LIBVER_V18, H5F_LIBVER_LATEST), what);
  file_ = detail::check_id(H5Fcreate(partial_path_.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, fapl.get()),
                           what);
  try {
    detail::write_string_attribute(file_, "format", attributes.format);
    const int version = attributes.format_version;
    detail::write_scalar_attribute(file_, "format_version", H5T_STD_I32LE, H5T_NATIVE_INT,
                                   &version);
    detail::write_string_attribute(file_, "snsim_version", attributes.snsim_version);
    detail::write_string_attribute(file_, "scenario", attributes.scenario_yaml);
    detail::write_string_attribute(file_, "command_line", attributes.command_line);
    detail::write_string_attribute(file_, "created", attributes.created);
    // Runs are listed by name; their zero-padded names sort in index order.
    own(H5Gcreate2(file_, "runs", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose, what);
  } catch (...) {
    close_file();
    std::remove(partial_path_.c_str());
    throw;
  }
}

ResultsWriter::~ResultsWriter() {
  if (committed_) return;
  close_file();
  std::remove(partial_path_.c_str());
}

void ResultsWriter::close_file() {
  if (file_ >= 0) detail::close_file_id(file_);
  file_ = -1;
}

void ResultsWriter::write_run(const RunRecord& run) {
  if (file_ < 0) throw ResultsError("results file " + final_path_ + " is already committed");
  try {
    write_run_group(run);
  } catch (...) {
    write_failed_ = true;
    throw;
  }
}

void ResultsWriter::write_run_group(const RunRecord& run) {
  const std::string name = "runs/" + run_group_name(run.index);
  const std::string where = partial_path_ + ": /" + name;
  const std::string what = where + ": cannot write run";
  const htri_t exists = H5Lexists(file_, name.c_str(), H5P_DEFAULT);
  check(exists, what);
  if (exists > 0)
    throw ResultsError(where + ": run " + std::to_string(run.index) + " is written twice");

  H5Handle group = detail::create_run_group(file_, name, what);
  const hid_t g = group.get();
  detail::write_run_attributes(g, run);

  const RunSeries& series = run.series;
  std::vector<std::int32_t> steps(series.steps);
  std::iota(steps.begin(), steps.end(), 0);
  const auto step_count = static_cast<hsize_t>(series.steps);
  const auto brand_count = static_cast<hsize_t>(series.brands.size());
  const SeriesShape over_steps = make_series_shape({step_count}, what);
  const SeriesShape over_brands = make_series_shape({step_count, brand_count}, what);
  H5Handle step_scale =
      create_series(g, "step", over_steps, H5T_STD_I32LE, H5T_NATIVE_INT32, steps.data(), what);
  check(H5DSset_scale(step_scale.get(), "step"), what + " (step scale)");

  // Brand names are fixed-length UTF-8 strings (NUL-padded to the longest name), not
  // variable-length ones: HDF5 refuses filters on variable-length types, and their text would sit
  // in the global heap, outside any Fletcher32 checksum. h5py reads them as bytes (.asstr() gives
  // str); xarray decodes them to str thanks to the `_Encoding` attribute (CF convention).
  std::size_t longest = 1;
  for (const std::string& brand : series.brands) longest = std::max(longest, brand.size());
  std::string brand_text(longest * series.brands.size(), '\0');
  for (std::size_t i = 0; i < series.brands.size(); ++i)
    brand_text.replace(i * longest, series.brands[i].size(), series.brands[i]);
  H5Handle brand_type = own(H5Tcopy(H5T_C_S1), H5Tclose, what);
  check(H5Tset_size(brand_type.get(), longest), what);
  check(H5Tset_strpad(brand_type.get(), H5T_STR_NULLPAD), what);
  check(H5Tset_cset(brand_type.get(), H5T_CSET_UTF8), what);
  H5Handle brand_scale = create_series(g, "brand", make_series_shape({brand_count}, what),
                                       brand_type.get(), brand_type.get(), brand_text.data(), what);
  detail::write_string_attribute(brand_scale.get(), "_Encoding", "utf-8");
  check(H5DSset_scale(brand_scale.get(), "brand"), what + " (brand scale)");

  H5Handle string_type = detail::make_vlen_string_type();
  H5Handle scalar_space = own(H5Screate(H5S_SCALAR), H5Sclose, what);
  RunScales scales;
  scales.over_steps = &over_steps;
  scales.over_brands = &over_brands;
  scales.string_type = string_type.get();
  scales.scalar_space = scalar_space.get();
  scales.step = detail::object_reference(step_scale.get(), what + " (step scale)");
  scales.brand = detail::object_reference(brand_scale.get(), what + " (brand scale)");
  for (const MetricSeries& metric : series.metrics) write_metric(g, metric, series, scales, where);
  detail::write_reference_list(step_scale.get(), scales.step_users, what + " (step scale)");
  detail::write_reference_list(brand_scale.get(), scales.brand_users, what + " (brand scale)");
  if (flush_each_run_) check(H5Fflush(file_, H5F_SCOPE_GLOBAL), what + " (flush)");
}

void ResultsWriter::commit() {
  if (file_ < 0) throw ResultsError("results file " + final_path_ + " is already committed");
  const std::string what = "cannot complete results file " + partial_path_;
  if (write_failed_) throw ResultsError(what + ": a run failed to be written");
  check(H5Fflush(file_, H5F_SCOPE_GLOBAL), what);
  const herr_t closed = detail::close_file_id(file_);
  file_ = -1;
  check(closed, what);

  const int fd = open(partial_path_.c_str(), O_RDONLY);
  if (fd < 0 || fsync(fd) != 0) {
    const std::string reason = os_reason();
    if (fd >= 0) close(fd);
    throw ResultsError(what + ": fsync: " + reason);
  }
  close(fd);
  std::error_code error;
  if (!overwrite_ && std::filesystem::exists(final_path_, error))
    throw ResultsError("results file " + final_path_ + " appeared while writing (not overwriting)");
  if (std::rename(partial_path_.c_str(), final_path_.c_str()) != 0)
    throw ResultsError(what + ": rename to " + final_path_ + ": " + os_reason());
  committed_ = true;

  // The rename is durable only once the folder entry is on disk.
  const std::string folder = folder_of(final_path_);
  const int folder_fd = open(folder.c_str(), O_RDONLY | O_DIRECTORY);
  if (folder_fd < 0 || fsync(folder_fd) != 0) {
    const std::string reason = os_reason();
    if (folder_fd >= 0) close(folder_fd);
    throw ResultsError("cannot sync folder " + folder + " of " + final_path_ + ": " + reason);
  }
  close(folder_fd);
}

namespace detail {

H5Handle create_run_group(hid_t loc, const std::string& name, const std::string& what) {
  H5Handle gcpl = make_ordered_gcpl(what);
  // The most attributes libhdf5 allows in compact storage: dense storage is never used.
  constexpr unsigned kMaxCompactAttributes = 65535;
  check(H5Pset_attr_phase_change(gcpl.get(), kMaxCompactAttributes, kMaxCompactAttributes), what);
  return own(H5Gcreate2(loc, name.c_str(), H5P_DEFAULT, gcpl.get(), H5P_DEFAULT), H5Gclose, what);
}

void write_run_attributes(hid_t g, const RunRecord& run) {
  write_scalar_attribute(g, "index", H5T_STD_U64LE, H5T_NATIVE_UINT64, &run.index);
  write_scalar_attribute(g, "seed", H5T_STD_U64LE, H5T_NATIVE_UINT64, &run.seed);
  write_scalar_attribute(g, "replicate", H5T_STD_U64LE, H5T_NATIVE_UINT64, &run.replicate);
  write_string_attribute(g, "status", run.status);
  write_scalar_attribute(g, "wall_time_s", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, &run.wall_time_s);
  for (const auto& [key, value] : run.parameters) write_string_attribute(g, "param:" + key, value);
  // Ids a run chose at set-up (e.g. ids:seeds), so that a merge that writes the attributes again
  // keeps them too.
  for (const IdList& list : run.series.id_lists)
    write_ids_attribute(g, "ids:" + list.name, list.ids);
}

}  // namespace detail
}  // namespace snsim

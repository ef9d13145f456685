#include "snsim/io/results_reader.hpp"

#include <hdf5.h>

#include <filesystem>
#include <string_view>

#include "hdf5_precheck.hpp"
#include "hdf5_support.hpp"
#include "run_group.hpp"
#include "snsim/io/input_file.hpp"

namespace snsim {

using detail::check;
using detail::H5Handle;
using detail::own;

namespace {

constexpr std::string_view kParameterPrefix = "param:";
constexpr std::string_view kIdsPrefix = "ids:";  // a list of ids a run chose (e.g. ids:seeds)

/// Returns the length of a 1-D dataset, or throws naming where.
hsize_t axis_length(hid_t dataset, const std::string& where) {
  H5Handle space = own(H5Dget_space(dataset), H5Sclose, where + ": cannot read shape");
  if (H5Sget_simple_extent_ndims(space.get()) != 1)
    throw ResultsError(where + ": is not one-dimensional");
  hsize_t length = 0;
  check(H5Sget_simple_extent_dims(space.get(), &length, nullptr), where + ": cannot read shape");
  return length;
}

std::vector<std::string> read_brand_names(hid_t run_group, const std::string& where) {
  const std::string what = where + "/brand: cannot read brand names";
  H5Handle dataset = own(H5Dopen2(run_group, "brand", H5P_DEFAULT), H5Dclose, what);
  const hsize_t count = axis_length(dataset.get(), where + "/brand");
  std::vector<std::string> names;
  if (count == 0) return names;
  H5Handle file_type = own(H5Dget_type(dataset.get()), H5Tclose, what);
  if (H5Tget_class(file_type.get()) != H5T_STRING)
    throw ResultsError(where + "/brand: is not a string dataset");
  if (H5Tis_variable_str(file_type.get()) > 0) {
    H5Handle mem_type = detail::make_vlen_string_type();
    std::vector<char*> texts(count, nullptr);
    check(H5Dread(dataset.get(), mem_type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, texts.data()),
          what);
    for (char* text : texts) names.emplace_back(text != nullptr ? text : "");
    H5Handle space = own(H5Dget_space(dataset.get()), H5Sclose, what);
    H5Dvlen_reclaim(mem_type.get(), space.get(), H5P_DEFAULT, texts.data());
    return names;
  }
  const std::size_t size = H5Tget_size(file_type.get());
  std::string buffer(size * count, '\0');
  H5Handle mem_type = own(H5Tcopy(file_type.get()), H5Tclose, what);
  check(H5Dread(dataset.get(), mem_type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer.data()), what);
  for (hsize_t i = 0; i < count; ++i) {
    const std::string padded = buffer.substr(i * size, size);
    names.push_back(padded.substr(0, padded.find('\0')));
  }
  return names;
}

/// Reads the metric dataset at name (relative to run_group), with values if with_values.
MetricSeries read_metric(hid_t run_group, const std::string& name, const RunSeries& series,
                         bool with_values, const std::string& where) {
  const std::string dataset_path = where + "/" + name;
  const std::string what = "cannot read dataset " + dataset_path;
  H5Handle dataset = own(H5Dopen2(run_group, name.c_str(), H5P_DEFAULT), H5Dclose, what);
  H5Handle space = own(H5Dget_space(dataset.get()), H5Sclose, what);
  const int rank = H5Sget_simple_extent_ndims(space.get());
  if (rank != 1 && rank != 2)
    throw ResultsError(dataset_path + ": has " + std::to_string(rank) +
                       " dimensions, expected "
                       "[steps] or [steps, brands]");
  hsize_t dims[2] = {0, 0};
  check(H5Sget_simple_extent_dims(space.get(), dims, nullptr), what);
  MetricSeries metric;
  metric.name = name;
  metric.per_brand = rank == 2;
  if (dims[0] != series.steps || (metric.per_brand && dims[1] != series.brands.size()))
    throw ResultsError(dataset_path + ": shape does not match the run's step and brand axes");
  if (detail::has_attribute(dataset.get(), "units"))
    metric.unit = detail::read_string_attribute(dataset.get(), "units", dataset_path);
  if (detail::has_attribute(dataset.get(), "long_name"))
    metric.description = detail::read_string_attribute(dataset.get(), "long_name", dataset_path);
  if (with_values) {
    metric.values.resize(metric.per_brand ? dims[0] * dims[1] : dims[0]);
    if (!metric.values.empty() && H5Dread(dataset.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL,
                                          H5P_DEFAULT, metric.values.data()) < 0) {
      const std::string reason = detail::hdf5_reason();
      throw ResultsError(what + ": " + reason + " (the file is damaged)");
    }
  }
  return metric;
}

/// Appends the metrics found under group (path prefix, "" for the run group) in written order.
void read_metrics(hid_t run_group, const std::string& prefix, RunSeries& series, bool with_values,
                  const std::string& where) {
  const std::string group_path = prefix.empty() ? "." : prefix;
  H5Handle group = own(H5Gopen2(run_group, group_path.c_str(), H5P_DEFAULT), H5Gclose,
                       where + ": cannot open group " + group_path);
  for (const std::string& link : detail::link_names(group.get(), where)) {
    if (prefix.empty() && (link == "step" || link == "brand")) continue;
    const std::string name = prefix.empty() ? link : prefix + "/" + link;
    H5Handle object = own(H5Oopen(run_group, name.c_str(), H5P_DEFAULT), H5Oclose,
                          where + ": cannot open " + name);
    const H5I_type_t type = H5Iget_type(object.get());
    if (type == H5I_GROUP)
      read_metrics(run_group, name, series, with_values, where);
    else if (type == H5I_DATASET)
      series.metrics.push_back(read_metric(run_group, name, series, with_values, where));
  }
}

}  // namespace

namespace detail {

RunRecord read_run(hid_t runs, const std::string& name, bool with_values, const std::string& path) {
  const std::string where = path + ": /runs/" + name;
  H5Handle group =
      own(H5Gopen2(runs, name.c_str(), H5P_DEFAULT), H5Gclose, where + ": cannot open run");
  const hid_t g = group.get();
  RunRecord run;
  detail::read_scalar_attribute(g, "index", H5T_NATIVE_UINT64, &run.index, where);
  detail::read_scalar_attribute(g, "seed", H5T_NATIVE_UINT64, &run.seed, where);
  detail::read_scalar_attribute(g, "replicate", H5T_NATIVE_UINT64, &run.replicate, where);
  run.status = detail::read_string_attribute(g, "status", where);
  detail::read_scalar_attribute(g, "wall_time_s", H5T_NATIVE_DOUBLE, &run.wall_time_s, where);
  for (const std::string& attribute : detail::attribute_names(g, where)) {
    if (attribute.rfind(kIdsPrefix, 0) == 0)
      run.series.id_lists.push_back(IdList{attribute.substr(kIdsPrefix.size()),
                                           detail::read_ids_attribute(g, attribute, where)});
    if (attribute.rfind(kParameterPrefix, 0) != 0) continue;
    run.parameters.emplace_back(attribute.substr(kParameterPrefix.size()),
                                detail::read_string_attribute(g, attribute, where));
  }

  H5Handle step = own(H5Dopen2(g, "step", H5P_DEFAULT), H5Dclose, where + ": no step axis");
  run.series.steps = static_cast<Step>(axis_length(step.get(), where + "/step"));
  run.series.brands = read_brand_names(g, where);
  read_metrics(g, "", run.series, with_values, where);
  return run;
}

}  // namespace detail

namespace {

ResultsFile read(const std::string& path, bool with_values) {
  detail::silence_hdf5_errors();
  std::error_code error;
  if (!std::filesystem::exists(path, error))
    throw ResultsError("cannot read results file " + path + ": no such file");
  if (const std::string why = non_regular_reason(path); !why.empty())
    throw ResultsError("cannot read results file " + path + ": " + why);
  const htri_t is_hdf5 = H5Fis_hdf5(path.c_str());
  if (is_hdf5 < 0) detail::fail_hdf5("cannot read results file " + path);
  if (is_hdf5 == 0) throw ResultsError(path + " is not an HDF5 file");
  detail::precheck_hdf5_file(path);
  H5Handle file = own(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose,
                      "cannot open results file " + path + " (truncated or damaged?)");
  const hid_t f = file.get();

  ResultsFile results;
  ResultsAttributes& a = results.attributes;
  if (!detail::has_attribute(f, "format"))
    throw ResultsError(path +
                       " is an HDF5 file but not an snsim results file (no 'format' "
                       "attribute)");
  a.format = detail::read_string_attribute(f, "format", path);
  if (a.format != "snsim-results")
    throw ResultsError(path + " is an HDF5 file but not an snsim results file (format '" +
                       a.format + "')");
  detail::read_scalar_attribute(f, "format_version", H5T_NATIVE_INT, &a.format_version, path);
  if (a.format_version > kResultsFormatVersion)
    throw ResultsError(path + " was written by a newer snsim (format " +
                       std::to_string(a.format_version) + ", this build reads up to " +
                       std::to_string(kResultsFormatVersion) + ")");
  if (a.format_version < 1)
    throw ResultsError(path + ": invalid format_version " + std::to_string(a.format_version));
  a.snsim_version = detail::read_string_attribute(f, "snsim_version", path);
  a.scenario_yaml = detail::read_string_attribute(f, "scenario", path);
  a.command_line = detail::read_string_attribute(f, "command_line", path);
  a.created = detail::read_string_attribute(f, "created", path);

  H5Handle runs = own(H5Gopen2(f, "runs", H5P_DEFAULT), H5Gclose, path + ": no /runs group");
  for (const std::string& name : detail::link_names(runs.get(), path + ": /runs"))
    results.runs.push_back(detail::read_run(runs.get(), name, with_values, path));
  return results;
}

}  // namespace

ResultsFile read_results(const std::string& path) { return read(path, true); }

ResultsFile read_results_summary(const std::string& path) { return read(path, false); }

}  // namespace snsim

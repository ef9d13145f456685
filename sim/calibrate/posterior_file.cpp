#include "snsim/calibrate/posterior_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "../io/hdf5_support.hpp"
#include "snsim/io/detail/schema_reader.hpp"
#include "snsim/sweep/run_store.hpp"
#include "snsim/version.hpp"

namespace snsim {
namespace {

using detail::check;
using detail::H5Handle;
using detail::own;

/// Writes a dataset of the given shape and types from row-major data (none if it is empty).
template <class T>
void write_array(hid_t loc, const std::string& name, const std::vector<hsize_t>& dims,
                 hid_t file_type, hid_t mem_type, const std::vector<T>& data) {
  const std::string what = "cannot write dataset " + name;
  H5Handle space =
      own(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr), H5Sclose, what);
  H5Handle ds = own(
      H5Dcreate2(loc, name.c_str(), file_type, space.get(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
      H5Dclose, what);
  if (!data.empty())
    check(H5Dwrite(ds.get(), mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data.data()), what);
}

/// Writes a float64 dataset of the given shape from row-major data.
void write_doubles(hid_t loc, const std::string& name, const std::vector<hsize_t>& dims,
                   const std::vector<double>& data) {
  write_array(loc, name, dims, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, data);
}

/// Writes a one-dimensional int64 dataset.
void write_int64s(hid_t loc, const std::string& name, const std::vector<std::int64_t>& data) {
  write_array(loc, name, {data.size()}, H5T_STD_I64LE, H5T_NATIVE_INT64, data);
}

/// Writes a one-dimensional dataset of variable-length UTF-8 strings.
void write_strings(hid_t loc, const std::string& name, const std::vector<std::string>& data) {
  const std::string what = "cannot write dataset " + name;
  H5Handle type = detail::make_vlen_string_type();
  const hsize_t dims[1] = {data.size()};
  H5Handle space = own(H5Screate_simple(1, dims, nullptr), H5Sclose, what);
  H5Handle ds = own(
      H5Dcreate2(loc, name.c_str(), type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
      H5Dclose, what);
  std::vector<const char*> text;
  for (const auto& s : data) text.push_back(s.c_str());
  if (!text.empty())
    check(H5Dwrite(ds.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, text.data()), what);
}

/// Writes an attribute that is an array of variable-length UTF-8 strings.
void write_string_array_attribute(hid_t loc, const std::string& name,
                                  const std::vector<std::string>& data) {
  const std::string what = "cannot write attribute " + name;
  H5Handle type = detail::make_vlen_string_type();
  const hsize_t dims[1] = {data.size()};
  H5Handle space = own(H5Screate_simple(1, dims, nullptr), H5Sclose, what);
  H5Handle attr =
      own(H5Acreate2(loc, name.c_str(), type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT),
          H5Aclose, what);
  std::vector<const char*> text;
  for (const auto& s : data) text.push_back(s.c_str());
  if (!text.empty()) check(H5Awrite(attr.get(), type.get(), text.data()), what);
}

void double_attribute(hid_t loc, const char* name, double v) {
  detail::write_scalar_attribute(loc, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, &v);
}
void int64_attribute(hid_t loc, const char* name, std::int64_t v) {
  detail::write_scalar_attribute(loc, name, H5T_STD_I64LE, H5T_NATIVE_INT64, &v);
}

H5Handle make_group(hid_t loc, const std::string& name) {
  return own(H5Gcreate2(loc, name.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose,
             "cannot create group " + name);
}

/// Returns rows of equal length as one row-major vector.
std::vector<double> flatten(const std::vector<std::vector<double>>& rows) {
  std::vector<double> out;
  for (const auto& r : rows) out.insert(out.end(), r.begin(), r.end());
  return out;
}

/// Writes one generation's datasets (particles, weights, distances, summaries) and attributes.
void write_generation(hid_t group, const AbcGeneration& g, std::size_t k, std::size_t s) {
  const hsize_t n = g.particles.size();
  write_doubles(group, "particles", {n, k}, flatten(g.particles));
  write_doubles(group, "weights", {n}, g.weights);
  write_doubles(group, "distances", {n}, g.distances);
  write_doubles(group, "summaries", {n, s}, flatten(g.summaries));
  double_attribute(group, "tolerance", g.tolerance);
  double_attribute(group, "acceptance_rate", g.acceptance_rate);
  double_attribute(group, "ess", g.ess);
  int64_attribute(group, "runs", static_cast<std::int64_t>(g.runs));
  int64_attribute(group, "runs_total", static_cast<std::int64_t>(g.runs_total));
  int64_attribute(group, "population", static_cast<std::int64_t>(n));
}

std::string distribution_name(const SweepRange& r) {
  switch (r.distribution) {
    case SweepDistribution::log_uniform:
      return "log_uniform";
    case SweepDistribution::truncated_normal:
      return "truncated_normal";
    case SweepDistribution::choice:
      return "choice";
    default:
      return "uniform";
  }
}

}  // namespace

void write_posterior_file(const std::string& output, const CalibrationPlan& plan,
                          const CalibrationResult& result, const std::string& command_line) {
  detail::silence_hdf5_errors();
  const std::string tmp = output + ".tmp" + std::to_string(::getpid());
  const std::string what = "cannot write " + tmp;
  const AbcState& state = result.state;
  const std::size_t k = plan.spec.priors.size(), s = plan.summaries.size();
  const hid_t root = H5Fcreate(tmp.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  if (root < 0) check(-1, what);
  try {
    detail::write_string_attribute(root, "format", "snsim-calibration");
    int64_attribute(root, "format_version", kCalibrationFormatVersion);
    detail::write_string_attribute(root, "snsim_version", kVersion);
    detail::write_string_attribute(root, "scenario_yaml", plan.scenario_yaml);
    detail::write_string_attribute(root, "scenario_hash", plan.hash);
    detail::write_string_attribute(root, "target", plan.target);
    detail::write_scalar_attribute(root, "seed", H5T_STD_U64LE, H5T_NATIVE_UINT64, &plan.seed);
    detail::write_string_attribute(root, "status", "complete");
    detail::write_string_attribute(root, "stop_reason", state.stop_reason);
    int64_attribute(root, "runs_used", static_cast<std::int64_t>(state.runs_used));
    int64_attribute(root, "generations", static_cast<std::int64_t>(state.generations.size()));
    write_string_array_attribute(root, "parameters", plan.spec.keys());
    detail::write_string_attribute(root, "distance", plan.spec.distance);
    detail::write_string_attribute(root, "command_line", command_line);
    detail::write_string_attribute(root, "created", utc_timestamp());

    {
      H5Handle g = make_group(root, "observed");
      std::vector<std::int64_t> step;
      std::vector<std::string> metric, brand;
      std::vector<double> value;
      for (const auto& r : plan.observed.rows) {
        step.push_back(r.step);
        metric.push_back(r.metric);
        brand.push_back(r.brand);
        value.push_back(r.value);
      }
      write_int64s(g.get(), "step", step);
      write_strings(g.get(), "metric", metric);
      write_strings(g.get(), "brand", brand);
      write_doubles(g.get(), "value", {value.size()}, value);
    }
    {
      H5Handle g = make_group(root, "summaries");
      std::vector<std::string> name, metric, brand, statistic;
      std::vector<std::int64_t> step;
      std::vector<double> observed;
      for (const auto& d : plan.summaries) {
        name.push_back(d.name);
        metric.push_back(d.metric);
        brand.push_back(d.brand);
        statistic.push_back(d.statistic);
        step.push_back(d.step);
        observed.push_back(d.observed);
      }
      write_strings(g.get(), "name", name);
      write_strings(g.get(), "metric", metric);
      write_strings(g.get(), "brand", brand);
      write_strings(g.get(), "statistic", statistic);
      write_int64s(g.get(), "step", step);
      write_doubles(g.get(), "observed", {s}, observed);
      write_doubles(g.get(), "scale", {s}, state.scales);
    }
    {
      H5Handle g = make_group(root, "priors");
      for (std::size_t i = 0; i < k; ++i) {
        const SweepRange& r = plan.spec.priors[i];
        H5Handle p = make_group(g.get(), std::to_string(i));
        detail::write_string_attribute(p.get(), "key", r.key);
        detail::write_string_attribute(p.get(), "distribution", distribution_name(r));
        double_attribute(p.get(), "min", r.min);
        double_attribute(p.get(), "max", r.max);
        if (r.distribution == SweepDistribution::truncated_normal) {
          double_attribute(p.get(), "mean", r.mean);
          double_attribute(p.get(), "sd", r.sd);
        }
      }
    }
    {
      H5Handle g = make_group(root, "generations");
      for (std::size_t i = 0; i < state.generations.size(); ++i) {
        char name[24];
        std::snprintf(name, sizeof name, "%03zu", i);
        H5Handle gen = make_group(g.get(), name);
        write_generation(gen.get(), state.generations[i], k, s);
      }
    }
    {
      H5Handle g = make_group(root, "posterior");
      write_generation(g.get(), state.generations.back(), k, s);
      int64_attribute(g.get(), "generation",
                      static_cast<std::int64_t>(state.generations.size() - 1));
    }
    {
      const PredictiveDraws& p = result.predictive;
      H5Handle g = make_group(root, "predictive");
      const hsize_t m = p.particle.size(), q = p.series_metric.size(),
                    t = static_cast<hsize_t>(p.steps);
      write_int64s(g.get(), "particle", p.particle);
      write_doubles(g.get(), "summaries", {m, s}, flatten(p.summaries));
      std::vector<double> series;
      for (const auto& draw : p.series)
        for (const auto& row : draw) series.insert(series.end(), row.begin(), row.end());
      write_doubles(g.get(), "series", {m, q, t}, series);
      write_strings(g.get(), "series_metric", p.series_metric);
      write_strings(g.get(), "series_brand", p.series_brand);
      std::vector<std::int64_t> steps(static_cast<std::size_t>(t));
      for (std::size_t i = 0; i < steps.size(); ++i) steps[i] = static_cast<std::int64_t>(i);
      write_int64s(g.get(), "step", steps);
    }
    check(H5Fflush(root, H5F_SCOPE_GLOBAL), what);
  } catch (...) {
    detail::close_file_id(root);
    ::unlink(tmp.c_str());
    throw;
  }
  if (detail::close_file_id(root) < 0) {
    ::unlink(tmp.c_str());
    check(-1, what);
  }
  const int fd = ::open(tmp.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0 || ::fsync(fd) != 0) {
    const std::string why = std::strerror(errno);
    if (fd >= 0) ::close(fd);
    ::unlink(tmp.c_str());
    throw ResultsError(what + ": fsync: " + why);
  }
  ::close(fd);
  std::error_code ec;
  if (std::filesystem::exists(output, ec)) {
    ::unlink(tmp.c_str());
    throw ResultsError(output + " appeared while writing (not overwriting)");
  }
  if (std::rename(tmp.c_str(), output.c_str()) != 0) {
    const std::string why = std::strerror(errno);
    ::unlink(tmp.c_str());
    throw ResultsError("cannot rename " + tmp + " to " + output + ": " + why);
  }
}

}  // namespace snsim

namespace snsim {

std::string calibration_hash_of_file(const std::string& path) {
  detail::silence_hdf5_errors();
  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (file < 0) return "";
  H5Handle owned(file, H5Fclose);
  try {
    if (detail::read_string_attribute(file, "format", path) != "snsim-calibration") return "";
    return detail::read_string_attribute(file, "scenario_hash", path);
  } catch (const ResultsError&) {
    return "";
  }
}

}  // namespace snsim

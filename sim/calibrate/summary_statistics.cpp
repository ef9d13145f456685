#include "snsim/calibrate/summary_statistics.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

namespace snsim {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// Returns "metric[brand]" or "metric".
std::string series_name(const std::string& metric, const std::string& brand) {
  return brand.empty() ? metric : metric + "[" + brand + "]";
}

/// Returns the statistic of values at the given steps (values indexed by step).
double statistic(const std::string& name, const std::vector<std::int64_t>& steps,
                 const std::vector<double>& values) {
  const auto at = [&](std::int64_t t) {
    return t >= 0 && static_cast<std::size_t>(t) < values.size()
               ? values[static_cast<std::size_t>(t)]
               : kNaN;
  };
  if (steps.empty()) return kNaN;
  if (name == "final") return at(steps.back());
  double peak = -std::numeric_limits<double>::infinity();
  std::int64_t peak_step = -1;
  for (std::int64_t t : steps) {
    const double v = at(t);
    if (std::isnan(v)) return kNaN;
    if (v > peak) {
      peak = v;
      peak_step = t;
    }
  }
  if (name == "peak") return peak;
  if (name == "peak_step") return static_cast<double>(peak_step);
  // time_to_half: the first observed step whose value reaches half the peak.
  for (std::int64_t t : steps)
    if (at(t) >= 0.5 * peak) return static_cast<double>(t);
  return kNaN;
}

}  // namespace

std::vector<double> metric_series(const RunSeries& series, const std::string& metric,
                                  const std::string& brand) {
  const MetricSeries* m = series.find(metric);
  if (m == nullptr) return {};
  if (!m->per_brand) return brand.empty() ? m->values : std::vector<double>{};
  const auto b = std::find(series.brands.begin(), series.brands.end(), brand);
  if (b == series.brands.end()) return {};
  const std::size_t nb = series.brands.size(),
                    bi = static_cast<std::size_t>(b - series.brands.begin());
  std::vector<double> out(series.steps);
  for (std::size_t t = 0; t < out.size(); ++t) out[t] = m->values[t * nb + bi];
  return out;
}

std::vector<SummaryDefinition> define_summaries(const std::vector<SummarySpec>& specs,
                                                const ObservedData& observed) {
  std::vector<SummaryDefinition> out;
  for (const auto& spec : specs) {
    std::map<std::int64_t, double> rows;  // step -> value, increasing steps
    for (const auto& r : observed.rows)
      if (r.metric == spec.metric && r.brand == spec.brand) rows[r.step] = r.value;
    const std::string series = series_name(spec.metric, spec.brand);
    if (rows.empty())
      throw ScenarioError(spec.place, spec.path,
                          "the observed file " + observed.path + " has no rows of " + series);
    std::vector<std::int64_t> steps;
    std::vector<double> values;
    const std::int64_t last = rows.rbegin()->first;
    std::vector<double> by_step(static_cast<std::size_t>(last) + 1, kNaN);
    for (const auto& [t, v] : rows) {
      steps.push_back(t);
      by_step[static_cast<std::size_t>(t)] = v;
    }
    SummaryDefinition d;
    d.metric = spec.metric;
    d.brand = spec.brand;
    d.statistic = spec.statistic;
    d.steps = steps;
    if (spec.statistic == "series") {
      for (const auto& [t, v] : rows) {
        SummaryDefinition s = d;
        s.name = series + "@" + std::to_string(t);
        s.step = t;
        s.observed = v;
        out.push_back(std::move(s));
      }
      continue;
    }
    d.name = series + ":" + spec.statistic;
    d.step = spec.statistic == "final" ? last : -1;
    d.observed = statistic(spec.statistic, steps, by_step);
    out.push_back(std::move(d));
  }
  return out;
}

std::vector<double> compute_summaries(const std::vector<SummaryDefinition>& summaries,
                                      const RunSeries& series) {
  std::vector<double> out;
  out.reserve(summaries.size());
  std::string cached_metric, cached_brand;
  std::vector<double> values;
  bool have = false;
  for (const auto& s : summaries) {
    if (!have || s.metric != cached_metric || s.brand != cached_brand) {
      values = metric_series(series, s.metric, s.brand);
      cached_metric = s.metric;
      cached_brand = s.brand;
      have = true;
    }
    if (s.statistic == "series") {
      out.push_back(s.step >= 0 && static_cast<std::size_t>(s.step) < values.size()
                        ? values[static_cast<std::size_t>(s.step)]
                        : kNaN);
    } else {
      out.push_back(statistic(s.statistic, s.steps, values));
    }
  }
  return out;
}

}  // namespace snsim

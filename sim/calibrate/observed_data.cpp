#include "snsim/calibrate/observed_data.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <tuple>

#include "snsim/calibrate/summary_statistics.hpp"
#include "snsim/io/detail/schema_reader.hpp"
#include "snsim/io/input_file.hpp"
#include "snsim/io/results_reader.hpp"

namespace snsim {
namespace {

/// The largest observed file read (a campaign's series are kilobytes).
constexpr std::size_t kMaxObservedBytes = 64u << 20;

/// Returns text without leading and trailing blanks (and a trailing '\r').
std::string trim(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r");
  if (first == std::string::npos) return "";
  const auto last = text.find_last_not_of(" \t\r");
  return text.substr(first, last - first + 1);
}

/// Returns a list of names for a message: "a, b, c" (at most 12, then "...").
std::string name_list(const std::vector<std::string>& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size() && i < 12; ++i) out += (i ? ", " : "") + names[i];
  return names.size() > 12 ? out + ", ..." : out;
}

/// Returns " did you mean 'x'?" for the closest known name, or "".
std::string suggestion(const std::string& word, const std::vector<std::string>& known) {
  const std::string close = detail::closest_name(word, known);
  return close.empty() ? "" : "; did you mean '" + close + "'?";
}

/// A field of a CSV line and the column it starts at (1-based).
struct Field {
  std::string text;
  int column = 1;
};

std::vector<Field> split_fields(const std::string& line) {
  std::vector<Field> out;
  std::size_t start = 0;
  for (;;) {
    const auto comma = line.find(',', start);
    const std::string raw =
        line.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    const auto lead = raw.find_first_not_of(" \t");
    out.push_back(
        {trim(raw), static_cast<int>(start + (lead == std::string::npos ? 0 : lead)) + 1});
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

/// Checks a row's metric and brand against the catalogue; throws at place.
void check_metric(const ObservedRow& row, const MetricCatalogue& cat, const SourcePlace& metric_at,
                  const SourcePlace& brand_at) {
  const int m = cat.find(row.metric);
  if (m < 0)
    throw ScenarioError(metric_at, "",
                        "unknown metric '" + shown_value(row.metric) + "'" +
                            suggestion(row.metric, cat.metrics) +
                            " (this scenario records: " + name_list(cat.metrics) + ")");
  if (cat.per_brand[static_cast<std::size_t>(m)]) {
    if (row.brand.empty())
      throw ScenarioError(
          brand_at, "",
          "metric '" + row.metric + "' is per brand: give a brand (" + name_list(cat.brands) + ")");
    bool known = false;
    for (const auto& b : cat.brands) known = known || b == row.brand;
    if (!known)
      throw ScenarioError(brand_at, "",
                          "unknown brand '" + shown_value(row.brand) + "'" +
                              suggestion(row.brand, cat.brands) +
                              " (this scenario's brands: " + name_list(cat.brands) + ")");
  } else if (!row.brand.empty()) {
    throw ScenarioError(brand_at, "",
                        "metric '" + row.metric + "' is population-wide: leave the brand empty");
  }
}

/// Reads a CSV observed file.
ObservedData read_csv(const std::string& path, const MetricCatalogue& cat) {
  ObservedData out;
  out.path = path;
  const std::string text = read_input_file(path, kMaxObservedBytes, "observed data file");
  int line_no = 0;
  std::size_t pos = 0;
  int brand_col = -1, value_col = -1, width = 0;
  std::map<std::tuple<std::int64_t, std::string, std::string>, int> seen;
  while (pos <= text.size()) {
    const auto end = text.find('\n', pos);
    const std::string line =
        text.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
    pos = end == std::string::npos ? text.size() + 1 : end + 1;
    ++line_no;
    const std::string t = trim(line);
    if (t.empty() || t[0] == '#') continue;
    const auto fields = split_fields(line);
    const auto at = [&](std::size_t i) {
      return SourcePlace{path, line_no, i < fields.size() ? fields[i].column : 1};
    };
    if (width == 0) {
      std::vector<std::string> names;
      for (const auto& f : fields) names.push_back(f.text);
      if (names == std::vector<std::string>{"step", "metric", "brand", "value"}) {
        brand_col = 2;
        value_col = 3;
      } else if (names == std::vector<std::string>{"step", "metric", "value"}) {
        value_col = 2;
      } else {
        throw ScenarioError(at(0), "",
                            "expected the header step,metric,brand,value (or step,metric,value), "
                            "got '" +
                                shown_value(t) + "'");
      }
      width = static_cast<int>(names.size());
      continue;
    }
    if (static_cast<int>(fields.size()) != width)
      throw ScenarioError(at(0), "",
                          "expected " + std::to_string(width) + " fields (" +
                              (width == 4 ? "step,metric,brand,value" : "step,metric,value") +
                              "), got " + std::to_string(fields.size()));
    ObservedRow row;
    row.line = line_no;
    {
      const std::string& s = fields[0].text;
      std::uint64_t step = 0;
      const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), step);
      if (s.empty() || ec != std::errc() || ptr != s.data() + s.size())
        throw ScenarioError(at(0), "",
                            s.empty() ? std::string("missing step")
                                      : "step '" + shown_value(s) +
                                            "' is not a step index (a whole number from 0)");
      if (step >= static_cast<std::uint64_t>(cat.steps))
        throw ScenarioError(at(0), "",
                            "step " + s + " is beyond the scenario's " + std::to_string(cat.steps) +
                                " steps (0.." + std::to_string(cat.steps - 1) + "; time.steps)");
      row.step = static_cast<std::int64_t>(step);
    }
    row.metric = fields[1].text;
    if (row.metric.empty()) throw ScenarioError(at(1), "", "missing metric");
    if (brand_col >= 0) row.brand = fields[static_cast<std::size_t>(brand_col)].text;
    check_metric(row, cat, at(1), at(brand_col >= 0 ? static_cast<std::size_t>(brand_col) : 1));
    {
      const auto vi = static_cast<std::size_t>(value_col);
      const std::string& s = fields[vi].text;
      if (s.empty()) throw ScenarioError(at(vi), "", "missing value");
      char* stop = nullptr;
      row.value = std::strtod(s.c_str(), &stop);
      if (stop != s.c_str() + s.size())
        throw ScenarioError(at(vi), "", "value '" + shown_value(s) + "' is not a number");
      if (!std::isfinite(row.value))
        throw ScenarioError(at(vi), "", "value '" + shown_value(s) + "' is not a finite number");
    }
    const auto key = std::make_tuple(row.step, row.metric, row.brand);
    if (const auto it = seen.find(key); it != seen.end())
      throw ScenarioError(at(0), "",
                          "duplicate row: step " + std::to_string(row.step) + " of " + row.metric +
                              (row.brand.empty() ? "" : "[" + row.brand + "]") +
                              " is also on line " + std::to_string(it->second));
    seen.emplace(key, line_no);
    out.rows.push_back(std::move(row));
  }
  if (width == 0)
    throw ScenarioError(SourcePlace{path, 0, 0}, "",
                        "the observed file is empty (expected the header step,metric,brand,value "
                        "and rows)");
  if (out.rows.empty())
    throw ScenarioError(SourcePlace{path, line_no, 1}, "", "the observed file has no rows");
  return out;
}

/// Reads an snsim results file: its first run's series of the summaries' metrics and brands.
ObservedData read_h5(const std::string& path, const MetricCatalogue& cat,
                     const std::vector<SummarySpec>& summaries) {
  ObservedData out;
  out.path = path;
  const ResultsFile file = read_results(path);  // ResultsError names the path and the reason
  if (file.runs.empty()) throw ScenarioError(SourcePlace{path, 0, 0}, "", "the file has no runs");
  const RunSeries& series = file.runs.front().series;
  std::map<std::pair<std::string, std::string>, bool> done;
  for (const auto& s : summaries) {
    if (done[{s.metric, s.brand}]) continue;
    done[{s.metric, s.brand}] = true;
    ObservedRow probe;
    probe.metric = s.metric;
    probe.brand = s.brand;
    check_metric(probe, cat, s.place, s.place);
    const std::vector<double> values = metric_series(series, s.metric, s.brand);
    if (values.empty())
      throw ScenarioError(SourcePlace{path, 0, 0}, "",
                          "no series " + s.metric + (s.brand.empty() ? "" : "[" + s.brand + "]") +
                              " in this results file (" + s.path + " names it)");
    if (static_cast<std::int64_t>(values.size()) > cat.steps)
      throw ScenarioError(SourcePlace{path, 0, 0}, "",
                          "the file has " + std::to_string(values.size()) +
                              " steps, beyond the scenario's " + std::to_string(cat.steps) +
                              " (time.steps)");
    for (std::size_t t = 0; t < values.size(); ++t)
      out.rows.push_back({static_cast<std::int64_t>(t), s.metric, s.brand, values[t], 0});
  }
  return out;
}

}  // namespace

int MetricCatalogue::find(const std::string& metric) const {
  for (std::size_t i = 0; i < metrics.size(); ++i)
    if (metrics[i] == metric) return static_cast<int>(i);
  return -1;
}

MetricCatalogue MetricCatalogue::of(const RunSeries& series) {
  MetricCatalogue c;
  for (const auto& m : series.metrics) {
    c.metrics.push_back(m.name);
    c.per_brand.push_back(m.per_brand);
  }
  c.brands = series.brands;
  c.steps = series.steps;
  return c;
}

ObservedData read_observed(const std::string& path, const MetricCatalogue& catalogue,
                           const std::vector<SummarySpec>& summaries) {
  const bool h5 = path.size() > 3 && path.compare(path.size() - 3, 3, ".h5") == 0;
  ObservedData out = h5 ? read_h5(path, catalogue, summaries) : read_csv(path, catalogue);
  for (const auto& r : out.rows) {
    char value[40];
    std::snprintf(value, sizeof value, "%a", r.value);
    out.fingerprint += std::to_string(r.step) + "," + r.metric + "," + r.brand + "," + value + "\n";
  }
  return out;
}

}  // namespace snsim

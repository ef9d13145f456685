// format_results_info: the text of `snsim info RESULTS.h5`.
#include <algorithm>
#include <cstdio>
#include <sstream>

#include "snsim/io/results_reader.hpp"

namespace snsim {

namespace {

/// Returns text with every line prefixed by indent (a trailing newline adds no empty line).
std::string indent_lines(const std::string& text, const std::string& indent) {
  std::string out;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) out += indent + line + "\n";
  return out;
}

std::string seconds(double s) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3f s", s);
  return text;
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) out += ", ";
    out += item;
  }
  return out;
}

/// Appends a run's metrics as an aligned table: name, shape, units.
void print_metric_table(std::ostringstream& out, const RunRecord& run) {
  const RunSeries& s = run.series;
  std::size_t name_width = 6;
  std::size_t shape_width = 5;
  std::vector<std::string> shapes;
  for (const MetricSeries& m : s.metrics) {
    // Appended piece by piece: `", " + std::string` trips GCC 12's -Wrestrict false positive.
    std::string shape = "[";
    shape += std::to_string(s.steps);
    if (m.per_brand) {
      shape += ", ";
      shape += std::to_string(s.brands.size());
    }
    shape += "]";
    name_width = std::max(name_width, m.name.size());
    shape_width = std::max(shape_width, shape.size());
    shapes.push_back(std::move(shape));
  }
  auto pad = [](const std::string& text, std::size_t width) {
    return text + std::string(width > text.size() ? width - text.size() : 0, ' ');
  };
  out << "    " << pad("metric", name_width) << "  " << pad("shape", shape_width) << "  units\n";
  for (std::size_t i = 0; i < s.metrics.size(); ++i)
    out << "    " << pad(s.metrics[i].name, name_width) << "  " << pad(shapes[i], shape_width)
        << "  " << s.metrics[i].unit << "\n";
}

}  // namespace

std::string format_results_info(const ResultsFile& results) {
  const ResultsAttributes& a = results.attributes;
  std::ostringstream out;
  out << "format:        " << a.format << " version " << a.format_version << "\n"
      << "snsim version: " << a.snsim_version << "\n"
      << "created:       " << a.created << "\n"
      << "command line:  " << a.command_line << "\n"
      << "runs:          " << results.runs.size() << "\n";
  for (const RunRecord& run : results.runs) {
    const RunSeries& s = run.series;
    out << "\nrun " << run.index << ": seed " << run.seed << ", replicate " << run.replicate << ", "
        << run.status << ", " << seconds(run.wall_time_s) << "\n";
    for (const auto& [key, value] : run.parameters)
      out << "  parameter " << key << " = " << value << "\n";
    out << "  steps:  " << s.steps << "\n"
        << "  brands: " << s.brands.size();
    if (!s.brands.empty()) out << " (" << join(s.brands) << ")";
    out << "\n  metrics: " << s.metrics.size() << "\n";
    if (!s.metrics.empty()) print_metric_table(out, run);
  }
  out << "\nscenario:\n" << indent_lines(a.scenario_yaml, "  ");
  return out.str();
}

}  // namespace snsim

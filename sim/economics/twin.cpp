#include "snsim/economics/twin.hpp"

#include <limits>
#include <stdexcept>
#include <string>

namespace snsim {
namespace {

const MetricSeries& need(const RunSeries& s, const std::string& name, const char* which) {
  const MetricSeries* m = s.find(name);
  if (m == nullptr || !m->per_brand)
    throw std::invalid_argument(std::string("the ") + which + " run recorded no per-brand '" +
                                name + "' (is the accounting process in the pipeline?)");
  return *m;
}

}  // namespace

void add_incremental_metrics(RunSeries& run, const RunSeries& twin) {
  if (run.steps != twin.steps || run.brands != twin.brands)
    throw std::invalid_argument("the twin must have the same steps and brands as the run");
  const std::size_t cells = static_cast<std::size_t>(run.steps) * run.brands.size();
  auto diff = [&](const std::string& name) {
    const MetricSeries& a = need(run, name, "main");
    const MetricSeries& b = need(twin, name, "twin");
    std::vector<double> d(cells);
    for (std::size_t k = 0; k < cells; ++k) d[k] = a.values[k] - b.values[k];
    return d;
  };
  std::vector<double> conversions = diff("conversions");
  std::vector<double> revenue = diff("revenue");
  std::vector<double> cost = diff("cost");
  std::vector<double> roi(cells);
  for (std::size_t k = 0; k < cells; ++k)
    roi[k] =
        cost[k] > 0.0 ? (revenue[k] - cost[k]) / cost[k] : std::numeric_limits<double>::quiet_NaN();
  auto add = [&](std::string name, std::string unit, std::string description,
                 std::vector<double> v) {
    run.metrics.push_back(
        MetricSeries{std::move(name), std::move(unit), std::move(description), true, std::move(v)});
  };
  add("incremental/conversions", "agents",
      "first purchases this step, run minus its counterfactual twin (same seed)",
      std::move(conversions));
  add("incremental/revenue", "USD", "cumulative revenue, run minus twin", std::move(revenue));
  add("incremental/cost", "USD", "cumulative cost, run minus twin", std::move(cost));
  add("incremental/roi", "1",
      "incremental ROI (d revenue - d cost) / d cost, run minus twin, cumulative; NaN while d cost "
      "<= 0",
      std::move(roi));
}

}  // namespace snsim

#include "snsim/calibrate/calibration_spec.hpp"

#include <algorithm>

#include "snsim/io/detail/schema_reader.hpp"
#include "snsim/io/detail/yaml_tree.hpp"
#include "snsim/sweep/sweep_checks.hpp"

namespace snsim {
namespace {

using detail::Range;
using detail::SchemaReader;
using detail::YamlNode;

/// Reads `priors:` into spec: one sweep range per key path, never a choice or integer range.
void read_priors(const YamlNode* node, const SourcePlace& block_place, CalibrationSpec& spec) {
  if (node == nullptr || node->kind != YamlNode::Kind::map || node->map.empty())
    throw ScenarioError(node != nullptr ? node->place : block_place, "calibrate.priors",
                        "give at least one prior: a key path with a range, e.g. "
                        "word_of_mouth.rate: {distribution: log_uniform, min: 0.01, max: 1}");
  for (std::size_t i = 0; i < node->map.size(); ++i) {
    const auto& [key, value] = node->map[i];
    const std::string path = "calibrate.priors." + key;
    SweepRange range = read_sweep_range(value, key, path);
    if (range.distribution == SweepDistribution::choice)
      throw ScenarioError(value.place, path,
                          "a choice prior is not supported: ABC-SMC perturbs numbers with a "
                          "Gaussian kernel; calibrate each choice separately (--set " +
                              key + "=...)");
    if (range.integer)
      throw ScenarioError(value.place, path,
                          "an integer prior is not supported: ABC-SMC perturbs numbers with a "
                          "Gaussian kernel; drop integer: true");
    if (range.min == range.max)
      throw ScenarioError(value.place, path, "min equals max: nothing to calibrate (use --set)");
    const std::string canonical = canonical_sweep_key(key);
    for (const auto& other : spec.priors)
      if (canonical_sweep_key(other.key) == canonical)
        throw ScenarioError(node->key_places[i], "calibrate.priors",
                            "key path '" + shown_value(key) + "' has two priors");
    if (canonical == "calibrate" || canonical.rfind("calibrate.", 0) == 0 || canonical == "seed")
      throw ScenarioError(node->key_places[i], path,
                          "'" + shown_value(key) + "' cannot be calibrated");
    spec.priors.push_back(std::move(range));
    spec.prior_places.push_back(node->key_places[i]);
  }
}

/// Reads `summaries:` into spec.
void read_summaries(const YamlNode* node, const SourcePlace& block_place, CalibrationSpec& spec) {
  if (node == nullptr || node->kind != YamlNode::Kind::seq || node->seq.empty())
    throw ScenarioError(node != nullptr ? node->place : block_place, "calibrate.summaries",
                        "give at least one summary, e.g. - {metric: aware, brand: brand, "
                        "statistic: series}");
  for (std::size_t i = 0; i < node->seq.size(); ++i) {
    const YamlNode& item = node->seq[i];
    SummarySpec s;
    s.path = "calibrate.summaries[" + std::to_string(i) + "]";
    s.place = item.place;
    SchemaReader r(&item, s.path, item.place);
    r.require("metric");
    s.metric = r.text("metric", "");
    s.brand = r.text("brand", "");
    s.statistic = r.choice("statistic", "series", summary_statistics());
    r.finish();
    if (s.metric.empty()) r.fail("metric", "the metric name is empty");
    for (const auto& other : spec.summaries)
      if (other.metric == s.metric && other.brand == s.brand && other.statistic == s.statistic)
        throw ScenarioError(item.place, s.path,
                            "the same summary is given twice (" + s.metric +
                                (s.brand.empty() ? "" : "[" + s.brand + "]") + ", " + s.statistic +
                                ")");
    spec.summaries.push_back(std::move(s));
  }
}

}  // namespace

const std::vector<std::string>& summary_statistics() {
  static const std::vector<std::string> names = {"series", "final", "peak", "peak_step",
                                                 "time_to_half"};
  return names;
}

std::vector<std::string> CalibrationSpec::keys() const {
  std::vector<std::string> out;
  for (const auto& p : priors) out.push_back(p.key);
  return out;
}

CalibrationSpec parse_calibration(const std::string& scenario_text, const std::string& origin,
                                  const std::vector<std::string>& overrides, bool required) {
  YamlNode root = detail::parse_yaml(scenario_text, origin);
  if (root.kind == YamlNode::Kind::null && !overrides.empty()) root.kind = YamlNode::Kind::map;
  for (const auto& o : overrides) {
    if (root.kind != YamlNode::Kind::map) break;
    detail::apply_override(root, o);
  }
  const YamlNode* node = root.kind == YamlNode::Kind::map ? root.find("calibrate") : nullptr;
  if ((node == nullptr || node->kind == YamlNode::Kind::null) && !required) return {};
  if (node == nullptr || node->kind == YamlNode::Kind::null)
    throw ScenarioError(SourcePlace{origin, 0, 0}, "calibrate",
                        "the scenario has no calibrate: block (priors, summaries, population; "
                        "see docs/calibration.md)");
  if (node->kind != YamlNode::Kind::map)
    throw ScenarioError(node->place, "calibrate",
                        "expected a mapping (priors, summaries, distance, population, tolerance, "
                        "stop, predictive)");
  if (const YamlNode* sweep = root.find("sweep"); sweep != nullptr)
    throw ScenarioError(sweep->place, "sweep",
                        "a scenario with a calibrate: block has no sweep: block (the calibration "
                        "chooses its own runs); remove one of them");
  CalibrationSpec spec;
  spec.present = true;
  spec.block_place = node->place;
  SchemaReader r(node, "calibrate", node->place);
  r.allow("priors");
  r.allow("summaries");
  read_priors(node->find("priors"), node->place, spec);
  read_summaries(node->find("summaries"), node->place, spec);
  spec.distance = r.choice("distance", "standardised", {"standardised"});
  AbcSettings& s = spec.settings;
  s.population = r.integer("population", 200, Range::between(2, 1e7));
  {
    SchemaReader t = r.block("tolerance");
    s.quantile = t.number("quantile", 0.5, Range{0.0, 1.0, true, true});
    t.finish();
  }
  {
    SchemaReader st = r.block("stop");
    s.stop_tolerance = st.number("tolerance", 0.0, Range::at_least(0.0));
    s.min_acceptance = st.number("min_acceptance", 0.0, Range{0.0, 1.0, false, true});
    s.max_runs = st.integer("max_runs", 100 * s.population, Range::between(1, 1e12));
    s.max_generations = st.integer("max_generations", 10, Range::between(1, 1e6));
    st.finish();
    if (s.max_runs < s.population)
      st.fail("max_runs", "a budget of " + std::to_string(s.max_runs) +
                              " runs is too small for one generation of " +
                              std::to_string(s.population) +
                              " particles (calibrate.population): give at least " +
                              std::to_string(s.population));
  }
  spec.predictive = r.integer("predictive", 0, Range::between(0, 1e6));
  r.finish();
  spec.canonical_text = detail::emit_yaml(*node);
  return spec;
}

}  // namespace snsim

#include "snsim/sweep/sweep_spec.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <memory>

#include "snsim/io/detail/schema_reader.hpp"
#include "snsim/io/detail/yaml_tree.hpp"
#include "snsim/sweep/sweep_checks.hpp"

namespace snsim {
namespace {

using detail::Range;
using detail::SchemaReader;
using detail::YamlNode;

constexpr std::uint64_t kGolden = 0x9E3779B97F4A7C15ULL;

/// splitmix64's finaliser (Steele, Lea and Flood 2014).
std::uint64_t mix64(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

/// Returns a uniform number in [0, 1) keyed by (seed, purpose, a, b); 53 random bits.
double unit_draw(std::uint64_t seed, std::uint64_t purpose, std::uint64_t a, std::uint64_t b) {
  std::uint64_t x = mix64(seed + kGolden * (purpose + 1));
  x = mix64(x + kGolden * (a + 1));
  x = mix64(x + kGolden * (b + 1));
  return static_cast<double>(x >> 11) * 0x1.0p-53;
}

constexpr std::uint64_t kPurposeRandom = 1, kPurposeLhsJitter = 2, kPurposeLhsShuffle = 3,
                        kPurposeSobolScramble = 4, kPurposeMorrisStart = 5,
                        kPurposeMorrisDirection = 6, kPurposeMorrisOrder = 7;
// The largest latin_hypercube sample count: its permutations take 4 bytes per sample and range.
constexpr std::uint64_t kMaxLatinHypercubeSamples = 10000000;

/// Returns a grid or choice value as override text: a quoted scalar stays a string.
std::string value_text(const YamlNode& v) {
  if (!v.quoted) return v.scalar;
  std::string q = "'";
  for (char c : v.scalar) q += c == '\'' ? std::string("''") : std::string(1, c);
  return q + "'";
}

/// Returns the upper-tail probability Q(x) = P(Z > x) of a standard normal.
double normal_upper_tail(double x) { return 0.5 * std::erfc(x / std::sqrt(2.0)); }

/// Reads `{min, max}` and checks them (finite, min <= max).
void read_bounds(SchemaReader& r, SweepRange& range) {
  r.require("min");
  r.require("max");
  range.min = r.number("min", 0.0, Range{});
  range.max = r.number("max", 0.0, Range{});
  if (!std::isfinite(range.min) || !std::isfinite(range.max))
    r.fail("", "min and max must be finite numbers");
  if (range.min > range.max)
    r.fail("", "min (" + detail::format_number(range.min) + ") is greater than max (" +
                   detail::format_number(range.max) + ")");
}

}  // namespace

SweepRange read_sweep_range(const YamlNode& node, const std::string& key, const std::string& path) {
  if (node.kind != YamlNode::Kind::map)
    throw ScenarioError(node.place, path,
                        "a range is a mapping {min: ..., max: ...} or {distribution: ...}");
  SchemaReader r(&node, path, node.place);
  SweepRange range;
  range.key = key;
  const std::string kind = r.has("distribution")
                               ? r.choice("distribution", "uniform",
                                          {"uniform", "log_uniform", "truncated_normal", "choice"})
                               : std::string("uniform");
  if (kind == "choice") {
    range.distribution = SweepDistribution::choice;
    r.require("values");
    const YamlNode* values = r.list("values");
    if (values == nullptr || values->kind != YamlNode::Kind::seq)
      r.fail("values", "expected a list of values, e.g. [chronological, engagement]");
    for (const auto& v : values->seq) {
      if (v.kind != YamlNode::Kind::scalar)
        throw ScenarioError(v.place, path + ".values",
                            "choice values must be plain values (numbers or names)");
      range.values.push_back(value_text(v));
    }
    if (range.values.size() < 2)
      r.fail("values", "a choice needs at least two values (a single value is a --set)");
    r.finish();
    return range;
  }
  if (kind == "truncated_normal") {
    range.distribution = SweepDistribution::truncated_normal;
    r.require("mean");
    r.require("sd");
    range.mean = r.number("mean", 0.0, Range{});
    range.sd = r.number("sd", 1.0, Range::above(0.0));
    read_bounds(r, range);
    r.finish();
    if (!std::isfinite(range.mean) || !std::isfinite(range.sd))
      r.fail("", "mean and sd must be finite numbers");
    if (range.min == range.max) r.fail("", "min equals max: nothing to sample");
    // Almost no mass between the bounds makes the inverse CDF meaningless in double precision.
    const double a = (range.min - range.mean) / range.sd, b = (range.max - range.mean) / range.sd;
    const double mass = a > 0 ? normal_upper_tail(a) - normal_upper_tail(b)
                              : normal_upper_tail(-b) - normal_upper_tail(-a);
    if (!(mass > 1e-12))
      r.fail("",
             "[min, max] lies more than 7 standard deviations from the mean: the normal "
             "puts almost no probability there");
    return range;
  }
  // uniform, log_uniform, or the plain {min, max, log, integer} range.
  if (kind == "log_uniform") {
    range.log = true;
  } else {
    range.log = r.boolean("log", false);
  }
  range.distribution = range.log ? SweepDistribution::log_uniform : SweepDistribution::uniform;
  read_bounds(r, range);
  range.integer = r.boolean("integer", false);
  r.finish();
  if (range.log && range.min <= 0) r.fail("min", "a log range needs min > 0");
  if (range.integer && std::ceil(range.min) > std::floor(range.max))
    r.fail("", "no whole number lies in [min, max]");
  return range;
}

namespace {

/// Reads the sampler block `name` (random, latin_hypercube, sobol or morris) into spec.
void read_sampler(const YamlNode& block, const std::string& name, SweepSpec& spec,
                  ParsedSweep& out) {
  const std::string path = "sweep." + name;
  if (block.kind != YamlNode::Kind::map)
    throw ScenarioError(block.place, path,
                        name == "sobol"    ? "expected a mapping {base_samples: N, ranges: {...}}"
                        : name == "morris" ? "expected a mapping {trajectories: R, levels: P, "
                                             "ranges: {...}}"
                                           : "expected a mapping {samples: N, ranges: {...}}");
  SchemaReader b(&block, path, block.place);
  b.require("ranges");
  if (name == "random" || name == "latin_hypercube") {
    spec.sampling = name == "random" ? SweepSampling::random : SweepSampling::latin_hypercube;
    b.require("samples");
    spec.samples = b.integer("samples", 0, Range::between(0, 4294967295.0));
    if (spec.samples == 0) b.fail("samples", "the sample count must be at least 1");
    // A Latin hypercube keeps one permutation of the samples per range (4 bytes each): 4e9
    // samples made `snsim sweep` abort with std::bad_alloc.
    if (spec.sampling == SweepSampling::latin_hypercube && spec.samples > kMaxLatinHypercubeSamples)
      b.fail("samples", "a latin_hypercube takes at most " +
                            std::to_string(kMaxLatinHypercubeSamples) +
                            " samples (use random: for more)");
  } else if (name == "sobol") {
    spec.sampling = SweepSampling::sobol;
    b.require("base_samples");
    spec.base_samples = b.integer("base_samples", 0, Range::between(0, 4294967296.0));
    const std::uint64_t n = spec.base_samples;
    // Saltelli's estimators rely on the Sobol' points' balance, which holds for the first 2^m
    // points; any other N would leave some regions under-sampled (Owen 2020).
    if (n < 2 || (n & (n - 1)) != 0) {
      std::uint64_t lo = 1;
      while (lo * 2 <= n) lo *= 2;
      b.fail("base_samples", n < 2
                                 ? "N must be a power of two, at least 2 (e.g. 64)"
                                 : "N must be a power of two for the Sobol' sequence's balance; " +
                                       std::to_string(n) + " lies between " + std::to_string(lo) +
                                       " and " + std::to_string(lo * 2));
    }
    spec.second_order = b.boolean("second_order", false);
  } else {
    spec.sampling = SweepSampling::morris;
    b.require("trajectories");
    spec.trajectories = b.integer("trajectories", 0, Range::between(0, 4294967295.0));
    if (spec.trajectories < 2)
      b.fail("trajectories",
             "a Morris design needs at least 2 trajectories (sigma needs two effects; "
             "10 to 50 are usual)");
    spec.levels = b.integer("levels", 4, Range::between(0, 1e6));
    if (spec.levels < 2) b.fail("levels", "a Morris design needs at least 2 levels (4 is usual)");
  }
  b.allow("ranges");
  b.finish();
  const YamlNode* ranges = block.find("ranges");
  if (ranges->kind != YamlNode::Kind::map || ranges->map.empty())
    throw ScenarioError(ranges->place, path + ".ranges",
                        "no ranges; give key paths with {min: ..., max: ...}");
  for (std::size_t i = 0; i < ranges->map.size(); ++i) {
    const auto& [key, value] = ranges->map[i];
    spec.ranges.push_back(read_sweep_range(value, key, path + ".ranges." + key));
    out.key_places.push_back(ranges->key_places[i]);
  }
  if (spec.sampling == SweepSampling::sobol &&
      2 * spec.ranges.size() > SobolSequence::kMaxDimensions)
    throw ScenarioError(ranges->place, path + ".ranges",
                        "a Sobol' design takes at most " +
                            std::to_string(SobolSequence::kMaxDimensions / 2) + " ranges, not " +
                            std::to_string(spec.ranges.size()));
}

}  // namespace

std::string sampling_name(SweepSampling sampling) {
  switch (sampling) {
    case SweepSampling::random:
      return "random";
    case SweepSampling::latin_hypercube:
      return "latin_hypercube";
    case SweepSampling::sobol:
      return "sobol";
    case SweepSampling::morris:
      return "morris";
    case SweepSampling::none:
      break;
  }
  return "none";
}

std::uint64_t SweepSpec::blocks_per_sample() const {
  const std::uint64_t k = ranges.size();
  if (sampling == SweepSampling::sobol) return second_order ? 2 * k + 2 : k + 2;
  if (sampling == SweepSampling::morris) return k + 1;
  return 1;
}

std::uint64_t SweepSpec::design_points() const {
  switch (sampling) {
    case SweepSampling::random:
    case SweepSampling::latin_hypercube:
      return samples;
    case SweepSampling::sobol:
      return base_samples * blocks_per_sample();
    case SweepSampling::morris:
      return trajectories * blocks_per_sample();
    case SweepSampling::none:
      break;
  }
  return 1;
}

std::uint64_t SweepSpec::point_count() const {
  std::uint64_t n = design_points();
  for (const auto& axis : grid) n *= axis.values.size();
  return n;
}

std::string SweepRange::value_at(double u) const {
  u = std::min(std::max(u, 0.0), 1.0);
  if (distribution == SweepDistribution::choice) {
    const auto n = values.size();
    const auto i = std::min(static_cast<std::size_t>(u * static_cast<double>(n)), n - 1);
    return values[i];
  }
  if (distribution == SweepDistribution::truncated_normal) {
    if (u <= 0.0) return format_sweep_value(min, false);
    if (u >= 1.0) return format_sweep_value(max, false);
    // Inverse CDF by bisection. The target probability is taken from the tail it is small in:
    // Q(x) = P(Z > x) above the median, Phi(x) = Q(-x) below it (and always the far tail for
    // an interval wholly in one tail), so that no subtraction of nearly equal numbers loses it.
    const double a = (min - mean) / sd, b = (max - mean) / sd;
    const bool upper = a > 0 || (b >= 0 && u > 0.5);
    double target = 0;
    if (upper) {
      const double qa = normal_upper_tail(a), qb = normal_upper_tail(b);
      target = qb + (1.0 - u) * (qa - qb);  // Q falls with x
    } else {
      const double pa = normal_upper_tail(-a), pb = normal_upper_tail(-b);
      target = pa + u * (pb - pa);  // Phi rises with x
    }
    double lo = a, hi = b;
    for (int i = 0; i < 200; ++i) {
      const double mid = 0.5 * (lo + hi);
      if (mid <= lo || mid >= hi) break;  // adjacent doubles: done
      const bool below = upper ? normal_upper_tail(mid) > target : normal_upper_tail(-mid) < target;
      (below ? lo : hi) = mid;
    }
    const double v = mean + sd * 0.5 * (lo + hi);
    return format_sweep_value(std::min(std::max(v, min), max), false);
  }
  double lo = min, hi = max;
  if (integer) {
    lo = std::ceil(min);
    hi = std::floor(max) + 1.0;  // floor below maps [lo, hi) onto lo .. floor(max)
  }
  double v = log ? std::exp(std::log(lo) + u * (std::log(hi) - std::log(lo))) : lo + u * (hi - lo);
  if (integer)
    v = std::min(std::floor(v), std::floor(max));
  else
    v = std::min(std::max(v, min), max);
  return format_sweep_value(v, integer);
}

std::vector<std::string> SweepRange::check_values() const {
  if (distribution == SweepDistribution::choice) return values;
  if (integer)
    return {format_sweep_value(std::ceil(min), true), format_sweep_value(std::floor(max), true)};
  return {format_sweep_value(min, false), format_sweep_value(max, false)};
}

std::vector<std::string> SweepSpec::keys() const {
  std::vector<std::string> out;
  for (const auto& a : grid) out.push_back(a.key);
  for (const auto& r : ranges) out.push_back(r.key);
  return out;
}

std::vector<std::string> SweepRun::overrides() const {
  std::vector<std::string> out;
  out.reserve(parameters.size());
  for (const auto& [k, v] : parameters) out.push_back(k + "=" + v);
  return out;
}

std::uint64_t derive_run_seed(std::uint64_t scenario_seed, std::uint64_t index) {
  return mix64(scenario_seed + kGolden * (index + 1));
}

std::string format_sweep_value(double v, bool integer) {
  if (integer) return std::to_string(static_cast<long long>(v));
  return detail::format_number(v);
}

ParsedSweep parse_sweep(const std::string& scenario_text, const std::string& origin,
                        const std::vector<std::string>& overrides) {
  YamlNode root = detail::parse_yaml(scenario_text, origin);
  if (root.kind == YamlNode::Kind::null && !overrides.empty()) root.kind = YamlNode::Kind::map;
  for (const auto& o : overrides) {
    if (root.kind != YamlNode::Kind::map) break;
    detail::apply_override(root, o);
  }
  ParsedSweep out;
  const YamlNode* node = root.kind == YamlNode::Kind::map ? root.find("sweep") : nullptr;
  if (node == nullptr || node->kind == YamlNode::Kind::null) return out;
  if (node->kind != YamlNode::Kind::map)
    throw ScenarioError(node->place, "sweep",
                        "expected a mapping (grid, random, latin_hypercube, sobol, morris, "
                        "replicates, common_seeds)");
  out.has_sweep = true;
  SweepSpec& spec = out.spec;
  SchemaReader r(node, "sweep", node->place);
  spec.replicates = r.integer("replicates", 1, Range::between(1, 1e9));
  spec.common_seeds = r.boolean("common_seeds", false);

  if (const YamlNode* grid = (r.allow("grid"), node->find("grid")); grid != nullptr) {
    if (grid->kind != YamlNode::Kind::map || grid->map.empty())
      throw ScenarioError(grid->place, "sweep.grid",
                          "the grid is empty; give key paths with lists of values, e.g. "
                          "word_of_mouth.rate: [0.005, 0.01]");
    for (std::size_t i = 0; i < grid->map.size(); ++i) {
      const auto& [key, values] = grid->map[i];
      const std::string path = "sweep.grid." + key;
      SweepGridAxis axis{key, {}};
      if (values.kind == YamlNode::Kind::scalar) {
        axis.values.push_back(values.scalar);
      } else if (values.kind == YamlNode::Kind::seq) {
        for (const auto& v : values.seq) {
          if (v.kind != YamlNode::Kind::scalar)
            throw ScenarioError(v.place, path,
                                "grid values must be plain values (numbers or names)");
          if (!v.quoted) {
            axis.values.push_back(v.scalar);
            continue;
          }
          std::string q = "'";  // a quoted value stays a string in the override
          for (char c : v.scalar) q += c == '\'' ? std::string("''") : std::string(1, c);
          axis.values.push_back(q + "'");
        }
      }
      if (axis.values.empty())
        throw ScenarioError(values.place.line > 0 ? values.place : grid->key_places[i], path,
                            "the grid has no values for this key; give a list such as [1, 2, 3]");
      spec.grid.push_back(std::move(axis));
      out.key_places.push_back(grid->key_places[i]);
    }
  }

  // One sampler at most: a design's indices need its own points, not a mixture.
  std::string sampler;
  for (const char* name : {"random", "latin_hypercube", "sobol", "morris"}) {
    r.allow(name);
    if (!r.has(name)) continue;
    if (!sampler.empty())
      r.fail(name, "give one sampler (random, latin_hypercube, sobol or morris), not both " +
                       sampler + " and " + name);
    sampler = name;
  }
  if (!sampler.empty()) read_sampler(*node->find(sampler), sampler, spec, out);
  r.finish();
  if (spec.grid.empty() && spec.sampling == SweepSampling::none && !node->find("replicates"))
    throw ScenarioError(
        node->place, "sweep",
        "the sweep is empty; give a grid, a sampler (random, latin_hypercube, sobol, morris), "
        "or replicates");
  const auto keys = spec.keys();
  for (std::size_t i = 0; i < keys.size(); ++i)
    for (std::size_t j = 0; j < i; ++j)
      if (keys[i] == keys[j])
        throw ScenarioError(out.key_places[i], "sweep",
                            "key path '" + keys[i] + "' is swept twice");
  // Grid sizes times design points times replicates must fit in 64 bits (run indices are
  // uint64). Design points themselves fit: N (2k + 2) <= 2^32 * 514, r (k + 1) <= 2^32 * 257.
  std::uint64_t runs = spec.design_points();
  for (const auto& axis : spec.grid) {
    if (axis.values.size() > std::numeric_limits<std::uint64_t>::max() / runs)
      throw ScenarioError(node->place, "sweep", "too many runs (more than 2^64)");
    runs *= axis.values.size();
  }
  if (spec.replicates > std::numeric_limits<std::uint64_t>::max() / runs)
    r.fail("replicates", "too many runs");
  check_sweep_block(out, node->place);  // sweep_checks.hpp: spellings, run count
  spec.canonical_text = detail::emit_yaml(*node);
  return out;
}

SweepExpansion expansion_of_sweep_text(const std::string& text) {
  const YamlNode root = detail::parse_yaml(text, "the sweep's scenario");
  std::uint64_t seed = 0;
  if (const YamlNode* s = root.kind == YamlNode::Kind::map ? root.find("seed") : nullptr;
      s != nullptr && s->kind == YamlNode::Kind::scalar)
    seed = std::strtoull(s->scalar.c_str(), nullptr, 10);
  const ParsedSweep parsed = parse_sweep(text, "the sweep's scenario", {});
  return SweepExpansion(parsed.spec, seed);
}

SweepExpansion::SweepExpansion(SweepSpec spec, std::uint64_t scenario_seed)
    : spec_(std::move(spec)), seed_(scenario_seed) {
  if (spec_.sampling == SweepSampling::sobol) {
    sobol_ =
        std::make_shared<const SobolSequence>(static_cast<unsigned>(2 * spec_.ranges.size()), true,
                                              mix64(seed_ + kGolden * (kPurposeSobolScramble + 1)));
    return;
  }
  if (spec_.sampling != SweepSampling::latin_hypercube) return;
  // One random permutation of the strata per dimension (Fisher-Yates, McKay et al. 1979).
  const auto n = static_cast<std::uint32_t>(spec_.samples);
  for (std::size_t d = 0; d < spec_.ranges.size(); ++d) {
    std::vector<std::uint32_t> perm(n);
    for (std::uint32_t i = 0; i < n; ++i) perm[i] = i;
    for (std::uint32_t i = n; i > 1; --i) {
      const auto j = static_cast<std::uint32_t>(unit_draw(seed_, kPurposeLhsShuffle, d, i) * i);
      std::swap(perm[i - 1], perm[j < i ? j : i - 1]);
    }
    strata_.push_back(std::move(perm));
  }
}

void SweepExpansion::design_point(std::uint64_t d, SweepRun& out) const {
  const std::size_t k = spec_.ranges.size();
  out.unit.assign(k, 0.0);
  switch (spec_.sampling) {
    case SweepSampling::none:
      return;
    case SweepSampling::random:
      out.design_sample = d;
      for (std::size_t i = 0; i < k; ++i) out.unit[i] = unit_draw(seed_, kPurposeRandom, d, i);
      return;
    case SweepSampling::latin_hypercube:
      out.design_sample = d;
      for (std::size_t i = 0; i < k; ++i)
        out.unit[i] = (strata_[i][d] + unit_draw(seed_, kPurposeLhsJitter, d, i)) /
                      static_cast<double>(spec_.samples);
      return;
    case SweepSampling::sobol: {
      const std::uint64_t blocks = spec_.blocks_per_sample();
      const std::uint64_t j = d / blocks;
      const auto block = static_cast<std::int64_t>(d % blocks);
      out.design_sample = j;
      out.design_block = block;
      // A_j is coordinates 0..k-1 of Sobol' point j, B_j coordinates k..2k-1.
      const bool base_is_b = block == 1 || block >= static_cast<std::int64_t>(2 + k);
      std::int64_t swapped = -1;  // the coordinate taken from the other matrix
      if (block >= 2) swapped = (block - 2) % static_cast<std::int64_t>(k);
      for (std::size_t i = 0; i < k; ++i) {
        const bool from_b = static_cast<std::int64_t>(i) == swapped ? !base_is_b : base_is_b;
        out.unit[i] = sobol_->coordinate(j, static_cast<unsigned>(from_b ? k + i : i));
      }
      return;
    }
    case SweepSampling::morris: {
      const std::uint64_t t = d / (k + 1);
      const std::uint64_t step = d % (k + 1);
      out.design_sample = t;
      out.design_block = static_cast<std::int64_t>(step);
      const std::uint64_t p = spec_.levels;
      const double delta = static_cast<double>(p / 2) / static_cast<double>(p - 1);
      const std::uint64_t delta_levels = p / 2;
      // The order in which trajectory t moves its coordinates (Fisher-Yates).
      std::vector<std::uint32_t> order(k);
      for (std::uint32_t i = 0; i < k; ++i) order[i] = i;
      for (std::size_t i = k; i > 1; --i) {
        auto r = static_cast<std::size_t>(unit_draw(seed_, kPurposeMorrisOrder, t, i) *
                                          static_cast<double>(i));
        std::swap(order[i - 1], order[r < i ? r : i - 1]);
      }
      for (std::size_t i = 0; i < k; ++i) {
        // Start on a random level; move up by Delta where that stays in [0, 1], down where that
        // does, at random where both do.
        auto level = static_cast<std::uint64_t>(unit_draw(seed_, kPurposeMorrisStart, t, i) *
                                                static_cast<double>(p));
        level = std::min(level, p - 1);
        const bool can_up = level + delta_levels <= p - 1, can_down = level >= delta_levels;
        const bool up =
            can_up && (!can_down || unit_draw(seed_, kPurposeMorrisDirection, t, i) < 0.5);
        out.unit[i] = static_cast<double>(level) / static_cast<double>(p - 1);
        for (std::uint64_t s = 1; s <= step; ++s) {
          if (order[s - 1] != i) continue;
          const std::uint64_t moved = up ? level + delta_levels : level - delta_levels;
          out.unit[i] = static_cast<double>(moved) / static_cast<double>(p - 1);
          if (s == step) {
            out.design_moved = static_cast<std::int64_t>(i);
            out.design_delta = up ? delta : -delta;
          }
        }
      }
      return;
    }
  }
}

SweepRun SweepExpansion::run(std::uint64_t index) const {
  SweepRun out;
  out.index = index;
  out.replicate = index % spec_.replicates;
  out.point = index / spec_.replicates;
  out.stream_run = spec_.common_seeds ? out.replicate : index;
  out.seed = derive_run_seed(seed_, out.stream_run);
  const std::uint64_t design = spec_.design_points();
  const std::uint64_t d = out.point % design;
  std::uint64_t combo = out.point / design;
  out.grid_point = combo;
  // Grid: the last key varies fastest.
  std::vector<std::pair<std::string, std::string>> grid_values(spec_.grid.size());
  for (std::size_t a = spec_.grid.size(); a-- > 0;) {
    const auto& axis = spec_.grid[a];
    grid_values[a] = {axis.key, axis.values[combo % axis.values.size()]};
    combo /= axis.values.size();
  }
  out.parameters = std::move(grid_values);
  design_point(d, out);
  for (std::size_t i = 0; i < spec_.ranges.size(); ++i)
    out.parameters.emplace_back(spec_.ranges[i].key, spec_.ranges[i].value_at(out.unit[i]));
  return out;
}

}  // namespace snsim

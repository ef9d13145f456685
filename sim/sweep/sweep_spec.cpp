#include "snsim/sweep/sweep_spec.hpp"

#include <cmath>
#include <limits>

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

constexpr std::uint64_t kPurposeRandom = 1, kPurposeLhsJitter = 2, kPurposeLhsShuffle = 3;
// The largest latin_hypercube sample count: its permutations take 4 bytes per sample and range.
constexpr std::uint64_t kMaxLatinHypercubeSamples = 10000000;

SweepRange read_range(const YamlNode& node, const std::string& key, const std::string& path) {
  if (node.kind != YamlNode::Kind::map)
    throw ScenarioError(node.place, path, "a range is a mapping {min: ..., max: ...}");
  SchemaReader r(&node, path, node.place);
  SweepRange range;
  range.key = key;
  r.require("min");
  r.require("max");
  range.min = r.number("min", 0.0, Range{});
  range.max = r.number("max", 0.0, Range{});
  range.log = r.boolean("log", false);
  range.integer = r.boolean("integer", false);
  r.finish();
  if (!std::isfinite(range.min) || !std::isfinite(range.max))
    r.fail("", "min and max must be finite numbers");
  if (range.min > range.max)
    r.fail("", "min (" + detail::format_number(range.min) + ") is greater than max (" +
                   detail::format_number(range.max) + ")");
  if (range.log && range.min <= 0) r.fail("min", "a log range needs min > 0");
  if (range.integer && std::ceil(range.min) > std::floor(range.max))
    r.fail("", "no whole number lies in [min, max]");
  return range;
}

}  // namespace

std::uint64_t SweepSpec::point_count() const {
  std::uint64_t n = sampling == SweepSampling::none ? 1 : samples;
  for (const auto& axis : grid) n *= axis.values.size();
  return n;
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
                        "expected a mapping (grid, random, latin_hypercube, replicates)");
  out.has_sweep = true;
  SweepSpec& spec = out.spec;
  SchemaReader r(node, "sweep", node->place);
  spec.replicates = r.integer("replicates", 1, Range::between(1, 1e9));

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

  const bool has_random = r.has("random"), has_lhs = r.has("latin_hypercube");
  if (has_random && has_lhs)
    r.fail("latin_hypercube", "give either random or latin_hypercube, not both");
  r.allow("random");
  r.allow("latin_hypercube");
  if (has_random || has_lhs) {
    const std::string name = has_random ? "random" : "latin_hypercube";
    spec.sampling = has_random ? SweepSampling::random : SweepSampling::latin_hypercube;
    const YamlNode* block = node->find(name);
    if (block->kind != YamlNode::Kind::map)
      throw ScenarioError(block->place, "sweep." + name,
                          "expected a mapping {samples: N, ranges: {...}}");
    SchemaReader b(block, "sweep." + name, block->place);
    b.require("samples");
    b.require("ranges");
    spec.samples = b.integer("samples", 0, Range::between(0, 4294967295.0));
    if (spec.samples == 0) b.fail("samples", "the sample count must be at least 1");
    // A Latin hypercube keeps one permutation of the samples per range (4 bytes each): 4e9
    // samples made `snsim sweep` abort with std::bad_alloc.
    if (has_lhs && spec.samples > kMaxLatinHypercubeSamples)
      b.fail("samples", "a latin_hypercube takes at most " +
                            std::to_string(kMaxLatinHypercubeSamples) +
                            " samples (use random: for more)");
    b.allow("ranges");
    b.finish();
    const YamlNode* ranges = block->find("ranges");
    if (ranges->kind != YamlNode::Kind::map || ranges->map.empty())
      throw ScenarioError(ranges->place, "sweep." + name + ".ranges",
                          "no ranges; give key paths with {min: ..., max: ...}");
    for (std::size_t i = 0; i < ranges->map.size(); ++i) {
      const auto& [key, value] = ranges->map[i];
      spec.ranges.push_back(read_range(value, key, "sweep." + name + ".ranges." + key));
      out.key_places.push_back(ranges->key_places[i]);
    }
  }
  r.finish();
  if (spec.grid.empty() && spec.sampling == SweepSampling::none && !node->find("replicates"))
    throw ScenarioError(
        node->place, "sweep",
        "the sweep is empty; give a grid, random or latin_hypercube samples, or replicates");
  const auto keys = spec.keys();
  for (std::size_t i = 0; i < keys.size(); ++i)
    for (std::size_t j = 0; j < i; ++j)
      if (keys[i] == keys[j])
        throw ScenarioError(out.key_places[i], "sweep",
                            "key path '" + keys[i] + "' is swept twice");
  // Grid sizes times samples times replicates must fit in 64 bits (run indices are uint64).
  std::uint64_t runs = spec.sampling == SweepSampling::none ? 1 : spec.samples;
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

SweepExpansion::SweepExpansion(SweepSpec spec, std::uint64_t scenario_seed)
    : spec_(std::move(spec)), seed_(scenario_seed) {
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

SweepRun SweepExpansion::run(std::uint64_t index) const {
  SweepRun out;
  out.index = index;
  out.replicate = index % spec_.replicates;
  out.point = index / spec_.replicates;
  out.seed = derive_run_seed(seed_, index);
  const std::uint64_t samples = spec_.sampling == SweepSampling::none ? 1 : spec_.samples;
  const std::uint64_t sample = out.point % samples;
  std::uint64_t combo = out.point / samples;
  // Grid: the last key varies fastest.
  std::vector<std::pair<std::string, std::string>> grid_values(spec_.grid.size());
  for (std::size_t a = spec_.grid.size(); a-- > 0;) {
    const auto& axis = spec_.grid[a];
    grid_values[a] = {axis.key, axis.values[combo % axis.values.size()]};
    combo /= axis.values.size();
  }
  out.parameters = std::move(grid_values);
  for (std::size_t d = 0; d < spec_.ranges.size(); ++d) {
    const SweepRange& r = spec_.ranges[d];
    double u = 0.0;
    if (spec_.sampling == SweepSampling::random) {
      u = unit_draw(seed_, kPurposeRandom, sample, d);
    } else {
      u = (strata_[d][sample] + unit_draw(seed_, kPurposeLhsJitter, sample, d)) /
          static_cast<double>(spec_.samples);
    }
    double lo = r.min, hi = r.max;
    if (r.integer) {
      lo = std::ceil(r.min);
      hi = std::floor(r.max) + 1.0;  // floor below maps [lo, hi) onto lo .. floor(max)
    }
    double v =
        r.log ? std::exp(std::log(lo) + u * (std::log(hi) - std::log(lo))) : lo + u * (hi - lo);
    if (r.integer)
      v = std::min(std::floor(v), std::floor(r.max));
    else
      v = std::min(std::max(v, r.min), r.max);
    out.parameters.emplace_back(r.key, format_sweep_value(v, r.integer));
  }
  return out;
}

}  // namespace snsim

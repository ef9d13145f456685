#include "snsim/io/detail/contagion_reader.hpp"

#include <algorithm>
#include <string>

#include "snsim/io/detail/yaml_tree.hpp"
#include "snsim/io/scenario_error.hpp"

namespace snsim::detail {
namespace {

/// Returns the index of `name` in `names` (the caller has checked it is there).
std::size_t position(const std::vector<std::string>& names, const std::string& name) {
  return static_cast<std::size_t>(std::find(names.begin(), names.end(), name) - names.begin());
}

/// Refuses `key` when present: it belongs to other models than `model`.
void refuse(const SchemaReader& r, const std::string& key, const std::string& model,
            const std::string& uses) {
  if (r.has(key))
    r.fail(key, "not a parameter of model '" + model + "' (it uses " + uses +
                    "); remove it or change contagion.model");
}

void read_seeds(SchemaReader r, std::uint32_t n, bool complete, ContagionSpec& c) {
  const YamlNode* ids = r.list("ids");
  const std::string rule =
      r.choice("selection", ids != nullptr ? "ids" : "random", seed_rule_names());
  c.seed_rule = static_cast<SeedRule>(position(seed_rule_names(), rule));
  if (c.seed_rule == SeedRule::ids) {
    if (ids == nullptr) r.fail("selection", "selection 'ids' needs the list contagion.seeds.ids");
    if (r.has("count")) r.fail("count", "the seed set is the list contagion.seeds.ids; drop count");
    if (ids->seq.empty()) r.fail("ids", "needs at least one person id");
    if (ids->seq.size() > n)
      r.fail("ids", std::to_string(ids->seq.size()) + " seeds but population.size is " +
                        std::to_string(n));
    YamlNode* out = r.resolved_child("ids", YamlNode::Kind::seq);
    for (std::size_t k = 0; k < ids->seq.size(); ++k) {
      const YamlNode& v = ids->seq[k];
      const std::string path = r.key_path("ids") + "[" + std::to_string(k) + "]";
      if (v.kind != YamlNode::Kind::scalar)
        throw ScenarioError(v.place, path, "expected a person id (a whole number)");
      const double x = parse_number(v, path);
      if (x < 0 || x != static_cast<double>(static_cast<std::uint64_t>(x)))
        throw ScenarioError(v.place, path,
                            "expected a person id (a whole number >= 0), got " + v.scalar);
      if (x >= n)
        throw ScenarioError(v.place, path,
                            "person " + v.scalar + " is outside the population (ids 0 to " +
                                std::to_string(n - 1) + ")");
      const auto id = static_cast<std::uint32_t>(x);
      if (std::find(c.seed_ids.begin(), c.seed_ids.end(), id) != c.seed_ids.end())
        throw ScenarioError(v.place, path, "person " + v.scalar + " is listed twice");
      c.seed_ids.push_back(id);
      if (out != nullptr) {
        out->seq.emplace_back();
        out->seq.back().kind = YamlNode::Kind::scalar;
        out->seq.back().scalar = std::to_string(id);
      }
    }
    c.seed_count = static_cast<std::uint32_t>(c.seed_ids.size());
  } else {
    if (ids != nullptr)
      r.fail("ids", "a list of ids is selection 'ids', not '" + rule + "'; drop one of them");
    const std::uint64_t count = r.integer("count", c.seed_count, Range::between(1, 4294967295.0));
    if (count > n)
      r.fail("count", "a seed set of " + std::to_string(count) +
                          " people is larger than the population (" + std::to_string(n) + ")");
    c.seed_count = static_cast<std::uint32_t>(count);
  }
  const bool ranked = c.seed_rule == SeedRule::degree || c.seed_rule == SeedRule::imm ||
                      c.seed_rule == SeedRule::celf;
  if (ranked && complete)
    r.fail("selection", "on the complete graph every person is alike; use 'random' or 'ids'");
  const bool greedy = c.seed_rule == SeedRule::imm || c.seed_rule == SeedRule::celf;
  const bool has_cascade = c.model == ContagionModel::independent_cascade ||
                           c.model == ContagionModel::sir || c.model == ContagionModel::seir;
  if (greedy && !has_cascade)
    r.fail("selection", "'" + rule +
                            "' maximises an independent cascade's spread, which only "
                            "independent_cascade, sir and seir have; use ids, random or degree");
  if (c.seed_rule == SeedRule::celf)
    c.celf_simulations = static_cast<std::uint32_t>(
        r.integer("celf_simulations", c.celf_simulations, Range::between(1, 1e7)));
  else if (r.has("celf_simulations"))
    r.fail("celf_simulations", "only read by selection 'celf'");
  if (c.seed_rule == SeedRule::imm)
    c.imm_epsilon = r.number("imm_epsilon", c.imm_epsilon, {0.0, 1.0, true, true});
  else if (r.has("imm_epsilon"))
    r.fail("imm_epsilon", "only read by selection 'imm'");
  r.finish();
}

}  // namespace

void read_contagion(SchemaReader r, std::uint32_t n, bool complete, ContagionSpec& c) {
  const std::string model = r.choice("model", "independent_cascade", contagion_model_names());
  c.model = static_cast<ContagionModel>(position(contagion_model_names(), model));
  const bool cascade = c.model == ContagionModel::independent_cascade;
  const bool threshold = c.model == ContagionModel::linear_threshold;
  const bool rumour =
      c.model == ContagionModel::maki_thompson || c.model == ContagionModel::daley_kendall;
  const bool epidemic = !cascade && !threshold && !rumour;
  const char* uses = cascade                           ? "p"
                     : threshold                       ? "weights"
                     : rumour                          ? "no parameter but the seeds"
                     : c.model == ContagionModel::seir ? "beta, gamma and sigma"
                                                       : "beta and gamma";
  if (cascade)
    c.p = r.number("p", c.p, Range::probability());
  else
    refuse(r, "p", model, uses);
  if (threshold)
    c.weights = static_cast<ThresholdWeights>(
        position({"inverse_degree", "tie_strength"},
                 r.choice("weights", "inverse_degree", {"inverse_degree", "tie_strength"})));
  else
    refuse(r, "weights", model, uses);
  if (epidemic) {
    c.beta = r.number("beta", c.beta, Range::at_least(0));
    c.gamma = r.number("gamma", c.gamma, Range::probability());
  } else {
    refuse(r, "beta", model, uses);
    refuse(r, "gamma", model, uses);
  }
  if (c.model == ContagionModel::seir)
    c.sigma = r.number("sigma", c.sigma, {0.0, 1.0, true, false});
  else
    refuse(r, "sigma", model, uses);
  read_seeds(r.block("seeds"), n, complete, c);
  r.finish();
}

void read_memes(SchemaReader r, MemeSpec& m) {
  m.p_new = r.number("p_new", m.p_new, Range::probability());
  m.p_memory = r.number("p_memory", m.p_memory, Range::probability());
  m.attention = r.choice("attention", "posts", {"posts", "window"}) == "posts"
                    ? MemeAttention::posts
                    : MemeAttention::window;
  // Each kind of attention has its own keys; the other kind's are refused, not ignored.
  const auto refuse_memes = [&](const std::string& key, const std::string& attention) {
    if (r.has(key))
      r.fail(key, "not read with memes.attention: " + attention + "; remove it or change " +
                      "memes.attention");
  };
  if (m.attention == MemeAttention::posts) {
    m.screen_length = static_cast<std::uint32_t>(
        r.integer("screen_length", m.screen_length, Range::between(1, 1e5)));
    m.memory_length = static_cast<std::uint32_t>(
        r.integer("memory_length", m.memory_length, Range::between(1, 1e5)));
    refuse_memes("time_window", "posts");
  } else {
    m.time_window = r.number("time_window", m.time_window, {0.0, 1e3, true, false});
    refuse_memes("screen_length", "window");
    refuse_memes("memory_length", "window");
  }
  m.activity = r.choice("activity", "uniform", {"uniform", "population"}) == "uniform"
                   ? MemeActivity::uniform
                   : MemeActivity::population;
  m.activations_per_person =
      r.number("activations_per_person", m.activations_per_person, {0.0, 1e3, true, false});
  r.finish();
}

}  // namespace snsim::detail

#include "snsim/io/scenario_loader.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "snsim/builtin.hpp"
#include "snsim/core/process_registry.hpp"
#include "snsim/economics/strategy.hpp"
#include "snsim/io/detail/contagion_reader.hpp"
#include "snsim/io/detail/market_reader.hpp"
#include "snsim/io/detail/platform_reader.hpp"
#include "snsim/io/detail/sales_reader.hpp"
#include "snsim/io/detail/schema_reader.hpp"
#include "snsim/io/detail/strategy_reader.hpp"
#include "snsim/io/input_file.hpp"
#include "snsim/network/edge_list.hpp"

namespace snsim {
namespace {

using detail::Range;
using detail::SchemaReader;
using detail::YamlNode;

bool is_name(const std::string& s, bool allow_dot) {
  if (s.empty() || s.size() > 64) return false;
  return std::all_of(s.begin(), s.end(), [&](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' ||
           (allow_dot && c == '.');
  });
}

const std::vector<std::string>& generator_names() {
  static const std::vector<std::string> names{
      "complete",         "erdos_renyi", "barabasi_albert", "watts_strogatz",
      "stochastic_block", "holme_kim",   "edge_list",       "jackson_rogers"};
  return names;
}

void read_time(SchemaReader r, TimeSpec& t) {
  t.steps = static_cast<Step>(r.integer("steps", t.steps, Range::between(1, 1e9)));
  t.unit = r.choice("unit", t.unit, {"hour", "day", "week"});
  r.finish();
}

/// Reads population.community_sizes (after size and communities): whole numbers >= 1, one per
/// community, summing to population.size.
void read_community_sizes(SchemaReader& r, const YamlNode& sizes, PopulationSpec& p) {
  const std::string key = "community_sizes";
  if (sizes.seq.size() != p.communities)
    r.fail(key, std::to_string(sizes.seq.size()) + " sizes but population.communities is " +
                    std::to_string(p.communities) + "; drop communities or make them agree");
  YamlNode* out = r.resolved_child(key, YamlNode::Kind::seq);
  std::uint64_t total = 0;
  for (std::size_t c = 0; c < sizes.seq.size(); ++c) {
    const std::string path = r.key_path(key) + "[" + std::to_string(c) + "]";
    const std::uint64_t v =
        detail::parse_whole_number(sizes.seq[c], path, Range::between(1, 4294967295.0));
    p.community_sizes.push_back(static_cast<std::uint32_t>(v));
    total += v;
    if (out != nullptr) {
      out->seq.emplace_back();
      out->seq.back().kind = YamlNode::Kind::scalar;
      out->seq.back().scalar = std::to_string(v);
    }
  }
  if (total != p.size)
    r.fail(key, "the community sizes sum to " + std::to_string(total) + " but population.size is " +
                    std::to_string(p.size));
}

void read_population(SchemaReader r, PopulationSpec& p) {
  p.size = static_cast<std::uint32_t>(r.integer("size", p.size, Range::between(2, 4294967295.0)));
  // Fixed sizes give the number of communities (the default of `communities`).
  const YamlNode* sizes = r.list("community_sizes");
  if (sizes != nullptr && (sizes->seq.empty() || sizes->seq.size() > 65535))
    r.fail("community_sizes", "needs 1 to 65535 community sizes");
  p.communities = static_cast<std::uint32_t>(
      r.integer("communities", sizes != nullptr ? sizes->seq.size() : p.communities,
                Range::between(1, 65535)));
  if (p.communities > p.size) r.fail("communities", "more communities than agents");
  if (sizes != nullptr) read_community_sizes(r, *sizes, p);
  p.topics = static_cast<std::uint32_t>(r.integer("topics", p.topics, Range::between(1, 1024)));
  p.interest_spread = r.number("interest_spread", p.interest_spread, Range::at_least(0));
  p.interest_bits = static_cast<std::uint32_t>(
      r.integer("interest_bits", p.interest_bits, Range::between(16, 32)));
  if (p.interest_bits != 16 && p.interest_bits != 32)
    r.fail("interest_bits", "must be 32 (floats) or 16 (fixed point, half the memory)");
  {
    SchemaReader a = r.block("activity");
    p.activity_mean = a.number("mean", p.activity_mean, Range::above(0));
    p.activity_sigma = a.number("sigma", p.activity_sigma, Range::between(0, 5));
    a.finish();
  }
  p.attention =
      static_cast<std::uint32_t>(r.integer("attention", p.attention, Range::between(1, 65535)));
  p.share_prob = r.number("share", p.share_prob, Range::probability());
  p.reply_prob = r.number("reply", p.reply_prob, Range::probability());
  p.skepticism = r.number("skepticism", p.skepticism, Range::probability());
  p.propensity_sigma = r.number("propensity_sigma", p.propensity_sigma, Range::between(0, 5));
  r.finish();
}

void read_network(SchemaReader r, const std::string& base_dir, const PopulationSpec& pop,
                  NetworkSpec& n) {
  const std::string g = r.choice("generator", "barabasi_albert", generator_names());
  n.generator = static_cast<GraphGenerator>(
      std::find(generator_names().begin(), generator_names().end(), g) - generator_names().begin());
  n.initial_strength = r.number("initial_strength", n.initial_strength, {0.0, 1.0, true, false});
  // Every generator's block is checked when present; only the chosen one is kept in the
  // resolved scenario, so that a sweep over `network.generator` finds its parameters ready.
  const double n_agents = pop.size;
  {
    SchemaReader b = r.block("erdos_renyi", g == "erdos_renyi");
    n.er_mean_degree = b.number("mean_degree", n.er_mean_degree, {0.0, n_agents - 1, true, false});
    b.finish();
  }
  {
    SchemaReader b = r.block("barabasi_albert", g == "barabasi_albert");
    n.ba_m = static_cast<std::uint32_t>(b.integer("m", n.ba_m, Range::between(1, 1e6)));
    if (g == "barabasi_albert" && n.ba_m >= pop.size)
      b.fail("m", "must be smaller than population.size (" + std::to_string(pop.size) + ")");
    b.finish();
  }
  {
    SchemaReader b = r.block("watts_strogatz", g == "watts_strogatz");
    n.ws_k = static_cast<std::uint32_t>(b.integer("k", n.ws_k, Range::between(2, 1e6)));
    if (n.ws_k % 2 != 0) b.fail("k", "must be even (k/2 neighbours on each side of the ring)");
    if (g == "watts_strogatz" && n.ws_k >= pop.size)
      b.fail("k", "must be smaller than population.size (" + std::to_string(pop.size) + ")");
    n.ws_beta = b.number("beta", n.ws_beta, Range::probability());
    b.finish();
  }
  {
    SchemaReader b = r.block("stochastic_block", g == "stochastic_block");
    n.sbm_degree_in = b.number("degree_in", n.sbm_degree_in, Range::at_least(0));
    n.sbm_degree_out = b.number("degree_out", n.sbm_degree_out, Range::at_least(0));
    b.finish();
  }
  {
    SchemaReader b = r.block("holme_kim", g == "holme_kim");
    n.hk_m = static_cast<std::uint32_t>(b.integer("m", n.hk_m, Range::between(1, 1e6)));
    if (g == "holme_kim" && n.hk_m >= pop.size)
      b.fail("m", "must be smaller than population.size (" + std::to_string(pop.size) + ")");
    n.hk_triad_prob = b.number("triad_prob", n.hk_triad_prob, Range::probability());
    b.finish();
  }
  {
    SchemaReader b = r.block("jackson_rogers", g == "jackson_rogers");
    n.jr_m_r = static_cast<std::uint32_t>(b.integer("m_r", n.jr_m_r, Range::between(1, 1e6)));
    if (g == "jackson_rogers" && n.jr_m_r >= pop.size)
      b.fail("m_r", "must be smaller than population.size (" + std::to_string(pop.size) + ")");
    n.jr_m_n = static_cast<std::uint32_t>(b.integer("m_n", n.jr_m_n, Range::between(0, 1e6)));
    n.jr_p_r = b.number("p_r", n.jr_p_r, {0.0, 1.0, true, false});
    n.jr_p_n = b.number("p_n", n.jr_p_n, Range::probability());
    b.finish();
  }
  {
    SchemaReader b = r.block("edge_list", g == "edge_list");
    if (g == "edge_list") b.require("path");
    const std::string given = b.text("path", "");
    if (!given.empty()) {
      std::filesystem::path p(given);
      if (p.is_relative()) p = std::filesystem::path(base_dir) / p;
      n.edge_list_path = p.lexically_normal().string();
      if (g == "edge_list") {
        // Read it now, so that `snsim validate` catches a missing file or a bad line.
        try {
          const std::uint32_t nodes = edge_list_node_count(n.edge_list_path);
          if (nodes > pop.size)
            b.fail("path", "the edge list names node " + std::to_string(nodes - 1) +
                               ", outside population.size " + std::to_string(pop.size) +
                               " (set population.size to at least " + std::to_string(nodes) + ")");
        } catch (const EdgeListError& e) {
          b.fail("path", e.what());
        }
      }
    }
    b.finish();
  }
  r.finish();
}

void read_channel(SchemaReader r, ChannelResponse& c) {
  c.aware = r.number("aware", c.aware, Range::probability());
  c.engage = r.number("engage", c.engage, Range::probability());
  c.visit = r.number("visit", c.visit, Range::probability());
  r.finish();
}

void read_funnel(SchemaReader r, FunnelSpec& f) {
  for (std::size_t c = 0; c < kChannelCount; ++c)
    read_channel(r.block(std::string(kChannelNames[c])), f.response[c]);
  f.purchase_per_visit = r.number("purchase_per_visit", f.purchase_per_visit, Range::probability());
  f.advocate_per_step = r.number("advocate_per_step", f.advocate_per_step, Range::probability());
  f.churn_per_step = r.number("churn_per_step", f.churn_per_step, Range::probability());
  f.repurchase_per_step =
      r.number("repurchase_per_step", f.repurchase_per_step, Range::probability());
  r.finish();
}

void read_word_of_mouth(SchemaReader r, WordOfMouthSpec& w) {
  w.rate = r.number("rate", w.rate, Range::at_least(0));
  {
    SchemaReader t = r.block("talk_weight");
    for (std::size_t s = 0; s < kStageCount; ++s)
      w.talk_weight[s] =
          t.number(std::string(kStageNames[s]), w.talk_weight[s], Range::at_least(0));
    t.finish();
  }
  w.trust_bonus = r.number("trust_bonus", w.trust_bonus, Range::probability());
  w.negative_mult = r.number("negative_mult", w.negative_mult, Range::at_least(0));
  w.negative_trust_penalty =
      r.number("negative_trust_penalty", w.negative_trust_penalty, Range::probability());
  r.finish();
}

void read_networking(SchemaReader r, const PopulationSpec& pop, NetworkingSpec& n) {
  n.tie_gain = r.number("tie_gain", n.tie_gain, Range::probability());
  n.tie_decay = r.number("tie_decay", n.tie_decay, {0.0, 1.0, false, true});
  n.tie_floor = r.number("tie_floor", n.tie_floor, {0.0, 1.0, true, true});
  n.brand_tie_cap = r.number("brand_tie_cap", n.brand_tie_cap, Range::between(n.tie_floor, 1));
  n.minutes_per_conversation =
      r.number("minutes_per_conversation", n.minutes_per_conversation, Range::above(0));
  n.reply_answer_rate = r.number("reply_answer_rate", n.reply_answer_rate, Range::probability());
  n.trust_gain = r.number("trust_gain", n.trust_gain, Range::probability());
  n.return_rate = r.number("return_rate", n.return_rate, Range::probability());
  n.participation = r.number("participation", n.participation, Range::probability());
  n.group_reply_prob = r.number("group_reply_prob", n.group_reply_prob, Range::probability());
  {
    SchemaReader i = r.block("introduction");
    n.intro_threshold = i.number("threshold", n.intro_threshold, {0.0, 1.0, true, false});
    n.intro_accept_prob = i.number("accept_prob", n.intro_accept_prob, Range::probability());
    n.intro_strength =
        i.number("initial_strength", n.intro_strength, Range::between(n.tie_floor, 1));
    i.finish();
  }
  {
    SchemaReader t = r.block("person_ties");
    // The rate per open triad of earlier versions ran away on graphs with hubs; refuse it by
    // name rather than as an unknown key, so that old scenarios learn what replaced it.
    if (t.has("triadic_closure_rate"))
      t.fail("triadic_closure_rate",
             "replaced by closure_rate (introductions per person per step, not per open triad); "
             "see scenarios/README.md");
    n.closure_rate = t.number("closure_rate", n.closure_rate, Range::probability());
    n.homophily_rate = t.number("homophily_rate", n.homophily_rate, Range::probability());
    n.person_tie_strength =
        t.number("initial_strength", n.person_tie_strength, {n.tie_floor, 1.0, true, false});
    n.compaction_interval = static_cast<std::uint32_t>(
        t.integer("compaction_interval", n.compaction_interval, Range::between(1, 1e6)));
    t.finish();
  }
  const YamlNode* names = r.list("community_names");
  YamlNode* names_out = r.resolved_child("community_names", YamlNode::Kind::seq);
  if (names != nullptr) {
    if (names->seq.size() != pop.communities)
      r.fail("community_names", "needs one name per community (population.communities = " +
                                    std::to_string(pop.communities) + "), got " +
                                    std::to_string(names->seq.size()));
    for (std::size_t c = 0; c < names->seq.size(); ++c) {
      const YamlNode& v = names->seq[c];
      const std::string path = r.key_path("community_names") + "[" + std::to_string(c) + "]";
      if (v.kind != YamlNode::Kind::scalar || !is_name(v.scalar, false))
        throw ScenarioError(v.place, path,
                            "a community name is 1 to 64 letters, digits, '_' or '-'");
      if (std::find(n.community_names.begin(), n.community_names.end(), v.scalar) !=
          n.community_names.end())
        throw ScenarioError(v.place, path, "duplicate community name '" + v.scalar + "'");
      n.community_names.push_back(v.scalar);
    }
  } else {
    for (std::uint32_t c = 0; c < pop.communities; ++c)
      n.community_names.push_back("community_" + std::to_string(c));
  }
  if (names_out != nullptr) {
    for (const auto& name : n.community_names) {
      names_out->seq.emplace_back();
      names_out->seq.back().kind = YamlNode::Kind::scalar;
      names_out->seq.back().scalar = name;
    }
  }
  r.finish();
}

/// Reads brands[i].strategy.groups: community indices or names; an unknown name is an error.
void read_groups(SchemaReader& strategy, const NetworkingSpec& net, BrandSpec& b) {
  const YamlNode* groups = strategy.list("groups");
  YamlNode* out = strategy.resolved_child("groups", YamlNode::Kind::seq);
  if (groups == nullptr) return;
  const auto& names = net.community_names;
  for (std::size_t k = 0; k < groups->seq.size(); ++k) {
    const YamlNode& v = groups->seq[k];
    const std::string path = strategy.key_path("groups") + "[" + std::to_string(k) + "]";
    if (v.kind != YamlNode::Kind::scalar)
      throw ScenarioError(v.place, path, "expected a community index or name");
    std::uint32_t c = 0;
    const auto it = std::find(names.begin(), names.end(), v.scalar);
    if (it != names.end()) {
      c = static_cast<std::uint32_t>(it - names.begin());
    } else {
      const bool digits = !v.quoted && !v.scalar.empty() &&
                          std::all_of(v.scalar.begin(), v.scalar.end(),
                                      [](char ch) { return ch >= '0' && ch <= '9'; });
      if (!digits || v.scalar.size() > 6 || std::stoul(v.scalar) >= names.size()) {
        const std::string near = detail::closest_name(v.scalar, names);
        throw ScenarioError(v.place, path,
                            "no community is called '" + v.scalar + "'" +
                                (near.empty() ? "" : " (did you mean '" + near + "'?)") +
                                "; give an index below " + std::to_string(names.size()) +
                                " or a name of networking.community_names");
      }
      c = static_cast<std::uint32_t>(std::stoul(v.scalar));
    }
    if (std::find(b.groups.begin(), b.groups.end(), c) != b.groups.end())
      throw ScenarioError(v.place, path, "group '" + names[c] + "' is listed twice");
    b.groups.push_back(c);
    if (out != nullptr) {
      out->seq.emplace_back();
      out->seq.back().kind = YamlNode::Kind::scalar;
      out->seq.back().scalar = names[c];
    }
  }
}

void read_economics(SchemaReader r, EconomicsSpec& e) {
  e.cpm = r.number("cpm", e.cpm, Range::above(0));
  e.hourly_rate = r.number("hourly_rate", e.hourly_rate, Range::at_least(0));
  e.order_value = r.number("order_value", e.order_value, Range::at_least(0));
  r.finish();
}

void read_attribution(SchemaReader r, AttributionSpec& a) {
  a.enabled = r.boolean("enabled", a.enabled);
  a.track_prob_broadcast =
      r.number("track_prob_broadcast", a.track_prob_broadcast, Range::probability());
  a.track_prob_private = r.number("track_prob_private", a.track_prob_private, Range::probability());
  const YamlNode* models = r.list("models");
  YamlNode* out = r.resolved_child("models", YamlNode::Kind::seq);
  if (models != nullptr) {
    const std::vector<std::string> known(kAttributionModelNames.begin(),
                                         kAttributionModelNames.end());
    a.models.clear();
    for (std::size_t k = 0; k < models->seq.size(); ++k) {
      const YamlNode& v = models->seq[k];
      const std::string path = r.key_path("models") + "[" + std::to_string(k) + "]";
      if (v.kind != YamlNode::Kind::scalar)
        throw ScenarioError(v.place, path, "expected an attribution model name");
      const auto it = std::find(known.begin(), known.end(), v.scalar);
      if (it == known.end()) {
        const std::string near = detail::closest_name(v.scalar, known);
        throw ScenarioError(v.place, path,
                            "unknown attribution model '" + v.scalar + "'" +
                                (near.empty() ? "" : " (did you mean '" + near + "'?)") +
                                "; known: last_touch, first_touch, linear");
      }
      const auto m = static_cast<AttributionModel>(it - known.begin());
      if (std::find(a.models.begin(), a.models.end(), m) != a.models.end())
        throw ScenarioError(v.place, path, "attribution model '" + v.scalar + "' is listed twice");
      a.models.push_back(m);
    }
  }
  if (out != nullptr) {
    for (const AttributionModel m : a.models) {
      out->seq.emplace_back();
      out->seq.back().kind = YamlNode::Kind::scalar;
      out->seq.back().scalar = std::string(kAttributionModelNames[static_cast<std::size_t>(m)]);
    }
  }
  r.finish();
}

BrandSpec read_brand(SchemaReader r, std::size_t index, const PopulationSpec& pop,
                     const NetworkingSpec& net, double order_value, Step steps) {
  BrandSpec b;
  r.require("name");
  b.name = r.text("name", "");
  if (!is_name(b.name, false))
    r.fail("name", "a brand name is 1 to 64 letters, digits, '_' or '-', got '" + b.name + "'");
  b.community = static_cast<std::uint32_t>(
      r.integer("community", index % pop.communities, Range::between(0, pop.communities - 1.0)));
  {
    SchemaReader budget = r.block("budget");
    b.money_per_step = budget.number("money_per_step", b.money_per_step, Range::at_least(0));
    b.hours_per_step = budget.number("hours_per_step", b.hours_per_step, Range::between(0, 24));
    budget.finish();
  }
  {
    SchemaReader strategy = r.block("strategy");
    b.broadcast_share = strategy.number("broadcast", b.broadcast_share, Range::probability());
    b.networking_share = strategy.number("networking", b.networking_share, Range::probability());
    b.selling_share = strategy.number("selling", b.selling_share, Range::probability());
    b.introductions = static_cast<std::uint32_t>(
        strategy.integer("introductions", b.introductions, Range::between(0, 1000)));
    b.follow_ups = strategy.boolean("follow_ups", b.follow_ups);
    read_groups(strategy, net, b);
    detail::read_brand_media_strategy(strategy, b.media);
    detail::read_brand_strategy(strategy, steps, b);
    strategy.finish();
  }
  b.initial_aware = r.number("initial_aware", b.initial_aware, Range::probability());
  detail::read_brand_market(r, order_value, b);
  detail::read_brand_media(r, b.media);
  r.finish();
  return b;
}

/// Throws when a brand's strategy needs a process the pipeline leaves out, so that no budget is
/// silently not spent.
void check_pipeline_spends(const Scenario& s, const SourcePlace& place) {
  const auto runs = [&](const char* name) {
    return std::find(s.processes.begin(), s.processes.end(), name) != s.processes.end();
  };
  for (std::size_t i = 0; i < s.brands.size(); ++i) {
    const BrandSpec& b = s.brands[i];
    const std::string who = "brands[" + std::to_string(i) + "] ('" + b.name + "')";
    if ((b.strategy != "mix" || !b.phases.empty()) && !runs("strategy"))
      throw ScenarioError(place, "processes",
                          who +
                              " has a strategy that changes over time, but the pipeline has no "
                              "'strategy' process; add it first");
    // Each share the brand spends at some step needs the process that spends it.
    BrandMix most = base_allocation(b).mix;
    for (const auto& p : b.phases) {
      most.broadcast = std::max(most.broadcast, p.mix.broadcast);
      most.promote = std::max(most.promote, p.mix.promote);
      most.manipulate = std::max(most.manipulate, p.mix.manipulate);
      most.networking = std::max(most.networking, p.mix.networking);
      most.ask_votes = std::max(most.ask_votes, p.mix.ask_votes);
    }
    const bool money = b.money_per_step > 0.0, hours = b.hours_per_step > 0.0;
    const struct {
      bool spends;
      const char* what;
      const char* process;
    } needs[] = {{money && most.broadcast > 0.0, "broadcast money", "broadcast"},
                 {money && most.promote > 0.0, "promoted posts", "social_media"},
                 {money && most.manipulate > 0.0, "fake likes", "manipulation"},
                 {hours && most.networking > 0.0, "networking hours", "social_networking"},
                 {hours && most.ask_votes > 0.0, "asking its circle for votes", "manipulation"}};
    for (const auto& n : needs)
      if (n.spends && !runs(n.process))
        throw ScenarioError(place, "processes",
                            who + " spends on " + n.what + " but the pipeline has no '" +
                                n.process + "' process: add it, or set that share to 0");
  }
}

// Throws ScenarioError when a scenario without brands runs a process that acts on brands: at
// that process's entry of `processes` (procs), or at `brands` (place) for the default pipeline.
void check_brands_needed(const Scenario& s, const YamlNode* procs, const SourcePlace& place) {
  const auto& registry = ProcessRegistry::global();
  std::string people_only;
  for (const auto& name : registry.names())
    if (!registry.needs_brands(name)) people_only += (people_only.empty() ? "" : ", ") + name;
  if (procs == nullptr)
    throw ScenarioError(place, "brands",
                        "the scenario has no brands and no processes: list, and the default "
                        "pipeline acts on brands: add a brands: list, or a processes: list of "
                        "processes that act on people only (" +
                            people_only + ")");
  for (std::size_t i = 0; i < s.processes.size(); ++i)
    if (registry.needs_brands(s.processes[i]))
      throw ScenarioError(procs->seq[i].place, "processes[" + std::to_string(i) + "]",
                          "process '" + s.processes[i] +
                              "' acts on brands, and the scenario has no brands: add a brands: "
                              "list, or remove '" +
                              s.processes[i] +
                              "' (processes that act on people only: " + people_only + ")");
}

Scenario read_scenario(const YamlNode& root, const std::string& origin,
                       const std::string& base_dir) {
  if (root.kind != YamlNode::Kind::map)
    throw ScenarioError(
        root.place.line > 0 ? root.place : SourcePlace{origin, 1, 1}, "",
        root.kind == YamlNode::Kind::null
            ? "the scenario is empty; it must be a mapping of keys (name, seed, ...)"
            : "the scenario must be a mapping of keys (name, seed, ...)");
  Scenario s;
  YamlNode resolved;
  SchemaReader r(&root, "", SourcePlace{origin, 1, 1}, &resolved);
  s.name = r.text("name", s.name);
  if (!is_name(s.name, true))
    r.fail("name", "a scenario name is 1 to 64 letters, digits, '_', '-' or '.', got '" +
                       shown_value(s.name) + "'");
  s.seed = r.integer("seed", s.seed, Range::at_least(0));  // any 64-bit seed, exactly
  read_time(r.block("time"), s.time);
  read_population(r.block("population"), s.population);
  read_network(r.block("network"), base_dir, s.population, s.network);
  read_funnel(r.block("funnel"), s.funnel);
  read_word_of_mouth(r.block("word_of_mouth"), s.word_of_mouth);
  read_networking(r.block("networking"), s.population, s.networking);
  read_economics(r.block("economics"), s.economics);
  read_attribution(r.block("attribution"), s.attribution);
  detail::read_manipulation(r.block("manipulation"), s.manipulation);
  detail::read_market(r.block("market"), s.market);
  r.allow("sweep");      // read by sweep/sweep_spec.cpp; kept out of the resolved scenario
  r.allow("calibrate");  // read by calibrate/calibration_spec.cpp; likewise

  // Brands are optional: a pipeline of processes that act on people only (a classic model of
  // diffusion) runs without any; check_brands_needed refuses the other pipelines.
  const YamlNode* brands = r.list("brands");
  YamlNode* brands_out = r.resolved_child("brands", YamlNode::Kind::seq);
  std::set<std::string> seen;
  for (std::size_t i = 0; brands != nullptr && i < brands->seq.size(); ++i) {
    brands_out->seq.emplace_back();
    const std::string path = "brands[" + std::to_string(i) + "]";
    BrandSpec b = read_brand(
        SchemaReader(&brands->seq[i], path, brands->seq[i].place, &brands_out->seq.back()), i,
        s.population, s.networking, s.economics.order_value, s.time.steps);
    if (!seen.insert(b.name).second)
      throw ScenarioError(brands->seq[i].place, path + ".name",
                          "duplicate brand name '" + b.name + "'");
    s.brands.push_back(std::move(b));
  }
  detail::read_platform(r.block("platform"), base_dir, s.population.size, s.brands.size(),
                        s.platform);

  const auto& registry = ProcessRegistry::global();
  const auto known = registry.names();
  const YamlNode* procs = r.list("processes");
  YamlNode* procs_out = r.resolved_child("processes", YamlNode::Kind::seq);
  if (procs == nullptr) {
    s.processes = default_pipeline();
  } else {
    for (std::size_t i = 0; i < procs->seq.size(); ++i) {
      const YamlNode& p = procs->seq[i];
      const std::string path = "processes[" + std::to_string(i) + "]";
      if (p.kind != YamlNode::Kind::scalar)
        throw ScenarioError(p.place, path, "expected a process name");
      if (std::find(known.begin(), known.end(), p.scalar) == known.end()) {
        const std::string near = detail::closest_name(p.scalar, known);
        std::string all;
        for (const auto& k : known) all += (all.empty() ? "" : ", ") + k;
        throw ScenarioError(p.place, path,
                            "unknown process '" + shown_value(p.scalar) + "'" +
                                (near.empty() ? "" : " (did you mean '" + near + "'?)") +
                                "; known: " + all);
      }
      if (std::find(s.processes.begin(), s.processes.end(), p.scalar) != s.processes.end())
        throw ScenarioError(p.place, path,
                            "process '" + shown_value(p.scalar) + "' is listed twice");
      s.processes.push_back(p.scalar);
    }
  }
  check_pipeline_spends(s, r.place_of("processes"));
  if (std::find(s.processes.begin(), s.processes.end(), "contagion") != s.processes.end())
    detail::read_contagion(r.block("contagion"), s.population.size,
                           s.network.generator == GraphGenerator::complete, s.contagion);
  else if (r.has("contagion"))
    r.fail("contagion", "only the 'contagion' process reads this block; add it to processes");
  if (std::find(s.processes.begin(), s.processes.end(), "memes") != s.processes.end()) {
    detail::read_memes(r.block("memes"), s.memes);
    const FollowGraphSpec& fs = s.platform.follow_graph;
    if (s.network.generator == GraphGenerator::complete && fs.source != FollowSource::edge_list &&
        (fs.tie_follow > 0.0 || fs.popular_follows > 0.0))
      r.fail("network",
             "the memes process follows social ties, which the complete graph does "
             "not store; choose another network.generator or give "
             "platform.follow_graph.edge_list");
  } else if (r.has("memes"))
    r.fail("memes", "only the 'memes' process reads this block; add it to processes");
  const auto sales_at = std::find(s.processes.begin(), s.processes.end(), "sales_cycle");
  if (sales_at != s.processes.end()) {
    detail::read_sales(r.block("sales"), s.sales);
    // Deals won after accounting would reach the ledger a step late (the last step's never).
    if (std::find(sales_at, s.processes.end(), "accounting") == s.processes.end() &&
        std::find(s.processes.begin(), s.processes.end(), "accounting") != s.processes.end())
      throw ScenarioError(r.place_of("processes"), "processes",
                          "'sales_cycle' must come before 'accounting', which counts its deals");
  } else if (r.has("sales")) {
    r.fail("sales", "only the 'sales_cycle' process reads this block; add it to processes");
  }
  for (const auto& p : s.processes) {
    procs_out->seq.emplace_back();
    procs_out->seq.back().kind = YamlNode::Kind::scalar;
    procs_out->seq.back().scalar = p;
  }
  // After finish(), so that `brand:` is reported as a typo of `brands`, not as a missing list.
  r.finish();
  if (s.brands.empty()) check_brands_needed(s, procs, r.place_of("brands"));
  s.source_path = origin;
  s.resolved_yaml = detail::emit_yaml(resolved);
  return s;
}

}  // namespace

Scenario load_scenario_text(const std::string& text, const std::string& origin,
                            const std::vector<std::string>& overrides,
                            const std::string& base_dir) {
  YamlNode root = detail::parse_yaml(text, origin);
  if (root.kind == YamlNode::Kind::null && !overrides.empty()) root.kind = YamlNode::Kind::map;
  for (const auto& o : overrides) {
    if (root.kind != YamlNode::Kind::map) break;  // read_scenario reports the document's shape
    detail::apply_override(root, o);
  }
  return read_scenario(root, origin, base_dir);
}

std::string read_scenario_file(const std::string& path) {
  try {
    return read_input_file(path, kMaxScenarioBytes, "scenario file");
  } catch (const InputFileError& e) {
    // The message already starts with the path: report it as a file-level error.
    const std::string m = e.what();
    const std::string prefix = path + ": ";
    throw ScenarioError({path, 0, 0}, "", m.rfind(prefix, 0) == 0 ? m.substr(prefix.size()) : m);
  }
}

Scenario load_scenario_file(const std::string& path, const std::vector<std::string>& overrides) {
  const std::string text = read_scenario_file(path);
  const std::string dir = std::filesystem::path(path).parent_path().string();
  return load_scenario_text(text, path, overrides, dir.empty() ? "." : dir);
}

std::vector<std::string> scenario_key_paths() {
  // Walk the resolved tree of a scenario that names one brand, once per generator, and union
  // the paths: every key the schema reads appears in one of them.
  std::vector<std::string> paths;
  auto walk = [&](auto&& self, const YamlNode& n, const std::string& prefix) -> void {
    if (n.kind == YamlNode::Kind::map) {
      for (const auto& [k, v] : n.map) self(self, v, prefix.empty() ? k : prefix + "." + k);
    } else if (n.kind == YamlNode::Kind::seq && !n.seq.empty() &&
               n.seq.front().kind == YamlNode::Kind::map) {
      self(self, n.seq.front(), prefix + "[]");
    } else if (std::find(paths.begin(), paths.end(), prefix) == paths.end()) {
      paths.push_back(prefix);
    }
  };
  for (const auto& g : generator_names()) {
    if (g == "edge_list") continue;
    const Scenario s =
        load_scenario_text("network: {generator: " + g + "}\nbrands: [{name: b}]\n", "<key list>");
    walk(walk, detail::parse_yaml(s.resolved_yaml, "<resolved>"), "");
  }
  // Keys only read when given: strategy phases and flighting.
  const Scenario phased = load_scenario_text(
      "brands: [{name: b, strategy: {name: flighting, phases: [{from: 0, to: 100}]}}]\n",
      "<key list>");
  walk(walk, detail::parse_yaml(phased.resolved_yaml, "<resolved>"), "");
  // The contagion block, read only when the pipeline runs it: once per model and seed rule.
  for (const auto& model : contagion_model_names())
    for (const auto& rule : seed_rule_names()) {
      if ((rule == "imm" || rule == "celf") && model != "independent_cascade") continue;
      const std::string seeds = rule == "ids" ? "{ids: [0]}" : "{selection: " + rule + "}";
      const Scenario c = load_scenario_text(
          "brands: [{name: b, budget: {money_per_step: 0, hours_per_step: 0}}]\n"
          "processes: [contagion]\ncontagion: {model: " +
              model + ", seeds: " + seeds + "}\n",
          "<key list>");
      walk(walk, detail::parse_yaml(c.resolved_yaml, "<resolved>"), "");
    }
  const Scenario memes = load_scenario_text(
      "brands: [{name: b, budget: {money_per_step: 0, hours_per_step: 0}}]\n"
      "processes: [memes]\n",
      "<key list>");
  walk(walk, detail::parse_yaml(memes.resolved_yaml, "<resolved>"), "");
  // The sales block, read only when the pipeline runs sales_cycle.
  const Scenario sales = load_scenario_text(
      "brands: [{name: b, budget: {money_per_step: 0, hours_per_step: 0}}]\n"
      "processes: [sales_cycle]\n",
      "<key list>");
  walk(walk, detail::parse_yaml(sales.resolved_yaml, "<resolved>"), "");
  paths.push_back("network.edge_list.path");
  paths.push_back("population.community_sizes");  // resolved only when given
  return paths;
}

}  // namespace snsim

#include "snsim/io/detail/strategy_reader.hpp"

#include <iomanip>
#include <sstream>
#include <string>

#include "snsim/economics/strategy.hpp"
#include "snsim/io/scenario_error.hpp"

namespace snsim::detail {
namespace {

/// Returns v with at most 6 significant digits, for messages (0.1 + 0.2 shows as 0.3).
std::string brief(double v) {
  std::ostringstream out;
  out << std::setprecision(6) << v;
  return out.str();
}

/// Throws when a mix spends more money than the budget, naming by how much; the place is the
/// last money share given (the one that tips the sum over).
void check_money(const SchemaReader& r, const BrandMix& m) {
  const double sum = m.money_share();
  // A tolerance for decimal shares such as 0.1 + 0.2 + 0.7, which do not add to 1 exactly.
  if (sum <= 1.0 + 1e-9) return;
  const char* key = m.manipulate > 0.0 ? "manipulate" : m.promote > 0.0 ? "promote" : "broadcast";
  r.fail(key, "money shares broadcast " + brief(m.broadcast) + " + promote " + brief(m.promote) +
                  " + manipulate " + brief(m.manipulate) + " sum to " + brief(sum) + ", " +
                  brief(sum - 1.0) + " more than the budget (at most 1)");
}

/// Reads one element of strategy.phases; shares not given are 0 (a phase says all it spends).
StrategyPhase read_phase(SchemaReader r) {
  StrategyPhase p;
  r.require("from");
  p.from = static_cast<Step>(r.integer("from", 0, Range::between(0, 4294967295.0)));
  p.to = static_cast<Step>(r.integer("to", 0, Range::between(0, 4294967295.0)));
  p.mix.broadcast = r.number("broadcast", 0.0, Range::probability());
  p.mix.promote = r.number("promote", 0.0, Range::probability());
  p.mix.manipulate = r.number("manipulate", 0.0, Range::probability());
  p.mix.networking = r.number("networking", 0.0, Range::probability());
  p.mix.answer = r.number("answer", 0.0, Range::probability());
  p.mix.ask_votes = r.number("ask_votes", 0.0, Range::probability());
  check_money(r, p.mix);
  r.finish();
  return p;
}

}  // namespace

void read_brand_strategy(SchemaReader& strategy, Step steps, BrandSpec& b) {
  b.strategy = strategy.choice("name", b.strategy, StrategyRegistry::global().names());
  b.manipulate_share = strategy.number("manipulate", b.manipulate_share, Range::probability());
  b.ask_votes_share = strategy.number("ask_votes", b.ask_votes_share, Range::probability());
  check_money(strategy, base_allocation(b).mix);

  {
    SchemaReader flight = strategy.block("flighting", b.strategy == "flighting");
    if (b.strategy != "flighting" && strategy.has("flighting"))
      strategy.fail("flighting",
                    "flighting keys need strategy name 'flighting', not '" + b.strategy + "'");
    b.flight_on = static_cast<Step>(flight.integer("on", b.flight_on, Range::between(1, 1e9)));
    b.flight_off = static_cast<Step>(flight.integer("off", b.flight_off, Range::between(0, 1e9)));
    flight.finish();
  }

  const YamlNode* phases = strategy.list("phases");
  if (phases == nullptr) return;
  YamlNode* out = strategy.resolved_child("phases", YamlNode::Kind::seq);
  const std::string list_path = strategy.key_path("phases");
  if (phases->seq.empty())
    throw ScenarioError(phases->place, list_path, "phases is empty; give at least one phase");
  for (std::size_t k = 0; k < phases->seq.size(); ++k) {
    const YamlNode& node = phases->seq[k];
    const std::string path = list_path + "[" + std::to_string(k) + "]";
    YamlNode* resolved = nullptr;
    if (out != nullptr) {
      out->seq.emplace_back();
      resolved = &out->seq.back();
    }
    StrategyPhase p = read_phase(SchemaReader(&node, path, node.place, resolved));
    // The last phase may leave `to` out: it then lasts to the end of the run.
    const YamlNode* to = node.find("to");
    if (to == nullptr) {
      if (k + 1 != phases->seq.size())
        throw ScenarioError(node.place, path + ".to", "only the last phase may leave 'to' out");
      p.to = steps;
    }
    const Step expected = b.phases.empty() ? 0 : b.phases.back().to;
    const SourcePlace from_place =
        node.find("from") != nullptr ? node.find("from")->place : node.place;
    if (p.from != expected)
      throw ScenarioError(
          from_place, path + ".from",
          "phase starts at step " + std::to_string(p.from) + " but " +
              (b.phases.empty() ? std::string("the first phase must start at step 0")
                                : "the previous phase ends at step " + std::to_string(expected)) +
              (p.from > expected ? " (a gap of " + std::to_string(p.from - expected) + " steps)"
               : b.phases.empty()
                   ? ""
                   : " (an overlap of " + std::to_string(expected - p.from) + " steps)"));
    if (p.to <= p.from)
      throw ScenarioError(to != nullptr ? to->place : node.place, path + ".to",
                          "phase ends at step " + std::to_string(p.to) + ", not after its start " +
                              std::to_string(p.from));
    b.phases.push_back(p);
  }
  if (b.phases.back().to != steps)
    throw ScenarioError(
        phases->seq.back().place, list_path + "[" + std::to_string(phases->seq.size() - 1) + "].to",
        "the last phase ends at step " + std::to_string(b.phases.back().to) + " but the run has " +
            std::to_string(steps) + " steps (time.steps); phases must cover every step");
}

void read_manipulation(SchemaReader r, ManipulationSpec& m) {
  m.fake_like_price = r.number("fake_like_price", m.fake_like_price, Range::above(0));
  m.removal_hazard = r.number("removal_hazard", m.removal_hazard, Range::probability());
  m.exposure_hazard = r.number("exposure_hazard", m.exposure_hazard, Range::at_least(0));
  m.trust_shock = r.number("trust_shock", m.trust_shock, Range::probability());
  m.churn = r.number("churn", m.churn, Range::probability());
  m.reach_penalty = r.number("reach_penalty", m.reach_penalty, Range::probability());
  m.penalty_steps =
      static_cast<Step>(r.integer("penalty_steps", m.penalty_steps, Range::between(0, 1e9)));
  m.votes_per_hour = r.number("votes_per_hour", m.votes_per_hour, Range::at_least(0));
  m.circle_size =
      static_cast<std::uint32_t>(r.integer("circle_size", m.circle_size, Range::between(0, 1e9)));
  r.finish();
}

}  // namespace snsim::detail

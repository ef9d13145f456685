#pragma once
// PersonTies ("person_ties"): ties between people form and fade during the run (docs/model.md
// section 3): triadic closure (a friend of a friend becomes a friend) and homophily (meeting
// someone of one's own community). New ties go to the TieOverlay beside the static social graph;
// every networking.person_ties.compaction_interval steps the overlay is compacted, its ties decay
// by (1 - tie_decay) per step since the last compaction and those below tie_floor break. The
// static graph's own ties are taken as maintained by contact the model does not represent, so
// they do not decay.
//
// Triadic closure by introductions (Davidsen, Ebel and Bornholdt 2002): each person introduces
// two of their friends to each other at person_ties.closure_rate per step. The process draws
// Poisson(rate * N) introductions, each by a uniform person with at least two friends (static
// graph plus compacted overlay) of two distinct friends chosen uniformly, and ties the pair if it
// is open. So ties formed per step are at most rate * N whatever the degrees: a rate per open
// triad instead gives a hub of degree d a d^2 share and, with ties living
// ln(floor / w0) / ln(1 - decay) steps, runs away on any graph where the friends of the ends have
// tens of friends (issue 8: 17 M ties held after 365 steps at 100 k agents on BA m = 5).
// Homophily: Poisson(homophily_rate * N) meetings, each of a random person with a random member
// of their community; a pair not yet tied forms a tie.
// New ties start at person_ties.initial_strength. On the complete graph everyone is tied: a no-op.
// Metrics (population-wide): person_ties (overlay ties), person_ties_added (this step),
// person_ties_broken (cumulative). Cost per step: O((introductions + meetings) * log d); O(N +
// overlay ties) per compaction.
#include <cstdint>
#include <vector>

#include "snsim/core/process.hpp"

namespace snsim {

struct Scenario;

class PersonTies final : public Process {
 public:
  explicit PersonTies(const Scenario& scenario);
  std::string_view name() const override { return "person_ties"; }
  std::vector<std::string_view> reads() const override {
    return {"social_graph", "population.community"};
  }
  std::vector<std::string_view> writes() const override { return {"networking.person_ties"}; }
  void define_metrics(Recorder& recorder) override;
  void prepare(World& world, StepContext& ctx) override;
  void step(World& world, StepContext& ctx) override;
  void state_fields(StateArchive& a) override { a(last_compaction_); }

 private:
  /// One introduction's pair; open if not tied in the static graph or compacted overlay.
  struct Candidate {
    AgentId u = 0, v = 0;
    bool open = false;
  };

  MetricId ties_ = 0, added_ = 0, broken_ = 0;
  std::vector<Candidate> candidates_;  ///< this step's introductions, reused across steps
  Step last_compaction_ = 0;
};

}  // namespace snsim

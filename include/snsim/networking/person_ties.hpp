#pragma once
// PersonTies ("person_ties"): ties between people form and fade during the run (MODEL.md
// section 3): triadic closure (a friend of a friend becomes a friend) and homophily (meeting
// someone of one's own community). New ties go to the TieOverlay beside the static social graph;
// every networking.person_ties.compaction_interval steps the overlay is compacted, its ties decay
// by (1 - tie_decay) per step since the last compaction and those below tie_floor break. The
// static graph's own ties are taken as maintained by contact the model does not represent, so
// they do not decay.
//
// Triadic closure: each open triad (a wedge u - j - v with u, v not tied) closes with chance
// triadic_closure_rate per step. The process draws Poisson(rate * W) wedges, W the number of
// wedges (open or closed) around centres of the graph as of the last compaction, each by centre
// with chance proportional to d(d - 1) / 2 and two distinct friends of it, and ties the pair if it
// is open: so each open wedge closes at the given rate (cf. Holme and Kim 2002; Jackson and
// Rogers 2007 "friends of friends"). Homophily: Poisson(homophily_rate * N) meetings, each of a
// random person with a random member of their community; a pair not yet tied forms a tie.
// New ties start at person_ties.initial_strength. On the complete graph everyone is tied: a no-op.
// Metrics (population-wide): person_ties (overlay ties), person_ties_added (this step),
// person_ties_broken (cumulative). Cost per step: O(meetings * log N); O(N + overlay ties) per
// compaction.
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
  void state_fields(StateArchive& a) override { a(wedge_cum_, last_compaction_); }

 private:
  void rebuild_wedges(const World& world);

  MetricId ties_ = 0, added_ = 0, broken_ = 0;
  std::vector<double> wedge_cum_;  ///< cumulative wedges by centre, size N + 1
  Step last_compaction_ = 0;
};

}  // namespace snsim

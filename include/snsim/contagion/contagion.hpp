#pragma once
// Contagion ("contagion"): the classic models of diffusion on the social graph, exactly as the
// textbooks state them (docs/classic-models.md), with homogeneous parameters.
//
// Every person is susceptible (S), exposed (E, SEIR only), infectious (I) or recovered (R). The
// seed set (contagion.seeds) is infectious when step 0 begins. Each step, from the states at its
// start (a synchronous update):
//   - independent cascade (p): each person activated last step (I) tries once, with chance p, to
//     activate each inactive neighbour; then it is spent (R). A person with m newly active
//     neighbours is activated with chance 1 - (1 - p)^m, which is the same as one trial per arc.
//   - linear threshold (weights): each inactive person v has a threshold theta_v ~ U[0, 1] drawn
//     once; v activates when the summed weight b_uv of its active neighbours u reaches theta_v.
//     b_uv = 1 / degree(v) (inverse_degree) or w_uv / max(1, sum_k w_kv) (tie_strength).
//   - SIR, SIS, SEIR (beta, gamma, sigma): each infectious person transmits to each susceptible
//     neighbour with chance q = 1 - exp(-beta) (a susceptible with m infectious neighbours is
//     infected with chance 1 - exp(-beta m)); each person infectious at the start of the step
//     recovers with chance gamma (SIS: back to S); SEIR: the infected become exposed, and each
//     exposed person turns infectious with chance sigma per step.
//   - Maki-Thompson and Daley-Kendall rumours: ignorants (S), spreaders (I), stiflers (R). A step
//     makes as many contacts as there are spreaders at its start, one after the other, each by a
//     spreader drawn uniformly among the current ones, to a uniformly random neighbour: an
//     ignorant becomes a spreader; otherwise the teller becomes a stifler (Maki-Thompson). Under
//     Daley-Kendall a spreader telling a spreader is a meeting of the pair with chance 1/2 (so
//     that every pair meets at one rate), and then both stop; a spreader telling a stifler stops.
// On the complete graph (stored without arcs) everybody is everybody's neighbour; LT weights are
// 1 / (n - 1), or the network's initial_strength scaled down to sum 1 (tie_strength).
// Metrics (population-wide, [steps], the state at the end of the step): IC and LT record `active`
// (seeds included) and `newly_active`; SIR, SIS and SEIR record `susceptible`, `exposed` (SEIR),
// `infectious`, `recovered` (SIR, SEIR), `new_infections` and `ever_infected` (seeds included:
// its last value is the final size); rumours `ignorants`, `spreaders`, `stiflers`, `newly_heard`,
// `ever_heard`. The seed set is written as the run's `ids:seeds`.
//
// Cost per step: the arcs of the infectious (or newly active) people, and one draw per touched
// susceptible and per infectious or exposed person; O(n) on the complete graph; O(1) once nobody
// is infectious or exposed.
#include <array>
#include <cstdint>
#include <vector>

#include "snsim/contagion/contagion_spec.hpp"
#include "snsim/core/ids.hpp"
#include "snsim/core/process.hpp"
#include "snsim/core/recorder.hpp"

namespace snsim {

struct Scenario;

class Contagion final : public Process {
 public:
  explicit Contagion(const Scenario& scenario);
  std::string_view name() const override { return "contagion"; }
  std::vector<std::string_view> reads() const override { return {"social_graph"}; }
  std::vector<std::string_view> writes() const override { return {"contagion.state"}; }
  void define_metrics(Recorder& recorder) override;
  void prepare(World& world, StepContext& ctx) override;
  void step(World& world, StepContext& ctx) override;
  void state_fields(StateArchive& a) override {
    a(state_, infectious_, exposed_, theta_, load_, count_, ever_, infected_before_);
  }

  /// The states a person can be in.
  enum State : std::uint8_t { susceptible = 0, exposed = 1, infectious = 2, recovered = 3 };

 private:
  /// Appends to newly_ the susceptible people infected (activated) this step.
  void transmit(const World& world, const StepContext& ctx);
  /// Appends to newly_ the inactive people whose threshold the newly active reach this step.
  void threshold(const World& world);
  /// Runs this step's rumour contacts (Maki-Thompson or Daley-Kendall); returns the people who
  /// heard the rumour for the first time.
  std::uint64_t rumour(const World& world, const StepContext& ctx);
  /// Records this step's counts.
  void record(StepContext& ctx, std::uint64_t newly);

  ContagionSpec spec_;
  double initial_strength_;  ///< network.initial_strength (LT weights on the complete graph)
  std::vector<std::uint8_t> state_;              ///< State of each person
  std::vector<AgentId> infectious_;              ///< people in I, in the order they entered it
  std::vector<AgentId> exposed_;                 ///< people in E (SEIR)
  std::vector<float> theta_;                     ///< LT thresholds
  std::vector<double> load_;                     ///< LT: summed weight of active neighbours
  std::vector<double> denominator_;              ///< LT: degree, or max(1, summed tie strength)
  std::array<std::uint64_t, 4> count_{};         ///< people per State
  std::uint64_t ever_ = 0;                       ///< people ever infected (active), seeds included
  std::vector<std::uint8_t> infected_before_;    ///< SIS: 1 once a person has been infected
  std::vector<std::uint32_t> hits_;              ///< infectious neighbours this step (scratch, 0)
  std::vector<AgentId> touched_, newly_, next_;  ///< scratch
  MetricId m_susceptible_ = 0, m_exposed_ = 0, m_infectious_ = 0, m_recovered_ = 0;
  MetricId m_new_ = 0, m_ever_ = 0;
};

}  // namespace snsim

#include "snsim/networking/person_ties.hpp"

#include <algorithm>

#include "snsim/core/parallel.hpp"
#include "snsim/core/poisson.hpp"
#include "snsim/core/world.hpp"

namespace snsim {
namespace {

constexpr std::uint32_t kStream = stream_id("person_ties");
enum Purpose : std::uint32_t { kTriadCount = 0, kTriad, kMeetCount, kMeet };

/// Introductions below this many per step are found serially (a parallel region costs more).
constexpr std::int64_t kMinParallelDraws = 2048;

bool tied(const SocialGraph& g, const TieOverlay& overlay, AgentId u, AgentId v) {
  const auto row = g.neighbours(u);
  return std::binary_search(row.begin(), row.end(), v) || overlay.contains(u, v);
}

/// Returns true if u and v are tied in the static graph or the compacted overlay rows (ties
/// pending since the last compaction are not looked at).
bool tied_in_rows(const SocialGraph& g, const TieOverlay& overlay, AgentId u, AgentId v) {
  const auto row = g.neighbours(u);
  if (std::binary_search(row.begin(), row.end(), v)) return true;
  const auto extra = overlay.neighbours(u);
  return std::binary_search(extra.begin(), extra.end(), v);
}

std::uint64_t degree(const SocialGraph& g, const TieOverlay& overlay, AgentId i) {
  return g.degree(i) + overlay.neighbours(i).size();
}

AgentId friend_at(const SocialGraph& g, const TieOverlay& overlay, AgentId i, std::uint64_t k) {
  const auto base = g.neighbours(i);
  return k < base.size() ? base[k] : overlay.neighbours(i)[k - base.size()];
}

}  // namespace

PersonTies::PersonTies(const Scenario&) {}

void PersonTies::define_metrics(Recorder& r) {
  ties_ = r.define("person_ties", "ties", "person-to-person ties formed during the run (overlay)",
                   false);
  added_ = r.define("person_ties_added", "ties", "person-to-person ties formed this step", false);
  broken_ =
      r.define("person_ties_broken", "ties",
               "overlay ties broken below networking.tie_floor so far (at compactions)", false);
}

void PersonTies::prepare(World& world, StepContext&) {
  const std::uint32_t n = world.population().size;
  NetworkingState& state = world.networking();
  if (state.person_ties.num_agents() != n) state.person_ties = TieOverlay(n);
  if (state.community_members.empty()) {
    state.community_members.assign(world.scenario().population.communities, {});
    for (AgentId i = 0; i < n; ++i)
      state.community_members[world.population().community[i]].push_back(i);
  }
  last_compaction_ = 0;
}

void PersonTies::step(World& world, StepContext& ctx) {
  const NetworkingSpec& net = world.scenario().networking;
  const SocialGraph& g = world.social_graph();
  TieOverlay& overlay = world.networking().person_ties;
  Recorder& r = *ctx.recorder;
  std::int64_t added = 0;
  if (!g.is_complete()) {
    const auto w0 = static_cast<float>(net.person_tie_strength);
    const std::uint32_t n = g.num_agents();
    // Introductions: Poisson(rate * N) in all, each by a uniform person (so each person makes
    // Poisson(rate) of them), who picks two distinct friends uniformly. The work and the ties
    // formed per step are bounded by the population, not by the wedges, which on graphs with hubs
    // grow as the square of degree and fed back on themselves (issue 8: 17 M ties at 100 k).
    RandomStream cs = ctx.stream(kStream, kTriadCount, 0);
    const std::uint32_t draws = draw_poisson(cs, net.closure_rate * n);
    // Each introduction's pair, and whether it is tied in the static graph or the compacted
    // overlay, depends only on its own stream and on state this step does not change: found in
    // parallel (random reads of rows, the cost of this process). Ties are then added in draw
    // order against the ties pending from this step, so results do not depend on threads.
    candidates_.resize(draws);
    const auto count = static_cast<std::int64_t>(draws);
#pragma omp parallel for schedule(static) if (count >= kMinParallelDraws)
    for (std::int64_t e = 0; e < count; ++e) {
      Candidate& c = candidates_[static_cast<std::size_t>(e)];
      c = Candidate{};
      RandomStream s = ctx.stream(kStream, kTriad, static_cast<std::uint64_t>(e));
      const auto centre = static_cast<AgentId>(s.below(n));
      const std::uint64_t d = degree(g, overlay, centre);
      if (d < 2) continue;
      const std::uint64_t a = s.below(d);
      std::uint64_t b = s.below(d - 1);
      if (b >= a) ++b;
      c.u = friend_at(g, overlay, centre, a);
      c.v = friend_at(g, overlay, centre, b);
      c.open = !tied_in_rows(g, overlay, c.u, c.v);
    }
    for (const Candidate& c : candidates_)
      if (c.open && overlay.add_unless_pending(c.u, c.v, w0)) ++added;
    // Homophily: meetings inside one's community.
    const auto& members = world.networking().community_members;
    RandomStream ms = ctx.stream(kStream, kMeetCount, 0);
    const std::uint32_t meetings = draw_poisson(ms, net.homophily_rate * n);
    for (std::uint32_t e = 0; e < meetings; ++e) {
      RandomStream s = ctx.stream(kStream, kMeet, e);
      const auto u = static_cast<AgentId>(s.below(n));
      const auto& mine = members[world.population().community[u]];
      if (mine.size() < 2) continue;
      const AgentId v = mine[s.below(mine.size())];
      if (v != u && !tied(g, overlay, u, v) && overlay.add(u, v, w0)) ++added;
    }
    if (ctx.step + 1 - last_compaction_ >= net.compaction_interval) {
      overlay.compact(net.tie_decay, ctx.step + 1 - last_compaction_, net.tie_floor);
      last_compaction_ = ctx.step + 1;
    }
  }
  r.set(ties_, ctx.step, static_cast<double>(overlay.num_ties()));
  r.set(added_, ctx.step, static_cast<double>(added));
  r.set(broken_, ctx.step, static_cast<double>(overlay.ties_broken()));
}

}  // namespace snsim

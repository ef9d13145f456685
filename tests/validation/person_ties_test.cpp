// Person-to-person ties ("person_ties", include/snsim/networking/person_ties.hpp) against answers
// derived from the process's own rules: the expected number of ties closed by triadic closure and
// formed by homophily in one step, the clustering that closure builds (Holme and Kim 2002;
// Jackson and Rogers 2007: meeting friends of friends clusters a network, meeting strangers does
// not), and the lifetime of an idle tie under tie_decay and tie_floor.
//
// The process is driven directly (prepare, then step by step) on a World built from a scenario
// text, so that the overlay can be read between steps.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "../support/temp_dir.hpp"
#include "snsim/core/recorder.hpp"
#include "snsim/core/step_context.hpp"
#include "snsim/core/world.hpp"
#include "snsim/io/scenario_loader.hpp"
#include "snsim/networking/person_ties.hpp"

namespace {

using snsim::AgentId;

// One run of person_ties alone on the world of a scenario.
class Harness {
 public:
  Harness(const snsim::Scenario& sc, std::uint64_t seed)
      : sc_(sc), world_(snsim::build_world(sc_, seed)), proc_(sc_), rec_(sc_.time.steps, {"b"}) {
    proc_.define_metrics(rec_);
    ctx_.seed = seed;
    ctx_.recorder = &rec_;
    ctx_.step = 0;
    proc_.prepare(world_, ctx_);
  }
  Harness(const Harness&) = delete;
  Harness& operator=(const Harness&) = delete;

  void step() {
    proc_.step(world_, ctx_);
    ++ctx_.step;
  }
  snsim::Step steps_done() const { return ctx_.step; }
  const snsim::World& world() const { return world_; }
  const snsim::TieOverlay& overlay() const { return world_.networking().person_ties; }

  // Sorted neighbour lists of the static graph and the overlay (compacted and pending) together.
  std::vector<std::vector<AgentId>> adjacency() const {
    const auto& g = world_.social_graph();
    const auto& o = overlay();
    std::vector<std::vector<AgentId>> adj(g.num_agents());
    for (AgentId i = 0; i < g.num_agents(); ++i) {
      const auto a = g.neighbours(i), b = o.neighbours(i);
      adj[i].assign(a.begin(), a.end());
      adj[i].insert(adj[i].end(), b.begin(), b.end());
    }
    for (const auto& t : o.pending()) {
      adj[t.u].push_back(t.v);
      adj[t.v].push_back(t.u);
    }
    for (auto& row : adj) std::sort(row.begin(), row.end());
    return adj;
  }

 private:
  const snsim::Scenario sc_;  // the World keeps a pointer to it: declared first, never moved
  snsim::World world_;
  snsim::PersonTies proc_;
  snsim::Recorder rec_;
  snsim::StepContext ctx_;
};

std::size_t common(const std::vector<AgentId>& a, const std::vector<AgentId>& b) {
  std::size_t n = 0;
  for (auto i = a.begin(), j = b.begin(); i != a.end() && j != b.end();) {
    if (*i < *j) {
      ++i;
    } else if (*j < *i) {
      ++j;
    } else {
      ++n, ++i, ++j;
    }
  }
  return n;
}

// Mean local clustering over the agents with degree >= 2.
double mean_local_clustering(const std::vector<std::vector<AgentId>>& adj) {
  double sum = 0.0;
  std::size_t counted = 0;
  for (std::size_t i = 0; i < adj.size(); ++i) {
    const double d = static_cast<double>(adj[i].size());
    if (d < 2) continue;
    std::size_t links = 0;  // ties among i's friends, each counted twice
    for (AgentId j : adj[i]) links += common(adj[i], adj[j]);
    sum += static_cast<double>(links) / (d * (d - 1.0));
    ++counted;
  }
  return counted == 0 ? 0.0 : sum / static_cast<double>(counted);
}

std::uint64_t edge_count(const std::vector<std::vector<AgentId>>& adj) {
  std::uint64_t m = 0;
  for (const auto& row : adj) m += row.size();
  return m / 2;
}

struct Stats {
  double mean = 0.0, se = 0.0, var = 0.0;
};
Stats stats(const std::vector<double>& x) {
  Stats s;
  for (double v : x) s.mean += v;
  s.mean /= static_cast<double>(x.size());
  for (double v : x) s.var += (v - s.mean) * (v - s.mean);
  s.var /= static_cast<double>(x.size() - 1);
  s.se = std::sqrt(s.var / static_cast<double>(x.size()));
  return s;
}

std::string scenario_text(std::uint32_t n, std::uint32_t communities, const std::string& network,
                          const std::string& ties, std::uint32_t steps,
                          const std::string& extra = "") {
  return "name: person_ties_validation\nseed: 1\ntime: {steps: " + std::to_string(steps) +
         ", unit: day}\npopulation: {size: " + std::to_string(n) +
         ", communities: " + std::to_string(communities) + "}\nnetwork: " + network +
         "\nnetworking: {" + extra + "person_ties: " + ties +
         "}\nbrands: [{name: b, strategy: {broadcast: 0}}]\nprocesses: [person_ties]\n";
}

}  // namespace

// (1) Triadic closure by introductions. The process draws Poisson(r N) introductions, each by a
// uniform person c, who picks a uniform pair of its friends (one of C(d_c, 2)) and ties it if it is
// untied. By Poisson thinning, person c makes Poisson(r) introductions and a given pair of c's
// friends is introduced by c Poisson(r / C(d_c, 2)) times, independently across pairs and people.
// A pair {u, v} not tied, with common friends M, is closed in the first step with chance
// 1 - exp(-r sum over c in M of 1 / C(d_c, 2)), independently of the other pairs:
//   E[closed in step 0] = sum over untied pairs of that chance, Var = sum p (1 - p).
// The graph mixes a star (hub 0, 40 leaves: 780 open wedges on one centre), a clique K10
// (360 wedges, all closed: its introductions form nothing) and a path of 20 (18 open wedges, one
// per inner node): the hub introduces no more often than a node of the path, so the 780 wedges
// around it close at r in all, not at r each (which is what keeps closure from running away on
// graphs with hubs).
TEST_CASE("person_ties: each person introduces two friends at closure_rate per step",
          "[validation][networking]") {
  const snsim::test_support::TempDir dir;
  const std::string path = dir.file("ties.txt");
  {
    std::ofstream f(path);
    for (int leaf = 1; leaf <= 40; ++leaf) f << 0 << ' ' << leaf << '\n';
    for (int a = 41; a <= 50; ++a)
      for (int b = a + 1; b <= 50; ++b) f << a << ' ' << b << '\n';
    for (int a = 51; a < 70; ++a) f << a << ' ' << a + 1 << '\n';
  }
  constexpr double kRate = 0.05;
  const snsim::Scenario sc = snsim::load_scenario_text(
      scenario_text(71, 1, "{generator: edge_list, edge_list: {path: '" + path + "'}}",
                    "{closure_rate: 0.05, homophily_rate: 0, compaction_interval: 1}", 1),
      "<person_ties_test>");

  // The expectation from the graph itself.
  double expected = 0.0, variance = 0.0, open_wedges = 0.0;
  {
    Harness h(sc, 1);
    const auto adj = h.adjacency();
    for (AgentId u = 0; u < adj.size(); ++u)
      for (AgentId v = u + 1; v < adj.size(); ++v) {
        if (std::binary_search(adj[u].begin(), adj[u].end(), v)) continue;
        double rate = 0.0;  // introductions of {u, v} per step, summed over their common friends
        for (AgentId c : adj[u]) {
          if (!std::binary_search(adj[v].begin(), adj[v].end(), c)) continue;
          const auto d = static_cast<double>(adj[c].size());
          rate += kRate / (d * (d - 1.0) / 2.0);
          open_wedges += 1.0;
        }
        const double p = 1.0 - std::exp(-rate);
        expected += p;
        variance += p * (1.0 - p);
      }
  }
  REQUIRE(open_wedges == 780.0 + 18.0);  // the hand count: star C(40, 2), path 18, clique 0

  constexpr int kSeeds = 600;
  std::vector<double> closed;
  for (int seed = 1; seed <= kSeeds; ++seed) {
    Harness h(sc, static_cast<std::uint64_t>(seed));
    h.step();
    closed.push_back(static_cast<double>(h.overlay().num_ties()));
    // Every new tie closes a wedge: its ends share a friend in the static graph.
    const auto& g = h.world().social_graph();
    for (AgentId u = 0; u < g.num_agents(); ++u)
      for (AgentId v : h.overlay().neighbours(u)) {
        const auto a = g.neighbours(u), b = g.neighbours(v);
        REQUIRE(common(std::vector<AgentId>(a.begin(), a.end()),
                       std::vector<AgentId>(b.begin(), b.end())) > 0);
      }
  }
  const Stats s = stats(closed);
  INFO("closed in step 0: " << s.mean << " +- " << s.se << " (var " << s.var << "); expected "
                            << expected << " (var " << variance << "); r per wedge would give "
                            << kRate * open_wedges);
  CHECK(std::abs(s.mean - expected) < 4.0 * s.se);
  // The spread is that of independent pair closures (a loose check: the sample variance of 600).
  CHECK(s.var == Approx(variance).epsilon(0.25));
}

// (2) Homophily. Poisson(h N) meetings, each of a uniform person u with a uniform member v of u's
// community (v may be u: no tie). The ordered pair (u, v) is met Poisson(h / |C|) times, so the
// unordered pair {u, v} of one community Poisson(2 h / |C|) times, independently across pairs:
//   E[formed in step 0] = sum over communities C, over untied pairs in C, of 1 - exp(-2 h / |C|)
//                      ~= h N (1 - 1/|C|) (1 - in-community density),
// Var = sum p (1 - p). (scenarios/README.md calls homophily_rate "new ties per agent per step";
// per the code, and the header, it is meetings per agent per step, of which the share 1/|C| are
// with oneself and those with a friend already tied form nothing.)
TEST_CASE("person_ties: homophily forms ties at homophily_rate meetings per agent",
          "[validation][networking]") {
  constexpr double kRate = 0.05;
  const snsim::Scenario sc = snsim::load_scenario_text(
      scenario_text(
          1000, 20,
          "{generator: stochastic_block, stochastic_block: {degree_in: 8, degree_out: 1}}",
          "{closure_rate: 0, homophily_rate: 0.05, compaction_interval: 1}", 1),
      "<person_ties_test>");
  double expected = 0.0, variance = 0.0;
  {
    Harness h(sc, 1);
    const auto adj = h.adjacency();
    const auto& community = h.world().population().community;
    std::map<std::uint64_t, double> size;
    for (AgentId i = 0; i < adj.size(); ++i) size[community[i]] += 1.0;
    for (AgentId u = 0; u < adj.size(); ++u)
      for (AgentId v = u + 1; v < adj.size(); ++v) {
        if (community[u] != community[v] || std::binary_search(adj[u].begin(), adj[u].end(), v))
          continue;
        const double p = 1.0 - std::exp(-2.0 * kRate / size[community[u]]);
        expected += p;
        variance += p * (1.0 - p);
      }
  }
  // The world (communities, graph) is drawn from the run's seed: keep it fixed (seed 1) so that
  // the expectation holds, and vary the process's draws through the run index instead.
  constexpr int kSeeds = 400;
  std::vector<double> formed;
  for (int rep = 0; rep < kSeeds; ++rep) {
    snsim::World world = snsim::build_world(sc, 1);
    snsim::PersonTies proc(sc);
    snsim::Recorder rec(sc.time.steps, {"b"});
    proc.define_metrics(rec);
    snsim::StepContext ctx;
    ctx.seed = 1;
    ctx.run = static_cast<std::uint64_t>(rep);
    ctx.recorder = &rec;
    proc.prepare(world, ctx);
    proc.step(world, ctx);
    formed.push_back(static_cast<double>(world.networking().person_ties.num_ties()));
    // Every new tie joins two members of one community.
    for (AgentId u = 0; u < sc.population.size; ++u)
      for (AgentId v : world.networking().person_ties.neighbours(u))
        REQUIRE(world.population().community[u] == world.population().community[v]);
  }
  const Stats s = stats(formed);
  INFO("formed in step 0: " << s.mean << " +- " << s.se << " (var " << s.var << "); expected "
                            << expected << " (var " << variance << "); h N " << kRate * 1000);
  CHECK(std::abs(s.mean - expected) < 4.0 * s.se);
  CHECK(s.var == Approx(variance).epsilon(0.25));
  CHECK(expected < kRate * 1000);  // meetings with oneself or a friend form nothing
}

// (3) Clustering. On an Erdos-Renyi start (mean degree 6 on 1000 people, one community), closure
// alone (friends of friends) against homophily alone (with one community: meeting strangers
// uniformly) at a rate that adds about the same number of ties. Meeting strangers adds each absent
// pair with the same chance, so the graph stays uniformly random given its tie count M, and its
// mean local clustering stays at the density M / C(N, 2) (the ER value <k> / (N - 1)). Closure
// adds only ties that close triangles, so clustering rises with every step, far above the
// density (Holme and Kim 2002; Jackson and Rogers 2007). Statistics over seeds.
TEST_CASE("person_ties: triadic closure raises clustering far above the random-graph value",
          "[validation][networking]") {
  constexpr int kSteps = 40, kSeeds = 12;
  constexpr std::uint32_t kN = 1000;
  const std::string er = "{generator: erdos_renyi, erdos_renyi: {mean_degree: 6}}";
  const snsim::Scenario closure = snsim::load_scenario_text(
      scenario_text(kN, 1, er, "{closure_rate: 0.03, homophily_rate: 0, compaction_interval: 1}",
                    kSteps, "tie_decay: 0, "),
      "<person_ties_test>");
  const std::vector<int> checkpoints = {0, 10, 20, 40};
  std::vector<std::vector<double>> c_closure(checkpoints.size());
  std::vector<double> added_closure, density0;
  for (int seed = 1; seed <= kSeeds; ++seed) {
    Harness h(closure, static_cast<std::uint64_t>(seed));
    for (std::size_t k = 0; k < checkpoints.size(); ++k) {
      while (h.steps_done() < static_cast<snsim::Step>(checkpoints[k])) h.step();
      const auto adj = h.adjacency();
      c_closure[k].push_back(mean_local_clustering(adj));
      if (k == 0) density0.push_back(static_cast<double>(edge_count(adj)) / (kN * (kN - 1) / 2.0));
    }
    added_closure.push_back(static_cast<double>(h.overlay().num_ties()));
  }
  // Homophily alone at the rate that forms as many ties on average: ties ~= h N kSteps.
  const double h_rate = stats(added_closure).mean / (kN * kSteps);
  const snsim::Scenario strangers = snsim::load_scenario_text(
      scenario_text(kN, 1, er,
                    "{closure_rate: 0, homophily_rate: " + std::to_string(h_rate) +
                        ", compaction_interval: 1}",
                    kSteps, "tie_decay: 0, "),
      "<person_ties_test>");
  std::vector<double> c_strangers, gap_strangers, density_strangers;
  for (int seed = 1; seed <= kSeeds; ++seed) {
    Harness h(strangers, static_cast<std::uint64_t>(seed));
    while (h.steps_done() < static_cast<snsim::Step>(kSteps)) h.step();
    const auto adj = h.adjacency();
    const double c = mean_local_clustering(adj);
    const double density = static_cast<double>(edge_count(adj)) / (kN * (kN - 1) / 2.0);
    c_strangers.push_back(c);
    density_strangers.push_back(density);
    gap_strangers.push_back(c - density);
  }
  const Stats c0 = stats(c_closure[0]), d0 = stats(density0), cend = stats(c_closure.back()),
              cs = stats(c_strangers), gap = stats(gap_strangers), ds = stats(density_strangers);
  INFO("ER start: clustering " << c0.mean << " +- " << c0.se << ", density " << d0.mean);
  std::ostringstream trace;  // INFO inside a loop would go out of scope: one message instead
  for (std::size_t k = 0; k < checkpoints.size(); ++k)
    trace << "closure, step " << checkpoints[k] << ": clustering " << stats(c_closure[k]).mean
          << " +- " << stats(c_closure[k]).se << "; ";
  INFO(trace.str());
  INFO("ties added by closure " << stats(added_closure).mean << "; strangers at h = " << h_rate
                                << ": clustering " << cs.mean << " +- " << cs.se << ", density "
                                << ds.mean);
  // The start is ER: clustering at the density (within 4 SE, and 25% for the few-triangle noise).
  CHECK(std::abs(c0.mean - d0.mean) < 4.0 * c0.se + 0.25 * d0.mean);
  // Meeting strangers keeps it there.
  CHECK(std::abs(gap.mean) < 4.0 * gap.se + 0.25 * ds.mean);
  // Closure raises it at every checkpoint ...
  for (std::size_t k = 1; k < checkpoints.size(); ++k) {
    const Stats a = stats(c_closure[k - 1]), b = stats(c_closure[k]);
    CHECK(b.mean - 4.0 * std::hypot(a.se, b.se) > a.mean);
  }
  // ... far above the random-graph value with as many ties.
  CHECK(cend.mean - 4.0 * cend.se > 10.0 * (cs.mean + 4.0 * cs.se));
}

namespace {

// Runs homophily alone (closure off) with decay and returns, per step, the ties added, the ties
// broken so far and the overlay size; checks every strength is in [floor, 1].
struct DecayRun {
  std::vector<double> added, broken, ties;
};
DecayRun decay_run(std::uint32_t interval, int steps, double w0, double decay, double floor) {
  const snsim::Scenario sc = snsim::load_scenario_text(
      scenario_text(
          400, 4, "{generator: erdos_renyi, erdos_renyi: {mean_degree: 2}}",
          "{closure_rate: 0, homophily_rate: 0.02, initial_strength: " + std::to_string(w0) +
              ", compaction_interval: " + std::to_string(interval) + "}",
          static_cast<std::uint32_t>(steps),
          "tie_decay: " + std::to_string(decay) + ", tie_floor: " + std::to_string(floor) + ", "),
      "<person_ties_test>");
  Harness h(sc, 3);
  DecayRun out;
  double before = 0.0;
  for (int t = 0; t < steps; ++t) {
    const auto broken_before = static_cast<double>(h.overlay().ties_broken());
    h.step();
    const auto ties = static_cast<double>(h.overlay().num_ties());
    const auto broken = static_cast<double>(h.overlay().ties_broken());
    out.added.push_back(ties - before + (broken - broken_before));
    out.broken.push_back(broken);
    out.ties.push_back(ties);
    before = ties;
    for (AgentId i = 0; i < sc.population.size; ++i)
      for (float w : h.overlay().strengths(i)) {
        REQUIRE(w >= floor);
        REQUIRE(w <= 1.0f);
      }
  }
  return out;
}

// Ties broken by the end of each step if every tie added in step s breaks at the end of step
// s + lifetime (lifetime in steps).
std::vector<double> broken_if_lifetime(const std::vector<double>& added, int lifetime) {
  std::vector<double> out(added.size(), 0.0);
  for (std::size_t t = 0; t < added.size(); ++t)
    for (std::size_t s = 0; s + static_cast<std::size_t>(lifetime) <= t; ++s) out[t] += added[s];
  return out;
}

constexpr double kW0 = 0.5, kDecay = 0.1, kFloor = 0.05;
// Documented decay (scenarios/README.md: "w <- w (1 - decay) per step without contact ... a tie
// breaks below" tie_floor): a tie formed in step s with strength w0 has w0 (1 - d)^k after k more
// idle steps and breaks at the first k with w0 (1 - d)^k < floor, k = ceil(ln(floor / w0) /
// ln(1 - d)) = ceil(21.85) = 22 for w0 0.5, d 0.1, floor 0.05 (0.5 * 0.9^21 = 0.0547,
// 0.5 * 0.9^22 = 0.0492: far from the float rounding edge). Person ties have no contact in the
// model, so every one of them is idle.
const int kDocumentedLifetime =
    static_cast<int>(std::ceil(std::log(kFloor / kW0) / std::log(1.0 - kDecay)));

}  // namespace

// (4) Decay, with compaction every step: every tie breaks exactly kDocumentedLifetime steps after
// it formed, so the ties broken by step t are exactly those added by step t - 22 (deterministic,
// one run).
TEST_CASE("person_ties: idle ties break after ln(floor/w0)/ln(1-decay) steps",
          "[validation][networking]") {
  REQUIRE(kDocumentedLifetime == 22);
  const DecayRun r = decay_run(1, 70, kW0, kDecay, kFloor);
  const auto predicted = broken_if_lifetime(r.added, kDocumentedLifetime);
  INFO("added " << r.added[0] << " in step 0; broken at the end " << r.broken.back()
                << ", predicted " << predicted.back());
  CHECK(r.broken[kDocumentedLifetime - 1] == 0.0);
  CHECK(r.broken[kDocumentedLifetime] == r.added[0]);
  CHECK(r.broken == predicted);
  CHECK(r.broken.back() > 0.0);
}

// (4b) The same with compaction_interval 7. Ties formed during the run are held in the overlay
// and decay, and break, only at compactions (scenarios/README.md says so): a tie formed in the
// window of steps [7k, 7k + 6] keeps w0 until the compaction at the end of step 7k + 6, then loses
// (1 - decay)^7 per compaction, so it breaks at the end of step 7k + 6 + 28 (28 = 7 * ceil(21.85 /
// 7)): lifetimes of 28 to 34 steps instead of 22. The interval is thus part of the model; a
// step-exact decay would remove that (noted on issue 4).
TEST_CASE("person_ties: with compaction every 7 steps, ties decay and break at compactions",
          "[validation][networking]") {
  constexpr std::uint32_t kInterval = 7;
  const DecayRun r = decay_run(kInterval, 70, kW0, kDecay, kFloor);
  std::vector<double> code(r.added.size(), 0.0);
  for (std::size_t t = 0; t < r.added.size(); ++t)
    for (std::size_t s = 0; s < r.added.size(); ++s) {
      const std::size_t merged = (s / kInterval) * kInterval + kInterval - 1;
      if (merged + 28 <= t) code[t] += r.added[s];
    }
  INFO("broken at the end " << r.broken.back() << "; rule " << code.back());
  CHECK(r.broken == code);
  CHECK(r.broken.back() > 0.0);
}

// (6) No runaway. With the default rates on a Barabasi-Albert graph (hubs of degree ~ m sqrt(N)),
// a year of closure and homophily forms at most (closure_rate + homophily_rate) N ties a step, and
// every tie breaks ln(floor / w0) / ln(1 - decay) steps after it formed (139 at the defaults; up
// to compaction_interval - 1 more): so the ties held stay below that rate times N times the
// lifetime, whatever the wedges. (A rate per open triad instead held 17 M ties after 365 steps at
// 100 k agents, 170 per person, and was still growing.)
TEST_CASE("person_ties: with the default rates ties stay bounded over a year on a graph with hubs",
          "[validation][networking]") {
  constexpr std::uint32_t kN = 3000;
  constexpr int kSteps = 365;
  const snsim::Scenario sc = snsim::load_scenario_text(
      scenario_text(kN, 10, "{generator: barabasi_albert, barabasi_albert: {m: 5}}", "{}", kSteps),
      "<person_ties_test>");
  const auto& net = sc.networking;
  const double per_step = (net.closure_rate + net.homophily_rate) * kN;
  const double lifetime =
      std::ceil(std::log(net.tie_floor / net.person_tie_strength) / std::log(1.0 - net.tie_decay)) +
      net.compaction_interval;
  Harness h(sc, 5);
  double most_added = 0.0, held = 0.0, before = 0.0, broken_before = 0.0;
  for (int t = 0; t < kSteps; ++t) {
    h.step();
    held = static_cast<double>(h.overlay().num_ties());
    const auto broken = static_cast<double>(h.overlay().ties_broken());
    most_added = std::max(most_added, held - before + (broken - broken_before));
    before = held;
    broken_before = broken;
  }
  INFO("most added in a step " << most_added << " (mean bound " << per_step << "); held at the end "
                               << held << " (bound " << per_step * lifetime << ")");
  CHECK(most_added <= per_step + 5.0 * std::sqrt(per_step));
  CHECK(held <= per_step * lifetime);
  CHECK(held > 0.5 * per_step * 139.0 * 0.5);  // and closure does form ties: not a no-op
}

// The classic models of diffusion as scenarios (process `contagion`), against exact or published
// values: live-edge (IC) and live-arc (LT) enumeration on a small graph with cycles, Kermack and
// McKendrick's final size on the complete graph, and Newman's (2002) bond-percolation final size
// on Erdos-Renyi graphs.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "../support/temp_dir.hpp"
#include "snsim/contagion/seed_sets.hpp"
#include "snsim/core/engine.hpp"
#include "snsim/core/world.hpp"
#include "snsim/io/results_reader.hpp"
#include "snsim/io/results_writer.hpp"
#include "snsim/io/scenario_loader.hpp"
#include "snsim/network/edge_list.hpp"

namespace {

const std::string kDir = SNSIM_SOURCE_DIR "/scenarios/validation/";
using Arc = std::pair<std::uint32_t, std::uint32_t>;  // (from, to)

// Returns the arcs (u, v, strength) of classic_small_graph.txt, both directions, read by the
// simulator's own reader.
std::vector<std::pair<Arc, double>> small_graph_arcs(std::uint32_t n) {
  const snsim::SocialGraph g = snsim::read_edge_list(kDir + "classic_small_graph.txt", n, 0.3f);
  std::vector<std::pair<Arc, double>> arcs;
  for (std::uint32_t u = 0; u < n; ++u) {
    const auto nb = g.neighbours(u);
    const auto st = g.strengths(u);
    for (std::size_t a = 0; a < nb.size(); ++a) arcs.push_back({{u, nb[a]}, st[a]});
  }
  return arcs;
}

// Returns how many people the seeds reach over the live arcs.
int reached(std::uint32_t n, const std::vector<std::uint32_t>& seeds,
            const std::vector<Arc>& live) {
  std::vector<std::uint8_t> on(n, 0);
  for (auto s : seeds) on[s] = 1;
  for (bool grew = true; grew;) {
    grew = false;
    for (const auto& [a, b] : live)
      if (on[a] && !on[b]) {
        on[b] = 1;
        grew = true;
      }
  }
  return static_cast<int>(std::count(on.begin(), on.end(), 1));
}

// Returns the last value of a population-wide metric of each of `runs` runs (seeds 1000 + r).
std::vector<double> final_values(const snsim::Scenario& sc, int runs, const std::string& metric) {
  std::vector<double> out;
  for (int r = 0; r < runs; ++r) {
    snsim::RunOptions o;
    o.seed = 1000 + static_cast<std::uint64_t>(r);
    const snsim::RunSeries s = snsim::run_scenario(sc, o).series;
    out.push_back(s.find(metric)->values.back());
  }
  return out;
}

struct MeanSe {
  double mean, se;
};
MeanSe mean_se(const std::vector<double>& x) {
  double s = 0, s2 = 0;
  for (double v : x) {
    s += v;
    s2 += v * v;
  }
  const double n = static_cast<double>(x.size()), m = s / n;
  return {m, std::sqrt(std::max(0.0, s2 / n - m * m) / n)};
}

// Returns z in (0, 1] solving 1 - z = (1 - z0) exp(-r0 z) (bisection), the largest root.
double final_size(double r0, double z0) {
  double lo = 1e-9, hi = 1.0;
  auto f = [&](double z) { return 1.0 - z - (1.0 - z0) * std::exp(-r0 * z); };
  // f > 0 between the small root (when z0 = 0, z = 0) and the large one; f(1) < 0.
  lo = std::max(lo, z0);
  for (int i = 0; i < 200; ++i) {
    const double mid = 0.5 * (lo + hi);
    (f(mid) > 0 ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

}  // namespace

TEST_CASE("the contagion process's independent cascade is exact on a graph with cycles",
          "[validation][classic][ic]") {
  const snsim::Scenario sc = snsim::load_scenario_file(kDir + "classic_ic.yaml");
  const std::uint32_t n = sc.population.size;
  const auto arcs = small_graph_arcs(n);
  REQUIRE(arcs.size() == 16);
  const std::vector<std::uint32_t> seeds(sc.contagion.seed_ids.begin(),
                                         sc.contagion.seed_ids.end());
  const double p = sc.contagion.p;
  double exact = 0.0;
  for (std::uint32_t mask = 0; mask < (1u << arcs.size()); ++mask) {
    std::vector<Arc> live;
    for (std::size_t a = 0; a < arcs.size(); ++a)
      if (mask >> a & 1) live.push_back(arcs[a].first);
    const double prob = std::pow(p, static_cast<double>(live.size())) *
                        std::pow(1 - p, static_cast<double>(arcs.size() - live.size()));
    exact += prob * reached(n, seeds, live);
  }
  const MeanSe sim = mean_se(final_values(sc, 4000, "active"));
  INFO("simulated " << sim.mean << " +- " << sim.se << ", exact " << exact);
  CHECK(std::abs(sim.mean - exact) < 4 * sim.se);
}

TEST_CASE("the linear threshold model is exact on a weighted graph with cycles",
          "[validation][classic][lt]") {
  for (const char* weights : {"inverse_degree", "tie_strength"}) {
    const snsim::Scenario sc = snsim::load_scenario_file(
        kDir + "classic_lt.yaml", {"contagion.weights=" + std::string(weights)});
    const std::uint32_t n = sc.population.size;
    const auto arcs = small_graph_arcs(n);
    const std::vector<std::uint32_t> seeds(sc.contagion.seed_ids.begin(),
                                           sc.contagion.seed_ids.end());
    // Live arcs (Kempe et al. 2003): each person v keeps at most one incoming arc, u -> v with
    // chance b_uv, none with 1 - sum_u b_uv. Enumerate every choice.
    std::vector<std::vector<std::pair<Arc, double>>> in(n);
    for (const auto& [arc, w] : arcs) {
      const std::uint32_t v = arc.second;
      double sum = 0;
      std::uint32_t degree = 0;
      for (const auto& [a2, w2] : arcs)
        if (a2.second == v) {
          sum += static_cast<double>(static_cast<float>(w2));
          ++degree;
        }
      const double b = std::string(weights) == "inverse_degree"
                           ? 1.0 / degree
                           : static_cast<double>(static_cast<float>(w)) / std::max(1.0, sum);
      in[v].push_back({arc, b});
    }
    double exact = 0.0;
    std::vector<std::size_t> pick(n, 0);  // pick[v] == in[v].size(): no incoming arc
    for (bool more = true; more;) {
      double prob = 1.0;
      std::vector<Arc> live;
      for (std::uint32_t v = 0; v < n; ++v) {
        if (pick[v] < in[v].size()) {
          prob *= in[v][pick[v]].second;
          live.push_back(in[v][pick[v]].first);
        } else {
          double rest = 1.0;
          for (const auto& e : in[v]) rest -= e.second;
          prob *= std::max(0.0, rest);
        }
      }
      if (prob > 0) exact += prob * reached(n, seeds, live);
      more = false;
      for (std::uint32_t v = 0; v < n && !more; ++v) {
        if (++pick[v] <= in[v].size())
          more = true;
        else
          pick[v] = 0;
      }
    }
    const MeanSe sim = mean_se(final_values(sc, 4000, "active"));
    INFO(weights << ": simulated " << sim.mean << " +- " << sim.se << ", exact " << exact);
    CHECK(std::abs(sim.mean - exact) < 4 * sim.se);
  }
}

TEST_CASE("SIR and SEIR on the complete graph reach Kermack-McKendrick's final size",
          "[validation][classic][sir]") {
  for (const char* model : {"sir", "seir"}) {
    std::vector<std::string> set{std::string("contagion.model=") + model};
    if (std::string(model) == "seir") set.push_back("contagion.sigma=0.5");
    const snsim::Scenario sc = snsim::load_scenario_file(kDir + "classic_sir.yaml", set);
    const double n = sc.population.size;
    // A susceptible escapes person i with chance exp(-beta D_i); D_i ~ Geometric(gamma) steps
    // has mean 1 / gamma, so over the n z people ever infected 1 - z = (1 - z0) exp(-R0 z).
    const double r0 = sc.contagion.beta * n / sc.contagion.gamma;
    const double z0 = sc.contagion.seed_count / n;
    const double expected = final_size(r0, z0);
    std::vector<double> z = final_values(sc, 60, "ever_infected");
    for (double& v : z) v /= n;
    const MeanSe sim = mean_se(z);
    INFO(model << ": R0 " << r0 << ", simulated " << sim.mean << " +- " << sim.se
               << ", Kermack-McKendrick " << expected);
    CHECK(std::abs(sim.mean - expected) < 4 * sim.se + 1.0 / n);
  }
}

TEST_CASE("SIR on Erdos-Renyi graphs reaches Newman's bond-percolation final size",
          "[validation][classic][sir]") {
  // c = 4, gamma = 0.5, q = 1 - exp(-beta) = 1/3: T = q / (q + gamma - q gamma) = 1/2, cT = 2.
  const snsim::Scenario sc = snsim::load_scenario_file(
      kDir + "classic_sir.yaml",
      {"population.size=3000", "network.generator=erdos_renyi", "network.erdos_renyi.mean_degree=4",
       "contagion.beta=" + std::to_string(std::log(1.5)), "contagion.gamma=0.5",
       "contagion.seeds.count=1"});
  const double n = sc.population.size;
  const double c = 4, t = 0.5;
  double s = 0.5;  // S = 1 - exp(-c T S), the giant component of the percolated graph
  for (int i = 0; i < 200; ++i) s = 1 - std::exp(-c * t * s);
  // One seed: count only the large outbreaks (small ones stay O(1); the giant one is ~0.8 n).
  std::vector<double> large;
  for (double v : final_values(sc, 80, "ever_infected"))
    if (v > 0.2 * n) large.push_back(v / n);
  REQUIRE(large.size() >= 20);
  const MeanSe sim = mean_se(large);
  INFO("large outbreaks " << large.size() << ", simulated " << sim.mean << " +- " << sim.se
                          << ", Newman " << s);
  CHECK(std::abs(sim.mean - s) < 4 * sim.se + 1.0 / n);
}

TEST_CASE("seed sets are the listed ids or the rule's choice, and reach the results file",
          "[validation][classic][seeds]") {
  // A star of 6 leaves around person 0, plus a tie 1-2: degree and CELF both pick the hub first.
  const snsim::SocialGraph star = snsim::SocialGraph::from_edges(
      7, {{0, 1}, {0, 2}, {0, 3}, {0, 4}, {0, 5}, {0, 6}, {1, 2}}, 0.3f);
  snsim::ContagionSpec spec;
  spec.p = 0.5;
  spec.seed_count = 2;
  spec.celf_simulations = 300;
  for (snsim::SeedRule rule : {snsim::SeedRule::degree, snsim::SeedRule::celf, snsim::SeedRule::imm,
                               snsim::SeedRule::random}) {
    spec.seed_rule = rule;
    const auto seeds = snsim::choose_seeds(star, spec, 9, 0, 77);
    INFO("rule " << static_cast<int>(rule));
    REQUIRE(seeds.size() == 2);
    CHECK(seeds[0] != seeds[1]);
    if (rule != snsim::SeedRule::random) CHECK(seeds[0] == 0);
  }
  // Degree: the hub, then the lower id of the two people of degree 2.
  spec.seed_rule = snsim::SeedRule::degree;
  CHECK(snsim::choose_seeds(star, spec, 9, 0, 77) == std::vector<snsim::AgentId>{0, 1});

  const snsim::Scenario sc = snsim::load_scenario_file(kDir + "classic_ic.yaml");
  snsim::RunOptions o;
  o.seed = 1;
  snsim::RunRecord run;
  run.series = snsim::run_scenario(sc, o).series;
  REQUIRE(run.series.id_lists.size() == 1);
  CHECK(run.series.id_lists[0].name == "seeds");
  CHECK(run.series.id_lists[0].ids == std::vector<std::uint64_t>{0, 5});
  // Step 0 starts from the seeds: at its end at least they are active.
  CHECK(run.series.find("active")->values.front() >= 2);

  // The ids survive the results file (attribute ids:seeds).
  const snsim::test_support::TempDir dir;
  const std::string path = dir.file("seeds.h5");
  {
    snsim::ResultsWriter w(path, snsim::ResultsAttributes{});
    w.write_run(run);
    w.commit();
  }
  const snsim::ResultsFile back = snsim::read_results(path);
  REQUIRE(back.runs.size() == 1);
  REQUIRE(back.runs[0].series.id_lists.size() == 1);
  CHECK(back.runs[0].series.id_lists[0].name == "seeds");
  CHECK(back.runs[0].series.id_lists[0].ids == std::vector<std::uint64_t>{0, 5});
}

TEST_CASE("population.propensity_sigma sets the spread of share chances (0 makes them equal)",
          "[validation][classic][ic]") {
  const std::string media = SNSIM_SOURCE_DIR "/scenarios/media_reach.yaml";
  const snsim::Scenario spread = snsim::load_scenario_file(media, {"population.size=2000"});
  CHECK(spread.population.propensity_sigma == 0.5);
  const snsim::Scenario flat =
      snsim::load_scenario_file(media, {"population.size=2000", "population.propensity_sigma=0"});
  const snsim::Population a = snsim::build_population(spread, 7);
  const snsim::Population b = snsim::build_population(flat, 7);
  const auto p = static_cast<float>(flat.population.share_prob);
  CHECK(std::all_of(b.share.begin(), b.share.end(), [&](float s) { return s == p; }));
  CHECK(std::any_of(a.share.begin(), a.share.end(), [&](float s) { return s != p; }));
  // The other traits do not move with the spread.
  CHECK(a.skepticism == b.skepticism);
  CHECK(a.activity == b.activity);
}

TEST_CASE("SIS on the complete graph settles at its mean-field endemic level",
          "[validation][classic][sis]") {
  // Each step I' = I - Binomial(I, gamma) + Binomial(S, 1 - exp(-beta I)): the fixed point i*
  // solves gamma i = (1 - i)(1 - exp(-beta n i)); here beta n / gamma = 2.
  const snsim::Scenario sc = snsim::load_scenario_file(
      kDir + "classic_sir.yaml", {"contagion.model=sis", "contagion.beta=0.0002",
                                  "contagion.gamma=0.2", "population.size=2000", "time.steps=300"});
  const double n = sc.population.size;
  const double bn = sc.contagion.beta * n, g = sc.contagion.gamma;
  double lo = 1e-6, hi = 1.0;
  for (int i = 0; i < 200; ++i) {
    const double mid = 0.5 * (lo + hi);
    ((1 - mid) * -std::expm1(-bn * mid) > g * mid ? lo : hi) = mid;
  }
  const double expected = 0.5 * (lo + hi);
  std::vector<double> level;  // each run's mean infectious share over steps 100..299
  for (int r = 0; r < 12; ++r) {
    snsim::RunOptions o;
    o.seed = 500 + static_cast<std::uint64_t>(r);
    const snsim::RunSeries series = snsim::run_scenario(sc, o).series;
    const std::vector<double>& v = series.find("infectious")->values;
    double s = 0;
    for (std::size_t t = 100; t < v.size(); ++t) s += v[t];
    level.push_back(s / static_cast<double>(v.size() - 100) / n);
  }
  const MeanSe sim = mean_se(level);
  INFO("simulated endemic share " << sim.mean << " +- " << sim.se << ", mean field " << expected);
  CHECK(std::abs(sim.mean - expected) < 4 * sim.se + 2.0 / n);
}

TEST_CASE("the influencers a brand's selection picks are recorded by name",
          "[validation][classic][seeds]") {
  const snsim::Scenario sc = snsim::load_scenario_file(
      SNSIM_SOURCE_DIR "/scenarios/media_reach.yaml",
      {"population.size=3000", "time.steps=2", "brands[1].influencers.selection=imm"});
  snsim::RunOptions o;
  o.seed = 3;
  const snsim::RunSeries s = snsim::run_scenario(sc, o).series;
  const std::string name = "influencers:" + sc.brands[1].name;
  const auto it = std::find_if(s.id_lists.begin(), s.id_lists.end(),
                               [&](const snsim::IdList& l) { return l.name == name; });
  REQUIRE(it != s.id_lists.end());
  CHECK(it->ids.size() == sc.brands[1].media.influencers);
  CHECK(std::all_of(it->ids.begin(), it->ids.end(), [&](std::uint64_t i) { return i < 3000; }));
}

TEST_CASE("Maki-Thompson and Daley-Kendall rumours leave 20.3% of a well-mixed population ignorant",
          "[validation][classic][rumour]") {
  double theta = 0.2;  // the root of theta = exp(-2 (1 - theta)) in (0, 1)
  for (int i = 0; i < 200; ++i) theta = std::exp(-2 * (1 - theta));
  for (const char* model : {"maki_thompson", "daley_kendall"}) {
    const snsim::Scenario sc = snsim::load_scenario_file(kDir + "classic_rumour.yaml",
                                                         {std::string("contagion.model=") + model});
    const double n = sc.population.size;
    std::vector<double> ignorant = final_values(sc, 60, "ignorants");
    for (double& v : ignorant) v /= n;
    const MeanSe sim = mean_se(ignorant);
    INFO(model << ": simulated ignorant share " << sim.mean << " +- " << sim.se << ", limit "
               << theta);
    CHECK(std::abs(sim.mean - theta) < 4 * sim.se + 1.0 / n);
  }
}

// The market against the NBD-Dirichlet model of repeat buying (Goodhardt, Ehrenberg & Chatfield
// 1984, "The Dirichlet: a comprehensive model of buying behaviour", J. R. Stat. Soc. A 147:621;
// Ehrenberg, Uncles & Goodhardt 2004, "Understanding brand performance measures", J. Bus. Res.
// 57:1307). With stationary tastes (no marketing, no loyalty term, equal prices, no outside
// option, everyone aware of every brand) the market's assumptions are the Dirichlet's: a person's
// category purchases over T steps are Poisson(lambda T) with lambda ~ Gamma(K, M/K), so NBD(MT, K)
// across people; their brand choice probabilities p ~ Dirichlet(alpha), alpha_j = S x share_j.
// The test computes the model's penetration b_j, purchase frequency w_j and duplication of
// purchase from the same parameters, by summation over the NBD, and compares the simulation with
// them within four standard errors (sampling of N independent people):
//   P(no purchase of j) = sum_n P(n) prod_{r<n} (S - alpha_j + r) / (S + r),   b_j = 1 - that,
//   w_j = M T (alpha_j / S) / b_j,   P(j and k) = 1 - P0_j - P0_k + P0_{j+k}.
// Double jeopardy (smaller brands have fewer buyers, who buy them slightly less often) and the
// duplication-of-purchase law (the share of j's buyers who also bought k is about D x b_k, the
// same D for every pair) follow.
#include <catch2/catch.hpp>

#include <array>
#include <cmath>
#include <vector>

#include "snsim/core/recorder.hpp"
#include "snsim/core/world.hpp"
#include "snsim/io/scenario_loader.hpp"
#include "snsim/market/market.hpp"

using namespace snsim;

namespace {

constexpr std::size_t kBrands = 3;
// Per step; T = 50 steps: 2.5 purchases a head. K = 0.5 (heavy buyers) gives the duplication
// coefficient D = 1.27 (with K = S = 1 it would be exactly 1: no test of the law's D).
constexpr double kM = 0.05, kK = 0.5, kS = 1.0;
constexpr Step kT = 50;
constexpr std::uint32_t kN = 20000;
constexpr std::array<double, kBrands> kAppeal{0.5, 0.3, 0.2};

const std::string kText = R"(
seed: 11
time: {steps: 50}
population: {size: 20000, communities: 1}
network: {generator: erdos_renyi, erdos_renyi: {mean_degree: 2}}
market: {category_rate: 0.05, rate_shape: 0.5, dirichlet_s: 1, beta_loyalty: 0, beta_engaged: 0,
         no_purchase_weight: 0}
brands:
  - {name: big, appeal: 0.5, price: 10, budget: {money_per_step: 0, hours_per_step: 0}}
  - {name: mid, appeal: 0.3, price: 10, budget: {money_per_step: 0, hours_per_step: 0}}
  - {name: small, appeal: 0.2, price: 10, budget: {money_per_step: 0, hours_per_step: 0}}
processes: [market]
)";

/// Returns the NBD probabilities P(n) of n category purchases, mean m, shape k, n < 400.
std::vector<double> nbd(double m, double k) {
  std::vector<double> p;
  for (int n = 0; n < 400; ++n)
    p.push_back(std::exp(std::lgamma(k + n) - std::lgamma(k) - std::lgamma(n + 1.0) +
                         k * std::log(k / (k + m)) + n * std::log(m / (k + m))));
  return p;
}

/// Returns the Dirichlet's P(no purchase of a set of brands with total alpha a) over the period.
double p_none(const std::vector<double>& p, double a) {
  double sum = 0.0, prod = 1.0;
  for (std::size_t n = 0; n < p.size(); ++n) {
    sum += p[n] * prod;
    prod *= (kS - a + static_cast<double>(n)) / (kS + static_cast<double>(n));
  }
  return sum;
}

/// Returns E[x^2] of a brand's purchases per person (x | n is beta-binomial(n, a, S - a)).
double second_moment(const std::vector<double>& p, double a) {
  double e = 0.0;
  for (std::size_t n = 0; n < p.size(); ++n) {
    const auto dn = static_cast<double>(n);
    const double mean = dn * a / kS;
    const double var = dn * a * (kS - a) * (kS + dn) / (kS * kS * (kS + 1.0));
    e += p[n] * (var + mean * mean);
  }
  return e;
}

struct Simulated {
  std::array<double, kBrands> b{}, w{};
  std::array<std::array<double, kBrands>, kBrands> both{};  ///< share of people buying j and k
  double category_mean = 0.0, category_none = 0.0;
};

Simulated simulate() {
  const Scenario s = load_scenario_text(kText, "<dirichlet>");
  World world = build_world(s, s.seed);
  for (BrandFunnel& f : world.funnels()) {  // everyone knows every brand from the start
    f.stage.assign(kN, Stage::aware);
    f.stage_count = {};
    f.stage_count[index(Stage::aware)] = kN;
  }
  std::vector<std::string> names;
  for (const auto& b : s.brands) names.push_back(b.name);
  Recorder rec(s.time.steps, names);
  Market market(s);
  market.define_metrics(rec);
  StepContext ctx;
  ctx.seed = s.seed;
  ctx.recorder = &rec;
  market.prepare(world, ctx);
  for (Step t = 0; t < s.time.steps; ++t) {
    ctx.step = t;
    market.step(world, ctx);
  }
  Simulated out;
  const RunSeries& r = rec.series();
  for (BrandId j = 0; j < kBrands; ++j) {
    out.b[j] = r.at("penetration", kT - 1, j);
    out.w[j] = r.at("purchase_frequency", kT - 1, j);
    for (BrandId k = 0; k < kBrands; ++k) {
      std::size_t c = 0;
      for (AgentId i = 0; i < kN; ++i)
        c += market.last_purchase_step(j)[i] >= 0 && market.last_purchase_step(k)[i] >= 0;
      out.both[j][k] = static_cast<double>(c) / kN;
    }
  }
  // The market's running tallies against the same figures counted from its per-person record:
  // the windowed penetration (people whose last purchase is in the last market.window steps;
  // at step window - 1 the window is the whole run) and the share of category requirements.
  const Step window = s.market.window;
  for (BrandId j = 0; j < kBrands; ++j) {
    const auto& last = market.last_purchase_step(j);
    std::size_t recent = 0;
    double requirements = 0.0;
    for (AgentId i = 0; i < kN; ++i) {
      recent += last[i] >= 0 && static_cast<Step>(last[i]) + window > kT - 1;
      if (last[i] >= 0) requirements += market.category_purchases()[i];
    }
    CHECK(r.at("penetration_window", kT - 1, j) == static_cast<double>(recent) / kN);
    CHECK(r.at("penetration_window", window - 1, j) == r.at("penetration", window - 1, j));
    const double purchases = out.w[j] * out.b[j] * kN;
    CHECK(r.at("share_of_requirements", kT - 1, j) == Approx(purchases / requirements));
  }
  for (std::uint32_t c : market.category_purchases()) {
    out.category_mean += c;
    out.category_none += c == 0;
  }
  out.category_mean /= kN;
  out.category_none /= kN;
  return out;
}

}  // namespace

TEST_CASE("with stationary tastes the market reproduces the NBD-Dirichlet",
          "[market][validation]") {
  const Simulated sim = simulate();
  const double m = kM * static_cast<double>(kT);
  const auto p = nbd(m, kK);
  const double n = kN;

  // Category purchases are NBD(M T, K): the mean and the share who never bought.
  const double none = std::pow(kK / (kK + m), kK);
  INFO("category: mean " << sim.category_mean << " (NBD " << m << "), never bought "
                         << sim.category_none << " (NBD " << none << ")");
  CHECK(std::abs(sim.category_none - none) < 4.0 * std::sqrt(none * (1 - none) / n));
  CHECK(std::abs(sim.category_mean - m) < 4.0 * std::sqrt((m + m * m / kK) / n));

  double appeal_sum = 0.0;
  for (double a : kAppeal) appeal_sum += a;
  std::array<double, kBrands> alpha{}, b{}, w{};
  for (std::size_t j = 0; j < kBrands; ++j) {
    alpha[j] = kS * kAppeal[j] / appeal_sum;
    b[j] = 1.0 - p_none(p, alpha[j]);
    w[j] = m * alpha[j] / kS / b[j];
    const double se_b = std::sqrt(b[j] * (1.0 - b[j]) / n);
    const double var_w = second_moment(p, alpha[j]) / b[j] - w[j] * w[j];
    const double se_w = std::sqrt(var_w / (n * b[j]));
    INFO("brand " << j << ": penetration " << sim.b[j] << " (Dirichlet " << b[j] << " +- " << se_b
                  << "), frequency " << sim.w[j] << " (Dirichlet " << w[j] << " +- " << se_w
                  << ")");
    CHECK(std::abs(sim.b[j] - b[j]) < 4.0 * se_b);
    CHECK(std::abs(sim.w[j] - w[j]) < 4.0 * se_w);
  }

  // Double jeopardy: smaller brands, fewer buyers, who buy them slightly less often.
  CHECK(sim.b[0] > sim.b[1]);
  CHECK(sim.b[1] > sim.b[2]);
  CHECK(sim.w[0] > sim.w[1]);
  CHECK(sim.w[1] > sim.w[2]);
  CHECK(sim.w[0] / sim.w[2] < 1.5);  // "slightly": far less than the penetration ratio
  CHECK(sim.b[0] / sim.b[2] > sim.w[0] / sim.w[2]);

  // Duplication of purchase: the Dirichlet's share of j's buyers who also bought k, and the law
  // D_jk ~ D x b_k with one D for every pair (Ehrenberg's duplication coefficient).
  double d_sum = 0.0;
  int pairs = 0;
  for (std::size_t j = 0; j < kBrands; ++j)
    for (std::size_t k = 0; k < kBrands; ++k) {
      if (j == k) continue;
      const double both = 1.0 - (1.0 - b[j]) - (1.0 - b[k]) + p_none(p, alpha[j] + alpha[k]);
      const double se = std::sqrt(both * (1.0 - both) / n);
      INFO("bought " << j << " and " << k << ": " << sim.both[j][k] << " (Dirichlet " << both
                     << " +- " << se << ")");
      CHECK(std::abs(sim.both[j][k] - both) < 4.0 * se);
      d_sum += sim.both[j][k] / sim.b[j] / sim.b[k];
      ++pairs;
    }
  const double d = d_sum / pairs;
  // The Dirichlet's own coefficient, the mean of P(j and k) / (b_j b_k) over the pairs.
  double d_model = 0.0;
  for (std::size_t j = 0; j < kBrands; ++j)
    for (std::size_t k = 0; k < kBrands; ++k)
      if (j != k)
        d_model += (1.0 - (1.0 - b[j]) - (1.0 - b[k]) + p_none(p, alpha[j] + alpha[k])) / b[j] /
                   b[k] / pairs;
  INFO("duplication coefficient D " << d << " (Dirichlet " << d_model << ")");
  CHECK(d == Approx(d_model).epsilon(0.05));
  CHECK(d > 1.1);
  for (std::size_t j = 0; j < kBrands; ++j)
    for (std::size_t k = 0; k < kBrands; ++k) {
      if (j == k) continue;
      const double dup = sim.both[j][k] / sim.b[j];
      INFO("duplication " << j << " -> " << k << ": " << dup << ", D x b_k = " << d * sim.b[k]);
      CHECK(std::abs(dup - d * sim.b[k]) < 0.1 * d * sim.b[k]);
    }
}

// Limited attention makes post popularity heavy tailed (Weng, Flammini, Vespignani, Menczer 2012,
// "Competition among memes in a world with limited attention", Sci. Rep. 2:335): on a
// homogeneous follow graph, where unlimited attention gives every post about the same audience,
// a feed ranked by engagement and read under limited attention concentrates popularity on few
// posts. Popularity of a post = likes and shares of its whole cascade. The statistic: the share
// of all popularity held by the top 1% of posts, and the ratio of the 99.9th percentile to the
// mean, and the dispersion index (variance / mean, 1 for Poisson), compared with the same world
// under unlimited attention with engagement scaled down to about the same mean popularity.
// And a proper tail statistic (tail_fit below): the discrete power law fitted by maximum likelihood
// above the xmin that minimises the Kolmogorov-Smirnov distance (Clauset, Shalizi, Newman 2009,
// "Power-law distributions in empirical data", SIAM Rev. 51:661, sections 3.1-3.3), compared with
// a discrete exponential (geometric) fitted to the same tail by Vuong's normalised log-likelihood
// ratio test (their section 5.1; Vuong 1989): z > 0 favours the power law, |z| > 2.33 is
// significant at one-sided 1%.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <functional>
#include <numeric>
#include <vector>

#include "../unit/media/media_test_support.hpp"
#include "snsim/io/scenario_loader.hpp"

namespace {

/// Returns the Hurwitz zeta function sum_{k >= 0} (q + k)^-a for a > 1, q >= 1: 40 terms, then
/// the Euler-Maclaurin remainder (relative error below 1e-10 for a <= 8).
double hurwitz_zeta(double a, double q) {
  constexpr int kTerms = 40;
  double s = 0.0;
  for (int k = 0; k < kTerms; ++k) s += std::pow(q + k, -a);
  const double x = q + kTerms;
  return s + std::pow(x, 1.0 - a) / (a - 1.0) + 0.5 * std::pow(x, -a) +
         a / 12.0 * std::pow(x, -a - 1.0);
}

struct TailFit {
  double xmin = 0.0, alpha = 0.0, ks = 1.0;
  std::size_t n_tail = 0;
  double vuong_z = 0.0;  ///< normalised log-likelihood ratio, power law over geometric
};

/// Fits the discrete power law p(x) = x^-alpha / zeta(alpha, xmin) to the values >= xmin (MLE by
/// golden-section search of the log-likelihood on [1.05, 8]) and returns its KS distance.
TailFit fit_above(const std::vector<double>& sorted_desc, double xmin) {
  TailFit f;
  f.xmin = xmin;
  double sum_log = 0.0;
  for (double x : sorted_desc) {
    if (x < xmin) break;
    sum_log += std::log(x);
    ++f.n_tail;
  }
  const auto m = static_cast<double>(f.n_tail);
  auto loglik = [&](double a) { return -m * std::log(hurwitz_zeta(a, xmin)) - a * sum_log; };
  double lo = 1.05, hi = 8.0;
  const double g = (std::sqrt(5.0) - 1.0) / 2.0;
  for (int it = 0; it < 60; ++it) {
    const double a = hi - g * (hi - lo), b = lo + g * (hi - lo);
    if (loglik(a) > loglik(b))
      hi = b;
    else
      lo = a;
  }
  f.alpha = 0.5 * (lo + hi);
  // KS distance between the tail's empirical CDF and the model's, over the distinct values.
  const double z0 = hurwitz_zeta(f.alpha, xmin);
  double ks = 0.0;
  std::size_t below = 0;  // tail values < x
  for (std::size_t k = f.n_tail; k-- > 0;) {
    const double x = sorted_desc[k];
    if (k > 0 && sorted_desc[k - 1] == x) continue;  // last copy of x in ascending order
    const double model_below = 1.0 - hurwitz_zeta(f.alpha, x) / z0;     // P(X < x)
    const double model_upto = 1.0 - hurwitz_zeta(f.alpha, x + 1) / z0;  // P(X <= x)
    const double emp_upto = static_cast<double>(f.n_tail - k) / m;
    ks = std::max({ks, std::abs(emp_upto - model_upto),
                   std::abs(static_cast<double>(below) / m - model_below)});
    below = f.n_tail - k;
  }
  f.ks = ks;
  // Vuong: pointwise log-likelihood ratio against the geometric p(x) = (1 - q) q^(x - xmin).
  double mean_excess = 0.0;
  for (std::size_t k = 0; k < f.n_tail; ++k) mean_excess += sorted_desc[k] - xmin;
  mean_excess /= m;
  const double q = mean_excess / (1.0 + mean_excess);
  double sum = 0.0, sum2 = 0.0;
  for (std::size_t k = 0; k < f.n_tail; ++k) {
    const double x = sorted_desc[k];
    const double l =
        (-f.alpha * std::log(x) - std::log(z0)) - (std::log1p(-q) + (x - xmin) * std::log(q));
    sum += l;
    sum2 += l * l;
  }
  const double var = sum2 / m - (sum / m) * (sum / m);
  f.vuong_z = var > 0.0 ? sum / std::sqrt(m * var) : 0.0;
  return f;
}

/// Clauset et al.'s xmin: the candidate (each distinct value >= 1 leaving at least 50 tail
/// values) whose fit has the smallest KS distance.
TailFit tail_fit(std::vector<double> values) {
  std::sort(values.begin(), values.end(), std::greater<>());
  TailFit best;
  double last = -1.0;
  for (std::size_t k = 50; k < values.size(); ++k) {
    const double x = values[k];
    if (x < 1.0) break;
    if (x == last) continue;
    last = x;
    const TailFit f = fit_above(values, x);
    if (f.ks < best.ks) best = f;
  }
  return best;
}

struct Concentration {
  double top1_share = 0.0;  ///< share of all popularity held by the top 1% of posts
  double p999_over_mean = 0.0;
  double mean = 0.0;
  double dispersion = 0.0;  ///< variance / mean (1 for a Poisson count)
  TailFit tail;
};

Concentration popularity_of(int attention, int capacity, double like, double share) {
  const snsim::Scenario sc = snsim::load_scenario_text(
      "seed: 5\n"
      "population: {size: 4000, activity: {mean: 1, sigma: 0}, share: " +
          std::to_string(share) + ", reply: 0, attention: " + std::to_string(attention) +
          "}\n"
          "time: {steps: 25}\n"
          "network: {generator: erdos_renyi, erdos_renyi: {mean_degree: 20}}\n"
          "platform: {ranking: engagement, sessions: bernoulli, person_posts: 1, background_items: "
          "0,"
          " like: {base: " +
          std::to_string(like) +
          ", relevance: 0, quality: 0, trust: 0, social_proof: 0},"
          " share: {relevance: 0, quality: 0, trust: 0, social_proof: 0},"
          " follow_person_on_engage: 0, unfollow: {prob: 0},"
          " follow_graph: {tie_follow: 1, popular_follows: 0, brand_follow: 0}, item_lifetime: 3,"
          " position_decay: 1, feed_capacity: " +
          std::to_string(capacity) +
          "}\n"
          "brands: [{name: b, strategy: {broadcast: 0, posts_per_step: 0}}]\n"
          "processes: [social_media]\n",
      "<attention>");
  snsim::World world = snsim::build_world(sc, sc.seed);
  snsim::test::run_social_media(world, sc.seed, sc.time.steps, false);
  const auto& posts = world.media().posts;
  std::vector<double> pop(posts.size(), 0.0);
  for (std::uint32_t p = 0; p < posts.size(); ++p) pop[posts.root[p]] += posts.likes[p];
  std::vector<double> roots;
  // Posts of the last steps have not had time to spread: keep the first 80% of the run.
  for (std::uint32_t p = 0; p < posts.size(); ++p)
    if (posts.root[p] == p && posts.created[p] < 20)
      roots.push_back(pop[p] + static_cast<double>(posts.cascade_size[p] - 1));
  std::sort(roots.begin(), roots.end(), std::greater<>());
  const double total = std::accumulate(roots.begin(), roots.end(), 0.0);
  const std::size_t top = std::max<std::size_t>(1, roots.size() / 100);
  Concentration c;
  c.mean = total / static_cast<double>(roots.size());
  c.top1_share =
      std::accumulate(roots.begin(), roots.begin() + static_cast<long>(top), 0.0) / total;
  c.p999_over_mean = roots[roots.size() / 1000] / c.mean;
  double ss = 0.0;
  for (double x : roots) ss += (x - c.mean) * (x - c.mean);
  c.dispersion = ss / static_cast<double>(roots.size() - 1) / c.mean;
  c.tail = tail_fit(roots);
  return c;
}

}  // namespace

TEST_CASE("limited attention concentrates post popularity in a heavy tail",
          "[validation][media][attention]") {
  const Concentration limited = popularity_of(3, 40, 0.05, 0.02);
  // Unlimited attention with engagement scaled down to the same mean popularity, so that the
  // comparison is of shapes, not of how much is read.
  const Concentration first = popularity_of(65535, 65535, 0.05, 0.02);
  const double f = limited.mean / first.mean;
  const Concentration unlimited = popularity_of(65535, 65535, 0.05 * f, 0.02 * f);
  INFO("top 1% share: limited " << limited.top1_share << ", unlimited " << unlimited.top1_share
                                << "; p99.9 / mean: limited " << limited.p999_over_mean
                                << ", unlimited " << unlimited.p999_over_mean
                                << "; dispersion: limited " << limited.dispersion << ", unlimited "
                                << unlimited.dispersion << "; mean: limited " << limited.mean
                                << ", unlimited " << unlimited.mean << "; tail: limited xmin "
                                << limited.tail.xmin << " alpha " << limited.tail.alpha << " n "
                                << limited.tail.n_tail << " ks " << limited.tail.ks << " vuong z "
                                << limited.tail.vuong_z << ", unlimited xmin "
                                << unlimited.tail.xmin << " alpha " << unlimited.tail.alpha << " n "
                                << unlimited.tail.n_tail << " ks " << unlimited.tail.ks
                                << " vuong z " << unlimited.tail.vuong_z);
  // Limited attention: overdispersed well beyond a Poisson count (dispersion 1) and beyond the
  // unlimited-attention world at the same mean; the top posts hold more of the popularity.
  CHECK(limited.dispersion > 1.5 * unlimited.dispersion);
  CHECK(limited.dispersion > 1.8);
  CHECK(limited.top1_share > unlimited.top1_share);
}

namespace {

/// The discrete power law with exponential cutoff, p(x) = x^-alpha e^(-lambda x) / Z for x >= 1,
/// fitted by maximum likelihood, and the likelihood-ratio test against the geometric
/// distribution (its alpha = 0 special case; Clauset, Shalizi, Newman 2009, section 5 and
/// table 6: for nested models 2 * log-likelihood ratio is chi-square with one degree of freedom).
struct CutoffFit {
  double alpha = 0.0, lambda = 0.0;
  double lr = 0.0;  ///< 2 * (log-likelihood of the fit - that of the best geometric)
  double mean = 0.0;
  std::size_t n = 0;
};

CutoffFit cutoff_fit(const std::vector<double>& x) {
  CutoffFit f;
  f.n = x.size();
  const auto m = static_cast<double>(f.n);
  double sum_log = 0.0, sum = 0.0;
  for (double v : x) {
    sum_log += std::log(v);
    sum += v;
  }
  f.mean = sum / m;
  // log Z(alpha, lambda) by direct summation until e^(-lambda x) < e^-40.
  auto log_z = [](double alpha, double lambda) {
    const auto last = static_cast<std::size_t>(std::min(2e6, std::ceil(40.0 / lambda)));
    double z = 0.0;
    for (std::size_t k = 1; k <= last; ++k) {
      const auto xk = static_cast<double>(k);
      z += std::exp(-alpha * std::log(xk) - lambda * xk);
    }
    return std::log(z);
  };
  auto loglik = [&](double alpha, double lambda) {
    return -alpha * sum_log - lambda * sum - m * log_z(alpha, lambda);
  };
  // Nested golden-section searches: alpha in [0, 4] for each lambda, log10 lambda in [-5, 0].
  const double g = (std::sqrt(5.0) - 1.0) / 2.0;
  auto best_alpha = [&](double lambda, double& ll) {
    double lo = 0.0, hi = 4.0;
    for (int it = 0; it < 40; ++it) {
      const double a = hi - g * (hi - lo), b = lo + g * (hi - lo);
      if (loglik(a, lambda) > loglik(b, lambda))
        hi = b;
      else
        lo = a;
    }
    const double alpha = 0.5 * (lo + hi);
    ll = loglik(alpha, lambda);
    return alpha;
  };
  double lo = -5.0, hi = 0.0, ll = 0.0;
  for (int it = 0; it < 40; ++it) {
    const double a = hi - g * (hi - lo), b = lo + g * (hi - lo);
    double la = 0.0, lb = 0.0;
    best_alpha(std::pow(10.0, a), la);
    best_alpha(std::pow(10.0, b), lb);
    if (la > lb)
      hi = b;
    else
      lo = a;
  }
  f.lambda = std::pow(10.0, 0.5 * (lo + hi));
  f.alpha = best_alpha(f.lambda, ll);
  // The geometric p(x) = (1 - q) q^(x - 1) has its maximum likelihood at q = 1 - 1 / mean.
  const double q = 1.0 - 1.0 / f.mean;
  const double ll_geometric = m * std::log1p(-q) + (sum - m) * std::log(q);
  f.lr = 2.0 * (ll - ll_geometric);
  return f;
}

/// Returns the cascade sizes (posts of the cascade: the post and its shares) of the people's
/// posts created in steps [from, to) of scenarios/validation/media_attention.yaml with overrides.
std::vector<double> weng_popularity(const std::vector<std::string>& overrides, std::uint32_t from,
                                    std::uint32_t to) {
  const snsim::Scenario sc = snsim::load_scenario_file(
      SNSIM_SOURCE_DIR "/scenarios/validation/media_attention.yaml", overrides);
  snsim::World world = snsim::build_world(sc, sc.seed);
  snsim::test::run_social_media(world, sc.seed, sc.time.steps, false);
  const auto& posts = world.media().posts;
  std::vector<double> sizes;
  for (std::uint32_t p = 0; p < posts.size(); ++p)
    if (posts.root[p] == p && posts.created[p] >= from && posts.created[p] < to)
      sizes.push_back(static_cast<double>(posts.cascade_size[p]));
  return sizes;
}

}  // namespace

// Weng et al.'s mechanism (scenarios/validation/media_attention.yaml): with limited attention and
// fresh posts rare next to shares, cascades are a branching process just below criticality
// (R ~ 0.95) and popularity is broad: a power law times an exponential cutoff far above the
// mean. The statistic, for each of three seeds: the power law with exponential cutoff fitted by
// maximum likelihood over all sizes (CSN 2009, table 6) beats the geometric (exponential) by a
// likelihood ratio far past chi-square's 1% point (6.63); its exponent is a real power-law factor
// (0.5 to 2; measured 0.89-0.92) and its cutoff scale 1 / lambda is above 30 posts (measured
// 58-62, with mean size 17, so the power law spans 1.5 decades). Contrast: when fresh posts are
// as common as what attention leaves for shares (person_posts 1, R ~ 0.5) the cutoff falls below
// 10 posts (measured 1.9): limited attention makes the tail broad through the self-regulated,
// near-critical branching, not by itself.
// Not met, and why: the fitted exponent over this range is ~0.9, not the asymptotic 3/2 of
// critical branching (the range is too short for the asymptote), and the pure power-law test of
// CSN (xmin by KS, Vuong z against an exponential above xmin, printed below) is not passed: its
// xmin lands in the cutoff region (xmin 40-190), where z ranged from -4.7 to 3.1 over seeds and
// settings (attention 3 to 10, population 10,000 to 40,000). A truncated power law is what this
// finite-R process gives; a pure one would need R -> 1 and a far larger population.
TEST_CASE(
    "limited attention with rare fresh posts gives a broad power-law popularity with a cutoff",
    "[validation][media][attention][tail]") {
  for (const char* seed : {"seed=1", "seed=2", "seed=3"}) {
    const std::vector<double> sizes = weng_popularity({seed}, 10, 40);
    const CutoffFit f = cutoff_fit(sizes);
    const TailFit csn = tail_fit(sizes);
    INFO(seed << ": posts " << f.n << " mean size " << f.mean << " alpha " << f.alpha
              << " cutoff 1/lambda " << 1.0 / f.lambda << " LR vs geometric " << f.lr
              << "; CSN power law above xmin " << csn.xmin << ": alpha " << csn.alpha << " Vuong z "
              << csn.vuong_z);
    CHECK(f.alpha > 0.5);
    CHECK(f.alpha < 2.0);
    CHECK(1.0 / f.lambda > 30.0);
    CHECK(f.lr > 6.63);
  }
  const CutoffFit fresh = cutoff_fit(weng_popularity({"platform.person_posts=1"}, 10, 40));
  INFO("person_posts 1: mean size " << fresh.mean << " alpha " << fresh.alpha << " cutoff "
                                    << 1.0 / fresh.lambda);
  CHECK(1.0 / fresh.lambda < 10.0);
}

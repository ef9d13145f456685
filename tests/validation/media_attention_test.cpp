// Limited attention makes post popularity heavy tailed (Weng, Flammini, Vespignani, Menczer 2012,
// "Competition among memes in a world with limited attention", Sci. Rep. 2:335): on a
// homogeneous follow graph, where unlimited attention gives every post about the same audience,
// a feed ranked by engagement and read under limited attention concentrates popularity on few
// posts. Popularity of a post = likes and shares of its whole cascade. The statistic: the share
// of all popularity held by the top 1% of posts, and the ratio of the 99.9th percentile to the
// mean, and the dispersion index (variance / mean, 1 for Poisson), compared with the same world
// under unlimited attention with engagement scaled down to about the same mean popularity.
#include <catch2/catch.hpp>

#include <algorithm>
#include <functional>
#include <numeric>
#include <vector>

#include "../unit/media/media_test_support.hpp"
#include "snsim/io/scenario_loader.hpp"

namespace {

struct Concentration {
  double top1_share = 0.0;  ///< share of all popularity held by the top 1% of posts
  double p999_over_mean = 0.0;
  double mean = 0.0;
  double dispersion = 0.0;  ///< variance / mean (1 for a Poisson count)
};

Concentration popularity_of(int attention, int capacity, double like, double share) {
  const snsim::Scenario sc = snsim::load_scenario_text(
      "seed: 5\n"
      "population: {size: 4000, activity: {mean: 1, sigma: 0}, share: " + std::to_string(share) + ", reply: 0, attention: " +
          std::to_string(attention) + "}\n"
      "time: {steps: 25}\n"
      "network: {generator: erdos_renyi, erdos_renyi: {mean_degree: 20}}\n"
      "platform: {ranking: engagement, sessions: bernoulli, person_posts: 1, background_items: 0,"
      " like: {base: " + std::to_string(like) + ", relevance: 0, quality: 0, trust: 0, social_proof: 0},"
      " share: {relevance: 0, quality: 0, trust: 0, social_proof: 0},"
      " follow_graph: {tie_follow: 1, popular_follows: 0, brand_follow: 0}, item_lifetime: 3,"
          " position_decay: 1, feed_capacity: " + std::to_string(capacity) + "}\n"
          "brands: [{name: b, strategy: {broadcast: 0, posts_per_step: 0}}]\n"
          "processes: [social_media]\n",
      "<attention>");
  snsim::World world = snsim::build_world(sc, sc.seed);
  snsim::test::run_social_media(world, sc.seed, sc.time.steps);
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
  c.top1_share = std::accumulate(roots.begin(), roots.begin() + static_cast<long>(top), 0.0) / total;
  c.p999_over_mean = roots[roots.size() / 1000] / c.mean;
  double ss = 0.0;
  for (double x : roots) ss += (x - c.mean) * (x - c.mean);
  c.dispersion = ss / static_cast<double>(roots.size() - 1) / c.mean;
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
       << "; p99.9 / mean: limited " << limited.p999_over_mean << ", unlimited "
       << unlimited.p999_over_mean << "; dispersion: limited " << limited.dispersion << ", unlimited "
       << unlimited.dispersion << "; mean: limited " << limited.mean << ", unlimited " << unlimited.mean);
  // Limited attention: overdispersed well beyond a Poisson count (dispersion 1) and beyond the
  // unlimited-attention world at the same mean; the top posts hold more of the popularity.
  CHECK(limited.dispersion > 1.5 * unlimited.dispersion);
  CHECK(limited.dispersion > 1.8);
  CHECK(limited.top1_share > unlimited.top1_share);
}

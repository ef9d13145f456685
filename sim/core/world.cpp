#include "snsim/core/world.hpp"

#include <algorithm>
#include <cmath>

#include <boost/random/normal_distribution.hpp>

#include "snsim/core/parallel.hpp"
#include "snsim/network/generators.hpp"

namespace snsim {
namespace {

constexpr std::uint32_t kStream = stream_id("population");
enum Purpose : std::uint32_t {
  kCommunity = 1,
  kCentroid = 2,
  kInterest = 3,
  kTraits = 4,
  kDealt = 5
};

template <class T>
std::size_t bytes(const std::vector<T>& v) {
  return v.capacity() * sizeof(T);
}

}  // namespace

World::World(const Scenario& scenario, Population population, SocialGraph social)
    : scenario_(&scenario), population_(std::move(population)), social_(std::move(social)) {
  const std::uint32_t n = population_.size;
  funnels_.resize(scenario.brands.size());
  ledgers_.resize(scenario.brands.size());
  standings_.resize(scenario.brands.size());
  // Until a strategy process runs (or in a pipeline without one), each brand spends its keys' mix
  // of step 0.
  for (const BrandSpec& b : scenario.brands) {
    Allocation a = base_allocation(b);
    a.mix = phase_mix(b, 0);
    allocations_.push_back(a);
  }
  for (BrandFunnel& f : funnels_) {
    f.stage.assign(n, Stage::unaware);
    f.trust.assign(n, 0.0f);
    f.reached.assign(n, 0);
    if (scenario.attribution.enabled) f.history.assign(n, TouchRing{});
    f.stage_count[index(Stage::unaware)] = n;
  }
}

std::size_t World::memory_bytes() const {
  const Population& p = population_;
  std::size_t total = p.interest.memory_bytes() + bytes(p.community) + bytes(p.activity) +
                      bytes(p.attention) + bytes(p.share) + bytes(p.reply) + bytes(p.skepticism) +
                      social_.memory_bytes() + media_.memory_bytes();
  for (const BrandFunnel& f : funnels_) {
    total += bytes(f.stage) + bytes(f.trust) + bytes(f.reached) + bytes(f.history);
    for (const TouchColumn& col : f.touches) total += col.memory_bytes();
  }
  return total;
}

Population build_population(const Scenario& scenario, std::uint64_t seed) {
  const PopulationSpec& spec = scenario.population;
  const std::uint32_t n = spec.size;
  const auto k = static_cast<Eigen::Index>(spec.topics);
  Population p;
  p.size = n;
  p.interest = Interests(n, spec.topics, spec.interest_bits);
  p.community.resize(n);
  p.activity.resize(n);
  p.attention.assign(n, static_cast<std::uint16_t>(spec.attention));
  p.share.resize(n);
  p.reply.resize(n);
  p.skepticism.resize(n);

  // Community centroids: random directions in topic space (isotropic normal, normalised).
  Eigen::MatrixXf centroid(spec.communities, k);
  for (std::uint32_t c = 0; c < spec.communities; ++c) {
    RandomStream s(StreamKey{seed, 0, kSetupStep, kStream, kCentroid, c});
    boost::random::normal_distribution<double> normal;
    for (Eigen::Index t = 0; t < k; ++t) centroid(c, t) = static_cast<float>(normal(s));
    centroid.row(c).normalize();
  }

  // Lognormal with the given mean: mu = ln(mean) - sigma^2 / 2.
  const double act_mu =
      std::log(spec.activity_mean) - 0.5 * spec.activity_sigma * spec.activity_sigma;
  // Propensities vary between people by a lognormal factor of mean 1 (population.propensity_sigma;
  // 0 makes them homogeneous, as the textbook independent cascade needs). The normals are drawn
  // whatever the sigma, so that the other traits do not move when it changes.
  const double trait_sigma = spec.propensity_sigma;
  const double trait_mu = -0.5 * trait_sigma * trait_sigma;
  // Fixed community sizes: the labels, so many of each, dealt in a random order (one serial
  // Fisher-Yates shuffle), so that a community is not a block of ids (generators such as
  // Barabasi-Albert give low ids more ties).
  std::vector<std::uint16_t> dealt;
  if (!spec.community_sizes.empty()) {
    dealt.reserve(n);
    for (std::size_t c = 0; c < spec.community_sizes.size(); ++c)
      dealt.insert(dealt.end(), spec.community_sizes[c], static_cast<std::uint16_t>(c));
    RandomStream ds(StreamKey{seed, 0, kSetupStep, kStream, kDealt, 0});
    for (std::size_t i = dealt.size(); i > 1; --i) std::swap(dealt[i - 1], dealt[ds.below(i)]);
  }
  const auto in = static_cast<std::int64_t>(n);
#pragma omp parallel for schedule(static) if (in >= kMinParallelAgents)
  for (std::int64_t ii = 0; ii < in; ++ii) {
    const auto i = static_cast<AgentId>(ii);
    RandomStream cs(StreamKey{seed, 0, kSetupStep, kStream, kCommunity, i});
    const auto drawn = static_cast<std::uint16_t>(cs.below(spec.communities));
    const std::uint16_t c = dealt.empty() ? drawn : dealt[i];
    p.community[i] = c;

    RandomStream is(StreamKey{seed, 0, kSetupStep, kStream, kInterest, i});
    boost::random::normal_distribution<double> normal;
    Eigen::VectorXf v(k);
    for (Eigen::Index t = 0; t < k; ++t)
      v(t) = centroid(c, t) +
             static_cast<float>(spec.interest_spread * normal(is) / std::sqrt(double(k)));
    const float norm = v.norm();
    if (norm > 0)
      p.interest.set(i, v / norm);
    else
      p.interest.set(i, centroid.row(c).transpose());

    RandomStream ts(StreamKey{seed, 0, kSetupStep, kStream, kTraits, i});
    p.activity[i] = static_cast<float>(std::exp(act_mu + spec.activity_sigma * normal(ts)));
    p.share[i] = static_cast<float>(
        std::min(1.0, spec.share_prob * std::exp(trait_mu + trait_sigma * normal(ts))));
    p.reply[i] = static_cast<float>(
        std::min(1.0, spec.reply_prob * std::exp(trait_mu + trait_sigma * normal(ts))));
    // Skepticism: normal around the mean with sd 0.2, clipped to [0, 1] (an assumption).
    p.skepticism[i] = static_cast<float>(std::clamp(spec.skepticism + 0.2 * normal(ts), 0.0, 1.0));
  }
  return p;
}

World build_world(const Scenario& scenario, std::uint64_t seed) {
  Population p = build_population(scenario, seed);
  SocialGraph g = generate_social_graph(scenario.network, p.size, p.community, seed);
  return World(scenario, std::move(p), std::move(g));
}

}  // namespace snsim

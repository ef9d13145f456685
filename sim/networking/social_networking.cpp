#include "snsim/networking/social_networking.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <unordered_set>

#include <boost/random/binomial_distribution.hpp>

#include "snsim/core/world.hpp"

namespace snsim {
namespace {

constexpr std::uint32_t kStream = stream_id("social_networking");
/// Decisions, each its own sub-stream per brand: purpose = brand * kDecisions + decision.
enum Decision : std::uint32_t { kReturn = 0, kAnswer, kTalk, kGroup, kGroupReply, kDecisions };

std::uint32_t purpose(BrandId b, Decision d) { return b * kDecisions + d; }

/// Returns k distinct integers from [0, n), ascending (Floyd's algorithm; k <= n).
std::vector<std::uint64_t> sample_distinct(RandomStream& s, std::uint64_t n, std::uint64_t k) {
  std::unordered_set<std::uint64_t> chosen;
  std::vector<std::uint64_t> out;
  out.reserve(k);
  for (std::uint64_t j = n - k; j < n; ++j) {
    const std::uint64_t t = s.below(j + 1);
    const std::uint64_t pick = chosen.insert(t).second ? t : j;
    if (pick == j) chosen.insert(j);
    out.push_back(pick);
  }
  std::sort(out.begin(), out.end());
  return out;
}

/// Returns the friend of i at position k of the union of its social graph and overlay rows
/// (everyone but i on the complete graph).
AgentId friend_at(const SocialGraph& g, const TieOverlay& overlay, AgentId i, std::uint64_t k) {
  if (g.is_complete()) return static_cast<AgentId>(k < i ? k : k + 1);
  const auto base = g.neighbours(i);
  if (k < base.size()) return base[k];
  return overlay.neighbours(i)[k - base.size()];
}

std::uint64_t friend_count(const SocialGraph& g, const TieOverlay& overlay, AgentId i) {
  if (g.is_complete()) return g.num_agents() - 1;
  return g.degree(i) + (overlay.num_agents() > i ? overlay.neighbours(i).size() : 0);
}

}  // namespace

SocialNetworking::SocialNetworking(const Scenario& scenario) {
  if (scenario.population.communities <= kMaxCommunitySeries)
    community_names_ = scenario.networking.community_names;
}

void SocialNetworking::define_metrics(Recorder& r) {
  relationships_ =
      r.define("relationships", "ties", "people with a tie to the brand (w >= tie_floor)");
  strong_ = r.define("relationships_strong", "ties",
                     "ties to the brand at or above networking.introduction.threshold");
  home_ = r.define("relationships_home", "ties", "ties to the brand inside its home community");
  strength_mean_ =
      r.define("tie_strength_mean", "1", "mean strength of the brand's ties (0 if none)");
  conversations_ = r.define("conversations", "conversations", "two-way conversations this step");
  depth_mean_ = r.define("conversation_depth_mean", "exchanges",
                         "mean exchanges per conversation this step (0 if none)");
  introductions_ = r.define("introductions", "agents", "introductions accepted this step");
  groups_ = r.define("groups_joined", "groups", "communities the brand takes part in as groups");
  group_touches_ =
      r.define("group_touches", "agents", "group members who read the brand's message this step");
  hours_ =
      r.define("networking_hours", "staff hours", "staff hours spent on conversations this step");
  for (std::size_t k = 0; k < kStrengthBins; ++k) {
    char bin[32];
    std::snprintf(bin, sizeof bin, "%.1f-%.1f", static_cast<double>(k) / 10.0,
                  static_cast<double>(k + 1) / 10.0);
    strength_bins_[k] = r.define(
        std::string("tie_strength_histogram/") + bin, "ties",
        std::string("brand ties with strength in [") + bin + ") (the last bin includes 1)");
  }
  for (const auto& name : community_names_)
    by_community_.push_back(r.define("relationships_by_community/" + name, "ties",
                                     "brand ties to people of community " + name));
}

void SocialNetworking::prepare(World& world, StepContext&) {
  const Population& pop = world.population();
  const std::uint32_t n = pop.size;
  NetworkingState& state = world.networking();
  state.brands.resize(world.brand_count());
  if (state.person_ties.num_agents() != n) state.person_ties = TieOverlay(n);
  if (state.community_members.empty()) {
    state.community_members.assign(world.scenario().population.communities, {});
    for (AgentId i = 0; i < n; ++i) state.community_members[pop.community[i]].push_back(i);
  }
  for (BrandId b = 0; b < world.brand_count(); ++b) {
    BrandNetworking& bn = state.brands[b];
    // The brand's topic: the centroid of its home community's interests.
    const auto& members = state.community_members[world.scenario().brands[b].community];
    bn.topic = Eigen::VectorXf::Zero(pop.interest.topics());
    for (AgentId i : members) pop.interest.add_to(i, bn.topic);
    if (bn.topic.norm() > 0) bn.topic.normalize();
  }
}

void SocialNetworking::step(World& world, StepContext& ctx) {
  const Scenario& sc = world.scenario();
  const NetworkingSpec& net = sc.networking;
  const Population& pop = world.population();
  const SocialGraph& g = world.social_graph();
  NetworkingState& state = world.networking();
  const std::uint32_t n = pop.size;
  const auto cap = static_cast<float>(net.brand_tie_cap);
  const double cost = net.minutes_per_conversation;

  for (BrandId b = 0; b < world.brand_count(); ++b) {
    const BrandSpec& spec = sc.brands[b];
    BrandNetworking& bn = state.brands[b];
    BrandRelationships& ties = bn.ties;
    BrandFunnel& f = world.funnels()[b];
    talked_.clear();
    const auto relevance = [&](AgentId i) { return pop.interest.dot(i, bn.topic); };

    // Groups: members taking part read the brand's message; some reply (two-way invitations).
    std::int64_t group_touches = 0;
    group_repliers_.clear();
    for (std::uint32_t c : spec.groups) {
      const auto& members = state.community_members[c];
      if (members.empty() || net.participation <= 0.0) continue;
      RandomStream s = ctx.stream(kStream, purpose(b, kGroup), c);
      boost::random::binomial_distribution<std::int64_t, double> binom(
          static_cast<std::int64_t>(members.size()), net.participation);
      const auto k = static_cast<std::uint64_t>(binom(s));
      for (std::uint64_t idx : sample_distinct(s, members.size(), k)) {
        const AgentId i = members[idx];
        f.add_touches(Channel::group, i, 1, n);
        ++group_touches;
        RandomStream rs = ctx.stream(kStream, purpose(b, kGroupReply), i);
        if (rs.bernoulli(net.group_reply_prob * std::max(0.0f, relevance(i))))
          group_repliers_.push_back(i);
      }
    }

    // Who the brand talks to this step, in priority order.
    candidates_.clear();
    candidates_.insert(candidates_.end(), bn.introduced.begin(), bn.introduced.end());
    const std::size_t n_intro = candidates_.size();
    for (std::uint32_t k = 0; k < ties.size(); ++k) {
      const AgentId i = ties.person[k];
      const double p = net.return_rate * (ties.strength[k] / cap) * std::max(0.0f, relevance(i));
      if (p > 0.0 && ctx.stream(kStream, purpose(b, kReturn), i).bernoulli(p))
        candidates_.push_back(i);
    }
    // Replies in the brand's own group threads are part of the conversation it started.
    candidates_.insert(candidates_.end(), group_repliers_.begin(), group_repliers_.end());
    for (AgentId i : bn.replies)
      if (ctx.stream(kStream, purpose(b, kAnswer), i).bernoulli(net.reply_answer_rate))
        candidates_.push_back(i);
    bn.replies.clear();
    // Then the brand follows up with its partners who have not introduced it yet, strongest
    // first (closest to the introduction threshold), with whatever time is left.
    const std::size_t n_first = candidates_.size();
    for (std::uint32_t k = 0; k < ties.size() && spec.follow_ups; ++k)
      if (ties.introduced[k] == 0) candidates_.push_back(ties.person[k]);
    std::sort(candidates_.begin() + static_cast<std::ptrdiff_t>(n_first), candidates_.end(),
              [&](AgentId x, AgentId y) {
                const float wx = ties.strength_of(x), wy = ties.strength_of(y);
                return wx != wy ? wx > wy : x < y;
              });

    const Allocation& alloc = world.allocations()[b];
    double minutes = alloc.hours_for(alloc.mix.networking) * 60.0 + bn.minutes_carry;
    std::int64_t talks = 0, exchanges = 0, accepted = 0;
    std::size_t served_intro = 0;
    for (std::size_t c = 0; c < candidates_.size() && minutes >= cost; ++c) {
      const AgentId i = candidates_[c];
      if (c < n_intro) served_intro = c + 1;
      if (!talked_.insert(i, 0)) continue;  // already talked to in this pass
      minutes -= cost;
      ++talks;
      RandomStream s = ctx.stream(kStream, purpose(b, kTalk), i);
      const float rho = relevance(i);
      const float w0 = ties.strength_of(i);
      const double pi = w0 + (1.0 - w0) * std::max(0.0f, rho);
      const int depth = 1 + (s.uniform01() < pi) + (s.uniform01() < pi);
      exchanges += depth;
      f.add_touches(Channel::conversation, i, 1, n);
      if (depth >= 2)
        f.trust[i] = std::min(1.0f, f.trust[i] + static_cast<float>(net.trust_gain));
      else if (rho < 0.0f)
        f.trust[i] = std::max(-1.0f, f.trust[i] + static_cast<float>(net.trust_gain) * rho);
      // Each exchange is a two-way exchange: w += gain (1 - w) per exchange (docs/parameters.md).
      const auto w =
          std::min(cap, static_cast<float>(1.0 - (1.0 - w0) * std::pow(1.0 - net.tie_gain, depth)));
      if (w < net.tie_floor) continue;
      const std::uint32_t found = ties.find(i);
      const std::uint32_t k = found == BrandRelationships::kNoTie ? ties.add(i, w) : found;
      ties.strength[k] = w;
      if (ties.introduced[k] != 0 || w < net.intro_threshold || spec.introductions == 0) continue;
      // Triadic closure: the partner introduces the brand to some of its friends.
      ties.introduced[k] = 1;
      const std::uint64_t d = friend_count(g, state.person_ties, i);
      const std::uint64_t asked = std::min<std::uint64_t>(d, spec.introductions);
      for (std::uint64_t pos : sample_distinct(s, d, asked)) {
        const AgentId j = friend_at(g, state.person_ties, i, pos);
        const bool accepts = s.uniform01() < net.intro_accept_prob;
        if (!accepts || ties.find(j) != BrandRelationships::kNoTie) continue;
        ties.add(j, static_cast<float>(net.intro_strength));
        talked_.insert(j, 0);  // introduced today: no decay today, a conversation from next step
        f.add_touches(Channel::introduction, j, 1, n);
        bn.introduced.push_back(j);
        ++accepted;
      }
    }
    bn.minutes_carry = std::min(minutes, cost) * (alloc.mix.networking > 0.0 ? 1.0 : 0.0);
    // The introduced who were not reached stay queued (behind today's introductions).
    std::vector<AgentId> waiting(bn.introduced.begin() + static_cast<std::ptrdiff_t>(served_intro),
                                 bn.introduced.begin() + static_cast<std::ptrdiff_t>(n_intro));
    waiting.insert(waiting.end(), bn.introduced.begin() + static_cast<std::ptrdiff_t>(n_intro),
                   bn.introduced.end());
    bn.introduced = std::move(waiting);

    // Ties not talked to decay; below the floor they break.
    const auto keep = static_cast<float>(1.0 - net.tie_decay);
    double strength_sum = 0.0;
    std::int64_t strong = 0, home = 0;
    std::array<std::int64_t, kStrengthBins> bins{};
    community_count_.assign(by_community_.size(), 0);
    for (std::uint32_t k = 0; k < ties.size();) {
      const AgentId i = ties.person[k];
      if (!talked_.contains(i)) {
        ties.strength[k] *= keep;
        if (ties.strength[k] < net.tie_floor) {
          ties.remove(k);
          continue;
        }
      }
      strength_sum += ties.strength[k];
      strong += ties.strength[k] >= net.intro_threshold;
      home += pop.community[i] == spec.community;
      ++bins[std::min<std::size_t>(kStrengthBins - 1,
                                   static_cast<std::size_t>(ties.strength[k] * kStrengthBins))];
      if (!community_count_.empty()) ++community_count_[pop.community[i]];
      ++k;
    }
    // Drop queued introductions whose tie broke while they waited.
    std::erase_if(bn.introduced,
                  [&](AgentId i) { return ties.find(i) == BrandRelationships::kNoTie; });

    Recorder& r = *ctx.recorder;
    const double m = ties.size();
    r.set(relationships_, ctx.step, b, m);
    r.set(strong_, ctx.step, b, static_cast<double>(strong));
    r.set(home_, ctx.step, b, static_cast<double>(home));
    r.set(strength_mean_, ctx.step, b, m > 0 ? strength_sum / m : 0.0);
    r.set(conversations_, ctx.step, b, static_cast<double>(talks));
    r.set(depth_mean_, ctx.step, b,
          talks > 0 ? static_cast<double>(exchanges) / static_cast<double>(talks) : 0.0);
    r.set(introductions_, ctx.step, b, static_cast<double>(accepted));
    r.set(groups_, ctx.step, b, static_cast<double>(spec.groups.size()));
    r.set(group_touches_, ctx.step, b, static_cast<double>(group_touches));
    r.set(hours_, ctx.step, b, static_cast<double>(talks) * cost / 60.0);
    for (std::size_t k = 0; k < kStrengthBins; ++k)
      r.set(strength_bins_[k], ctx.step, b, static_cast<double>(bins[k]));
    for (std::size_t c = 0; c < by_community_.size(); ++c)
      r.set(by_community_[c], ctx.step, b, static_cast<double>(community_count_[c]));
  }
}

}  // namespace snsim

#include "snsim/io/detail/platform_reader.hpp"

#include <algorithm>
#include <filesystem>
#include <vector>

#include "snsim/media/follow_graph.hpp"
#include "snsim/network/edge_list.hpp"

namespace snsim::detail {
namespace {

template <class E>
E pick(SchemaReader& r, const std::string& key, E fallback, const std::vector<std::string>& names) {
  const std::string v = r.choice(key, names[static_cast<std::size_t>(fallback)], names);
  return static_cast<E>(std::find(names.begin(), names.end(), v) - names.begin());
}

void read_engagement(SchemaReader r, EngagementSpec& e, bool has_base) {
  if (has_base) e.base = r.number("base", e.base, Range::probability());
  const Range any = Range::between(-100, 100);
  e.relevance = r.number("relevance", e.relevance, any);
  e.quality = r.number("quality", e.quality, any);
  e.trust = r.number("trust", e.trust, any);
  e.social_proof = r.number("social_proof", e.social_proof, any);
  r.finish();
}

}  // namespace

void read_platform(SchemaReader r, const std::string& base_dir, std::uint32_t n, std::size_t brands,
                   PlatformSpec& p) {
  p.ranking = pick(r, "ranking", p.ranking, {"chronological", "engagement", "relevance", "mix"});
  {
    SchemaReader m = r.block("mix");
    p.mix_recency = m.number("recency", p.mix_recency, Range::at_least(0));
    p.mix_engagement = m.number("engagement", p.mix_engagement, Range::at_least(0));
    p.mix_relevance = m.number("relevance", p.mix_relevance, Range::at_least(0));
    m.finish();
  }
  p.feed_capacity = static_cast<std::uint32_t>(
      r.integer("feed_capacity", p.feed_capacity, Range::between(1, 65535)));
  p.item_lifetime = r.number("item_lifetime", p.item_lifetime, Range::above(0));
  p.position_decay = r.number("position_decay", p.position_decay, {0.0, 1.0, true, false});
  p.sessions = pick(r, "sessions", p.sessions, {"poisson", "bernoulli"});
  p.person_posts = r.number("person_posts", p.person_posts, Range::between(0, 1000));
  p.background_items = r.number("background_items", p.background_items, Range::between(0, 1e6));
  read_engagement(r.block("like"), p.like, true);
  read_engagement(r.block("share"), p.share, false);
  read_engagement(r.block("reply"), p.reply, false);
  p.ad_odds = r.number("ad_odds", p.ad_odds, Range::at_least(0));
  p.follow_on_engage = r.number("follow_on_engage", p.follow_on_engage, Range::probability());
  p.follow_person_on_engage =
      r.number("follow_person_on_engage", p.follow_person_on_engage, Range::probability());
  {
    SchemaReader u = r.block("unfollow");
    p.unfollow_prob = u.number("prob", p.unfollow_prob, Range::probability());
    p.unfollow_relevance = u.number("relevance_below", p.unfollow_relevance, Range::between(-1, 1));
    u.finish();
  }
  p.answer_trust_gain = r.number("answer_trust_gain", p.answer_trust_gain, Range::probability());
  {
    SchemaReader m = r.block("imm");
    p.imm_epsilon = m.number("epsilon", p.imm_epsilon, {0.0, 1.0, true, true});
    p.imm_ell = m.number("ell", p.imm_ell, Range::above(0));
    p.imm_max_sets = m.integer("max_sets", p.imm_max_sets, Range::between(1, 1e9));
    m.finish();
  }
  {
    FollowGraphSpec& f = p.follow_graph;
    SchemaReader g = r.block("follow_graph");
    f.tie_follow = g.number("tie_follow", f.tie_follow, Range::probability());
    f.popular_follows = g.number("popular_follows", f.popular_follows, Range::between(0, 1e4));
    f.brand_follow = g.number("brand_follow", f.brand_follow, Range::probability());
    const std::string given = g.text("edge_list", "");
    if (!given.empty()) {
      f.source = FollowSource::edge_list;
      std::filesystem::path path(given);
      if (path.is_relative()) path = std::filesystem::path(base_dir) / path;
      f.edge_list_path = path.lexically_normal().string();
      // Read it now, so that `snsim validate` catches a missing file, a bad line or an id
      // outside the population (the message is `file:LINE: ...`).
      try {
        (void)read_follow_edge_list(f.edge_list_path, n, static_cast<std::uint32_t>(brands));
      } catch (const EdgeListError& e) {
        g.fail("edge_list", e.what());
      }
    }
    g.finish();
  }
  r.finish();
}

void read_brand_media_strategy(SchemaReader& strategy, BrandMediaSpec& m) {
  m.posts_per_step = strategy.number("posts_per_step", m.posts_per_step, Range::between(0, 1000));
  m.promote_share = strategy.number("promote", m.promote_share, Range::probability());
  m.answer_share = strategy.number("answer", m.answer_share, Range::probability());
}

void read_brand_media(SchemaReader& brand, BrandMediaSpec& m) {
  m.post_quality = brand.number("post_quality", m.post_quality, Range::probability());
  m.minutes_per_reply = brand.number("minutes_per_reply", m.minutes_per_reply, Range::above(0));
  SchemaReader inf = brand.block("influencers");
  m.influencers =
      static_cast<std::uint32_t>(inf.integer("count", m.influencers, Range::between(0, 1e7)));
  m.selection = pick(inf, "selection", m.selection, {"random", "degree", "followers", "imm"});
  m.influencer_fee = inf.number("fee", m.influencer_fee, Range::at_least(0));
  m.influencer_posts = inf.number("posts_per_step", m.influencer_posts, Range::between(0, 1));
  inf.finish();
}

}  // namespace snsim::detail

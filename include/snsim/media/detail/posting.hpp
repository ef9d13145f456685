#pragma once
// Internal to the social_media process: this step's new content (docs/model.md step 2). Brands post
// by their cadence and pay their influencers to post; people post at their activity rate; brands
// buy ads at the CPM, shown to targeted, active people. Posts are created in a canonical order
// (brands, then people in agent order), so ids do not depend on the thread count.
#include <cstdint>
#include <utility>
#include <vector>

#include "snsim/core/process.hpp"
#include "snsim/media/detail/cascade_tracker.hpp"
#include "snsim/media/feed_push.hpp"

namespace snsim::media_detail {

struct NewContent {
  std::vector<FeedPush> pushes;  ///< organic posts to deliver, in creation order
  std::vector<std::pair<std::uint32_t, std::uint32_t>> ads;  ///< (agent, ad post), by agent
  std::vector<std::int64_t> brand_posts;                     ///< per brand, own and influencers'
  std::int64_t people_posts = 0;
};

/// Creates this step's posts and ads (money for influencer fees is booked here; ads are paid
/// when read) and returns them with the pushes still to deliver.
NewContent create_content(World& world, const StepContext& ctx, CascadeTracker& cascades,
                          int threads);

}  // namespace snsim::media_detail

#pragma once
// Channels: the ways a brand touches a person, each with its own funnel response (docs/model.md
// step 7) and, later, its own attribution (step 9). A touch is counted per (brand, channel, agent)
// in the step it happens; the funnel process turns touches into moves between stages.
#include <array>
#include <cstdint>
#include <string_view>

namespace snsim {

enum class Channel : std::uint8_t {
  broadcast,     ///< bought impressions landing at random (mass media; process "broadcast")
  post,          ///< the brand's organic post read in a feed (social media)
  ad,            ///< a promoted post read in a feed (paid social)
  share,         ///< the brand's content shared by someone one follows
  referral,      ///< word of mouth from a social tie
  conversation,  ///< a two-way conversation with the brand (social networking)
  introduction,  ///< the brand introduced by a friend (triadic closure)
  group,         ///< the brand's message in a community group
};

inline constexpr std::size_t kChannelCount = 8;

inline constexpr std::array<std::string_view, kChannelCount> kChannelNames{
    "broadcast", "post", "ad", "share", "referral", "conversation", "introduction", "group"};

/// Returns the channel's index 0..7.
constexpr std::size_t index(Channel c) { return static_cast<std::size_t>(c); }

/// Per-touch chances to move one funnel stage up, for one channel.
struct ChannelResponse {
  double aware = 0.0;   ///< unaware -> aware, per touch, [0, 1]
  double engage = 0.0;  ///< aware -> engaged, per touch, [0, 1]
  double visit = 0.0;   ///< engaged or later -> a visit to the brand's site, per touch, [0, 1]
};

/// Default responses (scenarios/README.md gives the evidence for each row).
inline constexpr std::array<ChannelResponse, kChannelCount> kDefaultResponses{{
    {0.1, 0.02, 0.009},  // broadcast: like_prob 0.02 (E5-E7), ad_ctr 0.009 (E19); aware: assumption
    {0.1, 0.02, 0.02},   // post: like_prob, click_prob_organic 0.02 (E8)
    {0.1, 0.02, 0.009},  // ad: like_prob, ad_ctr
    {0.1, 0.02, 0.02},   // share: as a post, from a friend
    {0.125, 0.3, 0.1},   // referral: referral_convert_prob 0.125 (E37); engage, visit: assumption
    {1.0, 0.5, 0.1},     // conversation: assumption
    {1.0, 0.3, 0.05},    // introduction: assumption
    {0.2, 0.05, 0.02},   // group: assumption
}};

}  // namespace snsim

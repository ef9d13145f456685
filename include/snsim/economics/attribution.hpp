#pragma once
// Attribution (docs/model.md step 9): the true cause of a visit or conversion and what a marketer
// would measure of it. Pure functions over hand-sized data, so that tests need no world.
//
// True cause: the funnel draws one uniform u_c per channel; channel c succeeds when u_c < p_c,
// its chance for the agent's stage. When several channels succeed in the same step, the true
// trigger is the one with the smallest ratio u_c / p_c (the "most certain" success; ties go to the
// lower channel index). The ratio u_c / p_c of a success is uniform on [0, 1) given success, so
// every succeeding channel is equally likely to be named the trigger: the choice is fair and
// deterministic, and draws no extra random numbers.
//
// Measured attribution: each touch that enters an agent's touch history is tracked (a tagged link,
// a referrer) with track_prob_broadcast for broadcast, post, ad and share and track_prob_private
// for referral, conversation, introduction and group ("dark social"). A visit is tracked when its
// triggering touch is. An untracked visit, or one with no tracked touch in the history, counts as
// `direct`. A tracked conversion's credit is split over the tracked touches of the history:
// last_touch (all to the most recent), first_touch (all to the oldest kept), linear (equal shares
// per touch, so a channel touching twice gets two shares).
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "snsim/core/channel.hpp"
#include "snsim/core/state_archive.hpp"

namespace snsim {

enum class AttributionModel : std::uint8_t { last_touch, first_touch, linear };
inline constexpr std::size_t kAttributionModelCount = 3;
inline constexpr std::array<std::string_view, kAttributionModelCount> kAttributionModelNames{
    "last_touch", "first_touch", "linear"};

/// Index of the `direct` bucket in a credit array (after the 8 channels).
inline constexpr std::size_t kDirect = kChannelCount;
/// Credit per channel, plus `direct` at index kDirect.
using Credit = std::array<double, kChannelCount + 1>;

/// Touches kept per agent and brand (a ring; the oldest is overwritten).
inline constexpr std::size_t kTouchHistory = 4;

/// One touch in a history: channel, step (mod 65536) and whether a marketer recorded it.
struct Touch {
  std::uint8_t channel = 0;
  std::uint16_t step = 0;
  bool tracked = false;
};

/// A touch's channel and whether it was tracked, in one byte: the channel with bit 7 set when
/// tracked; kNoCause for no touch.
inline constexpr std::uint8_t kNoCause = 0x7f;
/// Returns the one-byte code of a touch of `channel`.
constexpr std::uint8_t touch_code(std::size_t channel, bool tracked) {
  return static_cast<std::uint8_t>(channel | (tracked ? 0x80u : 0u));
}
/// Returns the channel of a touch code, or kChannelCount for kNoCause.
constexpr std::size_t code_channel(std::uint8_t code) {
  return code == kNoCause ? kChannelCount : static_cast<std::size_t>(code & 0x7fu);
}
/// Returns true if a touch code's touch was tracked.
constexpr bool code_tracked(std::uint8_t code) { return (code & 0x80u) != 0; }

/// A compact ring of the last kTouchHistory touches of one agent by one brand, and the cause of
/// the agent's last funnel move: 16 bytes. Byte k of `code` is touch k's touch_code(); `cause`
/// is the touch_code() of the last move's trigger.
struct TouchRing {
  std::array<std::uint16_t, kTouchHistory> step{};
  std::array<std::uint8_t, kTouchHistory> code{};
  std::uint8_t size = 0;  ///< touches held, <= kTouchHistory
  std::uint8_t head = 0;  ///< slot the next touch goes to
  /// The touch that triggered the agent's last funnel move (to aware, to engaged, or a visit):
  /// the true cause of a purchase the market makes later (market/market.hpp) and of an inbound
  /// lead (sales/sales_cycle.hpp).
  std::uint8_t cause = kNoCause;

  void push(Touch t) {
    step[head] = t.step;
    code[head] = touch_code(t.channel, t.tracked);
    head = static_cast<std::uint8_t>((head + 1) % kTouchHistory);
    if (size < kTouchHistory) ++size;
  }
  /// Copies the touches, oldest first, to out; returns how many.
  std::size_t read(std::array<Touch, kTouchHistory>& out) const {
    const std::size_t first = (head + kTouchHistory - size) % kTouchHistory;
    for (std::size_t k = 0; k < size; ++k) {
      const std::size_t s = (first + k) % kTouchHistory;
      out[k] = Touch{static_cast<std::uint8_t>(code[s] & 0x7fu), step[s], (code[s] & 0x80u) != 0};
    }
    return size;
  }
};
/// Checkpoint fields (core/state_archive.hpp): every member.
inline void state_fields(StateArchive& a, TouchRing& r) {
  a(r.step, r.code, r.size, r.head, r.cause);
}

/// Returns true for the channels a marketer tracks with track_prob_broadcast (tagged links).
constexpr bool is_broadcast_class(std::size_t channel) {
  return channel == index(Channel::broadcast) || channel == index(Channel::post) ||
         channel == index(Channel::ad) || channel == index(Channel::share);
}

/// Returns the true trigger among succeeding channels: the smallest u_c / p_c over c with
/// u_c < p_c, or kChannelCount when none succeeds.
inline std::size_t true_trigger(const std::array<double, kChannelCount>& u,
                                const std::array<double, kChannelCount>& p) {
  std::size_t best = kChannelCount;
  double best_ratio = 2.0;
  for (std::size_t c = 0; c < kChannelCount; ++c) {
    if (!(u[c] < p[c])) continue;
    const double ratio = u[c] / p[c];
    if (ratio < best_ratio) {
      best_ratio = ratio;
      best = c;
    }
  }
  return best;
}

/// Returns the credit one event (visit or conversion) gives each channel under a model, over a
/// history (oldest first). An untracked event, or one whose history holds no tracked touch, is
/// all `direct`. The credits sum to 1.
inline Credit attribute(AttributionModel model, std::span<const Touch> history, bool tracked) {
  Credit credit{};
  std::size_t n_tracked = 0;
  if (tracked)
    for (const Touch& t : history) n_tracked += t.tracked ? 1 : 0;
  if (n_tracked == 0) {
    credit[kDirect] = 1.0;
    return credit;
  }
  switch (model) {
    case AttributionModel::last_touch:
      for (auto it = history.rbegin(); it != history.rend(); ++it)
        if (it->tracked) {
          credit[it->channel] = 1.0;
          break;
        }
      break;
    case AttributionModel::first_touch:
      for (const Touch& t : history)
        if (t.tracked) {
          credit[t.channel] = 1.0;
          break;
        }
      break;
    case AttributionModel::linear:
      for (const Touch& t : history)
        if (t.tracked) credit[t.channel] += 1.0 / static_cast<double>(n_tracked);
      break;
  }
  return credit;
}

/// One brand's attribution results, cumulative over the run (in BrandLedger). Purchases here are
/// the ones made on a visit (first or repeat) and, with the market on, every purchase the market
/// makes (credited to the cause of the buyer's last funnel move); the funnel's repurchase hazard
/// of loyal customers has no touch to credit. Deal revenue is the value of the deals won
/// (sales_cycle), credited to the cause of each deal's lead.
struct AttributionLedger {
  std::array<double, kChannelCount> visits_true{};
  std::array<double, kChannelCount> conversions_true{};
  std::array<double, kChannelCount> purchases_true{};
  std::array<double, kChannelCount> deal_revenue_true{};  ///< USD
  std::array<Credit, kAttributionModelCount> visits_measured{};
  std::array<Credit, kAttributionModelCount> conversions_measured{};
  std::array<Credit, kAttributionModelCount> purchases_measured{};
  std::array<Credit, kAttributionModelCount> deal_revenue_measured{};  ///< USD
  std::array<double, kChannelCount> cost{};  ///< USD booked to each channel (accounting.hpp)
};
/// Checkpoint fields (core/state_archive.hpp): every member.
inline void state_fields(StateArchive& a, AttributionLedger& l) {
  a(l.visits_true, l.conversions_true, l.purchases_true, l.deal_revenue_true, l.visits_measured,
    l.conversions_measured, l.purchases_measured, l.deal_revenue_measured, l.cost);
}

/// Attribution error: the total-variation distance between measured shares (channels and
/// `direct`) and true shares (channels; true `direct` is 0), in [0, 1]; NaN when either total is 0.
inline double attribution_error(const Credit& measured,
                                const std::array<double, kChannelCount>& truth) {
  double m_total = 0.0, t_total = 0.0;
  for (double v : measured) m_total += v;
  for (double v : truth) t_total += v;
  if (m_total <= 0.0 || t_total <= 0.0) return std::nan("");
  double sum = measured[kDirect] / m_total;
  for (std::size_t c = 0; c < kChannelCount; ++c)
    sum += std::abs(measured[c] / m_total - truth[c] / t_total);
  return 0.5 * sum;
}

}  // namespace snsim

#pragma once
// BrandMix: how a brand splits its step budget across channels (docs/model.md section 5), and
// StrategyPhase, a mix that holds over a range of steps.
//
// Money shares (broadcast, promote, manipulate) are shares of brands[i].budget.money_per_step and
// sum to at most 1: what is left is not spent (a brand that networks may spend little money).
// Hour shares are shares of brands[i].budget.hours_per_step: `networking` goes to conversations,
// groups, introductions and follow-ups, `answer` to answering replies on the platform,
// `ask_votes` to asking the brand's circle to like its posts for the sake of it (manipulation).
#include "snsim/core/ids.hpp"
#include "snsim/core/state_archive.hpp"

namespace snsim {

struct BrandMix {
  double broadcast = 1.0;   ///< share of money on broadcast impressions at the CPM, [0, 1]
  double promote = 0.0;     ///< share of money on targeted ads (platform promotion), [0, 1]
  double manipulate = 0.0;  ///< share of money on bought fake engagement, [0, 1]
  double networking = 0.0;  ///< share of hours on two-way conversations, [0, 1]
  double answer = 0.5;      ///< share of hours answering replies to the brand's posts, [0, 1]
  double ask_votes = 0.0;   ///< share of hours asking one's circle to like "for the sake of it"

  /// Returns the share of the money budget this mix spends, in [0, 1] for a valid mix.
  double money_share() const { return broadcast + promote + manipulate; }
  bool operator==(const BrandMix&) const = default;
};

/// Checkpoint fields (core/state_archive.hpp): every member.
inline void state_fields(StateArchive& a, BrandMix& m) {
  a(m.broadcast, m.promote, m.manipulate, m.networking, m.answer, m.ask_votes);
}

/// A mix that holds for steps [from, to).
struct StrategyPhase {
  Step from = 0;
  Step to = 0;
  BrandMix mix;
};

/// The mix of no spending at all (a flighting strategy's dark weeks keep the hours).
inline BrandMix without_money(BrandMix m) {
  m.broadcast = m.promote = m.manipulate = 0.0;
  return m;
}

}  // namespace snsim

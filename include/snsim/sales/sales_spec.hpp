#pragma once
// SalesSpec: the `sales:` block, a business-to-business sales cycle (docs/model.md step 7c;
// docs/parameters.md section 11), and the closed-form results of its stage chain that the tests
// check the simulation against.
//
// A deal moves lead -> qualified -> opportunity -> won, and may be lost from any open stage. Each
// step an open deal at stage s advances with chance a_s, is lost with chance l_s and otherwise
// stays (a_s + l_s <= 1): an absorbing Markov chain with three transient stages. The time spent at
// stage s is geometric with mean 1 / (a_s + l_s) steps, whichever way the deal leaves it, so
//   P(won)                 = prod_s a_s / (a_s + l_s)
//   E[cycle | won]         = sum_s 1 / (a_s + l_s)
//   E[cycle], won or lost  = sum_s (prod_{r < s} a_r / (a_r + l_r)) / (a_s + l_s)
// Staff hours and a relationship with the brand multiply the advance chance (advance_chance()).
#include <array>
#include <cstdint>

#include "snsim/core/stage.hpp"

namespace snsim {

/// The open stages of a deal, in order; won and lost close it.
enum class DealStage : std::uint8_t { lead, qualified, opportunity, won, lost };
inline constexpr std::size_t kOpenDealStages = 3;
inline constexpr std::array<const char*, kOpenDealStages> kOpenDealStageNames{"lead", "qualified",
                                                                              "opportunity"};

/// One open stage's per-step transition chances.
struct StageTransition {
  double advance = 0.0;  ///< sales.stages.<stage>.advance, per step, [0, 1]
  double lose = 0.0;     ///< sales.stages.<stage>.lose, per step, [0, 1 - advance]
};

struct SalesSpec {
  /// sales.prospects: share of people who buy for a prospect account (the account's decision
  /// maker), [0, 1]. The same people are prospects for every brand.
  double prospect_share = 0.05;
  /// sales.lead_stage: the funnel stage at which a prospect becomes an inbound lead (aware or
  /// later).
  Stage lead_stage = Stage::engaged;
  /// sales.stages.{lead,qualified,opportunity}: per step chances. Defaults: a mid-market cycle of
  /// about 90 days for a won deal (20 + 30 + 40 days at the three stages, an assumption on how
  /// the published total splits) with stage conversions 0.30, 0.27 and 0.25
  /// (scenarios/README.md, sales).
  std::array<StageTransition, kOpenDealStages> stages{
      {{0.015, 0.035}, {0.009, 0.0243}, {0.00625, 0.01875}}};
  double deal_value_mean = 30000.0;  ///< sales.deal_value.mean, USD per won deal, > 0
  double deal_value_sigma = 1.0;     ///< sales.deal_value.sigma, lognormal sigma, [0, 5]
  /// sales.hours.lift: advance multiplier gained at saturating staff time, >= 0 (assumption)
  double hours_lift = 1.0;
  /// sales.hours.half_saturation: staff hours per open deal per step at which hours give half
  /// their lift, > 0 (assumption)
  double hours_half_saturation = 0.25;
  /// sales.relationship_lift: advance multiplier gained from a brand tie at
  /// networking.brand_tie_cap,
  /// >= 0 (assumption)
  double relationship_lift = 1.0;
  bool introduction_leads = true;  ///< sales.leads_from.introduction: an introduction makes a lead
  bool referral_leads = true;      ///< sales.leads_from.referral: a referral makes a lead
};

/// Returns the advance chance per step of a deal at open stage s given h staff hours spent on it
/// this step and a brand tie of strength w (tie_cap: networking.brand_tie_cap):
/// min(m a_s, 1 - l_s) with m = 1 + hours_lift h / (h + half_saturation) + relationship_lift w /
/// tie_cap. With no hours and no tie it is a_s.
double advance_chance(const SalesSpec& spec, std::size_t s, double hours, double tie_strength,
                      double tie_cap);

/// Returns the chance that a new lead is eventually won, with the base chances (no hours, no tie).
double win_probability(const SalesSpec& spec);

/// Returns the expected steps from lead to won for a deal that is won (base chances; infinite
/// when a stage can never be left).
double expected_won_cycle_steps(const SalesSpec& spec);

/// Returns the expected steps from lead to close, won or lost (base chances).
double expected_cycle_steps(const SalesSpec& spec);

}  // namespace snsim

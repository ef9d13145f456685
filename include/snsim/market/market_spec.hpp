#pragma once
// MarketSpec: the validated `market:` block (docs/model.md section 4 step 8b; scenarios/README.md).
// Read always, used only when the pipeline runs the "market" process (market/market.hpp). Brands'
// own market keys (price, appeal) are in BrandSpec.
#include <cstdint>

namespace snsim {

struct MarketSpec {
  /// market.category_rate: mean category purchase occasions per person per step (M per step of the
  /// NBD), >= 0 (assumption: a purchase every ten steps)
  double category_rate = 0.1;
  /// market.rate_shape: gamma shape K of the per-person rate across people (the NBD's K), > 0;
  /// small K = a few heavy buyers, large K = everyone alike (Ehrenberg 1988 reports K of 0.2-2)
  double rate_shape = 1.0;
  /// market.dirichlet_s: Dirichlet S, the spread of brand tastes across people, > 0; small S =
  /// each person sticks to one brand, large S = everyone splits alike (reported S of 0.5-2)
  double dirichlet_s = 1.0;
  /// market.beta_engaged: utility of a brand the person is engaged with (funnel stage >= engaged:
  /// engaged, visitor, customer, advocate), [0, 20]; how marketing touches tilt the choice
  double beta_engaged = 1.0;
  double beta_trust = 1.0;         ///< market.beta_trust, utility per unit of trust, [0, 20]
  double beta_relationship = 2.0;  ///< market.beta_relationship, per unit of tie strength, [0, 20]
  double beta_loyalty = 0.0;       ///< market.beta_loyalty, for the brand bought last, [0, 20]
  double beta_price = 0.01;        ///< market.beta_price, utility per USD of price, [0, 1]
  /// market.no_purchase_weight: exp(utility) of buying nothing at an occasion, >= 0; 0 = every
  /// occasion of a person aware of some brand ends in a purchase (fixed category demand)
  double no_purchase_weight = 0.0;
  std::uint32_t window = 28;  ///< market.window, steps of the windowed penetration, >= 1
};

}  // namespace snsim

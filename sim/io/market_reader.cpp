#include "snsim/io/detail/market_reader.hpp"

namespace snsim::detail {

void read_market(SchemaReader r, MarketSpec& m) {
  m.category_rate = r.number("category_rate", m.category_rate, Range::at_least(0));
  m.rate_shape = r.number("rate_shape", m.rate_shape, Range::above(0));
  m.dirichlet_s = r.number("dirichlet_s", m.dirichlet_s, Range::above(0));
  // Coefficients are >= 0 (more trust, a closer tie, habit never repel a buyer) and bounded so
  // that exp(utility) stays finite for every value a person can hold.
  m.beta_engaged = r.number("beta_engaged", m.beta_engaged, Range::between(0, 20));
  m.beta_trust = r.number("beta_trust", m.beta_trust, Range::between(0, 20));
  m.beta_relationship = r.number("beta_relationship", m.beta_relationship, Range::between(0, 20));
  m.beta_loyalty = r.number("beta_loyalty", m.beta_loyalty, Range::between(0, 20));
  m.beta_price = r.number("beta_price", m.beta_price, Range::between(0, 1));
  m.no_purchase_weight = r.number("no_purchase_weight", m.no_purchase_weight, Range::at_least(0));
  m.window = static_cast<std::uint32_t>(r.integer("window", m.window, Range::between(1, 1e6)));
  r.finish();
}

void read_brand_market(SchemaReader& brand, double order_value, BrandSpec& b) {
  // A price of 0 would make the brand free to choose and its revenue nil: refuse it. An unset
  // price follows economics.order_value, which may be 0 in a study without revenue; that 0 is
  // kept out of the resolved scenario, so that it reads back.
  if (order_value > 0.0 || brand.has("price")) {
    b.price = brand.number("price", order_value, Range::above(0));
  } else {
    brand.allow("price");
    b.price = 0.0;
  }
  b.appeal = brand.number("appeal", b.appeal, Range::above(0));
}

}  // namespace snsim::detail

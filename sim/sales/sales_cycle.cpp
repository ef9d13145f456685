#include "snsim/sales/sales_cycle.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <span>
#include <string>

#include <boost/random/normal_distribution.hpp>

#include "snsim/core/scenario.hpp"
#include "snsim/core/world.hpp"
#include "snsim/economics/attribution_tally.hpp"

namespace snsim {
namespace {

constexpr std::uint32_t kStream = stream_id("sales_cycle");
// Purposes of this process's streams.
constexpr std::uint32_t kProspects = 0, kMove = 1, kValue = 2;

/// Returns the stream entity of (brand, account).
std::uint64_t entity(BrandId b, AgentId i) { return (static_cast<std::uint64_t>(b) << 32) | i; }

}  // namespace

std::uint8_t SalesCycle::lead_cause(const StepContext& ctx, const BrandFunnel& f, BrandId b,
                                    AgentId i, bool warm, bool introduced) const {
  if (!warm) return f.history[i].cause;  // inbound: what brought the prospect to lead_stage
  const std::size_t c = index(introduced ? Channel::introduction : Channel::referral);
  return touch_code(c, tracked_touches(ctx, attribution_, b, i)[c]);
}

SalesCycle::SalesCycle(const Scenario& scenario)
    : spec_(scenario.sales),
      attribution_(scenario.attribution),
      tie_cap_(scenario.networking.brand_tie_cap) {
  for (const BrandSpec& b : scenario.brands) selling_share_.push_back(b.selling_share);
}

void SalesCycle::define_metrics(Recorder& r) {
  leads_ = r.define("leads", "deals", "open deals at the lead stage");
  qualified_ = r.define("qualified", "deals", "open deals at the qualified stage");
  opportunities_ = r.define("opportunities", "deals", "open deals at the opportunity stage");
  created_ = r.define("leads_created", "deals", "leads created so far (cumulative)");
  from_ties_ = r.define("leads_from_ties", "deals",
                        "leads created by an introduction or a referral so far (cumulative)");
  won_ = r.define("deals_won", "deals", "deals won so far (cumulative)");
  lost_ = r.define("deals_lost", "deals",
                   "deals lost so far, to no decision or to a rival (cumulative)");
  pipeline_value_ = r.define("pipeline_value", "USD", "value of the open opportunities");
  revenue_ = r.define("deal_revenue", "USD", "value of the deals won so far (cumulative)");
  cycle_ = r.define("cycle_length_mean", "steps",
                    "mean steps from lead to won over the deals won so far; NaN before any");
  hours_ = r.define("selling_hours", "staff hours", "staff hours spent on open deals this step");
  if (!attribution_.enabled) return;
  for (std::size_t c = 0; c < kChannelCount; ++c) {
    const std::string ch(kChannelNames[c]);
    revenue_true_[c] = r.define(
        "deal_revenue_true/" + ch, "USD",
        "value of the deals won so far whose lead a " + ch + " touch truly made (cumulative)");
  }
}

void SalesCycle::prepare(World& world, StepContext& ctx) {
  const std::uint32_t n = world.population().size;
  // One serial stream over the people: who is a prospect depends on the seed alone.
  RandomStream rng = ctx.stream(kStream, kProspects, 0);
  prospects_.clear();
  for (AgentId i = 0; i < n; ++i)
    if (rng.uniform01() < spec_.prospect_share) prospects_.push_back(i);
  pipelines_.assign(world.brand_count(), BrandPipeline{});
  for (BrandPipeline& p : pipelines_) p.slot.assign(n, BrandPipeline::kNever);
  owner_.assign(n, kNoOwner);
}

void SalesCycle::move_deals(World& world, StepContext& ctx, BrandId b) {
  BrandPipeline& p = pipelines_[b];
  const double hours = world.allocations()[b].hours * selling_share_[b];
  const double per_deal = p.deals.empty() ? 0.0 : hours / static_cast<double>(p.deals.size());
  const auto& nets = world.networking().brands;
  // A brand without ties (or one that does not network) adds no tie strength to any deal.
  const BrandRelationships* ties =
      b < nets.size() && !nets[b].ties.empty() ? &nets[b].ties : nullptr;
  for (std::uint32_t k = 0; k < p.deals.size(); ++k) {
    Deal& d = p.deals[k];
    const auto s = static_cast<std::size_t>(d.stage);
    const double w = ties != nullptr ? ties->strength_of(d.account) : 0.0;
    const double a = advance_chance(spec_, s, per_deal, w, tie_cap_);
    const double u = ctx.stream(kStream, kMove, entity(b, d.account)).uniform01();
    if (u < a) {
      if (d.stage == DealStage::opportunity)
        wins_.push_back({d.account, u / a, b, k});  // settled against rivals in settle_wins()
      else
        d.stage = static_cast<DealStage>(s + 1);
    } else if (u < a + spec_.stages[s].lose) {
      d.stage = DealStage::lost;
    }
  }
}

void SalesCycle::settle_wins(World& world, StepContext& ctx) {
  // Smallest key first per account: the brand whose draw was furthest inside its chance wins.
  std::sort(wins_.begin(), wins_.end(), [](const Win& x, const Win& y) {
    return x.account != y.account ? x.account < y.account
           : x.key != y.key       ? x.key < y.key
                                  : x.brand < y.brand;
  });
  for (std::size_t k = 0; k < wins_.size(); ++k) {
    const Win& w = wins_[k];
    Deal& d = pipelines_[w.brand].deals[w.deal];
    if (k > 0 && wins_[k - 1].account == w.account) {
      d.stage = DealStage::lost;  // a rival won the same account this step
      continue;
    }
    d.stage = DealStage::won;
    owner_[w.account] = w.brand;
    BrandPipeline& p = pipelines_[w.brand];
    ++p.won;
    p.revenue += d.value;
    p.cycle_steps += static_cast<double>(ctx.step - d.created);
    world.ledgers()[w.brand].deal_revenue += d.value;
    if (attribution_.enabled) {
      std::array<Touch, kTouchHistory> hist{};
      const std::size_t hist_n = world.funnels()[w.brand].history[w.account].read(hist);
      credit_deal(world.ledgers()[w.brand].attribution, d.value, code_channel(d.cause),
                  std::span<const Touch>(hist.data(), hist_n), code_tracked(d.cause),
                  attribution_.models);
    }
    // The account bought: every other brand's open deal with it is lost.
    for (BrandId r = 0; r < pipelines_.size(); ++r) {
      const std::uint32_t slot = pipelines_[r].slot[w.account];
      if (r != w.brand && slot < BrandPipeline::kClosed)
        pipelines_[r].deals[slot].stage = DealStage::lost;
    }
  }
  wins_.clear();
  // Drop closed deals, keeping the open ones in order of creation.
  for (BrandPipeline& p : pipelines_) {
    std::uint32_t kept = 0;
    for (std::uint32_t k = 0; k < p.deals.size(); ++k) {
      const Deal& d = p.deals[k];
      if (d.stage == DealStage::won || d.stage == DealStage::lost) {
        if (d.stage == DealStage::lost) ++p.lost;
        p.slot[d.account] = BrandPipeline::kClosed;
        continue;
      }
      p.slot[d.account] = kept;
      p.deals[kept++] = d;
    }
    p.deals.resize(kept);
  }
}

void SalesCycle::create_leads(World& world, StepContext& ctx) {
  const Stage lead_stage = spec_.lead_stage;
  // Lognormal with mean deal_value.mean: exp(mu + sigma Z) has mean exp(mu + sigma^2 / 2).
  const double sigma = spec_.deal_value_sigma;
  const double mu = std::log(spec_.deal_value_mean) - 0.5 * sigma * sigma;
  for (BrandId b = 0; b < pipelines_.size(); ++b) {
    BrandPipeline& p = pipelines_[b];
    const BrandFunnel& f = world.funnels()[b];
    for (const AgentId i : prospects_) {
      if (p.slot[i] != BrandPipeline::kNever || owner_[i] != kNoOwner) continue;
      const bool introduced =
          spec_.introduction_leads && f.touches_of(Channel::introduction, i) > 0;
      const bool warm =
          introduced || (spec_.referral_leads && f.touches_of(Channel::referral, i) > 0);
      if (!warm && f.stage[i] < lead_stage) continue;
      RandomStream rng = ctx.stream(kStream, kValue, entity(b, i));
      boost::random::normal_distribution<double> normal;
      p.slot[i] = static_cast<std::uint32_t>(p.deals.size());
      p.deals.push_back({i, DealStage::lead, ctx.step, std::exp(mu + sigma * normal(rng))});
      if (attribution_.enabled) p.deals.back().cause = lead_cause(ctx, f, b, i, warm, introduced);
      ++p.created;
      if (warm) ++p.from_ties;
    }
  }
}

void SalesCycle::record(const World& world, StepContext& ctx, BrandId b, double hours) {
  const BrandPipeline& p = pipelines_[b];
  std::array<double, kOpenDealStages> open{};
  double pipeline = 0.0;
  for (const Deal& d : p.deals) {
    open[static_cast<std::size_t>(d.stage)] += 1.0;
    if (d.stage == DealStage::opportunity) pipeline += d.value;
  }
  Recorder& r = *ctx.recorder;
  r.set(leads_, ctx.step, b, open[0]);
  r.set(qualified_, ctx.step, b, open[1]);
  r.set(opportunities_, ctx.step, b, open[2]);
  r.set(created_, ctx.step, b, static_cast<double>(p.created));
  r.set(from_ties_, ctx.step, b, static_cast<double>(p.from_ties));
  r.set(won_, ctx.step, b, static_cast<double>(p.won));
  r.set(lost_, ctx.step, b, static_cast<double>(p.lost));
  r.set(pipeline_value_, ctx.step, b, pipeline);
  r.set(revenue_, ctx.step, b, p.revenue);
  r.set(cycle_, ctx.step, b,
        p.won > 0 ? p.cycle_steps / static_cast<double>(p.won)
                  : std::numeric_limits<double>::quiet_NaN());
  r.set(hours_, ctx.step, b, hours);
  if (!attribution_.enabled) return;
  const AttributionLedger& a = world.ledgers()[b].attribution;
  for (std::size_t c = 0; c < kChannelCount; ++c)
    r.set(revenue_true_[c], ctx.step, b, a.deal_revenue_true[c]);
}

void SalesCycle::step(World& world, StepContext& ctx) {
  std::vector<double> hours(pipelines_.size(), 0.0);
  for (BrandId b = 0; b < pipelines_.size(); ++b) {
    // Hours count as spent only when there is a deal to spend them on.
    if (!pipelines_[b].deals.empty()) hours[b] = world.allocations()[b].hours * selling_share_[b];
    move_deals(world, ctx, b);
  }
  settle_wins(world, ctx);
  create_leads(world, ctx);
  for (BrandId b = 0; b < pipelines_.size(); ++b) record(world, ctx, b, hours[b]);
}

}  // namespace snsim

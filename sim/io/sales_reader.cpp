#include "snsim/io/detail/sales_reader.hpp"

#include <algorithm>
#include <iomanip>
#include <sstream>
#include <string>

namespace snsim::detail {
namespace {

/// Reads one stage's chances; throws when advance + lose exceeds 1, naming the lose key.
void read_stage(SchemaReader r, StageTransition& t) {
  t.advance = r.number("advance", t.advance, Range::probability());
  t.lose = r.number("lose", t.lose, Range::probability());
  // A tolerance for decimal chances such as 0.7 + 0.3, which do not add to 1 exactly.
  if (t.advance + t.lose > 1.0 + 1e-12) {
    std::ostringstream m;
    m << std::setprecision(6) << "advance " << t.advance << " + lose " << t.lose << " = "
      << t.advance + t.lose
      << ": the chances of a step must sum to at most 1 (the rest is staying at the stage)";
    r.fail("lose", m.str());
  }
  r.finish();
}

}  // namespace

void read_sales(SchemaReader r, SalesSpec& s) {
  s.prospect_share = r.number("prospects", s.prospect_share, Range::probability());
  {
    const std::vector<std::string> later(kStageNames.begin() + 1, kStageNames.end());
    const std::string stage = r.choice("lead_stage", "engaged", later);
    s.lead_stage =
        static_cast<Stage>(1 + (std::find(later.begin(), later.end(), stage) - later.begin()));
  }
  {
    SchemaReader stages = r.block("stages");
    for (std::size_t k = 0; k < kOpenDealStages; ++k)
      read_stage(stages.block(kOpenDealStageNames[k]), s.stages[k]);
    stages.finish();
  }
  {
    SchemaReader v = r.block("deal_value");
    s.deal_value_mean = v.number("mean", s.deal_value_mean, Range::above(0));
    s.deal_value_sigma = v.number("sigma", s.deal_value_sigma, Range::between(0, 5));
    v.finish();
  }
  {
    SchemaReader h = r.block("hours");
    s.hours_lift = h.number("lift", s.hours_lift, Range::at_least(0));
    s.hours_half_saturation = h.number("half_saturation", s.hours_half_saturation, Range::above(0));
    h.finish();
  }
  s.relationship_lift = r.number("relationship_lift", s.relationship_lift, Range::at_least(0));
  {
    SchemaReader from = r.block("leads_from");
    s.introduction_leads = from.boolean("introduction", s.introduction_leads);
    s.referral_leads = from.boolean("referral", s.referral_leads);
    from.finish();
  }
  r.finish();
}

}  // namespace snsim::detail

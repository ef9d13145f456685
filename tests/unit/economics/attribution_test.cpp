// Attribution models on hand-built touch histories with known answers (economics/attribution.hpp),
// the per-channel cost split, the attribution block of the scenario, and a run with it on.
#include <omp.h>
#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <string>
#include <vector>

#include "snsim/core/engine.hpp"
#include "snsim/economics/accounting.hpp"
#include "snsim/economics/attribution.hpp"
#include "snsim/economics/strategy.hpp"
#include "snsim/io/scenario_error.hpp"
#include "snsim/io/scenario_loader.hpp"

using namespace snsim;

namespace {
constexpr auto B = static_cast<std::uint8_t>(Channel::broadcast);
constexpr auto P = static_cast<std::uint8_t>(Channel::post);
constexpr auto R = static_cast<std::uint8_t>(Channel::referral);
constexpr auto C = static_cast<std::uint8_t>(Channel::conversation);
}  // namespace

TEST_CASE("attribution models split credit over the tracked touches as defined") {
  // oldest first: post (tracked), referral (dark), broadcast (tracked), post (tracked)
  const std::vector<Touch> h{{P, 1, true}, {R, 2, false}, {B, 3, true}, {P, 4, true}};
  const Credit last = attribute(AttributionModel::last_touch, h, true);
  const Credit first = attribute(AttributionModel::first_touch, h, true);
  const Credit lin = attribute(AttributionModel::linear, h, true);
  CHECK(last[P] == 1.0);
  CHECK(last[B] == 0.0);
  CHECK(first[P] == 1.0);
  CHECK(lin[P] == Approx(2.0 / 3.0));
  CHECK(lin[B] == Approx(1.0 / 3.0));
  CHECK(lin[R] == 0.0);  // untracked touches get nothing
  CHECK(lin[kDirect] == 0.0);

  const std::vector<Touch> h2{{C, 1, true}, {B, 2, true}, {R, 3, false}};
  CHECK(attribute(AttributionModel::last_touch, h2, true)[B] == 1.0);
  CHECK(attribute(AttributionModel::first_touch, h2, true)[C] == 1.0);
  const Credit l2 = attribute(AttributionModel::linear, h2, true);
  CHECK(l2[C] == 0.5);
  CHECK(l2[B] == 0.5);
  for (const auto& cr : {last, first, lin, l2}) {
    double sum = 0;
    for (double v : cr) sum += v;
    CHECK(sum == Approx(1.0));
  }
}

TEST_CASE("an untracked event or one without tracked touches is direct") {
  const std::vector<Touch> h{{P, 1, true}, {B, 3, true}};
  for (auto m :
       {AttributionModel::last_touch, AttributionModel::first_touch, AttributionModel::linear}) {
    CHECK(attribute(m, h, false)[kDirect] == 1.0);  // the visit itself was not tracked
    const std::vector<Touch> dark{{R, 1, false}, {C, 2, false}};
    CHECK(attribute(m, dark, true)[kDirect] == 1.0);
    CHECK(attribute(m, std::vector<Touch>{}, true)[kDirect] == 1.0);
  }
}

TEST_CASE("the touch ring keeps the last four touches, oldest first") {
  TouchRing ring;
  std::array<Touch, kTouchHistory> out{};
  CHECK(ring.read(out) == 0);
  for (std::uint16_t s = 0; s < 6; ++s)
    ring.push(Touch{static_cast<std::uint8_t>(s % 8), s, s % 2 == 0});
  REQUIRE(ring.read(out) == 4);
  for (std::size_t k = 0; k < 4; ++k) {
    CHECK(out[k].step == k + 2);
    CHECK(out[k].channel == (k + 2) % 8);
    CHECK(out[k].tracked == ((k + 2) % 2 == 0));
  }
  CHECK(sizeof(TouchRing) == 16);
}

TEST_CASE("the true trigger is the success with the smallest u / p") {
  std::array<double, kChannelCount> u{}, p{};
  u.fill(0.5);
  CHECK(true_trigger(u, p) == kChannelCount);  // no chance, no success
  p[index(Channel::broadcast)] = 0.1;
  u[index(Channel::broadcast)] = 0.05;  // ratio 0.5
  p[index(Channel::conversation)] = 1.0;
  u[index(Channel::conversation)] = 0.3;  // ratio 0.3
  CHECK(true_trigger(u, p) == index(Channel::conversation));
  u[index(Channel::conversation)] = 0.9;  // ratio 0.9
  CHECK(true_trigger(u, p) == index(Channel::broadcast));
  u[index(Channel::broadcast)] = 0.2;  // fails
  CHECK(true_trigger(u, p) == index(Channel::conversation));
}

TEST_CASE("attribution error is the total-variation distance of shares") {
  std::array<double, kChannelCount> truth{};
  truth[B] = 6;
  truth[R] = 4;
  Credit m{};
  m[B] = 6;
  m[R] = 4;
  CHECK(attribution_error(m, truth) == 0.0);
  m = Credit{};
  m[B] = 6;
  m[kDirect] = 4;  // the referrals were dark
  CHECK(attribution_error(m, truth) == Approx(0.4));
  CHECK(std::isnan(attribution_error(Credit{}, truth)));
}

TEST_CASE("channel costs split money by paid shares and networking hours by channels used") {
  BrandSpec b;
  b.broadcast_share = 0.3;
  b.media.promote_share = 0.1;
  b.networking_share = 0.5;
  b.introductions = 3;
  b.groups = {1};
  const auto cost = Accounting::channel_costs(b, base_allocation(b).mix, 100.0, 60.0);
  CHECK(cost[B] == Approx(75.0));
  CHECK(cost[index(Channel::ad)] == Approx(25.0));
  CHECK(cost[C] == Approx(10.0));
  CHECK(cost[index(Channel::introduction)] == Approx(10.0));
  CHECK(cost[index(Channel::group)] == Approx(10.0));
  CHECK(cost[P] == Approx(30.0));
  CHECK(cost[R] == 0.0);
  double sum = 0;
  for (double v : cost) sum += v;
  CHECK(sum == Approx(160.0));
}

TEST_CASE("the attribution block is strict") {
  const std::string base = "brands: [{name: b}]\n";
  const Scenario s = load_scenario_text(base, "<t>");
  CHECK_FALSE(s.attribution.enabled);
  CHECK(s.attribution.models.size() == 3);
  try {
    load_scenario_text(base + "attribution: {models: [last_touch, lienar]}\n", "<t>");
    FAIL("an unknown model must be rejected");
  } catch (const ScenarioError& e) {
    const std::string msg = e.what();
    CHECK(msg.find("attribution.models[1]") != std::string::npos);
    CHECK(msg.find("did you mean 'linear'") != std::string::npos);
  }
  CHECK_THROWS_AS(load_scenario_text(base + "attribution: {track_prob_private: 1.5}\n", "<t>"),
                  ScenarioError);
  CHECK_THROWS_AS(load_scenario_text(base + "attribution: {models: [linear, linear]}\n", "<t>"),
                  ScenarioError);
  CHECK_THROWS_AS(load_scenario_text(base + "attribution: {tracking: 1}\n", "<t>"), ScenarioError);
}

TEST_CASE(
    "a run with attribution: true causes sum to the totals and turning it on changes nothing "
    "else") {
  const std::string text = R"(
seed: 7
time: {steps: 40}
population: {size: 3000, communities: 3}
network: {generator: erdos_renyi, erdos_renyi: {mean_degree: 10}}
funnel: {purchase_per_visit: 0.1}
brands:
  - {name: a, budget: {money_per_step: 200, hours_per_step: 2}, strategy: {broadcast: 1, networking: 1, groups: [0]}}
)";
  const Scenario off = load_scenario_text(text, "<t>");
  const Scenario on = load_scenario_text(text, "<t>", {"attribution.enabled=true"});
  RunOptions opt;
  opt.seed = 7;
  const RunSeries a = run_scenario(off, opt).series;
  const RunSeries b = run_scenario(on, opt).series;
  for (const char* m : {"visits", "conversions", "purchases", "cost", "revenue", "aware"})
    CHECK(a.find(m)->values == b.find(m)->values);
  double visits = 0, conversions = 0, true_visits = 0, true_conv = 0;
  for (Step t = 0; t < b.steps; ++t) {
    visits += b.at("visits", t, 0);
    conversions += b.at("conversions", t, 0);
    for (auto ch : kChannelNames) {
      true_visits += b.at("visits_true/" + std::string(ch), t, 0);
      true_conv += b.at("conversions_true/" + std::string(ch), t, 0);
    }
  }
  CHECK(visits > 0);
  CHECK(conversions > 0);
  CHECK(true_visits == visits);
  CHECK(true_conv == conversions);
  for (auto model : kAttributionModelNames) {
    double measured = 0;
    for (Step t = 0; t < b.steps; ++t) {
      for (auto ch : kChannelNames)
        measured +=
            b.at("conversions_measured/" + std::string(model) + "/" + std::string(ch), t, 0);
      measured += b.at("conversions_measured/" + std::string(model) + "/direct", t, 0);
    }
    CHECK(measured == Approx(conversions));
    const double err = b.at("attribution_error/" + std::string(model), b.steps - 1, 0);
    CHECK(err >= 0.0);
    CHECK(err <= 1.0);
  }
}

TEST_CASE("attribution series do not depend on the thread count") {
  const std::string text = R"(
seed: 3
time: {steps: 15}
population: {size: 40000, communities: 4}
network: {generator: erdos_renyi, erdos_renyi: {mean_degree: 6}}
funnel: {purchase_per_visit: 0.2}
attribution: {enabled: true, track_prob_private: 0.5}
brands:
  - {name: a, budget: {money_per_step: 2000, hours_per_step: 4}, strategy: {broadcast: 1, networking: 1, groups: [0]}}
)";
  const Scenario s = load_scenario_text(text, "<t>");
  RunOptions opt;
  opt.seed = 3;
  const int before = omp_get_max_threads();
  omp_set_num_threads(1);
  const RunSeries one = run_scenario(s, opt).series;
  omp_set_num_threads(4);
  const RunSeries four = run_scenario(s, opt).series;
  omp_set_num_threads(before);
  REQUIRE(one.metrics.size() == four.metrics.size());
  for (std::size_t k = 0; k < one.metrics.size(); ++k) {
    INFO(one.metrics[k].name);
    CHECK(
        std::equal(one.metrics[k].values.begin(), one.metrics[k].values.end(),
                   four.metrics[k].values.begin(), four.metrics[k].values.end(),
                   [](double x, double y) { return x == y || (std::isnan(x) && std::isnan(y)); }));
  }
}

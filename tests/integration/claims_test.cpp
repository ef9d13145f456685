// The five claims (docs/claims.md) as experiments (scenarios/claims/, issue 5 item 7): each
// scenario runs small (3,000 people, a shorter horizon) with 6 replicates, and the effect its
// README paragraph reports must still hold by a paired t statistic across replicates (both brands
// of a claim live in the same run, so each replicate gives one paired difference). If the model
// changes and an effect goes away, this test fails and the paragraph must be rewritten from a new
// run.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "snsim/core/engine.hpp"
#include "snsim/io/scenario_loader.hpp"

using namespace snsim;

namespace {

constexpr int kReplicates = 6;

std::string claim_path(const std::string& file) {
  return std::string(SNSIM_SOURCE_DIR) + "/scenarios/claims/" + file;
}

RunSeries run_claim(const std::string& file, std::vector<std::string> overrides,
                    std::uint64_t seed) {
  overrides.push_back("population.size=3000");
  overrides.push_back("seed=" + std::to_string(seed));
  const Scenario s = load_scenario_file(claim_path(file), overrides);
  RunOptions o;
  o.seed = s.seed;
  return run_scenario(s, o).series;
}

/// Returns the --set overrides that put a claim in a setting (consumer, b2b or funnel), as
/// scenarios/claims/setting.py prints them for run_all.sh: the test runs the overlay itself.
std::vector<std::string> setting_overrides(const std::string& setting, const std::string& file) {
  const std::string command = std::string(SNSIM_PYTHON) + " " + SNSIM_SOURCE_DIR +
                              "/scenarios/claims/setting.py " + setting + " " + claim_path(file);
  std::string out;
  FILE* pipe = ::popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  char buf[512];
  while (std::fgets(buf, sizeof buf, pipe)) out += buf;
  REQUIRE(::pclose(pipe) == 0);
  std::vector<std::string> lines;
  for (std::size_t at = 0, end; at < out.size(); at = end + 1) {
    end = out.find('\n', at);
    if (end == std::string::npos) end = out.size();
    if (end > at) lines.push_back(out.substr(at, end - at));
  }
  return lines;
}

/// Returns the paired t statistic of per-replicate differences (+inf when all are equal and
/// positive), and prints the mean difference.
double paired_t(const std::vector<double>& d, const std::string& what) {
  double mean = 0.0, ss = 0.0;
  for (double x : d) mean += x;
  mean /= static_cast<double>(d.size());
  for (double x : d) ss += (x - mean) * (x - mean);
  const double sd = std::sqrt(ss / static_cast<double>(d.size() - 1));
  const double t = sd > 0.0 ? mean / (sd / std::sqrt(static_cast<double>(d.size())))
                            : (mean > 0.0 ? INFINITY : (mean < 0.0 ? -INFINITY : 0.0));
  WARN(what << ": mean difference " << mean << ", sd " << sd << ", paired t " << t);
  return t;
}

double last(const RunSeries& s, const std::string& m, BrandId b) { return s.at(m, s.steps - 1, b); }

double sum(const RunSeries& s, const std::string& m, BrandId b, Step from, Step to) {
  double x = 0.0;
  for (Step t = from; t < to; ++t) x += s.at(m, t, b);
  return x;
}

}  // namespace

TEST_CASE(
    "claim 1: for the same budget broadcasting reaches and converts more people, networking "
    "builds the relationships") {
  const std::string f = "1_broadcast_vs_engagement.yaml";
  std::vector<double> reach, ties, customers;
  for (int r = 0; r < kReplicates; ++r) {
    const RunSeries s = run_claim(f, {"time.steps=120"}, 1000 + r);
    reach.push_back(last(s, "reach", 0) - last(s, "reach", 1));
    ties.push_back(last(s, "relationships", 1) - last(s, "relationships", 0));
    customers.push_back(last(s, "customers", 0) - last(s, "customers", 1));
  }
  CHECK(paired_t(reach, "claim 1 reach, broadcaster - networker") > 3.0);
  CHECK(paired_t(ties, "claim 1 relationships, networker - broadcaster") > 3.0);
  CHECK(paired_t(customers, "claim 1 customers, broadcaster - networker") > 3.0);
}

TEST_CASE("claim 2: answering replies raises the trust of the people who know the brand") {
  const std::string f = "2_one_way_vs_two_way.yaml";
  std::vector<double> trust;
  for (int r = 0; r < kReplicates; ++r) {
    const RunSeries s = run_claim(f, {"time.steps=120"}, 1000 + r);
    trust.push_back(last(s, "trust_mean", 0) - last(s, "trust_mean", 1));
  }
  CHECK(paired_t(trust, "claim 2 trust, answers - ignores") > 3.0);
}

TEST_CASE(
    "claim 3: a marketer's last-touch view misses conversions that broadcast truly caused "
    "and counts them as direct") {
  const std::string f = "3_roi.yaml";
  std::vector<double> missed, error;
  for (int r = 0; r < kReplicates; ++r) {
    const RunSeries s = run_claim(f, {"time.steps=120"}, 1000 + r);
    missed.push_back(sum(s, "conversions_true/broadcast", 0, 0, s.steps) -
                     sum(s, "conversions_measured/last_touch/broadcast", 0, 0, s.steps));
    error.push_back(last(s, "attribution_error/last_touch", 0));
  }
  CHECK(paired_t(missed, "claim 3 broadcast conversions, true - last touch") > 3.0);
  CHECK(paired_t(error, "claim 3 last-touch attribution error") > 3.0);
}

TEST_CASE(
    "claim 4: over a year promoted posts build a following, introductions a smaller "
    "network") {
  const std::string f = "4_marathon_vs_sprint.yaml";
  std::vector<double> followers, ties;
  for (int r = 0; r < kReplicates; ++r) {
    const RunSeries s = run_claim(f, {"time.steps=200"}, 1000 + r);
    followers.push_back(last(s, "followers", 0) - last(s, "followers", 1));
    ties.push_back(last(s, "relationships", 1) - last(s, "relationships", 0));
  }
  CHECK(paired_t(followers, "claim 4 followers, follower_builder - introducer") > 3.0);
  CHECK(paired_t(ties, "claim 4 relationships, introducer - follower_builder") > 3.0);
}

TEST_CASE("claim 5: exposed manipulation costs trust and starts negative word of mouth") {
  const std::string f = "5_asking_vs_telling.yaml";
  std::vector<double> trust, negative;
  for (int r = 0; r < kReplicates; ++r) {
    // A high exposure hazard so that (almost) every replicate is exposed within the horizon.
    const RunSeries s =
        run_claim(f, {"time.steps=200", "manipulation.exposure_hazard=0.005"}, 1000 + r);
    trust.push_back(last(s, "trust_mean", 1) - last(s, "trust_mean", 0));
    negative.push_back(sum(s, "negative_referrals", 0, 0, s.steps) -
                       sum(s, "negative_referrals", 1, 0, s.steps));
  }
  CHECK(paired_t(trust, "claim 5 trust, teller - manipulator") > 3.0);
  CHECK(paired_t(negative, "claim 5 negative referrals, manipulator - teller") > 3.0);
}

// The two markets of the claims (scenarios/claims/README.md, "Two settings"): claim 1 through the
// overlay run_all.sh applies, short, in a town of 3,000 with 3 replicates.

TEST_CASE(
    "claim 1 in a business-to-business market: deals are recorded and broadcasting makes more "
    "leads than networking") {
  const std::string f = "1_broadcast_vs_engagement.yaml";
  std::vector<std::string> overrides = setting_overrides("b2b", f);
  overrides.push_back("time.steps=120");
  std::vector<double> leads;
  double deals = 0.0;
  for (int r = 0; r < 3; ++r) {
    const RunSeries s = run_claim(f, overrides, 1000 + r);
    leads.push_back(last(s, "leads_created", 0) - last(s, "leads_created", 1));
    for (BrandId b = 0; b < 2; ++b) {
      const double won = last(s, "deals_won", b), value = last(s, "deal_revenue", b);
      CHECK(won >= 0.0);
      CHECK((won > 0.0) == (value > 0.0));
      // Consumer purchases pay nothing here: all revenue is deals won.
      CHECK(last(s, "revenue", b) == Approx(value));
      deals += won;
    }
  }
  CHECK(deals > 0.0);
  CHECK(paired_t(leads, "claim 1 b2b leads created, broadcaster - networker") > 3.0);
}

TEST_CASE(
    "claim 1 in a consumer market: every purchase is a market choice and broadcasting wins more "
    "buyers than networking") {
  const std::string f = "1_broadcast_vs_engagement.yaml";
  std::vector<std::string> overrides = setting_overrides("consumer", f);
  overrides.push_back("time.steps=120");
  std::vector<double> buyers;
  for (int r = 0; r < 3; ++r) {
    const RunSeries s = run_claim(f, overrides, 1000 + r);
    double brands = 0.0, category = 0.0;
    for (Step t = 0; t < s.steps; ++t) {
      brands += s.at("purchases", t, 0) + s.at("purchases", t, 1);
      category += s.at("category_purchases", t, 0);
    }
    // The funnel's own purchases are off: what the brands sell is what the category bought.
    CHECK(brands == category);
    CHECK(category > 0.0);
    buyers.push_back(last(s, "penetration", 0) - last(s, "penetration", 1));
  }
  CHECK(paired_t(buyers, "claim 1 consumer penetration, broadcaster - networker") > 3.0);
}

#pragma once
// ABC-SMC: approximate Bayesian computation by sequential Monte Carlo (docs/calibration.md).
//
// Population Monte Carlo ABC (Beaumont, Cornuet, Marin and Robert 2009; Toni et al. 2009) with an
// adaptive tolerance schedule (Del Moral, Doucet and Jasra 2012):
//
// - Generation 0 draws `population` parameter vectors from the prior and accepts them all
//   (tolerance +inf). The scale of each summary is then fixed from their simulated summaries
//   (summary_scale below), and distances are computed with it.
// - Generation g >= 1 has tolerance eps_g = the `quantile` of generation g-1's distances. A
//   proposal picks particle j of generation g-1 with probability w_j and moves it by a Gaussian
//   kernel N(theta_j, 2 Sigma), Sigma the weighted covariance of generation g-1 (Beaumont et al.
//   2009: twice the covariance is the kernel that minimises the Kullback-Leibler loss); a move
//   outside the prior's support is drawn again. Proposals run in batches of `population`; they
//   are judged in proposal order, and the first `population` with distance <= eps_g are the
//   generation, with weights w_i proportional to prior(theta_i) / sum_j w_j K(theta_i | theta_j).
// - It stops after a generation when its tolerance is <= stop_tolerance ("tolerance"), its
//   acceptance rate is below min_acceptance ("acceptance"), or it was generation
//   max_generations - 1 ("max_generations"); and within a generation when the next batch would
//   exceed max_runs ("max_runs": the last batch is cut to the budget) or its runs reach
//   population / min_acceptance without filling it ("acceptance"). The posterior is the last
//   complete generation.
//
// Every random number comes from a counter-based stream keyed by (seed, generation, proposal
// index), so the proposals, and so the result, do not depend on which worker simulated what nor
// on how often the calibration was stopped and resumed.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "snsim/sweep/sweep_spec.hpp"

namespace snsim {

struct AbcSettings {
  std::uint64_t population = 100;      ///< particles per generation, >= 2
  double quantile = 0.5;               ///< next tolerance: this quantile of the last distances
  double stop_tolerance = 0.0;         ///< stop once a generation's tolerance is <= this
  double min_acceptance = 0.0;         ///< stop once acceptance falls below this (0: never)
  std::uint64_t max_runs = 100000;     ///< simulations in all, >= population
  std::uint64_t max_generations = 10;  ///< generations in all, generation 0 included
  std::uint64_t seed = 0;              ///< keys every random draw
};

/// One finished generation. Particles are in natural units, rows of k values.
struct AbcGeneration {
  std::vector<std::vector<double>> particles;  ///< [population][k]
  std::vector<double> weights;                 ///< [population], sum 1
  std::vector<double> distances;               ///< [population]
  std::vector<std::vector<double>> summaries;  ///< [population][s], simulated
  double tolerance = 0.0;                      ///< +inf for generation 0
  double acceptance_rate = 1.0;                ///< runs within tolerance / runs (all batches)
  double ess = 0.0;                            ///< effective sample size 1 / sum w^2
  std::uint64_t runs = 0;                      ///< simulations this generation
  std::uint64_t runs_total = 0;                ///< simulations up to and including it
};

/// The whole calibration so far.
struct AbcState {
  std::vector<AbcGeneration> generations;
  std::vector<double> scales;  ///< per summary, fixed after generation 0
  std::string stop_reason;     ///< "" while running; "tolerance", "acceptance", "max_runs",
                               ///< "max_generations" once stopped
  std::uint64_t runs_used = 0;
};

/// Simulates parameter vectors thetas (proposals first .. first + n - 1 of generation g) and
/// returns their summary vectors, in the same order; a NaN summary never matches (distance +inf).
using AbcSimulate = std::function<std::vector<std::vector<double>>(
    std::uint64_t generation, std::uint64_t first, const std::vector<std::vector<double>>& thetas)>;

/// Runs ABC-SMC for priors (each a SweepRange: uniform, log_uniform or truncated_normal, not
/// choice nor integer) against the observed summary vector, from `state` (empty: from the start;
/// else the finished generations of an earlier start), calling on_generation after each new
/// generation (and once more, with stop_reason set, at the end). Returns the final state.
AbcState run_abc_smc(const std::vector<SweepRange>& priors, const std::vector<double>& observed,
                     const AbcSettings& settings, const AbcSimulate& simulate,
                     const std::function<void(const AbcState&)>& on_generation,
                     AbcState state = {});

/// Returns proposal `index` of generation `generation` (>= 1) from the previous generation, or
/// of the prior when previous is null; its values read back exactly from their override text.
std::vector<double> abc_proposal(const std::vector<SweepRange>& priors,
                                 const AbcGeneration* previous, std::uint64_t seed,
                                 std::uint64_t generation, std::uint64_t index);

/// Returns the scale of one summary from its simulated values: 1.4826 MAD (the normal sd a MAD
/// estimates), or, if that is 0, the standard deviation, or if that is 0 too, |observed|, or 1.
double summary_scale(std::vector<double> values, double observed);

/// Returns the standardised distance sqrt(sum ((x_i - o_i) / scale_i)^2); +inf if any x_i is NaN.
double abc_distance(const std::vector<double>& x, const std::vector<double>& observed,
                    const std::vector<double>& scales);

/// Returns the q-quantile of values (linear interpolation between order statistics, type 7).
double abc_quantile(std::vector<double> values, double q);

/// Returns index i of a weighted draw: the first i with w_0 + ... + w_i > u * sum(w).
std::size_t weighted_pick(const std::vector<double>& weights, double u);

/// Returns the uniform number in [0, 1) number `k` of the stream keyed (seed, purpose, a, b).
double abc_unit_draw(std::uint64_t seed, std::uint32_t purpose, std::uint64_t a, std::uint64_t b,
                     std::uint64_t k);

/// Stream purposes (abc_unit_draw): proposals, and the posterior predictive draws.
inline constexpr std::uint32_t kAbcPurposePropose = 1, kAbcPurposePredictive = 2;

}  // namespace snsim

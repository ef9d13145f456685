#include "snsim/calibrate/abc_smc.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <numeric>
#include <stdexcept>

#include "snsim/core/random_stream.hpp"
#include "snsim/io/detail/schema_reader.hpp"

namespace snsim {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr std::uint32_t kStreamProcess = stream_id("calibrate");
/// Draws of one proposal before giving up on a kernel that keeps leaving the prior's support.
constexpr int kMaxProposalAttempts = 100000;

/// Returns the stream of proposal (generation, index) for a purpose.
RandomStream proposal_stream(std::uint64_t seed, std::uint32_t purpose, std::uint64_t a,
                             std::uint64_t b) {
  return RandomStream(StreamKey{seed, a, b, kStreamProcess, purpose, 0});
}

/// Returns v as it reads back from its override text (the value the run really uses).
double as_override(double v) { return std::strtod(detail::format_number(v).c_str(), nullptr); }

/// Returns the prior's log density at v up to a constant (the constant cancels in the weights).
double log_prior(const SweepRange& r, double v) {
  if (v < r.min || v > r.max) return -kInf;
  switch (r.distribution) {
    case SweepDistribution::log_uniform:
      return -std::log(v);
    case SweepDistribution::truncated_normal: {
      const double z = (v - r.mean) / r.sd;
      return -0.5 * z * z;
    }
    default:
      return 0.0;
  }
}

/// The perturbation kernel N(0, 2 Sigma) of a generation: its lower Cholesky factor.
struct Kernel {
  std::size_t k = 0;
  std::vector<double> chol;  ///< k x k, row-major, lower triangular

  /// Returns -1/2 |L^-1 d|^2, the log of the kernel's density at offset d up to a constant.
  double log_density(const std::vector<double>& d) const {
    std::vector<double> y(k);
    double sum = 0.0;
    for (std::size_t i = 0; i < k; ++i) {
      double s = d[i];
      for (std::size_t j = 0; j < i; ++j) s -= chol[i * k + j] * y[j];
      y[i] = s / chol[i * k + i];
      sum += y[i] * y[i];
    }
    return -0.5 * sum;
  }
};

/// Returns the lower Cholesky factor of the k x k matrix a, or false if a is not positive
/// definite.
bool cholesky(const std::vector<double>& a, std::size_t k, std::vector<double>& l) {
  l.assign(k * k, 0.0);
  for (std::size_t i = 0; i < k; ++i) {
    for (std::size_t j = 0; j <= i; ++j) {
      double s = a[i * k + j];
      for (std::size_t m = 0; m < j; ++m) s -= l[i * k + m] * l[j * k + m];
      if (i == j) {
        if (!(s > 0.0)) return false;
        l[i * k + i] = std::sqrt(s);
      } else {
        l[i * k + j] = s / l[j * k + j];
      }
    }
  }
  return true;
}

/// Returns the kernel of a generation: twice its weighted covariance (Beaumont et al. 2009). A
/// coordinate whose particles all agree gets a variance of (1e-6 of its prior's width)^2, and a
/// singular matrix a small ridge, so that proposals can still move.
Kernel make_kernel(const std::vector<SweepRange>& priors, const AbcGeneration& g) {
  Kernel kern;
  const std::size_t k = priors.size();
  kern.k = k;
  std::vector<double> mean(k, 0.0), cov(k * k, 0.0);
  for (std::size_t i = 0; i < g.particles.size(); ++i)
    for (std::size_t a = 0; a < k; ++a) mean[a] += g.weights[i] * g.particles[i][a];
  for (std::size_t i = 0; i < g.particles.size(); ++i)
    for (std::size_t a = 0; a < k; ++a)
      for (std::size_t b = 0; b < k; ++b)
        cov[a * k + b] +=
            2.0 * g.weights[i] * (g.particles[i][a] - mean[a]) * (g.particles[i][b] - mean[b]);
  for (std::size_t a = 0; a < k; ++a) {
    const double width = priors[a].max - priors[a].min;
    const double floor = std::pow(1e-6 * (width > 0 ? width : 1.0), 2);
    if (!(cov[a * k + a] > floor)) cov[a * k + a] = floor;
  }
  if (cholesky(cov, k, kern.chol)) return kern;
  for (double ridge = 1e-12; ridge < 1.0; ridge *= 100.0) {
    std::vector<double> c = cov;
    for (std::size_t a = 0; a < k; ++a) c[a * k + a] *= 1.0 + ridge;
    if (cholesky(c, k, kern.chol)) return kern;
  }
  // Perfectly correlated particles: move each coordinate on its own.
  std::vector<double> diag(k * k, 0.0);
  for (std::size_t a = 0; a < k; ++a) diag[a * k + a] = cov[a * k + a];
  cholesky(diag, k, kern.chol);
  return kern;
}

/// Returns two independent standard normal numbers from the stream (Box-Muller).
std::pair<double, double> normal_pair(RandomStream& rs) {
  const double u1 = 1.0 - rs.uniform01();  // in (0, 1]: log(u1) is finite
  const double u2 = rs.uniform01();
  const double r = std::sqrt(-2.0 * std::log(u1));
  const double t = 2.0 * 3.141592653589793238462643383279502884 * u2;
  return {r * std::cos(t), r * std::sin(t)};
}

/// Returns proposal (generation, index): a prior draw, or a perturbed particle of previous.
std::vector<double> propose(const std::vector<SweepRange>& priors, const AbcGeneration* previous,
                            const Kernel* kernel, std::uint64_t seed, std::uint64_t generation,
                            std::uint64_t index) {
  const std::size_t k = priors.size();
  RandomStream rs = proposal_stream(seed, kAbcPurposePropose, generation, index);
  std::vector<double> theta(k);
  if (previous == nullptr) {
    for (std::size_t a = 0; a < k; ++a)
      theta[a] = std::strtod(priors[a].value_at(rs.uniform01()).c_str(), nullptr);
    return theta;
  }
  std::vector<double> z(k);
  for (int attempt = 0; attempt < kMaxProposalAttempts; ++attempt) {
    const std::size_t j = weighted_pick(previous->weights, rs.uniform01());
    for (std::size_t a = 0; a < k; a += 2) {
      const auto [z0, z1] = normal_pair(rs);
      z[a] = z0;
      if (a + 1 < k) z[a + 1] = z1;
    }
    bool inside = true;
    for (std::size_t a = 0; a < k && inside; ++a) {
      double step = 0.0;
      for (std::size_t b = 0; b <= a; ++b) step += kernel->chol[a * k + b] * z[b];
      theta[a] = as_override(previous->particles[j][a] + step);
      inside = theta[a] >= priors[a].min && theta[a] <= priors[a].max;
    }
    if (inside) return theta;
  }
  throw std::runtime_error("calibration: the perturbation kernel of generation " +
                           std::to_string(generation) + " keeps leaving the prior's support (" +
                           std::to_string(kMaxProposalAttempts) + " draws)");
}

/// Returns the normalised importance weights of new particles given the previous generation.
std::vector<double> importance_weights(const std::vector<SweepRange>& priors,
                                       const AbcGeneration& previous, const Kernel& kernel,
                                       const std::vector<std::vector<double>>& particles) {
  const std::size_t n = particles.size(), k = priors.size();
  std::vector<double> logw(n);
  std::vector<double> terms(previous.particles.size()), d(k);
  for (std::size_t i = 0; i < n; ++i) {
    double lp = 0.0;
    for (std::size_t a = 0; a < k; ++a) lp += log_prior(priors[a], particles[i][a]);
    double top = -kInf;
    for (std::size_t j = 0; j < previous.particles.size(); ++j) {
      for (std::size_t a = 0; a < k; ++a) d[a] = particles[i][a] - previous.particles[j][a];
      terms[j] =
          previous.weights[j] > 0 ? std::log(previous.weights[j]) + kernel.log_density(d) : -kInf;
      top = std::max(top, terms[j]);
    }
    double sum = 0.0;
    for (double t : terms) sum += std::exp(t - top);
    logw[i] = lp - (top + std::log(sum));
  }
  const double top = *std::max_element(logw.begin(), logw.end());
  std::vector<double> w(n);
  double total = 0.0;
  for (std::size_t i = 0; i < n; ++i) total += (w[i] = std::exp(logw[i] - top));
  for (double& x : w) x /= total;
  return w;
}

/// Returns 1 / sum w^2.
double effective_sample_size(const std::vector<double>& w) {
  double s = 0.0;
  for (double x : w) s += x * x;
  return s > 0 ? 1.0 / s : 0.0;
}

}  // namespace

double abc_unit_draw(std::uint64_t seed, std::uint32_t purpose, std::uint64_t a, std::uint64_t b,
                     std::uint64_t k) {
  RandomStream rs = proposal_stream(seed, purpose, a, b);
  for (std::uint64_t i = 0; i < k; ++i) (void)rs();
  return rs.uniform01();
}

std::size_t weighted_pick(const std::vector<double>& weights, double u) {
  const double total = std::accumulate(weights.begin(), weights.end(), 0.0);
  const double target = u * total;
  double run = 0.0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    run += weights[i];
    if (run > target) return i;
  }
  // Rounding left u * total at the very end: the last particle with weight.
  for (std::size_t i = weights.size(); i-- > 0;)
    if (weights[i] > 0) return i;
  return 0;
}

double abc_quantile(std::vector<double> values, double q) {
  if (values.empty()) return kInf;
  std::sort(values.begin(), values.end());
  const double h = q * static_cast<double>(values.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, values.size() - 1);
  if (std::isinf(values[hi])) return values[hi] == values[lo] ? values[lo] : values[hi];
  return values[lo] + (h - static_cast<double>(lo)) * (values[hi] - values[lo]);
}

double summary_scale(std::vector<double> values, double observed) {
  values.erase(std::remove_if(values.begin(), values.end(), [](double v) { return std::isnan(v); }),
               values.end());
  if (!values.empty()) {
    const double median = abc_quantile(values, 0.5);
    std::vector<double> dev(values.size());
    for (std::size_t i = 0; i < values.size(); ++i) dev[i] = std::abs(values[i] - median);
    const double mad = 1.4826 * abc_quantile(dev, 0.5);
    if (mad > 0 && std::isfinite(mad)) return mad;
    double mean = 0.0, ss = 0.0;
    for (double v : values) mean += v;
    mean /= static_cast<double>(values.size());
    for (double v : values) ss += (v - mean) * (v - mean);
    const double sd = std::sqrt(ss / static_cast<double>(values.size()));
    if (sd > 0 && std::isfinite(sd)) return sd;
  }
  if (std::abs(observed) > 0 && std::isfinite(observed)) return std::abs(observed);
  return 1.0;
}

double abc_distance(const std::vector<double>& x, const std::vector<double>& observed,
                    const std::vector<double>& scales) {
  double sum = 0.0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (std::isnan(x[i])) return kInf;
    const double z = (x[i] - observed[i]) / scales[i];
    sum += z * z;
  }
  return std::sqrt(sum);
}

std::vector<double> abc_proposal(const std::vector<SweepRange>& priors,
                                 const AbcGeneration* previous, std::uint64_t seed,
                                 std::uint64_t generation, std::uint64_t index) {
  if (previous == nullptr) return propose(priors, nullptr, nullptr, seed, generation, index);
  const Kernel kernel = make_kernel(priors, *previous);
  return propose(priors, previous, &kernel, seed, generation, index);
}

AbcState run_abc_smc(const std::vector<SweepRange>& priors, const std::vector<double>& observed,
                     const AbcSettings& settings, const AbcSimulate& simulate,
                     const std::function<void(const AbcState&)>& on_generation, AbcState state) {
  const std::uint64_t n = settings.population;
  state.stop_reason.clear();
  if (state.generations.empty()) {
    // Generation 0: the prior, every proposal accepted; it fixes the summaries' scales.
    std::vector<std::vector<double>> thetas(n);
    for (std::uint64_t i = 0; i < n; ++i)
      thetas[i] = propose(priors, nullptr, nullptr, settings.seed, 0, i);
    AbcGeneration g0;
    g0.summaries = simulate(0, 0, thetas);
    g0.particles = std::move(thetas);
    state.scales.assign(observed.size(), 1.0);
    for (std::size_t s = 0; s < observed.size(); ++s) {
      std::vector<double> column(n);
      for (std::uint64_t i = 0; i < n; ++i) column[i] = g0.summaries[i][s];
      state.scales[s] = summary_scale(std::move(column), observed[s]);
    }
    for (const auto& x : g0.summaries)
      g0.distances.push_back(abc_distance(x, observed, state.scales));
    g0.weights.assign(n, 1.0 / static_cast<double>(n));
    g0.tolerance = kInf;
    g0.acceptance_rate = 1.0;
    g0.ess = static_cast<double>(n);
    g0.runs = g0.runs_total = n;
    state.runs_used = n;
    state.generations.push_back(std::move(g0));
    if (on_generation) on_generation(state);
  }
  state.runs_used = state.generations.back().runs_total;
  const std::uint64_t cap =
      settings.min_acceptance > 0
          ? static_cast<std::uint64_t>(std::ceil(static_cast<double>(n) / settings.min_acceptance))
          : std::numeric_limits<std::uint64_t>::max();
  for (;;) {
    const AbcGeneration& prev = state.generations.back();
    const std::uint64_t g = state.generations.size();
    if (g > 1 && prev.tolerance <= settings.stop_tolerance) {
      state.stop_reason = "tolerance";
    } else if (prev.acceptance_rate < settings.min_acceptance) {
      state.stop_reason = "acceptance";
    } else if (g >= settings.max_generations) {
      state.stop_reason = "max_generations";
    } else if (state.runs_used >= settings.max_runs) {
      state.stop_reason = "max_runs";
    }
    if (!state.stop_reason.empty()) break;
    const double eps =
        std::max(abc_quantile(prev.distances, settings.quantile), settings.stop_tolerance);
    const Kernel kernel = make_kernel(priors, prev);
    AbcGeneration next;
    next.tolerance = eps;
    std::uint64_t runs = 0, within = 0;  // within: runs within eps, beyond the population too
    while (next.particles.size() < n) {
      if (runs >= cap) {
        state.stop_reason = "acceptance";
        break;
      }
      const std::uint64_t batch = std::min(n, settings.max_runs - state.runs_used);
      if (batch == 0) {
        state.stop_reason = "max_runs";
        break;
      }
      std::vector<std::vector<double>> thetas(batch);
      for (std::uint64_t i = 0; i < batch; ++i)
        thetas[i] = propose(priors, &prev, &kernel, settings.seed, g, runs + i);
      const auto summaries = simulate(g, runs, thetas);
      runs += batch;
      state.runs_used += batch;
      // Judged in proposal order: the same particles whoever simulated them, and when.
      for (std::uint64_t i = 0; i < batch; ++i) {
        const double d = abc_distance(summaries[i], observed, state.scales);
        if (!(std::isfinite(d) && d <= eps)) continue;
        ++within;
        if (next.particles.size() < n) {
          next.particles.push_back(thetas[i]);
          next.summaries.push_back(summaries[i]);
          next.distances.push_back(d);
        }
      }
    }
    if (!state.stop_reason.empty()) break;  // the unfinished generation is not the posterior
    next.weights = importance_weights(priors, prev, kernel, next.particles);
    next.ess = effective_sample_size(next.weights);
    next.runs = runs;
    next.runs_total = state.runs_used;
    next.acceptance_rate = static_cast<double>(within) / static_cast<double>(runs);
    state.generations.push_back(std::move(next));
    if (on_generation) on_generation(state);
  }
  if (on_generation) on_generation(state);
  return state;
}

}  // namespace snsim

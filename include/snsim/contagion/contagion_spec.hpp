#pragma once
// ContagionSpec: the validated `contagion:` block of a scenario, the classic models of diffusion on
// the social graph (docs/classic-models.md maps each textbook parameter to its key).
#include <cstdint>
#include <string>
#include <vector>

namespace snsim {

/// Which classic model the `contagion` process runs.
enum class ContagionModel {
  independent_cascade,  ///< Kempe, Kleinberg, Tardos 2003: one chance p per arc
  linear_threshold,     ///< Granovetter 1978; Kempe et al. 2003: weighted arcs, U[0,1] thresholds
  sir,                  ///< susceptible, infectious, recovered
  sis,                  ///< susceptible, infectious, susceptible again
  seir,                 ///< susceptible, exposed, infectious, recovered
  maki_thompson,        ///< rumour: a spreader meeting a spreader or stifler stops spreading
  daley_kendall,        ///< rumour: two spreaders meeting both stop; one meeting a stifler stops
};

/// Names of ContagionModel values, in enum order (the `contagion.model` choices).
inline const std::vector<std::string>& contagion_model_names() {
  static const std::vector<std::string> names{
      "independent_cascade", "linear_threshold", "sir", "sis", "seir",
      "maki_thompson",       "daley_kendall"};
  return names;
}

/// How the linear threshold model weighs the arc u -> v (v's neighbour u is active).
enum class ThresholdWeights {
  inverse_degree,  ///< b_uv = 1 / degree(v)
  tie_strength,    ///< b_uv = w_uv / max(1, sum_k w_kv): raw strengths, scaled down to sum 1
};

/// How the seed set (people active or infectious when step 0 begins) is chosen.
enum class SeedRule {
  ids,     ///< listed in contagion.seeds.ids
  random,  ///< uniformly random distinct people
  degree,  ///< most social ties (ties broken by lower id)
  imm,     ///< IMM reverse-reachable sets under IC at contagion.p (Tang, Shi, Xiao 2015)
  celf,    ///< CELF lazy greedy on the Monte-Carlo expected IC spread (Leskovec et al. 2007)
};

/// Names of SeedRule values, in enum order (the `contagion.seeds.selection` choices).
inline const std::vector<std::string>& seed_rule_names() {
  static const std::vector<std::string> names{"ids", "random", "degree", "imm", "celf"};
  return names;
}

struct ContagionSpec {
  ContagionModel model = ContagionModel::independent_cascade;  ///< contagion.model
  double p = 0.1;  ///< contagion.p, IC activation chance per arc, [0, 1]
  ThresholdWeights weights = ThresholdWeights::inverse_degree;  ///< contagion.weights (LT)
  /// contagion.beta: transmission rate per infectious-susceptible arc per step, >= 0; the chance
  /// of transmission over an arc in a step is 1 - exp(-beta).
  double beta = 0.1;
  double gamma = 0.1;  ///< contagion.gamma, chance per step an infectious person recovers, [0, 1]
  double sigma = 0.2;  ///< contagion.sigma (SEIR), chance per step exposed turns infectious, (0, 1]
  SeedRule seed_rule = SeedRule::random;  ///< contagion.seeds.selection
  std::uint32_t seed_count = 1;           ///< contagion.seeds.count, people, >= 1
  std::vector<std::uint32_t> seed_ids;    ///< contagion.seeds.ids (selection ids), < population
  /// contagion.seeds.celf_simulations: Monte-Carlo cascades per CELF spread estimate, >= 1
  std::uint32_t celf_simulations = 200;
  double imm_epsilon = 0.5;  ///< contagion.seeds.imm_epsilon, (0, 1)
};

}  // namespace snsim

#include "snsim/sales/sales_spec.hpp"

#include <algorithm>
#include <limits>

namespace snsim {

double advance_chance(const SalesSpec& spec, std::size_t s, double hours, double tie_strength,
                      double tie_cap) {
  const StageTransition& t = spec.stages[s];
  double m = 1.0;
  // Diminishing returns in staff time: the first hours on a deal matter most.
  if (hours > 0.0) m += spec.hours_lift * hours / (hours + spec.hours_half_saturation);
  if (tie_strength > 0.0 && tie_cap > 0.0)
    m += spec.relationship_lift * std::min(1.0, static_cast<double>(tie_strength) / tie_cap);
  // The advance chance may not crowd out the loss chance: the three still form a distribution.
  return std::min(m * t.advance, 1.0 - t.lose);
}

double win_probability(const SalesSpec& spec) {
  double p = 1.0;
  for (const StageTransition& t : spec.stages) {
    const double exit = t.advance + t.lose;
    p *= exit > 0.0 ? t.advance / exit : 0.0;
  }
  return p;
}

double expected_won_cycle_steps(const SalesSpec& spec) {
  double steps = 0.0;
  for (const StageTransition& t : spec.stages) {
    const double exit = t.advance + t.lose;
    if (exit <= 0.0) return std::numeric_limits<double>::infinity();
    steps += 1.0 / exit;
  }
  return steps;
}

double expected_cycle_steps(const SalesSpec& spec) {
  double steps = 0.0, reach = 1.0;  // reach: chance a lead ever gets to stage s
  for (const StageTransition& t : spec.stages) {
    const double exit = t.advance + t.lose;
    if (exit <= 0.0) return std::numeric_limits<double>::infinity();
    steps += reach / exit;
    reach *= t.advance / exit;
  }
  return steps;
}

}  // namespace snsim

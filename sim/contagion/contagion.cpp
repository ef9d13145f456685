#include "snsim/contagion/contagion.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "snsim/contagion/seed_sets.hpp"
#include "snsim/core/world.hpp"

namespace snsim {
namespace {
constexpr std::uint32_t kStream = stream_id("contagion");
// Purposes of the step draws; set-up draws (step 0 too) use purposes of 100 and above.
enum Purpose : std::uint32_t {
  kInfect = 1,
  kRecover = 2,
  kOnset = 3,
  kRumour = 4,
  kThreshold = 100
};

bool is_epidemic(ContagionModel m) {
  return m == ContagionModel::sir || m == ContagionModel::sis || m == ContagionModel::seir;
}
bool is_rumour(ContagionModel m) {
  return m == ContagionModel::maki_thompson || m == ContagionModel::daley_kendall;
}
}  // namespace

Contagion::Contagion(const Scenario& scenario)
    : spec_(scenario.contagion), initial_strength_(scenario.network.initial_strength) {}

void Contagion::define_metrics(Recorder& recorder) {
  if (is_rumour(spec_.model)) {
    m_susceptible_ = recorder.define("ignorants", "people", "people who have not heard", false);
    m_infectious_ = recorder.define("spreaders", "people", "people spreading the rumour", false);
    m_recovered_ = recorder.define("stiflers", "people", "people who heard and stopped", false);
    m_new_ = recorder.define("newly_heard", "people", "people who heard it this step", false);
    m_ever_ = recorder.define("ever_heard", "people",
                              "people who have heard, seeds included (the last value is the "
                              "final size)",
                              false);
    return;
  }
  if (!is_epidemic(spec_.model)) {
    m_ever_ = recorder.define("active", "people",
                              "people active at the end of the step, seeds "
                              "included (the last value is the final size)",
                              false);
    m_new_ = recorder.define("newly_active", "people", "people activated this step", false);
    return;
  }
  m_susceptible_ = recorder.define("susceptible", "people", "people susceptible (S)", false);
  if (spec_.model == ContagionModel::seir)
    m_exposed_ =
        recorder.define("exposed", "people", "people exposed, not yet infectious (E)", false);
  m_infectious_ = recorder.define("infectious", "people", "people infectious (I)", false);
  if (spec_.model != ContagionModel::sis)
    m_recovered_ = recorder.define("recovered", "people", "people recovered (R)", false);
  m_new_ = recorder.define("new_infections", "people", "people infected this step", false);
  m_ever_ = recorder.define("ever_infected", "people",
                            "people infected so far, seeds included (the last value is the final "
                            "size)",
                            false);
}

void Contagion::prepare(World& world, StepContext& ctx) {
  const SocialGraph& g = world.social_graph();
  const std::uint32_t n = g.num_agents();
  state_.assign(n, susceptible);
  hits_.assign(n, 0);
  infectious_.clear();
  exposed_.clear();
  const std::vector<AgentId> seeds = choose_seeds(g, spec_, ctx.seed, ctx.run, kStream);
  for (AgentId i : seeds) {
    state_[i] = infectious;
    infectious_.push_back(i);
  }
  if (spec_.model == ContagionModel::sis) {
    infected_before_.assign(n, 0);
    for (AgentId i : seeds) infected_before_[i] = 1;
  }
  count_ = {n - seeds.size(), 0, seeds.size(), 0};
  ever_ = seeds.size();
  if (spec_.model == ContagionModel::linear_threshold) {
    theta_.resize(n);
    for (AgentId i = 0; i < n; ++i)
      theta_[i] = static_cast<float>(ctx.stream(kStream, kThreshold, i).uniform01());
    load_.assign(n, 0.0);
    denominator_.assign(n, 1.0);
    if (!g.is_complete())
      for (AgentId v = 0; v < n; ++v) {
        if (spec_.weights == ThresholdWeights::inverse_degree) {
          denominator_[v] = std::max<double>(1, g.degree(v));
        } else {
          double w = 0.0;
          for (float s : g.strengths(v)) w += s;
          denominator_[v] = std::max(1.0, w);
        }
      }
  }
  if (ctx.recorder != nullptr) ctx.recorder->set_ids("seeds", {seeds.begin(), seeds.end()});
}

void Contagion::transmit(const World& world, const StepContext& ctx) {
  const SocialGraph& g = world.social_graph();
  const bool cascade = spec_.model == ContagionModel::independent_cascade;
  // Chance a susceptible with m infectious neighbours escapes them all this step.
  auto escape = [&](std::uint32_t m) {
    return cascade ? std::pow(1.0 - spec_.p, m) : std::exp(-spec_.beta * m);
  };
  auto infect = [&](AgentId j, std::uint32_t m) {
    if (ctx.stream(kStream, kInfect, j).uniform01() >= escape(m)) newly_.push_back(j);
  };
  if (g.is_complete()) {
    const auto m = static_cast<std::uint32_t>(infectious_.size());
    for (AgentId j = 0; j < g.num_agents(); ++j)
      if (state_[j] == susceptible) infect(j, m);
    return;
  }
  // Integer counts, so the order of the pushes does not matter; touched_ lists each once.
  for (AgentId i : infectious_)
    for (AgentId j : g.neighbours(i))
      if (state_[j] == susceptible && hits_[j]++ == 0) touched_.push_back(j);
  for (AgentId j : touched_) {
    infect(j, hits_[j]);
    hits_[j] = 0;
  }
  touched_.clear();
}

void Contagion::threshold(const World& world) {
  const SocialGraph& g = world.social_graph();
  const std::uint32_t n = g.num_agents();
  if (g.is_complete()) {
    const double b = spec_.weights == ThresholdWeights::inverse_degree
                         ? 1.0 / std::max(1.0, n - 1.0)
                         : initial_strength_ / std::max(1.0, (n - 1.0) * initial_strength_);
    const double load = b * static_cast<double>(ever_);
    for (AgentId v = 0; v < n; ++v)
      if (state_[v] == susceptible && load >= theta_[v]) newly_.push_back(v);
    return;
  }
  // Only the newly active (infectious_) add weight; the load of earlier ones is kept in load_.
  // Pushes go in the order of infectious_, so each sum is the same on any thread count.
  const bool by_degree = spec_.weights == ThresholdWeights::inverse_degree;
  for (AgentId u : infectious_) {
    const auto nb = g.neighbours(u);
    const auto st = g.strengths(u);
    for (std::size_t a = 0; a < nb.size(); ++a) {
      const AgentId v = nb[a];
      if (state_[v] != susceptible) continue;
      if (hits_[v]++ == 0) touched_.push_back(v);
      load_[v] += (by_degree ? 1.0 : static_cast<double>(st[a])) / denominator_[v];
    }
  }
  for (AgentId v : touched_) {
    if (load_[v] >= theta_[v]) newly_.push_back(v);
    hits_[v] = 0;
  }
  touched_.clear();
}

std::uint64_t Contagion::rumour(const World& world, const StepContext& ctx) {
  const SocialGraph& g = world.social_graph();
  const std::uint32_t n = g.num_agents();
  const bool daley_kendall = spec_.model == ContagionModel::daley_kendall;
  RandomStream s = ctx.stream(kStream, kRumour, 0);
  // The spreader who stops: a state change now; its entry leaves infectious_ when next drawn.
  auto stop = [&](AgentId i) {
    state_[i] = recovered;
    --count_[infectious];
    ++count_[recovered];
  };
  std::uint64_t heard = 0;
  // As many contacts as spreaders at the start of the step, each by a spreader drawn uniformly
  // among the current ones: the textbook jump chain, one step per generation of contacts.
  const std::uint64_t contacts = count_[infectious];
  for (std::uint64_t c = 0; c < contacts && count_[infectious] > 0;) {
    const auto k = static_cast<std::size_t>(s.below(infectious_.size()));
    const AgentId i = infectious_[k];
    if (state_[i] != infectious) {  // stopped earlier: drop the entry, draw again
      infectious_[k] = infectious_.back();
      infectious_.pop_back();
      continue;
    }
    ++c;
    AgentId j = 0;
    if (g.is_complete()) {
      j = static_cast<AgentId>(s.below(n - 1));
      if (j >= i) ++j;
    } else {
      const auto nb = g.neighbours(i);
      if (nb.empty()) {  // nobody to tell
        stop(i);
        continue;
      }
      j = nb[s.below(nb.size())];
    }
    if (state_[j] == susceptible) {
      state_[j] = infectious;
      --count_[susceptible];
      ++count_[infectious];
      infectious_.push_back(j);
      ++heard;
    } else if (!daley_kendall || state_[j] != infectious) {
      stop(i);  // the teller finds the rumour known and stops
    } else if (s.uniform01() < 0.5) {
      // Daley-Kendall: two spreaders who meet both stop. Their pair is drawn from both ends
      // (either may tell the other), so half of these contacts are meetings: every pair of
      // people then meets at the same rate, as in Daley and Kendall's model.
      stop(i);
      stop(j);
    }
  }
  ever_ += heard;
  return heard;
}

void Contagion::step(World& world, StepContext& ctx) {
  if (count_[infectious] == 0 && count_[exposed] == 0) {
    record(ctx, 0);
    return;
  }
  if (is_rumour(spec_.model)) {
    record(ctx, rumour(world, ctx));
    return;
  }
  newly_.clear();
  if (spec_.model == ContagionModel::linear_threshold)
    threshold(world);
  else
    transmit(world, ctx);

  // Transitions of the states at the start of the step, each person from its own stream.
  next_.clear();
  if (is_epidemic(spec_.model)) {
    const State after = spec_.model == ContagionModel::sis ? susceptible : recovered;
    for (AgentId i : infectious_) {
      if (ctx.stream(kStream, kRecover, i).uniform01() < spec_.gamma) {
        state_[i] = after;
        --count_[infectious];
        ++count_[after];
      } else {
        next_.push_back(i);
      }
    }
  } else {
    // A cascade's active people try once: then they are spent.
    for (AgentId i : infectious_) state_[i] = recovered;
    count_[recovered] += infectious_.size();
    count_[infectious] -= infectious_.size();
  }
  if (spec_.model == ContagionModel::seir) {
    std::size_t kept = 0;
    for (AgentId e : exposed_) {
      if (ctx.stream(kStream, kOnset, e).uniform01() < spec_.sigma) {
        state_[e] = infectious;
        --count_[exposed];
        ++count_[infectious];
        next_.push_back(e);
      } else {
        exposed_[kept++] = e;
      }
    }
    exposed_.resize(kept);
  }
  const State entered = spec_.model == ContagionModel::seir ? exposed : infectious;
  for (AgentId j : newly_) {
    state_[j] = entered;
    (entered == exposed ? exposed_ : next_).push_back(j);
  }
  count_[susceptible] -= newly_.size();
  count_[entered] += newly_.size();
  if (spec_.model == ContagionModel::sis) {
    // A person infected again counts once in ever_infected.
    for (AgentId j : newly_) {
      ever_ += infected_before_[j] == 0 ? 1 : 0;
      infected_before_[j] = 1;
    }
  } else {
    ever_ += newly_.size();
  }
  infectious_.swap(next_);
  record(ctx, newly_.size());
}

void Contagion::record(StepContext& ctx, std::uint64_t newly) {
  Recorder& r = *ctx.recorder;
  const Step t = ctx.step;
  r.set(m_new_, t, static_cast<double>(newly));
  r.set(m_ever_, t, static_cast<double>(ever_));
  if (!is_epidemic(spec_.model) && !is_rumour(spec_.model)) return;
  r.set(m_susceptible_, t, static_cast<double>(count_[susceptible]));
  if (spec_.model == ContagionModel::seir)
    r.set(m_exposed_, t, static_cast<double>(count_[exposed]));
  r.set(m_infectious_, t, static_cast<double>(count_[infectious]));
  if (spec_.model != ContagionModel::sis)
    r.set(m_recovered_, t, static_cast<double>(count_[recovered]));
}

}  // namespace snsim

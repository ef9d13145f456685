#include "snsim/core/engine.hpp"

#include <chrono>

#include "snsim/core/process_registry.hpp"

namespace snsim {
namespace {
double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}
}  // namespace

Engine::Engine(const Scenario& scenario, const ProcessRegistry& registry) : scenario_(&scenario) {
  for (const auto& name : scenario.processes) processes_.push_back(registry.create(name, scenario));
}

std::vector<std::string> Engine::pipeline() const {
  std::vector<std::string> out;
  for (const auto& p : processes_) out.emplace_back(p->name());
  return out;
}

RunSeries Engine::run(World& world, const RunOptions& options) {
  std::vector<std::string> brands;
  for (const auto& b : scenario_->brands) brands.push_back(b.name);
  Recorder recorder(scenario_->time.steps, std::move(brands));
  for (auto& p : processes_) p->define_metrics(recorder);

  StepContext ctx;
  ctx.seed = options.seed;
  ctx.run = options.run;
  ctx.recorder = &recorder;
  const Step total = scenario_->time.steps;
  ctx.step = 0;
  // Two clock reads per process and step: nanoseconds against steps of milliseconds or more.
  timings_.assign(processes_.size(), ProcessTiming{});
  for (std::size_t i = 0; i < processes_.size(); ++i) {
    timings_[i].name = processes_[i]->name();
    const auto t0 = std::chrono::steady_clock::now();
    processes_[i]->prepare(world, ctx);
    timings_[i].prepare_s = seconds_since(t0);
  }
  for (Step t = 0; t < total; ++t) {
    ctx.step = t;
    for (std::size_t i = 0; i < processes_.size(); ++i) {
      const auto t0 = std::chrono::steady_clock::now();
      processes_[i]->step(world, ctx);
      timings_[i].step_s += seconds_since(t0);
    }
    if (options.progress) options.progress(t + 1, total);
  }
  return recorder.take();
}

RunOutcome run_scenario(const Scenario& scenario, const RunOptions& options) {
  const auto t0 = std::chrono::steady_clock::now();
  World world = build_world(scenario, options.seed);
  RunOutcome out;
  out.setup_time_s = seconds_since(t0);
  out.world_bytes = world.memory_bytes();
  Engine engine(scenario, ProcessRegistry::builtin());
  out.series = engine.run(world, options);
  out.timings = engine.timings();
  out.wall_time_s = seconds_since(t0);
  return out;
}

}  // namespace snsim

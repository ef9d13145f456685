#include "snsim/core/engine.hpp"

#include <chrono>

#include "snsim/core/checkpoint.hpp"
#include "snsim/core/process_registry.hpp"
#include "snsim/version.hpp"

namespace snsim {
namespace {
double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// Saves a section name, or loads one and checks it, so that a body read out of step is caught
// at the first section rather than as garbage later.
void section(StateArchive& a, std::string_view name) {
  std::string tag(name);
  a(tag);
  if (a.loading() && tag != name)
    StateArchive::mismatch("section '" + std::string(name) + "' (found '" + tag + "')");
}
}  // namespace

void Engine::state_fields(StateArchive& a, World& world, Recorder& recorder) {
  section(a, "world");
  a(world);
  for (auto& p : processes_) {
    section(a, std::string("process ") + std::string(p->name()));
    p->state_fields(a);
  }
  section(a, "recorder");
  a(recorder);
  section(a, "end");
}

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

  const CheckpointOptions& ck = options.checkpoint;
  const CheckpointIdentity identity{kVersion, scenario_->resolved_yaml, options.seed, options.run,
                                    total};
  auto body = [&](StateArchive& a) { state_fields(a, world, recorder); };
  Step t = 0;
  // A resumed run sets up as usual (prepare() rebuilds what depends on the scenario only), then
  // loads the checkpoint over the world, the processes and the recorder.
  if (ck.resume) {
    const auto t0 = std::chrono::steady_clock::now();
    t = read_checkpoint(ck.path, identity, body);
    if (ck.loaded) ck.loaded(t, seconds_since(t0));
  }
  std::optional<Step> written;  // steps done at the last checkpoint written
  auto write = [&](Step done) {
    if (written == done) return;
    const auto t0 = std::chrono::steady_clock::now();
    const std::uint64_t bytes = write_checkpoint(ck.path, identity, done, body);
    written = done;
    if (ck.written) ck.written(done, bytes, seconds_since(t0));
  };
  auto stop_requested = [&](Step done) {
    return (ck.stop != nullptr && ck.stop->load(std::memory_order_relaxed)) ||
           (ck.stop_after && *ck.stop_after == done);
  };
  const bool checkpointing = !ck.path.empty();
  for (; t < total; ++t) {
    if (checkpointing && stop_requested(t)) {
      write(t);
      throw RunStopped(t, ck.path);
    }
    ctx.step = t;
    for (std::size_t i = 0; i < processes_.size(); ++i) {
      const auto t0 = std::chrono::steady_clock::now();
      processes_[i]->step(world, ctx);
      timings_[i].step_s += seconds_since(t0);
    }
    if (options.progress) options.progress(t + 1, total);
    if (checkpointing && ck.every > 0 && (t + 1) % ck.every == 0 && t + 1 < total) write(t + 1);
  }
  return recorder.take();
}

RunOutcome run_scenario(const Scenario& scenario, const RunOptions& options) {
  const auto t0 = std::chrono::steady_clock::now();
  World world = build_world(scenario, options.seed);
  RunOutcome out;
  out.setup_time_s = seconds_since(t0);
  out.world_bytes = world.memory_bytes();
  Engine engine(scenario, ProcessRegistry::global());
  out.series = engine.run(world, options);
  out.timings = engine.timings();
  out.wall_time_s = seconds_since(t0);
  return out;
}

}  // namespace snsim

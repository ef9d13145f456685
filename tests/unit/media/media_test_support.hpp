#pragma once
// Runs the social_media process alone on a world (tests only).
#include <memory>
#include <string>
#include <vector>

#include "snsim/core/recorder.hpp"
#include "snsim/core/world.hpp"
#include "snsim/media/social_media.hpp"

namespace snsim::test {

/// Runs `steps` steps of social_media on world (built from its scenario) and returns the series.
/// recycle_posts false keeps every post of the run in world.media().posts.
inline RunSeries run_social_media(World& world, std::uint64_t seed, Step steps,
                                  bool recycle_posts = true) {
  std::vector<std::string> names;
  for (const auto& b : world.scenario().brands) names.push_back(b.name);
  Recorder recorder(steps, names);
  SocialMedia process(world.scenario());
  process.set_post_recycling(recycle_posts);
  process.define_metrics(recorder);
  StepContext ctx;
  ctx.seed = seed;
  ctx.recorder = &recorder;
  process.prepare(world, ctx);
  for (Step t = 0; t < steps; ++t) {
    ctx.step = t;
    process.step(world, ctx);
    // The funnel consumes touches each step; zero them here as it would.
    for (auto& f : world.funnels())
      for (auto& col : f.touches) col.zero();
  }
  return recorder.take();
}

}  // namespace snsim::test

#pragma once
// Process: one named phase of the step pipeline (docs/model.md section 4).
//
// To add a process:
//   1. write a class deriving from Process in the folder of its subsystem (media/, networking/,
//      economics/...), with a header in include/snsim/<subsystem>/;
//   2. register it by name in its subsystem's registration function, e.g.
//      sim/media/media_processes.cpp (one line);
//   3. name it in a scenario's `processes:` list (scenarios/README.md lists the default pipeline).
// A process draws random numbers only from ctx.stream(stream_id(name()), purpose, entity), so its
// draws do not depend on which other processes run. It declares which parts of the world it reads
// and writes, so that the pipeline can be checked and documented. The engine calls step() once
// per step in pipeline order; the virtual call is per process per step, never per agent.
//
// A process that keeps state of its own from one step to the next (counters, histograms, caches
// that are not rebuilt every step) lists it in state_fields(), so that a run stopped and resumed
// from a checkpoint continues bitwise (core/checkpoint.hpp). Scratch buffers that every step
// overwrites before reading are left out, as is whatever prepare() derives from the scenario alone:
// a resumed run calls define_metrics() and prepare() as usual, then loads the world and the
// state_fields of every process over what prepare() built.
#include <string_view>
#include <vector>

#include "snsim/core/state_archive.hpp"
#include "snsim/core/step_context.hpp"

namespace snsim {

class World;

class Process {
 public:
  virtual ~Process() = default;

  /// Returns the process's registered name, e.g. "word_of_mouth".
  virtual std::string_view name() const = 0;
  /// Returns the world parts read, e.g. {"social_graph", "funnel.stage"}.
  virtual std::vector<std::string_view> reads() const = 0;
  /// Returns the world parts written.
  virtual std::vector<std::string_view> writes() const = 0;
  /// Defines the metrics this process records (called once, before step 0).
  virtual void define_metrics(Recorder& recorder) { (void)recorder; }
  /// Builds the process's part of the world (called once, before step 0, in pipeline order;
  /// random draws from ctx.stream with ctx.step == 0 and a purpose of the process's choosing).
  virtual void prepare(World& world, StepContext& ctx) {
    (void)world;
    (void)ctx;
  }
  /// Advances the world by one step.
  virtual void step(World& world, StepContext& ctx) = 0;
  /// Saves or loads the process's own state carried between steps (default: none).
  virtual void state_fields(StateArchive& a) { (void)a; }
};

}  // namespace snsim

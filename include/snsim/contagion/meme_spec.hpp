#pragma once
// MemeSpec: the validated `memes:` block of a scenario, the limited-attention meme model of Weng,
// Flammini, Vespignani and Menczer (2012) (docs/classic-models.md maps each parameter to its key).
#include <cstdint>

namespace snsim {

/// Who is activated in a step of the meme model.
enum class MemeActivity {
  uniform,     ///< each activation picks a person uniformly at random (the paper's model)
  population,  ///< in proportion to each person's population activity (lognormal; heterogeneous)
};

/// What limits a person's attention in the meme model.
enum class MemeAttention {
  posts,   ///< screens and memories hold a fixed number of posts (screen_length, memory_length)
  window,  ///< posts stay on screens and in memories for time_window time units (the paper's)
};

struct MemeSpec {
  double p_new = 0.1;  ///< memes.p_new (p_n), chance an activation posts a new meme, [0, 1]
  /// memes.p_memory (p_m), chance a re-post comes from the person's memory rather than the
  /// screen, [0, 1]
  double p_memory = 0.75;
  std::uint32_t screen_length = 10;  ///< memes.screen_length, posts a screen holds, >= 1
  std::uint32_t memory_length = 10;  ///< memes.memory_length, own posts remembered, >= 1
  MemeAttention attention = MemeAttention::posts;  ///< memes.attention
  /// memes.time_window (t_w), with attention: window: time units (n activations each) a post
  /// stays on its readers' screens and in its poster's memory, (0, 1000]
  double time_window = 1.0;
  MemeActivity activity = MemeActivity::uniform;  ///< memes.activity
  /// memes.activations_per_person: activations per step, per person (a step is this many
  /// population-sizes of activations; 1 is the paper's time unit), > 0
  double activations_per_person = 1.0;
};

}  // namespace snsim

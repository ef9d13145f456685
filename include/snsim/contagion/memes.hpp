#pragma once
// Memes ("memes"): the limited-attention meme model of Weng, Flammini, Vespignani and Menczer
// (2012, Sci. Rep. 2:335, "Competition among memes in a world with limited attention") on the
// follow graph (platform.follow_graph; docs/classic-models.md).
//
// Every person has a screen, the latest `screen_length` posts of the people they follow, and a
// memory, their own latest `memory_length` posts (both first in, first out: attention is
// limited). With `attention: window` (the paper's model) a post instead stays on screens and in
// the memory for `time_window` time units of n activations each, however many posts arrive in
// the meantime. A step is `activations_per_person` x n activations, one after the other; each
// activates one person (uniformly, or in proportion to population activity) who
//   - with chance p_new posts a new meme;
//   - otherwise re-posts a meme: with chance p_memory one drawn uniformly from their memory,
//     else one drawn uniformly from their screen (a meme on the screen k times is k times as
//     likely). When the chosen list is empty the person posts a new meme instead; under a time
//     window, the person re-posts from the other list, and posts a new meme only when both are
//     empty.
// A post (new or re-post) enters the poster's memory and the screen of each of their followers
// at once, so later activations of the same step see it.
// Popularity of a meme: its posts so far, the first included. Lifetime: steps from its first to
// its latest post, both included. A meme is live while it is on some screen or in some memory.
// Metrics (population-wide, [steps]): new_memes, reposts, live_memes, meme_entropy (Shannon
// entropy, bits, of the memes of this step's posts: the system's diversity), meme_popularity_max
// and, cumulative over the run, meme_popularity_histogram/<a>-<b> and
// meme_lifetime_histogram/<a>-<b> (memes whose popularity, or lifetime in steps, lies in
// [a, b]; log2 bins, the last one open).
//
// Cost per step: per activation one draw and, for a post, the poster's followers (each screen
// push is O(1)); O(n + memes of the step) for the step's metrics.
#include <array>
#include <cstdint>
#include <vector>

#include "snsim/contagion/meme_spec.hpp"
#include "snsim/core/ids.hpp"
#include "snsim/core/process.hpp"
#include "snsim/core/random_stream.hpp"
#include "snsim/core/recorder.hpp"
#include "snsim/media/media_state.hpp"

namespace snsim {

struct Scenario;

/// What one step of the meme model did.
struct MemeStep {
  std::uint64_t new_memes = 0;  ///< memes created this step
  std::uint64_t reposts = 0;    ///< re-posts this step (from screens and memories)
  double entropy = 0.0;         ///< Shannon entropy (bits) of the memes of this step's posts
};

/// The meme model's state (screens, memories, per-meme counts), independent of the engine, so
/// that tests run it on a graph of their own.
class MemeModel {
 public:
  static constexpr std::size_t kBins = 20;  ///< log2 bins of popularity and lifetime

  MemeModel() = default;
  /// An empty world of n people: blank screens and memories, no memes. `activity` (size n, or
  /// empty for uniform activations) weighs who is activated.
  MemeModel(const MemeSpec& spec, std::uint32_t n, const std::vector<float>& activity);

  /// Runs step t: `activations` activations drawn from s, posts pushed to the followers the
  /// graph gives (people only); returns what the step did.
  MemeStep step(const FollowGraph& follow, std::uint32_t t, std::uint64_t activations,
                RandomStream& s);

  /// Returns the number of posts of each meme so far (index: meme id, in order of creation).
  const std::vector<std::uint32_t>& popularity() const { return popularity_; }
  /// Returns each meme's lifetime so far, steps from its first to its latest post inclusive.
  std::vector<std::uint32_t> lifetimes() const;
  /// Returns the memes on some screen or in some memory now.
  std::uint64_t live() const { return live_; }
  /// Returns the most posts of one meme so far.
  std::uint32_t popularity_max() const { return popularity_max_; }
  /// Returns memes per log2 bin of popularity (bin j: [2^j, 2^(j+1)), the last bin open).
  const std::array<std::int64_t, kBins>& popularity_bins() const { return popularity_bins_; }
  /// Returns memes per log2 bin of lifetime in steps (as popularity_bins).
  const std::array<std::int64_t, kBins>& lifetime_bins() const { return lifetime_bins_; }

  /// Checkpoint fields (core/state_archive.hpp): every member.
  void state_fields(StateArchive& a) {
    a(n_, cumulative_, screen_, screen_head_, screen_size_, memory_, memory_head_, memory_size_,
      timed_screen_, timed_memory_, clock_, popularity_, first_, last_, copies_, live_,
      popularity_max_, popularity_bins_, lifetime_bins_);
  }

 private:
  /// A screen or memory under a time window: posts in the order they arrived, with the
  /// activation at which each was posted; the first `start` have expired.
  struct TimedPosts {
    std::vector<std::uint32_t> meme;
    std::vector<std::uint64_t> at;
    std::uint64_t start = 0;
    /// Returns the posts not expired.
    std::uint64_t size() const { return meme.size() - start; }
    void state_fields(StateArchive& a) { a(meme, at, start); }
  };
  /// Drops the posts of `list` older than the time window at activation clock_.
  void expire(TimedPosts& list);
  /// Appends meme m, posted now, to `list`.
  void push_timed(TimedPosts& list, std::uint32_t m);

  /// Returns the meme person i posts (a new one, or a re-post), counting it in `out`.
  std::uint32_t choose(std::uint32_t i, RandomStream& s, MemeStep& out);
  /// Returns a new meme's id, counting it in `out`.
  std::uint32_t fresh(MemeStep& out);
  /// Records meme m posted by person i at step t: memory, followers' screens, counts.
  void post(const FollowGraph& follow, std::uint32_t i, std::uint32_t m, std::uint32_t t);
  /// Pushes meme m into a ring (person i's slots of `slots`), evicting the oldest when full.
  void push(std::vector<std::uint32_t>& slots, std::vector<std::uint32_t>& head,
            std::vector<std::uint32_t>& size, std::uint32_t length, std::uint32_t i,
            std::uint32_t m);

  MemeSpec spec_;
  std::uint32_t n_ = 0;
  std::vector<double> cumulative_;  ///< cumulative activity weights (empty: uniform)
  std::vector<std::uint32_t> screen_, screen_head_, screen_size_;  ///< rings of screen_length
  std::vector<std::uint32_t> memory_, memory_head_, memory_size_;  ///< rings of memory_length
  std::vector<TimedPosts> timed_screen_, timed_memory_;  ///< per person, attention: window
  std::uint64_t clock_ = 0;  ///< activations so far (the time of a post, attention: window)
  double window_ = 0.0;      ///< time_window in activations (time_window x n)
  std::vector<std::uint32_t> popularity_;  ///< per meme: posts so far
  std::vector<std::uint32_t> first_;       ///< per meme: step of its first post
  std::vector<std::uint32_t> last_;        ///< per meme: step of its latest post
  std::vector<std::uint32_t> copies_;      ///< per meme: entries on screens and in memories
  std::uint64_t live_ = 0;                 ///< memes with copies_ > 0
  std::uint32_t popularity_max_ = 0;
  std::array<std::int64_t, kBins> popularity_bins_{};
  std::array<std::int64_t, kBins> lifetime_bins_{};
  std::vector<std::uint32_t> step_posts_, touched_;  ///< scratch: this step's posts per meme
};

class Memes final : public Process {
 public:
  explicit Memes(const Scenario& scenario);
  std::string_view name() const override { return "memes"; }
  std::vector<std::string_view> reads() const override { return {"social_graph"}; }
  std::vector<std::string_view> writes() const override { return {"memes.state"}; }
  void define_metrics(Recorder& recorder) override;
  void prepare(World& world, StepContext& ctx) override;
  void step(World& world, StepContext& ctx) override;
  /// Checkpoint fields: the model (prepare() rebuilds the follow graph, which never changes).
  void state_fields(StateArchive& a) override { a(model_); }

 private:
  MemeSpec spec_;
  FollowGraph follow_;  ///< drawn by the platform.follow_graph rules, from this process's stream
  MemeModel model_;
  MetricId m_new_ = 0, m_reposts_ = 0, m_live_ = 0, m_entropy_ = 0, m_max_ = 0;
  std::array<MetricId, MemeModel::kBins> m_popularity_{}, m_lifetime_{};
};

}  // namespace snsim

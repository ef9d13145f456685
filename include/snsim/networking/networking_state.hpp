#pragma once
// NetworkingState: the social-networking part of the world (docs/model.md section 3 and section 4,
// steps 5-6): each brand's relationships (its own two-way ties with people), its conversation
// queues, the groups (communities as places) and the person-to-person ties formed during the run.
// Owned by the networking processes ("social_networking", "person_ties"), which size it in their
// prepare(); other processes may only push inbound replies (push_reply).
#include <cstdint>
#include <limits>
#include <vector>

#include <Eigen/Core>

#include "snsim/core/ids.hpp"
#include "snsim/core/state_archive.hpp"
#include "snsim/network/tie_overlay.hpp"
#include "snsim/networking/person_index.hpp"

namespace snsim {

/// One brand's two-way ties with people, as compact columns.
///
/// Invariants: person, strength and introduced have one entry per tie, in the order the ties were
/// added, each removal moving the last tie into the removed one's place (the order the brand visits
/// its partners in, so it is part of the results); index maps person[k] to k for every tie k and
/// holds no one else; every strength lies in [networking.tie_floor, networking.brand_tie_cap]. The
/// index is sized to the ties (about 16 to 64 bytes a tie, nothing per person), so finding a
/// person's tie is O(1) expected.
struct BrandRelationships {
  static constexpr std::uint32_t kNoTie = PersonIndex::kNone;

  std::vector<AgentId> person;           ///< the partner of each tie
  std::vector<float> strength;           ///< tie strength w, (0, 1]
  std::vector<std::uint8_t> introduced;  ///< 1 once the partner has introduced the brand on
  PersonIndex index;                     ///< person -> position of their tie

  /// Returns the number of ties.
  std::uint32_t size() const { return static_cast<std::uint32_t>(person.size()); }
  /// Returns true if the brand has no tie (always, for a brand that does not network).
  bool empty() const { return person.empty(); }
  /// Returns the position of the brand's tie with i, kNoTie if none.
  std::uint32_t find(AgentId i) const { return index.find(i); }
  /// Returns the strength of the brand's tie with i, 0 if none.
  float strength_of(AgentId i) const {
    const std::uint32_t k = index.find(i);
    return k == kNoTie ? 0.0f : strength[k];
  }
  /// Adds a tie with i at strength w (i must have none); returns its position.
  std::uint32_t add(AgentId i, float w) {
    const std::uint32_t k = size();
    index.set(i, k);
    person.push_back(i);
    strength.push_back(w);
    introduced.push_back(0);
    return k;
  }
  /// Removes tie k by moving the last tie into its place.
  void remove(std::uint32_t k) {
    const std::uint32_t last = size() - 1;
    index.erase(person[k]);
    if (k != last) {
      person[k] = person[last];
      strength[k] = strength[last];
      introduced[k] = introduced[last];
      index.set(person[k], k);
    }
    person.pop_back();
    strength.pop_back();
    introduced.pop_back();
  }
  /// Rebuilds the index from person (after loading the columns).
  void rebuild_index() {
    index = PersonIndex{};
    for (std::uint32_t k = 0; k < size(); ++k) index.set(person[k], k);
  }
};
/// Checkpoint fields (core/state_archive.hpp): the columns; the index is rebuilt from person.
inline void state_fields(StateArchive& a, BrandRelationships& r) {
  a(r.person, r.strength, r.introduced);
  if (a.loading()) r.rebuild_index();
}

/// One brand's networking state.
struct BrandNetworking {
  BrandRelationships ties;
  /// People who replied to the brand this step and wait for an answer (pushed by processes added
  /// from outside; no built-in process pushes any); the brand answers each with
  /// networking.reply_answer_rate while its hours last; the rest stay one-way and are dropped at
  /// the end of the step.
  std::vector<AgentId> replies;
  /// People introduced to the brand, waiting for a first conversation (carried across steps).
  std::vector<AgentId> introduced;
  Eigen::VectorXf topic;       ///< the brand's topic: its home community's centroid, unit length
  double minutes_carry = 0.0;  ///< unspent minutes carried to the next step (< one conversation)
};
/// Checkpoint fields (core/state_archive.hpp): every member.
inline void state_fields(StateArchive& a, BrandNetworking& b) {
  a(b.ties, b.replies, b.introduced, b.topic, b.minutes_carry);
}

struct NetworkingState {
  std::vector<BrandNetworking> brands;
  /// Members of each community (group), ascending ids; filled by "social_networking".
  std::vector<std::vector<AgentId>> community_members;
  /// Person-to-person ties formed during the run (filled by "person_ties").
  TieOverlay person_ties;

  /// Queues an inbound reply of person i to brand b (for the brand to answer this step). Not
  /// thread-safe: push from serial code, or merge per-thread buffers in agent order first.
  void push_reply(BrandId b, AgentId i) {
    if (b >= brands.size()) brands.resize(b + 1);
    brands[b].replies.push_back(i);
  }
};
/// Checkpoint fields (core/state_archive.hpp): every member.
inline void state_fields(StateArchive& a, NetworkingState& s) {
  a(s.brands, s.community_members, s.person_ties);
}

}  // namespace snsim

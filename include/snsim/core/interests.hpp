#pragma once
// Interests: each person's interest vector (k = population.topics components, unit length;
// docs/model.md section 2), in 32 or 16 bits a component (population.interest_bits).
//
// 32 bits keep the components as floats. 16 bits keep each as a fixed-point number, the nearest
// multiple of 1/32767 (components of a unit vector lie in [-1, 1]): an error of at most 1.5e-5 a
// component, so at most 2 sqrt(k) 1.5e-5 in a relevance (a dot product of unit vectors): 9e-5 at
// k = 8, 1e-3 at k = 1024. For half the memory: 16 instead of 32 bytes a person at k = 8, which is
// what puts 10^8 people in 20 GiB (docs/scaling.md). A scenario's results depend on the choice
// (relevance feeds Bernoulli draws), so the same scenario and seed give identical results only at
// the same interest_bits.
//
// Invariants: rows() x topics() components in the chosen width; a row is set once at set-up and
// read only afterwards, so rows may be set in parallel for distinct people.
#include <cstdint>
#include <vector>

#include <Eigen/Core>

#include "snsim/core/ids.hpp"
#include "snsim/core/state_archive.hpp"

namespace snsim {

class Interests {
 public:
  /// The interest matrix at 32 bits: one row a person.
  using FloatRows = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  /// 16-bit components are multiples of 1/kFixedOne.
  static constexpr float kFixedOne = 32767.0f;

  Interests() = default;
  /// Returns n rows of k zero components held in `bits` bits each (32 or 16).
  Interests(std::uint32_t n, std::uint32_t k, std::uint32_t bits);

  /// Returns the number of people (rows).
  std::uint32_t rows() const { return n_; }
  /// Returns the number of components a row (population.topics).
  std::uint32_t topics() const { return k_; }
  /// Returns the bits a component (32 or 16).
  std::uint32_t bits() const { return bits_; }

  /// Sets person i's interests to v (k components in [-1, 1]), rounded to the chosen width.
  void set(AgentId i, const Eigen::VectorXf& v);
  /// Returns person i's interests as floats (k components; allocates: set-up and tests only).
  Eigen::VectorXf row(AgentId i) const;

  /// Returns the relevance of person j's interests to person i: their dot product, in [-1, 1].
  float dot(AgentId i, AgentId j) const {
    if (bits_ == 32) return floats_.row(i).dot(floats_.row(j));
    const std::int16_t* a = fixed_.data() + std::size_t{i} * k_;
    const std::int16_t* b = fixed_.data() + std::size_t{j} * k_;
    float s = 0.0f;
    for (std::uint32_t t = 0; t < k_; ++t) s += float(a[t]) * float(b[t]);
    return s * (1.0f / (kFixedOne * kFixedOne));
  }
  /// Returns the dot product of person i's interests with v (an Eigen vector of k floats, such as
  /// a brand's topic), in [-1, 1] for a unit v.
  template <class Derived>
  float dot(AgentId i, const Eigen::MatrixBase<Derived>& v) const {
    if (bits_ == 32) return floats_.row(i).dot(v);
    const std::int16_t* a = fixed_.data() + std::size_t{i} * k_;
    float s = 0.0f;
    for (std::uint32_t t = 0; t < k_; ++t) s += float(a[t]) * v(t);
    return s * (1.0f / kFixedOne);
  }
  /// Adds person i's interests to sum (an Eigen vector of k floats), component by component.
  template <class Vector>
  void add_to(AgentId i, Vector&& sum) const {
    for (std::uint32_t t = 0; t < k_; ++t) sum(t) += component(i, t);
  }
  /// Returns component t of person i's interests.
  float component(AgentId i, std::uint32_t t) const {
    return bits_ == 32 ? floats_(i, t) : float(fixed_[std::size_t{i} * k_ + t]) / kFixedOne;
  }

  /// Returns the heap bytes held.
  std::size_t memory_bytes() const {
    return static_cast<std::size_t>(floats_.size()) * sizeof(float) +
           fixed_.size() * sizeof(std::int16_t);
  }

  /// Checkpoint fields (core/state_archive.hpp): every member.
  void state_fields(StateArchive& a) { a(n_, k_, bits_, floats_, fixed_); }

 private:
  std::uint32_t n_ = 0;
  std::uint32_t k_ = 0;
  std::uint32_t bits_ = 32;
  FloatRows floats_;                 ///< n x k at 32 bits, else empty
  std::vector<std::int16_t> fixed_;  ///< n * k at 16 bits, row by row, else empty
};

}  // namespace snsim

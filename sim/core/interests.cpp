#include "snsim/core/interests.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

namespace snsim {

Interests::Interests(std::uint32_t n, std::uint32_t k, std::uint32_t bits)
    : n_(n), k_(k), bits_(bits) {
  if (bits == 32) {
    floats_.setZero(n, k);
  } else if (bits == 16) {
    fixed_.assign(std::size_t{n} * k, 0);
  } else {
    throw std::invalid_argument("interest components are 16 or 32 bits, not " +
                                std::to_string(bits));
  }
}

void Interests::set(AgentId i, const Eigen::VectorXf& v) {
  if (bits_ == 32) {
    floats_.row(i) = v.transpose();
    return;
  }
  std::int16_t* q = fixed_.data() + std::size_t{i} * k_;
  // Round to the nearest multiple of 1/kFixedOne; a unit vector's components are in [-1, 1], and
  // the clamp only guards the last bit of a float rounding past 1.
  for (std::uint32_t t = 0; t < k_; ++t)
    q[t] =
        static_cast<std::int16_t>(std::lround(std::fmax(-1.0f, std::fmin(1.0f, v(t))) * kFixedOne));
}

Eigen::VectorXf Interests::row(AgentId i) const {
  Eigen::VectorXf v(k_);
  for (std::uint32_t t = 0; t < k_; ++t) v(t) = component(i, t);
  return v;
}

}  // namespace snsim

#pragma once
// Funnel stages of a person for one brand (docs/model.md section 2), in order.
#include <array>
#include <cstdint>
#include <string_view>

namespace snsim {

enum class Stage : std::uint8_t { unaware, aware, engaged, visitor, customer, advocate };

inline constexpr std::size_t kStageCount = 6;

inline constexpr std::array<std::string_view, kStageCount> kStageNames{
    "unaware", "aware", "engaged", "visitor", "customer", "advocate"};

/// Returns the stage's index 0..5.
constexpr std::size_t index(Stage s) { return static_cast<std::size_t>(s); }

}  // namespace snsim

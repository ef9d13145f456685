#pragma once
// Reading the social-media keys of a scenario: the `platform:` block and a brand's media keys.
// Every value is range-checked; errors name the key path (schema_reader.hpp).
#include <cstddef>
#include <string>

#include "snsim/io/detail/schema_reader.hpp"
#include "snsim/media/platform_spec.hpp"

namespace snsim::detail {

/// Reads `platform:`; n people and `brands` brands bound the ids of a follow edge list.
void read_platform(SchemaReader r, const std::string& base_dir, std::uint32_t n, std::size_t brands,
                   PlatformSpec& p);
/// Reads the media keys of brands[i].strategy (posts_per_step, promote, answer).
void read_brand_media_strategy(SchemaReader& strategy, BrandMediaSpec& m);
/// Reads the media keys of brands[i] itself (post_quality, minutes_per_reply, influencers).
void read_brand_media(SchemaReader& brand, BrandMediaSpec& m);

}  // namespace snsim::detail

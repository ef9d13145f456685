#pragma once
// MediaState: the social-media part of the world (follow graph, posts, feeds). Owned by the media
// processes (MODEL.md section 4, steps 2-4); empty until they fill it in their prepare().
namespace snsim {

struct MediaState {};

}  // namespace snsim

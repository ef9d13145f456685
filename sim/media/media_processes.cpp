// The media processes, by name. Adding a media process is one line here (see core/process.hpp).
#include "snsim/media/media_processes.hpp"

#include "snsim/core/process_registry.hpp"
#include "snsim/media/broadcast_exposure.hpp"
#include "snsim/media/social_media.hpp"

namespace snsim {

void register_media_processes(ProcessRegistry& registry) {
  registry.add<BroadcastExposure>(
      "broadcast", "brands buy impressions at the CPM; they land uniformly at random");
  registry.add<SocialMedia>("social_media",
                            "posts, ranked feeds read under limited attention, likes, shares "
                            "(cascades), replies, follows, ads and influencers");
}

}  // namespace snsim

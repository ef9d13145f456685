// The networking processes, by name. Adding a networking process is one line here (see
// core/process.hpp).
#include "snsim/networking/networking_processes.hpp"

#include "snsim/core/process_registry.hpp"
#include "snsim/networking/person_ties.hpp"
#include "snsim/networking/social_networking.hpp"
#include "snsim/networking/word_of_mouth.hpp"

namespace snsim {

void register_networking_processes(ProcessRegistry& registry) {
  registry.add<PersonTies>("person_ties",
                           "people form ties by triadic closure and homophily; new ties decay",
                           BrandUse::none);
  registry.add<SocialNetworking>(
      "social_networking",
      "brands converse, join groups and are introduced; their ties grow and decay");
  registry.add<WordOfMouth>("word_of_mouth", "people refer brands to their social ties");
}

}  // namespace snsim

// The built-in processes, by name. Adding a process is one line here (see core/process.hpp).
#include <memory>

#include "snsim/contagion/contagion.hpp"
#include "snsim/core/process_registry.hpp"
#include "snsim/economics/accounting.hpp"
#include "snsim/economics/funnel.hpp"
#include "snsim/economics/manipulation.hpp"
#include "snsim/economics/strategy_process.hpp"
#include "snsim/media/broadcast_exposure.hpp"
#include "snsim/media/social_media.hpp"
#include "snsim/networking/person_ties.hpp"
#include "snsim/networking/social_networking.hpp"
#include "snsim/networking/word_of_mouth.hpp"

namespace snsim {

namespace {
template <class P>
ProcessRegistry::Factory make() {
  return [](const Scenario& s) { return std::make_unique<P>(s); };
}
}  // namespace

void register_builtin_processes(ProcessRegistry& registry) {
  registry.add("strategy", "each brand's strategy sets what it spends this step",
               make<StrategyProcess>());
  registry.add("manipulation",
               "brands buy fake likes; exposure brings a trust shock, churn and a reach penalty",
               make<Manipulation>());
  registry.add("broadcast", "brands buy impressions at the CPM; they land uniformly at random",
               make<BroadcastExposure>());
  registry.add("social_media",
               "posts, ranked feeds read under limited attention, likes, shares (cascades), "
               "replies, follows, ads and influencers",
               make<SocialMedia>());
  registry.add("person_ties", "people form ties by triadic closure and homophily; new ties decay",
               make<PersonTies>());
  registry.add("social_networking",
               "brands converse, join groups and are introduced; their ties grow and decay",
               make<SocialNetworking>());
  registry.add("word_of_mouth", "people refer brands to their social ties", make<WordOfMouth>());
  registry.add("funnel", "touches move people from unaware to advocate", make<Funnel>());
  registry.add("accounting", "cumulative cost, revenue and ROI per brand", make<Accounting>());
  registry.add("contagion", "classic models: IC, LT, SIR, SIS, SEIR", make<Contagion>());
}

std::vector<std::string> default_pipeline() {
  return {"strategy",          "manipulation",  "broadcast", "person_ties",
          "social_networking", "word_of_mouth", "funnel",    "accounting"};
}

}  // namespace snsim

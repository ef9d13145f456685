// The contagion and memes processes, by name (see core/process.hpp).
#include "snsim/contagion/contagion_processes.hpp"

#include "snsim/contagion/contagion.hpp"
#include "snsim/contagion/memes.hpp"
#include "snsim/core/process_registry.hpp"

namespace snsim {

void register_contagion_processes(ProcessRegistry& registry) {
  // Both act on people only: a classic model needs no brand (BrandUse::none).
  registry.add<Contagion>("contagion",
                          "classic models: IC, LT, SIR, SIS, SEIR, Maki-Thompson, Daley-Kendall",
                          BrandUse::none);
  registry.add<Memes>("memes", "limited-attention memes (Weng et al. 2012) on the follow graph",
                      BrandUse::none);
}

}  // namespace snsim

// The contagion and memes processes, by name (see core/process.hpp).
#include "snsim/contagion/contagion_processes.hpp"

#include "snsim/contagion/contagion.hpp"
#include "snsim/contagion/memes.hpp"
#include "snsim/core/process_registry.hpp"

namespace snsim {

void register_contagion_processes(ProcessRegistry& registry) {
  registry.add<Contagion>("contagion",
                          "classic models: IC, LT, SIR, SIS, SEIR, Maki-Thompson, Daley-Kendall");
  registry.add<Memes>("memes", "limited-attention memes (Weng et al. 2012) on the follow graph");
}

}  // namespace snsim

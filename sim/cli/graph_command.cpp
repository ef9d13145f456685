// `snsim graph`: the social graph a scenario generates, as statistics and optionally as a file
// (edge list or GraphML), so that anyone can inspect a generator with their own tools.
#include <omp.h>

#include <cstdio>
#include <sstream>

#include "output_path.hpp"
#include "snsim/cli/commands.hpp"
#include "snsim/core/world.hpp"
#include "snsim/io/scenario_loader.hpp"
#include "snsim/network/edge_list.hpp"
#include "snsim/network/generators.hpp"
#include "snsim/network/graph_stats.hpp"
#include "snsim/network/graph_writer.hpp"

namespace snsim::cli {

int graph_command(const GraphArgs& args) {
  std::vector<std::string> overrides = args.overrides;
  if (args.seed) overrides.push_back("seed=" + *args.seed);
  if (args.threads > 0) omp_set_num_threads(args.threads);
  Scenario scenario;
  std::string format = args.format;
  try {
    scenario = load_scenario_file(args.scenario, overrides);
    if (!args.output.empty()) {
      check_output_path(args.output, args.overwrite);
      if (format.empty()) {
        // From the extension; an unknown one is refused rather than guessed (a .csv or .gml
        // written as our edge list would mislead whoever opens it).
        const auto dot = args.output.rfind('.');
        const std::string ext =
            dot == std::string::npos || args.output.find('/', dot) != std::string::npos
                ? ""
                : args.output.substr(dot);
        if (ext == ".graphml")
          format = "graphml";
        else if (ext == ".txt" || ext == ".edges" || ext == ".edgelist")
          format = "edgelist";
        else
          throw OutputPathError{"graph -o " + shown_value(args.output) + ": unknown extension '" +
                                shown_value(ext) +
                                "'; use .txt, .edges or .edgelist (an edge list) or .graphml, or "
                                "give --format"};
      }
    }
  } catch (...) {
    return report_exception(Stage::checking);
  }
  try {
    const Population pop = build_population(scenario, scenario.seed);
    const SocialGraph g =
        generate_social_graph(scenario.network, pop.size, pop.community, scenario.seed);
    const GraphStats stats = compute_graph_stats(g);
    std::printf("%s", format_graph_stats(stats).c_str());
    if (!args.output.empty()) {
      std::ostringstream text;
      if (format == "graphml")
        write_graphml(g, pop.community, text);
      else
        write_edge_list(g, text);
      write_file_atomically(args.output, text.str());
      std::printf("wrote %s (%s)\n", args.output.c_str(), format.c_str());
    }
    return kOk;
  } catch (...) {
    return report_exception(Stage::running, "graph failed: ");
  }
}

}  // namespace snsim::cli

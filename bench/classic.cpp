// The `classic` benchmark (issue 8): Monte-Carlo independent cascade and the threshold model of
// docs/model.md section 6 on the limit kernel's graph (Barabasi-Albert, n = 1 M, m = 5), timed
// beside the bare limit kernel (../shared/reference-bench/ic_limit.cpp) run in the same invocation
// with the same parameters and thread count, so the printed ratios mean something on any machine.
//   OMP_NUM_THREADS=2 build/release/bench/snsim_bench_classic [key=value ...]
// Keys: n m R (cascades) p seeds theta thr_frac thr_T seed limit (path of the limit binary, or
// "none") order (natural, bfs or shuffle: agent numbering, for the locality experiment). One
// `classic` line per kernel, one `limit` line per kernel, one `ratio` line per kernel.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <numeric>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <omp.h>

#include "snsim/network/diffusion.hpp"
#include "snsim/network/generators.hpp"

#ifndef SNSIM_IC_LIMIT
#define SNSIM_IC_LIMIT ""
#endif
#ifndef SNSIM_IC_LIMIT_SOURCE
#define SNSIM_IC_LIMIT_SOURCE "../shared/reference-bench/ic_limit.cpp"
#endif

namespace {

/// Returns seconds on a monotonic clock.
double now_s() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

/// Returns this process's peak resident memory in MiB.
double peak_mib() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;
}

/// Returns the value of `key=` in a result line of the limit kernel, or a negative number.
double field(const std::string& line, const std::string& key) {
  const auto at = line.find(" " + key + "=");
  if (at == std::string::npos) return -1;
  return std::strtod(line.c_str() + at + key.size() + 2, nullptr);
}

/// Returns g with its agents relabelled for a locality experiment (issue 8: "order agents for
/// locality if it pays"): "natural" keeps the generator's ids (Barabasi-Albert: arrival order,
/// hubs first), "bfs" numbers agents in breadth-first order from the largest hub (neighbours get
/// nearby ids, as Cuthill-McKee does), "shuffle" numbers them at random (no locality at all).
snsim::SocialGraph relabelled(const snsim::SocialGraph& g, const std::string& order,
                              std::uint64_t seed) {
  if (order == "natural") return g;
  const std::uint32_t n = g.num_agents();
  std::vector<snsim::AgentId> id(n);
  if (order == "shuffle") {
    std::iota(id.begin(), id.end(), 0u);
    std::shuffle(id.begin(), id.end(), std::mt19937_64(seed));
  } else if (order == "bfs") {
    std::vector<snsim::AgentId> queue;
    queue.reserve(n);
    std::vector<std::uint8_t> seen(n, 0);
    snsim::AgentId hub = 0;
    for (snsim::AgentId i = 0; i < n; ++i)
      if (g.degree(i) > g.degree(hub)) hub = i;
    // Breadth-first from one root, appending to queue.
    const auto visit = [&](snsim::AgentId root) {
      if (seen[root]) return;
      seen[root] = 1;
      std::size_t q = queue.size();
      queue.push_back(root);
      for (; q < queue.size(); ++q)
        for (snsim::AgentId v : g.neighbours(queue[q]))
          if (!seen[v]) seen[v] = 1, queue.push_back(v);
    };
    visit(hub);
    for (snsim::AgentId i = 0; i < n; ++i) visit(i);  // other components, if any
    for (std::uint32_t k = 0; k < n; ++k) id[queue[k]] = k;
  } else {
    throw std::invalid_argument("order must be natural, bfs or shuffle, got " + order);
  }
  std::vector<snsim::SocialGraph::Tie> ties;
  ties.reserve(g.num_ties());
  for (snsim::AgentId u = 0; u < n; ++u)
    for (snsim::AgentId v : g.neighbours(u))
      if (u < v) ties.emplace_back(id[u], id[v]);
  return snsim::SocialGraph::from_edges(n, std::move(ties), 1.0f);
}

}  // namespace

int main(int argc, char** argv) try {
  std::map<std::string, std::string> arg = {{"n", "1000000"},     {"m", "5"},
                                            {"R", "20000"},       {"p", "0.01"},
                                            {"seeds", "100"},     {"theta", "0.2"},
                                            {"thr_frac", "0.01"}, {"thr_T", "20"},
                                            {"seed", "1"},        {"limit", SNSIM_IC_LIMIT},
                                            {"order", "natural"}};
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const auto eq = a.find('=');
    if (eq == std::string::npos || !arg.count(a.substr(0, eq))) {
      std::fprintf(stderr, "snsim_bench_classic: unknown argument %s (want key=value)\n", argv[i]);
      return 2;
    }
    arg[a.substr(0, eq)] = a.substr(eq + 1);
  }
  const auto n = static_cast<std::uint32_t>(std::stoul(arg["n"]));
  const auto m = static_cast<std::uint32_t>(std::stoul(arg["m"]));
  const std::uint64_t seed = std::stoull(arg["seed"]);
  const int threads = omp_get_max_threads();

  const double g0 = now_s();
  const snsim::SocialGraph g =
      relabelled(snsim::generate_barabasi_albert(n, m, 1.0f, seed), arg["order"], seed);
  const double g1 = now_s();
  std::printf(
      "graph n=%u arcs=%llu threads=%d set_up_s=%.3f order=%s (snsim Barabasi-Albert + CSR)\n", n,
      static_cast<unsigned long long>(g.num_arcs()), threads, g1 - g0, arg["order"].c_str());

  snsim::MonteCarloSpec spec;
  spec.cascades = std::stoull(arg["R"]);
  spec.seeds = static_cast<std::uint32_t>(std::stoul(arg["seeds"]));
  spec.p = std::stod(arg["p"]);
  spec.seed = seed;
  const double c0 = now_s();
  const snsim::MonteCarloOutcome mc = snsim::monte_carlo_cascades(g, spec);
  const double c1 = now_s();
  const double cascades_per_s = static_cast<double>(mc.cascades) / (c1 - c0);
  std::printf(
      "classic icmc threads=%d runs=%llu p=%g seeds=%u wall_s=%.4f activated_per_run=%.1f "
      "arcs_per_s=%.4g cascades_per_s=%.4g\n",
      threads, static_cast<unsigned long long>(mc.cascades), spec.p, spec.seeds, c1 - c0,
      static_cast<double>(mc.activated) / static_cast<double>(mc.cascades),
      static_cast<double>(mc.arcs) / (c1 - c0), cascades_per_s);

  const double theta = std::stod(arg["theta"]);
  const auto thr_steps = static_cast<std::uint32_t>(std::stoul(arg["thr_T"]));
  snsim::CascadeScratch scratch(n);
  snsim::RandomStream rng(snsim::StreamKey{seed, 0, 0, snsim::stream_id("threshold_seeds"), 0, 0});
  const auto initial =
      static_cast<std::uint32_t>(static_cast<double>(n) * std::stod(arg["thr_frac"]));
  std::vector<std::uint8_t> active(n, 0);
  for (snsim::AgentId v : snsim::draw_distinct_agents(n, initial, rng, scratch)) active[v] = 1;
  const double t0 = now_s();
  const snsim::ThresholdOutcome thr = snsim::threshold_model(g, active, theta, thr_steps);
  const double t1 = now_s();
  std::uint64_t final_active = 0;
  for (auto a : active) final_active += a;
  const double thr_arcs_per_s = static_cast<double>(thr.arcs) / (t1 - t0);
  std::printf(
      "classic thr  threads=%d steps=%u theta=%g seeds=%u wall_s=%.4f arcs=%llu arcs_per_s=%.4g "
      "final_active=%llu\n",
      threads, thr.steps, theta, initial, t1 - t0, static_cast<unsigned long long>(thr.arcs),
      thr_arcs_per_s, static_cast<unsigned long long>(final_active));
  std::printf("classic peak_memory_MiB=%.0f\n", peak_mib());
  std::fflush(stdout);

  const std::string limit = arg["limit"];
  if (limit == "none") return 0;
  if (limit.empty() || !std::filesystem::exists(limit)) {
    std::printf(
        "limit NOT RUN: the limit kernel was not built (its source %s was missing when CMake "
        "configured; it lives outside the repository, in the shared reference-bench folder); no "
        "ratio printed\n",
        SNSIM_IC_LIMIT_SOURCE);
    return 0;
  }
  std::ostringstream cmd;
  cmd << "OMP_NUM_THREADS=" << threads << " '" << limit << "' n=" << n << " m=" << m
      << " R=" << spec.cascades << " p=" << spec.p << " ic_seeds=" << spec.seeds
      << " theta=" << theta << " thr_frac=" << arg["thr_frac"] << " thr_T=" << thr_steps
      << " seed=" << seed << " only=icmc,thr";
  FILE* pipe = popen(cmd.str().c_str(), "r");
  if (pipe == nullptr) throw std::runtime_error("cannot start " + limit);
  double limit_cascades = -1, limit_thr = -1;
  char buf[1024];
  while (std::fgets(buf, sizeof buf, pipe) != nullptr) {
    const std::string line = buf;
    std::printf("limit %s", line.c_str());
    if (line.rfind("icmc", 0) == 0) limit_cascades = field(line, "cascades_per_s");
    if (line.rfind("thr", 0) == 0) limit_thr = field(line, "arcs_per_s");
  }
  if (pclose(pipe) != 0 || limit_cascades <= 0 || limit_thr <= 0) {
    std::printf("limit FAILED: %s\n", cmd.str().c_str());
    return 1;
  }
  std::printf("ratio icmc cascades_per_s snsim/limit=%.2f (target >= 0.8)\n",
              cascades_per_s / limit_cascades);
  std::printf("ratio thr  arcs_per_s snsim/limit=%.2f (target >= 0.8)\n",
              thr_arcs_per_s / limit_thr);
  return 0;
} catch (const std::exception& e) {
  std::fprintf(stderr, "snsim_bench_classic: %s\n", e.what());
  return 1;
}

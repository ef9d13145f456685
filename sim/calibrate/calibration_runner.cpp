#include "snsim/calibrate/calibration_runner.hpp"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>

#include "snsim/io/input_file.hpp"
#include "snsim/sweep/run_store.hpp"

namespace snsim {
namespace fs = std::filesystem;
namespace {

constexpr const char* kManifestName = "calibration.txt";
constexpr const char* kManifestMagic = "snsim-calibration 1";
constexpr const char* kGenerationMagic = "snsim-calibration-generation 1";

/// Writes text to path atomically (run_store.hpp); a failure stops the calibration as a part
/// file that cannot be written stops a sweep.
void write_text_atomically(const std::string& path, const std::string& text) {
  const std::string why = try_write_text_atomically(path, text);
  if (!why.empty()) throw RunStoreWriteError(why);
}

/// Returns "000", "001", ... for generation g.
std::string padded(std::uint64_t g) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "%03llu", static_cast<unsigned long long>(g));
  return buf;
}

/// Returns v as a C99 hex float (reads back exactly with strtod; inf and nan as such).
std::string hex(double v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%a", v);
  return buf;
}

std::string generation_path(const std::string& folder, std::uint64_t g) {
  return folder + "/generation_" + padded(g) + ".txt";
}

/// Returns a finished generation as the text of its file.
std::string generation_text(const CalibrationPlan& plan, std::uint64_t g, const AbcGeneration& gen,
                            const std::vector<double>& scales) {
  std::ostringstream out;
  out << kGenerationMagic << "\nhash " << plan.hash << "\ngeneration " << g << "\npopulation "
      << gen.particles.size() << " parameters " << plan.spec.priors.size() << " summaries "
      << scales.size() << "\ntolerance " << hex(gen.tolerance) << " acceptance_rate "
      << hex(gen.acceptance_rate) << " ess " << hex(gen.ess) << " runs " << gen.runs
      << " runs_total " << gen.runs_total << "\nscales";
  for (double s : scales) out << ' ' << hex(s);
  out << '\n';
  for (std::size_t i = 0; i < gen.particles.size(); ++i) {
    for (double v : gen.particles[i]) out << hex(v) << ' ';
    out << hex(gen.weights[i]) << ' ' << hex(gen.distances[i]);
    for (double v : gen.summaries[i]) out << ' ' << hex(v);
    out << '\n';
  }
  out << "end\n";
  return out.str();
}

/// Reads one number of a generation file; throws naming the file.
double read_hex(std::istringstream& in, const std::string& path) {
  std::string word;
  if (!(in >> word))
    throw SweepInputError(path + " is cut short; remove it to redo that generation");
  char* end = nullptr;
  const double v = std::strtod(word.c_str(), &end);
  if (end != word.c_str() + word.size())
    throw SweepInputError(path + ": '" + word + "' is not a number; remove the file to redo it");
  return v;
}

/// Reads a generation file; returns false if it does not exist.
bool read_generation(const std::string& path, const CalibrationPlan& plan, std::uint64_t g,
                     AbcGeneration& gen, std::vector<double>& scales) {
  std::error_code ec;
  if (!fs::exists(path, ec)) return false;
  const std::string text = read_input_file(path, std::uint64_t{1} << 34, "calibration generation");
  std::istringstream in(text);
  std::string magic, word, hash;
  std::getline(in, magic);
  std::uint64_t number = 0, n = 0, k = 0, s = 0;
  in >> word >> hash;
  if (magic != kGenerationMagic || word != "hash")
    throw SweepInputError(path + " is not an snsim calibration generation file");
  if (hash != plan.hash)
    throw SweepInputError(path + " belongs to another calibration (hash " + hash + ", this one " +
                          plan.hash + ")");
  in >> word >> number >> word >> n >> word >> k >> word >> s;
  if (number != g || k != plan.spec.priors.size() || s != plan.summaries.size())
    throw SweepInputError(path + " does not match this calibration's generation " +
                          std::to_string(g));
  in >> word;
  gen.tolerance = read_hex(in, path);
  in >> word;
  gen.acceptance_rate = read_hex(in, path);
  in >> word;
  gen.ess = read_hex(in, path);
  in >> word >> gen.runs >> word >> gen.runs_total >> word;
  scales.assign(s, 0.0);
  for (auto& v : scales) v = read_hex(in, path);
  gen.particles.assign(n, std::vector<double>(k));
  gen.summaries.assign(n, std::vector<double>(s));
  gen.weights.assign(n, 0.0);
  gen.distances.assign(n, 0.0);
  for (std::uint64_t i = 0; i < n; ++i) {
    for (auto& v : gen.particles[i]) v = read_hex(in, path);
    gen.weights[i] = read_hex(in, path);
    gen.distances[i] = read_hex(in, path);
    for (auto& v : gen.summaries[i]) v = read_hex(in, path);
  }
  if (!(in >> word) || word != "end")
    throw SweepInputError(path + " is cut short; remove it to redo that generation");
  return true;
}

/// Runs batches of a calibration's runs through the sweep runners and reads them back. Runs whole
/// in a part file (of this or an earlier start) are read, not run again; each part is read once.
class BatchSimulator {
 public:
  BatchSimulator(const MpiSession& mpi, CalibrationPlan& plan, std::string folder,
                 const CalibrationOptions& options)
      : mpi_(mpi), plan_(plan), folder_(std::move(folder)), options_(options) {}

  /// Runs runs first .. first + n - 1 of batch folder `generation` (thetas[i] for run first + i)
  /// and calls use(record) once for every run read back, in any order.
  void run(std::uint64_t generation, std::uint64_t first,
           const std::vector<std::vector<double>>& thetas,
           const std::function<void(const RunRecord&)>& use) {
    const std::string folder =
        folder_ + (generation == kPredictiveGeneration ? std::string("/predictive")
                                                       : "/gen_" + padded(generation));
    const std::string hash = plan_.batch_hash(generation);
    plan_.sweep.hash = hash;
    plan_.sweep.explicit_runs = [this, generation, first, &thetas](std::uint64_t index) {
      return plan_.proposal_run(generation, index, thetas.at(index - first));
    };
    if (mpi_.rank() == 0 && prepared_.insert(folder).second) {
      prepare_runs_folder(folder, plan_.sweep);
      // Only this calibration writes here: what killed writers left half done is not done.
      std::error_code ec;
      for (const auto& entry : fs::directory_iterator(folder, ec)) {
        const std::string name = entry.path().filename().string();
        if (name.find(".partial") != std::string::npos || name.find(".tmp") != std::string::npos)
          fs::remove(entry.path(), ec);
      }
    }
    // Rank 0 alone decides which runs to do (the farm hands them out): another rank looking at
    // the folder later could see parts of this very batch already. Its decision also says that
    // the folder exists before any rank writes into it.
    const std::uint64_t end = first + thetas.size();
    std::vector<std::string> where;
    std::vector<std::uint64_t> todo;
    if (mpi_.rank() == 0) {
      where = find_done_runs(folder, end, hash);
      for (std::uint64_t k = first; k < end; ++k)
        if (where[k].empty()) todo.push_back(k);
    }
    const bool run_batch = mpi_.broadcast(todo.empty() ? 0 : 1) != 0;
    SweepRunnerOptions runner;
    runner.jobs = options_.jobs;
    runner.threads = options_.threads;
    runner.command_line = options_.command_line;
    std::uint64_t failed = 0;
    if (run_batch) {
      const SweepRunnerResult r = mpi_.active() && mpi_.size() > 1
                                      ? run_mpi_farm(mpi_, plan_.sweep, folder, todo, runner)
                                      : run_local(plan_.sweep, folder, todo, runner);
      failed = r.failed;
    }
    // Rank 0 returns from the farm once every rank closed its part: then all may read them all.
    failed = static_cast<std::uint64_t>(mpi_.broadcast(failed > 0 ? 1 : 0));
    plan_.sweep.explicit_runs = nullptr;
    if (failed > 0)
      throw std::runtime_error(
          "runs of the calibration failed (see above); the finished runs are "
          "kept in " +
          folder + "; run again with --resume");
    where = find_done_runs(folder, end, hash);
    std::set<std::string> parts;
    for (std::uint64_t k = first; k < end; ++k) {
      if (where[k].empty())
        throw std::runtime_error("run " + std::to_string(k) + " of " + folder +
                                 " is missing after its batch");
      parts.insert(where[k]);
    }
    for (const auto& part : parts) {
      for (const auto& record : read_part_runs(part, hash)) use(record);
    }
  }

 private:
  const MpiSession& mpi_;
  CalibrationPlan& plan_;
  std::string folder_;
  const CalibrationOptions& options_;
  std::set<std::string> prepared_;
};

}  // namespace

std::string calibration_folder_of(const std::string& output) { return output + ".calib"; }

bool has_calibration_manifest(const std::string& folder) {
  std::error_code ec;
  return fs::exists(folder + "/" + kManifestName, ec);
}

void prepare_calibration_folder(const std::string& folder, const CalibrationPlan& plan) {
  std::error_code ec;
  if (fs::exists(folder, ec) && !fs::is_directory(folder, ec))
    throw SweepInputError(folder + " exists and is not a folder");
  fs::create_directories(folder, ec);
  if (ec) throw SweepInputError("cannot create folder " + folder + ": " + ec.message());
  const std::string path = folder + "/" + kManifestName;
  if (fs::exists(path, ec)) {
    const std::string text = read_input_file(path, std::uint64_t{1} << 28, "calibration manifest");
    std::istringstream in(text);
    std::string magic, word, hash;
    std::getline(in, magic);
    in >> word >> hash;
    if (magic != kManifestMagic || word != "hash")
      throw SweepInputError(path + " is not an snsim calibration manifest");
    if (hash != plan.hash)
      throw SweepInputError(folder + " holds a different calibration (hash " + hash +
                            ", this one " + plan.hash +
                            "): another scenario, calibrate block or observed file; choose "
                            "another -o or remove that folder");
    return;
  }
  write_text_atomically(
      path, std::string(kManifestMagic) + "\nhash " + plan.hash + "\n" + plan.scenario_yaml);
}

AbcState load_generations(const std::string& folder, const CalibrationPlan& plan) {
  AbcState state;
  for (std::uint64_t g = 0;; ++g) {
    AbcGeneration gen;
    std::vector<double> scales;
    if (!read_generation(generation_path(folder, g), plan, g, gen, scales)) break;
    if (g == 0) state.scales = scales;
    state.runs_used = gen.runs_total;
    state.generations.push_back(std::move(gen));
  }
  return state;
}

CalibrationResult run_calibration(const MpiSession& mpi, CalibrationPlan& plan,
                                  const std::string& folder, const CalibrationOptions& options) {
  CalibrationResult result;
  BatchSimulator batches(mpi, plan, folder, options);
  const std::size_t s = plan.summaries.size();
  // Summaries of the runs read so far, per generation and proposal index.
  std::map<std::uint64_t, std::map<std::uint64_t, std::vector<double>>> cache;
  AbcSimulate simulate = [&](std::uint64_t g, std::uint64_t first,
                             const std::vector<std::vector<double>>& thetas) {
    auto& known = cache[g];
    bool missing = false;
    for (std::uint64_t k = first; k < first + thetas.size(); ++k)
      missing = missing || known.find(k) == known.end();
    if (missing)
      batches.run(g, first, thetas, [&](const RunRecord& record) {
        known[record.index] = compute_summaries(plan.summaries, record.series);
      });
    std::vector<std::vector<double>> out;
    for (std::uint64_t k = first; k < first + thetas.size(); ++k) out.push_back(known.at(k));
    // A generation's runs are needed no more once it is judged; keep only this one's.
    for (auto it = cache.begin(); it != cache.end();)
      it = it->first < g ? cache.erase(it) : std::next(it);
    return out;
  };
  std::vector<double> observed(s);
  for (std::size_t i = 0; i < s; ++i) observed[i] = plan.summaries[i].observed;
  AbcState start = load_generations(folder, plan);
  std::uint64_t written = start.generations.size();
  // A finished generation's runs are in its file: their folder is needed no more (a start killed
  // between the two left it behind).
  const auto drop_runs = [&](std::uint64_t g) {
    std::error_code ec;
    if (mpi.rank() == 0) fs::remove_all(folder + "/gen_" + padded(g), ec);
  };
  for (std::uint64_t g = 0; g < written; ++g) drop_runs(g);
  auto on_generation = [&](const AbcState& state) {
    const std::uint64_t first = written;
    for (; written < state.generations.size(); ++written)
      if (mpi.rank() == 0)
        write_text_atomically(
            generation_path(folder, written),
            generation_text(plan, written, state.generations[written], state.scales));
    if (first < written) {
      mpi.barrier();  // every rank has read the generation's parts
      for (std::uint64_t g = first; g < written; ++g) drop_runs(g);
    }
    if (mpi.rank() == 0 && options.on_generation) options.on_generation(state);
  };
  result.state = run_abc_smc(plan.spec.priors, observed, plan.spec.settings, simulate,
                             on_generation, std::move(start));

  // Posterior predictive runs: m weighted draws from the posterior, each simulated again.
  const std::uint64_t m = plan.spec.predictive;
  PredictiveDraws& p = result.predictive;
  p.steps = plan.catalogue.steps;
  for (const auto& d : plan.summaries) {
    bool seen = false;
    for (std::size_t q = 0; q < p.series_metric.size(); ++q)
      seen = seen || (p.series_metric[q] == d.metric && p.series_brand[q] == d.brand);
    if (!seen) {
      p.series_metric.push_back(d.metric);
      p.series_brand.push_back(d.brand);
    }
  }
  if (m == 0) {
    mpi.barrier();  // no rank reads the working folder any more: rank 0 may remove it
    return result;
  }
  const AbcGeneration& posterior = result.state.generations.back();
  const std::uint64_t posterior_generation = result.state.generations.size() - 1;
  std::vector<std::vector<double>> thetas(m);
  p.particle.resize(m);
  for (std::uint64_t i = 0; i < m; ++i) {
    const double u = abc_unit_draw(plan.seed, kAbcPurposePredictive, posterior_generation, i, 0);
    const std::size_t j = weighted_pick(posterior.weights, u);
    p.particle[i] = static_cast<std::int64_t>(j);
    thetas[i] = posterior.particles[j];
  }
  p.summaries.assign(m, {});
  p.series.assign(m, {});
  batches.run(kPredictiveGeneration, 0, thetas, [&](const RunRecord& record) {
    if (record.index >= m) return;
    p.summaries[record.index] = compute_summaries(plan.summaries, record.series);
    auto& series = p.series[record.index];
    series.clear();
    for (std::size_t q = 0; q < p.series_metric.size(); ++q) {
      std::vector<double> v = metric_series(record.series, p.series_metric[q], p.series_brand[q]);
      v.resize(static_cast<std::size_t>(p.steps), std::nan(""));
      series.push_back(std::move(v));
    }
  });
  mpi.barrier();  // no rank reads the working folder any more: rank 0 may remove it
  return result;
}

}  // namespace snsim

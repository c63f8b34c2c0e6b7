// `picket run SCENARIO --trials N [--until-ci W] [--resume] [--out DIR]`: a Monte Carlo batch
// (montecarlo/batch.h), with Ctrl-C stopping it cleanly and --resume carrying it on.
#include <atomic>
#include <csignal>
#include <fstream>
#include <memory>

#include <unistd.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "common/error.h"
#include "common/stopwatch.h"
#include "common/version.h"
#include "montecarlo/batch.h"
#include "montecarlo/mpi.h"
#include "report/report.h"
#include "simulation/models.h"

namespace fs = std::filesystem;

namespace picket::cli {
namespace {

// Set by the first SIGINT or SIGTERM while a batch runs: the batch stops after the chunk in flight.
// A second one ends the process the usual way.
std::atomic<bool> g_stop{false};
static_assert(std::atomic<bool>::is_always_lock_free);

extern "C" void onStopSignal(int sig) {
  g_stop.store(true);
  std::signal(sig, SIG_DFL);
}

// The stop signals caught for the batch's life, as they were before afterwards.
class StopOnSignal {
 public:
  StopOnSignal() {
    g_stop.store(false);
    int_ = std::signal(SIGINT, onStopSignal);
    term_ = std::signal(SIGTERM, onStopSignal);
  }
  ~StopOnSignal() {
    std::signal(SIGINT, int_);
    std::signal(SIGTERM, term_);
  }
  StopOnSignal(const StopOnSignal&) = delete;
  StopOnSignal& operator=(const StopOnSignal&) = delete;

 private:
  using Handler = void (*)(int);
  Handler int_ = SIG_DFL, term_ = SIG_DFL;
};

// trials.csv as the batch goes, in a file of its own until the folder is written (so a batch of a
// million trials does not hold them in memory).
class TrialsFile {
 public:
  TrialsFile() {
    path_ = fs::temp_directory_path() / fmt::format("picket-trials-{}-{}.csv", ::getpid(), reinterpret_cast<std::uintptr_t>(this));
  }
  ~TrialsFile() {
    std::error_code ec;
    fs::remove(path_, ec);
  }
  TrialsFile(const TrialsFile&) = delete;
  TrialsFile& operator=(const TrialsFile&) = delete;

  // Starts from `existing` (a resumed batch's trials.csv, its first `lines` trials) or a header.
  void open(const std::string& header, const fs::path& existing, std::uint64_t lines) {
    out_.open(path_, std::ios::binary | std::ios::trunc);
    if (existing.empty()) {
      out_ << header;
    } else {
      std::ifstream in(existing, std::ios::binary);
      std::string line;
      std::uint64_t n = 0;
      if (!std::getline(in, line) || line + "\n" != header)
        throwInputError(SourceLocation{existing.string(), 1},
                        "this trials.csv has other columns than the scenario now draws; run the batch afresh");
      out_ << header;
      while (n < lines && std::getline(in, line)) {
        out_ << line << '\n';
        ++n;
      }
      if (n < lines)
        throwInputError(SourceLocation{existing.string(), 0},
                        fmt::format("trials.csv holds {} trials where montecarlo.json counts {}", n, lines));
    }
    if (!out_) throwInputError(SourceLocation{path_.string(), 0}, "cannot write the trials file here (is the disk full?)");
  }
  void add(const std::string& line) { out_ << line; }
  void copyTo(const fs::path& dest) {
    out_.flush();
    if (!out_) throwInputError(SourceLocation{path_.string(), 0}, "writing the trials file failed (is the disk full?)");
    out_.close();
    fs::copy_file(path_, dest, fs::copy_options::overwrite_existing);
  }

 private:
  fs::path path_;
  std::ofstream out_;
};

// The checkpoint of the batch in `dir`, after checking it was run on this scenario, catalog, seed
// and build (another one would not give the same trials).
struct Checkpoint {
  montecarlo::Accumulator state;
  std::uint64_t trials_done = 0, trials_asked = 0;
};

Checkpoint readCheckpoint(const fs::path& dir, const scenario::ScenarioConfig& config) {
  const fs::path file = dir / "montecarlo.json";
  std::ifstream in(file);
  if (!in)
    throwInputError(SourceLocation{file.string(), 0},
                    "no Monte Carlo batch here to resume (no montecarlo.json): run it first without --resume");
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(in);
    const nlohmann::json& p = j.at("provenance");
    const auto differs = [&](const char* key, const std::string& now) {
      const std::string then = p.at(key).get<std::string>();
      if (then != now)
        throwInputError(SourceLocation{file.string(), 0},
                        fmt::format("this batch was run with another {} ({}, now {}): its trials would not be the ones "
                                    "this run makes; run it afresh without --resume",
                                    key, then, now));
    };
    differs("scenario_sha256", config.scenario_sha256);
    differs("catalog_sha256", config.catalog_sha256);
    differs("commit", std::string(picketCommit()));
    if (p.at("seed").get<std::uint64_t>() != config.seed)
      throwInputError(SourceLocation{file.string(), 0},
                      fmt::format("this batch was run with seed {}, this run has {}: give --seed {}",
                                  p.at("seed").get<std::uint64_t>(), config.seed, p.at("seed").get<std::uint64_t>()));
    Checkpoint c;
    c.trials_done = j.at("checkpoint").at("trials_done").get<std::uint64_t>();
    c.trials_asked = j.at("trials_asked").get<std::uint64_t>();
    c.state = montecarlo::Accumulator::fromState(j.at("checkpoint").at("statistics"));
    return c;
  } catch (const nlohmann::json::exception& e) {
    throwInputError(SourceLocation{file.string(), 0}, fmt::format("not a montecarlo.json picket can resume: {}", e.what()));
  }
}

void printSummary(const scenario::ScenarioConfig& config, const world::Geography& geography,
                  const montecarlo::BatchResult& batch, double wall_s, std::ostream& out) {
  const montecarlo::Statistics& s = batch.statistics;
  out << fmt::format("{}: Monte Carlo, {} trials (seed {}), {:.1f} s\n", config.name, s.trials, config.seed, wall_s);
  out << fmt::format("P(no leaker) = {:.3f} (95 % interval {:.3f} to {:.3f}, Wilson; {} of {} trials)\n",
                     s.no_leaker.estimate, s.no_leaker.lo, s.no_leaker.hi, s.no_leaker.successes, s.no_leaker.trials);
  std::string leakers;
  for (std::size_t k = 0; k < s.leakers.size(); ++k)
    leakers += fmt::format("{}{} in {} trials", leakers.empty() ? "" : ", ", k, s.leakers[k]);
  out << "Leakers: " << (leakers.empty() ? "none counted" : leakers) << "\n";
  if (s.labelled_nuclear) {
    const montecarlo::Quantiles n = s.nuclear_leakers.quantiles(true), c = s.conventional_leakers.quantiles(true);
    out << fmt::format("P(no nuclear warhead comes down) = {:.3f} ({:.3f} to {:.3f}); leakers per trial: nuclear "
                       "mean {:.2f}, conventional mean {:.2f}\n",
                       s.no_nuclear_leaker.estimate, s.no_nuclear_leaker.lo, s.no_nuclear_leaker.hi, n.mean, c.mean);
  }
  if (s.rounds_not_at_warheads.sum > 0.0) {
    const montecarlo::Quantiles q = s.rounds_not_at_warheads.quantiles(true);
    out << fmt::format("Interceptors at objects that were not warheads: mean {:.2f}, median {:.0f}, 95th percentile "
                       "{:.0f}\n",
                       q.mean, q.p50, q.p95);
  }
  for (std::size_t k = 0; k < s.shots_per_shooter.size(); ++k) {
    const montecarlo::Quantiles q = s.shots_per_shooter[k].quantiles(true);
    out << fmt::format("Interceptors, {}: mean {:.2f}, median {:.0f}, 95th percentile {:.0f}\n", config.shooters[k].name,
                       q.mean, q.p50, q.p95);
  }
  if (s.kills() > 0) {
    const montecarlo::Quantiles q = s.kill_alt_m.quantiles();
    out << fmt::format("Kills: {}, at {:.0f} km median altitude (5-95 %: {:.0f} to {:.0f} km)\n", s.kills(),
                       q.p50 / 1e3, q.p5 / 1e3, q.p95 / 1e3);
  }
  for (const montecarlo::PrefectureStatistics& p : s.prefectures) {
    if (p.in_danger == 0) continue;
    std::string line = fmt::format("Warning, {}: in danger in {} trials, warned in {:.0f} % ({:.0f} to {:.0f} %)",
                                   geography.prefectureName(p.prefecture), p.in_danger, 100.0 * p.warned.estimate,
                                   100.0 * p.warned.lo, 100.0 * p.warned.hi);
    if (p.warning_s.n > 0) {
      const montecarlo::Quantiles q = p.warning_s.quantiles();
      line += fmt::format(", median {:.0f} s before (5-95 %: {:.0f} to {:.0f} s)", q.p50, q.p5, q.p95);
    }
    out << line << "\n";
  }
  if (!s.prefectures.empty())
    out << fmt::format("Alerts: a prefecture never in danger alerted in {:.0f} % of trials; one in danger not warned in "
                       "{:.0f} %\n",
                       100.0 * s.false_alarm.estimate, 100.0 * s.missed_alert.estimate);
  if (s.failed > 0) out << fmt::format("Failed trials: {} (the first listed in montecarlo.json)\n", s.failed);
}

}  // namespace

int monteCarlo(const scenario::ScenarioConfig& config, const world::Geography& geography, const MonteCarloArgs& args,
               const simulation::SimulationOptions& sim_options, std::ostream& out, std::ostream& err) {
  const montecarlo::MpiWorld world = montecarlo::mpiWorld();
  const bool lead = world.rank == 0;  // only rank 0 prints and writes
  std::optional<Checkpoint> checkpoint;
  if (args.resume) checkpoint = readCheckpoint(args.out_dir, config);
  const std::unique_ptr<const simulation::Models> models = simulation::buildModels(config, geography, sim_options);
  montecarlo::BatchOptions options;
  options.trials = args.trials > 0 ? args.trials : (checkpoint ? checkpoint->trials_asked : 100);
  options.threads = args.threads;
  options.until_width = args.until_ci;
  options.run = sim_options;
  options.rank = world.rank;
  options.ranks = world.size;
  if (lead && ::isatty(STDERR_FILENO) == 1) options.progress = terminalProgress(err);
  const std::vector<std::string> draw_names = montecarlo::drawNames(*models, sim_options);
  TrialsFile trials_file;
  if (checkpoint) {
    if (checkpoint->trials_done >= options.trials && !args.until_ci) {
      if (lead)
        out << fmt::format("{}: the batch in {} already has {} trials; ask for more with --trials\n", config.name,
                           args.out_dir, checkpoint->trials_done);
      return 0;
    }
    options.resume = checkpoint->state;
  }
  if (lead && !args.out_dir.empty()) {
    trials_file.open(report::trialsCsvHeader(config, draw_names),
                     checkpoint ? fs::path(args.out_dir) / "trials.csv" : fs::path(),
                     checkpoint ? checkpoint->trials_done : 0);
    options.sink = [&](const montecarlo::TrialRecord& r) {
      trials_file.add(report::trialsCsvLine(r, config, draw_names.size()));
    };
  }
  montecarlo::BatchResult batch;
  Stopwatch clock;
  // Caught until the folder is written: a Ctrl-C as the batch ends (or while trial 0 is written)
  // does not lose the finished batch. A second one ends the process the usual way.
  const StopOnSignal signals;
  options.stop = &g_stop;
  batch = montecarlo::runBatch(*models, options);
  const double wall_s = clock.lap_s();
  if (!lead) return batch.stopped ? 130 : 0;
  if (!args.out_dir.empty()) {
    // Trial 0 in full beside the batch's files, so the folder has a run to look at; its report
    // carries the batch's plots.
    simulation::SimulationOptions first_options = sim_options;
    first_options.draw_uncertainty = true;  // trial 0 as the batch ran it
    const simulation::SimulationResult first = simulation::run(*models, 0, first_options);
    writeFolder(args.out_dir, [&](const fs::path& staging) {
      report::writeOutputs(first, staging, &models->config);
      if (args.web_dir && report::webAssetsBuilt(*args.web_dir))
        report::writeHtmlReport(first, staging, *args.web_dir, report::montecarloPanels(batch, models->config));
      trials_file.copyTo(staging / "trials.csv");
      report::writeMonteCarloJson(batch, models->config, geography, options.trials, staging);
    });
  }
  printSummary(config, geography, batch, wall_s, out);
  if (!args.out_dir.empty())
    out << "\nWrote " << args.out_dir << "/{montecarlo.json, trials.csv} and trial 0's files"
        << (args.web_dir && report::webAssetsBuilt(*args.web_dir)
                ? fmt::format(" (report: {}/report/index.html)", args.out_dir)
                : "")
        << "\n";
  if (batch.stopped) {
    out << fmt::format("Stopped after {} of {} trials.{}\n", batch.trials_done, options.trials,
                       args.out_dir.empty() ? ""
                                            : fmt::format(" `picket run {} --out {} --resume` carries on from there.",
                                                          config.where.file, args.out_dir));
    return 130;
  }
  return 0;
}

}  // namespace picket::cli

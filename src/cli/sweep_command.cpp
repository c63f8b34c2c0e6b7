// `picket sweep SCENARIO --vary KEY=V1,V2,... [--vary KEY2=...] [--trials N]`: how the odds change
// with what the scenario assumes. Each point of the grid the --vary options span is the scenario
// with those values set (scenario/loader.h setPath, then the loader's own checks), run as a Monte
// Carlo batch of N trials with the same seed; the table goes to stdout and to DIR/sweep.csv.
#include <memory>

#include <unistd.h>

#include <fmt/format.h>

#include "cli/commands.h"
#include "common/error.h"
#include "common/stopwatch.h"
#include "common/version.h"
#include "montecarlo/batch.h"
#include "montecarlo/mpi.h"
#include "report/format.h"
#include "scenario/loader.h"
#include "scenario/yaml_reader.h"
#include "simulation/models.h"

namespace fs = std::filesystem;

namespace picket::cli {
namespace {

struct Axis {
  std::string key;
  std::vector<std::string> values;
};

Axis parseVary(const std::string& text) {
  const auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 >= text.size())
    throwInputError(SourceLocation{"--vary", 0},
                    fmt::format("'{}': expected KEY=V1,V2,... such as engagement.decision_latency_s=10,30,60", text));
  Axis a;
  a.key = text.substr(0, eq);
  std::string cur;
  for (const char c : text.substr(eq + 1)) {
    if (c == ',') {
      a.values.push_back(cur);
      cur.clear();
    } else {
      cur.push_back(c);
    }
  }
  a.values.push_back(cur);
  for (const std::string& v : a.values)
    if (v.empty()) throwInputError(SourceLocation{"--vary", 0}, fmt::format("'{}': an empty value", text));
  return a;
}

}  // namespace

int sweep(const fs::path& scenario_file, const fs::path& data_dir, const world::Geography& geography,
          const SweepArgs& args, std::ostream& out, std::ostream& err) {
  std::vector<Axis> axes;
  for (const std::string& v : args.vary) axes.push_back(parseVary(v));
  const YAML::Node original = scenario::loadYamlFile(scenario_file.string());
  // Every point first, loaded and checked: a bad key or value fails before any trial runs.
  std::vector<std::vector<std::size_t>> points(1);
  for (const Axis& a : axes) {
    std::vector<std::vector<std::size_t>> next;
    for (const auto& p : points)
      for (std::size_t k = 0; k < a.values.size(); ++k) {
        next.push_back(p);
        next.back().push_back(k);
      }
    points = std::move(next);
  }
  std::vector<scenario::ScenarioConfig> configs;
  for (const auto& p : points) {
    YAML::Node root = YAML::Clone(original);
    std::string label;
    for (std::size_t i = 0; i < axes.size(); ++i) {
      const std::string what = fmt::format("--vary {}", axes[i].key);
      scenario::setPath(root, axes[i].key, axes[i].values[p[i]], what);
      label += fmt::format("{}{}={}", label.empty() ? "" : ", ", axes[i].key, axes[i].values[p[i]]);
    }
    try {
      configs.push_back(scenario::loadScenario(root, scenario_file, data_dir));
    } catch (const InputError& e) {
      throwInputError(e.where(), fmt::format("with {}: {}", label, e.reason()));
    }
    if (args.seed) configs.back().seed = *args.seed;
  }
  const montecarlo::MpiWorld world = montecarlo::mpiWorld();
  const bool lead = world.rank == 0;
  std::string csv;
  for (const Axis& a : axes) csv += report::csvText(a.key) + ",";
  csv += "trials,failed,p_no_leaker,ci95_lo,ci95_hi,mean_leakers,mean_interceptors\n";
  if (lead)
    out << fmt::format("{}: sweep of {} points, {} trials each (seed {})\n", configs.front().name, points.size(), args.trials,
                       configs.front().seed);
  Stopwatch clock;
  for (std::size_t i = 0; i < points.size(); ++i) {
    const std::unique_ptr<const simulation::Models> models = simulation::buildModels(configs[i], geography, {});
    montecarlo::BatchOptions options;
    options.trials = args.trials;
    options.threads = args.threads;
    options.rank = world.rank;
    options.ranks = world.size;
    if (lead && ::isatty(STDERR_FILENO) == 1) options.progress = terminalProgress(err);
    const montecarlo::BatchResult b = montecarlo::runBatch(*models, options);
    const montecarlo::Statistics& s = b.statistics;
    double leakers = 0.0, interceptors = 0.0;
    for (std::size_t k = 0; k < s.leakers.size(); ++k) leakers += static_cast<double>(k * s.leakers[k]);
    for (const montecarlo::Histogram& h : s.shots_per_shooter) interceptors += h.sum;
    const double good = static_cast<double>(std::max<std::size_t>(s.good(), 1));
    std::string values, shown;
    for (std::size_t a = 0; a < axes.size(); ++a) {
      values += report::csvText(axes[a].values[points[i][a]]) + ",";
      shown += fmt::format("{}{} = {}", shown.empty() ? "" : ", ", axes[a].key, axes[a].values[points[i][a]]);
    }
    csv += fmt::format("{}{},{},{},{},{},{},{}\n", values, s.trials, s.failed, s.no_leaker.estimate, s.no_leaker.lo,
                       s.no_leaker.hi, leakers / good, interceptors / good);
    if (lead)
      out << fmt::format("  {}: P(no leaker) {:.3f} ({:.3f} to {:.3f}), {:.2f} leakers, {:.1f} interceptors a trial{}\n",
                         shown, s.no_leaker.estimate, s.no_leaker.lo, s.no_leaker.hi, leakers / good, interceptors / good,
                         s.failed > 0 ? fmt::format(", {} trials failed", s.failed) : "");
  }
  if (lead) out << fmt::format("{:.1f} s\n", clock.lap_s());
  if (lead && !args.out_dir.empty()) {
    writeFolder(args.out_dir, [&](const fs::path& staging) { report::writeAtomically(staging, "sweep.csv", csv); });
    out << fmt::format("Wrote {}/sweep.csv\n", args.out_dir);
  }
  return 0;
}

}  // namespace picket::cli

// `picket sweep SCENARIO --vary KEY=V1,V2,... [--vary KEY2=...] [--trials N]`: how the odds change
// with what the scenario assumes. Each point of the grid the --vary options span is the scenario
// with those values set (scenario/loader.h setPath, then the loader's own checks), run as a Monte
// Carlo batch of N trials with the same seed; the table goes to stdout and to DIR/sweep.csv, each
// point's effective configuration to DIR/config-point-N.yaml.
#include <map>
#include <memory>

#include <unistd.h>

#include <fmt/format.h>

#include "cli/commands.h"
#include "common/error.h"
#include "common/numbers.h"
#include "common/stopwatch.h"
#include "common/version.h"
#include "montecarlo/batch.h"
#include "montecarlo/mpi.h"
#include "report/format.h"
#include "report/report.h"
#include "scenario/loader.h"
#include "scenario/writer.h"
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

// P(no leaker) against the first axis's values (their index where they are not numbers), one
// curve per combination of the other axes' values, for the report (docs/output.md, `sweeps`).
nlohmann::json sweepCurves(const std::vector<Axis>& axes, const std::vector<std::vector<std::size_t>>& points,
                           const std::vector<montecarlo::Proportion>& odds) {
  const Axis& x_axis = axes.front();
  bool numeric = true;
  std::vector<double> xs;
  for (std::size_t k = 0; k < x_axis.values.size(); ++k) {
    double v = 0.0;
    numeric = numeric && parseDecimal(x_axis.values[k], v);
    xs.push_back(numeric ? v : static_cast<double>(k));
  }
  if (!numeric)
    for (std::size_t k = 0; k < xs.size(); ++k) xs[k] = static_cast<double>(k);
  std::string x_label = x_axis.key;
  if (!numeric) {
    x_label += " (";
    for (std::size_t k = 0; k < x_axis.values.size(); ++k) x_label += fmt::format("{}{}: {}", k == 0 ? "" : ", ", k, x_axis.values[k]);
    x_label += ")";
  }
  // Points are ordered with the first axis outermost: the curve for the others' combination c is
  // every point whose other indices are c.
  std::map<std::vector<std::size_t>, std::vector<std::size_t>> curves;
  for (std::size_t i = 0; i < points.size(); ++i)
    curves[std::vector<std::size_t>(points[i].begin() + 1, points[i].end())].push_back(i);
  nlohmann::json out = nlohmann::json::array();
  for (const auto& [others, members] : curves) {
    std::string title = "P(no leaker)";
    for (std::size_t a = 1; a < axes.size(); ++a)
      title += fmt::format("{}{} = {}", a == 1 ? ", " : "; ", axes[a].key, axes[a].values[others[a - 1]]);
    nlohmann::json x = nlohmann::json::array(), y = x, lo = x, hi = x;
    for (const std::size_t i : members) {
      x.push_back(xs[points[i][0]]);
      y.push_back(odds[i].estimate);
      lo.push_back(odds[i].lo);
      hi.push_back(odds[i].hi);
    }
    out.push_back({{"title", title}, {"x_label", x_label}, {"y_label", "P(no leaker), 95 % interval"}, {"x", x},
                   {"y", y}, {"lo", lo}, {"hi", hi}});
  }
  return out;
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
      configs.push_back(simulation::effectiveConfig(scenario::loadScenario(root, scenario_file, data_dir)));
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
    out << fmt::format("{}: sweep of {} point{}, {} trials each (seed {})\n", configs.front().name, points.size(),
                       points.size() == 1 ? "" : "s", args.trials,
                       configs.front().seed);
  Stopwatch clock;
  std::vector<montecarlo::Proportion> odds;  // P(no leaker) per point
  montecarlo::BatchResult first_batch;
  std::unique_ptr<const simulation::Models> first_models;
  for (std::size_t i = 0; i < points.size(); ++i) {
    std::unique_ptr<const simulation::Models> models = simulation::buildModels(configs[i], geography, {});
    montecarlo::BatchOptions options;
    options.trials = args.trials;
    options.threads = args.threads;
    options.rank = world.rank;
    options.ranks = world.size;
    if (lead && ::isatty(STDERR_FILENO) == 1) options.progress = terminalProgress(err);
    montecarlo::BatchResult b = montecarlo::runBatch(*models, options);
    const montecarlo::Statistics& s = b.statistics;
    odds.push_back(s.no_leaker);
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
    if (i == 0) {
      first_batch = std::move(b);
      first_models = std::move(models);
    }
  }
  if (lead) out << fmt::format("{:.1f} s\n", clock.lap_s());
  if (lead && !args.out_dir.empty()) {
    // Beside sweep.csv, the first point's trial 0 in full and its report, whose Monte Carlo panel
    // draws the sweep: P(no leaker) against the first --vary's values, a curve for each value of
    // the others.
    simulation::SimulationOptions first_options;
    first_options.draw_uncertainty = true;
    const simulation::SimulationResult first = simulation::run(*first_models, 0, first_options);
    nlohmann::json panels = report::montecarloPanels(first_batch, first_models->config);
    panels["sweeps"] = sweepCurves(axes, points, odds);
    writeFolder(args.out_dir, [&](const fs::path& staging) {
      report::writeAtomically(staging, "sweep.csv", csv);
      // Each point's effective configuration (scenario/writer.h): point N is sweep.csv's N-th row.
      for (std::size_t i = 0; i < configs.size(); ++i)
        report::writeAtomically(staging, fmt::format("config-point-{}.yaml", i + 1), scenario::toYaml(configs[i]));
      report::writeOutputs(first, staging, &first_models->config);
      if (args.web_dir && report::webAssetsBuilt(*args.web_dir)) report::writeHtmlReport(first, staging, *args.web_dir, panels);
    });
    out << fmt::format("Wrote {}/sweep.csv, each point's configuration (config-point-N.yaml) and the first point's "
                       "trial 0{}\n",
                       args.out_dir,
                       args.web_dir && report::webAssetsBuilt(*args.web_dir)
                           ? fmt::format(" (report, with the sweep's curves: {}/report/index.html)", args.out_dir)
                           : "");
  }
  return 0;
}

}  // namespace picket::cli

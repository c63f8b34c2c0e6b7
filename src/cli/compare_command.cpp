// `picket compare A.yaml B.yaml ...`: what each architecture buys, side by side (docs/engagement.md,
// "What each architecture buys"): the people its defended areas hold, the odds against the
// scenario's raid (a Monte Carlo batch each, the same seed), interceptors per kill, the shortest
// decision time, crew and cost.
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <ostream>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "cli/commands.h"
#include "common/error.h"
#include "engagement/battle.h"
#include "montecarlo/batch.h"
#include "report/format.h"
#include "report/report.h"
#include "scenario/loader.h"
#include "scenario/yaml_reader.h"
#include "simulation/models.h"
#include "world/population.h"

namespace picket::cli {

namespace {

struct Column {
  std::string name;
  std::map<std::string, std::string> cells;  // metric -> text
};

std::string thousands(double x) {
  const std::string digits = fmt::format("{:.0f}", std::abs(std::round(x)));
  std::string out = x < 0.0 ? "-" : "";
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

}  // namespace

int compare(const CompareArgs& args, const std::filesystem::path& data_dir, const world::Geography& geography,
            std::ostream& out, std::ostream& err) {
  // Every architecture read and checked before anything runs: the files, or the one file's
  // variants (its keys set as `picket sweep --vary` sets them).
  std::vector<scenario::ScenarioConfig> configs;
  std::vector<std::string> names;
  if (args.variants.empty()) {
    if (args.files.size() < 2)
      throwInputError({"picket compare", 0}, "give two or more scenario files, or one file and two or more --variant");
    for (const std::string& f : args.files) {
      configs.push_back(simulation::effectiveConfig(scenario::loadScenario(f, data_dir)));
      names.push_back(f);
    }
  } else {
    if (args.files.size() != 1 || args.variants.size() < 2)
      throwInputError({"picket compare", 0}, "--variant needs one scenario file and two or more variants");
    const YAML::Node original = scenario::loadYamlFile(args.files[0]);
    for (const std::string& v : args.variants) {
      const auto colon = v.find(':');
      if (colon == std::string::npos || colon == 0)
        throwInputError({"--variant", 0}, fmt::format("'{}': expected NAME: KEY=VALUE; KEY=VALUE ...", v));
      YAML::Node root = YAML::Clone(original);
      std::string rest = v.substr(colon + 1);
      for (std::size_t from = 0; from <= rest.size();) {
        const std::size_t end = std::min(rest.find_first_of(";|", from), rest.size());  // '|' where ';' is awkward (CMake)
        std::string kv = rest.substr(from, end - from);
        kv.erase(0, kv.find_first_not_of(' '));
        kv.erase(kv.find_last_not_of(' ') + 1);
        from = end + 1;
        if (kv.empty()) continue;
        const auto eq = kv.find('=');
        if (eq == std::string::npos) throwInputError({"--variant", 0}, fmt::format("'{}': expected KEY=VALUE", kv));
        scenario::setPath(root, kv.substr(0, eq), kv.substr(eq + 1), fmt::format("--variant {}", v.substr(0, colon)));
      }
      configs.push_back(simulation::effectiveConfig(scenario::loadScenario(root, args.files[0], data_dir)));
      names.push_back(v.substr(0, colon));
    }
  }
  for (scenario::ScenarioConfig& c : configs) c.coverage.clear();  // analysis on top of a run, not the architecture
  const std::vector<world::PopulationPlace> places = world::loadPopulation(world::populationFile(args.population, data_dir));
  double people = 0.0;
  for (const world::PopulationPlace& p : places) people += p.population;

  const std::vector<std::string> metrics = {
      "shooters (available share)", "defended areas",           "people in the defended areas",
      "raid",                       "P(no leaker), 95 % interval", "leakers, mean",
      "P(no nuclear warhead down)", "interceptors fired, mean", "interceptors per kill",
      "interceptors at non-warheads, mean", "shortest decision time",
      "crew",                       "cost"};
  std::vector<Column> columns;
  montecarlo::BatchResult first_batch;
  std::unique_ptr<const simulation::Models> first_models;
  for (std::size_t k = 0; k < configs.size(); ++k) {
    const scenario::ScenarioConfig& c = configs[k];
    Column col;
    col.name = names[k];
    err << fmt::format("picket: {}: {} trials\n", names[k], args.trials);
    // The architecture as data.
    std::string shooters;
    int crew = 0, crew_unknown = 0;
    std::map<std::string, std::pair<double, std::pair<int, int>>> cost;  // currency -> sum, years
    int cost_unknown = 0;
    int units = 0;
    for (const scenario::ShooterConfig& s : c.shooters) {
      if (s.magazine == 0) continue;  // a magazine of 0: the unit is not part of this architecture
      ++units;
      shooters += fmt::format("{}{}{}", shooters.empty() ? "" : "; ", s.name,
                              s.availability < 1.0 ? fmt::format(" ({:.0f} %)", 100.0 * s.availability) : "");
      if (s.crew) crew += *s.crew;
      else ++crew_unknown;
      if (s.cost) {
        auto& [sum, years] = cost[s.cost->currency];
        if (sum == 0.0) years = {s.cost->year, s.cost->year};
        sum += s.cost->value;
        years.first = std::min(years.first, s.cost->year);
        years.second = std::max(years.second, s.cost->year);
      } else {
        ++cost_unknown;
      }
    }
    col.cells["shooters (available share)"] = shooters.empty() ? "none" : shooters;
    std::string areas;
    for (const scenario::DefendedAreaConfig& a : c.defended_areas) areas += fmt::format("{}{}", areas.empty() ? "" : ", ", a.name);
    col.cells["defended areas"] = areas.empty() ? "none" : areas;
    double held = 0.0;
    for (const world::PopulationPlace& p : places)
      if (engagement::defendedAreaAt(c.defended_areas, p.lat_deg, p.lon_deg) >= 0) held += p.population;
    col.cells["people in the defended areas"] =
        fmt::format("{} ({:.1f} % of {})", thousands(held), 100.0 * held / people, thousands(people));
    col.cells["raid"] = fmt::format("{} missile(s)", c.raid.empty() ? 1 : c.raid.size());
    col.cells["crew"] = crew_unknown == units && units > 0
                            ? "not given"
                            : fmt::format("{}{}", thousands(crew), crew_unknown > 0 ? fmt::format(" (+{} not given)", crew_unknown) : "");
    std::string costs;
    for (const auto& [currency, v] : cost)
      costs += fmt::format("{}{} {} ({})", costs.empty() ? "" : " + ", thousands(v.first), currency,
                           v.second.first == v.second.second ? fmt::format("{}", v.second.first)
                                                             : fmt::format("{}-{}", v.second.first, v.second.second));
    if (cost_unknown > 0) costs += fmt::format("{}{} shooter(s) not priced", costs.empty() ? "" : "; ", cost_unknown);
    col.cells["cost"] = costs.empty() ? "none" : costs;
    // The models built once, for the nominal run (the decision times) and the batch (the odds).
    simulation::SimulationOptions options;
    options.coverage_maps = false;
    options.full_outputs = false;  // the engagements are the same; the files' extras are not needed
    std::unique_ptr<const simulation::Models> models = simulation::buildModels(c, geography, options);
    const simulation::SimulationResult nominal = simulation::run(*models, 0, options);
    double shortest = std::numeric_limits<double>::infinity();
    for (const engagement::LayerAnswer& la : nominal.engagement.layers)
      if (la.decision_time_s && nominal.engagement.threats.at(static_cast<std::size_t>(la.threat)).engage &&
          c.shooters.at(static_cast<std::size_t>(la.shooter)).magazine > 0)
        shortest = std::min(shortest, *la.decision_time_s);
    col.cells["shortest decision time"] = std::isfinite(shortest) ? fmt::format("{:.0f} s", shortest) : "no window";
    montecarlo::BatchOptions b;
    b.trials = args.trials;
    b.threads = args.threads;
    b.run.coverage_maps = false;
    montecarlo::BatchResult batch = montecarlo::runBatch(*models, b);
    const montecarlo::Statistics& st = batch.statistics;
    const double good = static_cast<double>(std::max<std::size_t>(st.good(), 1));
    double leakers = 0.0, shots = 0.0;
    for (std::size_t n = 0; n < st.leakers.size(); ++n) leakers += static_cast<double>(n * st.leakers[n]);
    for (const montecarlo::Histogram& h : st.shots_per_shooter) shots += h.sum;
    col.cells["P(no leaker), 95 % interval"] =
        fmt::format("{:.2f} ({:.2f}-{:.2f}), {} trials", st.no_leaker.estimate, st.no_leaker.lo, st.no_leaker.hi, st.good());
    col.cells["leakers, mean"] = fmt::format("{:.2f}", leakers / good);
    col.cells["interceptors fired, mean"] = fmt::format("{:.1f}", shots / good);
    col.cells["P(no nuclear warhead down)"] =
        st.labelled_nuclear ? fmt::format("{:.2f} ({:.2f}-{:.2f})", st.no_nuclear_leaker.estimate, st.no_nuclear_leaker.lo,
                                          st.no_nuclear_leaker.hi)
                            : std::string("no warhead labelled nuclear");
    col.cells["interceptors at non-warheads, mean"] = fmt::format("{:.1f}", st.rounds_not_at_warheads.sum / good);
    col.cells["interceptors per kill"] =
        st.kills() > 0 ? fmt::format("{:.2f}", shots / static_cast<double>(st.kills())) : std::string("no kill");
    columns.push_back(std::move(col));
    if (k == 0) {  // the first architecture's batch and models, for the report
      first_batch = std::move(batch);
      first_models = std::move(models);
    }
  }

  // The table: a row per metric, a column per architecture.
  std::size_t w0 = 0;
  for (const std::string& m : metrics) w0 = std::max(w0, m.size());
  out << fmt::format("What each architecture buys (the same seed and {} trials each)\n", args.trials);
  for (std::size_t k = 0; k < columns.size(); ++k) out << fmt::format("  [{}] {}\n", k + 1, columns[k].name);
  for (const std::string& m : metrics) {
    out << fmt::format("{:<{}}", m, w0);
    for (std::size_t k = 0; k < columns.size(); ++k) out << fmt::format("  [{}] {}", k + 1, columns[k].cells[m]);
    out << "\n";
  }
  if (!args.out_dir.empty()) {
    std::string csv = "metric";
    for (const Column& c : columns) csv += fmt::format(",{}", report::csvText(c.name));
    csv += "\n";
    for (const std::string& m : metrics) {
      csv += report::csvText(m);
      for (Column& c : columns) csv += fmt::format(",{}", report::csvText(c.cells[m]));
      csv += "\n";
    }
    // Beside compare.csv, the first architecture's trial 0 in full and its report, whose Monte
    // Carlo panel holds the table (docs/output.md, `compare`).
    nlohmann::json table = {{"title", fmt::format("What each architecture buys ({} trials each, the same seed)", args.trials)},
                            {"note", fmt::format("The plots below are the first architecture's ({}).", columns.front().name)},
                            {"columns", nlohmann::json::array()},
                            {"rows", nlohmann::json::array()}};
    for (const Column& c : columns) table["columns"].push_back(c.name);
    for (const std::string& m : metrics) {
      nlohmann::json cells = nlohmann::json::array();
      for (Column& c : columns) cells.push_back(c.cells[m]);
      table["rows"].push_back({{"metric", m}, {"cells", cells}});
    }
    simulation::SimulationOptions first_options;
    first_options.draw_uncertainty = true;
    const simulation::SimulationResult first = simulation::run(*first_models, 0, first_options);
    nlohmann::json panels = report::montecarloPanels(first_batch, first_models->config);
    panels["compare"] = table;
    const bool html = args.web_dir && report::webAssetsBuilt(*args.web_dir);
    writeFolder(args.out_dir, [&](const std::filesystem::path& staging) {
      report::writeAtomically(staging, "compare.csv", csv);
      report::writeOutputs(first, staging, &first_models->config);
      if (html) report::writeHtmlReport(first, staging, *args.web_dir, panels);
    });
    out << fmt::format("Wrote {}/compare.csv and the first architecture's trial 0{}\n", args.out_dir,
                       html ? fmt::format(" (report, with the table: {}/report/index.html)", args.out_dir) : "");
  }
  return 0;
}

}  // namespace picket::cli

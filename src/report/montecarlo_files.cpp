// montecarlo.json and trials.csv: a Monte Carlo batch's statistics and its trials (docs/output.md).
#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "report/format.h"
#include "report/report.h"

namespace picket::report {
using nlohmann::json;

namespace {

json quantilesJson(const montecarlo::Quantiles& q, double scale) {
  return {{"mean", q.mean * scale}, {"p5", q.p5 * scale}, {"p50", q.p50 * scale}, {"p95", q.p95 * scale}};
}

}  // namespace

json montecarloJson(const montecarlo::BatchResult& b, const scenario::ScenarioConfig& config,
                    std::uint64_t first_trial) {
  const montecarlo::Statistics& s = b.statistics;
  json j;
  j["format"] = "picket-montecarlo/1";
  j["scenario"] = config.name;
  j["provenance"] = provenanceJson(config);
  j["provenance"]["first_trial"] = first_trial;
  j["provenance"]["trials"] = s.trials;
  j["trials"] = s.trials;
  j["failed_trials"] = s.failed;
  json failures = json::array();
  for (const montecarlo::TrialRecord& r : b.records)
    if (r.failed) failures.push_back({{"trial", r.trial}, {"reason", r.failure}});
  j["failures"] = failures;
  j["p_no_leaker"] = {{"estimate", s.no_leaker.estimate},
                      {"ci95", {s.no_leaker.lo, s.no_leaker.hi}},
                      {"interval", "Wilson score, 95 %"},
                      {"trials", s.no_leaker.trials},
                      {"successes", s.no_leaker.successes}};
  j["leakers"] = s.leakers;  // leakers[k]: trials in which k missiles were not destroyed
  json shooters = json::array();
  for (std::size_t k = 0; k < s.shots_per_shooter.size(); ++k)
    shooters.push_back({{"shooter", config.shooters.at(k).name}, {"interceptors", quantilesJson(s.shots_per_shooter[k], 1.0)}});
  j["interceptors_per_shooter"] = shooters;
  j["kills"] = s.kills;
  j["kill_alt_km"] = quantilesJson(s.kill_alt_m, 1e-3);
  return j;
}

std::string trialsCsv(const montecarlo::BatchResult& b, const scenario::ScenarioConfig& config) {
  std::string out = "trial,failed,missiles,leakers";
  for (const scenario::ShooterConfig& s : config.shooters) out += fmt::format(",{}", csvText(fmt::format("shots {}", s.name)));
  out += ",failure\n";
  for (const montecarlo::TrialRecord& r : b.records) {
    out += fmt::format("{},{},{},{}", r.trial, r.failed ? 1 : 0, r.missiles, r.leakers);
    for (std::size_t k = 0; k < config.shooters.size(); ++k)
      out += fmt::format(",{}", k < r.shots_per_shooter.size() ? r.shots_per_shooter[k] : 0);
    out += fmt::format(",{}\n", csvText(r.failure));
  }
  return out;
}

json montecarloPanels(const montecarlo::BatchResult& b, const scenario::ScenarioConfig& config) {
  const montecarlo::Statistics& s = b.statistics;
  json histograms = json::array();
  // Integer counts: one bin per value, edges at the half-integers' left ends (k to k + 1).
  const auto counts = [&](const std::string& title, const std::string& quantity, const std::vector<std::size_t>& c) {
    json edges = json::array(), n = json::array();
    for (std::size_t k = 0; k <= c.size(); ++k) edges.push_back(k);
    for (const std::size_t x : c) n.push_back(x);
    histograms.push_back({{"title", title}, {"quantity", quantity}, {"unit", ""}, {"edges", edges}, {"counts", n}});
  };
  counts("Missiles not destroyed", "leakers per trial", s.leakers);
  for (std::size_t k = 0; k < config.shooters.size(); ++k) {
    std::vector<std::size_t> c;
    for (const montecarlo::TrialRecord& r : b.records) {
      if (r.failed || k >= r.shots_per_shooter.size()) continue;
      const auto n = static_cast<std::size_t>(r.shots_per_shooter[k]);
      if (c.size() <= n) c.resize(n + 1, 0);
      ++c[n];
    }
    if (c.size() > 1) counts("Interceptors fired, " + config.shooters[k].name, "interceptors per trial", c);
  }
  // Kill altitudes in 10 km bins over their range.
  std::vector<double> alt_km;
  for (const montecarlo::TrialRecord& r : b.records)
    for (const double a : r.kill_alt_m) alt_km.push_back(a / 1e3);
  if (!alt_km.empty()) {
    const auto [lo_it, hi_it] = std::minmax_element(alt_km.begin(), alt_km.end());
    const double lo = 10.0 * std::floor(*lo_it / 10.0), hi = 10.0 * std::floor(*hi_it / 10.0) + 10.0;
    const auto bins = static_cast<std::size_t>(std::lround((hi - lo) / 10.0));
    std::vector<std::size_t> c(bins, 0);
    for (const double a : alt_km) ++c[std::min(bins - 1, static_cast<std::size_t>((a - lo) / 10.0))];
    json edges = json::array(), n = json::array();
    for (std::size_t k = 0; k <= bins; ++k) edges.push_back(lo + 10.0 * static_cast<double>(k));
    for (const std::size_t x : c) n.push_back(x);
    histograms.push_back(
        {{"title", "Altitude of the kills"}, {"quantity", "altitude"}, {"unit", "km"}, {"edges", edges}, {"counts", n}});
  }
  return {{"trials", s.trials}, {"histograms", histograms}, {"sweeps", json::array()},
          {"p_no_leaker", {{"estimate", s.no_leaker.estimate}, {"ci95", {s.no_leaker.lo, s.no_leaker.hi}}}}};
}

void writeMonteCarloOutputs(const montecarlo::BatchResult& b, const scenario::ScenarioConfig& config,
                            std::uint64_t first_trial, const std::filesystem::path& dir) {
  const std::string mc = montecarloJson(b, config, first_trial).dump(2) + "\n";
  const std::string trials = trialsCsv(b, config);
  writeAtomically(dir, "montecarlo.json", mc);
  writeAtomically(dir, "trials.csv", trials);
}

}  // namespace picket::report

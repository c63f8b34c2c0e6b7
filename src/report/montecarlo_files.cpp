// montecarlo.json and trials.csv: a Monte Carlo batch's statistics and its trials (docs/output.md).
#include <fmt/format.h>

#include "common/version.h"
#include "report/format.h"
#include "report/report.h"

namespace picket::report {
using nlohmann::json;

namespace {

// A CSV field, quoted, its quotes doubled (RFC 4180).
std::string quoted(const std::string& s) {
  std::string out;
  out.reserve(s.size() + 2);
  out.push_back('"');
  for (const char c : s) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

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
  j["provenance"] = {{"picket_version", std::string(picketVersion())},
                     {"commit", std::string(picketCommit())},
                     {"catalog_sha256", config.catalog_sha256},
                     {"scenario_file", config.where.file},
                     {"scenario_sha256", config.scenario_sha256},
                     {"seed", config.seed},
                     {"first_trial", first_trial},
                     {"trials", s.trials}};
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
  for (const scenario::ShooterConfig& s : config.shooters) out += fmt::format(",{}", quoted(fmt::format("shots {}", s.name)));
  out += ",failure\n";
  for (const montecarlo::TrialRecord& r : b.records) {
    out += fmt::format("{},{},{},{}", r.trial, r.failed ? 1 : 0, r.missiles, r.leakers);
    for (std::size_t k = 0; k < config.shooters.size(); ++k)
      out += fmt::format(",{}", k < r.shots_per_shooter.size() ? r.shots_per_shooter[k] : 0);
    out += fmt::format(",{}\n", quoted(r.failure));
  }
  return out;
}

void writeMonteCarloOutputs(const montecarlo::BatchResult& b, const scenario::ScenarioConfig& config,
                            std::uint64_t first_trial, const std::filesystem::path& dir) {
  const std::string mc = montecarloJson(b, config, first_trial).dump(2) + "\n";
  const std::string trials = trialsCsv(b, config);
  writeAtomically(dir, "montecarlo.json", mc);
  writeAtomically(dir, "trials.csv", trials);
}

}  // namespace picket::report

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
                    const world::Geography& geography, std::uint64_t trials_asked) {
  const montecarlo::Statistics& s = b.statistics;
  json j;
  j["format"] = "picket-montecarlo/1";
  j["scenario"] = config.name;
  j["provenance"] = provenanceJson(config);
  j["provenance"]["first_trial"] = 0;
  j["provenance"]["trials"] = s.trials;
  // A batch stopped (Ctrl-C) before the trials asked for is written as far as it went, and
  // `picket run ... --resume` carries it on from `checkpoint` (docs/montecarlo.md).
  j["complete"] = b.trials_done >= trials_asked || b.narrow_enough;
  j["trials_asked"] = trials_asked;
  j["trials"] = s.trials;
  j["failed_trials"] = s.failed;
  json failures = json::array();
  for (const auto& [trial, why] : s.failures) failures.push_back({{"trial", trial}, {"reason", why}});
  j["failures"] = failures;  // the first 100
  const auto proportion = [](const montecarlo::Proportion& p) {
    return json{{"estimate", p.estimate}, {"ci95", {p.lo, p.hi}}, {"interval", "Wilson score, 95 %"},
                {"trials", p.trials}, {"successes", p.successes}};
  };
  j["p_no_leaker"] = proportion(s.no_leaker);
  j["leakers"] = s.leakers;  // leakers[k]: trials in which k missiles were not destroyed and came down
  // By what the warheads carried, where the scenario labels them (a mixed barrage), and the rounds
  // spent on what was not a warhead (the truth, after each trial).
  if (s.labelled_nuclear) {
    j["p_no_nuclear_leaker"] = proportion(s.no_nuclear_leaker);
    j["nuclear_leakers"] = quantilesJson(s.nuclear_leakers.quantiles(true), 1.0);
    j["conventional_leakers"] = quantilesJson(s.conventional_leakers.quantiles(true), 1.0);
  }
  j["interceptors_not_at_warheads"] = quantilesJson(s.rounds_not_at_warheads.quantiles(true), 1.0);
  json shooters = json::array();
  for (std::size_t k = 0; k < s.shots_per_shooter.size(); ++k)
    shooters.push_back({{"shooter", config.shooters.at(k).name},
                        {"interceptors", quantilesJson(s.shots_per_shooter[k].quantiles(true), 1.0)}});
  j["interceptors_per_shooter"] = shooters;
  j["kills"] = s.kills();
  j["kill_alt_km"] = quantilesJson(s.kill_alt_m.quantiles(), 1e-3);
  j["kill_alt_km"]["bin_km"] = s.kill_alt_m.width / 1e3;
  json prefectures = json::array();
  for (const montecarlo::PrefectureStatistics& p : s.prefectures) {
    json e{{"prefecture", geography.prefectureName(p.prefecture)},
           {"trials_in_danger", p.in_danger},
           {"trials_alerted", p.alerted},
           {"false_alarms", p.false_alarms}};
    if (p.in_danger > 0) e["p_warned"] = proportion(p.warned);
    if (p.warning_s.n > 0) {
      e["warning_s"] = quantilesJson(p.warning_s.quantiles(), 1.0);
      e["warning_s"]["bin_s"] = p.warning_s.width;
    }
    prefectures.push_back(e);
  }
  j["prefectures"] = prefectures;
  j["p_false_alarm"] = proportion(s.false_alarm);    // a trial alerted a prefecture never in danger
  j["p_missed_alert"] = proportion(s.missed_alert);  // a prefecture in danger was not warned before it came
  j["checkpoint"] = {{"trials_done", b.trials_done}, {"statistics", b.accumulator.state()}};
  return j;
}

std::string trialsCsvHeader(const scenario::ScenarioConfig& config, const std::vector<std::string>& draw_names) {
  std::string out = "trial,failed,missiles,leakers";
  for (const scenario::ShooterConfig& s : config.shooters) out += fmt::format(",{}", csvText(fmt::format("shots {}", s.name)));
  for (const std::string& d : draw_names) out += fmt::format(",{}", csvText(d));
  out += ",failure\n";
  return out;
}

std::string trialsCsvLine(const montecarlo::TrialRecord& r, const scenario::ScenarioConfig& config, std::size_t draws) {
  std::string out = fmt::format("{},{},{},{}", r.trial, r.failed ? 1 : 0, r.missiles, r.leakers);
  for (std::size_t k = 0; k < config.shooters.size(); ++k)
    out += fmt::format(",{}", k < r.shots_per_shooter.size() ? r.shots_per_shooter[k] : 0);
  for (std::size_t k = 0; k < draws; ++k) {
    if (k < r.draws.size()) out += fmt::format(",{}", r.draws[k]);  // shortest text that reads back exactly
    else out.push_back(',');
  }
  out += fmt::format(",{}\n", csvText(r.failure));
  return out;
}

json montecarloPanels(const montecarlo::BatchResult& b, const scenario::ScenarioConfig& config) {
  const montecarlo::Statistics& s = b.statistics;
  json histograms = json::array();
  const auto add = [&](const std::string& title, const std::string& quantity, const std::string& unit,
                       const std::vector<std::size_t>& c, double width, double scale) {
    // Trimmed to the bins that hold something.
    std::size_t lo = 0, hi = c.size();
    while (lo < hi && c[lo] == 0) ++lo;
    while (hi > lo && c[hi - 1] == 0) --hi;
    json edges = json::array(), n = json::array();
    for (std::size_t k = lo; k <= hi; ++k) edges.push_back(static_cast<double>(k) * width * scale);
    for (std::size_t k = lo; k < hi; ++k) n.push_back(c[k]);
    histograms.push_back({{"title", title}, {"quantity", quantity}, {"unit", unit}, {"edges", edges}, {"counts", n}});
  };
  add("Missiles not destroyed", "leakers per trial", "", s.leakers, 1.0, 1.0);
  for (std::size_t k = 0; k < config.shooters.size() && k < s.shots_per_shooter.size(); ++k)
    if (s.shots_per_shooter[k].counts.size() > 1)
      add("Interceptors fired, " + config.shooters[k].name, "interceptors per trial", "", s.shots_per_shooter[k].counts,
          1.0, 1.0);
  if (s.kills() > 0) {
    // The 1 km bins gathered into 10 km ones.
    std::vector<std::size_t> c;
    for (std::size_t k = 0; k < s.kill_alt_m.counts.size(); ++k) {
      if (c.size() <= k / 10) c.resize(k / 10 + 1, 0);
      c[k / 10] += s.kill_alt_m.counts[k];
    }
    add("Altitude of the kills", "altitude", "km", c, 10.0 * s.kill_alt_m.width, 1e-3);
  }
  return {{"trials", s.trials}, {"histograms", histograms}, {"sweeps", json::array()},
          {"p_no_leaker", {{"estimate", s.no_leaker.estimate}, {"ci95", {s.no_leaker.lo, s.no_leaker.hi}}}}};
}

void writeMonteCarloJson(const montecarlo::BatchResult& b, const scenario::ScenarioConfig& config,
                         const world::Geography& geography, std::uint64_t trials_asked, const std::filesystem::path& dir) {
  writeAtomically(dir, "montecarlo.json", montecarloJson(b, config, geography, trials_asked).dump(2) + "\n");
}

}  // namespace picket::report

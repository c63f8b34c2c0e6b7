// The engagement files (docs/output.md): engagements.csv, coverage-<name>.geojson and .csv, the
// summary's `engagements` and `shots`, and the CZML's shooters and interceptor flights.
#include <fmt/format.h>

#include "report/format.h"
#include "report/report.h"
#include "simulation/scoring.h"
#include "report/wording.h"
#include "simulation/trial.h"

namespace picket::report {
using json = nlohmann::json;
using simulation::SimulationResult;

namespace {
const scenario::ShooterConfig& shooterOf(const SimulationResult& r, int i) { return r.config.shooters.at(static_cast<std::size_t>(i)); }
json optNum(const std::optional<double>& x, int decimals) { return x ? json(round_to(*x, decimals)) : json(nullptr); }
}  // namespace

std::string engagementsCsv(const SimulationResult& r) {
  const engagement::EngagementResult& e = r.engagement;
  std::string out = "row,threat,shooter,interceptor,feasible,reason,phase,launch_utc,intercept_utc,intercept_t_s,alt_km,"
                    "ground_range_km,closing_speed_mps,time_of_flight_s,shot,result,miss_m,divert_needed_mps,draw\n";
  for (const engagement::LayerAnswer& la : e.layers) {
    const scenario::ShooterConfig& s = shooterOf(r, la.shooter);
    const std::string threat = threatLabel(r, la.threat);
    if (!la.window.feasible) {
      out += fmt::format("opportunity,{},{},{},false,{},,,,,,,,,,,,,\n", csvText(threat), csvText(s.name), s.interceptor.id,
                         csvText(fmt::format("{}: {}", windowReasonName(la.window.reason), windowDetail(la.window))));
      continue;
    }
    for (const engagement::Opportunity& o : la.opportunities)
      out += fmt::format("opportunity,{},{},{},true,,{},{},{},{:.1f},{:.2f},{:.2f},{:.1f},{:.1f},,,,,\n", csvText(threat),
                         csvText(s.name), s.interceptor.id, engagement::phaseName(o.phase), utc(r, o.launch_t_s),
                         utc(r, o.intercept_t_s), o.intercept_t_s, o.alt_m / 1e3, o.ground_range_m / 1e3,
                         o.closing_speed_mps, o.tof_s);
  }
  for (const engagement::Shot& shot : e.shots) {
    const scenario::ShooterConfig& s = shooterOf(r, shot.shooter);
    out += fmt::format("shot,{},{},{},true,,{},{},{},{:.1f},{:.2f},{:.2f},{:.1f},{:.1f},{},{},{:.1f},{:.2f},{:.4f}\n",
                       csvText(threatLabel(r, shot.threat)), csvText(s.name), s.interceptor.id,
                       engagement::phaseName(shot.phase), utc(r, shot.launch_t_s), utc(r, shot.intercept_t_s),
                       shot.intercept_t_s, shot.alt_m / 1e3, shot.ground_range_m / 1e3, shot.end_game.closing_speed_mps,
                       shot.intercept_t_s - shot.launch_t_s, shot.number, csvText(shotResultName(shot.outcome)), shot.end_game.miss_m,
                       shot.end_game.divert_needed_mps, shot.draw);
  }
  return out;
}

void addEngagementSummary(const SimulationResult& r, json& j) {
  const engagement::EngagementResult& e = r.engagement;
  if (!e.ran) return;
  json layers = json::array();
  for (const engagement::LayerAnswer& la : e.layers) {
    const scenario::ShooterConfig& s = shooterOf(r, la.shooter);
    const engagement::EngagementWindow& w = la.window;
    json x = {{"threat", threatLabel(r, la.threat)},
              {"shooter", s.name},
              {"interceptor", s.interceptor.id},
              {"tier", s.interceptor.tier == scenario::InterceptorTier::kUpper ? "upper" : "lower"},
              {"feasible", w.feasible},
              {"reason", w.feasible ? json(nullptr) : json(windowReasonName(w.reason))},
              {"detail", w.feasible ? json(nullptr) : json(windowDetail(w))},
              {"fire_control_utc", optUtc(r, la.fire_control_t_s)},
              {"earliest_launch_utc", la.fire_control_t_s ? json(utc(r, w.earliest_launch_t_s)) : json(nullptr)},
              {"window_open_utc", w.feasible ? json(utc(r, w.open_t_s())) : json(nullptr)},
              {"window_close_utc", w.feasible ? json(utc(r, w.close_t_s())) : json(nullptr)},
              {"intercept_alt_km", w.feasible ? json(round_to(w.first.alt_m / 1e3, 1)) : json(nullptr)},
              {"intercept_alt_km_last", w.feasible ? json(round_to(w.last.alt_m / 1e3, 1)) : json(nullptr)},
              {"ground_range_km", w.feasible ? json(round_to(w.first.ground_range_m / 1e3, 1)) : json(nullptr)},
              {"closing_speed_mps", w.feasible ? json(round_to(w.first.closing_speed_mps, 0)) : json(nullptr)},
              {"time_after_launch_s", w.feasible ? json(round_to(w.first.intercept_t_s, 1)) : json(nullptr)},
              {"phase", w.feasible ? json(engagement::phaseName(w.first.phase)) : json(nullptr)},
              {"decision_deadline_utc", optUtc(r, la.decision_deadline_t_s)},
              {"decision_time_s", optNum(la.decision_time_s, 1)},
              {"boost_phase", {{"feasible", la.boost.feasible},
                               {"reason", la.boost.feasible ? json(nullptr) : json(windowReasonName(la.boost.reason))},
                               {"detail", la.boost.feasible ? json(nullptr) : json(windowDetail(la.boost))}}}};
    layers.push_back(std::move(x));
  }
  j["engagements"] = layers;
  json threats = json::array();
  for (const engagement::ThreatEvaluation& t : e.threats)
    threats.push_back({{"threat", threatLabel(r, t.threat)},
                       {"evaluation", evaluationText(t)},
                       {"engaged", t.engage},
                       {"predicted_impact", {{"lat_deg", round_to(t.impact_lat_deg, 4)}, {"lon_deg", round_to(t.impact_lon_deg, 4)}}},
                       {"shots", t.shots},
                       {"killed", t.killed},
                       {"killed_utc", optUtc(r, t.killed_t_s)}});
  j["threat_evaluation"] = threats;
  json shots = json::array();
  for (const engagement::Shot& shot : e.shots) {
    const scenario::ShooterConfig& s = shooterOf(r, shot.shooter);
    shots.push_back({{"shooter", s.name},
                     {"interceptor", s.interceptor.id},
                     {"target", threatLabel(r, shot.threat)},
                     {"shot", shot.number},
                     {"launch_utc", utc(r, shot.launch_t_s)},
                     {"intercept_utc", utc(r, shot.intercept_t_s)},
                     {"alt_km", round_to(shot.alt_m / 1e3, 2)},
                     {"ground_range_km", round_to(shot.ground_range_m / 1e3, 2)},
                     {"phase", engagement::phaseName(shot.phase)},
                     {"closing_speed_mps", round_to(shot.end_game.closing_speed_mps, 0)},
                     {"miss_m", round_to(shot.end_game.miss_m, 1)},
                     {"result", shotResultName(shot.outcome)}});
  }
  j["shots"] = shots;
  j["interceptors_at"] = simulation::roundsSpentOn(r);
  const simulation::Leakers leakers = simulation::leakersOf(r);
  j["leakers"] = {{"count", leakers.count},
                  {"nuclear", leakers.nuclear},
                  {"conventional", leakers.conventional},
                  {"not said", leakers.not_said}};
  json mags = json::object();
  for (std::size_t i = 0; i < e.magazine_left.size(); ++i)
    mags[r.config.shooters[i].name] = {{"loaded", r.config.shooters[i].magazine}, {"left", e.magazine_left[i]}};
  j["magazines"] = mags;
}

void addEngagementCzml(const SimulationResult& r, json& doc) {
  for (std::size_t i = 0; i < r.config.shooters.size(); ++i) {
    const scenario::ShooterConfig& s = r.config.shooters[i];
    doc.push_back({{"id", fmt::format("shooter-{}", i)},
                   {"name", s.name + " (" + s.interceptor.name + ")"},
                   {"position", {{"cartographicDegrees", {round_to(s.lon_deg, 6), round_to(s.lat_deg, 6), round_to(s.alt_m, 1)}}}},
                   {"point", {{"pixelSize", 9}, {"color", {{"rgba", {120, 255, 120, 255}}}}}},
                   {"label", {{"text", s.name}, {"font", "11pt sans-serif"}, {"pixelOffset", {{"cartesian2", {0, 16}}}}}}});
  }
  int n = 0;
  for (const engagement::Shot& shot : r.engagement.shots) {
    json coords = json::array();
    const double t0 = shot.flight.empty() ? shot.launch_t_s : shot.flight.front().t_s;
    for (const engagement::ShotPoint& p : shot.flight)
      for (const double x : {round_to(p.t_s - t0, 3), round_to(p.lon_deg, 6), round_to(p.lat_deg, 6), round_to(p.alt_m, 1)})
        coords.push_back(x);
    const std::string epoch = utc(r, t0);
    doc.push_back({{"id", fmt::format("interceptor-{}", ++n)},
                   {"name", fmt::format("{} #{} ({})", shooterOf(r, shot.shooter).interceptor.name, shot.number, shotResultName(shot.outcome))},
                   {"availability", epoch + "/" + utc(r, shot.intercept_t_s)},
                   {"position", {{"epoch", epoch}, {"cartographicDegrees", coords}}},
                   {"point", {{"pixelSize", 6}, {"color", {{"rgba", {120, 255, 120, 255}}}}}},
                   {"path", {{"width", 2}, {"leadTime", 0}, {"trailTime", 1e6}, {"material", {{"solidColor", {{"color", {{"rgba", {120, 255, 120, 200}}}}}}}}}}});
    doc.push_back({{"id", fmt::format("intercept-{}", n)},
                   {"name", fmt::format("Intercept point: {}", shotResultName(shot.outcome))},
                   {"availability", utc(r, shot.intercept_t_s) + "/" + utc(r, r.endTime_s())},
                   {"position", {{"cartographicDegrees", {round_to(shot.flight.empty() ? 0.0 : shot.flight.back().lon_deg, 6),
                                                         round_to(shot.flight.empty() ? 0.0 : shot.flight.back().lat_deg, 6),
                                                         round_to(shot.alt_m, 1)}}}},
                   {"point", {{"pixelSize", 12}, {"color", {{"rgba", shot.kill ? json{255, 255, 255, 255} : json{255, 60, 60, 255}}}}}}});
  }
}

std::string coverageGeoJson(const engagement::CoverageMap& m) {
  json features = json::array();
  const bool grid = m.config.kind == scenario::CoverageKind::kShooterGrid;
  for (const engagement::CoverageCell& c : m.cells) {
    const double a = c.lat_deg - m.cell_dlat_deg / 2, b = c.lat_deg + m.cell_dlat_deg / 2;
    const double w = c.lon_deg - m.cell_dlon_deg / 2, e = c.lon_deg + m.cell_dlon_deg / 2;
    json props = {{"feasible", c.feasible}};
    if (grid) {
      props["window_s"] = round_to(c.window_s, 1);
      props["decision_margin_s"] = round_to(c.decision_margin_s, 1);
      props["first_intercept_alt_km"] = c.feasible ? json(round_to(c.first_intercept_alt_m / 1e3, 1)) : json(nullptr);
      props["reason"] = c.feasible ? json(nullptr) : json(windowReasonName(c.reason));
    } else {
      props["flights"] = c.flights;
      props["engageable"] = c.engageable;
    }
    features.push_back({{"type", "Feature"},
                        {"geometry", {{"type", "Polygon"},
                                      {"coordinates", {{{round_to(w, 5), round_to(a, 5)}, {round_to(e, 5), round_to(a, 5)},
                                                        {round_to(e, 5), round_to(b, 5)}, {round_to(w, 5), round_to(b, 5)},
                                                        {round_to(w, 5), round_to(a, 5)}}}}}},
                        {"properties", props}});
  }
  json doc = {{"type", "FeatureCollection"},
              {"name", m.config.name},
              {"picket", {{"kind", grid ? "shooter-grid" : "defended-footprint"},
                          {"interceptor", m.config.interceptor.id},
                          {"rows", m.config.rows},
                          {"cols", m.config.cols},
                          {"feasible_cells", m.feasible_cells},
                          {"feasible_area_km2", round_to(m.feasible_area_km2, 0)}}},
              {"features", features}};
  if (!grid) doc["picket"]["shooter"] = {round_to(m.config.shooter_lon_deg, 6), round_to(m.config.shooter_lat_deg, 6)};
  return doc.dump() + "\n";
}

std::string coverageCsv(const engagement::CoverageMap& m) {
  std::string out = "lat_deg,lon_deg,feasible,window_s,decision_margin_s,first_intercept_alt_km,reason,flights,engageable\n";
  for (const engagement::CoverageCell& c : m.cells)
    out += fmt::format("{:.5f},{:.5f},{},{:.1f},{:.1f},{},{},{},{}\n", c.lat_deg, c.lon_deg, c.feasible, c.window_s,
                       c.decision_margin_s, c.feasible ? fmt::format("{:.1f}", c.first_intercept_alt_m / 1e3) : "",
                       windowReasonName(c.reason), c.flights, c.engageable);
  return out;
}

}  // namespace picket::report

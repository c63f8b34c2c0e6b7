// The defence's files (docs/output.md): detections.csv, tracks.csv, impact-prediction.csv,
// alerts.json, the summary's defence fields and the CZML's sensors.
#include <algorithm>
#include <array>
#include <cmath>

#include <fmt/format.h>

#include "common/constants.h"
#include "report/format.h"
#include "report/report.h"
#include "scenario/alert_policies.h"

namespace picket::report {
namespace c = picket::constants;
using json = nlohmann::json;
using simulation::SimulationResult;

namespace {
const std::string& sensorName(const SimulationResult& r, int i) { return r.config.sensors.at(static_cast<std::size_t>(i)).name; }
}  // namespace

std::string detectionsCsv(const SimulationResult& r) {
  const simulation::DefenceResult& d = r.defence;
  std::string out = "t_s,utc,sensor,kind,truth_object,merged_objects,range_m,azimuth_deg,elevation_deg,sigma_range_m,"
                    "sigma_azimuth_deg,sigma_elevation_deg,snr_db,report_t_s,los_a_urad,los_b_urad\n";
  for (std::size_t i = 0; i < d.radar_detections.size(); ++i) {
    const sensors::RadarDetection& x = d.radar_detections[i];
    const sensors::DetectionTruth& truth = d.radar_truth.at(i);
    out += fmt::format("{:.3f},{},{},radar,{},{},{:.2f},{:.5f},{:.5f},{:.2f},{:.5f},{:.5f},{:.2f},{:.3f},,\n", x.t_s,
                       utc(r, x.t_s), csvText(sensorName(r, x.sensor)),
                       csvText(d.objects.at(static_cast<std::size_t>(truth.object)).name), truth.merged, x.z.x(),
                       x.z.y() * c::kRadToDeg, x.z.z() * c::kRadToDeg, std::sqrt(x.R(0, 0)),
                       std::sqrt(x.R(1, 1)) * c::kRadToDeg, std::sqrt(x.R(2, 2)) * c::kRadToDeg, 10.0 * std::log10(x.snr),
                       x.t_s);
  }
  for (std::size_t i = 0; i < d.infrared_detections.size(); ++i) {
    const sensors::InfraredDetection& x = d.infrared_detections[i];
    out += fmt::format("{:.3f},{},{},infrared,{},1,,,,,,,,{:.3f},{:.3f},{:.3f}\n", x.t_s, utc(r, x.t_s),
                       csvText(sensorName(r, x.sensor)),
                       csvText(d.objects.at(static_cast<std::size_t>(d.infrared_truth.at(i).object)).name), x.report_t_s,
                       x.z.x() * 1e6, x.z.y() * 1e6);
  }
  return out;
}

std::string tracksCsv(const SimulationResult& r) {
  // State in ECI (docs/notation.md), then the upper triangle of its covariance, row by row.
  static const char* names[] = {"x", "y", "z", "vx", "vy", "vz", "inv_beta"};
  std::string out = "t_s,utc,track,object,sensor,confirmed,nis,lat_deg,lon_deg,alt_m,x_eci_m,y_eci_m,z_eci_m,vx_eci_mps,vy_eci_mps,"
                    "vz_eci_mps,inv_beta_m2pkg";
  for (int i = 0; i < tracking::kStateDim; ++i)
    for (int j = i; j < tracking::kStateDim; ++j) out += fmt::format(",P_{}_{}", names[i], names[j]);
  out += "\n";
  const world::Earth earth(world::EarthOptions::from(r.config.physics), r.config.launch.time);
  for (const simulation::TrackRecord& t : r.defence.tracks) {
    const world::Geodetic g = earth.geodeticFromEcef(earth.ecefFromEci(t.x.head<3>(), t.t_s));
    out += fmt::format("{:.3f},{},{},{},{},{},{:.3f},{:.6f},{:.6f},{:.1f}", t.t_s, utc(r, t.t_s), t.track, t.object,
                       csvText(sensorName(r, t.sensor)), t.confirmed ? 1 : 0, t.nis, g.lat_deg, g.lon_deg, g.alt_m);
    for (int i = 0; i < 6; ++i) out += fmt::format(",{:.3f}", t.x(i));
    out += fmt::format(",{:.6e}", t.x(6));
    for (int i = 0; i < tracking::kStateDim; ++i)
      for (int j = i; j < tracking::kStateDim; ++j) out += fmt::format(",{:.6e}", t.P(i, j));
    out += "\n";
  }
  return out;
}

std::string impactPredictionCsv(const SimulationResult& r) {
  std::string out = "t_s,utc,track,object,truth_object,impact_t_s,impact_utc,impact_t_sigma_s,lat_deg,lon_deg,semi_major_m,"
                    "semi_minor_m,orientation_deg,probability,miss_from_truth_m\n";
  const simulation::DefenceResult& d = r.defence;
  const world::Earth earth(world::EarthOptions::from(r.config.physics), r.config.launch.time);
  for (const tracking::ImpactPrediction& p : d.predictions) {
    const int truth = d.track_truth.at(static_cast<std::size_t>(p.track));
    std::string miss, name;
    if (truth >= 0) {
      const simulation::TrueObjectInfo& o = d.objects.at(static_cast<std::size_t>(truth));
      name = o.name;
      miss = fmt::format("{:.1f}", earth.inverse(p.lat_deg, p.lon_deg, o.impact_lat_deg, o.impact_lon_deg).distance_m);
    }
    out += fmt::format("{:.3f},{},{},{},{},{:.3f},{},{:.3f},{:.6f},{:.6f},{:.1f},{:.1f},{:.2f},{:.2f},{}\n", p.made_at_s,
                       utc(r, p.made_at_s), p.track, p.object, csvText(name), p.impact_t_s, utc(r, p.impact_t_s), p.impact_t_sigma_s,
                       p.lat_deg, p.lon_deg, p.semi_major_m, p.semi_minor_m, p.orientation_deg, p.probability, miss);
  }
  return out;
}

json alertsJson(const SimulationResult& r) {
  const simulation::DefenceResult& d = r.defence;
  json messages = json::array();
  for (const alerts::AlertMessage& m : d.alerts.messages) {
    json names = json::array();
    for (int p : m.prefectures)
      for (const alerts::PrefectureOutcome& o : d.alerts.prefectures)
        if (o.prefecture == p) names.push_back(o.name);
    json msg = {{"kind", alerts::kindName(m.kind)},
                {"t_s", round_to(m.t_s, 3)},
                {"utc", utc(r, m.t_s)},
                {"local", formatLocal(r.utc(m.t_s), r.config.output.time_zone)},
                {"prefectures", names}};
    if (!m.blocks.empty()) msg["blocks"] = m.blocks;
    msg["objects"] = m.objects;
    messages.push_back(msg);
  }
  json prefs = json::array();
  for (const alerts::PrefectureOutcome& o : d.alerts.prefectures) {
    prefs.push_back({{"prefecture", o.name},
                     {"alert_utc", optUtc(r, o.alert_t_s)},
                     {"withdrawn_utc", optUtc(r, o.withdrawn_t_s)},
                     {"event_utc", optUtc(r, o.event_t_s)},
                     {"event", o.impact ? "impact" : o.overflown ? "overflight" : "none"},
                     {"under_a_prediction", o.predicted_under},
                     {"warning_s", o.warning_s ? json(round_to(*o.warning_s, 1)) : json(nullptr)}});
  }
  const scenario::AlertConfig& a = r.config.alerts;
  const scenario::AlertPolicyInfo& policy = scenario::alertPolicyInfo(a.policy);
  return json{{"format", "picket-alerts/1"},
              {"rules",
               {{"policy", policy.name},
                {"policy_summary", policy.summary},
                {"policy_chosen_by", a.policy_given ? "scenario" : "launch date"},
                {"in_force_from_jst", policy.from_jst.empty() ? json(nullptr) : json(policy.from_jst)},
                {"in_force_to_jst", policy.to_jst.empty() ? json(nullptr) : json(policy.to_jst)},
                {"latency_s", a.latency_s},
                {"settle_semi_major_km", a.settle_semi_major_m / 1e3},
                {"settle_shift_km", a.settle_shift_m / 1e3},
                {"settle_window_s", a.settle_window_s},
                {"corridor_half_width_km", a.corridor_half_width_m / 1e3},
                {"ellipse_probability", a.ellipse_probability},
                {"ellipse_max_semi_major_km", a.ellipse_max_semi_major_m / 1e3},
                {"passed_latency_s", a.passed_latency_s},
                {"all_clear_latency_s", a.all_clear_latency_s},
                {"withdraw", a.withdraw}}},
              {"first_settled_prediction_utc", optUtc(r, d.alerts.first_settled_t_s)},
              {"messages", messages},
              {"prefectures", prefs},
              {"overflown_not_alerted", d.alerts.overflownNotAlerted()},
              {"alerted_not_overflown", d.alerts.alertedNotOverflown()}};
}

void addDefenceSummary(const SimulationResult& r, json& j) {
  const simulation::DefenceResult& d = r.defence;
  if (!d.ran) return;
  json first = json::array();
  for (const simulation::SensorSummary& s : d.sensors) {
    json e = {{"sensor", s.name}, {"type", s.type}, {"utc", optUtc(r, s.first_detection_t_s)}, {"detections", s.detections}};
    if (s.infrared) e["report_utc"] = optUtc(r, s.first_report_t_s);
    first.push_back(e);
  }
  j["first_detection"] = first;
  j["track_established_utc"] = optUtc(r, d.track_established_t_s);
  // The first missile's at the top level; every missile's in `warheads`.
  json warheads = json::array();
  for (std::size_t k = 0; k < d.warheads.size(); ++k) {
    const simulation::WarheadPrediction& w = d.warheads[k];
    json e = {{"threat", r.threats.at(k).name}, {"ipp_converged_utc", optUtc(r, w.ipp_converged_t_s)}};
    if (w.final_prediction) {
      const tracking::ImpactPrediction& p = *w.final_prediction;
      e["predicted_impact"] = {{"made_utc", utc(r, p.made_at_s)},       {"lat_deg", round_to(p.lat_deg, 6)},
                               {"lon_deg", round_to(p.lon_deg, 6)},     {"semi_major_km", round_to(p.semi_major_m / 1e3, 3)},
                               {"semi_minor_km", round_to(p.semi_minor_m / 1e3, 3)},
                               {"zone", world::zoneName(w.predicted_zone)}};
    }
    warheads.push_back(e);
  }
  j["ipp_converged_within_km"] = d.ipp_converged_m / 1e3;
  if (!warheads.empty()) {
    j["ipp_converged_utc"] = warheads.front()["ipp_converged_utc"];
    if (warheads.front().contains("predicted_impact")) j["predicted_impact"] = warheads.front()["predicted_impact"];
  }
  j["warheads"] = warheads;
  if (d.final_cue) {
    const sensors::LaunchCue& cue = *d.final_cue;
    j["launch_estimate"] = {{"report_utc", utc(r, cue.report_t_s)},
                            {"launch_utc", utc(r, cue.launch_t_s)},
                            {"launch_sigma_s", round_to(cue.launch_t_sigma_s, 2)},
                            {"lat_deg", round_to(cue.lat_deg, 5)},
                            {"lon_deg", round_to(cue.lon_deg, 5)},
                            {"position_sigma_km", round_to(cue.position_sigma_m / 1e3, 3)},
                            {"heading_deg", cue.heading_deg ? json(round_to(*cue.heading_deg, 2)) : json(nullptr)},
                            {"heading_sigma_deg", cue.heading_sigma_deg ? json(round_to(*cue.heading_sigma_deg, 2)) : json(nullptr)}};
  }
  json alerts = json::array();
  for (const alerts::PrefectureOutcome& o : d.alerts.prefectures) {
    if (!o.alert_t_s) continue;
    alerts.push_back({{"prefecture", o.name},
                      {"alert_utc", utc(r, *o.alert_t_s)},
                      {"event_utc", optUtc(r, o.event_t_s)},
                      {"warning_s", o.warning_s ? json(round_to(*o.warning_s, 1)) : json(nullptr)}});
  }
  j["alerts"] = alerts;
  j["alert_policy"] = std::string(scenario::alertPolicyInfo(r.config.alerts.policy).name);
  // The defence's objects (after correlation) and the track quality against the truth.
  json objs = json::array();
  for (const simulation::ObjectRecord& o : d.tracked_objects) {
    const simulation::TrueObjectInfo* truth = d.objectTruth(o.id);
    objs.push_back({{"object", o.id},
                    {"family", o.family},
                    {"tracks", o.tracks},
                    {"first_utc", utc(r, o.first_s)},
                    {"last_utc", utc(r, o.last_s)},
                    {"rcs_m2", round_to(o.rcs_m2, 4)},
                    {"may_be_warhead", o.lethal},
                    {"light_from_utc", o.light_from_t_s ? json(utc(r, *o.light_from_t_s)) : json(nullptr)},
                    {"p_lethal", round_to(o.p_lethal, 4)},
                    {"truth", truth != nullptr ? json(truth->name) : json(nullptr)}});
  }
  j["tracked_objects"] = objs;
  const tracking::TrackMetrics& m = d.metrics;
  json per_truth = json::array();
  for (const tracking::TruthContinuity& c : m.truths)
    per_truth.push_back({{"object", c.name},
                         {"tracks", c.tracks},
                         {"correlated_objects", c.objects},
                         {"held", round_to(c.held, 4)},
                         {"longest_track_segment", round_to(c.longest_segment, 4)}});
  j["track_quality"] = {{"completeness", round_to(m.completeness, 4)},
                        {"ambiguity", round_to(m.ambiguity, 4)},
                        {"spuriousness", round_to(m.spuriousness, 4)},
                        {"position_accuracy_m", round_to(m.position_accuracy_m, 1)},
                        {"ospa_m", round_to(m.ospa_m, 1)},
                        {"ospa_cutoff_m", m.options.ospa_cutoff_m},
                        {"ospa_order", m.options.ospa_order},
                        {"association_m", m.options.association_m},
                        {"tracks_per_truth", round_to(m.tracks_per_truth, 3)},
                        {"max_tracks_per_truth", m.max_tracks_per_truth},
                        {"objects_per_truth", round_to(m.objects_per_truth, 3)},
                        {"max_objects_per_truth", m.max_objects_per_truth},
                        {"longest_track_segment", round_to(m.longest_segment, 4)},
                        {"per_truth", per_truth}};
  j["overflown_not_alerted"] = d.alerts.overflownNotAlerted();
  j["alerted_not_overflown"] = d.alerts.alertedNotOverflown();
}

void addDefenceCzml(const SimulationResult& r, json& doc, std::size_t stride) {
  const simulation::DefenceResult& d = r.defence;
  if (!d.ran) return;
  for (std::size_t i = 0; i < d.sensors.size(); ++i) {
    const simulation::SensorSummary& s = d.sensors[i];
    json e = {{"id", fmt::format("sensor-{}", i)},
              {"name", s.name + " (" + s.type_name + ")"},
              {"position", {{"cartographicDegrees", {round_to(s.lon_deg, 6), round_to(s.lat_deg, 6), round_to(s.alt_m, 1)}}}},
              {"point", {{"pixelSize", 8}, {"color", {{"rgba", s.infrared ? json{255, 80, 200, 255} : json{80, 200, 255, 255}}}}}},
              {"label", {{"text", s.name}, {"font", "11pt sans-serif"}, {"pixelOffset", {{"cartesian2", {0, -16}}}}}}};
    if (!s.infrared) {
      // Coverage: the instrumented range as a translucent dome (the field of regard is in the
      // sensor's catalog entry; the dome shows reach, not the sector).
      e["ellipsoid"] = {{"radii", {{"cartesian", {s.coverage_m, s.coverage_m, s.coverage_m}}}},
                        {"maximumCone", 1.5707963},
                        {"material", {{"solidColor", {{"color", {{"rgba", {80, 200, 255, 40}}}}}}}},
                        {"outline", false}};
    }
    doc.push_back(e);
  }
  // Each warhead's predicted impact point and 95 % ellipse, each shown until the next one is made,
  // so the ellipse shrinks as the track firms up: up to 40 a warhead, spread over time (fewer in a
  // big raid: 600 in all).
  const std::string stop = utc(r, r.endTime_s());
  const std::size_t per_warhead = std::clamp<std::size_t>(600 / std::max<std::size_t>(r.threats.size(), 1), 3, 40);
  std::vector<std::vector<const tracking::ImpactPrediction*>> by_threat(r.threats.size());  // time order
  for (const tracking::ImpactPrediction& p : d.predictions)
    if (const int k = d.warheadThreat(p.track); k >= 0) by_threat[static_cast<std::size_t>(k)].push_back(&p);
  for (std::size_t k = 0; k < r.threats.size(); ++k) {
    const std::vector<const tracking::ImpactPrediction*>& mine = by_threat[k];
    if (mine.empty()) continue;
    const double span_s = mine.back()->made_at_s - mine.front()->made_at_s;
    const double gap_s = span_s / static_cast<double>(per_warhead);
    std::vector<const tracking::ImpactPrediction*> shown = {mine.front()};
    double last_s = mine.front()->made_at_s;
    for (std::size_t i = 1; i < mine.size(); ++i)
      if (i + 1 == mine.size() || mine[i]->made_at_s >= last_s + gap_s) {  // the final prediction, always
        shown.push_back(mine[i]);
        last_s = mine[i]->made_at_s;
      }
    for (std::size_t i = 0; i < shown.size(); ++i) {
      const tracking::ImpactPrediction& p = *shown[i];
      const std::string until = i + 1 < shown.size() ? utc(r, shown[i + 1]->made_at_s) : stop;
      doc.push_back({{"id", fmt::format("ipp-{}-{}", k + 1, i + 1)},
                     {"name", fmt::format("{}Predicted impact ({} x {} km, 95 %)", r.linePrefix(r.threats[k]),
                                          round_to(p.semi_major_m / 1e3, 2), round_to(p.semi_minor_m / 1e3, 2))},
                     {"availability", utc(r, p.made_at_s) + "/" + until},
                     {"position", {{"cartographicDegrees", {round_to(p.lon_deg, 6), round_to(p.lat_deg, 6), 0.0}}}},
                     {"point", {{"pixelSize", 5}, {"color", {{"rgba", {255, 255, 0, 255}}}}}},
                     {"ellipse",
                      {{"semiMajorAxis", std::max(p.semi_major_m, 1.0)},
                       {"semiMinorAxis", std::max(p.semi_minor_m, 1.0)},
                       {"rotation", (90.0 - p.orientation_deg) * c::kDegToRad},
                       {"material", {{"solidColor", {{"color", {{"rgba", {255, 255, 0, 90}}}}}}}}}}});
    }
  }
  // Spent stages, from separation to their own impact.
  for (std::size_t o = 0; o < d.objects.size(); ++o) {
    const simulation::TrueObjectInfo& obj = d.objects[o];
    if (obj.path_Ecef.empty()) continue;
    json cart = json::array();
    for (std::size_t i = 0; i < obj.path_Ecef.size(); ++i) {
      if (i % stride != 0 && i + 1 != obj.path_Ecef.size()) continue;
      const std::array<double, 4>& q = obj.path_Ecef[i];
      for (const double x : {round_to(q[0], 3), round_to(q[1], 1), round_to(q[2], 1), round_to(q[3], 1)}) cart.push_back(x);
    }
    doc.push_back({{"id", fmt::format("stage-{}", obj.threat + 1)},
                   {"name", obj.name},
                   {"availability", utc(r, obj.path_Ecef.front()[0]) + "/" + utc(r, obj.path_Ecef.back()[0])},
                   {"position",
                    {{"epoch", utc(r, 0.0)}, {"referenceFrame", "FIXED"}, {"interpolationAlgorithm", "LAGRANGE"},
                     {"interpolationDegree", 3}, {"cartesian", cart}}},
                   {"point", {{"pixelSize", 6}, {"color", {{"rgba", {170, 170, 170, 255}}}}}},
                   {"path",
                    {{"width", 1}, {"leadTime", 0}, {"trailTime", 1e6}, {"resolution", 10},
                     {"material", {{"solidColor", {{"color", {{"rgba", {170, 170, 170, 160}}}}}}}}}}});
  }
}

}  // namespace picket::report

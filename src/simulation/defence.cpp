#include "simulation/defence.h"

#include <algorithm>
#include <cmath>
#include <deque>
#include <map>

#include <fmt/format.h>

#include "common/constants.h"
#include "common/random.h"

namespace picket::simulation {
namespace c = picket::constants;

namespace {

// Impact predictions follow every update, at most once a second per track: radars revisiting
// faster add nothing a person could act on, and each prediction flies 15 sigma points.
constexpr double kPredictionInterval_s = 1.0;
// Without infrared satellites nothing tells the tracker the boost has ended: it keeps the boost
// process noise for this long after its first detection.
constexpr double kBoostGuardWithoutInfrared_s = 120.0;

double lastThrust_s(const flight::FlightResult& fr) {
  double t = 0.0;
  for (const flight::FlightEvent& e : fr.events)
    if (e.kind == flight::EventKind::kBurnout || e.kind == flight::EventKind::kCutoff) t = std::max(t, e.t_s);
  return t;
}

}  // namespace

DefenceResult runDefence(const scenario::ScenarioConfig& config, const world::Geography& geography,
                         const world::Earth& earth, const world::Atmosphere& atmosphere, const TruthForDefence& truth) {
  DefenceResult res;
  if (config.sensors.empty()) return res;
  res.ran = true;
  const flight::FlightModels models{earth, atmosphere};
  const bool raid = !config.raid.empty();

  // --- the true objects: per missile, its warhead (or the missile carrying it) and spent stage ---
  std::vector<sensors::TruthObject> objects;
  std::deque<flight::FlightResult> bodies;  // kept alive (and in place) for the objects' trajectory pointers
  double t_end = 0.0;
  for (std::size_t k = 0; k < truth.missiles.size(); ++k) {
    const TruthForDefence::Missile& tm = truth.missiles[k];
    const flight::FlightResult& fr = *tm.flight;
    const std::string prefix = raid ? tm.name + " " : "";
    const int threat = static_cast<int>(k);
    const double start = fr.trajectory.startTime_s();
    t_end = std::max(t_end, fr.impact.t_s);  // sensors look until the last warhead is down
    const auto info = [&](const sensors::TruthObject& o, const flight::FlightResult& f, bool warhead) {
      res.objects.push_back({o.name, o.start_s, f.impact.t_s, f.impact.position.lat_deg, f.impact.position.lon_deg,
                             threat, warhead, {}});
    };
    if (const scenario::MissileConfig* m = tm.config) {
      double stack_rcs = 0.0;
      for (const scenario::StageConfig& st : m->stages) stack_rcs = std::max(stack_rcs, st.rcs_m2);
      const bool separates = m->payload.separates;
      const double sep = separates ? fr.separation_t_s : fr.impact.t_s;
      objects.push_back({prefix + (separates ? "warhead" : "missile"), &fr.trajectory, start, fr.impact.t_s,
                         separates ? m->payload.rcs_m2 : stack_rcs, stack_rcs, sep, lastThrust_s(fr)});
      info(objects.back(), fr, true);
      if (separates && fr.separation_t_s > 0.0) {
        // The spent last stage: dry mass over its hypersonic drag area, pushed back by the separation.
        const scenario::StageConfig& last = m->stages.back();
        const double area = c::kPi * last.diameter_m * last.diameter_m / 4.0;
        const double cd = last.cd_vs_mach.empty() ? 1.0 : last.cd_vs_mach.back().second;
        flight::Sample s = fr.trajectory.at(fr.separation_t_s);
        const world::Vec3 v_rel = s.v_Eci_mps - earth.w_EarthEci_radps().cross(s.p_Eci_m);
        s.v_Eci_mps -= m->payload.separation_speed_mps * v_rel.normalized();
        s.mass_kg = last.dry_mass_kg;
        flight::FlightOptions fo;
        bodies.emplace_back();
        flight::flyBody(models, s, last.dry_mass_kg / (cd * area), fo, bodies.back());
        objects.push_back({prefix + "spent stage", &bodies.back().trajectory, fr.separation_t_s,
                           bodies.back().impact.t_s, last.rcs_m2, last.rcs_m2, 0.0, 0.0});
        info(objects.back(), bodies.back(), false);
        const flight::FlightResult& body = bodies.back();
        for (double t = fr.separation_t_s;; t = std::min(t + 10.0, body.impact.t_s)) {
          const world::Vec3 p = earth.ecefFromEci(body.trajectory.at(t).p_Eci_m, t);
          res.objects.back().path_Ecef.push_back({t, p.x(), p.y(), p.z()});
          if (t >= body.impact.t_s) break;
        }
      }
    } else {
      const double rcs = config.burnout ? config.burnout->rcs_m2 : 0.0;
      objects.push_back({prefix + "warhead", &fr.trajectory, start, fr.impact.t_s, rcs, rcs, 0.0, 0.0});
      info(objects.back(), fr, true);
    }
  }
  // --- sensors and their detections -----------------------------------------------------------
  std::vector<sensors::Radar> radars;
  std::vector<sensors::InfraredSatellite> satellites;
  for (std::size_t i = 0; i < config.sensors.size(); ++i) {
    const scenario::SensorConfig& s = config.sensors[i];
    SensorSummary sum;
    sum.name = s.name;
    sum.type = s.type;
    sum.type_name = s.type_name;
    RandomStream rng(config.seed, "sensor:" + s.name);
    if (s.kind == scenario::SensorKind::kRadar) {
      radars.emplace_back(earth, s, static_cast<int>(i));
      const std::size_t before = res.radar_detections.size();
      sensors::observe(radars.back(), earth, objects, t_end, rng, res.radar_detections);
      sum.detections = static_cast<int>(res.radar_detections.size() - before);
      if (sum.detections > 0) sum.first_detection_t_s = res.radar_detections[before].t_s;
      sum.lat_deg = s.lat_deg;
      sum.lon_deg = s.lon_deg;
      sum.alt_m = s.alt_m;
      sum.coverage_m = s.radar.instrumented_range_m;
    } else {
      satellites.emplace_back(earth, s, static_cast<int>(i));
      const std::size_t before = res.infrared_detections.size();
      sensors::observe(satellites.back(), earth, objects, t_end, rng, res.infrared_detections);
      sum.infrared = true;
      sum.detections = static_cast<int>(res.infrared_detections.size() - before);
      if (sum.detections > 0) {
        sum.first_detection_t_s = res.infrared_detections[before].t_s;
        sum.first_report_t_s = res.infrared_detections[before].report_t_s;
      }
      const world::Geodetic g =
          earth.geodeticFromEcef(earth.ecefFromEci(satellites.back().p_Satellite_Eci(0.0), 0.0));
      sum.lat_deg = g.lat_deg;
      sum.lon_deg = g.lon_deg;
      sum.alt_m = g.alt_m;
    }
    res.sensors.push_back(std::move(sum));
  }
  std::stable_sort(res.radar_detections.begin(), res.radar_detections.end(),
                   [](const sensors::RadarDetection& a, const sensors::RadarDetection& b) {
                     return a.t_s != b.t_s ? a.t_s < b.t_s : a.sensor < b.sensor;
                   });
  std::stable_sort(res.infrared_detections.begin(), res.infrared_detections.end(),
                   [](const sensors::InfraredDetection& a, const sensors::InfraredDetection& b) {
                     return a.report_t_s < b.report_t_s;
                   });

  // --- the infrared cue, as it stood after each report ------------------------------------------
  std::vector<sensors::LaunchCue> cues;
  for (std::size_t i = 0; i < res.infrared_detections.size(); ++i) {
    const double t = res.infrared_detections[i].report_t_s;
    if (i + 1 < res.infrared_detections.size() && res.infrared_detections[i + 1].report_t_s == t) continue;
    if (auto cue = sensors::estimateLaunch(satellites, res.infrared_detections, earth, t)) cues.push_back(*cue);
  }
  if (!cues.empty()) res.final_cue = cues.back();

  // --- tracking --------------------------------------------------------------------------------
  const tracking::BallisticModel model(earth, atmosphere,
                                       {config.tracking.atmosphere_edge_m, config.tracking.max_step_s,
                                        config.tracking.inv_beta_process_noise});
  const tracking::EkfPredictor ekf_p(model);
  const tracking::UkfPredictor ukf_p(model);
  const tracking::EkfUpdater ekf_u;
  const tracking::UkfUpdater ukf_u;
  const bool ukf = config.tracking.filter == scenario::FilterKind::kUkf;
  const tracking::GnnAssociator gnn;
  const tracking::Tracker tracker(ukf ? static_cast<const tracking::Predictor&>(ukf_p) : ekf_p,
                                  ukf ? static_cast<const tracking::Updater&>(ukf_u) : ekf_u, gnn, radars,
                                  tracking::TrackerOptions::from(config.tracking));
  tracking::TrackerState state;
  std::vector<tracking::TrackEvent> events;
  std::map<int, double> last_prediction;  // per track
  std::map<int, int> truth_of;            // per track id
  const double first_radar_t = res.radar_detections.empty() ? 0.0 : res.radar_detections.front().t_s;
  const auto& dets = res.radar_detections;
  std::size_t cue_index = 0;
  double frame_s = 0.0, latency_s = 0.0;  // the slowest satellite's
  for (const sensors::InfraredSatellite& s : satellites) {
    frame_s = std::max(frame_s, s.type().frame_interval_s);
    latency_s = std::max(latency_s, s.type().processing_latency_s);
  }
  const double plume_window_s = latency_s + 2.0 * frame_s;
  for (std::size_t i = 0; i < dets.size();) {
    std::size_t j = i;
    while (j < dets.size() && dets[j].t_s == dets[i].t_s && dets[j].sensor == dets[i].sensor) ++j;
    const double t = dets[i].t_s;
    while (cue_index + 1 < cues.size() && cues[cue_index + 1].report_t_s <= t) ++cue_index;
    const sensors::LaunchCue* cue = !cues.empty() && cues[cue_index].report_t_s <= t ? &cues[cue_index] : nullptr;
    // A plume seen in the last two frames that have had time to be reported; without satellites,
    // the guard time after the first detection.
    const bool boost = satellites.empty() ? t < first_radar_t + kBoostGuardWithoutInfrared_s
                                          : cue != nullptr && cue->last_plume_t_s >= t - plume_window_s;
    if (boost) res.boost_end_estimate_t_s = t;
    events.clear();
    tracker.processScan(state, dets[i].sensor, t, std::span(dets).subspan(i, j - i), boost, cue, &events);
    for (const tracking::TrackEvent& e : events) {
      if (e.kind == tracking::TrackEvent::Kind::kConfirmed && !res.track_established_t_s) {
        res.track_established_t_s = e.t_s;
        res.established_track = e.track;
        res.established_sensor = e.sensor;
      }
    }
    for (const tracking::Track& tr : state.tracks) {
      truth_of[tr.id] = tr.truth_hint;
      if (tr.state.t_s != t || tr.last_sensor != dets[i].sensor) continue;  // not updated in this scan
      res.tracks.push_back({t, tr.id, tr.last_sensor, tr.confirmed, tr.state.x, tr.state.P, tr.last_nis});
      if (!tr.confirmed) continue;
      const auto it = last_prediction.find(tr.id);
      if (it != last_prediction.end() && t - it->second < kPredictionInterval_s) continue;
      last_prediction[tr.id] = t;
      if (auto p = tracking::predictImpact(model, tr.state)) {
        p->track = tr.id;
        res.predictions.push_back(std::move(*p));
      }
    }
    i = j;
  }
  int max_id = 0;
  for (const auto& [id, t] : truth_of) max_id = std::max(max_id, id);
  res.track_truth.assign(static_cast<std::size_t>(max_id) + 1, -1);
  for (const auto& [id, t] : truth_of) res.track_truth[static_cast<std::size_t>(id)] = t;

  // --- how well each warhead's impact was predicted ----------------------------------------------
  res.ipp_converged_m = config.tracking.ipp_converged_m;
  res.warheads.resize(truth.missiles.size());
  for (auto it = res.predictions.rbegin(); it != res.predictions.rend(); ++it) {
    const int k = res.warheadThreat(it->track);
    if (k >= 0 && !res.warheads[static_cast<std::size_t>(k)].final_prediction)
      res.warheads[static_cast<std::size_t>(k)].final_prediction = *it;
  }
  for (std::size_t k = 0; k < res.warheads.size(); ++k) {
    WarheadPrediction& w = res.warheads[k];
    if (!w.final_prediction) continue;
    const tracking::ImpactPrediction& fin = *w.final_prediction;
    w.predicted_zone = geography.zoneOf(fin.lat_deg, fin.lon_deg);
    // The earliest time from which every prediction of this warhead's tracks stays within the distance.
    for (const tracking::ImpactPrediction& p : res.predictions) {
      if (res.warheadThreat(p.track) != static_cast<int>(k)) continue;
      const double d = earth.inverse(p.lat_deg, p.lon_deg, fin.lat_deg, fin.lon_deg).distance_m;
      if (d > res.ipp_converged_m) w.ipp_converged_t_s.reset();
      else if (!w.ipp_converged_t_s) w.ipp_converged_t_s = p.made_at_s;
    }
  }

  for (const SensorSummary& s : res.sensors) {
    const std::optional<double> t = s.infrared ? s.first_report_t_s : s.first_detection_t_s;
    if (t && (!res.first_detection_t_s || *t < *res.first_detection_t_s)) res.first_detection_t_s = t;
  }
  res.threat_first_detection_t_s.resize(truth.missiles.size());
  const auto seen = [&](int object, double t) {
    if (object < 0) return;  // a false alarm
    std::optional<double>& f = res.threat_first_detection_t_s[static_cast<std::size_t>(res.objects[static_cast<std::size_t>(object)].threat)];
    if (!f || t < *f) f = t;
  };
  for (const sensors::RadarDetection& x : res.radar_detections) seen(x.truth, x.t_s);
  for (const sensors::InfraredDetection& x : res.infrared_detections) seen(x.truth, x.report_t_s);

  // --- public alerts ------------------------------------------------------------------------------
  res.alerts = alerts::planAlerts(geography, config.alerts, res.predictions, res.track_established_t_s, truth.passages);
  return res;
}

}  // namespace picket::simulation

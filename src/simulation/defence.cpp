#include "simulation/defence.h"

#include <algorithm>
#include <stdexcept>
#include <cmath>
#include <deque>
#include <map>

#include <fmt/format.h>

#include "common/constants.h"
#include "common/random.h"
#include "tracking/discrimination.h"
#include "tracking/metrics.h"
#include "tracking/standard_tracker.h"

namespace picket::simulation {
namespace c = picket::constants;

const char* objectKindName(ObjectKind kind) {
  switch (kind) {
    case ObjectKind::kWarhead: return "warhead";
    case ObjectKind::kSpentStage: return "spent stage";
    case ObjectKind::kDecoy: return "decoy";
    case ObjectKind::kDebris: return "debris";
  }
  return "object";
}

namespace {

double lastThrust_s(const flight::FlightResult& fr) {
  double t = 0.0;
  for (const flight::FlightEvent& e : fr.events)
    if (e.kind == flight::EventKind::kBurnout || e.kind == flight::EventKind::kCutoff) t = std::max(t, e.t_s);
  return t;
}

// The true objects the sensors look at: per missile, its warhead (or the missile carrying it) and,
// where the warhead separates, its spent last stage flown on from the separation.
struct TrueObjects {
  std::vector<sensors::TruthObject> objects;
  std::vector<int> stage_of;  // per object: its spent stage's index, for a warhead that separates (scoring)
  double t_end = 0.0;         // the last warhead's impact: the sensors look until then
};

// A body's own flight for the replay (TrueObjectInfo::path_Ecef): ECEF every 10 s from t0 to impact.
std::vector<std::array<double, 4>> replayPath(const world::Earth& earth, const flight::FlightResult& body, double t0) {
  std::vector<std::array<double, 4>> out;
  for (double t = t0;; t = std::min(t + 10.0, body.impact.t_s)) {
    const world::Vec3 p = earth.ecefFromEci(body.trajectory.at(t).p_Eci_m, t);
    out.push_back({t, p.x(), p.y(), p.z()});
    if (t >= body.impact.t_s) break;
  }
  return out;
}

// The decoys and debris a missile releases with its warhead (scenario `missile.release`), each
// flown on its own ballistic coefficient from the warhead's separation (or its burnout, where the
// warhead does not separate), pushed across the warhead's path at its separation speed, the
// objects of the release spread evenly around it. A light object's flight ends a minute after the
// warhead's impact: by then the air has stopped it (a balloon would take days to settle).
void releaseObjects(const flight::FlightModels& models, const scenario::MissileConfig& m, const flight::FlightResult& fr,
                    const std::string& prefix, int threat, std::deque<flight::FlightResult>& bodies,
                    std::vector<sensors::TruthObject>& objects, DefenceResult& res) {
  int total = 0;
  for (const scenario::ReleasedObjectConfig& r : m.release) total += r.count;
  if (total == 0 || fr.trajectory.empty()) return;
  const double t0 = fr.separation_t_s > 0.0 ? fr.separation_t_s : lastThrust_s(fr);
  const flight::Sample at = fr.trajectory.at(t0);
  const world::Earth& earth = models.earth;
  const world::Vec3 v_rel = at.v_Eci_mps - earth.w_EarthEci_radps().cross(at.p_Eci_m);
  const world::Vec3 along = v_rel.normalized();
  world::Vec3 e1 = along.cross(at.p_Eci_m.normalized());
  if (e1.norm() < 1e-9) e1 = along.cross(world::Vec3::UnitZ());
  e1.normalize();
  const world::Vec3 e2 = along.cross(e1);
  flight::FlightOptions options;
  options.max_time_s = std::max(60.0, fr.impact.t_s - t0 + 60.0);
  int k = 0;
  for (const scenario::ReleasedObjectConfig& r : m.release)
    for (int i = 0; i < r.count; ++i, ++k) {
      const double angle = 2.0 * constants::kPi * k / total;
      flight::Sample s = at;
      s.v_Eci_mps += r.separation_speed_mps * (std::cos(angle) * e1 + std::sin(angle) * e2);
      s.mass_kg = 1.0;
      bodies.emplace_back();
      flight::flyBody(models, s, r.ballistic_coefficient_kg_m2, options, bodies.back());
      const flight::FlightResult& body = bodies.back();
      objects.push_back({fmt::format("{}{} {}", prefix, r.name, i + 1), &body.trajectory, t0, body.impact.t_s, r.rcs_m2,
                         r.rcs_m2, 0.0, 0.0, r.mimicry, std::nullopt});
      res.objects.push_back({objects.back().name, t0, body.impact.t_s, body.impact.position.lat_deg,
                             body.impact.position.lon_deg, threat, false, {}, static_cast<int>(bodies.size()) - 1,
                             std::nullopt, r.kind == scenario::ReleasedKind::kDecoy ? ObjectKind::kDecoy : ObjectKind::kDebris});
      res.objects.back().path_Ecef = replayPath(earth, body, t0);
    }
}

TrueObjects makeTrueObjects(const scenario::ScenarioConfig& config, const world::Earth& earth,
                            const world::Atmosphere& atmosphere, const TruthForDefence& truth, DefenceResult& res) {
  const flight::FlightModels models{earth, atmosphere};
  const bool raid = !config.raid.empty();
  TrueObjects out;
  std::vector<sensors::TruthObject>& objects = out.objects;
  std::deque<flight::FlightResult>& bodies = res.bodies;  // in place for the objects' trajectory pointers
  for (std::size_t k = 0; k < truth.missiles.size(); ++k) {
    const TruthForDefence::Missile& tm = truth.missiles[k];
    const flight::FlightResult& fr = *tm.flight;
    const std::string prefix = raid ? tm.name + " " : "";
    const int threat = static_cast<int>(k);
    const double start = fr.trajectory.startTime_s();
    out.t_end = std::max(out.t_end, fr.impact.t_s);
    const auto info = [&](const sensors::TruthObject& o, const flight::FlightResult& f, bool warhead) {
      res.objects.push_back({o.name, o.start_s, f.impact.t_s, f.impact.position.lat_deg, f.impact.position.lon_deg,
                             threat, warhead, {}, -1, std::nullopt, ObjectKind::kWarhead});
    };
    if (const scenario::MissileConfig* m = tm.config) {
      double stack_rcs = 0.0;
      for (const scenario::StageConfig& st : m->stages) stack_rcs = std::max(stack_rcs, st.rcs_m2);
      const bool separates = m->payload.separates;
      const double sep = separates ? fr.separation_t_s : fr.impact.t_s;
      objects.push_back({prefix + (separates ? "warhead" : "missile"), &fr.trajectory, start, fr.impact.t_s,
                         separates ? m->payload.rcs_m2 : stack_rcs, stack_rcs, sep, lastThrust_s(fr), 1.0, std::nullopt});
      info(objects.back(), fr, true);
      if (separates && fr.separation_t_s > 0.0) {
        // The spent stage that burned last (with any above it a failed flight never lit), pushed
        // back by the separation (flight/flight.h flySpentStage).
        const std::size_t burned = flight::lastBurningStage(fr).value_or(m->stages.size() - 1);
        const scenario::StageConfig& last = m->stages[burned];
        bodies.emplace_back();
        if (!flight::flySpentStage(models, *m, fr, burned, flight::FlightOptions{}, bodies.back()))
          throw std::logic_error("the spent stage of a separated payload did not fly");
        out.stage_of.resize(objects.size() + 1, -1);
        out.stage_of[objects.size() - 1] = static_cast<int>(objects.size());
        objects.push_back({prefix + "spent stage", &bodies.back().trajectory, fr.separation_t_s,
                           bodies.back().impact.t_s, last.rcs_m2, last.rcs_m2, 0.0, 0.0, 0.0, std::nullopt});
        info(objects.back(), bodies.back(), false);
        res.objects.back().body = static_cast<int>(bodies.size()) - 1;
        res.objects.back().kind = ObjectKind::kSpentStage;
        const flight::FlightResult& body = bodies.back();
        res.objects.back().path_Ecef = replayPath(earth, body, fr.separation_t_s);
      }
      releaseObjects(models, *m, fr, prefix, threat, bodies, objects, res);
    } else {
      const double rcs = config.burnout ? config.burnout->rcs_m2 : 0.0;
      objects.push_back({prefix + "warhead", &fr.trajectory, start, fr.impact.t_s, rcs, rcs, 0.0, 0.0, 1.0, std::nullopt});
      info(objects.back(), fr, true);
    }
  }
  out.stage_of.resize(objects.size(), -1);
  return out;
}

// The fixed-probability discrimination (tracking.fixed_discrimination_p = p): each object, once
// per trial, is told right with probability p (a warhead called a warhead, anything else not), and
// every radar look at it reports that verdict as the log-likelihood ratio of a classifier right
// with probability p, +-ln(p / (1 - p)), capped at 20 (p = 1). A world-side draw, like the echo's
// noise: the defence reads only the reports.
void drawFixedVerdicts(const scenario::ScenarioConfig& config, std::uint64_t trial, const DefenceResult& res,
                       TrueObjects& truth) {
  if (!config.tracking.fixed_discrimination_p) return;
  const double p = *config.tracking.fixed_discrimination_p;
  const double llr = std::min(std::log(p / std::max(1.0 - p, 1e-12)), 20.0);
  RandomStream rng(config.seed, "discrimination", trial);
  for (std::size_t i = 0; i < truth.objects.size(); ++i) {
    const bool right = rng.uniform() < p;
    truth.objects[i].fixed_llr = res.objects[i].warhead == right ? llr : -llr;
  }
}

// The sensors, each with its measurement model, and every radar look (time, sensor), with or
// without detections. The radars stay in place: the tracker holds pointers to them.
struct Sensing {
  std::vector<sensors::Radar> radars;
  std::vector<sensors::InfraredSatellite> satellites;
  std::vector<std::pair<double, int>> looks;
};

// Every sensor looks at the true objects, from its own random stream; the detections in time order
// (then sensor), the truth that scores them following each.
void observeAll(const scenario::ScenarioConfig& config, const world::Earth& earth, const TrueObjects& truth,
                std::uint64_t trial, DefenceResult& res, Sensing& sensing) {
  // The sensors built in the scenario's order, then each looks on its own stream: in parallel for a
  // raid (its radars each look at thousands of objects), merged in sensor order, so the detections are
  // the same whatever the thread count.
  const std::size_t ns = config.sensors.size();
  sensing.radars.reserve(ns);
  std::vector<std::size_t> slot(ns);
  for (std::size_t i = 0; i < ns; ++i) {
    const scenario::SensorConfig& s = config.sensors[i];
    if (s.kind == scenario::SensorKind::kRadar) {
      slot[i] = sensing.radars.size();
      sensing.radars.emplace_back(earth, s, static_cast<int>(i));
    } else {
      slot[i] = sensing.satellites.size();
      sensing.satellites.emplace_back(earth, s, static_cast<int>(i));
    }
  }
  struct Seen {
    std::vector<sensors::RadarDetection> radar;
    std::vector<sensors::InfraredDetection> infrared;
    std::vector<sensors::DetectionTruth> truth;
    std::vector<double> looks;
  };
  std::vector<Seen> seen(ns);
  const auto n_sensors = static_cast<std::ptrdiff_t>(ns);
#pragma omp parallel for schedule(dynamic) if (n_sensors > 1 && truth.objects.size() >= 64)
  for (std::ptrdiff_t k = 0; k < n_sensors; ++k) {
    const auto i = static_cast<std::size_t>(k);
    const scenario::SensorConfig& s = config.sensors[i];
    RandomStream rng(config.seed, "sensor:" + s.name, trial);
    RandomStream features(config.seed, "discrimination:" + s.name, trial);
    if (s.kind == scenario::SensorKind::kRadar)
      sensors::observe(sensing.radars[slot[i]], earth, truth.objects, truth.t_end, rng, seen[i].radar, seen[i].truth,
                       &seen[i].looks, &features);
    else
      sensors::observe(sensing.satellites[slot[i]], earth, truth.objects, truth.t_end, rng, seen[i].infrared,
                       seen[i].truth);
  }
  for (std::size_t i = 0; i < ns; ++i) {
    const scenario::SensorConfig& s = config.sensors[i];
    SensorSummary sum;
    sum.name = s.name;
    sum.type = s.type;
    sum.type_name = s.type_name;
    Seen& mine = seen[i];
    if (s.kind == scenario::SensorKind::kRadar) {
      for (const double t : mine.looks) sensing.looks.emplace_back(t, static_cast<int>(i));
      sum.detections = static_cast<int>(mine.radar.size());
      if (sum.detections > 0) sum.first_detection_t_s = mine.radar.front().t_s;
      res.radar_detections.insert(res.radar_detections.end(), mine.radar.begin(), mine.radar.end());
      res.radar_truth.insert(res.radar_truth.end(), mine.truth.begin(), mine.truth.end());
      sum.lat_deg = s.lat_deg;
      sum.lon_deg = s.lon_deg;
      sum.alt_m = s.alt_m;
      sum.coverage_m = s.radar.instrumented_range_m;
    } else {
      sum.infrared = true;
      sum.detections = static_cast<int>(mine.infrared.size());
      if (sum.detections > 0) {
        sum.first_detection_t_s = mine.infrared.front().t_s;
        sum.first_report_t_s = mine.infrared.front().report_t_s;
      }
      res.infrared_detections.insert(res.infrared_detections.end(), mine.infrared.begin(), mine.infrared.end());
      res.infrared_truth.insert(res.infrared_truth.end(), mine.truth.begin(), mine.truth.end());
      const sensors::InfraredSatellite& sat = sensing.satellites[slot[i]];
      const world::Geodetic g = earth.geodeticFromEcef(earth.ecefFromEci(sat.p_Satellite_Eci(0.0), 0.0));
      sum.lat_deg = g.lat_deg;
      sum.lon_deg = g.lon_deg;
      sum.alt_m = g.alt_m;
    }
    mine = Seen{};  // freed as it is merged
    res.sensors.push_back(std::move(sum));
  }
  const auto sortWithTruth = [](auto& dets, std::vector<sensors::DetectionTruth>& labels, auto key) {
    std::vector<std::size_t> order(dets.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return key(dets[a], dets[b]); });
    auto d2 = dets;
    std::vector<sensors::DetectionTruth> t2(labels.size());
    for (std::size_t i = 0; i < order.size(); ++i) {
      d2[i] = dets[order[i]];
      t2[i] = labels[order[i]];
    }
    dets = std::move(d2);
    labels = std::move(t2);
  };
  sortWithTruth(res.radar_detections, res.radar_truth, [](const sensors::RadarDetection& a, const sensors::RadarDetection& b) {
    return a.t_s != b.t_s ? a.t_s < b.t_s : a.sensor < b.sensor;
  });
  sortWithTruth(res.infrared_detections, res.infrared_truth,
                [](const sensors::InfraredDetection& a, const sensors::InfraredDetection& b) { return a.report_t_s < b.report_t_s; });
  std::sort(sensing.looks.begin(), sensing.looks.end());
}

// The infrared launch estimate as it stood after each report (sensors/launch_cue.h).
std::vector<sensors::LaunchCue> launchCues(const Sensing& sensing, const world::Earth& earth, DefenceResult& res) {
  std::vector<sensors::LaunchCue> cues;
  sensors::LaunchEstimator estimator(sensing.satellites, res.infrared_detections, earth);  // in report order
  for (std::size_t i = 0; i < res.infrared_detections.size(); ++i) {
    const double t = res.infrared_detections[i].report_t_s;
    if (i + 1 < res.infrared_detections.size() && res.infrared_detections[i + 1].report_t_s == t) continue;
    if (auto cue = estimator.at(t)) cues.push_back(*cue);
  }
  if (!cues.empty()) res.final_cue = cues.back();
  return cues;
}

// What the tracking leaves for the scoring after it.
struct TrackingLog {
  std::vector<std::pair<int, int>> used;  // (track id, detection index) of every start and update, in time order
  std::map<int, std::pair<double, double>> confirmed_life;  // per track id: confirmed, deleted or merged
  double predictions_s = 0.0;  // wall time of the impact predictions
};

// The tracker on the detections, one scan per radar look in time order (a look that saw nothing
// counts against the tracks it should have seen, tracking/deleters.h), with an impact prediction
// after a confirmed track's update at most every prediction_interval_s. From here on nothing reads
// the truth.
tracking::TrackerState trackAll(const scenario::ScenarioConfig& config, const tracking::BallisticModel& model,
                                const Sensing& sensing, std::span<const sensors::LaunchCue> cues, double t_end,
                                DefenceResult& res, TrackingLog& log) {
  std::vector<const sensors::MeasurementModel*> measurement_models(config.sensors.size(), nullptr);
  for (const sensors::Radar& r : sensing.radars) measurement_models[static_cast<std::size_t>(r.index())] = &r;
  const tracking::StandardTracker standard(model, config.tracking.filter, measurement_models,
                                           tracking::TrackerOptions::from(config.tracking));
  const tracking::Tracker& tracker = standard.tracker();
  tracking::TrackerState state;
  std::vector<tracking::TrackEvent> events;
  std::map<int, double> last_prediction;  // per track
  const double first_radar_t = res.radar_detections.empty() ? 0.0 : res.radar_detections.front().t_s;
  const auto& dets = res.radar_detections;
  std::size_t cue_index = 0;
  double frame_s = 0.0, latency_s = 0.0;  // the slowest satellite's
  for (const sensors::InfraredSatellite& s : sensing.satellites) {
    frame_s = std::max(frame_s, s.type().frame_interval_s);
    latency_s = std::max(latency_s, s.type().processing_latency_s);
  }
  const double plume_window_s = latency_s + 2.0 * frame_s;
  std::size_t next = 0;  // the first detection not yet processed
  std::vector<std::pair<int, std::size_t>> scan_used;  // (track id, detection index) of this scan
  std::vector<const tracking::Track*> due;  // the scan's tracks due an impact prediction
  std::vector<std::optional<tracking::ImpactPrediction>> predicted;
  for (const auto& [t, sensor] : sensing.looks) {
    std::size_t j = next;
    while (j < dets.size() && dets[j].t_s == t && dets[j].sensor == sensor) ++j;
    if (j == next && state.tracks.empty()) continue;  // nothing seen, nothing to miss
    while (cue_index + 1 < cues.size() && cues[cue_index + 1].report_t_s <= t) ++cue_index;
    const sensors::LaunchCue* cue = !cues.empty() && cues[cue_index].report_t_s <= t ? &cues[cue_index] : nullptr;
    // A plume seen in the last two frames that have had time to be reported; without a report
    // (no satellites, or none has reported yet), the guard time after the first detection.
    const bool boost = cue != nullptr ? cue->last_plume_t_s >= t - plume_window_s
                                      : t < first_radar_t + config.tracking.boost_guard_s;
    if (boost) res.boost_end_estimate_t_s = t;
    events.clear();
    tracker.processScan(state, sensor, t, std::span(dets).subspan(next, j - next), boost, cue, &events);
    scan_used.clear();
    for (const tracking::TrackEvent& e : events) {
      if (e.detection >= 0) {
        log.used.emplace_back(e.track, static_cast<int>(next) + e.detection);
        scan_used.emplace_back(e.track, next + static_cast<std::size_t>(e.detection));
      }
      if (e.kind == tracking::TrackEvent::Kind::kConfirmed) log.confirmed_life[e.track] = {e.t_s, t_end};
      if ((e.kind == tracking::TrackEvent::Kind::kDeleted || e.kind == tracking::TrackEvent::Kind::kMerged) &&
          log.confirmed_life.count(e.track) > 0)
        log.confirmed_life[e.track].second = e.t_s;
      if (e.kind == tracking::TrackEvent::Kind::kConfirmed && !res.track_established_t_s) {
        res.track_established_t_s = e.t_s;
        res.established_track = e.track;
        res.established_sensor = e.sensor;
      }
    }
    std::sort(scan_used.begin(), scan_used.end());
    due.clear();
    for (const tracking::Track& tr : state.tracks) {
      if (tr.state.t_s != t || tr.last_sensor != sensor) continue;  // not updated in this scan
      double llr = 0.0;  // the discrimination report of the detection this update used
      const auto used = std::lower_bound(scan_used.begin(), scan_used.end(), std::pair<int, std::size_t>(tr.id, 0));
      if (used != scan_used.end() && used->first == tr.id) llr = dets[used->second].lethal_llr;
      res.tracks.push_back({t, tr.id, tr.object, tr.last_sensor, tr.confirmed, tr.state.x, tr.state.P, tr.last_nis, llr});
      if (!tr.confirmed) continue;
      const auto it = last_prediction.find(tr.id);
      if (it != last_prediction.end() && t - it->second < config.tracking.prediction_interval_s) continue;
      last_prediction[tr.id] = t;
      due.push_back(&tr);
    }
    // The scan's impact predictions, each on its own track: in parallel where there are several
    // (a raid's radar sees hundreds at a look), kept in track order whatever the thread count.
    Stopwatch predicting;
    predicted.assign(due.size(), std::nullopt);
    const auto n_due = static_cast<std::ptrdiff_t>(due.size());
// From 8 on: below that the second thread's wait for the next region costs a concurrent process
// more than the split gains.
#pragma omp parallel for schedule(dynamic) if (n_due >= 8)
    for (std::ptrdiff_t k = 0; k < n_due; ++k)
      predicted[static_cast<std::size_t>(k)] = tracking::predictImpact(model, due[static_cast<std::size_t>(k)]->state);
    for (std::size_t k = 0; k < due.size(); ++k) {
      if (!predicted[k]) continue;
      predicted[k]->track = due[k]->id;
      predicted[k]->object = state.canonicalObject(due[k]->object);
      res.predictions.push_back(std::move(*predicted[k]));
    }
    log.predictions_s += predicting.lap_s();
    next = j;
  }
  return state;
}

// The defence's objects after the last merges: every track record and prediction names its
// canonical object; each object with its tracks' estimate of its cross-section and whether
// discrimination holds it lethal.
void recordObjects(const tracking::TrackerState& state, double light_beta_kg_m2, double prior_p_lethal, DefenceResult& res) {
  res.track_object.assign(static_cast<std::size_t>(state.next_id), 0);
  for (TrackRecord& r : res.tracks) {
    r.object = state.canonicalObject(r.object);
    if (r.object > 0) res.track_object[static_cast<std::size_t>(r.track)] = r.object;
  }
  for (tracking::ImpactPrediction& p : res.predictions) p.object = state.canonicalObject(p.object);
  const std::vector<char> lethal = tracking::mayBeLethal(state);
  for (const tracking::TrackedObject& o : state.objects) {
    ObjectRecord rec;
    rec.id = o.id;
    rec.family = o.family;
    rec.first_s = o.first_s;
    rec.last_s = o.last_s;
    rec.rcs_m2 = o.rcs_m2();
    rec.lethal = lethal[static_cast<std::size_t>(o.id - 1)] != 0;
    res.tracked_objects.push_back(std::move(rec));
  }
  // Discrimination by deceleration, update by update in time order: the first that shows it light.
  // The belief that it is a warhead, from every discrimination report its tracks' updates used.
  std::vector<double> llr_sum(res.tracked_objects.size(), 0.0);
  for (const TrackRecord& r : res.tracks) {
    if (r.object <= 0) continue;
    ObjectRecord& obj = res.tracked_objects[static_cast<std::size_t>(r.object - 1)];
    if (r.lethal_llr != 0.0) {
      double& sum = llr_sum[static_cast<std::size_t>(r.object - 1)];
      sum += r.lethal_llr;
      obj.belief.emplace_back(r.t_s, tracking::beliefLethal(prior_p_lethal, sum));
    }
    if (!r.confirmed) continue;
    if (!obj.light_from_t_s && tracking::showsLight(r.x(6), r.P(6, 6), light_beta_kg_m2)) obj.light_from_t_s = r.t_s;
  }
  for (ObjectRecord& obj : res.tracked_objects) obj.p_lethal = obj.belief.empty() ? prior_p_lethal : obj.belief.back().second;
  for (const TrackRecord& r : res.tracks) {
    if (r.object <= 0) continue;
    std::vector<int>& ids = res.tracked_objects[static_cast<std::size_t>(r.object - 1)].tracks;
    if (std::find(ids.begin(), ids.end(), r.track) == ids.end()) ids.push_back(r.track);
  }
}

// Scoring against the truth, after the run: each track's and each object's true object (which the
// engagements need: whether an interceptor meets the object it was fired at), and with `quality`
// the tracks' quality (tracking/metrics.h), which only the output files read.
void scoreTracks(const tracking::BallisticModel& model, const TrueObjects& truth, const TrackingLog& log,
                 int next_id, bool quality, DefenceResult& res) {
  const std::vector<sensors::TruthObject>& objects = truth.objects;
  res.track_truth.assign(static_cast<std::size_t>(next_id), -1);
  // Each track's truth: the object behind its last start or update (`used` is in time order).
  for (const auto& [id, det] : log.used)
    res.track_truth[static_cast<std::size_t>(id)] = res.radar_truth[static_cast<std::size_t>(det)].object;
  {
    std::vector<std::map<int, int>> votes(res.tracked_objects.size());  // per object: truth -> detections used
    for (const auto& [track, det] : log.used)
      if (const int o = res.track_object[static_cast<std::size_t>(track)]; o > 0)
        ++votes[static_cast<std::size_t>(o - 1)][res.radar_truth[static_cast<std::size_t>(det)].object];
    for (std::size_t o = 0; o < res.tracked_objects.size(); ++o) {
      int most = 0;
      for (const auto& [object, count] : votes[o])
        if (count > most) {
          most = count;
          res.tracked_objects[o].truth = object;
        }
    }
  }
  if (!quality) return;
  // The true objects a radar saw, from their first detection to their impact. Before separation
  // the missile is scored as its spent stage (the booster the stack mostly is; the warhead
  // appears when it leaves it), so that one track from lift-off to the stage's fall is one track.
  const auto scoredAs = [&](int k, double t) {
    const int s = truth.stage_of[static_cast<std::size_t>(k)];
    return s >= 0 && t < objects[static_cast<std::size_t>(k)].rcs_change_s ? s : k;
  };
  std::vector<tracking::TruthSpan> spans;
  std::vector<int> span_of(objects.size(), -1);
  for (std::size_t i = 0; i < res.radar_detections.size(); ++i) {
    const auto k = static_cast<std::size_t>(scoredAs(res.radar_truth[i].object, res.radar_detections[i].t_s));
    if (span_of[k] >= 0) continue;
    span_of[k] = static_cast<int>(spans.size());
    spans.push_back({objects[k].name, objects[k].trajectory, res.radar_detections[i].t_s, objects[k].end_s});
    for (std::size_t w = 0; w < objects.size(); ++w)
      if (truth.stage_of[w] == static_cast<int>(k)) {
        spans.back().before = objects[w].trajectory;  // the stack, until separation
        spans.back().switch_s = objects[w].rcs_change_s;
      }
  }
  std::map<int, tracking::ScoredTrack> scored;
  for (const auto& [id, life] : log.confirmed_life)
    scored[id] = {id, res.track_object[static_cast<std::size_t>(id)], life.first, life.second, {}};
  std::map<std::pair<int, double>, int> update_truth;  // (track, time) -> the object behind that update
  for (const auto& [track, det] : log.used)
    update_truth[{track, res.radar_detections[static_cast<std::size_t>(det)].t_s}] = span_of[static_cast<std::size_t>(
        scoredAs(res.radar_truth[static_cast<std::size_t>(det)].object, res.radar_detections[static_cast<std::size_t>(det)].t_s))];
  for (const TrackRecord& r : res.tracks) {
    const auto it = scored.find(r.track);
    if (it == scored.end() || r.t_s < it->second.from_s) continue;
    const auto u = update_truth.find({r.track, r.t_s});
    it->second.updates.push_back({r.t_s, r.x, u == update_truth.end() ? -1 : u->second});
  }
  std::vector<tracking::ScoredTrack> list;
  for (auto& [id, st] : scored) list.push_back(std::move(st));
  res.metrics = tracking::scoreTracks(model, spans, list);
}

// How well each warhead's impact was predicted (scoring): its final prediction, and the earliest
// time from which every prediction of its tracks stays within ipp_converged_m of it.
void scorePredictions(const scenario::ScenarioConfig& config, const world::Geography& geography,
                      const world::Earth& earth, std::size_t missiles, DefenceResult& res) {
  res.ipp_converged_m = config.tracking.ipp_converged_m;
  res.warheads.resize(missiles);
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
    for (const tracking::ImpactPrediction& p : res.predictions) {
      if (res.warheadThreat(p.track) != static_cast<int>(k)) continue;
      const double d = earth.inverse(p.lat_deg, p.lon_deg, fin.lat_deg, fin.lon_deg).distance_m;
      if (d > res.ipp_converged_m) {
        w.ipp_converged_t_s.reset();
      } else if (!w.ipp_converged_t_s) {
        w.ipp_converged_t_s = p.made_at_s;
        w.converged_prediction = p;
      }
    }
  }
}

// The first sighting by any sensor (a radar detection or an infrared report), overall and per
// missile (scoring: the detections' truth says whose).
void firstDetections(std::size_t missiles, DefenceResult& res) {
  for (const SensorSummary& s : res.sensors) {
    const std::optional<double> t = s.infrared ? s.first_report_t_s : s.first_detection_t_s;
    if (t && (!res.first_detection_t_s || *t < *res.first_detection_t_s)) res.first_detection_t_s = t;
  }
  res.threat_first_detection_t_s.resize(missiles);
  const auto seen = [&](int object, double t) {
    if (object < 0) return;  // a false alarm
    std::optional<double>& f = res.threat_first_detection_t_s[static_cast<std::size_t>(res.objects[static_cast<std::size_t>(object)].threat)];
    if (!f || t < *f) f = t;
  };
  for (std::size_t i = 0; i < res.radar_detections.size(); ++i) seen(res.radar_truth[i].object, res.radar_detections[i].t_s);
  for (std::size_t i = 0; i < res.infrared_detections.size(); ++i)
    seen(res.infrared_truth[i].object, res.infrared_detections[i].report_t_s);
}

}  // namespace

DefenceResult runDefence(const scenario::ScenarioConfig& config, const world::Geography& geography,
                         const world::Earth& earth, const world::Atmosphere& atmosphere,
                         const tracking::BallisticModel& model, const TruthForDefence& truth, bool scramble_truth_labels,
                         std::vector<StageTime>* wall_times, std::uint64_t trial, bool score_quality) {
  DefenceResult res;
  std::vector<StageTime> own_times;
  std::vector<StageTime>& stage_times = wall_times != nullptr ? *wall_times : own_times;
  Stopwatch stage;
  if (config.sensors.empty()) return res;
  res.ran = true;
  TrueObjects objects = makeTrueObjects(config, earth, atmosphere, truth, res);
  drawFixedVerdicts(config, trial, res, objects);
  Sensing sensing;
  observeAll(config, earth, objects, trial, res, sensing);
  if (scramble_truth_labels)
    for (std::vector<sensors::DetectionTruth>* labels : {&res.radar_truth, &res.infrared_truth})
      for (sensors::DetectionTruth& l : *labels) l.object = (l.object + 1) % static_cast<int>(objects.objects.size());
  stage.lap(stage_times, "sensors");

  const std::vector<sensors::LaunchCue> cues = launchCues(sensing, earth, res);
  TrackingLog log;
  const tracking::TrackerState state = trackAll(config, model, sensing, cues, objects.t_end, res, log);
  addStageTime(stage_times, "tracking", stage.lap_s() - log.predictions_s);
  addStageTime(stage_times, "impact predictions", log.predictions_s);
  recordObjects(state, config.tracking.light_beta_kg_m2, config.tracking.prior_p_lethal, res);

  // Scoring against the truth, after the run: res.*_truth is read only from here on.
  scoreTracks(model, objects, log, state.next_id, score_quality, res);
  stage.lap(stage_times, "track scoring");
  if (score_quality) scorePredictions(config, geography, earth, truth.missiles.size(), res);
  firstDetections(truth.missiles.size(), res);
  return res;
}

void planPublicAlerts(const scenario::ScenarioConfig& config, const world::Geography& geography, DefenceResult& res,
                      std::span<const alerts::TruthPassage> passages, std::span<const alerts::DestroyedObject> destroyed) {
  if (!res.ran) return;
  const alerts::AlertAreas areas(geography, config.alerts);
  res.alerts = alerts::planAlerts(geography, config.alerts, areas, res.predictions, passages, destroyed);
}

}  // namespace picket::simulation

#include "simulation/simulation.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <tuple>

#include <fmt/format.h>

#include "engagement/doctrine.h"
#include "flight/missile.h"
#include "simulation/engagements.h"
#include "simulation/models.h"
#include "simulation/trial.h"
#include "simulation/record.h"
#include "tracking/filters.h"
#include "world/atmosphere.h"
#include "world/earth.h"

namespace picket::simulation {
namespace {

// The 1:50m coastline of Natural Earth and MLIT's prefecture coasts differ by up to a few km, so a
// track crossing a Japanese coast shows slivers of "Japan, no prefecture" a second or two long.
// Such a sliver touching a prefecture interval is folded into it; intervals of the same place that
// touch are merged. A sliver standing alone (a track that grazes only the coarser coast) stays.
// Another country's islands crossed less than a minute apart are one passage over it (a launcher's
// stage over the Philippines read as four entries and exits in two minutes); Japan's, reported by
// prefecture and checked against the record, are not merged across the sea.
std::vector<world::RegionCrossing> tidyCrossings(std::vector<world::RegionCrossing> in, int japan) {
  constexpr double kSliver_s = 3.0, kTouch_s = 0.5, kArchipelago_s = 60.0;
  std::vector<world::RegionCrossing> out;
  for (std::size_t i = 0; i < in.size(); ++i) {
    const world::RegionCrossing& c = in[i];
    const bool sliver = c.prefecture < 0 && c.exit_t_s - c.enter_t_s < kSliver_s;
    const auto touches = [&](const world::RegionCrossing& o) {
      return o.country == c.country && o.prefecture >= 0 &&
             (std::abs(o.exit_t_s - c.enter_t_s) < kTouch_s || std::abs(c.exit_t_s - o.enter_t_s) < kTouch_s);
    };
    if (sliver && ((i > 0 && touches(in[i - 1])) || (i + 1 < in.size() && touches(in[i + 1])))) continue;
    const bool archipelago = c.country != japan && c.prefecture < 0;
    if (!out.empty() && out.back().country == c.country && out.back().prefecture == c.prefecture &&
        c.enter_t_s - out.back().exit_t_s < (archipelago ? kArchipelago_s : kTouch_s + kSliver_s)) {
      out.back().exit_t_s = c.exit_t_s;
      continue;
    }
    out.push_back(c);
  }
  return out;
}

// One missile's ground track (regions overflown, with entry and exit times), where it came down,
// and its lines in the timeline.
template <class Add>
void placeThreat(SimulationResult& res, int k, const world::Geography& geography, const world::Earth& earth,
                 const std::vector<const world::Landmark*>& reference, const SimulationOptions& options, Add&& add) {
  ThreatResult& th = res.threats[static_cast<std::size_t>(k)];
  const flight::FlightResult& fr = th.flight;
  const auto subpoint = [&](double t) {
    const world::Vec3 p = earth.ecefFromEci(fr.trajectory.at(t).p_Eci_m, t);
    const world::Geodetic g = earth.geodeticFromEcef(p);
    return world::LatLon{g.lat_deg, g.lon_deg};
  };
  for (const world::RegionCrossing& c : tidyCrossings(geography.crossings(subpoint, th.launch_t_s, fr.impact.t_s,
                                                                         options.overflight_sample_s),
                                                     geography.japan())) {
    Overflight o;
    o.country = c.country >= 0 ? geography.countryName(c.country) : "";
    o.region = c.prefecture >= 0 ? geography.prefectureName(c.prefecture) : "";
    o.enter_t_s = c.enter_t_s;
    o.exit_t_s = c.exit_t_s;
    th.overflights.push_back(std::move(o));
  }
  const world::Geodetic& impact = fr.impact.position;
  if (!fr.orbit) {  // in orbit it does not come down: no impact point
    th.impact_fix = LandmarkDistance::from(geography.nearestLandmark(impact.lat_deg, impact.lon_deg));
    th.impact_zone = geography.zoneOf(impact.lat_deg, impact.lon_deg);
    for (const world::Landmark* l : reference)
      th.impact_fixes.push_back(*LandmarkDistance::from(geography.fixFrom(*l, impact.lat_deg, impact.lon_deg)));
  }
  for (StageFall& s : th.stage_falls) {
    s.fix = LandmarkDistance::from(geography.nearestLandmark(s.lat_deg, s.lon_deg));
    s.zone = geography.zoneOf(s.lat_deg, s.lon_deg);
  }

  const auto line = [&](TimelineKind kind, double t, int ref = -1) -> TimelineEvent& {
    TimelineEvent& e = add(kind, t, ref);
    e.threat = k;
    const flight::KinematicState ks = flight::kinematics(earth, fr.trajectory.at(t));
    e.alt_m = ks.position.alt_m;
    e.lat_deg = ks.position.lat_deg;
    e.lon_deg = ks.position.lon_deg;
    e.speed_mps = ks.speed_mps;
    return e;
  };
  const bool boosted = th.aim.has_value();
  for (const flight::FlightEvent& ev : fr.events) {
    switch (ev.kind) {
      case flight::EventKind::kLaunch: line(TimelineKind::kLaunch, ev.t_s); break;
      case flight::EventKind::kStaging: line(TimelineKind::kStaging, ev.t_s, ev.stage); break;
      case flight::EventKind::kIgnition: line(TimelineKind::kIgnition, ev.t_s, ev.stage); break;
      case flight::EventKind::kBurnout:
        if (boosted) line(TimelineKind::kBurnout, ev.t_s);
        break;
      case flight::EventKind::kCutoff:
        if (boosted) line(TimelineKind::kCutoff, ev.t_s);
        break;
      case flight::EventKind::kSeparation: line(TimelineKind::kSeparation, ev.t_s); break;
      case flight::EventKind::kApogee:
        if (!fr.orbit) line(TimelineKind::kApogee, ev.t_s);  // an orbit's highest point is not an apogee of the flight
        break;
      case flight::EventKind::kImpact: line(TimelineKind::kImpact, ev.t_s); break;
      case flight::EventKind::kPitchOver:
      case flight::EventKind::kGravityTurn:
        break;  // in events.json through the flight, not in the people's timeline
    }
  }
  for (const StageFall& s : th.stage_falls) {
    TimelineEvent& e = add(TimelineKind::kStageFall, s.t_s, s.stage);
    e.threat = k;
    e.lat_deg = s.lat_deg;
    e.lon_deg = s.lon_deg;
  }
  if (fr.orbit) line(TimelineKind::kOrbit, fr.orbit->insertion_t_s);
  for (const Overflight& o : th.overflights) {
    for (const auto& [kind, t] : {std::pair{TimelineKind::kEnter, o.enter_t_s}, std::pair{TimelineKind::kExit, o.exit_t_s}}) {
      if (kind == TimelineKind::kEnter ? t <= th.launch_t_s : t >= fr.impact.t_s) continue;
      TimelineEvent& e = line(kind, t);
      e.country = o.country;
      e.region = o.region;
    }
  }
}

// The defence's lines in the timeline.
template <class Add>
void addEngagementEvents(const SimulationResult& res, Add&& add) {
  const engagement::EngagementResult& e = res.engagement;
  if (!e.ran) return;
  for (std::size_t i = 0; i < e.layers.size(); ++i) {
    const engagement::LayerAnswer& la = e.layers[i];
    if (la.window.feasible && la.decision_deadline_t_s)
      add(TimelineKind::kDecisionDeadline, *la.decision_deadline_t_s, static_cast<int>(i));
  }
  for (std::size_t i = 0; i < e.shots.size(); ++i) {
    add(TimelineKind::kInterceptorLaunch, e.shots[i].launch_t_s, static_cast<int>(i));
    add(TimelineKind::kIntercept, e.shots[i].intercept_t_s, static_cast<int>(i));
  }
}

template <class Add>
void addDefenceEvents(const SimulationResult& res, Add&& add) {
  const DefenceResult& d = res.defence;
  if (!d.ran) return;
  for (std::size_t i = 0; i < d.sensors.size(); ++i) {
    const SensorSummary& s = d.sensors[i];
    if (s.first_detection_t_s)
      add(TimelineKind::kDetect, s.infrared ? *s.first_report_t_s : *s.first_detection_t_s, static_cast<int>(i));
  }
  if (d.final_cue) add(TimelineKind::kLaunchEstimate, d.final_cue->report_t_s, -1);
  if (d.track_established_t_s) add(TimelineKind::kTrack, *d.track_established_t_s, -1);
  for (std::size_t k = 0; k < d.warheads.size(); ++k) {
    const WarheadPrediction& w = d.warheads[k];
    if (w.ipp_converged_t_s && w.final_prediction && w.converged_prediction)
      add(TimelineKind::kIppConverged, *w.ipp_converged_t_s, -1).threat = static_cast<int>(k);
  }
  for (std::size_t i = 0; i < d.alerts.messages.size(); ++i) {
    const alerts::AlertMessage& m = d.alerts.messages[i];
    const TimelineKind kind = [&] {
      switch (m.kind) {
        case alerts::AlertMessage::Kind::kAlert: return TimelineKind::kAlert;
        case alerts::AlertMessage::Kind::kWithdrawn: return TimelineKind::kAlertWithdrawn;
        case alerts::AlertMessage::Kind::kPassedOver: return TimelineKind::kPassedOver;
        case alerts::AlertMessage::Kind::kAllClear: return TimelineKind::kAllClear;
        case alerts::AlertMessage::Kind::kDestroyed: break;
      }
      return TimelineKind::kAlertDestroyed;
    }();
    add(kind, m.t_s, static_cast<int>(i));
  }
  for (std::size_t i = 0; i < d.alerts.prefectures.size(); ++i) {
    const alerts::PrefectureOutcome& o = d.alerts.prefectures[i];
    if (o.warning_s) add(TimelineKind::kWarning, *o.event_t_s, static_cast<int>(i));
  }
}

// What the interceptors destroyed ends there: each true object an interceptor killed (the end game
// decides, against the truth) is cut at the intercept in the flight's outputs (samples, overflights,
// timeline), in the truth the alerts are scored against, and in what the defence saw of it (its
// detections, its object's tracks and predictions after the intercept are dropped: the sensors had
// been simulated before the engagement, a stated simplification, docs/engagement.md). Returns the
// defence's destroyed objects, known kill_assessment_s after the intercept, for the alerts.
template <class Add>
std::vector<alerts::DestroyedObject> applyKills(SimulationResult& res, const world::Earth& earth,
                                                std::vector<alerts::TruthPassage>& passages, Add&& add) {
  std::vector<alerts::DestroyedObject> out;
  DefenceResult& d = res.defence;
  const engagement::EngagementResult& e = res.engagement;
  if (!e.ran) return out;
  std::map<int, std::pair<double, int>> kill_of_truth;  // true object -> (intercept time, shot)
  for (std::size_t i = 0; i < e.shots.size(); ++i) {
    const engagement::Shot& s = e.shots[i];
    if (!s.kill) continue;
    const int object = e.threats.at(static_cast<std::size_t>(s.threat)).object;
    if (object <= 0) continue;
    out.push_back({object, s.intercept_t_s + res.config.engagement.kill_assessment_s});
    const int truth = d.tracked_objects.at(static_cast<std::size_t>(object - 1)).truth;
    if (truth < 0) continue;
    const auto it = kill_of_truth.find(truth);
    if (it == kill_of_truth.end() || s.intercept_t_s < it->second.first) kill_of_truth[truth] = {s.intercept_t_s, static_cast<int>(i)};
  }
  // What the defence saw of each destroyed object after its intercept did not happen: one pass
  // over each list, against the kill times by true object, by tracked object and by threat (a
  // raid's lists hold a million detections; a pass per kill was the square of the raid).
  constexpr double kNever = std::numeric_limits<double>::infinity();
  std::vector<double> truth_kill_t(d.objects.size(), kNever), object_kill_t(d.tracked_objects.size() + 1, kNever),
      threat_kill_t(res.threats.size(), kNever);
  for (const auto& [truth, kill] : kill_of_truth) {
    truth_kill_t[static_cast<std::size_t>(truth)] = kill.first;
    const TrueObjectInfo& o = d.objects[static_cast<std::size_t>(truth)];
    if (o.warhead) threat_kill_t[static_cast<std::size_t>(o.threat)] = kill.first;
  }
  const auto killedBefore = [](const std::vector<double>& kill_t, int index, double t_s) {
    return index >= 0 && static_cast<std::size_t>(index) < kill_t.size() && t_s > kill_t[static_cast<std::size_t>(index)];
  };
  if (!kill_of_truth.empty()) {
    std::size_t kept = 0;
    for (std::size_t i = 0; i < d.radar_detections.size(); ++i) {
      if (killedBefore(truth_kill_t, d.radar_truth[i].object, d.radar_detections[i].t_s)) continue;
      d.radar_detections[kept] = d.radar_detections[i];
      d.radar_truth[kept] = d.radar_truth[i];
      ++kept;
    }
    d.radar_detections.resize(kept);
    d.radar_truth.resize(kept);
  }
  for (std::size_t k = 0; k < d.tracked_objects.size(); ++k) {
    const int truth = d.tracked_objects[k].truth;
    if (truth < 0 || truth_kill_t[static_cast<std::size_t>(truth)] == kNever) continue;
    const double t = truth_kill_t[static_cast<std::size_t>(truth)];
    object_kill_t[k + 1] = t;
    d.tracked_objects[k].last_s = std::min(d.tracked_objects[k].last_s, t);
  }
  std::erase_if(d.tracks, [&](const TrackRecord& r) { return killedBefore(object_kill_t, r.object, r.t_s); });
  std::erase_if(d.predictions,
                [&](const tracking::ImpactPrediction& p) { return killedBefore(object_kill_t, p.object, p.made_at_s); });
  std::erase_if(res.timeline, [&](const TimelineEvent& ev) { return killedBefore(threat_kill_t, ev.threat, ev.t_s); });
  std::erase_if(passages, [&](const alerts::TruthPassage& p) { return killedBefore(threat_kill_t, p.threat, p.enter_t_s); });
  for (const auto& [truth, kill] : kill_of_truth) {
    TrueObjectInfo& o = d.objects[static_cast<std::size_t>(truth)];
    const double t = kill.first;
    o.destroyed_t_s = t;
    if (!o.warhead) continue;
    // The missile's flight ends at the intercept.
    ThreatResult& th = res.threats[static_cast<std::size_t>(o.threat)];
    const engagement::Shot& shot = e.shots[static_cast<std::size_t>(kill.second)];
    const flight::KinematicState ks = flight::kinematics(earth, th.flight.trajectory.at(t));
    th.destroyed = ThreatResult::Destroyed{t, ks.position.lat_deg, ks.position.lon_deg, ks.position.alt_m,
                                           res.config.shooters.at(static_cast<std::size_t>(shot.shooter)).name};
    std::erase_if(th.overflights, [&](const Overflight& ov) { return ov.enter_t_s > t; });
    for (Overflight& ov : th.overflights) ov.exit_t_s = std::min(ov.exit_t_s, t);
    TimelineEvent& ev = add(TimelineKind::kDestroyed, t, -1);
    ev.threat = o.threat;
    ev.alt_m = th.destroyed->alt_m;
    ev.lat_deg = th.destroyed->lat_deg;
    ev.lon_deg = th.destroyed->lon_deg;
  }
  return out;
}

}  // namespace

Models::Models(const scenario::ScenarioConfig& c, const world::Geography& g)
    : config(c),
      geography(&g),
      earth(world::EarthOptions::from(c.physics), c.launch.time),
      atmosphere(world::atmosphereModelFor(c.physics.atmosphere)),
      interceptors(earth, atmosphere),
      tracker(earth, atmosphere,
              {c.tracking.atmosphere_edge_m, c.tracking.max_step_s, c.tracking.inv_beta_process_noise}) {}

scenario::ScenarioConfig effectiveConfig(const scenario::ScenarioConfig& config) {
  scenario::ScenarioConfig out = config;
  const auto where = [](const SourceLocation& key, const SourceLocation& block) { return key.line > 0 ? key : block; };
  if (tracking::filterRegistry().find(config.tracking.filter) == nullptr)
    throwInputError(where(config.tracking.filter_where, config.tracking.where),
                    tracking::filterRegistry().unknown("filter", config.tracking.filter));
  for (scenario::ShooterConfig& s : out.shooters) {
    const engagement::DoctrineRegistry::Entry* e = engagement::doctrineRegistry().find(s.doctrine);
    if (e == nullptr) throwInputError(where(s.doctrine_where, s.where), engagement::doctrineRegistry().unknown("doctrine", s.doctrine));
    const std::unique_ptr<const engagement::Doctrine> doctrine = e->make();
    if (!s.salvo) s.salvo = doctrine->defaultSalvo();
    if (const std::string wrong = doctrine->checkSalvo(*s.salvo); !wrong.empty())
      throwInputError(where(s.salvo_where, s.where), wrong);
  }
  return out;
}

std::unique_ptr<const Models> buildModels(const scenario::ScenarioConfig& scenario_config,
                                          const world::Geography& geography, const SimulationOptions& options) {
  Stopwatch stage;
  // A launch time drawn earlier than the scenario's moves the epoch (t = 0) back by as much, so that
  // no trial launches before it: every time after the epoch stays positive, and UTC times are those
  // drawn.
  scenario::ScenarioConfig epoch_config = scenario_config;
  if (const auto& q = scenario_config.uncertainty.launch_time_s; q && q->distribution.min() < 0.0)
    epoch_config.launch.time = scenario_config.launch.time.plus(q->distribution.min());
  auto models = std::make_unique<Models>(effectiveConfig(epoch_config), geography);
  const scenario::ScenarioConfig& config = models->config;
  const world::Earth& earth = models->earth;
  // Check the landmarks the output names before any flying.
  for (std::size_t i = 0; i < config.output.reference_landmarks.size(); ++i) {
    const std::string& name = config.output.reference_landmarks[i];
    const world::Landmark* l = geography.findLandmark(name);
    if (l == nullptr) {
      std::string known;
      for (const world::Landmark& k : geography.landmarks()) known += (known.empty() ? "" : ", ") + k.name;
      const SourceLocation where = i < config.output.reference_landmark_where.size()
                                       ? config.output.reference_landmark_where[i]
                                       : config.output.where;
      throwInputError(where, fmt::format("unknown landmark '{}'; known: {}", name, known));
    }
    models->reference.push_back(l);
  }

  // The variable parts the scenario names, each a registry's entry (checked by effectiveConfig).
  for (const scenario::ShooterConfig& s : config.shooters)
    models->doctrines.push_back(engagement::doctrineRegistry().make(s.doctrine));

  // What flies: the raid, or the one missile of the top-level blocks; each aimed once here.
  if (config.raid.empty()) {
    // The scenario's own launch time: the models' epoch may be earlier (above).
    models->threats.push_back({config.missile ? config.missile->name : "burnout state", scenario_config.launch, 0.0,
                               config.missile ? &*config.missile : nullptr, config.aim ? &*config.aim : nullptr,
                               std::nullopt, std::nullopt, {}});
  } else {
    for (const scenario::RaidLaunchConfig& l : config.raid)
      models->threats.push_back({l.name, l.launch, 0.0, &l.missile, &l.aim, std::nullopt, std::nullopt, {}});
  }
  const bool raid = models->isRaid();
  ProgressCounter aimed(raid ? &options.progress : nullptr, "raid launches aimed", models->threats.size());
  // Launches of a salvo with the same missile, place and aim differ only by their delay, which a
  // flight takes as a turn of the Earth (delayFlight): the first one's solve serves the others.
  // Found through a map keyed on the launch point (a raid of 1,000 compares each launch with the
  // few from its own site, not with all before it).
  std::vector<int> solved_by(models->threats.size(), -1);  // the launch whose solve it takes
  std::map<std::tuple<double, double, double>, std::vector<int>> by_place;
  for (std::size_t k = 0; k < models->threats.size(); ++k) {
    ThreatModel& tm = models->threats[k];
    tm.launch_t_s = tm.launch.time.secondsSince(config.launch.time);
    if (tm.missile_config == nullptr) continue;
    tm.missile.emplace(*tm.missile_config);
    const world::Geodetic launch{tm.launch.lat_deg, tm.launch.lon_deg, tm.launch.alt_m};
    tm.aim_request = flight::requestFor(earth, launch, *tm.aim_config);
    solved_by[k] = static_cast<int>(k);
    if (!raid) continue;
    std::vector<int>& same_place = by_place[{tm.launch.lat_deg, tm.launch.lon_deg, tm.launch.alt_m}];
    for (const int o : same_place) {
      const ThreatModel& other = models->threats[static_cast<std::size_t>(o)];
      if (*other.aim_config == *tm.aim_config && *other.missile_config == *tm.missile_config) {
        solved_by[k] = o;
        break;
      }
    }
    if (solved_by[k] == static_cast<int>(k)) same_place.push_back(static_cast<int>(k));
  }
  // The distinct solves, in parallel (each is independent and the models are immutable); an
  // error is reported for the first launch in raid order that has one, whatever the threads did.
  std::vector<int> distinct;
  for (std::size_t k = 0; k < solved_by.size(); ++k)
    if (solved_by[k] == static_cast<int>(k)) distinct.push_back(static_cast<int>(k));
  std::vector<std::string> errors(distinct.size());
  const int n_distinct = static_cast<int>(distinct.size());
#pragma omp parallel for schedule(dynamic, 1) if (n_distinct > 1)
  for (int d = 0; d < n_distinct; ++d) {
    ThreatModel& tm = models->threats[static_cast<std::size_t>(distinct[static_cast<std::size_t>(d)])];
    try {
      tm.aim = flight::solveAim(models->flightModels(), *tm.missile, tm.aim_request, options.flight);
    } catch (const flight::AimingError& e) {
      errors[static_cast<std::size_t>(d)] = e.what();
    }
    aimed.tick();
  }
  for (std::size_t d = 0; d < distinct.size(); ++d) {
    if (errors[d].empty()) continue;
    const ThreatModel& tm = models->threats[static_cast<std::size_t>(distinct[d])];
    throwInputError(tm.aim_config->where, raid ? fmt::format("{}: {}", tm.name, errors[d]) : errors[d]);
  }
  for (std::size_t k = 0; k < solved_by.size(); ++k) {
    if (solved_by[k] < 0 || solved_by[k] == static_cast<int>(k)) continue;
    models->threats[k].aim = models->threats[static_cast<std::size_t>(solved_by[k])].aim;
    aimed.tick();
  }
  aimed.finish();
  stage.lap(models->build_times, "aiming");
  buildInterceptors(config, models->interceptors);
  stage.lap(models->build_times, "interceptor reach tables");
  return models;
}

SimulationResult simulate(const scenario::ScenarioConfig& config, const world::Geography& geography,
                          const SimulationOptions& options) {
  const std::unique_ptr<const Models> models = buildModels(config, geography, options);
  SimulationResult res = run(*models, 0, options);
  res.stage_times.insert(res.stage_times.begin(), models->build_times.begin(), models->build_times.end());
  return res;
}

namespace {

// Each missile of the trial flown from its (drawn) launch, on its aim or its corrected guidance,
// and moved to its launch time after the epoch.
void flyThreats(const Models& models, const TrialSetup& setup, const SimulationOptions& options, SimulationResult& res) {
  const scenario::ScenarioConfig& config = res.config;
  const world::Earth& earth = models.earth;
  const flight::FlightModels fm = models.flightModels();
  const bool raid = models.isRaid();
  for (std::size_t k = 0; k < models.threats.size(); ++k) {
    const ThreatModel& tm = models.threats[k];
    const TrialThreat& drawn = setup.threats[k];
    ThreatResult th;
    th.name = tm.name;
    th.launch = drawn.launch;
    th.launch_t_s = drawn.launch_t_s;
    const world::Geodetic launch{drawn.launch.lat_deg, drawn.launch.lon_deg, drawn.launch.alt_m};
    const scenario::MissileConfig* flown = nullptr;  // the missile as this trial flies it
    if (tm.missile) {
      const flight::Missile& missile = drawn.own_missile ? *drawn.own_missile : *tm.missile;
      flown = &missile.config();
      th.missile_name = missile.name();
      th.shape = tm.aim_config->shape;
      th.failed = tm.aim_config->thrust_ends_s.has_value();
      th.aim = drawn.own_aim ? drawn.own_aim : tm.aim;
      flight::flyMissile(fm, missile, launch, th.aim->plan, options.flight, th.flight);
    } else {
      const scenario::BurnoutConfig& b = *config.burnout;
      th.missile_name = "burnout state";
      flight::BurnoutState state{world::Geodetic{launch.lat_deg, launch.lon_deg, b.alt_m}, b.speed_mps,
                                 b.flight_path_angle_deg, b.azimuth_deg, b.ballistic_coefficient_kg_m2};
      flight::flyFromBurnout(fm, state, options.flight, th.flight);
    }
    if (!th.flight.impacted && !th.flight.orbit)
      throwInputError(tm.aim_config != nullptr ? tm.aim_config->where : config.where,
                      fmt::format("{}the flight did not come down within {:.0f} s (it may be in orbit)",
                                  raid ? tm.name + ": " : "", options.flight.max_time_s));
    if (th.flight.orbit && (!config.sensors.empty() || !config.shooters.empty()))
      throwInputError(config.where,
                      fmt::format("{}the {} reaches orbit: picket's sensors, tracker, alerts and interceptors follow "
                                  "objects that come down, so a launcher to orbit flies without them (remove `sensors` "
                                  "and `shooters`)",
                                  raid ? tm.name + ": " : "", th.missile_name));
    if (th.launch_t_s > 0.0) flight::delayFlight(earth, th.launch_t_s, th.flight);
    if (flown != nullptr) {
      // The spent lower stages, each flown down from its staging (the last one falls with the
      // warhead and is the defence's to follow: simulation/defence.cpp).
      flight::FlightOptions fo = options.flight;
      fo.record = false;
      flight::FlightResult body;
      for (std::size_t s = 0; s + 1 < flown->stages.size(); ++s) {
        if (!flight::flySpentStage(fm, *flown, th.flight, s, fo, body) || !body.impacted) continue;
        const world::Geodetic& p = body.impact.position;
        th.stage_falls.push_back({static_cast<int>(s), body.impact.t_s, p.lat_deg, p.lon_deg,
                                  earth.inverse(launch.lat_deg, launch.lon_deg, p.lat_deg, p.lon_deg).distance_m,
                                  std::nullopt, world::MaritimeZone::kOpenSea});
      }
    }
    res.threats.push_back(std::move(th));
  }
}

// The truth the defence is scored against (never handed to it): each missile's flight, and the
// prefectures it passed over or fell in, in time order.
TruthForDefence truthForDefence(const SimulationResult& res, const world::Geography& geography) {
  const scenario::ScenarioConfig& config = res.config;
  TruthForDefence truth;
  for (std::size_t k = 0; k < res.threats.size(); ++k) {
    const ThreatResult& th = res.threats[k];
    truth.missiles.push_back({th.name, &th.flight, threatMissileConfig(config, k)});
    for (const Overflight& o : th.overflights) {
      const int pref = o.region.empty() ? -1 : geography.findPrefecture(o.region);
      if (pref >= 0) truth.passages.push_back({pref, o.enter_t_s, false, static_cast<int>(k)});
    }
    const flight::KinematicState& impact = th.flight.impact;
    const int impact_pref = geography.regionAt(impact.position.lat_deg, impact.position.lon_deg).prefecture;
    if (impact_pref >= 0) truth.passages.push_back({impact_pref, impact.t_s, true, static_cast<int>(k)});
  }
  std::stable_sort(truth.passages.begin(), truth.passages.end(),
                   [](const alerts::TruthPassage& a, const alerts::TruthPassage& b) { return a.enter_t_s < b.enter_t_s; });
  return truth;
}

// Output samples per missile: a regular grid from its launch plus the event times, so that no event
// falls between rows; a destroyed missile's end at its intercept.
void sampleTracks(const world::Earth& earth, SimulationResult& res) {
  const scenario::ScenarioConfig& config = res.config;
  const double dt = config.output.sample_interval_s;
  for (ThreatResult& th : res.threats) {
    const flight::FlightResult& fr = th.flight;
    std::vector<double> times;
    const double end = th.end_t_s();  // the impact, or the intercept that destroyed it
    const auto n = static_cast<long>(std::floor((end - th.launch_t_s) / dt));
    for (long i = 0; i <= n; ++i) times.push_back(th.launch_t_s + static_cast<double>(i) * dt);
    for (const TimelineEvent& e : res.timeline)
      if (e.t_s >= th.launch_t_s && e.t_s <= end) times.push_back(e.t_s);
    times.push_back(end);
    std::sort(times.begin(), times.end());
    times.erase(std::unique(times.begin(), times.end(), [](double a, double b) { return std::abs(a - b) < 1e-6; }),
                times.end());
    th.track.reserve(times.size());
    for (const double t : times) {
      const flight::Sample s = fr.trajectory.at(t);
      const flight::KinematicState k = flight::kinematics(earth, s);
      const world::Vec3 p = earth.ecefFromEci(s.p_Eci_m, t);
      th.track.push_back(TrackPoint{t, k.position.lat_deg, k.position.lon_deg, k.position.alt_m, k.speed_mps,
                                    k.flight_path_angle_deg, k.heading_deg, s.mass_kg, p.x(), p.y(), p.z()});
    }
  }
}

}  // namespace

SimulationResult run(const Models& models, std::uint64_t trial, const SimulationOptions& options) {
  SimulationResult res;
  Stopwatch stage;
  TrialSetup setup = setUpTrial(models, trial, options.draw_uncertainty, options);
  res.config = std::move(setup.config);
  res.draws = std::move(setup.draws);
  res.trial = trial;
  const world::Geography& geography = *models.geography;
  const world::Earth& earth = models.earth;
  flyThreats(models, setup, options, res);

  // The timeline: each line typed, its words report/'s.
  auto add = [&](TimelineKind kind, double t, int ref) -> TimelineEvent& {
    TimelineEvent e;
    e.kind = kind;
    e.t_s = t;
    e.ref = ref;
    res.timeline.push_back(std::move(e));
    return res.timeline.back();
  };
  for (std::size_t k = 0; k < res.threats.size(); ++k)
    placeThreat(res, static_cast<int>(k), geography, earth, models.reference, options, add);

  // Who knew, and when; what the defence did; what it destroyed; who was warned.
  TruthForDefence truth = truthForDefence(res, geography);
  stage.lap(res.stage_times, "flights");
  res.defence = runDefence(res.config, geography, earth, models.atmosphere, models.tracker, truth,
                           options.scramble_truth_labels, &res.stage_times, trial, options.full_outputs);
  runEngagementStage(models, trial, res, &options.progress, options.coverage_maps);
  stage.restart();
  const std::vector<alerts::DestroyedObject> destroyed = applyKills(res, earth, truth.passages, add);
  planPublicAlerts(res.config, geography, res.defence, truth.passages, destroyed);
  stage.lap(res.stage_times, "alerts");
  addDefenceEvents(res, add);
  addEngagementEvents(res, add);
  std::stable_sort(res.timeline.begin(), res.timeline.end(),
                   [](const TimelineEvent& a, const TimelineEvent& b) { return a.t_s < b.t_s; });

  if (options.full_outputs) {
    sampleTracks(earth, res);
    res.record = compareWithRecord(res, geography);
  }
  stage.lap(res.stage_times, "timeline and samples");
  return res;
}

double SimulationResult::endTime_s() const {
  double t = 0.0;
  for (const ThreatResult& th : threats) t = std::max(t, th.flight.impact.t_s);
  return t;
}

}  // namespace picket::simulation

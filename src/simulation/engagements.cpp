// Could it have been shot down: the scenario's shooters against the defence's tracks (engagement/),
// and the coverage maps it asks for.
#include "simulation/engagements.h"

#include <algorithm>
#include <cmath>
#include <map>

#include <fmt/format.h>

#include "flight/missile.h"
#include "simulation/models.h"
#include "tracking/deleters.h"

namespace picket::simulation {

namespace {

// For the coverage maps, which analyse one true missile: the first time an object that was (by the
// scoring) that missile's warhead had a track of fire-control quality (any sensor), or none.
std::optional<double> fireControlTime(const DefenceResult& d, int threat, double quality_m) {
  for (const TrackRecord& r : d.tracks)
    if (r.confirmed && d.objectWarheadThreat(r.object) == threat && tracking::positionSigma_m(r.P) <= quality_m)
      return r.t_s;
  return std::nullopt;
}

}  // namespace

// Interceptor models are built once per distinct configuration (catalog entry, or override).
std::string InterceptorCache::key(const scenario::InterceptorConfig& c) { return c.id + "@" + c.where.str(); }

const engagement::Interceptor* InterceptorCache::find(const std::string& key) const {
  for (std::size_t i = 0; i < keys_.size(); ++i)
    if (keys_[i] == key) return models_[i].get();
  return nullptr;
}

const engagement::Interceptor& InterceptorCache::get(const scenario::InterceptorConfig& c) {
  std::string k = key(c);
  if (const engagement::Interceptor* built = find(k)) return *built;
  keys_.push_back(std::move(k));
  models_.push_back(std::make_unique<engagement::Interceptor>(c, *earth_, *atmosphere_));
  return *models_.back();
}

const engagement::Interceptor& InterceptorCache::at(const scenario::InterceptorConfig& c) const {
  const engagement::Interceptor* built = find(key(c));
  PICKET_ASSERT(built != nullptr, "interceptor " + key(c) + " was not built with the models");
  return *built;
}

void buildInterceptors(const scenario::ScenarioConfig& config, InterceptorCache& cache) {
  for (const scenario::ShooterConfig& s : config.shooters) cache.get(s.interceptor);
  for (const scenario::CoverageConfig& c : config.coverage) cache.get(c.interceptor);
}

namespace {

// The shooters as the battle manager takes them: each with its interceptor's reach table, its
// site, its radar (by sensor index) and the link latency from the tracks to it (none from a radar
// within colocated_radar_km); the kill and reliability probabilities are the trial's.
std::vector<engagement::ShooterInput> shooterInputs(const scenario::ScenarioConfig& config, const Models& models) {
  const world::Earth& earth = models.earth;
  std::vector<engagement::ShooterInput> shooters;
  for (std::size_t i = 0; i < config.shooters.size(); ++i) {
    const scenario::ShooterConfig& s = config.shooters[i];
    engagement::ShooterInput in;
    in.config = &s;
    in.interceptor = &models.interceptors.at(s.interceptor);
    in.doctrine = models.doctrines[i].get();
    in.salvo = s.salvo.value_or(in.doctrine->defaultSalvo());
    in.sspk = s.interceptor.sspk;  // the trial's draw, where it has one
    in.reliability = s.interceptor.reliability;
    in.site = engagement::ShooterSite::at(earth, world::Geodetic{s.lat_deg, s.lon_deg, s.alt_m});
    bool own = false;
    for (std::size_t k = 0; k < config.sensors.size(); ++k) {
      if (config.sensors[k].name != s.radar) continue;
      in.radar = static_cast<int>(k);
      const scenario::SensorConfig& r = config.sensors[k];
      const world::Vec3 p = earth.ecefFromGeodetic(world::Geodetic{r.lat_deg, r.lon_deg, r.alt_m});
      own = (p - in.site.p_Ecef).norm() <= config.engagement.colocated_radar_m;
      in.radar_engagements = r.engagements;
    }
    in.link_latency_s = s.link_latency_s.value_or(own ? 0.0 : config.engagement.link_latency_s);
    shooters.push_back(in);
  }
  return shooters;
}

// The threats as the battle manager takes them: the objects the defence's discrimination says may
// be warheads (tracking/discrimination.h), each on the confirmed tracks the correlator put
// together (tracking/correlator.h). The planning sees only those tracks. The truth enters only where
// the world, not the defence, decides: whether an interceptor meets the object it was fired at
// (the end game against that object's true path) and the boost-phase question (on the missile
// the object came from); and in the threat's name, for the reader.
std::vector<engagement::ThreatInput> threatInputs(const SimulationResult& res) {
  const DefenceResult& d = res.defence;
  std::map<int, engagement::ThreatInput> by_object;
  for (const TrackRecord& r : d.tracks) {
    if (!r.confirmed || r.object <= 0) continue;
    const ObjectRecord& obj = d.tracked_objects[static_cast<std::size_t>(r.object - 1)];
    if (!obj.lethal) continue;
    engagement::ThreatInput& th = by_object[r.object];
    if (th.updates.empty()) {
      th.object = r.object;
      th.track = r.track;
      if (const TrueObjectInfo* truth = d.objectTruth(r.object)) {
        const TrueObjectInfo& o = *truth;
        const ThreatResult& missile = res.threats[static_cast<std::size_t>(o.threat)];
        th.truth = &missile.flight.trajectory;
        th.truth_burnout_t_s = missile.flight.burnout.t_s;
        th.end_game_truth = o.body >= 0 ? &d.bodies[static_cast<std::size_t>(o.body)].trajectory : th.truth;
        th.first_detection_t_s = d.threat_first_detection_t_s[static_cast<std::size_t>(o.threat)].value_or(missile.launch_t_s);
      }
      th.boost_end_estimate_t_s = d.boost_end_estimate_t_s;
      if (obj.light_from_t_s) th.not_lethal_from_t_s = *obj.light_from_t_s;
      th.prior_p_lethal = res.config.tracking.prior_p_lethal;
      th.belief = obj.belief;
    }
    th.updates.push_back({r.t_s, r.x, tracking::positionSigma_m(r.P), r.sensor});  // d.tracks is in time order
  }
  std::vector<engagement::ThreatInput> threats;
  for (auto& [id, th] : by_object) threats.push_back(std::move(th));
  return threats;
}

// The coverage maps (analysis on top of the run, left out of a Monte Carlo trial): shooter grids
// on the threat's true path, defended footprints flying the scenario's missile.
void coverageMaps(const Models& models, const DefenceResult& d, const ProgressFn* progress, SimulationResult& res) {
  const scenario::ScenarioConfig& config = res.config;
  const world::Earth& earth = models.earth;
  const world::Atmosphere& atmosphere = models.atmosphere;
  const InterceptorCache& cache = models.interceptors;
  Stopwatch stage;
  for (const scenario::CoverageConfig& cc : config.coverage) {
    const engagement::Interceptor& ic = cache.at(cc.interceptor);
    const ThreatResult& threat = res.threats.at(static_cast<std::size_t>(cc.threat));
    const double delays = config.engagement.link_latency_s + config.engagement.fire_control_s +
                          config.engagement.decision_latency_s + ic.config().order_to_launch_s;
    // The earliest launch the scenario's defence allowed: fire-control track (or first sighting)
    // after the estimated burnout, plus the delays.
    const auto earliestFromDefence = [&] {
      const std::optional<double> t_fc = fireControlTime(d, cc.threat, config.engagement.track_quality_m);
      const std::optional<double> seen = cc.threat < static_cast<int>(d.threat_first_detection_t_s.size())
                                             ? d.threat_first_detection_t_s[static_cast<std::size_t>(cc.threat)]
                                             : std::nullopt;
      return std::max(t_fc ? *t_fc : seen.value_or(threat.launch_t_s), d.boost_end_estimate_t_s) + delays;
    };
    if (cc.kind == scenario::CoverageKind::kShooterGrid) {
      const double earliest = cc.earliest_launch_s >= 0.0 ? cc.earliest_launch_s : earliestFromDefence();
      const engagement::ThreatPath path =
          engagement::ThreatPath::fromTruth(earth, threat.flight.trajectory, threat.launch_t_s, 1.0, threat.flight.burnout.t_s);
      res.coverage.push_back(
          engagement::shooterGrid(cc, ic, earth, path, earliest, config.engagement.terminal_alt_m, progress));
    } else {
      if (!threat.aim)
        throwInputError(cc.where, "a defended-footprint map flies the scenario's missile: it needs 'missile' and 'aim'");
      const flight::Missile missile(cc.threat < static_cast<int>(config.raid.size())
                                        ? config.raid[static_cast<std::size_t>(cc.threat)].missile
                                        : *config.missile);
      engagement::FootprintThreat ft;
      ft.missile = &missile;
      ft.launch = world::Geodetic{threat.launch.lat_deg, threat.launch.lon_deg, threat.launch.alt_m};
      ft.pitch_over_deg = threat.aim->plan.pitch_over_deg;
      ft.earliest_launch_after_threat_launch_s =
          cc.earliest_launch_s >= 0.0 ? cc.earliest_launch_s : earliestFromDefence() - threat.launch_t_s;
      res.coverage.push_back(engagement::defendedFootprint(cc, ic, flight::FlightModels{earth, atmosphere}, ft,
                                                           config.engagement.terminal_alt_m, progress));
    }
    stage.lap(res.stage_times, "coverage maps");
  }
}

}  // namespace

void runEngagementStage(const Models& models, std::uint64_t trial, SimulationResult& res, const ProgressFn* progress,
                        bool coverage_maps) {
  const scenario::ScenarioConfig& config = res.config;  // the trial's (its draws applied: trial.h)
  if (config.shooters.empty() && config.coverage.empty()) return;
  Stopwatch stage;
  if (!config.shooters.empty()) {
    const std::vector<engagement::ShooterInput> shooters = shooterInputs(config, models);
    const std::vector<engagement::ThreatInput> threats = threatInputs(res);
    const engagement::EngagementContext ctx{models.earth,       models.atmosphere,     *models.geography, models.tracker,
                                            config.engagement,  config.defended_areas, config.seed,       trial};
    res.engagement = engagement::runEngagements(ctx, shooters, threats);
    stage.lap(res.stage_times, "battle manager");
  }
  if (coverage_maps) coverageMaps(models, res.defence, progress, res);
}

}  // namespace picket::simulation

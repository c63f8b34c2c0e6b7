// Could it have been shot down: the scenario's shooters against the defence's tracks (engagement/),
// and the coverage maps it asks for.
#include "simulation/engagements.h"

#include <algorithm>
#include <cmath>
#include <map>

#include <fmt/format.h>

#include "flight/missile.h"

namespace picket::simulation {

namespace {

constexpr double kColocated_m = 10e3;  // a radar this close to the shooter is its own

double positionSigma_m(const tracking::StateCov& P) {
  const Eigen::SelfAdjointEigenSolver<Eigen::Matrix3d> es(P.topLeftCorner<3, 3>(), Eigen::EigenvaluesOnly);
  return std::sqrt(std::max(0.0, es.eigenvalues().maxCoeff()));
}

// The first time a warhead track reached fire-control quality (any sensor), or none.
std::optional<double> fireControlTime(const DefenceResult& d, double quality_m) {
  for (const TrackRecord& r : d.tracks)
    if (r.confirmed && r.track < static_cast<int>(d.track_truth.size()) &&
        d.track_truth[static_cast<std::size_t>(r.track)] == 0 && positionSigma_m(r.P) <= quality_m)
      return r.t_s;
  return std::nullopt;
}

}  // namespace

// Interceptor models are built once per distinct configuration (catalog entry, or override).
const engagement::Interceptor& InterceptorCache::get(const scenario::InterceptorConfig& c) {
  const std::string key = c.id + "@" + c.where.str();
  for (std::size_t i = 0; i < keys_.size(); ++i)
    if (keys_[i] == key) return *models_[i];
  keys_.push_back(key);
  models_.push_back(std::make_unique<engagement::Interceptor>(c, *earth_, *atmosphere_));
  return *models_.back();
}

void runEngagementStage(const scenario::ScenarioConfig& config, const world::Geography& geography,
                        const world::Earth& earth, const world::Atmosphere& atmosphere, SimulationResult& res) {
  if (config.shooters.empty() && config.coverage.empty()) return;
  InterceptorCache cache(earth, atmosphere);
  const DefenceResult& d = res.defence;
  const tracking::BallisticModel model(earth, atmosphere,
                                       {config.tracking.atmosphere_edge_m, config.tracking.max_step_s,
                                        config.tracking.inv_beta_process_noise});
  const double burnout_t = res.flight.burnout.t_s;

  if (!config.shooters.empty()) {
    std::vector<engagement::ShooterInput> shooters;
    for (const scenario::ShooterConfig& s : config.shooters) {
      engagement::ShooterInput in;
      in.config = &s;
      in.interceptor = &cache.get(s.interceptor);
      in.site = engagement::ShooterSite::at(earth, world::Geodetic{s.lat_deg, s.lon_deg, s.alt_m});
      bool own = false;
      for (std::size_t k = 0; k < config.sensors.size(); ++k) {
        if (config.sensors[k].name != s.radar) continue;
        in.radar = static_cast<int>(k);
        const scenario::SensorConfig& r = config.sensors[k];
        const world::Vec3 p = earth.ecefFromGeodetic(world::Geodetic{r.lat_deg, r.lon_deg, r.alt_m});
        own = (p - in.site.p_Ecef).norm() <= kColocated_m;
      }
      in.link_latency_s = s.link_latency_s.value_or(own ? 0.0 : config.engagement.link_latency_s);
      shooters.push_back(in);
    }
    // Threats: the confirmed tracks the tracker holds on the warhead. Telling the warhead from the
    // spent stage (discrimination) is assumed perfect here: docs/engagement.md#limits.
    std::map<int, engagement::ThreatInput> by_track;
    for (const TrackRecord& r : d.tracks) {
      if (!r.confirmed || r.track >= static_cast<int>(d.track_truth.size()) ||
          d.track_truth[static_cast<std::size_t>(r.track)] != 0)
        continue;
      engagement::ThreatInput& th = by_track[r.track];
      th.track = r.track;
      th.name = fmt::format("track {} ({})", r.track, d.objects.empty() ? "warhead" : d.objects.front().name);
      th.truth = &res.flight.trajectory;
      th.truth_burnout_t_s = burnout_t;
      th.updates.push_back({r.t_s, r.x, positionSigma_m(r.P), r.sensor});
    }
    std::vector<engagement::ThreatInput> threats;
    for (auto& [id, th] : by_track) threats.push_back(std::move(th));
    const engagement::EngagementContext ctx{earth,
                                            atmosphere,
                                            geography,
                                            model,
                                            config.engagement,
                                            config.defended_areas,
                                            d.first_detection_t_s.value_or(0.0),
                                            d.boost_end_estimate_t_s,
                                            config.seed};
    res.engagement = engagement::runEngagements(ctx, shooters, threats);
  }

  for (const scenario::CoverageConfig& cc : config.coverage) {
    const engagement::Interceptor& ic = cache.get(cc.interceptor);
    const double delays = config.engagement.link_latency_s + config.engagement.fire_control_s +
                          config.engagement.decision_latency_s + ic.config().order_to_launch_s;
    if (cc.kind == scenario::CoverageKind::kShooterGrid) {
      double earliest = cc.earliest_launch_s;
      if (earliest < 0.0) {
        const std::optional<double> t_fc = fireControlTime(d, config.engagement.track_quality_m);
        earliest = std::max(t_fc ? *t_fc : d.first_detection_t_s.value_or(0.0), d.boost_end_estimate_t_s) + delays;
      }
      const engagement::ThreatPath path = engagement::ThreatPath::fromTruth(earth, res.flight.trajectory, 0.0, 1.0, burnout_t);
      res.coverage.push_back(engagement::shooterGrid(cc, ic, earth, path, earliest, config.engagement.terminal_alt_m));
    } else {
      if (!config.missile || !res.aim)
        throwInputError(cc.where, "a defended-footprint map flies the scenario's missile: it needs 'missile' and 'aim'");
      const flight::Missile missile(*config.missile);
      engagement::FootprintThreat ft;
      ft.missile = &missile;
      ft.launch = world::Geodetic{config.launch.lat_deg, config.launch.lon_deg, config.launch.alt_m};
      ft.pitch_over_deg = res.aim->plan.pitch_over_deg;
      if (cc.earliest_launch_s >= 0.0) {
        ft.earliest_launch_after_threat_launch_s = cc.earliest_launch_s;
      } else {
        const std::optional<double> t_fc = fireControlTime(d, config.engagement.track_quality_m);
        ft.earliest_launch_after_threat_launch_s =
            std::max(t_fc ? *t_fc : d.first_detection_t_s.value_or(0.0), d.boost_end_estimate_t_s) + delays;
      }
      res.coverage.push_back(engagement::defendedFootprint(cc, ic, flight::FlightModels{earth, atmosphere}, ft,
                                                           config.engagement.terminal_alt_m));
    }
  }
}

}  // namespace picket::simulation

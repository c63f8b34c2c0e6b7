#include "simulation/trial.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "common/constants.h"
#include "common/random.h"
#include "simulation/models.h"
#include "simulation/simulation.h"

namespace picket::simulation {
namespace c = picket::constants;

namespace {

// CEP = sqrt(2 ln 2) sigma for a circular normal error of sigma per axis (the median of a Rayleigh
// distribution; e.g. Driels, Weaponeering, 2nd ed., AIAA 2013, ch. 4).
const double kCepPerSigma = std::sqrt(2.0 * std::log(2.0));

class Drawer {
 public:
  Drawer(std::uint64_t seed, std::uint64_t trial, std::vector<Draw>& out) : seed_(seed), trial_(trial), out_(out) {}

  // The quantity's draw for `who` (a missile, a sensor, an interceptor type), recorded.
  double operator()(const std::optional<scenario::UncertainQuantity>& q, const std::string& name, const std::string& who,
                    double nominal) {
    if (!q) return nominal;
    const std::string key = fmt::format("{}:{}", name, who);
    RandomStream rng(seed_, "uncertainty:" + key, trial_);
    const double v = q->distribution.draw(rng);
    out_.push_back({key, v});
    return v;
  }
  // A standard normal for `key` (the CEP's two axes).
  double normal(const std::string& key) {
    RandomStream rng(seed_, "uncertainty:" + key, trial_);
    return rng.normal();
  }
  void record(std::string key, double v) { out_.push_back({std::move(key), v}); }

 private:
  std::uint64_t seed_, trial_;
  std::vector<Draw>& out_;
};

// The missile's performance scaled by the drawn factors (1: unchanged).
struct Factors {
  double thrust = 1.0, isp = 1.0, propellant = 1.0, dry = 1.0, payload = 1.0, drag = 1.0, rcs = 1.0;
  [[nodiscard]] bool performance() const {
    return thrust != 1.0 || isp != 1.0 || propellant != 1.0 || dry != 1.0 || payload != 1.0 || drag != 1.0;
  }
};

void scale(scenario::MissileConfig& m, const Factors& f) {
  for (scenario::StageConfig& s : m.stages) {
    // Thrust F = mdot Isp g0: a factor on F and one on Isp make the mass flow F / (Isp g0), and the
    // propellant burns for propellant / mdot. Written as the (Isp, burn time) pair the model reads.
    const double mdot_kgps = s.propellant_mass_kg / s.burn_time_s;
    double isp_vac_s = 0.0, isp_sl_s = 0.0;
    if (s.isp_vac_s && s.isp_sl_s) {
      isp_vac_s = *s.isp_vac_s;
      isp_sl_s = *s.isp_sl_s;
    } else if (s.thrust_vac_n && s.thrust_sl_n) {
      isp_vac_s = *s.thrust_vac_n / (mdot_kgps * c::kStandardGravity_mps2);
      isp_sl_s = *s.thrust_sl_n / (mdot_kgps * c::kStandardGravity_mps2);
    }
    const double mdot2_kgps = mdot_kgps * f.thrust / f.isp;
    s.isp_vac_s = isp_vac_s * f.isp;
    s.isp_sl_s = isp_sl_s * f.isp;
    s.thrust_vac_n.reset();
    s.thrust_sl_n.reset();
    s.propellant_mass_kg *= f.propellant;
    s.burn_time_s = s.propellant_mass_kg / mdot2_kgps;
    s.dry_mass_kg *= f.dry;
    for (auto& [mach, cd] : s.cd_vs_mach) cd *= f.drag;
    s.rcs_m2 *= f.rcs;
  }
  m.payload.mass_kg *= f.payload;
  m.payload.ballistic_coefficient_kg_m2 *= f.payload / f.drag;  // beta = m / (Cd A)
  m.payload.rcs_m2 *= f.rcs;
}

// The point `north_m`, `east_m` from (lat, lon), along the geodesic.
world::Geodetic offsetPoint(const world::Earth& earth, double lat_deg, double lon_deg, double north_m, double east_m) {
  const double d = std::hypot(north_m, east_m);
  if (d == 0.0) return {lat_deg, lon_deg, 0.0};
  return earth.direct(lat_deg, lon_deg, std::atan2(east_m, north_m) * c::kRadToDeg, d);
}

// The missile a threat flies, in a configuration or in the trial's copy of it.
template <class Config>
auto* missileOf(Config& config, std::size_t threat) {
  return config.raid.empty() ? (config.missile ? &*config.missile : nullptr) : &config.raid[threat].missile;
}

}  // namespace

const scenario::MissileConfig* threatMissileConfig(const scenario::ScenarioConfig& config, std::size_t threat) {
  return missileOf(config, threat);
}

TrialSetup setUpTrial(const Models& models, std::uint64_t trial, bool draw, const SimulationOptions& options) {
  TrialSetup setup;
  setup.config = models.config;
  for (const ThreatModel& tm : models.threats) setup.threats.push_back({tm.launch, tm.launch_t_s, std::nullopt, std::nullopt});
  const scenario::UncertaintyConfig& u = models.config.uncertainty;
  if (!draw) return setup;
  scenario::ScenarioConfig& cfg = setup.config;
  Drawer d(cfg.seed, trial, setup.draws);
  // Each shooter that is not always there: on station and working in this trial with its
  // availability (its own stream), else out of the trial (no rounds).
  for (scenario::ShooterConfig& s : cfg.shooters) {
    if (s.availability >= 1.0) continue;
    RandomStream rng(cfg.seed, "availability:" + s.name, trial);
    const bool there = rng.uniform() < s.availability;
    d.record("available:" + s.name, there ? 1.0 : 0.0);
    if (!there) s.magazine = 0;
    setup.drawn = true;
  }
  if (!u.present) return setup;
  setup.drawn = true;

  // Each missile: launch time and place, performance, aim point.
  for (std::size_t k = 0; k < models.threats.size(); ++k) {
    const ThreatModel& tm = models.threats[k];
    TrialThreat& th = setup.threats[k];
    const std::string who = tm.name;
    // Launch time: an offset (the models' epoch is early enough that no draw comes before it).
    const double dt_s = d(u.launch_time_s, "launch_time_s", who, 0.0);
    th.launch_t_s = tm.launch_t_s + dt_s;
    th.launch.time = tm.launch.time.plus(dt_s);
    if (tm.missile_config == nullptr) continue;  // impulsive: only the time is drawn
    const double north_m = d(u.launch_north_m, "launch_north_m", who, 0.0);
    const double east_m = d(u.launch_east_m, "launch_east_m", who, 0.0);
    if (north_m != 0.0 || east_m != 0.0) {
      const world::Geodetic p = offsetPoint(models.earth, tm.launch.lat_deg, tm.launch.lon_deg, north_m, east_m);
      th.launch.lat_deg = p.lat_deg;
      th.launch.lon_deg = p.lon_deg;
    }
    Factors f;
    f.thrust = d(u.thrust, "thrust", who, 1.0);
    f.isp = d(u.isp, "isp", who, 1.0);
    f.propellant = d(u.propellant_mass, "propellant_mass", who, 1.0);
    f.dry = d(u.dry_mass, "dry_mass", who, 1.0);
    f.payload = d(u.payload_mass, "payload_mass", who, 1.0);
    f.drag = d(u.drag, "drag", who, 1.0);
    f.rcs = d(u.rcs, "rcs", who, 1.0);
    double aim_north_m = d(u.aim_north_m, "aim_north_m", who, 0.0);
    double aim_east_m = d(u.aim_east_m, "aim_east_m", who, 0.0);
    if (u.cep_m) {
      const double sigma_m = *u.cep_m / kCepPerSigma;
      aim_north_m = sigma_m * d.normal("aim_north_m:" + who);
      aim_east_m = sigma_m * d.normal("aim_east_m:" + who);
      d.record("aim_north_m:" + who, aim_north_m);
      d.record("aim_east_m:" + who, aim_east_m);
    }
    scenario::MissileConfig* mc = missileOf(cfg, k);
    if (f.performance() || f.rcs != 1.0) scale(*mc, f);
    const bool moved = north_m != 0.0 || east_m != 0.0 || aim_north_m != 0.0 || aim_east_m != 0.0;
    if (!f.performance() && !moved) continue;  // the models' missile and aim fly as they are
    th.own_missile.emplace(*mc);
    flight::AimRequest req = tm.aim_request;
    req.launch = world::Geodetic{th.launch.lat_deg, th.launch.lon_deg, th.launch.alt_m};
    const world::Geodetic aim = offsetPoint(models.earth, req.aim_lat_deg, req.aim_lon_deg, aim_north_m, aim_east_m);
    req.aim_lat_deg = aim.lat_deg;
    req.aim_lon_deg = aim.lon_deg;
    flight::GuidancePlan start = tm.aim->plan;
    if (u.guidance_corrects) {
      // From the nominal plan turned by the change in the line's bearing, then corrected.
      const double az_nominal =
          models.earth.inverse(tm.aim_request.launch.lat_deg, tm.aim_request.launch.lon_deg, tm.aim_request.aim_lat_deg,
                               tm.aim_request.aim_lon_deg)
              .azimuth_deg;
      const double az_drawn = models.earth.inverse(req.launch.lat_deg, req.launch.lon_deg, req.aim_lat_deg, req.aim_lon_deg).azimuth_deg;
      start.azimuth_deg += std::remainder(az_drawn - az_nominal, 360.0);
      th.own_aim = flight::correctAim(models.flightModels(), *th.own_missile, req, start, options.flight);
    } else {
      th.own_aim = *tm.aim;
    }
  }

  // What the sensors see.
  if (cfg.burnout) cfg.burnout->rcs_m2 *= d(u.rcs, "rcs", models.threats.front().name, 1.0);
  for (scenario::SensorConfig& s : cfg.sensors) s.noise_factor = d(u.sensor_noise, "sensor_noise", s.name, 1.0);
  // Latencies: one draw per trial, for the whole defence.
  scenario::EngagementConfig& e = cfg.engagement;
  e.decision_latency_s = d(u.decision_latency_s, "decision_latency_s", "defence", e.decision_latency_s);
  e.fire_control_s = d(u.fire_control_s, "fire_control_s", "defence", e.fire_control_s);
  e.link_latency_s = d(u.link_latency_s, "link_latency_s", "defence", e.link_latency_s);
  e.kill_assessment_s = d(u.kill_assessment_s, "kill_assessment_s", "defence", e.kill_assessment_s);
  cfg.alerts.latency_s = d(u.alert_latency_s, "alert_latency_s", "alerts", cfg.alerts.latency_s);
  // Interceptors: one draw per type and trial (what is uncertain is the type's performance),
  // shared by every shooter that fires it.
  for (const scenario::InterceptorUncertainty& iu : u.interceptors) {
    double sspk = -1.0, reliability = -1.0;
    for (scenario::ShooterConfig& s : cfg.shooters) {
      if (s.interceptor.id != iu.id) continue;
      if (sspk < 0.0) {
        sspk = d(iu.sspk, "sspk", iu.id, s.interceptor.sspk);
        reliability = d(iu.reliability, "reliability", iu.id, s.interceptor.reliability);
      }
      s.interceptor.sspk = sspk;
      s.interceptor.reliability = reliability;
    }
  }
  return setup;
}

}  // namespace picket::simulation

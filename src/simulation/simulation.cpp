#include "simulation/simulation.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "flight/missile.h"
#include "world/atmosphere.h"
#include "world/earth.h"

namespace picket::simulation {
namespace {

world::AtmosphereModel atmosphereModel(scenario::AtmosphereOption o) {
  return o == scenario::AtmosphereOption::kNone ? world::AtmosphereModel::kNone : world::AtmosphereModel::kUs1976;
}

// The 1:50m coastline of Natural Earth and MLIT's prefecture coasts differ by up to a few km, so a
// track crossing a Japanese coast shows slivers of "Japan, no prefecture" a second or two long.
// Such a sliver touching a prefecture interval is folded into it; intervals of the same place that
// touch are merged. A sliver standing alone (a track that grazes only the coarser coast) stays.
std::vector<world::RegionCrossing> tidyCrossings(std::vector<world::RegionCrossing> in) {
  constexpr double kSliver_s = 3.0, kTouch_s = 0.5;
  std::vector<world::RegionCrossing> out;
  for (std::size_t i = 0; i < in.size(); ++i) {
    const world::RegionCrossing& c = in[i];
    const bool sliver = c.prefecture < 0 && c.exit_t_s - c.enter_t_s < kSliver_s;
    const auto touches = [&](const world::RegionCrossing& o) {
      return o.country == c.country && o.prefecture >= 0 &&
             (std::abs(o.exit_t_s - c.enter_t_s) < kTouch_s || std::abs(c.exit_t_s - o.enter_t_s) < kTouch_s);
    };
    if (sliver && ((i > 0 && touches(in[i - 1])) || (i + 1 < in.size() && touches(in[i + 1])))) continue;
    if (!out.empty() && out.back().country == c.country && out.back().prefecture == c.prefecture &&
        c.enter_t_s - out.back().exit_t_s < kTouch_s + kSliver_s) {
      out.back().exit_t_s = c.exit_t_s;
      continue;
    }
    out.push_back(c);
  }
  return out;
}

// "40.79N 169.41E", "33.90S 70.60W"
std::string latLonText(double lat_deg, double lon_deg) {
  const double lon = std::remainder(lon_deg, 360.0);
  return fmt::format("{:.2f}{} {:.2f}{}", std::abs(lat_deg), lat_deg < 0.0 ? 'S' : 'N', std::abs(lon), lon < 0.0 ? 'W' : 'E');
}

std::string placeName(const Overflight& o) { return o.region.empty() ? o.country : o.region + ", " + o.country; }

}  // namespace

SimulationResult simulate(const scenario::ScenarioConfig& config, const world::Geography& geography,
                          const SimulationOptions& options) {
  SimulationResult res;
  res.config = config;
  // Check the landmarks the output names before any flying.
  std::vector<const world::Landmark*> reference;
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
    reference.push_back(l);
  }
  const world::Earth earth(world::EarthOptions::from(config.physics), config.launch.time);
  const world::Atmosphere atmosphere(atmosphereModel(config.physics.atmosphere));
  const flight::FlightModels models{earth, atmosphere};
  const world::Geodetic launch{config.launch.lat_deg, config.launch.lon_deg, config.launch.alt_m};

  if (config.missile) {
    const flight::Missile missile(*config.missile);
    res.missile_name = missile.name();
    const scenario::AimConfig& aim = *config.aim;
    flight::AimRequest req;
    req.launch = launch;
    req.shape = aim.shape;
    req.apogee_m = aim.apogee_m;
    if (aim.point_lat_deg) {
      req.aim_lat_deg = *aim.point_lat_deg;
      req.aim_lon_deg = *aim.point_lon_deg;
    } else {
      const world::Geodetic p = earth.direct(launch.lat_deg, launch.lon_deg, *aim.azimuth_deg, *aim.range_m);
      req.aim_lat_deg = p.lat_deg;
      req.aim_lon_deg = p.lon_deg;
    }
    try {
      res.aim = flight::solveAim(models, missile, req, options.flight);
    } catch (const flight::AimingError& e) {
      throwInputError(aim.where, e.what());
    }
    flight::flyMissile(models, missile, launch, res.aim->plan, options.flight, res.flight);
  } else {
    const scenario::BurnoutConfig& b = *config.burnout;
    res.missile_name = "burnout state";
    flight::BurnoutState state{world::Geodetic{launch.lat_deg, launch.lon_deg, b.alt_m}, b.speed_mps,
                               b.flight_path_angle_deg, b.azimuth_deg, b.ballistic_coefficient_kg_m2};
    flight::flyFromBurnout(models, state, options.flight, res.flight);
  }
  const flight::FlightResult& fr = res.flight;
  if (!fr.impacted)
    throwInputError(config.where, fmt::format("the flight did not come down within {:.0f} s (it may be in orbit)",
                                              options.flight.max_time_s));

  // Ground track: regions overflown, with entry and exit times.
  const auto subpoint = [&](double t) {
    const world::Vec3 p = earth.ecefFromEci(fr.trajectory.at(t).p_Eci_m, t);
    const world::Geodetic g = earth.geodeticFromEcef(p);
    return world::LatLon{g.lat_deg, g.lon_deg};
  };
  for (const world::RegionCrossing& c : tidyCrossings(geography.crossings(subpoint, 0.0, fr.impact.t_s,
                                                                         options.overflight_sample_s))) {
    Overflight o;
    o.country = c.country >= 0 ? geography.countryName(c.country) : "";
    o.region = c.prefecture >= 0 ? geography.prefectureName(c.prefecture) : "";
    o.enter_t_s = c.enter_t_s;
    o.exit_t_s = c.exit_t_s;
    res.overflights.push_back(std::move(o));
  }
  res.impact_fix = LandmarkDistance::from(geography.nearestLandmark(fr.impact.position.lat_deg, fr.impact.position.lon_deg));
  for (const world::Landmark* l : reference)
    res.impact_fixes.push_back(*LandmarkDistance::from(geography.fixFrom(*l, fr.impact.position.lat_deg, fr.impact.position.lon_deg)));

  // The timeline.
  auto add = [&](std::string kind, double t, std::string text) -> TimelineEvent& {
    TimelineEvent e;
    e.kind = std::move(kind);
    e.t_s = t;
    e.text = std::move(text);
    res.timeline.push_back(std::move(e));
    return res.timeline.back();
  };
  auto at = [&](TimelineEvent& e) {
    const flight::KinematicState k = flight::kinematics(earth, fr.trajectory.at(e.t_s));
    e.alt_m = k.position.alt_m;
    e.lat_deg = k.position.lat_deg;
    e.lon_deg = k.position.lon_deg;
    e.speed_mps = k.speed_mps;
  };
  for (const flight::FlightEvent& ev : fr.events) {
    switch (ev.kind) {
      case flight::EventKind::kLaunch: {
        const std::string from = config.launch.site.empty() ? latLonText(launch.lat_deg, launch.lon_deg)
                                                            : config.launch.site;
        at(add("launch", ev.t_s,
               config.missile ? fmt::format("Launch of the {} from {}", res.missile_name, from)
                              : fmt::format("Flight starts at burnout over {}, {:.2f} km/s at {:.1f} deg", from,
                                            fr.burnout.speed_mps / 1e3, fr.burnout.flight_path_angle_deg)));
        break;
      }
      case flight::EventKind::kStaging:
        at(add("staging", ev.t_s, fmt::format("Stage {} burns out and separates", ev.stage + 1)));
        break;
      case flight::EventKind::kBurnout:
      case flight::EventKind::kCutoff: {
        if (!config.missile) break;
        const bool cut = ev.kind == flight::EventKind::kCutoff;
        at(add(cut ? "cutoff" : "burnout", ev.t_s,
               fmt::format("{} at {:.0f} km altitude, {:.2f} km/s, flight-path angle {:.1f} deg",
                           cut ? "Thrust cut-off" : "Burnout", fr.burnout.position.alt_m / 1e3,
                           fr.burnout.speed_mps / 1e3, fr.burnout.flight_path_angle_deg)));
        break;
      }
      case flight::EventKind::kSeparation:
        at(add("separation", ev.t_s, "Re-entry vehicle separates"));
        break;
      case flight::EventKind::kApogee:
        at(add("apogee", ev.t_s, fmt::format("Apogee, {:.0f} km", fr.apogee.position.alt_m / 1e3)));
        break;
      case flight::EventKind::kImpact: {
        const std::optional<LandmarkDistance>& fix = res.impact_fix;
        std::string where = latLonText(fr.impact.position.lat_deg, fr.impact.position.lon_deg);
        for (const LandmarkDistance& f : res.impact_fixes)
          where += fmt::format(", {:.0f} km from {} (bearing {:03.0f})", f.distance_m / 1e3, f.landmark,
                               f.bearing_deg);
        if (fix && (res.impact_fixes.empty() || res.impact_fixes.front().landmark != fix->landmark))
          where += fmt::format(", {:.0f} km from {} (nearest, bearing {:03.0f})", fix->distance_m / 1e3, fix->landmark,
                               fix->bearing_deg);
        at(add("impact", ev.t_s, fmt::format("Impact at {}", where)));
        break;
      }
      case flight::EventKind::kPitchOver:
      case flight::EventKind::kGravityTurn:
        break;  // in events.json through the flight, not in the people's timeline
    }
  }
  for (const Overflight& o : res.overflights) {
    if (o.enter_t_s > 0.0) {
      TimelineEvent& e = add("enter", o.enter_t_s, fmt::format("Over {}", placeName(o)));
      e.country = o.country;
      e.region = o.region;
      at(e);
    }
    if (o.exit_t_s < fr.impact.t_s) {
      TimelineEvent& e = add("exit", o.exit_t_s, fmt::format("Leaves {}", placeName(o)));
      e.country = o.country;
      e.region = o.region;
      at(e);
    }
  }
  std::stable_sort(res.timeline.begin(), res.timeline.end(),
                   [](const TimelineEvent& a, const TimelineEvent& b) { return a.t_s < b.t_s; });

  // Output samples: a regular grid plus the event times, so no event falls between rows.
  std::vector<double> times;
  const double dt = config.output.sample_interval_s;
  const auto n = static_cast<long>(std::floor(fr.impact.t_s / dt));
  for (long i = 0; i <= n; ++i) times.push_back(static_cast<double>(i) * dt);
  for (const TimelineEvent& e : res.timeline) times.push_back(e.t_s);
  times.push_back(fr.impact.t_s);
  std::sort(times.begin(), times.end());
  times.erase(std::unique(times.begin(), times.end(), [](double a, double b) { return std::abs(a - b) < 1e-6; }),
              times.end());
  res.track.reserve(times.size());
  for (const double t : times) {
    const flight::Sample s = fr.trajectory.at(t);
    const flight::KinematicState k = flight::kinematics(earth, s);
    const world::Vec3 p = earth.ecefFromEci(s.p_Eci_m, t);
    res.track.push_back(TrackPoint{t, k.position.lat_deg, k.position.lon_deg, k.position.alt_m, k.speed_mps,
                                   k.flight_path_angle_deg, k.heading_deg, s.mass_kg, p.x(), p.y(), p.z()});
  }
  return res;
}

}  // namespace picket::simulation

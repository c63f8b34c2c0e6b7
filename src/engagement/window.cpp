#include "engagement/window.h"

#include <algorithm>
#include <cmath>
#include <limits>


#include "common/constants.h"
#include "common/hermite.h"

namespace picket::engagement {
namespace c = picket::constants;

const char* phaseName(Phase p) {
  switch (p) {
    case Phase::kBoost: return "boost";
    case Phase::kAscent: return "ascent";
    case Phase::kMidcourse: return "midcourse";
    case Phase::kTerminal: return "terminal";
  }
  return "?";
}

Phase classifyPhase(double t_s, double burnout_t_s, double apogee_t_s, double alt_m, double terminal_alt_m) {
  if (t_s < burnout_t_s) return Phase::kBoost;
  if (t_s < apogee_t_s) return Phase::kAscent;
  return alt_m >= terminal_alt_m ? Phase::kMidcourse : Phase::kTerminal;
}

double groundRange_m(const Vec3& up_a, const Vec3& up_b) {
  // On the mean sphere (IUGG R1): within 0.3 % of the geodesic.
  return c::kMeanEarthRadius_m * std::atan2(up_a.cross(up_b).norm(), up_a.dot(up_b));
}

ShooterSite ShooterSite::at(const world::Earth& earth, const world::Geodetic& g) {
  ShooterSite s;
  s.geodetic = g;
  s.p_Ecef = earth.ecefFromGeodetic(g);
  s.up = s.p_Ecef.normalized();
  return s;
}

void ThreatPath::finish(const world::Earth& earth, bool alt_known) {
  double best = -1.0;
  for (PathSample& s : samples_) {
    if (!alt_known) s.alt_m = earth.altitude_m(s.p_Ecef);
    s.up = s.p_Ecef.normalized();
    s.speed_mps = s.v_Ecef.norm();
    if (s.alt_m > best) {
      best = s.alt_m;
      apogee_t_s_ = s.t_s;
    }
  }
}

ThreatPath ThreatPath::fromTruth(const world::Earth& earth, const flight::Trajectory& trajectory, double t_from_s,
                                 double dt_s, double burnout_t_s, double t_to_s) {
  ThreatPath path;
  path.dt_s_ = dt_s;
  path.burnout_t_s_ = burnout_t_s;
  if (trajectory.empty()) return path;
  const double t0 = std::max(t_from_s, trajectory.startTime_s()), t1 = std::min(t_to_s, trajectory.endTime_s());
  path.samples_.reserve(static_cast<std::size_t>((t1 - t0) / dt_s) + 2);
  for (double t = t0;; t += dt_s) {
    const double tt = std::min(t, t1);
    const flight::Sample s = trajectory.at(tt);
    PathSample p;
    p.t_s = tt;
    p.p_Ecef = earth.ecefFromEci(s.p_Eci_m, tt);
    p.v_Ecef = earth.ecefVelocityFromEci(s.p_Eci_m, s.v_Eci_mps, tt);
    path.samples_.push_back(p);
    if (tt >= t1) break;
  }
  path.finish(earth, false);
  return path;
}

namespace {
// fromTrack's long steps: kLongStep_s (or the whole number of samples nearest below it) in two RK4
// steps, where the step stays kVacuumMargin_m above the air's edge, and the samples between its
// ends filled by cubic Hermite on (r, v) in ECI. Above the edge the model is gravity alone, on which
// RK4's error over a 10 s step is ~ (10 s x omega)^5 of the orbit (omega ~ 1.1e-3 /s) and the
// Hermite fill's ~ (20 s)^4 / 384 |d4r/dt4| ~ 4 mm. Against the one-second RK4 steps everywhere
// that came before (engagement_test.cpp): an IRBM's track within 1 cm, a lofted one's within 2.5 cm
// and 4 mm/s after 1,500 s (one 20 s RK4 step instead of two: 19 cm, 2.5 cm/s). Within the margin
// of the air and in it, the path is flown in one-sample steps as before. Per sample this is a
// tenth of the derivatives; the ECEF conversion and the height of each sample remain.
constexpr double kLongStep_s = 20.0;
constexpr double kVacuumMargin_m = 20e3;
}  // namespace

ThreatPath ThreatPath::fromTrack(const tracking::BallisticModel& model, const tracking::StateVec& x0, double t0_s,
                                 double dt_s, double max_time_s) {
  ThreatPath path;
  path.dt_s_ = dt_s;
  const world::Earth& earth = model.earth();
  const double a_m = earth.equatorialRadius_m();
  const double floor_m = model.options().atmosphere_edge_m + kVacuumMargin_m;
  const int stride = std::max(1, static_cast<int>(std::floor(kLongStep_s / dt_s + 1e-9)));
  const double long_s = stride * dt_s;
  // Samples come at t0_s + n dt_s for n = 0, 1, 2, ...: the Earth's rotation is carried from one
  // to the next by the angle omega dt_s (cos and sin once; after 7,200 samples within 1e-14 rad,
  // a tenth of a micrometre on the ground), and the height is Earth::altitudeNear_m (1.5 cm below
  // 150 km, 0.75 m at 1,000 km) where Bowring's iteration took four square roots and three
  // divisions: together half the path's cost.
  const double th0 = earth.siderealAngle_rad(t0_s), dth = earth.rotationRate_radps() * dt_s;
  const double cd = std::cos(dth), sd = std::sin(dth);
  double cs = std::cos(th0), sn = std::sin(th0);
  const auto push = [&](double t, const Vec3& r, const Vec3& v) -> const PathSample& {
    PathSample p;
    p.t_s = t;
    world::Mat3 R_EcefEci;
    R_EcefEci << cs, sn, 0.0, -sn, cs, 0.0, 0.0, 0.0, 1.0;
    p.p_Ecef = R_EcefEci * r;
    p.v_Ecef = R_EcefEci * (v - earth.w_EarthEci_radps().cross(r));
    p.alt_m = earth.altitudeNear_m(p.p_Ecef, p.p_Ecef.norm());
    path.samples_.push_back(p);
    const double c1 = cs * cd - sn * sd;
    sn = sn * cd + cs * sd;
    cs = c1;
    return path.samples_.back();
  };
  // Whether a long step from x stays above floor_m: |r| - a never exceeds the geodetic height, and
  // in long_s the object falls at most its descent speed times long_s plus g long_s^2 / 2 (10 m/s^2
  // bounds g there, and 2 km covers the rest).
  const auto farAbove = [&](const tracking::StateVec& x) {
    const Vec3 r = x.head<3>();
    const double rn = r.norm();
    const double descent_mps = std::max(-x.segment<3>(3).dot(r) / rn, 0.0);
    return rn - a_m - descent_mps * long_s - 5.0 * long_s * long_s - 2e3 > floor_m;
  };
  tracking::StateVec x = x0;
  int n = 0;
  for (double t = t0_s; t <= t0_s + max_time_s; t = t0_s + n * dt_s) {
    const Vec3 r = x.head<3>(), v = x.segment<3>(3);
    const PathSample& p = push(t, r, v);
    if (n > 0 && p.alt_m < 0.0) break;
    if (stride > 1 && t0_s + (n + stride) * dt_s <= t0_s + max_time_s && farAbove(x)) {
      const tracking::StateVec xe = model.step(model.step(x, 0.5 * long_s), 0.5 * long_s);
      const Vec3 re = xe.head<3>(), ve = xe.segment<3>(3);
      for (int k = 1; k < stride; ++k) {
        const Hermite fill{static_cast<double>(k) / stride, long_s};
        push(t0_s + (n + k) * dt_s, fill.position(r, v, re, ve), fill.velocity(r, v, re, ve));
      }
      x = xe;
      n += stride;
      continue;
    }
    x = model.propagate(x, dt_s);
    ++n;
  }
  path.finish(earth, true);
  return path;
}

PathSample ThreatPath::at(double t_s) const {
  if (samples_.empty()) return {};
  if (t_s <= samples_.front().t_s) return samples_.front();
  if (t_s >= samples_.back().t_s) return samples_.back();
  std::size_t i = static_cast<std::size_t>((t_s - samples_.front().t_s) / dt_s_);
  i = std::min(i, samples_.size() - 2);
  while (i > 0 && samples_[i].t_s > t_s) --i;
  while (i + 2 < samples_.size() && samples_[i + 1].t_s < t_s) ++i;
  const PathSample &a = samples_[i], &b = samples_[i + 1];
  const double h = b.t_s - a.t_s, s = (t_s - a.t_s) / h;
  // Cubic Hermite on (p, v) at both ends, and its derivative.
  const Hermite between{s, h};
  PathSample out;
  out.t_s = t_s;
  out.p_Ecef = between.position(a.p_Ecef, a.v_Ecef, b.p_Ecef, b.v_Ecef);
  out.v_Ecef = between.velocity(a.p_Ecef, a.v_Ecef, b.p_Ecef, b.v_Ecef);
  out.up = out.p_Ecef.normalized();
  out.alt_m = a.alt_m + s * (b.alt_m - a.alt_m);
  out.speed_mps = out.v_Ecef.norm();
  return out;
}

EngagementWindow engagementWindow(const Interceptor& interceptor, const ShooterSite& site, const ThreatPath& path,
                                  double earliest_launch_t_s, const WindowOptions& options,
                                  std::vector<Opportunity>* opportunities) {
  const scenario::InterceptorConfig& cfg = interceptor.config();
  const ReachTable& reach = interceptor.reach();
  EngagementWindow w;
  w.earliest_launch_t_s = earliest_launch_t_s;
  int future = 0, in_range = 0, too_high = 0, in_band = 0, too_fast = 0, reachable = 0;
  double closest_m = std::numeric_limits<double>::infinity(), lowest_in_range_m = closest_m, slowest_mps = closest_m;
  double latest_needed_launch = -std::numeric_limits<double>::infinity();
  // A sample whose up vector's dot with the site's is below cos(max_range / R) by a margin far
  // beyond rounding (1e-9; the dot and the arctangent are good to ~1e-16) is out of reach without
  // its arctangent: the same decision as on the ground range. Its ground range only counts toward
  // the nearest pass, which the reason needs when no sample is in reach; that is taken after the
  // loop, exactly, over the samples whose dot is within the margin of the largest (only they can
  // hold the least ground range).
  // Likewise a dot above cos(max_range / R) by the margin is within reach, and its arctangent is
  // taken only once the sample passes the height and speed tests (the reach table needs it).
  const double reach_angle = cfg.max_range_m / c::kMeanEarthRadius_m;
  const double cos_reach = std::cos(reach_angle);
  const double cos_beyond = reach_angle < c::kPi ? cos_reach - 1e-9 : -2.0;
  const double cos_within = reach_angle < c::kPi ? cos_reach + 1e-9 : -2.0;
  double most_beyond = -2.0;  // the largest dot of the samples beyond reach
  for (const PathSample& s : path.samples()) {
    if (s.t_s < earliest_launch_t_s) continue;
    ++future;
    const double dot = site.up.dot(s.up);
    if (dot < cos_beyond) {
      most_beyond = std::max(most_beyond, dot);
      continue;
    }
    double d = -1.0;  // the ground range, once taken
    if (dot <= cos_within) {
      d = groundRange_m(site.up, s.up);
      if (d > cfg.max_range_m) {
        closest_m = std::min(closest_m, d);
        continue;
      }
    }
    ++in_range;
    lowest_in_range_m = std::min(lowest_in_range_m, s.alt_m);
    if (s.alt_m > cfg.max_intercept_alt_m) {
      ++too_high;
      continue;
    }
    if (s.alt_m < cfg.min_intercept_alt_m) continue;
    ++in_band;
    slowest_mps = std::min(slowest_mps, s.speed_mps);
    if (s.speed_mps > cfg.max_target_speed_mps) {
      ++too_fast;
      continue;
    }
    if (d < 0.0) d = groundRange_m(site.up, s.up);
    const std::optional<Reach> r = reach.at(d, s.alt_m);
    if (!r || r->tof_s > cfg.max_flight_time_s) continue;
    ++reachable;
    const double launch = s.t_s - r->tof_s;
    if (launch < earliest_launch_t_s) {
      latest_needed_launch = std::max(latest_needed_launch, launch);
      continue;
    }
    Opportunity o;
    o.intercept_t_s = s.t_s;
    o.launch_t_s = launch;
    o.tof_s = r->tof_s;
    o.alt_m = s.alt_m;
    o.ground_range_m = d;
    o.threat_speed_mps = s.speed_mps;
    o.tilt_deg = r->tilt_deg;
    // The interceptor's velocity there: in the vertical plane through the launcher, climbing at its
    // flight-path angle, heading away from the launcher.
    const Vec3 away = s.up * site.up.dot(s.up) - site.up;
    const double g = r->flight_path_angle_deg * c::kDegToRad;
    Vec3 v_I = std::sin(g) * s.up;
    if (away.norm() > 1e-9) v_I += std::cos(g) * away.normalized();
    o.closing_speed_mps = (s.v_Ecef - r->speed_mps * v_I).norm();
    o.phase = classifyPhase(s.t_s, path.burnout_t_s(), path.apogee_t_s(), s.alt_m, options.terminal_alt_m);
    if (w.feasible_samples == 0) w.first = o;
    w.last = o;
    if (w.feasible_samples == 0 || o.launch_t_s > w.best.launch_t_s) w.best = o;
    ++w.feasible_samples;
    if (opportunities != nullptr) opportunities->push_back(o);
  }
  w.feasible = w.feasible_samples > 0;
  if (w.feasible) return w;
  if (in_range == 0 && most_beyond > -2.0)
    for (const PathSample& s : path.samples())
      if (s.t_s >= earliest_launch_t_s && site.up.dot(s.up) >= most_beyond - 1e-9)
        closest_m = std::min(closest_m, groundRange_m(site.up, s.up));
  const auto closed = [&](WindowReason reason, double a, double b, double c) {
    w.reason = reason;
    w.figures = {a, b, c};
  };
  const double rmax_m = cfg.max_range_m;
  if (future == 0) closed(WindowReason::kDownBeforeLaunch, 0.0, 0.0, 0.0);
  else if (in_range == 0) closed(WindowReason::kNeverNear, closest_m, rmax_m, 0.0);
  else if (in_band == 0 && too_high > 0) closed(WindowReason::kTooHigh, lowest_in_range_m, rmax_m, cfg.max_intercept_alt_m);
  else if (in_band == 0) closed(WindowReason::kTooLow, 0.0, rmax_m, cfg.min_intercept_alt_m);
  else if (too_fast == in_band) closed(WindowReason::kTooFast, slowest_mps, 0.0, cfg.max_target_speed_mps);
  else if (reachable == 0) closed(WindowReason::kBeyondFlightTime, 0.0, rmax_m, cfg.max_flight_time_s);
  else closed(WindowReason::kLaunchTooLate, earliest_launch_t_s - latest_needed_launch, 0.0, 0.0);
  return w;
}

}  // namespace picket::engagement

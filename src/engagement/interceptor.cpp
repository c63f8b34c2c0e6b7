#include "engagement/interceptor.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "common/constants.h"

namespace picket::engagement {
namespace c = picket::constants;

namespace {

constexpr int kTilts = 180;           // 0 to 89.5 deg
constexpr double kTiltStep_deg = 0.5;
constexpr int kCells = 320;           // per axis

struct FanPoint {
  double d = 0.0, h = 0.0, t = 0.0, v = 0.0, g = 0.0;
};

FanPoint lerp(const FanPoint& a, const FanPoint& b, double f) {
  return {a.d + f * (b.d - a.d), a.h + f * (b.h - a.h), a.t + f * (b.t - a.t), a.v + f * (b.v - a.v), a.g + f * (b.g - a.g)};
}

}  // namespace

ReachTable::ReachTable(const flight::FlightModels& models, const flight::Missile& missile, double max_time_s) {
  const world::Earth& earth = models.earth;
  const double a_m = earth.equatorialRadius_m();
  flight::FlightOptions options;
  options.rtol = 1e-7;
  options.max_time_s = max_time_s;
  flight::FlightResult fr;
  const double dt = std::max(0.5, max_time_s / 600.0);
  std::vector<std::vector<FanPoint>> fan(kTilts);
  for (int k = 0; k < kTilts; ++k) {
    const flight::GuidancePlan plan{90.0, k * kTiltStep_deg, 1e9};
    flight::flyMissile(models, missile, world::Geodetic{0.0, 0.0, 0.0}, plan, options, fr);
    if (k == kTilts / 2) burnout_speed_mps_ = fr.burnout.speed_mps;
    const double t_end = fr.trajectory.endTime_s();
    for (double t = 0.0;; t += dt) {
      const double tt = std::min(t, t_end);
      const flight::KinematicState ks = flight::kinematics(earth, fr.trajectory.at(tt));
      double lon = ks.position.lon_deg;
      if (lon < -90.0) lon += 360.0;  // past the antimeridian, still east of the launcher
      fan[k].push_back({std::max(0.0, a_m * lon * c::kDegToRad), ks.position.alt_m, tt, ks.speed_mps, ks.flight_path_angle_deg});
      max_range_m_ = std::max(max_range_m_, fan[k].back().d);
      max_alt_m_ = std::max(max_alt_m_, fan[k].back().h);
      if (tt >= t_end) break;
    }
  }
  nr_ = kCells;
  nh_ = kCells;
  dr_ = std::max(max_range_m_, 1.0) / (nr_ - 1);
  dh_ = std::max(max_alt_m_, 1.0) / (nh_ - 1);
  const std::size_t n = static_cast<std::size_t>(nr_) * static_cast<std::size_t>(nh_);
  tof_.assign(n, -1.0);
  speed_.assign(n, 0.0);
  gamma_.assign(n, 0.0);
  tilt_.assign(n, 0.0);

  const auto keep = [&](int i, int j, const FanPoint& p, double tilt_deg) {
    if (j < 0 || j >= nh_) return;
    const std::size_t id = idx(i, j);
    if (tof_[id] >= 0.0 && tof_[id] <= p.t) return;
    tof_[id] = p.t;
    speed_[id] = p.v;
    gamma_[id] = p.g;
    tilt_[id] = tilt_deg;
  };

  // Column 0 (d = 0): the vertical flight's climb.
  for (std::size_t s = 0; s + 1 < fan[0].size(); ++s) {
    const FanPoint &p0 = fan[0][s], &p1 = fan[0][s + 1];
    if (p1.h <= p0.h) break;
    for (int j = static_cast<int>(std::ceil(p0.h / dh_)); j * dh_ <= p1.h && j < nh_; ++j)
      keep(0, j, lerp(p0, p1, (j * dh_ - p0.h) / (p1.h - p0.h)), 0.0);
  }
  // Each flight's crossing of every column i >= 1 (ground range grows along a fly-out).
  std::vector<FanPoint> cross(static_cast<std::size_t>(kTilts) * static_cast<std::size_t>(nr_));
  std::vector<char> has(cross.size(), 0);
  for (int k = 0; k < kTilts; ++k) {
    const std::vector<FanPoint>& f = fan[k];
    for (std::size_t s = 0; s + 1 < f.size(); ++s) {
      const FanPoint &p0 = f[s], &p1 = f[s + 1];
      if (p1.d <= p0.d) continue;
      for (int i = std::max(1, static_cast<int>(std::floor(p0.d / dr_)) + 1); i < nr_ && i * dr_ <= p1.d; ++i) {
        const std::size_t id = static_cast<std::size_t>(k) * static_cast<std::size_t>(nr_) + static_cast<std::size_t>(i);
        if (has[id]) continue;
        cross[id] = lerp(p0, p1, (i * dr_ - p0.d) / (p1.d - p0.d));
        has[id] = 1;
      }
    }
  }
  for (int i = 1; i < nr_; ++i) {
    for (int k = 0; k < kTilts; ++k) {
      const std::size_t ia = static_cast<std::size_t>(k) * static_cast<std::size_t>(nr_) + static_cast<std::size_t>(i);
      if (!has[ia]) continue;
      const FanPoint& a = cross[ia];
      keep(i, static_cast<int>(std::lround(a.h / dh_)), a, k * kTiltStep_deg);
      if (k + 1 >= kTilts) continue;
      const std::size_t ib = ia + static_cast<std::size_t>(nr_);
      if (!has[ib]) continue;
      const FanPoint& b = cross[ib];
      const double lo = std::min(a.h, b.h), hi = std::max(a.h, b.h);
      for (int j = static_cast<int>(std::ceil(lo / dh_)); j * dh_ <= hi && j < nh_; ++j) {
        const double f = hi > lo ? (j * dh_ - a.h) / (b.h - a.h) : 0.0;
        keep(i, j, lerp(a, b, f), (k + f) * kTiltStep_deg);
      }
    }
  }
}

std::optional<Reach> ReachTable::at(double ground_range_m, double alt_m) const {
  if (nr_ == 0 || !(ground_range_m >= 0.0) || !(alt_m >= 0.0)) return std::nullopt;
  const double fi = ground_range_m / dr_, fj = alt_m / dh_;
  if (fi > nr_ - 1 || fj > nh_ - 1) return std::nullopt;
  const int i0 = std::min(static_cast<int>(fi), nr_ - 2), j0 = std::min(static_cast<int>(fj), nh_ - 2);
  const std::size_t c00 = idx(i0, j0), c01 = idx(i0, j0 + 1), c10 = idx(i0 + 1, j0), c11 = idx(i0 + 1, j0 + 1);
  if (tof_[c00] >= 0.0 && tof_[c01] >= 0.0 && tof_[c10] >= 0.0 && tof_[c11] >= 0.0) {
    const double u = fi - i0, w = fj - j0;
    const auto bil = [&](const std::vector<double>& v) {
      return (1 - u) * ((1 - w) * v[c00] + w * v[c01]) + u * ((1 - w) * v[c10] + w * v[c11]);
    };
    return Reach{bil(tof_), bil(speed_), bil(gamma_), bil(tilt_)};
  }
  const std::size_t near = idx(static_cast<int>(std::lround(fi)), static_cast<int>(std::lround(fj)));
  if (tof_[near] < 0.0) return std::nullopt;
  return Reach{tof_[near], speed_[near], gamma_[near], tilt_[near]};
}

double ReachTable::maxGroundRangeAbove_m(double alt_m) const {
  double best = 0.0;
  for (int i = 0; i < nr_; ++i)
    for (int j = std::max(0, static_cast<int>(std::ceil(alt_m / dh_))); j < nh_; ++j)
      if (tof_[idx(i, j)] >= 0.0) best = std::max(best, i * dr_);
  return best;
}

namespace {
scenario::MissileConfig withHeldTilt(scenario::MissileConfig m) {
  m.guidance.hold_tilt = true;
  return m;
}

world::Earth nonRotating(const world::Earth& earth) {
  world::EarthOptions o = earth.options();
  o.rotation = false;
  return world::Earth(o, earth.epoch());
}
}  // namespace

Interceptor::Interceptor(const scenario::InterceptorConfig& config, const world::Earth& earth,
                         const world::Atmosphere& atmosphere)
    : config_(config), missile_(withHeldTilt(config.propulsion)) {
  const world::Earth still = nonRotating(earth);
  reach_ = ReachTable(flight::FlightModels{still, atmosphere}, missile_, config_.max_flight_time_s);
}

}  // namespace picket::engagement

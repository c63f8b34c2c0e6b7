#include "sensors/launch_cue.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "common/constants.h"

namespace picket::sensors {
namespace c = picket::constants;

std::optional<Vec3> rayMeetsEllipsoid(const world::Earth& earth, const Vec3& p, const Vec3& u, double h_m) {
  const double a = earth.equatorialRadius_m() + h_m;
  const double b = earth.equatorialRadius_m() * (1.0 - earth.flattening()) + h_m;
  const Vec3 k(1.0, 1.0, a / b);
  const Vec3 ps = p.cwiseProduct(k), us = u.cwiseProduct(k);
  const double qa = us.squaredNorm(), qb = 2.0 * ps.dot(us), qc = ps.squaredNorm() - a * a;
  const double disc = qb * qb - 4.0 * qa * qc;
  if (disc < 0.0) return std::nullopt;
  const double s = (-qb - std::sqrt(disc)) / (2.0 * qa);
  if (s < 0.0) return std::nullopt;
  return p + s * u;
}

namespace {

struct Estimate {
  double t0_s, t0_var;
  Vec3 p_Ecef;  // launch point (on the raised ellipsoid, taken to the ground below)
  double pos_var;
  double heading_deg = 0.0, heading_var = -1.0;
  double last_plume_s;
  double cloud_top_m;
};

// One satellite's estimate from its first detection (everything but the heading).
std::optional<Estimate> fromFirst(const InfraredSatellite& sat, const InfraredDetection& first, const world::Earth& earth,
                                  const LaunchCueOptions& o, world::Geodetic& g, double& sigma_angle) {
  const double frame = sat.type().frame_interval_s, hc = sat.type().cloud_top_alt_m, a = o.climb_accel_mps2;
  sigma_angle = sat.type().los_noise_urad * 1e-6;
  const Vec3 s = sat.p_Satellite_Eci(first.t_s);
  const Vec3 u = sat.lineOfSight(first.z, first.t_s);
  const std::optional<Vec3> hit = rayMeetsEllipsoid(earth, s, u, hc);
  if (!hit) return std::nullopt;
  Estimate e;
  const double tau_c = std::sqrt(2.0 * hc / a);
  e.t0_s = first.t_s - 0.5 * frame - tau_c;
  const double sigma_tau = 0.5 * tau_c * 0.3;  // tau ~ a^-1/2: 30 % in a is 15 % in tau
  e.t0_var = frame * frame / 12.0 + sigma_tau * sigma_tau;
  const Vec3 p_hit_Ecef = earth.ecefFromEci(*hit, first.t_s);
  g = earth.geodeticFromEcef(p_hit_Ecef);
  g.alt_m = 0.0;
  e.p_Ecef = earth.ecefFromGeodetic(g);
  const double slant = (*hit - s).norm();
  const Vec3 n = earth.verticalAt(*hit);
  const double cos_inc = std::clamp(-u.dot(n), 0.05, 1.0);
  const double tan_inc = std::sqrt(1.0 - cos_inc * cos_inc) / cos_inc;
  // Altitude spread of the crossing: the climb during one frame after reaching h_c, uniform.
  const double dh = 0.5 * a * ((tau_c + frame) * (tau_c + frame) - tau_c * tau_c);
  const double sigma_ground = std::hypot(sigma_angle * slant / cos_inc, dh / std::sqrt(12.0) * tan_inc);
  e.pos_var = sigma_ground * sigma_ground;
  e.last_plume_s = first.t_s;
  e.cloud_top_m = hc;
  return e;
}

}  // namespace

// One satellite's part of the estimate, built a detection at a time. Heading from the farthest
// later ground point. The farthest by the geodesic (what the heading rests on), but the geodesic
// (about a microsecond) only for the points that can be it: a great circle on the mean sphere
// through the same latitudes and longitudes is within [0.994, 1.005] of the geodesic (the
// meridian's and prime vertical's radii of curvature, 6,335 to 6,400 km, against 6,371 km), so a
// point whose great circle is under 0.98 of the longest is nearer than the farthest by the
// geodesic and cannot be it. The same point, heading and spread as measuring every one (the first
// of equals, as before).
struct LaunchEstimator::PerSatellite {
  struct Later {
    double h_m, lat_deg, lon_deg, arc_rad;
    Vec3 q, sd, ud;
  };
  const InfraredDetection* first = nullptr;
  std::optional<Estimate> start;  // from `first`
  world::Geodetic g;              // the launch point seen, on the ground
  double sigma_angle = 0.0, cos_lat0 = 1.0, longest_arc = 0.0, last_plume_s = 0.0;
  std::vector<const InfraredDetection*> seen;  // every detection known so far, in report order
  std::vector<Later> later;

  [[nodiscard]] std::optional<Estimate> estimate(const world::Earth& earth) const;
};

LaunchEstimator::LaunchEstimator(std::span<const InfraredSatellite> satellites,
                                 std::span<const InfraredDetection> detections, const world::Earth& earth,
                                 const LaunchCueOptions& options)
    : satellites_(satellites), detections_(detections), earth_(&earth), options_(options) {
  per_.resize(satellites.size());
  cue_.first_report_t_s = 1e300;
}

LaunchEstimator::~LaunchEstimator() = default;

void LaunchEstimator::addLater(std::size_t k, const InfraredDetection& d) {
  PerSatellite& ps = per_[k];
  const InfraredSatellite& sat = satellites_[k];
  if (d.t_s <= ps.first->t_s) return;
  ps.last_plume_s = std::max(ps.last_plume_s, d.t_s);
  const double tau = d.t_s - ps.start->t0_s;
  const double h = 0.5 * options_.climb_accel_mps2 * tau * tau;
  const Vec3 sd = sat.p_Satellite_Eci(d.t_s), ud = sat.lineOfSight(d.z, d.t_s);
  const std::optional<Vec3> q = rayMeetsEllipsoid(*earth_, sd, ud, h);
  if (!q) return;
  const world::Geodetic gq = earth_->geodeticFromEcef(earth_->ecefFromEci(*q, d.t_s));
  // Haversine: well conditioned at short range, where the points start.
  const double lat0 = ps.g.lat_deg * c::kDegToRad;
  const double la = gq.lat_deg * c::kDegToRad, dlon = (gq.lon_deg - ps.g.lon_deg) * c::kDegToRad;
  const double sdlat = std::sin(0.5 * (la - lat0)), sdlon = std::sin(0.5 * dlon);
  const double hav = sdlat * sdlat + ps.cos_lat0 * std::cos(la) * sdlon * sdlon;
  const double arc = 2.0 * std::asin(std::sqrt(std::clamp(hav, 0.0, 1.0)));
  ps.longest_arc = std::max(ps.longest_arc, arc);
  ps.later.push_back({h, gq.lat_deg, gq.lon_deg, arc, *q, sd, ud});
}

std::optional<LaunchCue> LaunchEstimator::at(double known_at_s) {
  // Take in the detections reported since the last call (they come in report order).
  for (; next_ < detections_.size() && detections_[next_].report_t_s <= known_at_s; ++next_) {
    const InfraredDetection& d = detections_[next_];
    cue_.first_report_t_s = std::min(cue_.first_report_t_s, d.report_t_s);
    cue_.report_t_s = std::max(cue_.report_t_s, d.report_t_s);
    ++cue_.detections;
    for (std::size_t k = 0; k < satellites_.size(); ++k) {
      if (d.sensor != satellites_[k].index()) continue;
      PerSatellite& ps = per_[k];
      ps.seen.push_back(&d);
      if (ps.first == nullptr || d.t_s < ps.first->t_s) {
        // A new first detection (the first one, or one seen earlier and reported later): the
        // satellite's estimate again from it, with all its later points.
        ps.first = &d;
        ps.start = fromFirst(satellites_[k], d, *earth_, options_, ps.g, ps.sigma_angle);
        ps.later.clear();
        ps.longest_arc = 0.0;
        if (!ps.start) continue;
        ps.cos_lat0 = std::cos(ps.g.lat_deg * c::kDegToRad);
        ps.last_plume_s = d.t_s;
        for (const InfraredDetection* s : ps.seen) addLater(k, *s);
      } else if (ps.start) {
        addLater(k, d);
      }
    }
  }
  LaunchCue cue = cue_;
  double wt = 0.0, wp = 0.0, wh = 0.0, t0 = 0.0, hs = 0.0, hc = 0.0;
  Vec3 p = Vec3::Zero();
  bool any = false;
  double cloud_top = 0.0;
  for (std::size_t k = 0; k < satellites_.size(); ++k) {
    const std::optional<Estimate> e = per_[k].estimate(*earth_);
    if (!e) continue;
    any = true;
    t0 += e->t0_s / e->t0_var;
    wt += 1.0 / e->t0_var;
    p += e->p_Ecef / e->pos_var;
    wp += 1.0 / e->pos_var;
    if (e->heading_var > 0.0) {
      const double h = e->heading_deg * c::kDegToRad;
      hs += std::sin(h) / e->heading_var;
      hc += std::cos(h) / e->heading_var;
      wh += 1.0 / e->heading_var;
    }
    cue.last_plume_t_s = std::max(cue.last_plume_t_s, e->last_plume_s);
    cloud_top = std::max(cloud_top, e->cloud_top_m);
  }
  if (!any) return std::nullopt;
  cue.launch_t_s = t0 / wt;
  cue.launch_t_sigma_s = std::sqrt(1.0 / wt);
  const world::Geodetic g = earth_->geodeticFromEcef(p / wp);
  cue.lat_deg = g.lat_deg;
  cue.lon_deg = g.lon_deg;
  const double sigma_seen = std::sqrt(1.0 / wp);
  if (wh > 0.0) {
    cue.heading_deg = std::fmod(std::atan2(hs, hc) * c::kRadToDeg + 360.0, 360.0);
    cue.heading_sigma_deg = std::sqrt(1.0 / wh);
    // Back along the heading by the downrange flown to the cloud top.
    const world::Geodetic back = earth_->direct(g.lat_deg, g.lon_deg, *cue.heading_deg + 180.0, 0.4 * cloud_top);
    cue.lat_deg = back.lat_deg;
    cue.lon_deg = back.lon_deg;
    cue.position_sigma_m = std::hypot(sigma_seen, 0.25 * cloud_top);
  } else {
    cue.position_sigma_m = std::hypot(sigma_seen, 0.45 * cloud_top);
  }
  return cue;
}

std::optional<Estimate> LaunchEstimator::PerSatellite::estimate(const world::Earth& earth) const {
  const PerSatellite& ps = *this;
  if (!ps.start) return std::nullopt;
  Estimate e = *ps.start;
  e.last_plume_s = ps.last_plume_s;
  const double sigma_ground = std::sqrt(e.pos_var);
  double best_dist = 0.0;
  for (const PerSatellite::Later& l : ps.later) {
    if (l.arc_rad < 0.98 * ps.longest_arc - 1e-12) continue;
    const world::GeodesicLine line = earth.inverse(ps.g.lat_deg, ps.g.lon_deg, l.lat_deg, l.lon_deg);
    if (line.distance_m <= best_dist) continue;
    best_dist = line.distance_m;
    // Cross-track error of the far point: its altitude error (30 % of h) through the incidence,
    // and the angular noise, in quadrature with the launch point's own error.
    const Vec3 nq = earth.verticalAt(l.q);
    const double ci = std::clamp(-l.ud.dot(nq), 0.05, 1.0);
    const double ti = std::sqrt(1.0 - ci * ci) / ci;
    const double cross =
        std::hypot(std::hypot(ps.sigma_angle * (l.q - l.sd).norm() / ci, 0.3 * l.h_m * ti), sigma_ground);
    e.heading_deg = line.azimuth_deg;
    const double sh = std::atan2(cross, line.distance_m);
    e.heading_var = sh * sh * c::kRadToDeg * c::kRadToDeg;
  }
  if (best_dist < 5.0 * sigma_ground) e.heading_var = -1.0;  // not moved enough to tell
  return e;
}


std::optional<LaunchCue> estimateLaunch(std::span<const InfraredSatellite> satellites,
                                        std::span<const InfraredDetection> detections, const world::Earth& earth,
                                        double known_at_s, const LaunchCueOptions& options) {
  // Those known by then, in order of frame time: each satellite's first detection comes first, so
  // the estimator never has to start a satellite again (what it does when reports come in late).
  std::vector<InfraredDetection> known;
  for (const InfraredDetection& d : detections)
    if (d.report_t_s <= known_at_s) known.push_back(d);
  std::stable_sort(known.begin(), known.end(),
                   [](const InfraredDetection& x, const InfraredDetection& y) { return x.t_s < y.t_s; });
  LaunchEstimator estimator(satellites, known, earth, options);
  return estimator.at(known_at_s);
}

}  // namespace picket::sensors

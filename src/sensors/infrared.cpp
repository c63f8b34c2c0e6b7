#include "sensors/infrared.h"

#include <cmath>

#include "common/constants.h"

namespace picket::sensors {
namespace c = picket::constants;

namespace {
// Geostationary radius: (GM / w^2)^(1/3) with GM = 3.986004418e14 and w = 7.292115e-5 rad/s.
constexpr double kGeoRadius_m = 42164172.0;

Mat3 rotZ(double a) {
  Mat3 r;
  r << std::cos(a), -std::sin(a), 0, std::sin(a), std::cos(a), 0, 0, 0, 1;
  return r;
}
Mat3 rotX(double a) {
  Mat3 r;
  r << 1, 0, 0, 0, std::cos(a), -std::sin(a), 0, std::sin(a), std::cos(a);
  return r;
}
}  // namespace

InfraredSatellite::InfraredSatellite(const world::Earth& earth, const scenario::SensorConfig& config, int index)
    : earth_(&earth), config_(config), index_(index) {
  const scenario::OrbitConfig& o = config.orbit;
  const double lon = o.lon_deg * c::kDegToRad;
  p_Geo_Ecef_ = Vec3(kGeoRadius_m * std::cos(lon), kGeoRadius_m * std::sin(lon), 0.0);
  if (!o.geostationary) {
    R_EciPerifocal_ = rotZ(o.raan_deg * c::kDegToRad) * rotX(o.inclination_deg * c::kDegToRad) *
                      rotZ(o.arg_perigee_deg * c::kDegToRad);
    mean_motion_radps_ = std::sqrt(earth.gm_m3ps2() / std::pow(o.semi_major_axis_m, 3));
  }
}

Vec3 InfraredSatellite::p_Satellite_Eci(double t_s) const {
  const scenario::OrbitConfig& o = config_.orbit;
  if (o.geostationary) return earth_->eciFromEcef(p_Geo_Ecef_, t_s);
  const double e = o.eccentricity, m = o.mean_anomaly_deg * c::kDegToRad + mean_motion_radps_ * t_s;
  double ea = e < 0.8 ? m : c::kPi;  // Newton on Kepler's equation E - e sin E = M
  for (int i = 0; i < 30; ++i) {
    const double d = (ea - e * std::sin(ea) - m) / (1.0 - e * std::cos(ea));
    ea -= d;
    if (std::abs(d) < 1e-14) break;
  }
  const double a = o.semi_major_axis_m;
  const Vec3 p_Pf(a * (std::cos(ea) - e), a * std::sqrt(1.0 - e * e) * std::sin(ea), 0.0);
  return R_EciPerifocal_ * p_Pf;
}

bool InfraredSatellite::lineOfSightClear(const Vec3& p_Target_Eci, double t_s, double clearance_m) const {
  // Scale z so the raised ellipsoid becomes a sphere of radius a + clearance, then find the
  // segment's closest approach to the centre.
  const double a = earth_->equatorialRadius_m() + clearance_m;
  const double b = earth_->equatorialRadius_m() * (1.0 - earth_->flattening()) + clearance_m;
  const Vec3 s = p_Satellite_Eci(t_s).cwiseProduct(Vec3(1.0, 1.0, a / b));
  const Vec3 p = p_Target_Eci.cwiseProduct(Vec3(1.0, 1.0, a / b));
  const Vec3 d = p - s;
  const double u = std::clamp(-s.dot(d) / d.squaredNorm(), 0.0, 1.0);
  // The target end itself may sit a hair below the raised surface (it is at the cloud top): only
  // a closest approach strictly between the ends blocks the view.
  if (u >= 1.0) return true;
  return (s + u * d).norm() >= a;
}

bool InfraredSatellite::sees(const Vec3& p_Target_Eci, double alt_m, double t_s) const {
  const double cloud = config_.infrared.cloud_top_alt_m;
  return alt_m >= cloud && lineOfSightClear(p_Target_Eci, t_s, cloud);
}

Mat3 InfraredSatellite::nadirBasis(const Vec3& p_Sat) const {
  const Vec3 e3 = -p_Sat.normalized();
  const Vec3 ref = std::abs(e3.z()) < 0.9 ? Vec3::UnitZ() : Vec3::UnitX();
  const Vec3 e1 = ref.cross(e3).normalized();
  const Vec3 e2 = e3.cross(e1);
  Mat3 b;
  b.row(0) = e1.transpose();
  b.row(1) = e2.transpose();
  b.row(2) = e3.transpose();
  return b;
}

Vec2 InfraredSatellite::measure(const Vec3& p_Target_Eci, double t_s) const {
  const Vec3 s = p_Satellite_Eci(t_s);
  const Vec3 u = nadirBasis(s) * (p_Target_Eci - s);
  return Vec2(std::atan2(u.x(), u.z()), std::atan2(u.y(), u.z()));
}

Vec3 InfraredSatellite::lineOfSight(const Vec2& z, double t_s) const {
  const Mat3 b = nadirBasis(p_Satellite_Eci(t_s));
  return (b.transpose() * Vec3(std::tan(z.x()), std::tan(z.y()), 1.0)).normalized();
}

Mat2 InfraredSatellite::noiseCovariance() const {
  const double s = config_.infrared.los_noise_urad * 1e-6;
  return Mat2::Identity() * s * s;
}

}  // namespace picket::sensors

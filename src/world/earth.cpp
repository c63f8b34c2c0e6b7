#include "world/earth.h"

#include <cmath>

#include <GeographicLib/Geocentric.hpp>
#include <GeographicLib/Geodesic.hpp>

#include "common/constants.h"

namespace picket::world {
namespace c = picket::constants;

Earth::Earth(const EarthOptions& options, UtcTime epoch)
    : options_(options),
      epoch_(epoch),
      a_m_(options.shape == EarthShape::kWgs84 ? c::kWgs84SemiMajorAxis_m : c::kSphereRadius_m),
      f_(options.shape == EarthShape::kWgs84 ? c::kWgs84Flattening : 0.0),
      e2_(f_ * (2.0 - f_)),
      ep2_(e2_ / (1.0 - e2_)),
      gm_(c::kWgs84Gm_m3ps2),
      omega_(options.rotation ? c::kEarthRotationRate_radps : 0.0),
      theta0_(greenwichMeanSiderealAngle_rad(epoch)),
      r_ref_m_(c::kWgs84SemiMajorAxis_m) {
  if (options.gravity != GravityModel::kPointMass) j2_ = c::kWgs84J2;
  if (options.gravity == GravityModel::kZonal4) {
    j3_ = c::kWgs84J3;
    j4_ = c::kWgs84J4;
  }
}

Mat3 Earth::R_EciEcef(double t_s) const {
  const double th = siderealAngle_rad(t_s);
  const double cs = std::cos(th), sn = std::sin(th);
  Mat3 r;
  r << cs, -sn, 0.0, sn, cs, 0.0, 0.0, 0.0, 1.0;
  return r;
}

Vec3 Earth::eciFromEcef(const Vec3& p_Ecef, double t_s) const { return R_EciEcef(t_s) * p_Ecef; }
Vec3 Earth::ecefFromEci(const Vec3& p_Eci, double t_s) const { return R_EciEcef(t_s).transpose() * p_Eci; }

Vec3 Earth::eciVelocityFromEcef(const Vec3& p_Ecef, const Vec3& v_Ecef, double t_s) const {
  return R_EciEcef(t_s) * (v_Ecef + w_EarthEci_radps().cross(p_Ecef));
}

Vec3 Earth::ecefVelocityFromEci(const Vec3& p_Eci, const Vec3& v_Eci, double t_s) const {
  return R_EciEcef(t_s).transpose() * (v_Eci - w_EarthEci_radps().cross(p_Eci));
}

Mat3 Earth::R_EcefEnu(double lat_deg, double lon_deg) const {
  const double la = lat_deg * c::kDegToRad, lo = lon_deg * c::kDegToRad;
  const double sla = std::sin(la), cla = std::cos(la), slo = std::sin(lo), clo = std::cos(lo);
  Mat3 r;  // columns: east, north, up in ECEF
  r << -slo, -sla * clo, cla * clo, clo, -sla * slo, cla * slo, 0.0, cla, sla;
  return r;
}

Vec3 Earth::ecefFromGeodetic(const Geodetic& g) const {
  const GeographicLib::Geocentric geo(a_m_, f_);
  Vec3 p;
  geo.Forward(g.lat_deg, g.lon_deg, g.alt_m, p.x(), p.y(), p.z());
  return p;
}

Geodetic Earth::geodeticFromEcef(const Vec3& p_Ecef) const {
  const GeographicLib::Geocentric geo(a_m_, f_);
  Geodetic g;
  geo.Reverse(p_Ecef.x(), p_Ecef.y(), p_Ecef.z(), g.lat_deg, g.lon_deg, g.alt_m);
  return g;
}

namespace {
// Geodetic height and latitude from (distance from the axis, z) by one iteration of Bowring's
// method (Bowring 1976, Survey Review 23(181) 323), written without trigonometric calls: from the
// parametric latitude tan(beta) = a z / (b p), the geodetic latitude's sine and cosine follow, and
// h = p cos(phi) + z sin(phi) - a sqrt(1 - e^2 sin^2(phi)). The height is stationary in the
// latitude error, so one iteration is exact to 3e-8 m from the ground to 40,000 km (earth_test.cpp
// checks it against GeographicLib). Written here rather than calling GeographicLib's Geocentric
// because the integrator needs the height at every evaluation: this is about four times faster.
struct HeightLat {
  double h_m;
  double cos_lat, sin_lat;
};

HeightLat bowring(double p, double z, double a, double e2) {
  const double b = a * std::sqrt(1.0 - e2);
  if (p < 1e-9 * a) return HeightLat{std::abs(z) - b, 0.0, z >= 0.0 ? 1.0 : -1.0};  // on the axis
  const double ep2 = e2 / (1.0 - e2);
  const double t = (a * z) / (b * p);
  const double cos_beta = 1.0 / std::sqrt(1.0 + t * t);
  const double sin_beta = t * cos_beta;
  const double num = z + ep2 * b * sin_beta * sin_beta * sin_beta;
  const double den = p - e2 * a * cos_beta * cos_beta * cos_beta;
  const double inv = 1.0 / std::sqrt(num * num + den * den);
  const double sin_lat = num * inv, cos_lat = den * inv;
  return HeightLat{p * cos_lat + z * sin_lat - a * std::sqrt(1.0 - e2 * sin_lat * sin_lat), cos_lat, sin_lat};
}
}  // namespace

double Earth::altitude_m(const Vec3& p) const {
  if (f_ == 0.0) return p.norm() - a_m_;
  return bowring(std::sqrt(p.x() * p.x() + p.y() * p.y()), p.z(), a_m_, e2_).h_m;
}

Geodetic Earth::geodeticFromEcefFast(const Vec3& p) const {
  const double rho = std::sqrt(p.x() * p.x() + p.y() * p.y());
  Geodetic g;
  g.lon_deg = rho > 0.0 ? std::atan2(p.y(), p.x()) * constants::kRadToDeg : 0.0;
  if (f_ == 0.0) {
    g.lat_deg = std::atan2(p.z(), rho) * constants::kRadToDeg;
    g.alt_m = p.norm() - a_m_;
    return g;
  }
  const HeightLat hl = bowring(rho, p.z(), a_m_, e2_);
  g.lat_deg = std::atan2(hl.sin_lat, hl.cos_lat) * constants::kRadToDeg;
  g.alt_m = hl.h_m;
  return g;
}

Earth::HeightAndVertical Earth::heightAndVertical(const Vec3& p) const {
  if (f_ == 0.0) {
    const double r = p.norm();
    return {r - a_m_, p / r};
  }
  const double rho = std::sqrt(p.x() * p.x() + p.y() * p.y());
  const HeightLat hl = bowring(rho, p.z(), a_m_, e2_);
  if (rho < 1e-9) return {hl.h_m, Vec3(0.0, 0.0, p.z() >= 0.0 ? 1.0 : -1.0)};
  return {hl.h_m, Vec3(hl.cos_lat * p.x() / rho, hl.cos_lat * p.y() / rho, hl.sin_lat)};
}

Vec3 Earth::verticalAt(const Vec3& p) const {
  if (f_ == 0.0) return p.normalized();
  const double rho = std::sqrt(p.x() * p.x() + p.y() * p.y());
  if (rho < 1e-9) return Vec3(0.0, 0.0, p.z() >= 0.0 ? 1.0 : -1.0);
  const HeightLat hl = bowring(rho, p.z(), a_m_, e2_);
  return Vec3(hl.cos_lat * p.x() / rho, hl.cos_lat * p.y() / rho, hl.sin_lat);
}

GeodesicLine Earth::inverse(double lat1_deg, double lon1_deg, double lat2_deg, double lon2_deg) const {
  const GeographicLib::Geodesic geod(a_m_, f_);
  GeodesicLine line;
  double azi2 = 0.0;
  geod.Inverse(lat1_deg, lon1_deg, lat2_deg, lon2_deg, line.distance_m, line.azimuth_deg, azi2);
  return line;
}

Geodetic Earth::direct(double lat_deg, double lon_deg, double azimuth_deg, double distance_m) const {
  const GeographicLib::Geodesic geod(a_m_, f_);
  Geodetic g;
  geod.Direct(lat_deg, lon_deg, azimuth_deg, distance_m, g.lat_deg, g.lon_deg);
  return g;
}

Vec3 Earth::gravity_mps2(const Vec3& p) const {
  const double r2 = p.squaredNorm();
  return gravity_mps2(p, 1.0 / std::sqrt(r2), gm_ / r2);
}

}  // namespace picket::world

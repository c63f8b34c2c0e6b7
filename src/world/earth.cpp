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
// Geodetic height and the tangent of geodetic latitude from (distance from axis, z), in closed form
// (Heikkinen 1982, as given by Zhu 1993, IEEE Trans. AES 30(3)). Written here rather than calling
// GeographicLib::Geocentric::Reverse because the integrator needs only the height, 12 times per
// step; the test earth_test.cpp checks it against GeographicLib to 1e-6 m from 0 to 40,000 km.
struct HeightLat {
  double h_m;
  double cos_lat, sin_lat;
};

HeightLat heikkinen(double p, double z, double a, double e2) {
  const double b2 = a * a * (1.0 - e2);
  const double b = std::sqrt(b2);
  const double ep2 = e2 / (1.0 - e2);
  const double z2 = z * z, p2 = p * p;
  const double F = 54.0 * b2 * z2;
  const double G = p2 + (1.0 - e2) * z2 - e2 * (a * a - b2);
  const double cc = e2 * e2 * F * p2 / (G * G * G);
  const double s = std::cbrt(1.0 + cc + std::sqrt(cc * cc + 2.0 * cc));
  const double k = s + 1.0 + 1.0 / s;
  const double P = F / (3.0 * k * k * G * G);
  const double Q = std::sqrt(1.0 + 2.0 * e2 * e2 * P);
  const double r0 = -P * e2 * p / (1.0 + Q) +
                    std::sqrt(std::max(0.0, 0.5 * a * a * (1.0 + 1.0 / Q) - P * (1.0 - e2) * z2 / (Q * (1.0 + Q)) -
                                                0.5 * P * p2));
  const double dp = p - e2 * r0;
  const double U = std::sqrt(dp * dp + z2);
  const double V = std::sqrt(dp * dp + (1.0 - e2) * z2);
  const double z0 = b2 * z / (a * V);
  const double num = z + ep2 * z0;
  const double norm = std::sqrt(num * num + p * p);  // no overflow at planetary scales; hypot is 3x slower
  (void)b;
  return HeightLat{U * (1.0 - b2 / (a * V)), p / norm, num / norm};
}
}  // namespace

double Earth::altitude_m(const Vec3& p) const {
  if (f_ == 0.0) return p.norm() - a_m_;
  return heikkinen(std::sqrt(p.x() * p.x() + p.y() * p.y()), p.z(), a_m_, e2_).h_m;
}

Vec3 Earth::verticalAt(const Vec3& p) const {
  if (f_ == 0.0) return p.normalized();
  const double rho = std::sqrt(p.x() * p.x() + p.y() * p.y());
  if (rho < 1e-9) return Vec3(0.0, 0.0, p.z() >= 0.0 ? 1.0 : -1.0);
  const HeightLat hl = heikkinen(rho, p.z(), a_m_, e2_);
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
  // a = -mu r/r^3 + sum_n mu Jn R^n / r^(n+2) [ (n+1) Pn(u) r_hat - Pn'(u) (z_hat - u r_hat) ], u = z/r:
  // the gradient of U = mu/r [1 - sum Jn (R/r)^n Pn(u)] (Vallado eq. 8-19); the test checks it
  // against a finite-difference gradient of that potential.
  const double r2 = p.squaredNorm();
  const double r = std::sqrt(r2);
  const double inv_r = 1.0 / r;
  const double mu_r2 = gm_ / r2;
  const Vec3 r_hat = p * inv_r;
  Vec3 a = -mu_r2 * r_hat;
  if (j2_ == 0.0) return a;
  const double u = p.z() * inv_r;
  const double q = r_ref_m_ * inv_r;
  const double u2 = u * u;
  // radial coefficient and z_hat coefficient, accumulated over n
  double c_r = 0.0, c_z = 0.0;
  double qn = q * q;  // (R/r)^2
  {
    const double pn = 0.5 * (3.0 * u2 - 1.0), dpn = 3.0 * u;
    c_r += j2_ * qn * (3.0 * pn + dpn * u);
    c_z -= j2_ * qn * dpn;
  }
  if (j3_ != 0.0 || j4_ != 0.0) {
    qn *= q;
    const double p3 = 0.5 * (5.0 * u2 * u - 3.0 * u), dp3 = 0.5 * (15.0 * u2 - 3.0);
    c_r += j3_ * qn * (4.0 * p3 + dp3 * u);
    c_z -= j3_ * qn * dp3;
    qn *= q;
    const double p4 = (35.0 * u2 * u2 - 30.0 * u2 + 3.0) / 8.0, dp4 = 0.5 * (35.0 * u2 * u - 15.0 * u);
    c_r += j4_ * qn * (5.0 * p4 + dp4 * u);
    c_z -= j4_ * qn * dp4;
  }
  a += mu_r2 * (c_r * r_hat + Vec3(0.0, 0.0, c_z));
  return a;
}

}  // namespace picket::world

// The Earth: its shape, its rotation, its gravity, and the frames tied to it.
//
// Frames (docs/notation.md): ECI is a pseudo-inertial frame whose z axis is the Earth's rotation
// axis and whose x axis points to the mean equinox of date to the accuracy of the IAU-82 Greenwich
// mean sidereal angle; precession, nutation and polar motion are neglected (they move the axes by
// under 1e-4 rad over decades and not measurably over a 30-minute flight). ECEF is WGS-84 Earth-fixed.
// R_EciEcef(t) = Rz(theta0 + omega t), theta0 the sidereal angle at the scenario epoch. With rotation
// off, omega = 0 and the two frames keep a fixed angle.
//
// Shape: the WGS-84 ellipsoid (a = 6378137 m, f = 1/298.257223563) or a sphere (R = 6371 km, for
// analytic oracles). Altitude is always geodetic height above the chosen shape. Geodetic conversions
// go through GeographicLib (Karney 2011, exact to round-off).
//
// Gravity: point mass, mu = 3.986004418e14 m^3/s^2, or point mass + J2 (+ J3, J4 as "zonal4"),
// zonal coefficients from EGM96 (NIMA TR8350.2). Zonal terms are symmetric about z, so the ECI and
// ECEF forms coincide. Equations: Vallado, "Fundamentals of Astrodynamics", 4th ed., eq. 8-32 ff.
#pragma once

#include <cmath>

#include <Eigen/Dense>

#include "common/time.h"
#include "scenario/config.h"

namespace picket::world {

using Vec3 = Eigen::Vector3d;
using Mat3 = Eigen::Matrix3d;

using EarthShape = scenario::EarthShapeOption;
using GravityModel = scenario::GravityOption;

struct Geodetic {
  double lat_deg = 0.0;
  double lon_deg = 0.0;
  double alt_m = 0.0;
};

struct GeodesicLine {
  double distance_m = 0.0;
  double azimuth_deg = 0.0;  // forward azimuth at the start, clockwise from north, (-180, 180]
};

struct EarthOptions {
  EarthShape shape = EarthShape::kWgs84;
  bool rotation = true;
  GravityModel gravity = GravityModel::kJ2;

  static EarthOptions from(const scenario::PhysicsConfig& physics) {
    return EarthOptions{physics.earth, physics.rotation, physics.gravity};
  }
};

// Immutable; all queries are const, allocation-free and thread-safe.
class Earth {
 public:
  Earth(const EarthOptions& options, UtcTime epoch);

  [[nodiscard]] const EarthOptions& options() const { return options_; }
  [[nodiscard]] UtcTime epoch() const { return epoch_; }
  [[nodiscard]] double equatorialRadius_m() const { return a_m_; }
  [[nodiscard]] double flattening() const { return f_; }
  [[nodiscard]] double gm_m3ps2() const { return gm_; }
  // 7.292115e-5 rad/s, or 0 with rotation off.
  [[nodiscard]] double rotationRate_radps() const { return omega_; }
  [[nodiscard]] Vec3 w_EarthEci_radps() const { return Vec3(0.0, 0.0, omega_); }

  // --- frames -------------------------------------------------------------------------------
  // Angle of ECEF's x axis from ECI's x axis at t_s seconds after the epoch.
  [[nodiscard]] double siderealAngle_rad(double t_s) const { return theta0_ + omega_ * t_s; }
  [[nodiscard]] Mat3 R_EciEcef(double t_s) const;
  [[nodiscard]] Vec3 eciFromEcef(const Vec3& p_Ecef, double t_s) const;
  [[nodiscard]] Vec3 ecefFromEci(const Vec3& p_Eci, double t_s) const;
  // Velocities: v_Eci = R (v_Ecef + w x p_Ecef).
  [[nodiscard]] Vec3 eciVelocityFromEcef(const Vec3& p_Ecef, const Vec3& v_Ecef, double t_s) const;
  [[nodiscard]] Vec3 ecefVelocityFromEci(const Vec3& p_Eci, const Vec3& v_Eci, double t_s) const;
  // Rotation taking local East-North-Up components at a geodetic point to ECEF components.
  [[nodiscard]] Mat3 R_EcefEnu(double lat_deg, double lon_deg) const;

  // --- shape --------------------------------------------------------------------------------
  [[nodiscard]] Vec3 ecefFromGeodetic(const Geodetic& g) const;
  [[nodiscard]] Geodetic geodeticFromEcef(const Vec3& p_Ecef) const;
  // The same by one iteration of Bowring's method (as altitude_m): the height within 3e-8 m and
  // the latitude within 6e-9 rad (4 cm on the ground) up to 40,000 km, in a fraction of
  // GeographicLib's time; for many conversions where centimetres do not matter (the predicted
  // ground tracks the alerts walk). earth_test.cpp holds it to those bounds.
  [[nodiscard]] Geodetic geodeticFromEcefFast(const Vec3& p_Ecef) const;
  // Geodetic height only; depends on the distance from the axis and z alone, so it can be taken
  // from ECI components too. Used in the integrator's inner loop.
  [[nodiscard]] double altitude_m(const Vec3& p) const;
  // The geodetic height of p, given r_m = |p|, without Bowring's iteration (for the tracker's
  // dynamics, which ask it at every derivative below the air's edge): with sin^2(psi) = z^2 / r^2,
  // the geocentric latitude's, the distance above the shape along the geocentric direction,
  //   h0 = r - a / sqrt(1 + e'^2 sin^2(psi)),
  // falls short of the height along the normal by about h0 delta^2 / 2, delta ~ e^2 sin(psi)
  // cos(psi) the angle between the two directions; that correction is applied. Against
  // altitude_m, from -10 km to 150 km at every latitude: within 1.5 cm (h0 alone: 0.8 m at
  // 150 km); 0.75 m at 1,000 km. It is 0 exactly where altitude_m is (on the shape), so a ground
  // crossing found with it is the same point. earth_test.cpp holds it to those bounds.
  [[nodiscard]] double altitudeNear_m(const Vec3& p, double r_m) const { return altitudeNear(p.z(), r_m); }
  // The same from p's z and r = |p|, for a double or for several points at once in the lanes of
  // an Eigen array (the tracker's impact prediction flies four at a time).
  template <class T>
  [[nodiscard]] T altitudeNear(const T& z, const T& r_m) const {
    using std::sqrt;
    if (f_ == 0.0) return r_m - a_m_;
    const T s2 = z * z / (r_m * r_m);
    const T h0 = r_m - a_m_ / sqrt(1.0 + ep2_ * s2);
    return h0 * (1.0 - 0.5 * e2_ * e2_ * s2 * (1.0 - s2));
  }
  // Unit outward normal of the shape (geodetic vertical) through p, in p's frame if that frame
  // shares the z axis with ECEF (ECI and ECEF both do).
  [[nodiscard]] Vec3 verticalAt(const Vec3& p) const;
  // Both at once (one conversion): the geodetic height and the unit vertical through p.
  struct HeightAndVertical {
    double h_m;
    Vec3 n;
  };
  [[nodiscard]] HeightAndVertical heightAndVertical(const Vec3& p) const;

  // Geodesic between two points on the surface (the ellipsoid, or the sphere).
  [[nodiscard]] GeodesicLine inverse(double lat1_deg, double lon1_deg, double lat2_deg, double lon2_deg) const;
  // The point at distance_m along azimuth_deg from (lat, lon).
  [[nodiscard]] Geodetic direct(double lat_deg, double lon_deg, double azimuth_deg, double distance_m) const;

  // --- gravity ------------------------------------------------------------------------------
  // Gravitational acceleration (no centrifugal term) at p, components in p's frame (ECI or ECEF).
  [[nodiscard]] Vec3 gravity_mps2(const Vec3& p) const;
  // The same, given inv_r = 1 / |p| and mu_r2 = mu / |p|^2 as gravity_mps2(p) computes them (the
  // same numbers to the bit): inline, for the tracker's derivative, which has |p| already and
  // calls it millions of times a run.
  [[nodiscard]] Vec3 gravity_mps2(const Vec3& p, double inv_r, double mu_r2) const {
    Vec3 a;
    gravity(p.x(), p.y(), p.z(), inv_r, mu_r2, a.x(), a.y(), a.z());
    return a;
  }
  // The same by components, for a double or for several points in the lanes of an Eigen array.
  template <class T>
  [[gnu::always_inline]] void gravity(const T& x, const T& y, const T& z, const T& inv_r, const T& mu_r2, T& ax, T& ay,
                                     T& az) const {
    // a = -mu r/r^3 + sum_n mu Jn R^n / r^(n+2) [ (n+1) Pn(u) r_hat - Pn'(u) (z_hat - u r_hat) ], u = z/r:
    // the gradient of U = mu/r [1 - sum Jn (R/r)^n Pn(u)] (Vallado eq. 8-19); the test checks it
    // against a finite-difference gradient of that potential.
    const T rx = x * inv_r, ry = y * inv_r, rz = z * inv_r;  // r_hat
    const T minus_mu_r2 = -mu_r2;
    ax = minus_mu_r2 * rx;
    ay = minus_mu_r2 * ry;
    az = minus_mu_r2 * rz;
    if (j2_ == 0.0) return;
    const T u = z * inv_r;
    const T q = r_ref_m_ * inv_r;
    const T u2 = u * u;
    // radial coefficient and z_hat coefficient, summed over n
    T qn = q * q;  // (R/r)^2
    const T pn = 0.5 * (3.0 * u2 - 1.0), dpn = 3.0 * u;
    T c_r = j2_ * qn * (3.0 * pn + dpn * u);
    T c_z = -(j2_ * qn * dpn);
    if (j3_ != 0.0 || j4_ != 0.0) {
      qn = qn * q;
      const T p3 = 0.5 * (5.0 * u2 * u - 3.0 * u), dp3 = 0.5 * (15.0 * u2 - 3.0);
      c_r = c_r + j3_ * qn * (4.0 * p3 + dp3 * u);
      c_z = c_z - j3_ * qn * dp3;
      qn = qn * q;
      const T p4 = (35.0 * u2 * u2 - 30.0 * u2 + 3.0) / 8.0, dp4 = 0.5 * (35.0 * u2 * u - 15.0 * u);
      c_r = c_r + j4_ * qn * (5.0 * p4 + dp4 * u);
      c_z = c_z - j4_ * qn * dp4;
    }
    ax = ax + mu_r2 * (c_r * rx);
    ay = ay + mu_r2 * (c_r * ry);
    az = az + mu_r2 * (c_r * rz + c_z);
  }

 private:
  EarthOptions options_;
  UtcTime epoch_;
  double a_m_;
  double f_;
  double e2_;
  double ep2_;  // e'^2 = e^2 / (1 - e^2)
  double gm_;
  double omega_;
  double theta0_;
  double j2_ = 0.0, j3_ = 0.0, j4_ = 0.0;
  double r_ref_m_;  // reference radius of the zonal coefficients (WGS-84 a)
};

}  // namespace picket::world

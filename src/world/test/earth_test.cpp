#include <cstdint>
#include <random>

#include <GeographicLib/Geocentric.hpp>
#include <gtest/gtest.h>

#include "common/constants.h"
#include "world/earth.h"

namespace picket::world {
namespace {
namespace c = picket::constants;

Earth wgs84(GravityModel g = GravityModel::kJ2) {
  UtcTime epoch;
  parseIso8601("2017-09-14T21:57:00Z", epoch);
  return Earth(EarthOptions{EarthShape::kWgs84, true, g}, epoch);
}

TEST(Earth, GeodeticRoundTripThroughGeographicLib) {
  const Earth e = wgs84();
  std::mt19937_64 rng(1);
  std::uniform_real_distribution<double> lat(-90, 90), lon(-180, 180), alt(-1e3, 4e7);
  for (int i = 0; i < 2000; ++i) {
    const Geodetic g{lat(rng), lon(rng), alt(rng)};
    const Geodetic back = e.geodeticFromEcef(e.ecefFromGeodetic(g));
    EXPECT_NEAR(back.lat_deg, g.lat_deg, 1e-9);
    EXPECT_NEAR(back.alt_m, g.alt_m, 1e-6);
  }
}

// 5,000 points drawn over the globe from 10 km below the ground to 40,000 km, each with
// GeographicLib's own conversion back (Karney, exact to round-off): the oracle of the fast
// conversions below. visit(p_Ecef, lat_deg, lon_deg, alt_m).
template <class Visit>
void forPointsWithGeographicLib(std::uint64_t seed, Visit&& visit) {
  const GeographicLib::Geocentric& geo = GeographicLib::Geocentric::WGS84();
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> lat(-90, 90), lon(-180, 180), alt(-1e4, 4e7);
  for (int i = 0; i < 5000; ++i) {
    Vec3 p;
    geo.Forward(lat(rng), lon(rng), alt(rng), p.x(), p.y(), p.z());
    double la, lo, h;
    geo.Reverse(p.x(), p.y(), p.z(), la, lo, h);
    visit(p, la, lo, h);
    if (::testing::Test::HasFatalFailure()) return;
  }
}

TEST(Earth, FastAltitudeAgreesWithGeographicLib) {
  // earth.cpp computes the height by one Bowring iteration for the inner loop; GeographicLib
  // (Karney, exact to round-off) is the oracle. 1e-6 m: thirty times the method's worst error
  // (3e-8 m at 40,000 km), a millimetre's thousandth.
  const Earth e = wgs84();
  forPointsWithGeographicLib(2, [&](const Vec3& p, double la, double lo, double h) {
    ASSERT_NEAR(e.altitude_m(p), h, 1e-6) << "at lat " << la << " alt " << h;
    const Vec3 n = e.verticalAt(p);
    const Vec3 n_ref(std::cos(la * c::kDegToRad) * std::cos(lo * c::kDegToRad),
                     std::cos(la * c::kDegToRad) * std::sin(lo * c::kDegToRad), std::sin(la * c::kDegToRad));
    // One Bowring iteration leaves the latitude (not the height) off by up to 6e-9 rad at
    // 40,000 km; the vertical only feeds dh/dt for apogee, where 1e-8 rad moves the apogee time by
    // under a microsecond.
    ASSERT_LT((n - n_ref).norm(), 1e-8);
  });
}

TEST(Earth, FastGeodeticAgreesWithGeographicLib) {
  // geodeticFromEcefFast (one Bowring iteration) against GeographicLib, from 10 km below the
  // ground to 40,000 km: heights within 1e-6 m, latitudes and longitudes within 1e-8 rad (the
  // method's 6e-9 rad at 40,000 km; 6 cm on the ground), on the sphere too.
  const Earth e = wgs84();
  forPointsWithGeographicLib(3, [&](const Vec3& p, double la, double lo, double h) {
    const Geodetic g = e.geodeticFromEcefFast(p);
    ASSERT_NEAR(g.alt_m, h, 1e-6) << "at lat " << la << " alt " << h;
    ASSERT_NEAR(g.lat_deg, la, 1e-8 * c::kRadToDeg) << "at lat " << la << " alt " << h;
    ASSERT_NEAR(std::remainder(g.lon_deg - lo, 360.0), 0.0, 1e-8 * c::kRadToDeg) << "at lat " << la;
  });
  EarthOptions sphere;
  sphere.shape = EarthShape::kSphere;
  const Earth s(sphere, e.epoch());
  const Geodetic g = s.geodeticFromEcefFast(s.ecefFromGeodetic({30.0, 140.0, 500e3}));
  EXPECT_NEAR(g.lat_deg, 30.0, 1e-12);
  EXPECT_NEAR(g.lon_deg, 140.0, 1e-12);
  EXPECT_NEAR(g.alt_m, 500e3, 1e-6);
}

TEST(Earth, NearAltitudeIsWithinACentimetreBelow150km) {
  // altitudeNear_m (the tracker's height, no Bowring iteration) against altitude_m: 1.5 cm from
  // -10 km to 150 km at every latitude (its worst, measured: 1.43 cm at 150 km; 0.55 cm at
  // 100 km), 0.75 m up to 1,000 km (measured 0.73 m), and 0 on the shape to round-off, where
  // ground crossings are found. A sign error in the correction term doubles the first to 1.7 m.
  const Earth e = wgs84();
  std::mt19937_64 rng(3);
  std::uniform_real_distribution<double> lat(-90, 90), lon(-180, 180), low(-1e4, 150e3), high(150e3, 1000e3);
  for (int i = 0; i < 20000; ++i) {
    const Vec3 p = e.ecefFromGeodetic({lat(rng), lon(rng), i % 2 == 0 ? low(rng) : high(rng)});
    const double h = e.altitude_m(p), near = e.altitudeNear_m(p, p.norm());
    ASSERT_NEAR(near, h, h < 150e3 ? 0.015 : 0.75) << "at height " << h;
    const Vec3 q = e.ecefFromGeodetic({lat(rng), lon(rng), 0.0});
    ASSERT_NEAR(e.altitudeNear_m(q, q.norm()), 0.0, 1e-6);
  }
  const Earth s(EarthOptions{EarthShape::kSphere, false, GravityModel::kPointMass}, UtcTime{});
  EXPECT_DOUBLE_EQ(s.altitudeNear_m(Vec3(0, 0, 7371e3), 7371e3), 1000e3);
}

TEST(Earth, SphereAltitudeIsRadiusMinus6371km) {
  const Earth s(EarthOptions{EarthShape::kSphere, false, GravityModel::kPointMass}, UtcTime{});
  EXPECT_DOUBLE_EQ(s.altitude_m(Vec3(0, 0, 7371e3)), 1000e3);
  const Geodetic g = s.geodeticFromEcef(s.ecefFromGeodetic({45.0, 10.0, 500.0}));
  EXPECT_NEAR(g.lat_deg, 45.0, 1e-12);
  EXPECT_NEAR(g.alt_m, 500.0, 1e-6);
}

TEST(Earth, FramesRotateAtTheWgs84Rate) {
  const Earth e = wgs84();
  EXPECT_DOUBLE_EQ(e.rotationRate_radps(), 7.292115e-5);
  const Vec3 p(6378137.0, 0.0, 0.0);
  // After a quarter sidereal turn the ECEF x axis points along the ECI frame's former y direction.
  const double quarter_s = (c::kPi / 2.0) / e.rotationRate_radps();
  const Vec3 a = e.eciFromEcef(p, 0.0), b = e.eciFromEcef(p, quarter_s);
  EXPECT_NEAR(a.normalized().dot(b.normalized()), 0.0, 1e-12);
  EXPECT_NEAR(a.cross(b).normalized().z(), 1.0, 1e-12);  // counter-clockwise seen from the north
  // A point at rest on the Earth moves at omega * r in ECI.
  EXPECT_NEAR(e.eciVelocityFromEcef(p, Vec3::Zero(), 0.0).norm(), 7.292115e-5 * 6378137.0, 1e-9);
  // Round trips.
  const Vec3 v(100.0, -50.0, 20.0);
  EXPECT_LT((e.ecefVelocityFromEci(e.eciFromEcef(p, 30.0), e.eciVelocityFromEcef(p, v, 30.0), 30.0) - v).norm(), 1e-9);
  const Mat3 enu = e.R_EcefEnu(39.0, 125.7);
  EXPECT_LT((enu.transpose() * enu - Mat3::Identity()).norm(), 1e-14);
  EXPECT_NEAR(enu.determinant(), 1.0, 1e-14);
}

// U = mu/r [1 - sum Jn (R/r)^n Pn(sin phi)]: the potential whose gradient gravity_mps2 returns.
double potential(const Earth& e, const Vec3& p, bool zonal4) {
  const double r = p.norm(), u = p.z() / r, q = c::kWgs84SemiMajorAxis_m / r;
  double s = c::kWgs84J2 * q * q * 0.5 * (3 * u * u - 1);
  if (zonal4)
    s += c::kWgs84J3 * q * q * q * 0.5 * (5 * u * u * u - 3 * u) +
         c::kWgs84J4 * q * q * q * q * (35 * u * u * u * u - 30 * u * u + 3) / 8;
  return e.gm_m3ps2() / r * (1.0 - s);
}

TEST(Earth, GravityIsTheGradientOfTheZonalPotential) {
  for (const GravityModel g : {GravityModel::kJ2, GravityModel::kZonal4}) {
    const Earth e = wgs84(g);
    std::mt19937_64 rng(3);
    std::uniform_real_distribution<double> u(-1.0, 1.0), rr(6.36e6, 1.2e7);
    for (int i = 0; i < 200; ++i) {
      const Vec3 p = Vec3(u(rng), u(rng), u(rng)).normalized() * rr(rng);
      const Vec3 a = e.gravity_mps2(p);
      Vec3 fd;
      const double d = 1.0;  // central differences: truncation ~ d^2 |U'''| ~ 1e-12 m/s^2
      for (int k = 0; k < 3; ++k) {
        Vec3 dp = Vec3::Zero();
        dp[k] = d;
        fd[k] = (potential(e, p + dp, g == GravityModel::kZonal4) - potential(e, p - dp, g == GravityModel::kZonal4)) / (2 * d);
      }
      // Round-off of U (~6e7 m^2/s^2 * 1e-16 / 1 m) bounds the difference at ~1e-8 m/s^2.
      EXPECT_LT((a - fd).norm(), 1e-7);
    }
  }
}

TEST(Earth, J2GravityAtTheEquatorAndPole) {
  // Closed form on the axes: g_eq = mu/a^2 (1 + 3/2 J2), g_pole = mu/b^2 (1 - 3 J2 (a/b)^2).
  const Earth e = wgs84(GravityModel::kJ2);
  const double a = c::kWgs84SemiMajorAxis_m, b = a * (1 - c::kWgs84Flattening), mu = c::kWgs84Gm_m3ps2, j2 = c::kWgs84J2;
  EXPECT_NEAR(e.gravity_mps2(Vec3(a, 0, 0)).norm(), mu / (a * a) * (1 + 1.5 * j2), 1e-12);
  EXPECT_NEAR(e.gravity_mps2(Vec3(0, 0, b)).norm(), mu / (b * b) * (1 - 3 * j2 * (a / b) * (a / b)), 1e-12);
  const Earth pm = wgs84(GravityModel::kPointMass);
  EXPECT_NEAR(pm.gravity_mps2(Vec3(a, 0, 0)).norm(), mu / (a * a), 1e-12);
}

TEST(Earth, GeodesicsOnTheEllipsoidAndSphere) {
  const Earth e = wgs84();
  // A quarter meridian of WGS-84 is 10,001,965.729 m (Karney 2011, table 1).
  EXPECT_NEAR(e.inverse(0, 0, 90, 0).distance_m, 10001965.729, 1e-3);
  const Geodetic p = e.direct(39.0, 125.7, 73.0, 3700e3);
  const GeodesicLine back = e.inverse(39.0, 125.7, p.lat_deg, p.lon_deg);
  EXPECT_NEAR(back.distance_m, 3700e3, 1e-6);
  EXPECT_NEAR(back.azimuth_deg, 73.0, 1e-9);
  const Earth s(EarthOptions{EarthShape::kSphere, false, GravityModel::kPointMass}, UtcTime{});
  EXPECT_NEAR(s.inverse(0, 0, 0, 90).distance_m, c::kPi / 2 * 6371e3, 1e-6);
}

}  // namespace
}  // namespace picket::world

#include "world/frames.h"

namespace picket::world {
namespace {

TEST(Frames, RoundTripsAndAKnownEnuPoint) {
  const Earth e = wgs84();
  const Geodetic origin{41.92444, 143.24833, 0.0};  // Cape Erimo
  const FrameState s{Vec3(-3.9e6, 3.3e6, 4.3e6), Vec3(1200.0, -300.0, 2500.0)};
  for (const Frame a : {Frame::kEci, Frame::kEcef, Frame::kEnu})
    for (const Frame b : {Frame::kEci, Frame::kEcef, Frame::kEnu}) {
      const FrameState back = transform(e, b, a, 77.0, transform(e, a, b, 77.0, s, origin), origin);
      EXPECT_LT((back.p_m - s.p_m).norm(), 1e-6) << static_cast<int>(a) << static_cast<int>(b);
      EXPECT_LT((back.v_mps - s.v_mps).norm(), 1e-9) << static_cast<int>(a) << static_cast<int>(b);
    }
  // A point 1 km straight above the origin is (0, 0, 1000) in its ENU frame, from any frame.
  const FrameState above{e.ecefFromGeodetic({origin.lat_deg, origin.lon_deg, 1000.0}), Vec3::Zero()};
  const FrameState enu = transform(e, Frame::kEcef, Frame::kEnu, 0.0, above, origin);
  EXPECT_LT((enu.p_m - Vec3(0.0, 0.0, 1000.0)).norm(), 1e-6);
  // At rest on the Earth, a point moves at w x r in ECI and not at all in ENU.
  const FrameState eci = transform(e, Frame::kEcef, Frame::kEci, 10.0, above, origin);
  EXPECT_NEAR(eci.v_mps.norm(), e.rotationRate_radps() * std::hypot(above.p_m.x(), above.p_m.y()), 1e-9);
  EXPECT_LT(transform(e, Frame::kEci, Frame::kEnu, 10.0, eci, origin).v_mps.norm(), 1e-9);
}

}  // namespace
}  // namespace picket::world

// Drag-free flight from a burnout state against closed forms.
#include <cmath>

#include <gtest/gtest.h>

#include "common/constants.h"
#include "flight/flight.h"

namespace picket::flight {
namespace {
namespace c = picket::constants;
using world::Vec3;

struct Models {
  world::Earth earth;
  world::Atmosphere atmosphere;
  explicit Models(world::EarthOptions o, world::AtmosphereModel a = world::AtmosphereModel::kNone)
      : earth(o, UtcTime{}), atmosphere(a) {}
  FlightModels get() const { return FlightModels{earth, atmosphere}; }
};

const world::EarthOptions kKepler{world::EarthShape::kSphere, false, world::GravityModel::kPointMass};

// The two-body ellipse through a surface burnout (radius R, speed v, flight-path angle g):
// Bate, Mueller & White, "Fundamentals of Astrodynamics" (1971), ch. 6: range angle Psi, apogee, time of flight.
struct Ellipse {
  double range_m, apogee_m, flight_time_s;
};
Ellipse ellipse(double v, double g_deg) {
  const double mu = c::kWgs84Gm_m3ps2, R = c::kSphereRadius_m, g = g_deg * c::kDegToRad;
  const double h = R * v * std::cos(g), energy = v * v / 2 - mu / R, a = -mu / (2 * energy);
  const double p = h * h / mu, e = std::sqrt(1 - p / a);
  const double nu0 = std::acos((p / R - 1) / e);  // true anomaly at burnout (ascending)
  const double E0 = 2 * std::atan(std::sqrt((1 - e) / (1 + e)) * std::tan(nu0 / 2));
  const double M0 = E0 - e * std::sin(E0);
  return {R * 2 * (c::kPi - nu0), a * (1 + e) - R, 2 * (c::kPi - M0) / std::sqrt(mu / (a * a * a))};
}

TEST(Ballistic, KeplerEllipseFromBurnout) {
  // Tolerances: the integrator runs at its default rtol 1e-8 (a bound on the error per step,
  // 6 cm on r = 6.4e6 m, over about ten steps; DOP853's actual error on this smooth problem is far
  // smaller) and events are located on its 7th-order dense output; 1 m in range and apogee and
  // 10 ms in time sit inside that budget, and 1,000 times below what J2 or a 0.01 % error in mu
  // would do.
  const Models m(kKepler);
  for (const auto& [v, g] : {std::pair{5278.0, 36.68}, std::pair{3000.0, 45.0}, std::pair{6500.0, 20.0},
                             std::pair{4000.0, 70.0}}) {
    FlightResult r;
    flyFromBurnout(m.get(), BurnoutState{{10.0, 20.0, 0.0}, v, g, 60.0, 0.0}, FlightOptions{}, r);
    const Ellipse ref = ellipse(v, g);
    ASSERT_TRUE(r.impacted);
    EXPECT_NEAR(r.ground_range_m, ref.range_m, 1.0) << v << " " << g;
    EXPECT_NEAR(r.apogee.position.alt_m, ref.apogee_m, 1.0) << v << " " << g;
    EXPECT_NEAR(r.impact.t_s, ref.flight_time_s, 0.01) << v << " " << g;
  }
}

TEST(Ballistic, MinimumEnergyRelationsOnASphere) {
  // For range angle Psi on a sphere, the minimum-energy burnout has flight-path angle
  // g* = (pi - Psi)/4 and nu = v^2 R / mu = 2 sin(Psi/2) / (1 + sin(Psi/2)) (Bate, Mueller & White,
  // eq. 6.2-16 and 6.2-17). So with that speed, g* flies exactly Psi and any other angle less far.
  const Models m(kKepler);
  for (const double range_km : {1000.0, 3700.0, 8000.0}) {
    const double psi = range_km * 1e3 / c::kSphereRadius_m;
    const double nu = 2 * std::sin(psi / 2) / (1 + std::sin(psi / 2));
    const double v = std::sqrt(nu * c::kWgs84Gm_m3ps2 / c::kSphereRadius_m);
    const double g_star = (c::kPi - psi) / 4 * c::kRadToDeg;
    FlightResult r;
    flyFromBurnout(m.get(), BurnoutState{{0, 0, 0}, v, g_star, 90, 0}, FlightOptions{}, r);
    EXPECT_NEAR(r.ground_range_m, range_km * 1e3, 1.0);
    for (const double dg : {-2.0, 2.0}) {
      FlightResult other;
      flyFromBurnout(m.get(), BurnoutState{{0, 0, 0}, v, g_star + dg, 90, 0}, FlightOptions{}, other);
      EXPECT_LT(other.ground_range_m, r.ground_range_m - 100.0);
    }
  }
}

TEST(Ballistic, ConservesEnergyAndAngularMomentumWithoutDrag) {
  // In an inertial frame with a static potential, E = v^2/2 - U(r) is constant; with point-mass
  // gravity so is h = r x v, with zonal gravity its z component. Relative drift bound 1e-9:
  // measured drift is 3e-10 at the default tolerance (the impact state, landed on by the dense
  // output, included); a sign or factor error in gravity
  // breaks it by orders of magnitude.
  for (const auto g : {world::GravityModel::kPointMass, world::GravityModel::kJ2}) {
    const Models m(world::EarthOptions{world::EarthShape::kWgs84, false, g});
    FlightResult r;
    flyFromBurnout(m.get(), BurnoutState{{39, 125.7, 0}, 6000, 35, 73, 0}, FlightOptions{}, r);
    const auto& nodes = r.trajectory.nodes();
    ASSERT_GT(nodes.size(), 5u);
    auto energy = [&](const Node& n) {
      const Vec3 p(n.y[0], n.y[1], n.y[2]), v(n.y[3], n.y[4], n.y[5]);
      const double rr = p.norm(), u = p.z() / rr, q = c::kWgs84SemiMajorAxis_m / rr;
      const double j2 = g == world::GravityModel::kJ2 ? c::kWgs84J2 : 0.0;
      return 0.5 * v.squaredNorm() - c::kWgs84Gm_m3ps2 / rr * (1 - j2 * q * q * 0.5 * (3 * u * u - 1));
    };
    auto momentum = [](const Node& n) { return Vec3(n.y[0], n.y[1], n.y[2]).cross(Vec3(n.y[3], n.y[4], n.y[5])); };
    const double e0 = energy(nodes.front());
    const Vec3 h0 = momentum(nodes.front());
    for (const Node& n : nodes) {
      EXPECT_NEAR(energy(n), e0, 1e-9 * std::abs(e0));
      if (g == world::GravityModel::kPointMass) {
        EXPECT_LT((momentum(n) - h0).norm(), 1e-9 * h0.norm());
      }
      EXPECT_NEAR(momentum(n).z(), h0.z(), 1e-9 * h0.norm());
    }
  }
}

TEST(Ballistic, DragShortensTheFlight) {
  // Same burnout state with and without atmosphere: drag on the re-entry vehicle (beta 2000 kg/m^2)
  // must slow it, so it lands short and later. A sign error in the drag term fails this.
  const world::EarthOptions o{world::EarthShape::kWgs84, true, world::GravityModel::kJ2};
  const Models vac(o, world::AtmosphereModel::kNone), air(o, world::AtmosphereModel::kUs1976);
  FlightResult a, b;
  const BurnoutState s{{39, 125.7, 0}, 4000, 40, 90, 2000};
  flyFromBurnout(vac.get(), s, FlightOptions{}, a);
  flyFromBurnout(air.get(), s, FlightOptions{}, b);
  EXPECT_LT(b.ground_range_m, a.ground_range_m - 1000.0);
  EXPECT_LT(b.impact.speed_mps, a.impact.speed_mps - 500.0);
}

TEST(Flight, ADelayedFlightIsTheFlightLaunchedLater) {
  // A raid's later launch is flown from t = 0 and moved (delayFlight). Against the same state flown
  // on an Earth whose epoch is t0 later, Earth-fixed positions must agree. The two epochs' sidereal
  // angles come from the IAU-82 formula, whose rate differs from WGS-84's omega by 1.2e-7 of it
  // (3 cm at the Earth's radius after 600 s), and the two integrations see rotated coordinates, so
  // their steps differ at the tolerance (mm): 1 m. A sign error in the turn moves it by 270 km.
  const world::EarthOptions o{world::EarthShape::kWgs84, true, world::GravityModel::kJ2};
  const double t0 = 600.0;
  const world::Atmosphere air(world::AtmosphereModel::kUs1976);
  const world::Earth now(o, UtcTime{1.5e9}), later(o, UtcTime{1.5e9 + t0});
  const BurnoutState s{{39, 125.7, 0}, 4000, 40, 90, 2000};
  FlightResult moved, direct;
  flyFromBurnout(FlightModels{now, air}, s, FlightOptions{}, moved);
  flyFromBurnout(FlightModels{later, air}, s, FlightOptions{}, direct);
  delayFlight(now, t0, moved);
  EXPECT_NEAR(moved.impact.t_s, direct.impact.t_s + t0, 1e-6);  // the two integrations differ at round-off
  EXPECT_DOUBLE_EQ(moved.trajectory.startTime_s(), t0);
  for (double tau = 0.0; tau < direct.impact.t_s; tau += 37.0) {
    const world::Vec3 a = now.ecefFromEci(moved.trajectory.at(t0 + tau).p_Eci_m, t0 + tau);
    const world::Vec3 b = later.ecefFromEci(direct.trajectory.at(tau).p_Eci_m, tau);
    EXPECT_LT((a - b).norm(), 1.0) << tau;
  }
}

}  // namespace
}  // namespace picket::flight

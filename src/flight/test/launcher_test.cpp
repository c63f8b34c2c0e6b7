// Space launchers (issue 15): the orbit of a state against Kepler's closed forms, the Unha-3's
// ascent to orbit from Sohae against what was reported of 12 Dec 2012, its spent stages' falls
// against the reported drop zones, and a missile that cannot reach orbit refused with its number.
#include <cmath>

#include <gtest/gtest.h>

#include "common/constants.h"
#include "flight/aiming.h"
#include "flight/test/aim_request.h"
#include "scenario/loader.h"

namespace picket::flight {
namespace {

// A circular orbit at 500 km (the Unha-3's reported insertion height): perigee = apogee = 500 km
// and period 2 pi sqrt(r^3 / GM) (Kepler's third law); a state over the equator moving due north
// is on a polar orbit (inclination 90 deg). A ballistic missile's burnout state meets the Earth.
TEST(Launcher, TheConicOfAStateIsKeplers) {
  const world::Earth earth(world::EarthOptions{}, UtcTime{0.0});
  const double r = earth.equatorialRadius_m() + 500e3;
  const double v = std::sqrt(earth.gm_m3ps2() / r);
  const OrbitState o = conicOf(earth, 0.0, world::Vec3(r, 0.0, 0.0), world::Vec3(0.0, 0.0, v));
  EXPECT_NEAR(o.perigee_alt_m, 500e3, 1e-3);
  EXPECT_NEAR(o.apogee_alt_m, 500e3, 1e-3);
  EXPECT_NEAR(o.inclination_deg, 90.0, 1e-9);
  EXPECT_NEAR(o.period_s, 2.0 * constants::kPi * std::sqrt(r * r * r / earth.gm_m3ps2()), 1e-6);
  // 1 km/s short of circular, horizontal: the perigee lies below the surface.
  const OrbitState b = conicOf(earth, 0.0, world::Vec3(r, 0.0, 0.0), world::Vec3(0.0, v - 1000.0, 0.0));
  EXPECT_NEAR(b.apogee_alt_m, 500e3, 1e-3);
  EXPECT_LT(b.perigee_alt_m, 0.0);
  EXPECT_NEAR(b.inclination_deg, 0.0, 1e-9);
}

struct Unha3 {
  // 12 Dec 2012, 09:49:46 KST (KCNA, via donga-2012-12-12 in unha-3.yaml), from Sohae.
  world::Earth earth{world::EarthOptions{}, UtcTime{1355273386.0}};
  world::Atmosphere atmosphere{world::AtmosphereModel::kUs1976};
  scenario::MissileConfig config = scenario::loadCatalogMissile("unha-3", PICKET_DATA_DIR);
  Missile missile{config};
  world::Geodetic launch{39.6596, 124.7057, 0.0};
  FlightModels models() const { return {earth, atmosphere}; }
};

// The ascent the orbit shape flies: full burn south on 180.5 deg (Japan: over the Sakishima
// Islands; stage-1 debris at 176-178 deg), reaching orbit. Reported (unha-3.yaml): in orbit at
// T+567 s (KCNA), 499.7 x 584.2 km at 97.4 deg. The entry's 77 s coast before the third stage is
// derived from that time, so insertion at T+567 s checks the powered timeline (burns and coast);
// the orbit itself comes out lower (325 x 389 km) and polar (no yaw to 97.4 deg): a one-angle
// gravity turn (docs/catalog-notes.md, "Space launchers"). Held here so that a change shows.
TEST(Launcher, TheUnha3ReachesOrbitFromSohae) {
  const Unha3 u;
  AimRequest req = requestTo(u.earth, u.launch, 180.5, 1000e3);
  req.shape = scenario::TrajectoryShape::kOrbit;
  const AimSolution aim = solveAim(u.models(), u.missile, req);
  EXPECT_NEAR(aim.plan.azimuth_deg, -179.5, 1e-6);
  FlightResult f;
  flyMissile(u.models(), u.missile, u.launch, aim.plan, FlightOptions{}, f);
  ASSERT_TRUE(f.orbit.has_value());
  EXPECT_FALSE(f.impacted);
  EXPECT_NEAR(f.orbit->insertion_t_s, 567.0, 1.0);
  EXPECT_GT(f.orbit->perigee_alt_m, 250e3);  // reported 499.7 km
  EXPECT_LT(f.orbit->apogee_alt_m, 584.2e3);
  EXPECT_NEAR(f.orbit->inclination_deg, 90.0, 5.0);
  // Flown on for the span past insertion, then stopped: no impact event.
  EXPECT_NEAR(f.impact.t_s, f.orbit->insertion_t_s + FlightOptions{}.orbit_span_s, 1e-6);
  for (const FlightEvent& e : f.events) EXPECT_NE(e.kind, EventKind::kImpact);

  // The spent stages against the reported drop zones (unha-3.yaml). Stage 2: about 2,600 km from
  // Sohae (CNS for 2012; ADD gave 2,380 km for the same rocket in 2016, ytn-2016-02-09), within
  // 5 % (picket validate's tolerance). Stage 1: the debris recovered 151-160 km west of Gunsan,
  // about 412 km out (koreaherald-2012-12-23); the model's flatter first stage carries it farther,
  // by at most 30 %.
  const auto fall_km = [&](std::size_t stage) {
    FlightResult body;
    FlightOptions o;
    o.record = false;
    EXPECT_TRUE(flySpentStage(u.models(), u.config, f, stage, o, body));
    EXPECT_TRUE(body.impacted);
    return u.earth.inverse(u.launch.lat_deg, u.launch.lon_deg, body.impact.position.lat_deg,
                           body.impact.position.lon_deg).distance_m / 1e3;
  };
  EXPECT_NEAR(fall_km(1), 2600.0, 0.05 * 2600.0);
  const double stage1_km = fall_km(0);
  EXPECT_GT(stage1_km, 412.0);
  EXPECT_LT(stage1_km, 1.3 * 412.0);
}

// A Scud-ER cannot reach orbit: the aiming says so with the highest perigee it found.
TEST(Launcher, AMissileThatCannotReachOrbitIsRefusedWithItsPerigee) {
  const world::Earth earth(world::EarthOptions{}, UtcTime{1488753240.0});
  const world::Atmosphere atmosphere(world::AtmosphereModel::kUs1976);
  const Missile scud(scenario::loadCatalogMissile("scud-er", PICKET_DATA_DIR));
  const world::Geodetic launch{39.66, 124.71, 0.0};
  AimRequest req = requestTo(earth, launch, 85.0, 1000e3);
  req.shape = scenario::TrajectoryShape::kOrbit;
  try {
    solveAim(FlightModels{earth, atmosphere}, scud, req);
    FAIL() << "expected an AimingError";
  } catch (const AimingError& e) {
    EXPECT_NE(std::string(e.what()).find("does not reach orbit"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("highest perigee"), std::string::npos) << e.what();
  }
}

// A ballistic missile's flight is not an orbit, and its spent first stage falls near the launch:
// the Hwasong-15's of 29 Nov 2017 (two stages) comes down in the Sea of Japan, short of the
// warhead's 950 km, where it burned out over.
TEST(Launcher, AnIcbmsFirstStageFallsShortOfItsWarhead) {
  const world::Earth earth(world::EarthOptions{}, UtcTime{1511893080.0});
  const world::Atmosphere atmosphere(world::AtmosphereModel::kUs1976);
  const scenario::MissileConfig config = scenario::loadCatalogMissile("hwasong-15", PICKET_DATA_DIR);
  const Missile missile(config);
  const world::Geodetic launch{39.3, 125.9, 0.0};
  AimRequest req = requestTo(earth, launch, 76.0, 950e3);
  req.shape = scenario::TrajectoryShape::kApogee;
  req.apogee_m = 4475e3;
  const AimSolution aim = solveAim(FlightModels{earth, atmosphere}, missile, req);
  FlightResult f;
  flyMissile(FlightModels{earth, atmosphere}, missile, launch, aim.plan, FlightOptions{}, f);
  EXPECT_FALSE(f.orbit.has_value());
  EXPECT_LT(f.burnout_perigee_alt_m, 0.0);
  FlightResult stage1;
  ASSERT_TRUE(flySpentStage(FlightModels{earth, atmosphere}, config, f, 0, FlightOptions{}, stage1));
  ASSERT_TRUE(stage1.impacted);
  const double range_km =
      earth.inverse(launch.lat_deg, launch.lon_deg, stage1.impact.position.lat_deg, stage1.impact.position.lon_deg)
          .distance_m / 1e3;
  EXPECT_GT(range_km, 20.0);
  EXPECT_LT(range_km, f.ground_range_m / 1e3);
  EXPECT_LT(stage1.impact.t_s, f.impact.t_s);
}

}  // namespace
}  // namespace picket::flight

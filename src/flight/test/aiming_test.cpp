#include <regex>
#include <string>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "flight/aiming.h"
#include "flight/test/aim_request.h"
#include "scenario/loader.h"

namespace picket::flight {
namespace {

double missOf(const Hwasong& s, const AimRequest& req, const AimSolution& sol, FlightResult& r) {
  flyMissile(s.models(), s.missile, s.launch, sol.plan, FlightOptions{}, r);
  return s.earth.inverse(r.impact.position.lat_deg, r.impact.position.lon_deg, req.aim_lat_deg, req.aim_lon_deg).distance_m;
}

TEST(Aiming, HitsTheAimPointWithEachShape) {
  // The issue asks for a range error under 1 km after solving; the solver aims for 20 m.
  const Hwasong s;
  for (const double az : {73.0, 180.0, 300.0}) {
    AimRequest req = s.request(2500.0, az);
    const AimSolution me = solveAim(s.models(), s.missile, req);
    FlightResult r;
    EXPECT_LT(missOf(s, req, me, r), 1000.0) << az;
    // Lofted and depressed to apogees either side of the min-energy one.
    for (const double dh_km : {+300.0, -150.0}) {
      req.shape = dh_km > 0 ? scenario::TrajectoryShape::kLofted : scenario::TrajectoryShape::kDepressed;
      req.apogee_m = *me.min_energy_apogee_m + dh_km * 1e3;
      const AimSolution sol = solveAim(s.models(), s.missile, req);
      EXPECT_LT(missOf(s, req, sol, r), 1000.0) << az << " " << dh_km;
      EXPECT_NEAR(r.apogee.position.alt_m, *req.apogee_m, 1000.0) << az << " " << dh_km;
    }
  }
}

TEST(Aiming, MinimumEnergyIsTheShortestBurn) {
  // The min-energy solution needs the least burn (the least burnout energy) of all shapes.
  const Hwasong s;
  AimRequest req = s.request(3000.0, 90.0);
  const AimSolution me = solveAim(s.models(), s.missile, req);
  for (const double dh_km : {+200.0, -100.0}) {
    req.shape = scenario::TrajectoryShape::kApogee;
    req.apogee_m = *me.min_energy_apogee_m + dh_km * 1e3;
    EXPECT_GT(solveAim(s.models(), s.missile, req).plan.cutoff_s, me.plan.cutoff_s);
  }
}

TEST(Aiming, AnUnreachableTargetStatesTheReach) {
  const Hwasong s;
  try {
    solveAim(s.models(), s.missile, s.request(9000.0, 73.0));
    FAIL() << "9000 km was reached by an IRBM";
  } catch (const AimingError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("the target is 9000 km away, beyond the Hwasong-12's reach of"), std::string::npos) << msg;
  }
  // The reach agrees with the catalog's reported maximum range (4,500 km; Wright and Schilling, as
  // cited in the catalog) within 10 %, on a non-rotating Earth as such figures are usually quoted.
  Hwasong still;
  still.earth = world::Earth(world::EarthOptions{world::EarthShape::kWgs84, false, world::GravityModel::kJ2}, UtcTime{});
  const AimSolution sol = solveAim(still.models(), still.missile, still.request(3000.0, 90.0));
  ASSERT_TRUE(still.missile.config().reported_max_range_km.has_value());
  EXPECT_NEAR(sol.reach_m / 1e3, *still.missile.config().reported_max_range_km, 450.0);
}


TEST(Flight, AWarheadThatStaysOnFallsAsOneBody) {
  // The Scud-B keeps its warhead (catalog: payload.separates false): no separation event, and
  // the body that falls is the whole spent missile, slowed by the whole-body ballistic coefficient.
  const world::Earth earth(world::EarthOptions{}, UtcTime{1505426220.0});
  const world::Atmosphere atmosphere(world::AtmosphereModel::kUs1976);
  const Missile scud(scenario::loadCatalogMissile("scud-b", PICKET_DATA_DIR));
  ASSERT_FALSE(scud.payloadSeparates());
  const FlightModels models{earth, atmosphere};
  const AimRequest req = requestTo(earth, world::Geodetic{39.0, 125.7, 0.0}, 90.0, 250e3);
  const AimSolution sol = solveAim(models, scud, req);
  FlightResult r;
  flyMissile(models, scud, req.launch, sol.plan, FlightOptions{}, r);
  ASSERT_TRUE(r.impacted);
  for (const FlightEvent& e : r.events) EXPECT_NE(e.kind, EventKind::kSeparation);
  // What falls is the missile less the propellant burnt before cut-off.
  const double falling_kg = scud.launchMass_kg() - scud.stages().front().mass_flow_kgps * sol.plan.cutoff_s;
  EXPECT_NEAR(r.trajectory.nodes().back().y[6], falling_kg, 1e-6);
  EXPECT_NEAR(r.ground_range_m, 250e3, 1e3);
  // Its reach matches the 300 km the catalog reports (CSIS) within 15 %.
  EXPECT_NEAR(sol.reach_m, 300e3, 45e3);
}

// A missile without a cut-off flies a depressed shot on the full burn's flat branch, below the
// min-energy apogee; where no flight of that branch lands on the aim point, the shot is refused
// as such. A depressed request once walked over to the lofted branch and came
// back as the answer (an energetic KN-23 asked for 775 km flew a 418 km apogee).
TEST(Aiming, ADepressedShotWithoutACutoffStaysDepressedOrIsRefused) {
  const world::Earth earth(world::EarthOptions{}, UtcTime{1631676720.0});
  const world::Atmosphere atmosphere(world::AtmosphereModel::kUs1976);
  const FlightModels models{earth, atmosphere};
  scenario::MissileConfig cfg = scenario::loadCatalogMissile("kn-23", PICKET_DATA_DIR);
  AimRequest req = requestTo(earth, world::Geodetic{39.0, 126.5, 0.0}, 80.0, 450e3);
  req.shape = scenario::TrajectoryShape::kDepressed;
  req.apogee_m = 50e3;
  const AimSolution low = solveAim(models, Missile(cfg), req);
  ASSERT_TRUE(low.min_energy_apogee_m.has_value());
  FlightResult r;
  flyMissile(models, Missile(cfg), req.launch, low.plan, FlightOptions{}, r);
  EXPECT_LT(r.apogee.position.alt_m, *low.min_energy_apogee_m);
  EXPECT_NEAR(r.ground_range_m, 450e3, 1e3);
  // Every number at its favourable end of the entry's documented ranges: no flight of the flat
  // branch lands 775 km away.
  cfg.stages[0].propellant_mass_kg = 2470.0;
  cfg.stages[0].dry_mass_kg = 445.0;
  cfg.stages[0].isp_vac_s = 280.0;
  cfg.stages[0].isp_sl_s = 260.0;
  cfg.payload.mass_kg = 400.0;
  req = requestTo(earth, world::Geodetic{39.0, 126.5, 0.0}, 80.0, 775e3);
  req.shape = scenario::TrajectoryShape::kDepressed;
  req.apogee_m = 50e3;
  try {
    const AimSolution sol = solveAim(models, Missile(cfg), req);
    ADD_FAILURE() << "flew a pitch-over of " << sol.plan.pitch_over_deg << " deg";
  } catch (const AimingError& e) {
    EXPECT_NE(std::string(e.what()).find("no full burn on the depressed side of its farthest-reaching pitch-over lands there"), std::string::npos)
        << e.what();
  }
}

// The Hwasong-15 of the 29 November 2017 test (data/catalog/missiles/hwasong-15.yaml), aimed from
// Pyongsong at 950 km on bearing 080 for an apogee of apogee_m.
struct LoftedHwasong15 {
  world::Earth earth{world::EarthOptions{}, UtcTime{1511893020.0}};
  world::Atmosphere atmosphere{world::AtmosphereModel::kUs1976};
  Missile missile{scenario::loadCatalogMissile("hwasong-15", PICKET_DATA_DIR)};
  FlightModels models() const { return {earth, atmosphere}; }
  AimRequest request(double apogee_m) const {
    AimRequest req = requestTo(earth, world::Geodetic{39.3, 125.9, 0.0}, 80.0, 950e3);
    req.shape = scenario::TrajectoryShape::kApogee;
    req.apogee_m = apogee_m;
    return req;
  }
};

TEST(Aiming, ASteepLoftedShotOnARotatingEarth) {
  // The Hwasong-15 test of 28 November 2017: 4,475 km apogee and 950 km (KCNA), about 53 minutes
  // (Japan MoD; ROK MND), as cited in data/catalog/missiles/hwasong-15.yaml. Near vertical, Earth rotation moves the
  // impact far off the aim azimuth; the solver must still land within 1 km with that apogee.
  const LoftedHwasong15 s;
  const world::Earth& earth = s.earth;
  const AimRequest req = s.request(4475e3);
  const AimSolution sol = solveAim(s.models(), s.missile, req);
  FlightResult r;
  flyMissile(s.models(), s.missile, req.launch, sol.plan, FlightOptions{}, r);
  EXPECT_LT(earth.inverse(r.impact.position.lat_deg, r.impact.position.lon_deg, req.aim_lat_deg, req.aim_lon_deg).distance_m,
            1000.0);
  EXPECT_NEAR(r.apogee.position.alt_m, 4475e3, 1000.0);
  EXPECT_GT(r.impact.t_s / 60.0, 50.0);
  EXPECT_LT(r.impact.t_s / 60.0, 57.0);
}

// The reach behind the "beyond the reach" message and summary.json's reach_km: one number for a
// missile, a launch point and a bearing, whatever the target asked for on that bearing. Issue 15
// found 12,855 and 16,108 km quoted for one heading (a local search from one bracket stopped on
// different maxima), and a Hwasong-15 refused at 19,000 km "beyond its reach of 12,423 km" while
// 17,000 km flew.
TEST(Aiming, TheReachIsOneNumberPerBearing) {
  const world::Earth earth(world::EarthOptions{}, UtcTime{});
  const world::Atmosphere atmosphere(world::AtmosphereModel::kUs1976);
  const FlightModels models{earth, atmosphere};
  const world::Geodetic sunan{39.2, 125.67, 0.0};
  const Missile hs14(scenario::loadCatalogMissile("hwasong-14", PICKET_DATA_DIR));
  const double reach_m = solveAim(models, hs14, requestTo(earth, sunan, 30.0, 150e3)).reach_m;
  // (The aim points of different ranges give the bearing to the last bits, hence a metre.)
  EXPECT_NEAR(solveAim(models, hs14, requestTo(earth, sunan, 30.0, 9000e3)).reach_m, reach_m, 1.0);
  for (const double km : {13000.0, 17000.0}) {
    try {
      solveAim(models, hs14, requestTo(earth, sunan, 30.0, km * 1e3));
      ADD_FAILURE() << km << " km flew, beyond a reach of " << reach_m / 1e3 << " km";
    } catch (const AimingError& e) {
      EXPECT_NE(std::string(e.what()).find(fmt::format("reach of {:.0f} km", reach_m / 1e3)), std::string::npos)
          << e.what();
    }
  }
  // And it is the reach: 99 % of it flies, on the bearing asked for.
  const AimSolution near = solveAim(models, hs14, requestTo(earth, sunan, 30.0, 0.99 * reach_m));
  EXPECT_LE(near.miss_m, kAimTolerance_m);
}

// A refused apogee states the envelope as the missile flies it: its ceiling at that range flies,
// and what lies above it is refused. The ceiling once came from the one-dimensional solve's
// steepest allowed pitch-over, so 4,500 km flew while 4,567 km was refused as "above 4,490 km".
TEST(Aiming, TheStatedApogeeCeilingFlies) {
  const LoftedHwasong15 s;
  const FlightModels models = s.models();
  const Missile& hs15 = s.missile;
  AimRequest req = s.request(6000e3);
  double ceiling_km = 0.0;
  try {
    solveAim(models, hs15, req);
    FAIL() << "a 6,000 km apogee flew with 700 kg";
  } catch (const AimingError& e) {
    std::smatch m;
    const std::string what = e.what();
    ASSERT_TRUE(std::regex_search(what, m, std::regex("apogee can range from [0-9]+ to ([0-9]+) km"))) << what;
    ceiling_km = std::stod(m[1]);
  }
  EXPECT_GT(ceiling_km, 4475.0);  // the 2017 test itself flies
  req.apogee_m = (ceiling_km - 10.0) * 1e3;
  const AimSolution sol = solveAim(models, hs15, req);
  EXPECT_LE(sol.miss_m, kAimTolerance_m);
  req.apogee_m = (ceiling_km + 15.0) * 1e3;
  EXPECT_THROW(solveAim(models, hs15, req), AimingError);
}

TEST(Missile, IdealDeltaVIsTheRocketEquation) {
  // Tsiolkovsky per stage, Isp_vac g0 ln(m0/m1), against the catalog notes' own check
  // (docs/catalog-notes.md: Hwasong-12 6,710 m/s, Hwasong-15 8,956 m/s), to the 0.1 % they round to.
  const Missile hs12(scenario::loadCatalogMissile("hwasong-12", PICKET_DATA_DIR));
  const Missile hs15(scenario::loadCatalogMissile("hwasong-15", PICKET_DATA_DIR));
  EXPECT_NEAR(hs12.idealDeltaV_mps(), 6710.0, 7.0);
  EXPECT_NEAR(hs15.idealDeltaV_mps(), 8956.0, 9.0);
}

}  // namespace
}  // namespace picket::flight

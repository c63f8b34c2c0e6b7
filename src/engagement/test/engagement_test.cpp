// Engagement stage: reach tables against closed forms, the intercept solver against a hand solution,
// phases, the end game, doctrine arithmetic, assignment, defended areas and coverage maps.
#include <cmath>
#include <cstdio>
#include <limits>
#include <memory>
#include <stdexcept>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <omp.h>

#include "common/constants.h"
#include "engagement/batteries.h"
#include "engagement/battle.h"
#include "engagement/coverage.h"
#include "engagement/interceptor.h"
#include "engagement/solver.h"
#include "engagement/window.h"
#include "scenario/loader.h"

namespace picket::engagement {
namespace {

constexpr double kMu = 3.986004418e14;

// A test interceptor with round numbers: one solid stage, ideal delta-v 250 g0 ln(1250/250) = 3,946 m/s.
scenario::InterceptorConfig testInterceptor() {
  scenario::InterceptorConfig c;
  c.id = c.name = "test-interceptor";
  c.where = SourceLocation{"engagement_test.cpp", 1};
  scenario::MissileConfig& m = c.propulsion;
  m.id = m.name = c.id;
  m.where = c.where;
  scenario::StageConfig s;
  s.name = "motor";
  s.diameter_m = 0.5;
  s.propellant_mass_kg = 1000.0;
  s.dry_mass_kg = 200.0;
  s.burn_time_s = 20.0;
  s.isp_vac_s = 250.0;
  s.isp_sl_s = 230.0;
  s.cd_vs_mach = {{0.0, 0.3}, {5.0, 0.3}};
  m.stages.push_back(s);
  m.payload.mass_kg = 50.0;
  m.payload.ballistic_coefficient_kg_m2 = 1e4;
  m.payload.separation_delay_s = 1.0;
  m.guidance.vertical_rise_s = 2.0;
  m.guidance.pitch_over_s = 3.0;
  m.guidance.thrust_termination = false;
  c.min_intercept_alt_m = 50e3;
  c.max_intercept_alt_m = 600e3;
  c.max_range_m = 800e3;
  c.max_flight_time_s = 400.0;
  c.max_target_speed_mps = 8000.0;
  c.divert_mps = 500.0;
  c.homing_time_s = 10.0;
  c.order_to_launch_s = 5.0;
  c.launch_interval_s = 5.0;
  c.sspk = 0.8;
  return c;
}

// Vacuum, point-mass gravity, a sphere, no rotation: the setting of the closed forms.
struct Vacuum {
  world::Earth earth{world::EarthOptions{world::EarthShape::kSphere, false, world::GravityModel::kPointMass}, UtcTime{}};
  world::Atmosphere atmosphere{world::AtmosphereModel::kNone};
};

TEST(Reach, VerticalApogeeMatchesEnergyConservation) {
  // After burnout at radius r_b with speed v_b straight up, energy conservation gives the apogee:
  // v_b^2/2 - mu/r_b = -mu/r_max. The table's highest cell must agree to within one cell (0.3 %).
  const Vacuum v;
  const Interceptor ic(testInterceptor(), v.earth, v.atmosphere);
  flight::FlightResult fr;
  flight::FlightOptions o;
  o.max_time_s = 2000.0;
  flight::flyMissile(flight::FlightModels{v.earth, v.atmosphere}, ic.missile(), world::Geodetic{}, {90.0, 0.0, 1e9}, o, fr);
  const double r_b = v.earth.equatorialRadius_m() + fr.burnout.position.alt_m;
  const double r_max = 1.0 / (1.0 / r_b - fr.burnout.speed_mps * fr.burnout.speed_mps / (2.0 * kMu));
  const double h_max = r_max - v.earth.equatorialRadius_m();
  // Within the 400 s time limit the vertical flight may not reach its apogee; check the limit too.
  if (fr.apogee.t_s <= 400.0) {
    EXPECT_NEAR(ic.reach().maxAltitude_m(), h_max, 0.003 * h_max);
  } else {
    EXPECT_LT(ic.reach().maxAltitude_m(), h_max);
  }
  // Time to a height on the vertical climb: the table against the flight itself (its cell's error).
  const double h_q = 0.5 * fr.burnout.position.alt_m + 0.5 * std::min(h_max, 300e3);
  double t_q = 0.0;
  for (double t = 0.0; t < fr.apogee.t_s; t += 0.01)
    if (v.earth.altitude_m(fr.trajectory.at(t).p_Eci_m) >= h_q) {
      t_q = t;
      break;
    }
  const std::optional<Reach> r = ic.reach().at(0.0, h_q);
  ASSERT_TRUE(r);
  EXPECT_NEAR(r->tof_s, t_q, 0.5);
  EXPECT_NEAR(r->tilt_deg, 0.0, 0.5);
}

TEST(Reach, MaxRangeMatchesBallisticClosedForm) {
  // The fan's greatest ground range at the ground against the vacuum closed form for the burnout
  // state of the flight that reaches farthest: range angle psi from
  // tan(psi/2) = nu sin g cos g / (1 - nu cos^2 g), nu = r v^2 / mu (Regan & Anandakrishnan,
  // "Dynamics of Atmospheric Re-Entry", 1993, eq. 2.54), plus the ground covered in the burn.
  const Vacuum v;
  scenario::InterceptorConfig cfg = testInterceptor();
  cfg.max_flight_time_s = 2000.0;
  const Interceptor ic(cfg, v.earth, v.atmosphere);
  const flight::FlightModels models{v.earth, v.atmosphere};
  flight::FlightResult fr;
  flight::FlightOptions o;
  o.max_time_s = 2000.0;
  double best = 0.0;
  for (double tilt = 0.0; tilt < 90.0; tilt += 0.5) {
    flight::flyMissile(models, ic.missile(), world::Geodetic{}, {90.0, tilt, 1e9}, o, fr);
    const double R = v.earth.equatorialRadius_m();
    const double r = R + fr.burnout.position.alt_m, nu = r * fr.burnout.speed_mps * fr.burnout.speed_mps / kMu;
    const double g = fr.burnout.flight_path_angle_deg * constants::kDegToRad;
    // Free flight from r back to r, then down to the ground (small: burnout at ~30-60 km).
    const double psi = 2.0 * std::atan2(nu * std::sin(g) * std::cos(g), 1.0 - nu * std::cos(g) * std::cos(g));
    best = std::max(best, R * (psi + fr.burnout.position.lon_deg * constants::kDegToRad));
  }
  // The table's reach includes the last fall from burnout height to the ground (a few % more).
  EXPECT_GT(ic.reach().maxGroundRange_m(), best);
  EXPECT_LT(ic.reach().maxGroundRange_m(), 1.05 * best);
}

TEST(Phase, KnownCases) {
  EXPECT_EQ(classifyPhase(50.0, 120.0, 600.0, 80e3, 100e3), Phase::kBoost);
  EXPECT_EQ(classifyPhase(200.0, 120.0, 600.0, 400e3, 100e3), Phase::kAscent);
  EXPECT_EQ(classifyPhase(700.0, 120.0, 600.0, 400e3, 100e3), Phase::kMidcourse);
  EXPECT_EQ(classifyPhase(1000.0, 120.0, 600.0, 60e3, 100e3), Phase::kTerminal);
  EXPECT_STREQ(phaseName(Phase::kTerminal), "terminal");
}

// A threat falling straight down onto the launcher from 1,000 km at 3 km/s.
ThreatPath fallingThreat(const Vacuum& v, flight::FlightResult& fr) {
  flight::BurnoutState b;
  b.start = world::Geodetic{0.0, 0.0, 1000e3};
  b.speed_mps = 3000.0;
  b.flight_path_angle_deg = -90.0;
  b.azimuth_deg = 0.0;
  flight::flyFromBurnout(flight::FlightModels{v.earth, v.atmosphere}, b, flight::FlightOptions{}, fr);
  return ThreatPath::fromTruth(v.earth, fr.trajectory, 0.0, 1.0, -1.0);
}

TEST(Solver, HeadOnAgainstHandSolution) {
  // Head-on: both fly the same vertical line. In uniform gravity the relative motion after the
  // interceptor's burnout is unaccelerated (gravity cancels), so the meeting is at
  //   t* = t_L + t_b + (h_T(t_L + t_b) - h_b) / (v_T(t_L + t_b) + v_b)
  // with (t_b, h_b, v_b) the interceptor's burnout. Point-mass gravity differs between the two
  // heights by dg = 2 g dh / R; the tolerance is the displacement that difference can make over the
  // closing time, dg tau^2 / 2, computed here.
  const Vacuum v;
  const Interceptor ic(testInterceptor(), v.earth, v.atmosphere);
  flight::FlightResult threat_fr;
  const ThreatPath path = fallingThreat(v, threat_fr);
  const ShooterSite site = ShooterSite::at(v.earth, world::Geodetic{0.0, 0.0, 0.0});
  std::vector<Opportunity> opps;
  const EngagementWindow w = engagementWindow(ic, site, path, 0.0, {}, &opps);
  ASSERT_TRUE(w.feasible) << static_cast<int>(w.reason);
  const Opportunity& o = opps[opps.size() / 3];
  flight::FlightResult scratch;
  const InterceptSolution sol = solveIntercept(flight::FlightModels{v.earth, v.atmosphere}, ic, site, path, o, scratch);
  ASSERT_TRUE(sol.converged);
  EXPECT_LT(sol.aim_error_m, 5.0);
  EXPECT_LT(sol.tilt_deg, 0.5);  // straight up
  // The hand solution from the interceptor's own burnout.
  flight::FlightResult up;
  flight::FlightOptions fo;
  fo.max_time_s = 400.0;
  flight::flyMissile(flight::FlightModels{v.earth, v.atmosphere}, ic.missile(), world::Geodetic{}, {90.0, 0.0, 1e9}, fo, up);
  const double t_b = up.burnout.t_s, h_b = up.burnout.position.alt_m, v_b = up.burnout.speed_mps;
  const PathSample at_b = path.at(sol.launch_t_s + t_b);
  const double closing = at_b.speed_mps + v_b;
  const double tau = (at_b.alt_m - h_b) / closing;
  const double t_star = sol.launch_t_s + t_b + tau;
  const double h_star = at_b.alt_m - at_b.speed_mps * tau - 0.5 * 9.8 * tau * tau;
  const double dg = 2.0 * 9.8 * (at_b.alt_m - h_b) / v.earth.equatorialRadius_m();
  const double tol_m = 0.5 * dg * tau * tau + 100.0;
  EXPECT_NEAR(sol.intercept_t_s, t_star, tol_m / closing + 0.5);
  EXPECT_NEAR(v.earth.altitude_m(sol.p_Ecef), h_star, tol_m);
  const PathSample at_i = path.at(sol.intercept_t_s);
  const EndGame eg = endGame(ic, sol.p_Ecef, sol.v_Ecef, at_i.p_Ecef, at_i.v_Ecef);
  EXPECT_NEAR(eg.closing_speed_mps, closing, 0.02 * closing);  // speeds change little over tau
}

TEST(Solver, DeterministicInterceptIsWithinTheKillVehicle) {
  // No noise: the prediction is the truth. A crossing shot from a launcher 300 km off the
  // threat's track, on the rotating WGS-84 Earth with J2 and the atmosphere; the solved flight must
  // meet the threat within what the kill vehicle's divert can remove over its homing time.
  const world::Earth earth(world::EarthOptions{}, UtcTime{});
  const world::Atmosphere atm(world::AtmosphereModel::kUs1976);
  const Interceptor ic(testInterceptor(), earth, atm);
  const flight::FlightModels models{earth, atm};
  flight::BurnoutState b;
  b.start = world::Geodetic{35.0, 130.0, 150e3};
  b.speed_mps = 3500.0;  // apogee ~330 km: inside the test interceptor's reach
  b.flight_path_angle_deg = 25.0;
  b.azimuth_deg = 90.0;
  b.ballistic_coefficient_kgpm2 = 5000.0;
  flight::FlightResult threat;
  flight::flyFromBurnout(models, b, flight::FlightOptions{}, threat);
  const ThreatPath path = ThreatPath::fromTruth(earth, threat.trajectory, 0.0, 1.0, -1.0);
  const world::Geodetic under = earth.geodeticFromEcef(path.at(threat.apogee.t_s).p_Ecef);
  const ShooterSite site = ShooterSite::at(earth, earth.direct(under.lat_deg, under.lon_deg, 0.0, 300e3));
  std::vector<Opportunity> opps;
  const EngagementWindow w = engagementWindow(ic, site, path, 0.0, {}, &opps);
  ASSERT_TRUE(w.feasible) << static_cast<int>(w.reason);
  flight::FlightResult scratch;
  for (const Opportunity* o : {&opps.front(), &opps[opps.size() / 2], &opps.back()}) {
    const InterceptSolution sol = solveIntercept(models, ic, site, path, *o, scratch);
    ASSERT_TRUE(sol.converged) << "at t = " << o->intercept_t_s;
    const flight::Sample s = threat.trajectory.at(sol.intercept_t_s);
    const EndGame eg = endGame(ic, sol.p_Ecef, sol.v_Ecef, earth.ecefFromEci(s.p_Eci_m, s.t_s),
                               earth.ecefVelocityFromEci(s.p_Eci_m, s.v_Eci_mps, s.t_s));
    EXPECT_TRUE(eg.within_divert) << "ZEM " << eg.zem_m << " m";
    EXPECT_LT(eg.zem_m, ic.config().divert_mps * ic.config().homing_time_s);
    EXPECT_EQ(eg.miss_m, 0.0);
  }
}

TEST(EndGame, MissBeyondTheDivert) {
  const Vacuum v;
  const Interceptor ic(testInterceptor(), v.earth, v.atmosphere);
  // Head-on at 6 km/s closing with a 7 km lateral offset: needs 700 m/s over 10 s; has 500.
  const EndGame eg = endGame(ic, Vec3(0, 0, 0), Vec3(3000, 0, 0), Vec3(1000, 7000, 0), Vec3(-3000, 0, 0));
  EXPECT_NEAR(eg.zem_m, 7000.0, 1e-6);
  EXPECT_NEAR(eg.divert_needed_mps, 700.0, 1e-9);
  EXPECT_FALSE(eg.within_divert);
  EXPECT_NEAR(eg.miss_m, 2000.0, 1e-6);
  EXPECT_NEAR(eg.closing_speed_mps, 6000.0, 1e-9);
}

std::vector<Opportunity> evenOpportunities() {
  // Intercepts every 10 s from t = 300 s to 600 s, each 100 s after its launch.
  std::vector<Opportunity> o;
  for (double t = 300.0; t <= 600.0; t += 10.0) o.push_back({t, t - 100.0, 100.0, 200e3, 300e3, 7000.0, 3000.0, 40.0, Phase::kMidcourse});
  return o;
}

TEST(Doctrine, ShootLookShootFiresAgainOnlyAfterAMiss) {
  const std::unique_ptr<const Doctrine> sls = doctrineRegistry().make("shoot-look-shoot");
  const std::vector<Opportunity> opps = evenOpportunities();
  // First draw kills (0.1 < 0.7): one shot.
  const std::vector<double> kill_first = {0.1, 0.1};
  auto s = applyDoctrine(*sls, 1, 8, 0.7, opps, 200.0, 5.0, 30.0, 4, kill_first);
  ASSERT_EQ(s.size(), 1u);
  EXPECT_TRUE(s[0].kill);
  // First misses (0.9), second kills: the second launch waits for the look (300 s intercept + 30 s).
  const std::vector<double> miss_then_kill = {0.9, 0.1};
  s = applyDoctrine(*sls, 1, 8, 0.7, opps, 200.0, 5.0, 30.0, 4, miss_then_kill);
  ASSERT_EQ(s.size(), 2u);
  EXPECT_FALSE(s[0].kill);
  EXPECT_TRUE(s[1].kill);
  EXPECT_GE(s[1].launch_t_s, s[0].intercept_t_s + 30.0);
  // Always missing: limited by max_shots and by the window.
  const std::vector<double> misses(10, 0.99);
  s = applyDoctrine(*sls, 1, 8, 0.7, opps, 200.0, 5.0, 30.0, 10, misses);
  for (std::size_t i = 1; i < s.size(); ++i) EXPECT_GE(s[i].launch_t_s, s[i - 1].intercept_t_s + 30.0);
  EXPECT_LE(s.back().intercept_t_s, 600.0);
  EXPECT_EQ(s.size(), 3u);  // launches at 200, 330, 460 s; the next look (590 s) is past the last launch (500 s)
}

TEST(Doctrine, ShootShootLookFiresTheSalvoTogether) {
  const std::unique_ptr<const Doctrine> ssl = doctrineRegistry().make("shoot-shoot-look");
  const std::vector<Opportunity> opps = evenOpportunities();
  const std::vector<double> draws = {0.9, 0.9, 0.1, 0.1};
  const auto s = applyDoctrine(*ssl, 2, 8, 0.7, opps, 200.0, 5.0, 30.0, 4, draws);
  ASSERT_EQ(s.size(), 4u);  // two misses, then the second salvo (whose first shot kills) is fired whole
  EXPECT_LT(s[1].launch_t_s - s[0].launch_t_s, 30.0);  // the pair goes before any look
  EXPECT_GE(s[2].launch_t_s, s[1].intercept_t_s + 30.0);
  // A magazine of one: one shot, however the doctrine reads.
  EXPECT_EQ(applyDoctrine(*ssl, 2, 1, 0.7, opps, 200.0, 5.0, 30.0, 4, draws).size(), 1u);
}

// Adaptive: one round and a look while a miss would leave time for another intercept, the salvo at
// once when it would not (the window's last launches).
TEST(Doctrine, AdaptiveLooksWhileTimeAllowsThenFiresTheSalvo) {
  const std::unique_ptr<const Doctrine> adaptive = doctrineRegistry().make("adaptive");
  EXPECT_EQ(adaptive->defaultSalvo(), 2);
  EXPECT_EQ(adaptive->shotsBeforeLook(2, true), 1);
  EXPECT_EQ(adaptive->shotsBeforeLook(3, false), 3);
  EXPECT_FALSE(adaptive->checkSalvo(1).empty());
  const std::vector<Opportunity> opps = evenOpportunities();  // launches 200 to 500 s, 100 s of flight
  // From 200 s a look (intercept 300 s + 30 s) leaves launches until 500 s: one round; it misses,
  // and from 330 s the look would come at 460 s, still before the last launch: one round again;
  // from 460 s a look would end at 590 s, past the last launch: the salvo of two.
  const std::vector<double> misses(10, 0.99);
  const auto s = applyDoctrine(*adaptive, 2, 8, 0.7, opps, 200.0, 5.0, 30.0, 10, misses);
  ASSERT_EQ(s.size(), 4u);
  EXPECT_GE(s[1].launch_t_s, s[0].intercept_t_s + 30.0);
  EXPECT_GE(s[2].launch_t_s, s[1].intercept_t_s + 30.0);
  EXPECT_LT(s[3].launch_t_s - s[2].launch_t_s, 30.0);  // the last two together
  // Shoot-look-shoot on the same window fires three, one at a time.
  EXPECT_EQ(applyDoctrine(*doctrineRegistry().make("shoot-look-shoot"), 1, 8, 0.7, opps, 200.0, 5.0, 30.0, 10, misses).size(),
            3u);
}

// The registry's doctrines: their names are the scenario's, each salvo rule holds, and a
// misspelt name's error suggests the one meant.
TEST(Doctrine, RegistryHoldsTheScenarioNamesAndTheirSalvoRules) {
  const DoctrineRegistry& r = doctrineRegistry();
  ASSERT_EQ(r.names(), "shoot-look-shoot, shoot-shoot-look or adaptive");
  const auto sls = r.make("shoot-look-shoot"), ssl = r.make("shoot-shoot-look");
  EXPECT_EQ(sls->defaultSalvo(), 1);
  EXPECT_EQ(sls->shotsPerLook(1), 1);
  EXPECT_TRUE(sls->checkSalvo(1).empty());
  EXPECT_FALSE(sls->checkSalvo(2).empty());
  EXPECT_EQ(ssl->defaultSalvo(), 2);
  EXPECT_EQ(ssl->shotsPerLook(3), 3);
  EXPECT_TRUE(ssl->checkSalvo(2).empty());
  EXPECT_FALSE(ssl->checkSalvo(1).empty());
  EXPECT_EQ(r.find("shoot"), nullptr);
  EXPECT_THROW((void)r.make("shoot"), std::invalid_argument);
  EXPECT_EQ(r.unknown("doctrine", "shoot-look-shot"),
            "unknown doctrine 'shoot-look-shot'; did you mean 'shoot-look-shoot'? expected shoot-look-shoot, shoot-shoot-look or adaptive");
  EXPECT_EQ(r.unknown("doctrine", "barrage"),
            "unknown doctrine 'barrage'; expected shoot-look-shoot, shoot-shoot-look or adaptive");
}

TEST(Assignment, HungarianDoesNotStrandAThreatGreedyDoes) {
  // Shooter A reaches both threats (P 0.9 and 0.8); shooter B only the first (0.85). Greedy takes
  // A for threat 1 (its best) and leaves threat 2 with nobody; the assignment gives 1 to B, 2 to A.
  const std::vector<std::vector<double>> value = {{0.9, 0.85}, {0.8, 0.0}};
  const std::vector<int> greedy = assignShooters(value, false);
  EXPECT_EQ(greedy[0], 0);
  EXPECT_EQ(greedy[1], -1);
  const std::vector<int> best = assignShooters(value, true);
  EXPECT_EQ(best[0], 1);
  EXPECT_EQ(best[1], 0);
}

// Two threats, one salvo left: on kill probability alone (0.8 against the later threat, 0.75
// against the sooner) the slot goes to the later one; weighing time to go (the sooner falls 200 s
// earlier) gives it to the sooner. Of two shooters nearly alike (P 0.8 and 0.78) against one threat,
// the better one's salvo of 2 would empty its magazine of 2 (weight 0.5), the other has 8 rounds
// (0.875): on P alone the better fires, weighing inventory the fuller.
TEST(Assignment, TimeToGoAndInventoryTipTheChoice) {
  const double soon = urgencyWeight(300.0, 300.0, 500.0, 0.5), late = urgencyWeight(500.0, 300.0, 500.0, 0.5);
  EXPECT_DOUBLE_EQ(soon, 1.5);
  EXPECT_DOUBLE_EQ(late, 1.0);
  EXPECT_DOUBLE_EQ(urgencyWeight(400.0, 300.0, 500.0, 0.5), 1.25);
  EXPECT_DOUBLE_EQ(urgencyWeight(400.0, 400.0, 400.0, 0.5), 1.0);  // one impact time: no preference
  EXPECT_EQ(assignShooters({{0.75}, {0.8}}, true), (std::vector<int>{-1, 0}));
  EXPECT_EQ(assignShooters({{0.75 * soon}, {0.8 * late}}, true), (std::vector<int>{0, -1}));
  const double small = inventoryWeight(0, 2, 2, 0.5), full = inventoryWeight(0, 2, 8, 0.5);
  EXPECT_DOUBLE_EQ(small, 0.5);
  EXPECT_DOUBLE_EQ(full, 0.875);
  EXPECT_DOUBLE_EQ(inventoryWeight(3, 2, 8, 0.5), 0.5);  // its fourth salvo empties it too
  EXPECT_DOUBLE_EQ(inventoryWeight(0, 2, 2, 0.0), 1.0);  // weight 0: kill probability alone
  EXPECT_EQ(assignShooters({{0.8, 0.78}}, true), (std::vector<int>{0}));
  EXPECT_EQ(assignShooters({{0.8 * small, 0.78 * full}}, true), (std::vector<int>{1}));
}

TEST(DefendedArea, CircleAndPolygon) {
  std::vector<scenario::DefendedAreaConfig> areas(2);
  areas[0].name = "Tokyo";
  areas[0].points_deg = {{35.68, 139.76}};
  areas[0].radius_m = 20e3;
  areas[1].name = "box";
  areas[1].points_deg = {{40.0, 140.0}, {40.0, 141.0}, {41.0, 141.0}, {41.0, 140.0}};
  EXPECT_EQ(defendedAreaAt(areas, 35.70, 139.80), 0);   // ~4 km from the centre
  EXPECT_EQ(defendedAreaAt(areas, 35.68, 140.10), -1);  // ~31 km east
  EXPECT_EQ(defendedAreaAt(areas, 40.5, 140.5), 1);
  EXPECT_EQ(defendedAreaAt(areas, 39.9, 140.5), -1);
}

TEST(Coverage, SameMapWhateverTheThreadCount) {
  const world::Earth earth(world::EarthOptions{}, UtcTime{});
  const world::Atmosphere atm(world::AtmosphereModel::kUs1976);
  const Interceptor ic(testInterceptor(), earth, atm);
  flight::BurnoutState b;
  b.start = world::Geodetic{38.0, 132.0, 150e3};
  b.speed_mps = 3500.0;
  b.flight_path_angle_deg = 25.0;
  b.azimuth_deg = 80.0;
  flight::FlightResult threat;
  flight::flyFromBurnout(flight::FlightModels{earth, atm}, b, flight::FlightOptions{}, threat);
  const ThreatPath path = ThreatPath::fromTruth(earth, threat.trajectory, 0.0, 1.0, -1.0);
  scenario::CoverageConfig cc;
  cc.name = "test";
  cc.lat_min_deg = 34.0;
  cc.lat_max_deg = 44.0;
  cc.lon_min_deg = 130.0;
  cc.lon_max_deg = 145.0;
  cc.rows = cc.cols = 30;
  omp_set_num_threads(1);
  const CoverageMap one = shooterGrid(cc, ic, earth, path, 60.0, 100e3);
  omp_set_num_threads(2);
  const CoverageMap two = shooterGrid(cc, ic, earth, path, 60.0, 100e3);
  ASSERT_EQ(one.cells.size(), two.cells.size());
  EXPECT_GT(one.feasible_cells, 0);
  EXPECT_LT(one.feasible_cells, static_cast<int>(one.cells.size()));
  for (std::size_t i = 0; i < one.cells.size(); ++i) {
    EXPECT_EQ(one.cells[i].feasible, two.cells[i].feasible);
    EXPECT_EQ(one.cells[i].window_s, two.cells[i].window_s);
  }
}

}  // namespace
}  // namespace picket::engagement

namespace picket::engagement {
namespace {

TEST(Catalog, EveryInterceptorReachesItsEnvelope) {
  // The catalog's envelope is what the model must be able to fly: the kinematic reach of the
  // vehicle (on the non-rotating WGS-84 Earth with the atmosphere) must cover the published ceiling
  // and range, and its burnout speed must match the reported one within 10 % (gravity and drag
  // losses of the fitted stages; interceptor-notes.md).
  const world::Earth earth(world::EarthOptions{}, UtcTime{});
  const world::Atmosphere atm(world::AtmosphereModel::kUs1976);
  const std::vector<std::string> ids = scenario::interceptorCatalogIds(PICKET_DATA_DIR);
  ASSERT_GE(ids.size(), 9u);
  for (const std::string& id : ids) {
    const scenario::InterceptorConfig c = scenario::loadCatalogInterceptor(id, PICKET_DATA_DIR);
    const Interceptor ic(c, earth, atm);
    EXPECT_GE(ic.reach().maxAltitude_m(), c.max_intercept_alt_m) << id;
    EXPECT_GE(ic.reach().maxGroundRangeAbove_m(c.min_intercept_alt_m), 0.98 * c.max_range_m) << id;
    ASSERT_TRUE(c.reported_burnout_speed_mps) << id;
    EXPECT_NEAR(ic.reach().burnoutSpeed_mps(), *c.reported_burnout_speed_mps, 0.10 * *c.reported_burnout_speed_mps) << id;
    EXPECT_GT(c.sspk, 0.0) << id;
    EXPECT_FALSE(c.test_record.empty()) << id;
  }
}

}  // namespace
}  // namespace picket::engagement

namespace picket::engagement {
namespace {

TEST(Coverage, DefendedFootprintSurroundsTheBattery) {
  // A battery with 200 km of reach at 39 N 136 E against Hwasong-12s from Sunan (to the west)
  // landing over the Sea of Japan and Honshu. Ground around it is defended (every flight landing
  // there is engaged on its way down); ground short of it (more than 200 km to the west) is not:
  // those flights come down before they come within its reach; and the footprint stretches
  // downrange behind it (east), where the threats pass over it inside its altitude band, as the
  // published footprints of terminal defences do.
  const world::Earth earth(world::EarthOptions{}, UtcTime{});
  const world::Atmosphere atm(world::AtmosphereModel::kUs1976);
  scenario::InterceptorConfig cfg = testInterceptor();
  cfg.max_range_m = 200e3;
  const Interceptor ic(cfg, earth, atm);
  const flight::Missile missile(scenario::loadCatalogMissile("hwasong-12", PICKET_DATA_DIR));
  scenario::CoverageConfig cc;
  cc.name = "footprint";
  cc.kind = scenario::CoverageKind::kDefendedFootprint;
  cc.lat_min_deg = 36.0;
  cc.lat_max_deg = 42.0;
  cc.lon_min_deg = 132.0;
  cc.lon_max_deg = 140.0;
  cc.rows = cc.cols = 8;
  cc.shooter_lat_deg = 39.0;
  cc.shooter_lon_deg = 136.0;
  FootprintThreat ft;
  ft.missile = &missile;
  ft.launch = world::Geodetic{39.2239, 125.67, 0.0};
  ft.pitch_over_deg = 12.0;
  ft.earliest_launch_after_threat_launch_s = 120.0;
  const CoverageMap m = defendedFootprint(cc, ic, flight::FlightModels{earth, atm}, ft, 100e3);
  int landed = 0, near_ok = 0, near = 0, short_ok = 0, short_of = 0, behind_ok = 0;
  for (const CoverageCell& c : m.cells) {
    if (c.flights == 0) continue;
    ++landed;
    const world::GeodesicLine g = earth.inverse(39.0, 136.0, c.lat_deg, c.lon_deg);
    if (g.distance_m < 100e3) {
      ++near;
      near_ok += c.feasible;
    }
    if (c.lon_deg < 133.5) {
      ++short_of;
      short_ok += c.feasible;
    }
    if (c.lon_deg > 138.4 && g.distance_m > 200e3) behind_ok += c.feasible;
  }
  EXPECT_GT(landed, 50);
  ASSERT_GT(near, 0);
  EXPECT_EQ(near_ok, near);
  ASSERT_GT(short_of, 0);
  EXPECT_EQ(short_ok, 0);
  EXPECT_GT(behind_ok, 0);
  EXPECT_GT(m.feasible_area_km2, 0.0);
}

// ThreatPath::fromTrack flies long steps above the air and fills the samples between by cubic
// Hermite (window.cpp); the reference is what it replaced, one RK4 step of the model per sample
// everywhere. Four tracks on the default Earth and air: an IRBM after burnout (the flagship's
// kind), a lofted one, one already descending into the margin above the air, and one in orbit cut
// at max_time_s; at one- and two-second samples.
struct PathError {
  double p_m = 0.0, v_mps = 0.0, alt_m = 0.0;  // height: below 150 km
  double alt_rel = 0.0;                         // height above 150 km, relative
};

PathError fromTrackAgainstOneSecondSteps(const tracking::BallisticModel& model, const tracking::StateVec& x0, double t0_s,
                                         double dt_s, double max_time_s) {
  const world::Earth& earth = model.earth();
  std::vector<PathSample> ref;
  tracking::StateVec x = x0;
  double t = t0_s;
  for (int n = 0; t <= t0_s + max_time_s; ++n) {
    PathSample p;
    p.t_s = t;
    p.p_Ecef = earth.ecefFromEci(x.head<3>(), t);
    p.v_Ecef = earth.ecefVelocityFromEci(x.head<3>(), x.segment<3>(3), t);
    p.alt_m = earth.altitude_m(p.p_Ecef);
    ref.push_back(p);
    if (n > 0 && p.alt_m < 0.0) break;
    x = model.propagate(x, dt_s);
    t = t0_s + (n + 1) * dt_s;
  }
  const ThreatPath path = ThreatPath::fromTrack(model, x0, t0_s, dt_s, max_time_s);
  EXPECT_EQ(path.samples().size(), ref.size());
  PathError e;
  for (std::size_t i = 0; i < std::min(ref.size(), path.samples().size()); ++i) {
    const PathSample& s = path.samples()[i];
    EXPECT_EQ(s.t_s, ref[i].t_s);
    e.p_m = std::max(e.p_m, (s.p_Ecef - ref[i].p_Ecef).norm());
    e.v_mps = std::max(e.v_mps, (s.v_Ecef - ref[i].v_Ecef).norm());
    if (ref[i].alt_m < 150e3) e.alt_m = std::max(e.alt_m, std::abs(s.alt_m - ref[i].alt_m));
    else e.alt_rel = std::max(e.alt_rel, std::abs(s.alt_m / ref[i].alt_m - 1.0));
  }
  return e;
}

TEST(ThreatPath, LongStepsAboveTheAirAgreeWithOneSecondSteps) {
  UtcTime epoch;
  parseIso8601("2017-09-14T21:57:00Z", epoch);
  const world::Earth earth(world::EarthOptions{}, epoch);
  const world::Atmosphere atmosphere(world::AtmosphereModel::kUs1976);
  const tracking::BallisticModel model(earth, atmosphere, tracking::BallisticOptions{});
  // A state at height h over (lat, lon), speed v at flight-path angle gamma, heading azimuth az.
  const auto state = [&](double lat, double lon, double h, double v, double gamma_deg, double az_deg, double beta) {
    const Vec3 p = earth.ecefFromGeodetic({lat, lon, h});
    const world::Mat3 enu = earth.R_EcefEnu(lat, lon);
    const double g = gamma_deg * constants::kDegToRad, a = az_deg * constants::kDegToRad;
    const Vec3 v_Ecef = enu * Vec3(v * std::cos(g) * std::sin(a), v * std::cos(g) * std::cos(a), v * std::sin(g));
    tracking::StateVec x;
    x.head<3>() = earth.eciFromEcef(p, 100.0);
    x.segment<3>(3) = earth.eciVelocityFromEcef(p, v_Ecef, 100.0);
    x(6) = 1.0 / beta;
    return x;
  };
  struct Case {
    const char* name;
    tracking::StateVec x;
    double max_time_s;
  };
  const Case cases[] = {
      {"irbm", state(40.0, 128.0, 250e3, 4800.0, 30.0, 75.0, 5e3), 7200.0},
      {"lofted", state(39.0, 126.0, 90e3, 6000.0, 65.0, 90.0, 8e3), 7200.0},
      {"descending", state(41.0, 160.0, 135e3, 4500.0, -25.0, 80.0, 3e3), 7200.0},
      {"orbit", state(0.0, 0.0, 400e3, 7670.0, 0.0, 90.0, 5e3), 1000.0},
  };
  for (const Case& k : cases)
    for (const double dt_s : {1.0, 2.0}) {
      const PathError e = fromTrackAgainstOneSecondSteps(model, k.x, 100.0, dt_s, k.max_time_s);
      std::printf("%s dt %.0f: position %.3g m, velocity %.3g m/s, height %.3g m (above 150 km: %.2g)\n", k.name,
                  dt_s, e.p_m, e.v_mps, e.alt_m, e.alt_rel);
      // Measured: 2.5 cm, 4 mm/s and 2.3 cm at worst (the lofted track); a path's samples feed
      // altitude bands and reach tables by the kilometre. One 20 s RK4 step: 19 cm and 2.5 cm/s.
      // Heights are Earth::altitudeNear_m's: 1.5 cm off below 150 km, about 1.3e-6 of the height
      // above (3.6 m at the lofted track's apogee).
      EXPECT_LT(e.p_m, 0.1) << k.name << " dt " << dt_s;
      EXPECT_LT(e.v_mps, 0.01) << k.name << " dt " << dt_s;
      EXPECT_LT(e.alt_m, 0.1) << k.name << " dt " << dt_s;
      EXPECT_LT(e.alt_rel, 3e-6) << k.name << " dt " << dt_s;
    }
}

// engagementWindow decides "beyond reach" on the dot of the up vectors where that is far from the
// reach (no arctangent), and takes the nearest pass of an unreachable path afterwards: the same
// counts, windows and reasons as the ground range of every sample (window.cpp). Checked against
// that full computation here, to the printed digit and the nearest pass to the bit.
TEST(Window, BeyondReachWithoutTheGroundRangeOfEverySample) {
  UtcTime epoch;
  parseIso8601("2017-09-14T21:57:00Z", epoch);
  const world::Earth earth(world::EarthOptions{}, epoch);
  const world::Atmosphere atmosphere(world::AtmosphereModel::kUs1976);
  const tracking::BallisticModel model(earth, atmosphere, tracking::BallisticOptions{});
  const Vec3 p = earth.ecefFromGeodetic({40.0, 128.0, 250e3});
  const world::Mat3 enu = earth.R_EcefEnu(40.0, 128.0);
  const double g = 30.0 * constants::kDegToRad, a = 75.0 * constants::kDegToRad;
  const Vec3 v_Ecef = enu * Vec3(4800.0 * std::cos(g) * std::sin(a), 4800.0 * std::cos(g) * std::cos(a), 4800.0 * std::sin(g));
  tracking::StateVec x;
  x.head<3>() = earth.eciFromEcef(p, 100.0);
  x.segment<3>(3) = earth.eciVelocityFromEcef(p, v_Ecef, 100.0);
  x(6) = 1.0 / 5e3;
  const ThreatPath path = ThreatPath::fromTrack(model, x, 100.0, 1.0);
  ASSERT_GT(path.samples().size(), 100u);
  const world::Atmosphere none(world::AtmosphereModel::kNone);
  int unreachable = 0, feasible = 0;
  for (const double range_km : {20.0, 300.0, 800.0, 3000.0}) {
    scenario::InterceptorConfig cfg = testInterceptor();
    cfg.max_range_m = range_km * 1e3;
    const Interceptor ic(cfg, earth, none);
    for (const double lat : {30.0, 40.0, 43.0, 50.0})
      for (const double lon : {128.0, 135.0, 142.0, 150.0}) {
        const ShooterSite site = ShooterSite::at(earth, {lat, lon, 0.0});
        const EngagementWindow w = engagementWindow(ic, site, path, 150.0);
        // The full computation: every sample's ground range.
        double closest_m = std::numeric_limits<double>::infinity();
        int in_range = 0;
        for (const PathSample& s : path.samples()) {
          if (s.t_s < 150.0) continue;
          const double d = groundRange_m(site.up, s.up);
          if (d > cfg.max_range_m) closest_m = std::min(closest_m, d);
          else ++in_range;
        }
        if (in_range == 0) {
          ++unreachable;
          EXPECT_EQ(w.reason, WindowReason::kNeverNear);
          EXPECT_EQ(w.figures[0], closest_m);  // the nearest pass, exact
          EXPECT_EQ(w.figures[1], cfg.max_range_m);
        } else if (w.feasible) {
          ++feasible;
          EXPECT_LE(w.best.ground_range_m, cfg.max_range_m);
        }
      }
  }
  std::printf("%d sites out of reach, %d with a window\n", unreachable, feasible);
  EXPECT_GT(unreachable, 10);
  EXPECT_GT(feasible, 3);
}

}  // namespace
}  // namespace picket::engagement

namespace picket::engagement {
namespace {

// The batteries' greedy placement against a case worked by hand: two towns 200 km apart and a
// village, a 10 km radius. The first battery goes where it defends most (town B's 500 people,
// both its places within 10 km of either), the second to town A (300), the third to the village.
TEST(Batteries, GreedyPlacementAgainstAHandWorkedCase) {
  const std::vector<world::PopulationPlace> places = {
      {"1", "P", "A1", 35.00, 139.00, 100}, {"2", "P", "A2", 35.03, 139.00, 100}, {"3", "P", "A3", 35.00, 139.03, 100},
      {"4", "P", "B1", 36.80, 139.00, 250}, {"5", "P", "B2", 36.85, 139.00, 250},  // 5.6 km apart
      {"6", "P", "C", 34.00, 135.00, 10}};
  const BatteryPlan plan = placeBatteries(places, 10e3, 10);
  ASSERT_EQ(plan.sites.size(), 3u);
  EXPECT_EQ(places[static_cast<std::size_t>(plan.sites[0])].name, "B1");  // the lower index of the two equal sites
  EXPECT_EQ(places[static_cast<std::size_t>(plan.sites[1])].name, "A1");  // A1 is within 10 km of A2 (3.3 km) and A3 (2.7 km)
  EXPECT_EQ(places[static_cast<std::size_t>(plan.sites[2])].name, "C");
  EXPECT_DOUBLE_EQ(plan.defended[0], 500.0);
  EXPECT_DOUBLE_EQ(plan.defended[1], 800.0);
  EXPECT_DOUBLE_EQ(plan.defended[2], 810.0);
  EXPECT_EQ(plan.batteriesFor(0.5), 1);
  EXPECT_EQ(plan.batteriesFor(0.9), 2);
  EXPECT_EQ(plan.batteriesFor(1.0), 3);
  // With a 2 km radius A's places stand apart: A1, A2, A3 need a battery each after B's two.
  EXPECT_EQ(placeBatteries(places, 2e3, 10).sites.size(), 6u);
  // A hexagonal lattice of 20 km circles: each covers a hexagon of 3 sqrt(3) / 2 x 400 km2.
  EXPECT_NEAR(batteriesToCoverArea(100.0 * 1.5 * std::sqrt(3.0) * 400.0, 20e3), 100.0, 1e-9);
}

}  // namespace
}  // namespace picket::engagement

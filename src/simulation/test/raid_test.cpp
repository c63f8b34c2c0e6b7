// Raids: the announced Guam salvo of August 2017 against KCNA's own numbers, and the Aegis Ashore
// scenario's raid (docs/engagement-sources.md; scenarios/guam-salvo-2017.yaml,
// scenarios/aegis-ashore-vs-sea.yaml).
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include <gtest/gtest.h>

#include "scenario/loader.h"
#include "simulation/record.h"
#include "simulation/simulation.h"
#include "world/earth.h"

namespace picket::simulation {
namespace {

SimulationResult run(const std::string& name) {
  const world::Geography geo = world::Geography::load(PICKET_DATA_DIR);
  return simulate(scenario::loadScenario(std::string(PICKET_SOURCE_DIR) + "/scenarios/" + name, PICKET_DATA_DIR), geo);
}

const SimulationResult& guam() {
  static const SimulationResult r = run("guam-salvo-2017.yaml");
  return r;
}

const SimulationResult& ashore() {
  static const SimulationResult r = run("aegis-ashore-vs-sea.yaml");
  return r;
}

// The battle manager's threats are the defence's objects, in the order it confirmed them; which
// raid missile each one was is the scoring's (the object's truth: that missile's warhead).
const TrueObjectInfo* truthOf(const SimulationResult& r, const engagement::ThreatEvaluation& t) {
  return r.defence.objectTruth(t.object);
}

std::size_t threatOf(const SimulationResult& r, std::size_t missile) {
  for (std::size_t i = 0; i < r.engagement.threats.size(); ++i)
    if (const TrueObjectInfo* o = truthOf(r, r.engagement.threats[i]);
        o != nullptr && o->warhead && o->threat == static_cast<int>(missile))
      return i;
  throw std::runtime_error("no threat for " + r.threats.at(missile).name);
}

const engagement::LayerAnswer& layer(const SimulationResult& r, std::size_t missile, const std::string& shooter) {
  const int threat = static_cast<int>(threatOf(r, missile));
  for (const engagement::LayerAnswer& la : r.engagement.layers)
    if (la.threat == threat && r.config.shooters.at(static_cast<std::size_t>(la.shooter)).name == shooter) return la;
  throw std::runtime_error("no layer for " + shooter);
}

TEST(GuamSalvo, FourMissilesFlyKcnasFlight) {
  // KCNA, 10 Aug 2017: 3,356.7 km in 1,065 s, over Shimane, Hiroshima and Kochi, into the waters
  // 30-40 km from Guam. The aim points sit on a 35 km ring, so each range differs from KCNA's one
  // figure by up to 60 km (2 %); the flights are minimum energy, which KCNA did not say: 5 % on time.
  const SimulationResult& r = guam();
  ASSERT_EQ(r.threats.size(), 4u);
  const world::Earth earth(world::EarthOptions::from(r.config.physics), r.config.launch.time);
  for (const ThreatResult& th : r.threats) {
    EXPECT_NEAR(th.flight.ground_range_m / 1e3, 3356.7, 0.02 * 3356.7) << th.name;
    EXPECT_NEAR(th.flight.impact.t_s - th.launch_t_s, 1065.0, 0.05 * 1065.0) << th.name;
    const double from_guam_km =
        earth.inverse(th.flight.impact.position.lat_deg, th.flight.impact.position.lon_deg, 13.45, 144.78).distance_m / 1e3;
    EXPECT_GT(from_guam_km, 30.0) << th.name;
    EXPECT_LT(from_guam_km, 40.0) << th.name;
    std::set<std::string> over;
    for (const Overflight& o : th.overflights) over.insert(o.region);
    for (const char* p : {"Shimane", "Hiroshima", "Kochi"}) EXPECT_TRUE(over.count(p)) << th.name << " over " << p;
  }
}

TEST(GuamSalvo, EachWarheadIsOneThreatAndTheJapaneseShipCannotReachIt) {
  // Over Shimane the salvo flies at 420-580 km (engagement-sources.md 1.2): above the SM-3 IA's
  // 300 km ceiling. PAC-3 at Kaitaichi is a point defence 20 km across: out of reach or too high.
  const SimulationResult& r = guam();
  ASSERT_EQ(r.engagement.threats.size(), 4u);
  std::set<int> missiles;
  for (const engagement::ThreatEvaluation& t : r.engagement.threats)
    if (const TrueObjectInfo* o = truthOf(r, t); o != nullptr && o->warhead) missiles.insert(o->threat);
  EXPECT_EQ(missiles.size(), 4u);  // one threat per missile's warhead, however many tracks each had
  for (std::size_t k = 0; k < 4; ++k) {
    const engagement::LayerAnswer& ship = layer(r, k, "Aegis destroyer, off Oki (JMSDF)");
    EXPECT_FALSE(ship.window.feasible);
    using R = engagement::WindowReason;
    EXPECT_TRUE(ship.window.reason == R::kTooHigh || ship.window.reason == R::kDownBeforeLaunch ||
                ship.window.reason == R::kLaunchTooLate)
        << static_cast<int>(ship.window.reason);
    EXPECT_FALSE(layer(r, k, "PAC-3, Camp Kaitaichi").window.feasible);
  }
}

TEST(GuamSalvo, TheGuamLayersHaveWindowsAndTheSeededPlanFires) {
  const SimulationResult& r = guam();
  int thaad = 0;
  for (std::size_t k = 0; k < 4; ++k) thaad += layer(r, k, "THAAD, Andersen AFB").window.feasible ? 1 : 0;
  EXPECT_GE(thaad, 3);
  ASSERT_FALSE(r.engagement.shots.empty());
  for (const engagement::Shot& s : r.engagement.shots) {
    EXPECT_LT(s.launch_t_s, s.intercept_t_s);
    EXPECT_LE(s.intercept_t_s, r.threats.at(static_cast<std::size_t>(s.threat)).flight.impact.t_s);
  }
  // Launchers: no two rounds from one shooter closer than its launch interval.
  for (std::size_t a = 0; a < r.engagement.shots.size(); ++a)
    for (std::size_t b = a + 1; b < r.engagement.shots.size(); ++b) {
      const engagement::Shot &x = r.engagement.shots[a], &y = r.engagement.shots[b];
      if (x.shooter != y.shooter) continue;
      const double gap = r.config.shooters.at(static_cast<std::size_t>(x.shooter)).interceptor.launch_interval_s;
      EXPECT_GE(std::abs(x.launch_t_s - y.launch_t_s), gap - 1e-6);
    }
}

TEST(Raid, LaterLaunchesStartAtTheirDelay) {
  const SimulationResult& r = ashore();
  ASSERT_EQ(r.threats.size(), 4u);
  for (std::size_t k = 0; k < 4; ++k) {
    const ThreatResult& th = r.threats[k];
    EXPECT_DOUBLE_EQ(th.launch_t_s, 30.0 * static_cast<double>(k));
    EXPECT_DOUBLE_EQ(th.flight.trajectory.startTime_s(), th.launch_t_s);
    EXPECT_DOUBLE_EQ(th.track.front().t_s, th.launch_t_s);
    // The moved flight still leaves from its own launch point.
    EXPECT_NEAR(th.track.front().lat_deg, th.launch.lat_deg, 1e-6);
    EXPECT_NEAR(th.track.front().lon_deg, th.launch.lon_deg, 1e-6);
  }
}

TEST(AegisAshore, EveryThreatIsBoundForItsDefendedArea) {
  const SimulationResult& r = ashore();
  ASSERT_EQ(r.engagement.threats.size(), 4u);
  const char* areas[] = {"Tokyo", "Osaka", "Misawa AB", "MCAS Iwakuni"};
  for (std::size_t k = 0; k < 4; ++k) {
    EXPECT_EQ(r.engagement.threats[threatOf(r, k)].judgement, engagement::ThreatEvaluation::Judgement::kDefendedArea);
    EXPECT_EQ(r.engagement.threats[threatOf(r, k)].place, areas[k]);
  }
}

TEST(AegisAshore, EngageOnRemoteWaitsForTheLink) {
  // A ship on a land radar's track gets that track link_latency_s later than the radar's own
  // launcher: its decision time is shorter by at least that, for the same track.
  // Araya (in the north) holds fire-control tracks on the missiles bound for Tokyo, Osaka and
  // Misawa; Iwakuni's, in the far south-west, may stay out of its reach.
  const SimulationResult& r = ashore();
  int held = 0;
  for (std::size_t k = 0; k < 4; ++k) {
    const engagement::LayerAnswer& own = layer(r, k, "Aegis Ashore Araya");
    const engagement::LayerAnswer& remote = layer(r, k, "Ship off Sado, on Araya's track");
    ASSERT_EQ(own.fire_control_t_s.has_value(), remote.fire_control_t_s.has_value()) << k;
    if (!own.fire_control_t_s) continue;
    ++held;
    EXPECT_DOUBLE_EQ(*own.fire_control_t_s, *remote.fire_control_t_s);  // the same radar's track
    // Earliest launch: plan state + link + fire control + decision + order to launch.
    const scenario::EngagementConfig& e = r.config.engagement;
    const double fixed = e.fire_control_s + e.decision_latency_s + 5.0;  // SM-3 IIA order to launch: catalog 5 s
    EXPECT_GE(own.window.earliest_launch_t_s, *own.fire_control_t_s + fixed - 1e-6);
    EXPECT_GE(remote.window.earliest_launch_t_s, *remote.fire_control_t_s + 2.0 + fixed - 1e-6);
    // The decision time counts from when the track reached the ship, not the radar.
    if (remote.decision_time_s) {
      EXPECT_NEAR(*remote.decision_time_s, *remote.decision_deadline_t_s - (*remote.fire_control_t_s + 2.0), 1e-9);
    }
  }
  EXPECT_GE(held, 3);
  EXPECT_GT(r.engagement.shots.size(), 0u);
}

TEST(AegisAshore, SameSeedSameShots) {
  const SimulationResult again = run("aegis-ashore-vs-sea.yaml");
  const SimulationResult& r = ashore();
  ASSERT_EQ(again.engagement.shots.size(), r.engagement.shots.size());
  for (std::size_t i = 0; i < r.engagement.shots.size(); ++i) {
    EXPECT_EQ(again.engagement.shots[i].shooter, r.engagement.shots[i].shooter);
    EXPECT_DOUBLE_EQ(again.engagement.shots[i].launch_t_s, r.engagement.shots[i].launch_t_s);
    EXPECT_EQ(again.engagement.shots[i].outcome, r.engagement.shots[i].outcome);
  }
}

// A salvo's reports one by one: each report naming a raid launch is set beside that missile's
// flight, the others beside the first missile's; a report put on the wrong missile fails.
TEST(RaidRecord, EachReportIsComparedWithTheMissileItNames) {
  const std::filesystem::path file = std::filesystem::temp_directory_path() / "picket-raid-record-test.yaml";
  std::ofstream(file) << R"(name: salvo
launch: {lat_deg: 40.0, lon_deg: 128.0, time: "2016-09-05T12:14:00+09:00"}
missile: {catalog: nodong}
aim: {azimuth_deg: 90, range_km: 500}
raid:
  - {name: Nodong No. 1}
  - {name: Nodong No. 2, delay_s: 30, aim: {azimuth_deg: 90, range_km: 1000}}
reported:
  sources: {s: "a source"}
  range_km:
    - {value: 500, precision: 10, source: s}
    - {value: 1000, precision: 10, missile: Nodong No. 2, source: s}
    - {value: 1000, precision: 10, missile: Nodong No. 1, source: s}
  launch:
    - {value: "2016-09-05T12:14:30+09:00", precision_s: 1, missile: Nodong No. 2, source: s}
)";
  const world::Geography geo = world::Geography::load(PICKET_DATA_DIR);
  const SimulationResult r = simulate(scenario::loadScenario(file, PICKET_DATA_DIR), geo);
  ASSERT_EQ(r.threats.size(), 2u);
  std::vector<const RecordCheck*> ranges;
  const RecordCheck* launch = nullptr;
  for (const RecordCheck& c : r.record) {
    if (c.figure == RecordCheck::Figure::kGroundRange) ranges.push_back(&c);
    if (c.figure == RecordCheck::Figure::kLaunch) launch = &c;
  }
  ASSERT_EQ(ranges.size(), 3u);
  EXPECT_EQ(ranges[0]->missile, "");
  EXPECT_NEAR(*ranges[0]->modelled, r.threats[0].flight.ground_range_m / 1e3, 1e-9);
  EXPECT_TRUE(ranges[0]->within);
  EXPECT_EQ(ranges[1]->missile, "Nodong No. 2");
  EXPECT_NEAR(*ranges[1]->modelled, r.threats[1].flight.ground_range_m / 1e3, 1e-9);
  EXPECT_TRUE(ranges[1]->within);
  EXPECT_EQ(ranges[2]->missile, "Nodong No. 1");
  EXPECT_FALSE(ranges[2]->within);  // the 1,000 km report put on the 500 km missile
  ASSERT_NE(launch, nullptr);
  EXPECT_TRUE(launch->within_precision);  // the second launch, 30 s after the first
}

// A reported point (an impact's or a spent stage's coordinates) is compared by picket's distance
// from it: within the report's radius, and within that plus 5 % of the distance the body flew.
TEST(RecordPoints, AReportedPointIsComparedByDistance) {
  const std::filesystem::path file = std::filesystem::temp_directory_path() / "picket-record-points-test.yaml";
  std::ofstream(file) << R"(name: points
launch: {lat_deg: 39.0, lon_deg: 125.7, time: "2017-07-04T09:40:00+09:00"}
missile: {catalog: hwasong-14}
aim: {azimuth_deg: 90, range_km: 3000}
)";
  const world::Geography geo = world::Geography::load(PICKET_DATA_DIR);
  SimulationResult r = simulate(scenario::loadScenario(file, PICKET_DATA_DIR), geo);
  ASSERT_EQ(r.threats.size(), 1u);
  ASSERT_FALSE(r.threats[0].stage_falls.empty());
  const StageFall& first = r.threats[0].stage_falls.front();
  const world::Geodetic impact = r.threats[0].flight.impact.position;
  scenario::ReportedConfig& rep = r.config.reported;
  rep.present = true;
  // 0.1 deg of latitude north of picket's impact: about 11.1 km; a 3,000 km flight allows 150 km more.
  rep.impact_point.push_back({impact.lat_deg + 0.1, impact.lon_deg, 5.0, "s", "Japan", true, ""});
  rep.impact_point.push_back({impact.lat_deg + 0.1, impact.lon_deg, 20.0, "s", "Japan", true, ""});
  rep.impact_point.push_back({impact.lat_deg + 2.0, impact.lon_deg, 5.0, "s", "Japan", true, ""});
  scenario::ReportedStageFall fall;
  fall.stage = 1;
  fall.point = scenario::ReportedPoint{first.lat_deg, first.lon_deg + 0.2, 1.0, "s", "Japan", true, ""};
  rep.stage_falls.push_back(fall);
  std::vector<RecordCheck> points, stage;
  for (const RecordCheck& c : compareWithRecord(r, geo))
    (c.figure == RecordCheck::Figure::kImpactPoint ? points : stage).push_back(c);
  ASSERT_EQ(points.size(), 3u);
  EXPECT_NEAR(*points[0].modelled, 11.1, 0.1);
  EXPECT_FALSE(points[0].within_precision);
  EXPECT_TRUE(points[0].within);
  EXPECT_TRUE(points[1].within_precision);
  EXPECT_NEAR(*points[2].modelled, 222.0, 1.0);
  EXPECT_FALSE(points[2].within);  // beyond 5 km + 5 % of 3,000 km
  ASSERT_EQ(stage.size(), 1u);
  EXPECT_EQ(stage[0].figure, RecordCheck::Figure::kStageFallPoint);
  EXPECT_EQ(stage[0].stage, 1);
  // 0.2 deg of longitude at the stage's latitude, east-west.
  EXPECT_NEAR(*stage[0].modelled, 0.2 * 111.32 * std::cos(first.lat_deg * 3.14159265358979 / 180.0), 0.3);
  EXPECT_EQ(stage[0].within, *stage[0].modelled <= 1.0 + 0.05 * first.range_m / 1e3);
}

}  // namespace
}  // namespace picket::simulation

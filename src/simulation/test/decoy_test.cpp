// Decoys and debris (issue 16; docs/engagement.md, "Decoys and debris"): a Nodong at Tokyo that
// releases three balloons, a light replica and two tank fragments. The known answer is the
// atmosphere's: the defence, on its tracks alone, shows each light object light only once the air
// has slowed it (balloons highest, then debris, then the replica), and never the warhead.
#include <algorithm>
#include <fstream>
#include <map>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "scenario/loader.h"
#include "simulation/simulation.h"
#include "world/earth.h"

namespace picket::simulation {
namespace {

const char* kScenario = R"(name: decoys
launch: {site: Kittaeryong, time: "2019-06-01T06:00:00+09:00"}
missile:
  catalog: nodong
  release:
    - {object: balloon-decoy, count: 3}
    - {object: light-replica, count: 1}
    - {object: tank-fragment, count: 2}
aim: {point: {lat_deg: 35.6940, lon_deg: 139.7536}}
output: {time_zone: JST}
sensors:
  - {name: SBIRS, type: sbirs-geo, longitude_deg: 150}
  - {name: Sado radar, type: spy-1d, site: Sado}
  - {name: Tokyo radar, type: spy-1d, lat_deg: 35.6, lon_deg: 139.9, boresight_deg: 300}
shooters:
  - {name: PAC-3 Tokyo, interceptor: pac-3-cri, lat_deg: 35.69, lon_deg: 139.73, magazine: 16}
  - {name: Ship, interceptor: sm-3-iia, lat_deg: 37.5, lon_deg: 136.0, magazine: 8, radar: Sado radar, link_latency_s: 2}
defended_areas:
  - {name: Tokyo, points: [[35.6940, 139.7536]], radius_km: 15}
)";

// The scenario with `find` replaced by `replace` (each must be there), and `extra` appended.
SimulationResult runWith(const std::string& extra, const std::vector<std::pair<std::string, std::string>>& edits = {}) {
  std::string text = kScenario;
  for (const auto& [find, replace] : edits) {
    const std::size_t at = text.find(find);
    if (at == std::string::npos) throw std::logic_error("the decoy scenario has no '" + find + "'");
    text.replace(at, find.size(), replace);
  }
  // A file per test and call: ctest runs the tests of this file in parallel processes.
  static int calls = 0;
  const std::string path = ::testing::TempDir() + "decoys-" +
                           ::testing::UnitTest::GetInstance()->current_test_info()->name() + "-" +
                           std::to_string(++calls) + ".yaml";
  {
    std::ofstream f(path);
    f << text << extra;
  }
  const world::Geography geo = world::Geography::load(PICKET_DATA_DIR);
  return simulate(scenario::loadScenario(path, PICKET_DATA_DIR), geo);
}

const SimulationResult& decoys() {
  static const SimulationResult r = runWith("");
  return r;
}

// Per kind of true object, the altitudes at which the defence's objects of that kind were shown light.
std::map<ObjectKind, std::vector<double>> shownLight(const SimulationResult& r) {
  const world::Earth earth(world::EarthOptions::from(r.config.physics), r.config.launch.time);
  std::map<ObjectKind, std::vector<double>> out;
  for (const ObjectRecord& obj : r.defence.tracked_objects) {
    const TrueObjectInfo* truth = r.defence.objectTruth(obj.id);
    if (truth == nullptr || !obj.light_from_t_s) continue;
    const flight::Trajectory& path = truth->body >= 0 ? r.defence.bodies.at(static_cast<std::size_t>(truth->body)).trajectory
                                                      : r.threats.at(0).flight.trajectory;
    out[truth->kind].push_back(earth.altitude_m(path.at(*obj.light_from_t_s).p_Eci_m));
  }
  return out;
}

// The objects of `kind` were shown light, each between lo_m and hi_m of altitude; the warhead never.
void expectShownOnlyBetween(const std::map<ObjectKind, std::vector<double>>& shown, ObjectKind kind, double lo_m,
                            double hi_m) {
  EXPECT_EQ(shown.count(ObjectKind::kWarhead), 0u);
  ASSERT_EQ(shown.count(kind), 1u);
  for (const double alt_m : shown.at(kind)) {
    EXPECT_GT(alt_m, lo_m);
    EXPECT_LT(alt_m, hi_m);
  }
}

TEST(Decoys, TheReleaseFliesEachOnItsOwnBallisticCoefficient) {
  const SimulationResult& r = decoys();
  std::map<ObjectKind, int> kinds;
  for (const TrueObjectInfo& o : r.defence.objects) ++kinds[o.kind];
  EXPECT_EQ(kinds[ObjectKind::kWarhead], 1);
  EXPECT_EQ(kinds[ObjectKind::kSpentStage], 1);
  EXPECT_EQ(kinds[ObjectKind::kDecoy], 4);
  EXPECT_EQ(kinds[ObjectKind::kDebris], 2);
  // A balloon is still high in the air when the warhead lands (the air has all but stopped it).
  const world::Earth earth(world::EarthOptions::from(r.config.physics), r.config.launch.time);
  const TrueObjectInfo& warhead = r.defence.objects.front();
  for (const TrueObjectInfo& o : r.defence.objects)
    if (o.name.find("balloon") != std::string::npos) {
      ASSERT_GE(o.body, 0);
      const flight::Trajectory& t = r.defence.bodies.at(static_cast<std::size_t>(o.body)).trajectory;
      EXPECT_GT(earth.altitude_m(t.at(std::min(warhead.impact_t_s, t.endTime_s())).p_Eci_m), 5e3) << o.name;
    }
}

// In vacuum a light replica is a warhead to the radars: the ship spends a round on it. The air
// shows it light only low (at a tenth of a warhead's beta it lags by 10 m/s near 56 km:
// catalog-notes.md), after the round; the warhead is never shown light.
TEST(Decoys, AReplicaDrawsARoundInVacuumAndTheAirShowsItLightOnlyLow) {
  const SimulationResult& r = decoys();
  expectShownOnlyBetween(shownLight(r), ObjectKind::kDecoy, 10e3, 100e3);
  int at_decoys = 0;
  for (const engagement::Shot& shot : r.engagement.shots) {
    const TrueObjectInfo* o = r.defence.objectTruth(r.engagement.threats.at(static_cast<std::size_t>(shot.threat)).object);
    if (o != nullptr && o->kind == ObjectKind::kDecoy) ++at_decoys;
  }
  EXPECT_GE(at_decoys, 1);
}

// With a prior that allows light objects (beta 50 kg/m2), the tracker follows the fragments into
// the air and shows them light where the air slows them (debris of beta 15 lags by 10 m/s near
// 86 km), still never the warhead (beta 7,300); with the discrimination off, nothing is shown.
TEST(Decoys, DebrisIsShownLightWhereTheAirSlowsItAndNeverTheWarhead) {
  const SimulationResult r = runWith("tracking: {prior_ballistic_coefficient_kg_m2: 50}\n");
  expectShownOnlyBetween(shownLight(r), ObjectKind::kDebris, 20e3, 110e3);
  const SimulationResult off = runWith("tracking: {prior_ballistic_coefficient_kg_m2: 50, light_beta_kg_m2: 0}\n");
  EXPECT_TRUE(shownLight(off).empty());
}

// Rounds fired at true objects of each kind.
std::map<ObjectKind, int> roundsAt(const SimulationResult& r) {
  std::map<ObjectKind, int> out;
  for (const engagement::Shot& shot : r.engagement.shots) {
    const TrueObjectInfo* o = r.defence.objectTruth(r.engagement.threats.at(static_cast<std::size_t>(shot.threat)).object);
    if (o != nullptr) ++out[o->kind];
  }
  return out;
}

// The radars' discrimination quality (docs/engagement.md#discrimination), against its known
// answers. With d' = 3 per look a balloon (mimicry 0.3) reports -1.8 on average per look, so after
// the few looks before any round could be ordered its belief is far below 1/2: no round goes to a
// balloon or a fragment, while the warhead (+4.5 a look) is engaged as before. The light replica
// (mimicry 0.7) reads +1.8 a look, a warhead to this radar: it still draws rounds, and stops
// drawing them once its mimicry is 0. With d' = 0 (the default) nothing changes.
TEST(DiscriminationByFeatures, ASharpRadarStopsRoundsAtBalloonsButNotAtAGoodReplica) {
  const std::vector<std::pair<std::string, std::string>> sharp = {
      {"site: Sado}", "site: Sado, discrimination_dprime: 3}"},
      {"boresight_deg: 300}", "boresight_deg: 300, discrimination_dprime: 3}"}};
  const SimulationResult blind = runWith(""), r = runWith("", sharp);
  EXPECT_GE(roundsAt(blind)[ObjectKind::kDecoy], 1);
  std::map<ObjectKind, int> at = roundsAt(r);
  EXPECT_GE(at[ObjectKind::kWarhead], 1);
  EXPECT_EQ(at[ObjectKind::kDebris], 0);
  // Each decoy round is at the replica, none at a balloon.
  int at_balloons = 0;
  for (const engagement::Shot& shot : r.engagement.shots) {
    const TrueObjectInfo* o = r.defence.objectTruth(r.engagement.threats.at(static_cast<std::size_t>(shot.threat)).object);
    if (o != nullptr && o->name.find("balloon") != std::string::npos) ++at_balloons;
  }
  EXPECT_EQ(at_balloons, 0);
  // The beliefs after 20 reports or more: the warhead's object's near 1; each balloon's and
  // fragment's below 1/2 (its sum of reports has mean -36 and sd 13 after 20: above 0 at 2.7 sigma),
  // and most of them near 0.
  std::vector<double> light;
  for (const ObjectRecord& obj : r.defence.tracked_objects) {
    const TrueObjectInfo* truth = r.defence.objectTruth(obj.id);
    if (truth == nullptr || obj.belief.size() < 20) continue;
    if (truth->kind == ObjectKind::kWarhead) {
      EXPECT_GT(obj.p_lethal, 0.99) << truth->name;
    }
    if (truth->kind == ObjectKind::kDebris || truth->name.find("balloon") != std::string::npos) {
      EXPECT_LT(obj.p_lethal, 0.5) << truth->name;
      light.push_back(obj.p_lethal);
    }
  }
  ASSERT_GE(light.size(), 3u);
  std::sort(light.begin(), light.end());
  EXPECT_LT(light[light.size() / 2], 0.01);
  std::vector<std::pair<std::string, std::string>> plain_replica = sharp;
  plain_replica.emplace_back("{object: light-replica, count: 1}", "{object: light-replica, count: 1, mimicry: 0}");
  EXPECT_EQ(roundsAt(runWith("", plain_replica))[ObjectKind::kDecoy], 0);
  for (const ObjectRecord& obj : blind.defence.tracked_objects) EXPECT_TRUE(obj.belief.empty());
}

// The fixed-probability model: told right with p = 1, no round goes to anything but the warhead;
// with p = 1/2 each report is ln 1 = 0 and the defence is the blind one, shot for shot.
TEST(DiscriminationByFeatures, AFixedProbabilityOfOneSparesEveryDecoyAndOneHalfIsBlind) {
  const SimulationResult sure = runWith("tracking: {fixed_discrimination_p: 1}\n");
  const std::map<ObjectKind, int> at = roundsAt(sure);
  EXPECT_GE(at.count(ObjectKind::kWarhead) ? at.at(ObjectKind::kWarhead) : 0, 1);
  EXPECT_EQ(at.size(), 1u);
  const SimulationResult half = runWith("tracking: {fixed_discrimination_p: 0.5}\n"), blind = runWith("");
  ASSERT_EQ(half.engagement.shots.size(), blind.engagement.shots.size());
  for (std::size_t k = 0; k < half.engagement.shots.size(); ++k) {
    EXPECT_EQ(half.engagement.shots[k].shooter, blind.engagement.shots[k].shooter);
    EXPECT_EQ(half.engagement.shots[k].launch_t_s, blind.engagement.shots[k].launch_t_s);
  }
}

// scenarios/mixed-barrage.yaml: nuclear and conventional warheads, decoys and debris. The warhead
// labels are for the scoring only: the same raid without them gives the same shots, shot for shot
// (the defence cannot tell the two kinds apart), and rounds go to decoys in vacuum.
TEST(MixedBarrage, TheDefenceCannotTellNuclearFromConventional) {
  const world::Geography geo = world::Geography::load(PICKET_DATA_DIR);
  const scenario::ScenarioConfig config =
      scenario::loadScenario(std::string(PICKET_SOURCE_DIR) + "/scenarios/mixed-barrage.yaml", PICKET_DATA_DIR);
  int nuclear = 0;
  for (const scenario::RaidLaunchConfig& l : config.raid) nuclear += l.missile.warhead == "nuclear" ? 1 : 0;
  ASSERT_EQ(nuclear, 2);
  scenario::ScenarioConfig unlabelled = config;
  for (scenario::RaidLaunchConfig& l : unlabelled.raid) l.missile.warhead.clear();
  const SimulationResult a = simulate(config, geo), b = simulate(unlabelled, geo);
  ASSERT_EQ(a.engagement.shots.size(), b.engagement.shots.size());
  ASSERT_FALSE(a.engagement.shots.empty());
  for (std::size_t k = 0; k < a.engagement.shots.size(); ++k) {
    EXPECT_EQ(a.engagement.shots[k].shooter, b.engagement.shots[k].shooter);
    EXPECT_EQ(a.engagement.shots[k].launch_t_s, b.engagement.shots[k].launch_t_s);
    EXPECT_EQ(a.engagement.shots[k].outcome, b.engagement.shots[k].outcome);
  }
  int at_decoys = 0;
  for (const engagement::Shot& shot : a.engagement.shots) {
    const TrueObjectInfo* o = a.defence.objectTruth(a.engagement.threats.at(static_cast<std::size_t>(shot.threat)).object);
    if (o != nullptr && o->kind == ObjectKind::kDecoy) ++at_decoys;
  }
  EXPECT_GE(at_decoys, 1);
}

}  // namespace
}  // namespace picket::simulation

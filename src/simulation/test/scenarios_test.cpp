// Every shipped scenario, run as a user would, against what must hold on any flight (issue 12): a
// handful of tracks per real object, alerts only before the impact and only where the predicted
// path and ellipse (expanded by the alert rule of the day) approach, the dated events' reported
// facts (each scenario's `reported` block, with its sources), and a defence that decides on its
// detections alone.
#include <algorithm>
#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "alerts/areas.h"
#include "scenario/loader.h"
#include "simulation/simulation.h"

namespace picket::simulation {
namespace {

namespace fs = std::filesystem;

const world::Geography& geography() {
  static const world::Geography g = world::Geography::load(PICKET_DATA_DIR);
  return g;
}

std::vector<std::string> shippedScenarios() {
  std::vector<std::string> out;
  for (const fs::directory_entry& e : fs::directory_iterator(fs::path(PICKET_SOURCE_DIR) / "scenarios"))
    if (e.path().extension() == ".yaml") out.push_back(e.path().stem().string());
  std::sort(out.begin(), out.end());
  return out;
}

class ShippedScenario : public ::testing::TestWithParam<std::string> {};

TEST_P(ShippedScenario, TracksAlertsAndTheRecordHold) {
  const scenario::ScenarioConfig cfg = scenario::loadScenario(
      std::string(PICKET_SOURCE_DIR) + "/scenarios/" + GetParam() + ".yaml", PICKET_DATA_DIR);
  const SimulationResult r = simulate(cfg, geography());
  const DefenceResult& d = r.defence;
  if (!d.ran) GTEST_SKIP() << "no sensors";

  // Tracks: the bound reached over the shipped scenarios is 4 tracks and 2 correlated objects for
  // one true object (the lofted Hwasong-12 of 14 May 2017's warhead; the 2022 IRBM), against 237
  // tracks for two objects before issue 12.
  // A raid with decoys (mixed-barrage) crowds the tracker on purpose: balloons 2 m/s apart are not
  // resolved and their tracks restart every 10-20 s, and a warhead among replicas changes object
  // (docs/engagement.md, "Decoys and debris"). There every warhead is still held most of its flight,
  // and the bounds on tracks and objects hold for the other scenarios only.
  const bool decoys = std::any_of(cfg.raid.begin(), cfg.raid.end(), [](const scenario::RaidLaunchConfig& l) {
    return !l.missile.release.empty();
  }) || (cfg.missile && !cfg.missile->release.empty());
  for (const tracking::TruthContinuity& c : d.metrics.truths) {
    if (decoys) {
      const auto o = std::find_if(d.objects.begin(), d.objects.end(), [&](const TrueObjectInfo& x) { return x.name == c.name; });
      if (o != d.objects.end() && o->kind == ObjectKind::kWarhead) {
        EXPECT_GT(c.held, 0.7) << c.name;
      }
      continue;
    }
    EXPECT_LE(c.tracks, 4) << c.name;
    EXPECT_LE(c.objects, 2) << c.name;
    EXPECT_GT(c.held, 0.7) << c.name;
  }
  EXPECT_GT(d.metrics.completeness, decoys ? 0.8 : 0.9);
  EXPECT_LT(d.metrics.spuriousness, 0.02);

  // Alerts: none after the last missile came down (or was destroyed), and every alerted prefecture
  // one the settled predictions put under the threat, or the alert rule's area around those.
  double end = 0.0;
  for (const ThreatResult& th : r.threats) end = std::max(end, th.end_t_s());
  std::vector<int> under;
  std::set<int> alerted;
  for (const alerts::PrefectureOutcome& o : d.alerts.prefectures) {
    if (o.predicted_under) under.push_back(o.prefecture);
    if (o.alert_t_s) alerted.insert(o.prefecture);
  }
  for (const alerts::AlertMessage& m : d.alerts.messages) {
    if (m.kind != alerts::AlertMessage::Kind::kAlert) continue;
    EXPECT_LT(m.t_s, end) << "an alert after the last impact";
    // It rests on objects the defence tracked, none of them destroyed before it went out.
    EXPECT_FALSE(m.objects.empty());
    for (int id : m.objects) {
      ASSERT_GT(id, 0);
      ASSERT_LE(id, static_cast<int>(d.tracked_objects.size()));
      const int truth = d.tracked_objects[static_cast<std::size_t>(id - 1)].truth;
      if (truth < 0) continue;
      const std::optional<double> destroyed = d.objects[static_cast<std::size_t>(truth)].destroyed_t_s;
      EXPECT_FALSE(destroyed && *destroyed < m.t_s) << "an alert at " << m.t_s << " s on object " << id << ", destroyed at "
                                                    << *destroyed << " s";
    }
  }

  // Shots: a warhead is killed once; a salvo's round arriving after the kill finds nothing.
  for (const engagement::ThreatEvaluation& ev : r.engagement.threats) {
    for (const engagement::Shot& shot : r.engagement.shots) {
      if (shot.threat != ev.threat) continue;
      if (shot.kill) {
        EXPECT_EQ(shot.intercept_t_s, *ev.killed_t_s) << "threat " << ev.threat << " (object " << ev.object << "): a second kill";
      }
      if (shot.outcome == engagement::ShotOutcome::kAlreadyDestroyed) {
        EXPECT_GT(shot.intercept_t_s, ev.killed_t_s.value_or(1e300));
      }
    }
  }
  const alerts::AlertAreas areas(geography(), cfg.alerts);
  const std::vector<int> allowed = areas.expand(under);
  for (int p : alerted) {
    EXPECT_TRUE(std::binary_search(allowed.begin(), allowed.end(), p))
        << geography().prefectureName(p) << " was alerted, but no prediction approached it";
  }

  // The record, where the scenario has one: every reported fact that counts within its tolerance
  // (record.h); a report marked `gate: false` is shown only (the rest of the record contradicts it, or a listed limit of the model keeps picket from it).
  for (const RecordCheck& c : r.record) {
    if (!c.gate || !c.modelled_at_all) continue;
    EXPECT_TRUE(c.within) << "figure " << static_cast<int>(c.figure) << " (RecordCheck::Figure), reported by "
                          << c.agency << " [" << c.source << "]";
  }
}

INSTANTIATE_TEST_SUITE_P(Scenarios, ShippedScenario, ::testing::ValuesIn(shippedScenarios()),
                         [](const ::testing::TestParamInfo<std::string>& i) {
                           std::string n = i.param;
                           std::replace(n.begin(), n.end(), '-', '_');
                           return n;
                         });

TEST(DatedEvents, EachHasItsRecord) {
  // The dated events of issue 12 carry a `reported` block with a J-Alert entry under the rule of
  // their date, and picket uses that rule.
  for (const char* name : {"hokkaido-2017-09-15", "hokkaido-2017-08-29", "aomori-2022-10-04", "lofted-2017-05-14",
                           "lofted-2017-11-29"}) {
    const scenario::ScenarioConfig cfg =
        scenario::loadScenario(std::string(PICKET_SOURCE_DIR) + "/scenarios/" + name + ".yaml", PICKET_DATA_DIR);
    ASSERT_TRUE(cfg.reported.present) << name;
    ASSERT_TRUE(cfg.reported.j_alert.has_value()) << name;
    ASSERT_TRUE(cfg.reported.j_alert->policy.has_value()) << name;
    EXPECT_EQ(*cfg.reported.j_alert->policy, cfg.alerts.policy) << name;
    EXPECT_FALSE(cfg.alerts.policy_given) << name << ": the rule of the date, not one chosen";
  }
}

TEST(BlindDefence, DecisionsRestOnTheDetectionsAlone) {
  // The same run with the scoring's truth labels rotated (every detection attributed to another
  // true object): the detections are the same, so every track, object, discrimination, impact
  // prediction, alert and engagement plan must be the same; only the scoring may change. A
  // decision that read the truth would differ here. (On the flagship, where nothing is shot: a
  // kill is the world's doing, decided against the true object the interceptor met.)
  const scenario::ScenarioConfig cfg = scenario::loadScenario(
      std::string(PICKET_SOURCE_DIR) + "/scenarios/hokkaido-2017-09-15.yaml", PICKET_DATA_DIR);
  const SimulationResult a = simulate(cfg, geography());
  SimulationOptions blind;
  blind.scramble_truth_labels = true;
  const SimulationResult b = simulate(cfg, geography(), blind);
  const DefenceResult &da = a.defence, &db = b.defence;
  ASSERT_EQ(da.radar_detections.size(), db.radar_detections.size());
  ASSERT_EQ(da.tracks.size(), db.tracks.size());
  for (std::size_t i = 0; i < da.tracks.size(); ++i) {
    ASSERT_EQ(da.tracks[i].track, db.tracks[i].track);
    ASSERT_EQ(da.tracks[i].object, db.tracks[i].object);
    ASSERT_EQ(da.tracks[i].x, db.tracks[i].x);
  }
  ASSERT_EQ(da.tracked_objects.size(), db.tracked_objects.size());
  for (std::size_t i = 0; i < da.tracked_objects.size(); ++i)
    EXPECT_EQ(da.tracked_objects[i].lethal, db.tracked_objects[i].lethal);
  ASSERT_EQ(da.predictions.size(), db.predictions.size());
  ASSERT_EQ(da.alerts.messages.size(), db.alerts.messages.size());
  for (std::size_t i = 0; i < da.alerts.messages.size(); ++i) {
    EXPECT_EQ(da.alerts.messages[i].t_s, db.alerts.messages[i].t_s);
    EXPECT_EQ(da.alerts.messages[i].prefectures, db.alerts.messages[i].prefectures);
  }
  // The battle manager's plans (on tracks): the fire-control track and the window it planned.
  ASSERT_EQ(a.engagement.layers.size(), b.engagement.layers.size());
  for (std::size_t i = 0; i < a.engagement.layers.size(); ++i) {
    EXPECT_EQ(a.engagement.layers[i].fire_control_t_s, b.engagement.layers[i].fire_control_t_s);
    EXPECT_EQ(a.engagement.layers[i].window.feasible, b.engagement.layers[i].window.feasible);
    EXPECT_EQ(a.engagement.layers[i].decision_deadline_t_s, b.engagement.layers[i].decision_deadline_t_s);
  }
  // The scramble did reach the scoring.
  bool differs = false;
  for (std::size_t i = 0; i < da.tracked_objects.size(); ++i) differs |= da.tracked_objects[i].truth != db.tracked_objects[i].truth;
  EXPECT_TRUE(differs);
}

}  // namespace
}  // namespace picket::simulation

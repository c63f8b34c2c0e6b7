// The public alerts' message logic (jalert.h) and areas (areas.h) on synthetic impact predictions:
// straight ground tracks over the real prefecture outlines, so that each rule can be seen to fire
// and, where it must not, to stay silent.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "alerts/areas.h"
#include "alerts/jalert.h"
#include "scenario/sections.h"
#include "world/geography.h"

namespace picket::alerts {
namespace {

const world::Geography& geo() {
  static const world::Geography g = world::Geography::load(PICKET_DATA_DIR);
  return g;
}

int pref(const char* name) {
  const int i = geo().findPrefecture(name);
  EXPECT_GE(i, 0) << name;
  return i;
}

// A straight ground track (linear in latitude and longitude) from `from` at t0_s to its impact at
// `to` at t1_s.
struct Path {
  double lat0, lon0, t0_s, lat1, lon1, t1_s;
  [[nodiscard]] double lat(double t) const { return lat0 + (lat1 - lat0) * (t - t0_s) / (t1_s - t0_s); }
  [[nodiscard]] double lon(double t) const { return lon0 + (lon1 - lon0) * (t - t0_s) / (t1_s - t0_s); }
};

// Sea of Japan, over Hokkaido (near Chitose) at about T+400 s, into the Pacific far east of it.
constexpr Path kOverHokkaido{42.0, 135.0, 200.0, 43.5, 148.0, 700.0};

// The prediction of `object` made at t_s along `path`, with a circular impact ellipse of radius_m
// (95 %).
tracking::ImpactPrediction predictionOn(const Path& path, int object, double t_s, double radius_m) {
  tracking::ImpactPrediction p;
  p.made_at_s = t_s;
  p.track = object;
  p.object = object;
  p.impact_t_s = path.t1_s;
  p.lat_deg = path.lat1;
  p.lon_deg = path.lon1;
  p.semi_major_m = p.semi_minor_m = radius_m;
  p.probability = 0.95;
  const double var = radius_m * radius_m / 5.991;  // chi2_2(0.95)
  p.cov_EN = Eigen::Matrix2d::Identity() * var;
  for (double t = t_s; t < path.t1_s; t += 5.0) p.ground_track.push_back({t, path.lat(t), path.lon(t), 100e3});
  p.ground_track.push_back({path.t1_s, path.lat1, path.lon1, 0.0});
  return p;
}

// Predictions every 5 s from t0_s to t1_s.
void predictEvery5s(const Path& path, int object, double t0_s, double t1_s, double radius_m,
                    std::vector<tracking::ImpactPrediction>& out) {
  for (double t = t0_s; t <= t1_s; t += 5.0) out.push_back(predictionOn(path, object, t, radius_m));
}

scenario::AlertConfig corridorRule(bool withdraw) {
  scenario::AlertConfig c;
  c.policy = scenario::AlertPolicy::kCorridor;
  c.latency_s = 90.0;
  c.settle_semi_major_m = 100e3;
  c.settle_shift_m = 25e3;
  c.settle_window_s = 10.0;
  c.withdraw = withdraw;
  c.corridor_half_width_m = 50e3;
  c.ellipse_max_semi_major_m = 100e3;
  c.passed_latency_s = 60.0;
  c.all_clear_latency_s = 60.0;
  return c;
}

std::vector<const AlertMessage*> messagesOf(const AlertResult& r, AlertMessage::Kind kind) {
  std::vector<const AlertMessage*> out;
  for (const AlertMessage& m : r.messages)
    if (m.kind == kind) out.push_back(&m);
  return out;
}

// When `path` last lies within d_m of the prefecture (sampled every second).
double leaves(const Path& path, int prefecture, double d_m) {
  double last = -1.0;
  for (double t = path.t0_s; t <= path.t1_s; t += 1.0)
    if (geo().distanceToPrefecture_m(prefecture, path.lat(t), path.lon(t), d_m) <= d_m) last = t;
  return last;
}

TEST(JAlert, CrossingHokkaidoAlertsItThenSaysPassedOver) {
  const scenario::AlertConfig cfg = corridorRule(true);
  const AlertAreas areas(geo(), cfg);
  std::vector<tracking::ImpactPrediction> preds;
  predictEvery5s(kOverHokkaido, 1, 150.0, 650.0, 20e3, preds);
  const int hokkaido = pref("Hokkaido");
  const std::vector<TruthPassage> truth = {{hokkaido, 400.0, false, 0}};
  const AlertResult r = planAlerts(geo(), cfg, areas, preds, truth);

  // One alert, to Hokkaido alone, a latency after the first settled prediction (the second one
  // 10 s after another within 25 km: T+160 s).
  const auto alerts = messagesOf(r, AlertMessage::Kind::kAlert);
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0]->prefectures, std::vector<int>{hokkaido});
  EXPECT_EQ(alerts[0]->objects, std::vector<int>{1});
  EXPECT_NEAR(alerts[0]->t_s, 160.0 + cfg.latency_s, 1e-9);
  // "Passed over" passed_latency_s after the path leaves Hokkaido's corridor (to the 5 s of the
  // ground track's samples); no withdrawal, though the predictions went on after the passage and
  // the rule withdraws; no "come down".
  const auto passed = messagesOf(r, AlertMessage::Kind::kPassedOver);
  ASSERT_EQ(passed.size(), 1u);
  EXPECT_EQ(passed[0]->prefectures, std::vector<int>{hokkaido});
  const double leave = leaves(kOverHokkaido, hokkaido, cfg.corridor_half_width_m);
  ASSERT_GT(leave, 0.0);
  EXPECT_NEAR(passed[0]->t_s, leave + cfg.passed_latency_s, 5.0);
  EXPECT_TRUE(messagesOf(r, AlertMessage::Kind::kWithdrawn).empty());
  EXPECT_TRUE(messagesOf(r, AlertMessage::Kind::kAllClear).empty());
  // Scored against the truth: 400 - 250 s of warning.
  const auto o = std::find_if(r.prefectures.begin(), r.prefectures.end(),
                              [&](const PrefectureOutcome& p) { return p.prefecture == hokkaido; });
  ASSERT_NE(o, r.prefectures.end());
  ASSERT_TRUE(o->warning_s.has_value());
  EXPECT_NEAR(*o->warning_s, 400.0 - 250.0, 1e-9);
}

TEST(JAlert, WithdrawnOnlyBeforeThePassageAndOnlyWhereTheRuleWithdraws) {
  // The predictions cross Hokkaido until T+300 s, then turn north into the Sea of Japan (a path
  // that approaches no prefecture) before the missile got there: the alert is withdrawn where the
  // rule withdraws, kept where it does not.
  constexpr Path kNorth{42.0, 135.0, 200.0, 44.5, 136.0, 700.0};
  std::vector<tracking::ImpactPrediction> preds;
  predictEvery5s(kOverHokkaido, 1, 150.0, 300.0, 20e3, preds);
  predictEvery5s(kNorth, 1, 305.0, 650.0, 20e3, preds);
  const int hokkaido = pref("Hokkaido");
  for (const bool withdraw : {true, false}) {
    const scenario::AlertConfig cfg = corridorRule(withdraw);
    const AlertResult r = planAlerts(geo(), cfg, AlertAreas(geo(), cfg), preds, {});
    ASSERT_EQ(messagesOf(r, AlertMessage::Kind::kAlert).size(), 1u);
    const auto withdrawn = messagesOf(r, AlertMessage::Kind::kWithdrawn);
    if (withdraw) {
      ASSERT_EQ(withdrawn.size(), 1u);
      EXPECT_EQ(withdrawn[0]->prefectures, std::vector<int>{hokkaido});
      // Once the northern path has settled (10 s), a latency after it.
      EXPECT_GE(withdrawn[0]->t_s, 315.0 + cfg.latency_s - 1e-9);
      EXPECT_LE(withdrawn[0]->t_s, 325.0 + cfg.latency_s + 1e-9);
    } else {
      EXPECT_TRUE(withdrawn.empty());
    }
  }
}

TEST(JAlert, AFallOnAPrefectureGetsComeDownAfterTheImpact) {
  // Into Akita city, ellipse 5 km.
  constexpr Path kIntoAkita{40.5, 133.0, 200.0, 39.72, 140.10, 500.0};
  const scenario::AlertConfig cfg = corridorRule(true);
  std::vector<tracking::ImpactPrediction> preds;
  predictEvery5s(kIntoAkita, 1, 150.0, 480.0, 5e3, preds);
  const int akita = pref("Akita");
  const AlertResult r = planAlerts(geo(), cfg, AlertAreas(geo(), cfg), preds, {});
  const auto alerts = messagesOf(r, AlertMessage::Kind::kAlert);
  ASSERT_FALSE(alerts.empty());
  EXPECT_TRUE(std::find(alerts[0]->prefectures.begin(), alerts[0]->prefectures.end(), akita) != alerts[0]->prefectures.end());
  for (const AlertMessage* m : alerts) EXPECT_LT(m->t_s, kIntoAkita.t1_s);
  const auto down = messagesOf(r, AlertMessage::Kind::kAllClear);
  ASSERT_EQ(down.size(), 1u);
  EXPECT_TRUE(std::find(down[0]->prefectures.begin(), down[0]->prefectures.end(), akita) != down[0]->prefectures.end());
  EXPECT_NEAR(down[0]->t_s, kIntoAkita.t1_s + cfg.all_clear_latency_s, 1e-9);
  for (const AlertMessage* m : messagesOf(r, AlertMessage::Kind::kPassedOver))
    EXPECT_TRUE(std::find(m->prefectures.begin(), m->prefectures.end(), akita) == m->prefectures.end());
}

TEST(JAlert, AFallAtSeaFarFromJapanAlertsNobody) {
  // Into the middle of the Sea of Japan, 400 km and more from any prefecture, crossing none; a
  // 300 km ellipse (too large to say anything) changes nothing.
  constexpr Path kMidSea{40.0, 128.0, 0.0, 40.5, 134.0, 400.0};
  for (const double radius : {10e3, 300e3}) {
    scenario::AlertConfig cfg = corridorRule(true);
    cfg.settle_semi_major_m = 400e3;
    std::vector<tracking::ImpactPrediction> preds;
    predictEvery5s(kMidSea, 1, 100.0, 390.0, radius, preds);
    const AlertResult r = planAlerts(geo(), cfg, AlertAreas(geo(), cfg), preds, {});
    EXPECT_TRUE(r.messages.empty()) << radius;
    EXPECT_TRUE(r.first_settled_t_s.has_value());  // silent though settled: nothing was under it
  }
}

TEST(JAlert, AnEllipseTooLargeToSayAnythingAlertsNobodyByItself) {
  // The path ends 60 km west of the Oga peninsula (Akita), more than the 50 km corridor from any
  // prefecture: a 90 km ellipse reaches the land and alerts Akita; a 150 km one is larger than
  // ellipse_max_semi_major_m and alerts nobody.
  constexpr Path kOffAkita{40.5, 133.0, 200.0, 39.95, 139.0, 500.0};
  std::vector<int> near;
  geo().prefecturesWithin(kOffAkita.lat1, kOffAkita.lon1, 50e3, near);
  ASSERT_TRUE(near.empty());
  geo().prefecturesWithin(kOffAkita.lat1, kOffAkita.lon1, 80e3, near);
  ASSERT_EQ(near, std::vector<int>{pref("Akita")});
  for (const double radius : {90e3, 150e3}) {
    scenario::AlertConfig cfg = corridorRule(true);
    cfg.settle_semi_major_m = 200e3;
    std::vector<tracking::ImpactPrediction> preds;
    predictEvery5s(kOffAkita, 1, 150.0, 480.0, radius, preds);
    const AlertResult r = planAlerts(geo(), cfg, AlertAreas(geo(), cfg), preds, {});
    const auto alerts = messagesOf(r, AlertMessage::Kind::kAlert);
    if (radius < cfg.ellipse_max_semi_major_m) {
      ASSERT_FALSE(alerts.empty());
      EXPECT_TRUE(std::find(alerts[0]->prefectures.begin(), alerts[0]->prefectures.end(), pref("Akita")) !=
                  alerts[0]->prefectures.end());
    } else {
      EXPECT_TRUE(alerts.empty());
    }
  }
}

TEST(JAlert, UnsettledPredictionsAlertNobody) {
  // Over Hokkaido, but each predicted impact about 37 km from the one 10 s before (16 km east, 33 km
  // north: a boosting missile's run downrange): never settled, never an alert.
  const scenario::AlertConfig cfg = corridorRule(true);
  std::vector<tracking::ImpactPrediction> preds;
  for (double t = 150.0; t <= 650.0; t += 5.0) {
    Path p = kOverHokkaido;
    p.lon1 += 0.02 * (t - 150.0);
    p.lat1 += 0.03 * (t - 150.0);
    preds.push_back(predictionOn(p, 1, t, 20e3));
  }
  const AlertResult r = planAlerts(geo(), cfg, AlertAreas(geo(), cfg), preds, {});
  EXPECT_TRUE(r.messages.empty());
  EXPECT_FALSE(r.first_settled_t_s.has_value());
}

TEST(JAlert, ADestroyedThreatEndsItsAlerts) {
  // Destroyed at T+350 s, before it reached Hokkaido: picket's "destroyed" follow-up instead of
  // "passed over", and no decision rests on it after the kill.
  const scenario::AlertConfig cfg = corridorRule(true);
  std::vector<tracking::ImpactPrediction> preds;
  predictEvery5s(kOverHokkaido, 1, 150.0, 345.0, 20e3, preds);
  const std::vector<DestroyedObject> destroyed = {{1, 350.0}};
  const AlertResult r = planAlerts(geo(), cfg, AlertAreas(geo(), cfg), preds, {}, destroyed);
  ASSERT_EQ(messagesOf(r, AlertMessage::Kind::kAlert).size(), 1u);
  EXPECT_TRUE(messagesOf(r, AlertMessage::Kind::kWithdrawn).empty());  // the rule withdraws, but not for a kill
  EXPECT_TRUE(messagesOf(r, AlertMessage::Kind::kPassedOver).empty());
  EXPECT_TRUE(messagesOf(r, AlertMessage::Kind::kAllClear).empty());
  const auto gone = messagesOf(r, AlertMessage::Kind::kDestroyed);
  ASSERT_EQ(gone.size(), 1u);
  EXPECT_EQ(gone[0]->prefectures, std::vector<int>{pref("Hokkaido")});
  EXPECT_NEAR(gone[0]->t_s, 350.0 + cfg.all_clear_latency_s, 1e-9);
}

TEST(AlertAreas, EachRuleTellsItsAreas) {
  const int hokkaido = pref("Hokkaido"), aomori = pref("Aomori");
  scenario::AlertConfig cfg = corridorRule(false);
  cfg.areas = scenario::loadAlertAreas(PICKET_DATA_DIR);
  const auto names = [](const std::vector<int>& ids) {
    std::vector<std::string> out;
    for (int i : ids) out.push_back(geo().prefectureName(i));
    std::sort(out.begin(), out.end());
    return out;
  };
  // Corridor and prefecture-2019: the prefectures under the prediction, no more.
  for (const scenario::AlertPolicy p : {scenario::AlertPolicy::kCorridor, scenario::AlertPolicy::kPrefecture2019}) {
    cfg.policy = p;
    EXPECT_EQ(AlertAreas(geo(), cfg).expand(std::vector<int>{hokkaido}), std::vector<int>{hokkaido});
  }
  // Block-2017: Hokkaido (a related area of the Tohoku block) alerts the block whole, the twelve
  // prefectures of 29 August and 15 September 2017 (docs/alert-sources.md (d)).
  cfg.policy = scenario::AlertPolicy::kBlock2017;
  const AlertAreas blocks(geo(), cfg);
  const std::vector<std::string> tohoku = {"Akita",   "Aomori", "Fukushima", "Gunma",    "Hokkaido", "Ibaraki",
                                           "Iwate",   "Miyagi", "Nagano",    "Niigata",  "Tochigi",  "Yamagata"};
  EXPECT_EQ(names(blocks.expand(std::vector<int>{hokkaido})), tohoku);
  EXPECT_FALSE(blocks.blocksFor(std::vector<int>{hokkaido}).empty());
  // Neighbours-2023: Aomori and its neighbours, Hokkaido across the strait included (4 Oct 2022's
  // alert was Hokkaido and Aomori).
  cfg.policy = scenario::AlertPolicy::kNeighbours2023;
  const std::vector<std::string> around_aomori = names(AlertAreas(geo(), cfg).expand(std::vector<int>{aomori}));
  EXPECT_EQ(around_aomori, (std::vector<std::string>{"Akita", "Aomori", "Hokkaido", "Iwate"}));
}

}  // namespace
}  // namespace picket::alerts

// The flagship against the reported facts of 15 September 2017 (../shared/brief.md; Japan MoD
// press release of 15 Sep 2017; CSIS Missile Threat): tolerances are those of the press figures.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>
#include <stdexcept>
#include <string>

#include <gtest/gtest.h>

#include "scenario/loader.h"
#include "simulation/simulation.h"
#include "tracking/impact_prediction.h"

namespace picket::simulation {
namespace {

const SimulationResult& flagship() {
  static const SimulationResult r = [] {
    const world::Geography geo = world::Geography::load(PICKET_DATA_DIR);
    return simulate(scenario::loadScenario(std::string(PICKET_SOURCE_DIR) + "/scenarios/hokkaido-2017-09-15.yaml",
                                           PICKET_DATA_DIR),
                    geo);
  }();
  return r;
}

TEST(Flagship, ReproducesTheReportedFlight) {
  const SimulationResult& r = flagship();
  // Apogee "about 770 km", ground range "about 3,700 km": the aim asks for both; 1 km each.
  EXPECT_NEAR(r.threats[0].flight.apogee.position.alt_m / 1e3, 770.0, 1.0);
  EXPECT_NEAR(r.threats[0].flight.ground_range_m / 1e3, 3700.0, 1.0);
  // Flight time is not aimed at: "about 17 minutes (some reports say 19)".
  EXPECT_GT(r.threats[0].flight.impact.t_s / 60.0, 16.0);
  EXPECT_LT(r.threats[0].flight.impact.t_s / 60.0, 20.0);
  // Impact "around 07:16 JST": within two minutes.
  UtcTime reported;
  ASSERT_TRUE(parseIso8601("2017-09-15T07:16:00+09:00", reported));
  EXPECT_LT(std::abs(r.utc(r.threats[0].flight.impact.t_s).secondsSince(reported)), 120.0);
}

TEST(Flagship, OverfliesHokkaidoAtTheReportedTime) {
  const SimulationResult& r = flagship();
  UtcTime from, to;
  ASSERT_TRUE(parseIso8601("2017-09-15T07:03:00+09:00", from));
  ASSERT_TRUE(parseIso8601("2017-09-15T07:07:00+09:00", to));
  bool hokkaido = false;
  double over_japan_s = 0.0;
  for (const Overflight& o : r.threats[0].overflights) {
    if (o.country == "Japan") over_japan_s += o.exit_t_s - o.enter_t_s;
    if (o.region != "Hokkaido") continue;
    hokkaido = true;
    EXPECT_GE(r.utc(o.enter_t_s), from);  // "over Hokkaido around 07:04-07:06 JST", a minute's slack
    EXPECT_LE(r.utc(o.exit_t_s), to);
  }
  EXPECT_TRUE(hokkaido);
  EXPECT_LT(over_japan_s, 120.0);  // "under two minutes in Japanese airspace"
  EXPECT_EQ(r.threats[0].overflights.front().country, "North Korea");
}

TEST(Flagship, ComesDownEastOfCapeErimo) {
  // "about 2,000-2,200 km east of Cape Erimo".
  const SimulationResult& r = flagship();
  ASSERT_EQ(r.threats[0].impact_fixes.size(), 1u);
  EXPECT_EQ(r.threats[0].impact_fixes[0].landmark, "Cape Erimo");
  EXPECT_GT(r.threats[0].impact_fixes[0].distance_m / 1e3, 2000.0);
  EXPECT_LT(r.threats[0].impact_fixes[0].distance_m / 1e3, 2300.0);
  EXPECT_NEAR(r.threats[0].impact_fixes[0].bearing_deg, 90.0, 15.0);
}

TEST(Flagship, TimelineIsInOrderAndComplete) {
  const SimulationResult& r = flagship();
  ASSERT_FALSE(r.timeline.empty());
  EXPECT_EQ(r.timeline.front().kind, TimelineKind::kLaunch);
  // The last line is the impact: an overflight's J-Alert ends with "passed over" (a "come down"
  // goes only to prefectures alerted for a fall in Japan).
  EXPECT_EQ(r.timeline.back().kind, TimelineKind::kImpact);
  EXPECT_TRUE(std::is_sorted(r.timeline.begin(), r.timeline.end(),
                             [](const TimelineEvent& a, const TimelineEvent& b) { return a.t_s < b.t_s; }));
  using K = TimelineKind;
  for (const K kind : {K::kCutoff, K::kSeparation, K::kApogee, K::kEnter, K::kExit, K::kDetect, K::kTrack, K::kLaunchEstimate,
                       K::kIppConverged, K::kAlert, K::kPassedOver, K::kWarning})
    EXPECT_TRUE(std::any_of(r.timeline.begin(), r.timeline.end(), [&](const TimelineEvent& e) { return e.kind == kind; }))
        << static_cast<int>(kind);
}

// --- who knew, and when (issue 3) ---------------------------------------------------------------

TEST(FlagshipDefence, InfraredSeesThePlumeAsSoonAsItClearsTheClouds) {
  // "Detected within seconds": the plume cannot be seen before it clears the cloud top, so the test
  // asks that the first frame come within one frame interval of that moment, and the report within
  // the processing latency after it. SBIRS GEO: 1 s frames, 30 s latency (docs/sensor-notes.md).
  const SimulationResult& r = flagship();
  const world::Earth earth(world::EarthOptions::from(r.config.physics), r.config.launch.time);
  const DefenceResult& d = r.defence;
  ASSERT_TRUE(d.ran);
  for (std::size_t i = 0; i < d.sensors.size(); ++i) {
    const SensorSummary& s = d.sensors[i];
    if (!s.infrared) continue;
    const scenario::InfraredTypeConfig& ir = r.config.sensors[i].infrared;
    double t_cloud = 0.0;  // when the missile climbs through the cloud top
    while (earth.altitude_m(r.threats[0].flight.trajectory.at(t_cloud).p_Eci_m) < ir.cloud_top_alt_m) t_cloud += 0.1;
    ASSERT_TRUE(s.first_detection_t_s.has_value()) << s.name;
    EXPECT_GE(*s.first_detection_t_s, t_cloud - 0.1) << s.name;
    EXPECT_LE(*s.first_detection_t_s, t_cloud + ir.frame_interval_s + 0.1) << s.name;
    EXPECT_NEAR(*s.first_report_t_s - *s.first_detection_t_s, ir.processing_latency_s, 1e-9) << s.name;
    EXPECT_LT(*s.first_detection_t_s, 60.0) << s.name;
  }
  // The launch estimate holds the truth inside its 95 % bounds.
  ASSERT_TRUE(d.final_cue.has_value());
  EXPECT_LT(std::abs(d.final_cue->launch_t_s), 2.0 * d.final_cue->launch_t_sigma_s + 1.0);
  const double miss = earth.inverse(d.final_cue->lat_deg, d.final_cue->lon_deg, r.config.launch.lat_deg,
                                    r.config.launch.lon_deg).distance_m;
  EXPECT_LT(miss, 2.5 * d.final_cue->position_sigma_m + 500.0);
  ASSERT_TRUE(d.final_cue->heading_deg.has_value());
  EXPECT_LT(std::abs(std::remainder(*d.final_cue->heading_deg - r.threats[0].aim->plan.azimuth_deg, 360.0)),
            2.5 * *d.final_cue->heading_sigma_deg + 2.0);
}

TEST(FlagshipDefence, HokkaidoIsAlertedBeforeTheOverflight) {
  const SimulationResult& r = flagship();
  const DefenceResult& d = r.defence;
  ASSERT_TRUE(d.track_established_t_s.has_value());
  const auto hokkaido = std::find_if(d.alerts.prefectures.begin(), d.alerts.prefectures.end(),
                                     [](const alerts::PrefectureOutcome& o) { return o.name == "Hokkaido"; });
  ASSERT_NE(hokkaido, d.alerts.prefectures.end());
  ASSERT_TRUE(hokkaido->alert_t_s.has_value());
  ASSERT_TRUE(hokkaido->event_t_s.has_value());
  EXPECT_LT(*hokkaido->alert_t_s, *hokkaido->event_t_s);
  EXPECT_FALSE(hokkaido->withdrawn_t_s.has_value());
  // Reported: J-Alert at 07:00 JST (docs/alert-sources.md); the model's rules land within 2 minutes.
  UtcTime reported;
  ASSERT_TRUE(parseIso8601("2017-09-15T07:00:00+09:00", reported));
  EXPECT_LT(std::abs(r.utc(*hokkaido->alert_t_s).secondsSince(reported)), 120.0);
  EXPECT_TRUE(d.alerts.overflownNotAlerted().empty());
}

TEST(FlagshipDefence, ImpactPredictionConvergesOnTheTruth) {
  const SimulationResult& r = flagship();
  const DefenceResult& d = r.defence;
  ASSERT_TRUE(d.warheads[0].final_prediction.has_value());
  ASSERT_TRUE(d.warheads[0].ipp_converged_t_s.has_value());
  const world::Earth earth(world::EarthOptions::from(r.config.physics), r.config.launch.time);
  const tracking::ImpactPrediction& p = *d.warheads[0].final_prediction;
  const double miss = earth.inverse(p.lat_deg, p.lon_deg, r.threats[0].flight.impact.position.lat_deg,
                                    r.threats[0].flight.impact.position.lon_deg).distance_m;
  // Well inside the 10 km "converged" distance, and long before the impact.
  EXPECT_LT(miss, 10e3);
  EXPECT_LT(*d.warheads[0].ipp_converged_t_s, r.threats[0].flight.impact.t_s - 300.0);
  EXPECT_EQ(d.warheads[0].predicted_zone, world::MaritimeZone::kOpenSea);
  // Every sensor in the laydown saw something, and the radars' tracks kept to their objects.
  for (const SensorSummary& s : d.sensors) EXPECT_GT(s.detections, 0) << s.name;
}

// The impact prediction's steps (tracking/impact_prediction.h) against a reference of small
// steps (0.25 s in the air, a fiftieth of the drag-limited step, 2 s in vacuum) on every prediction
// the flagship's defence made: the step rule's error must stay far inside what it predicts (the
// settled ellipses are kilometres wide, the alerts' settle test 20 km).
TEST(FlagshipDefence, ImpactPredictionStepsAgreeWithSmallSteps) {
  const SimulationResult& r = flagship();
  const DefenceResult& d = r.defence;
  const world::Earth earth(world::EarthOptions::from(r.config.physics), r.config.launch.time);
  const world::Atmosphere atmosphere;  // the flagship's US 1976
  const tracking::BallisticModel model(earth, atmosphere,
                                       {r.config.tracking.atmosphere_edge_m, r.config.tracking.max_step_s,
                                        r.config.tracking.inv_beta_process_noise});
  tracking::ImpactPredictionOptions fine;
  fine.step_s = 2.0;
  fine.air_step_s = 0.25;
  fine.drag_step_fraction = 0.004;
  fine.negligible_impulse_mps = 0.0;
  double worst_m = 0.0, worst_t_s = 0.0, worst_axis = 0.0;
  int compared = 0;
  for (const tracking::ImpactPrediction& p : d.predictions) {
    const auto rec = std::find_if(d.tracks.begin(), d.tracks.end(), [&](const TrackRecord& t) {
      return t.track == p.track && t.t_s == p.made_at_s;
    });
    ASSERT_NE(rec, d.tracks.end());
    const tracking::TrackState st{rec->t_s, rec->x, rec->P};
    const std::optional<tracking::ImpactPrediction> again = tracking::predictImpact(model, st);
    const std::optional<tracking::ImpactPrediction> ref = tracking::predictImpact(model, st, fine);
    ASSERT_TRUE(again && ref);
    EXPECT_EQ(again->lat_deg, p.lat_deg);  // the run's own prediction, made again
    worst_m = std::max(worst_m, earth.inverse(p.lat_deg, p.lon_deg, ref->lat_deg, ref->lon_deg).distance_m);
    worst_t_s = std::max(worst_t_s, std::abs(p.impact_t_s - ref->impact_t_s));
    worst_axis = std::max({worst_axis, std::abs(p.semi_major_m / ref->semi_major_m - 1.0),
                           std::abs(p.semi_minor_m / ref->semi_minor_m - 1.0)});
    ++compared;
  }
  EXPECT_GT(compared, 100);
  std::printf("%d predictions: centre within %.1f m, time within %.3f s, axes within %.2f %%\n", compared, worst_m,
              worst_t_s, 100.0 * worst_axis);
  EXPECT_LT(worst_m, 25.0);
  EXPECT_LT(worst_t_s, 0.2);
  EXPECT_LT(worst_axis, 0.01);
}

TEST(FlagshipDefence, SameSeedSameAnswer) {
  const SimulationResult& a = flagship();
  const world::Geography geo = world::Geography::load(PICKET_DATA_DIR);
  const SimulationResult b = simulate(a.config, geo);
  ASSERT_EQ(a.defence.radar_detections.size(), b.defence.radar_detections.size());
  for (std::size_t i = 0; i < a.defence.radar_detections.size(); ++i)
    ASSERT_EQ(a.defence.radar_detections[i].z, b.defence.radar_detections[i].z);
  ASSERT_EQ(a.defence.predictions.size(), b.defence.predictions.size());
  EXPECT_EQ(a.defence.predictions.back().lat_deg, b.defence.predictions.back().lat_deg);
}

// --- could it have been shot down? ---------------------------------------------------------------
const engagement::LayerAnswer& layerOf(const SimulationResult& r, const std::string& shooter) {
  for (const engagement::LayerAnswer& la : r.engagement.layers)
    if (r.config.shooters.at(static_cast<std::size_t>(la.shooter)).name == shooter) return la;
  throw std::runtime_error("no shooter " + shooter);
}

TEST(FlagshipEngagement, SmThreeBlockOneACouldNotReachIt) {
  // Published analysis (engagement-sources.md, sec. 7): at 770 km apogee the missile flew hundreds
  // of km above the reach of the SM-3 Block IA of 2017. The model's reason must be the altitude.
  const SimulationResult& r = flagship();
  for (const char* ship : {"Aegis destroyer, Sea of Japan", "Aegis destroyer, off Akita"}) {
    const engagement::LayerAnswer& la = layerOf(r, ship);
    EXPECT_FALSE(la.window.feasible) << ship;
    EXPECT_EQ(la.window.reason, engagement::WindowReason::kTooHigh) << ship;
    ASSERT_TRUE(la.fire_control_t_s) << ship;
  }
  // Nowhere in the Sea of Japan could a Block IA ship have stood to engage it.
  ASSERT_GE(r.coverage.size(), 1u);
  EXPECT_EQ(r.coverage[0].config.interceptor.id, "sm-3-ia");
  EXPECT_EQ(r.coverage[0].feasible_cells, 0);
}

TEST(FlagshipEngagement, NoBoostPhaseIntercept) {
  // The brief: boost-phase shots against an IRBM are beyond the SM-3. From the first report of the
  // plume (T+76 s) plus the delays, no SM-3 at these stations reaches the missile before burnout.
  const SimulationResult& r = flagship();
  for (const engagement::LayerAnswer& la : r.engagement.layers) {
    const scenario::ShooterConfig& s = r.config.shooters.at(static_cast<std::size_t>(la.shooter));
    EXPECT_FALSE(la.boost.feasible) << s.name;
    EXPECT_NE(la.boost.reason, engagement::WindowReason::kNone) << s.name;
  }
}

TEST(FlagshipEngagement, BlockTwoAWouldHaveHadAWindow) {
  const SimulationResult& r = flagship();
  const engagement::LayerAnswer& la = layerOf(r, "Variant: SM-3 IIA, under the track");
  ASSERT_TRUE(la.window.feasible) << static_cast<int>(la.window.reason);
  const scenario::InterceptorConfig& ic = r.config.shooters[static_cast<std::size_t>(la.shooter)].interceptor;
  EXPECT_GE(la.window.first.alt_m, ic.min_intercept_alt_m);
  EXPECT_LE(la.window.first.alt_m, ic.max_intercept_alt_m);
  EXPECT_GT(la.window.open_t_s(), la.window.first.launch_t_s);
  EXPECT_LT(la.window.close_t_s(), r.threats[0].flight.impact.t_s);
  EXPECT_GE(la.window.first.launch_t_s, la.window.earliest_launch_t_s);
  ASSERT_TRUE(la.decision_time_s);
  EXPECT_GT(*la.decision_time_s, 0.0);
  ASSERT_GE(r.coverage.size(), 2u);
  EXPECT_GT(r.coverage[1].feasible_cells, 0);  // the station under the track is in the map
}

TEST(FlagshipEngagement, PatriotOutOfReachAndNoShotAtAnOpenSeaThreat) {
  const SimulationResult& r = flagship();
  for (const char* battery : {"PAC-3, Chitose", "PAC-3, Ichigaya (Tokyo)"})
    EXPECT_EQ(layerOf(r, battery).window.reason, engagement::WindowReason::kNeverNear) << battery;
  // The policy engages threats to defended areas; this one came down in the open sea, as on the
  // day, when no interceptor was fired.
  ASSERT_EQ(r.engagement.threats.size(), 1u);
  EXPECT_EQ(r.engagement.threats[0].judgement, engagement::ThreatEvaluation::Judgement::kOverflightOnly);
  EXPECT_EQ(r.engagement.threats[0].place, "Japan");
  EXPECT_FALSE(r.engagement.threats[0].engage);
  EXPECT_TRUE(r.engagement.shots.empty());
}

TEST(FlagshipEngagement, EngagingAnywayShootsAndSolves) {
  // Policy `all`: the battle manager fires the IIA variant; the solver's shot meets the predicted
  // threat and the end game against the truth stays within the kill vehicle's divert.
  scenario::ScenarioConfig cfg = flagship().config;
  cfg.engagement.policy = scenario::EngagementPolicy::kAll;
  cfg.coverage.clear();
  const world::Geography geo = world::Geography::load(PICKET_DATA_DIR);
  const SimulationResult r = simulate(cfg, geo);
  ASSERT_FALSE(r.engagement.shots.empty());
  for (const engagement::Shot& shot : r.engagement.shots) {
    EXPECT_EQ(r.config.shooters[static_cast<std::size_t>(shot.shooter)].interceptor.id, "sm-3-iia");
    EXPECT_LT(shot.aim_error_m, 5.0);
    EXPECT_TRUE(shot.end_game.within_divert) << "ZEM " << shot.end_game.zem_m << " m";
    EXPECT_GE(shot.launch_t_s, layerOf(r, "Variant: SM-3 IIA, under the track").window.earliest_launch_t_s - 1e-6);
  }
  // Same seed, same shots.
  const SimulationResult again = simulate(cfg, geo);
  ASSERT_EQ(again.engagement.shots.size(), r.engagement.shots.size());
  for (std::size_t i = 0; i < r.engagement.shots.size(); ++i) {
    EXPECT_EQ(again.engagement.shots[i].draw, r.engagement.shots[i].draw);
    EXPECT_EQ(again.engagement.shots[i].kill, r.engagement.shots[i].kill);
  }
}

}  // namespace
}  // namespace picket::simulation

// Sensors against hand calculations: the radar equation, the 4/3-Earth horizon, Swerling I,
// the measurement model's Jacobian, and the infrared satellite's limb and cloud-top tests.
#include <algorithm>
#include <cmath>
#include <optional>
#include <vector>

#include <gtest/gtest.h>

#include "common/constants.h"
#include "common/random.h"
#include "flight/trajectory.h"
#include "sensors/infrared.h"
#include "sensors/launch_cue.h"
#include "sensors/observe.h"
#include "sensors/radar.h"

namespace picket::sensors {
namespace {

namespace c = picket::constants;

world::Earth wgs84() { return world::Earth(world::EarthOptions{}, UtcTime{}); }

// A round-number radar: 100 kW average, 40 dBi, 10 GHz, 500 K, 10 dB losses, 10 ms dwell.
scenario::SensorConfig testRadar(double lat_deg = 0.0, double lon_deg = 0.0) {
  scenario::SensorConfig s;
  s.name = "test";
  s.kind = scenario::SensorKind::kRadar;
  s.lat_deg = lat_deg;
  s.lon_deg = lon_deg;
  s.radar = {.frequency_hz = 1e10, .average_power_w = 1e5, .antenna_gain_dbi = 40.0, .system_noise_temperature_k = 500.0,
             .losses_db = 10.0, .dwell_time_s = 0.01, .bandwidth_hz = 1e8, .beamwidth_deg = 1.0,
             .azimuth_half_width_deg = 180.0, .min_elevation_deg = 0.0, .max_elevation_deg = 90.0, .revisit_s = 1.0,
             .instrumented_range_m = 5e6, .false_alarm_probability = 1e-6, .range_noise_floor_m = 0.0,
             .angle_noise_floor_mrad = 0.0, .range_resolution_m = {}, .angle_resolution_deg = {}};
  return s;
}

TEST(Radar, EquationMatchesHandCalculation) {
  const world::Earth earth = wgs84();
  const Radar r(earth, testRadar(), 0);
  // By hand: lambda = c / 10 GHz = 0.0299792 m; P G^2 lambda^2 sigma t = 1e5 * 1e8 * 8.98755e-4 * 1 * 0.01
  // = 8.98755e10; (4 pi)^3 k T L = 1984.40 * 1.380649e-23 * 500 * 10 = 1.36988e-16; at 1,000 km,
  // R^4 = 1e24: SNR = 0.65608 (-1.83 dB).
  EXPECT_NEAR(r.snr(1e6, 1.0), 0.656083, 1e-5);
  // SNR = 13 dB (19.9526) against 1 m^2: R = (8.98755e10 / 1.36988e-16 / 19.9526)^(1/4) = 425.83 km.
  EXPECT_NEAR(r.rangeForSnr(19.9526, 1.0), 425833.0, 5.0);
  // R^-4: 10 dB more RCS is 10^(1/4) = 1.778 times the range.
  EXPECT_NEAR(r.rangeForSnr(19.9526, 10.0) / r.rangeForSnr(19.9526, 1.0), std::pow(10.0, 0.25), 1e-12);
  // Swerling I, P_fa = 1e-6, SNR = 20: P_d = 1e-6^(1/21) = 0.51795.
  EXPECT_NEAR(r.detectionProbability(20.0), 0.517947, 1e-6);
  EXPECT_LT(r.detectionProbability(0.0), 1.1e-6);
}

TEST(Radar, HorizonOfTheFourThirdsEarth) {
  const world::Earth earth = wgs84();
  const Radar r(earth, testRadar(), 0);
  // By hand at the equator: Gaussian radius sqrt(MN) = a sqrt(1 - e^2) = 6,356,752.3 m; k R =
  // 8,475,669.8 m; a target at 100 km is on the horizon at sqrt((kR + h)^2 - (kR)^2) = 1,305.81 km
  // (Skolnik's rule of thumb, 4.12 (sqrt(h_r) + sqrt(h_t)) km with heights in m, gives 1,303 km).
  EXPECT_NEAR(r.effectiveEarthRadius_m(), 8475669.8, 1.0);
  EXPECT_NEAR(r.horizonRange_m(1e5), 1305807.8, 1.0);
  // look(): march a 100 km target north along the meridian; the refracted elevation changes sign
  // where the slant range is the closed form's (the local Gaussian radius changes the number by
  // less than 0.2 % over 12 degrees of latitude).
  double crossing_range = 0.0;
  double prev_el = 1.0, prev_range = 0.0;
  for (double lat = 5.0; lat < 20.0; lat += 0.001) {
    const RadarLook l = r.look(earth.ecefFromGeodetic({lat, 0.0, 1e5}), 1.0);
    if (prev_el > 0.0 && l.refracted_elevation_rad <= 0.0) {
      crossing_range = 0.5 * (prev_range + l.range_m);
      EXPECT_TRUE(!l.in_view);
      break;
    }
    prev_el = l.refracted_elevation_rad;
    prev_range = l.range_m;
  }
  EXPECT_NEAR(crossing_range, 1305807.8, 0.002 * 1305807.8);
  // The geometric horizon (no refraction) is closer: sqrt(2 R h + h^2) = 1,131 km; refraction
  // lets the radar see 15 % farther, as it should with k = 4/3 (sqrt(4/3) = 1.155).
  EXPECT_GT(crossing_range, 1.15 * std::sqrt(2.0 * 6356752.3 * 1e5 + 1e10));
}

TEST(Radar, FieldOfRegardAndLimits) {
  const world::Earth earth = wgs84();
  scenario::SensorConfig cfg = testRadar(40.0, 140.0);
  cfg.boresight_deg = 270.0;  // looking west
  cfg.radar.azimuth_half_width_deg = 60.0;
  const Radar r(earth, cfg, 0);
  EXPECT_TRUE(r.look(earth.ecefFromGeodetic({40.0, 136.0, 2e5}), 1.0).in_view);   // west
  EXPECT_FALSE(r.look(earth.ecefFromGeodetic({40.0, 144.0, 2e5}), 1.0).in_view);  // east, behind it
  EXPECT_FALSE(r.look(earth.ecefFromGeodetic({40.0, 100.0, 2e5}), 1.0).in_view);  // below the horizon
}

TEST(Radar, JacobianMatchesFiniteDifferences) {
  const world::Earth earth = wgs84();
  const Radar r(earth, testRadar(40.0, 140.0), 0);
  const double t = 123.0;
  const Vec3 p = earth.eciFromEcef(earth.ecefFromGeodetic({41.0, 137.0, 3e5}), t);
  Vec3 z;
  Mat3 H;
  r.measureWithJacobian(p, t, z, H);
  EXPECT_LT((z - r.measure(p, t)).norm(), 1e-9);
  for (int k = 0; k < 3; ++k) {
    Vec3 dp = Vec3::Zero();
    dp(k) = 1.0;
    const Vec3 num = (r.measure(p + dp, t) - r.measure(p - dp, t)) / 2.0;
    EXPECT_NEAR(num(0), H(0, k), 1e-6);
    EXPECT_NEAR(num(1), H(1, k), 1e-11);
    EXPECT_NEAR(num(2), H(2, k), 1e-11);
  }
}

TEST(Radar, NoiseScalesWithSnr) {
  const world::Earth earth = wgs84();
  const Radar r(earth, testRadar(), 0);
  // c / (2B) = 1.499 m; at SNR 50: sigma_R = 1.499 / sqrt(100) = 0.1499 m. Four times the SNR halves it.
  const Mat3 a = r.noiseCovariance(50.0, 0.0), b = r.noiseCovariance(200.0, 0.0);
  EXPECT_NEAR(std::sqrt(a(0, 0)), 299792458.0 / 2e8 / 10.0, 1e-6);
  EXPECT_NEAR(std::sqrt(a(2, 2) / b(2, 2)), 2.0, 1e-12);
  // theta / (1.6 sqrt(2 SNR)) = 0.0174533 / 16 = 1.0908 mrad.
  EXPECT_NEAR(std::sqrt(a(2, 2)), 1.0 * c::kDegToRad / 16.0, 1e-9);
}

// An object standing still in ECI at p for 1,000 s (a Hermite segment with no velocity).
flight::Trajectory standingAt(const Vec3& p) {
  flight::Trajectory t;
  t.push({0.0, {p.x(), p.y(), p.z(), 0.0, 0.0, 0.0, 1.0}, {0.0, 0.0, 0.0}});
  t.push({1000.0, {p.x(), p.y(), p.z(), 0.0, 0.0, 0.0, 1.0}, {0.0, 0.0, 0.0}});
  return t;
}

// The round-number radar made 10,000 times stronger, so that a target 400 km out gives an SNR in
// the hundreds of thousands and the measurement noise is metres: the merging shows through it.
// It looks every 0.05 s: twenty looks in one second, while the Earth's rotation (the objects stand
// still in ECI) moves the radar by less than 500 m.
TEST(Radar, ExpectationSeesWhatALookSees) {
  // expect() tests the field of view with sines and cosines, look() with the angles: the same
  // answer everywhere, a sector radar (west, 60 degrees either side, 5 to 70 degrees up) looking at
  // 20,000 random positions around it, about half of them in view; and the same SNR.
  const world::Earth earth = wgs84();
  scenario::SensorConfig cfg = testRadar(40.0, 140.0);
  cfg.boresight_deg = 270.0;
  cfg.radar.azimuth_half_width_deg = 60.0;
  cfg.radar.min_elevation_deg = 5.0;
  cfg.radar.max_elevation_deg = 70.0;
  const Radar r(earth, cfg, 0);
  RandomStream rng(3, "fov");
  int in_view = 0;
  for (int i = 0; i < 20000; ++i) {
    const world::Geodetic g{40.0 + 30.0 * (rng.uniform() - 0.5), 140.0 + 40.0 * (rng.uniform() - 0.5), 2e6 * rng.uniform()};
    const Vec3 p_Ecef = earth.ecefFromGeodetic(g);
    const RadarLook l = r.look(p_Ecef, 1.0);
    const Radar::Expectation e = r.expect(earth.eciFromEcef(p_Ecef, 100.0), 100.0);
    ASSERT_EQ(e.in_view, l.in_view) << g.lat_deg << " " << g.lon_deg << " " << g.alt_m;
    ASSERT_EQ(r.sees(p_Ecef), l.in_view) << g.lat_deg << " " << g.lon_deg << " " << g.alt_m;
    EXPECT_NEAR(e.snr_per_m2, l.snr, 1e-9 * l.snr);
    in_view += l.in_view ? 1 : 0;
  }
  EXPECT_GT(in_view, 2000);
  EXPECT_LT(in_view, 18000);
}

scenario::SensorConfig strongRadar() {
  scenario::SensorConfig cfg = testRadar();
  cfg.radar.average_power_w = 1e9;
  cfg.radar.revisit_s = 0.05;
  return cfg;
}

TEST(Observe, ObjectsInOneResolutionCellGiveOneReturnAtTheirPowerCentroid) {
  // Range resolution c / (2B) = 1.499 m (B = 100 MHz), angular resolution the 1 deg beam (17.5 mrad).
  const world::Earth earth = wgs84();
  const Radar r(earth, strongRadar(), 0);
  EXPECT_NEAR(r.rangeResolution_m(), 299792458.0 / 2e8, 1e-9);
  EXPECT_NEAR(r.angleResolution_rad(), c::kDegToRad, 1e-12);
  const Vec3 p_A = earth.eciFromEcef(earth.ecefFromGeodetic({2.0, 0.5, 300e3}), 0.0);
  const Vec3 los = (p_A - earth.eciFromEcef(r.p_Radar_Ecef(), 0.0)).normalized();
  const Vec3 across = los.cross(Vec3::UnitZ()).normalized();
  const auto run = [&](const Vec3& offset_B, std::vector<RadarDetection>& dets, std::vector<DetectionTruth>& labels) {
    const flight::Trajectory a = standingAt(p_A), b = standingAt(p_A + offset_B);
    const std::vector<TruthObject> objects = {{"A", &a, 0.0, 1000.0, 3.0, 3.0, 0.0, 0.0, 1.0, std::nullopt},
                                              {"B", &b, 0.0, 1000.0, 1.0, 1.0, 0.0, 0.0, 1.0, std::nullopt}};
    RandomStream rng(7, "radar");
    dets.clear();
    labels.clear();
    observe(r, earth, objects, 1.0, rng, dets, labels);
  };
  std::vector<RadarDetection> dets;
  std::vector<DetectionTruth> labels;
  // 0.5 m apart in range and 300 m across (0.75 mrad at 400 km): one cell. One return per look, made
  // by both, named after the brighter, at (3 p_A + 1 p_B) / 4.
  const Vec3 offset = 0.5 * los + 300.0 * across;
  run(offset, dets, labels);
  ASSERT_EQ(dets.size(), 20u);  // P_d = 1 at this SNR
  Vec3 mean = Vec3::Zero();
  for (std::size_t i = 0; i < dets.size(); ++i) {
    EXPECT_EQ(labels[i].merged, 2);
    EXPECT_EQ(labels[i].object, 0);
    Vec3 p;
    Mat3 P;
    r.inverse(dets[i].z, dets[i].R, dets[i].t_s, p, P);
    mean += p / static_cast<double>(dets.size());
  }
  // The mean of 20 looks with metre-level noise lands within 5 m of the centroid, 75 m from B's
  // position and 225 m from A's: the weighting shows.
  EXPECT_LT((mean - (p_A + 0.25 * offset)).norm(), 5.0);
  // 100 m apart in range: resolved, two returns per look.
  run(100.0 * los, dets, labels);
  EXPECT_EQ(dets.size(), 40u);
  for (const DetectionTruth& l : labels) EXPECT_EQ(l.merged, 1);
  // 0.5 m in range but 30 km across (75 mrad, four beamwidths): resolved in angle.
  run(0.5 * los + 30e3 * across, dets, labels);
  EXPECT_EQ(dets.size(), 40u);
}

TEST(Radar, CrossSectionEstimateIsUnbiasedForAFaintTarget) {
  // Swerling I, P_fa = 1e-6 (threshold T = 13.8 in noise units), mean SNR ~10: only one look in
  // four is detected, and only the bright ones. The measured SNR of a detection is exponential
  // about T + 1 + SNR (memoryless); the estimate subtracts T and must average to the true 0.5 m^2,
  // where the naive one (the measured SNR taken as the mean) is biased by (T - 1 + SNR) / SNR.
  const world::Earth earth = wgs84();
  scenario::SensorConfig cfg = testRadar();
  cfg.radar.revisit_s = 0.002;
  const Radar r(earth, cfg, 0);
  const double rcs = 0.5;
  const double range = r.rangeForSnr(10.0, rcs);
  const Vec3 p_Radar = earth.eciFromEcef(r.p_Radar_Ecef(), 0.0);
  const Vec3 up = p_Radar.normalized();
  const Vec3 p = p_Radar + range * (0.8 * up + 0.6 * up.cross(Vec3::UnitZ()).normalized()).normalized();
  const flight::Trajectory still = standingAt(p);
  const std::vector<TruthObject> objects = {{"rv", &still, 0.0, 1000.0, rcs, rcs, 0.0, 0.0, 1.0, std::nullopt}};
  std::vector<RadarDetection> dets;
  std::vector<DetectionTruth> labels;
  RandomStream rng(11, "radar");
  observe(r, earth, objects, 20.0, rng, dets, labels);
  // 10,000 looks at P_d = 1e-6^(1/11) = 0.285 (the radar turns with the Earth: the SNR drifts by a
  // few per cent over the 20 s; the estimate uses each look's own range).
  ASSERT_GT(dets.size(), 2500u);
  double sum = 0.0, naive = 0.0, sum2 = 0.0;
  for (const RadarDetection& d : dets) {
    const double e = r.rcsEstimate(r.expect(p, d.t_s), d.snr);
    sum += e;
    sum2 += e * e;
    naive += d.snr * rcs / r.snr(range, rcs);
  }
  const double n = static_cast<double>(dets.size());
  const double mean = sum / n, sd = std::sqrt(sum2 / n - mean * mean);
  EXPECT_NEAR(mean, rcs, 4.0 * sd / std::sqrt(n));  // 4 standard errors
  EXPECT_GT(naive / n, 2.0 * rcs);
}

TEST(Radar, AmplitudeCostPrefersTheMatchingCrossSection) {
  // A return at SNR 1,000 from 1,000 km is far likelier from a 19 m^2 stage than from a 0.03 m^2
  // warhead, and a faint one the other way round.
  const world::Earth earth = wgs84();
  const Radar r(earth, strongRadar(), 0);
  const Vec3 p = earth.eciFromEcef(earth.ecefFromGeodetic({5.0, 0.0, 300e3}), 0.0);
  const double bright = r.snr((earth.ecefFromEci(p, 0.0) - r.p_Radar_Ecef()).norm(), 19.0);
  const Radar::Expectation e = r.expect(p, 0.0);
  EXPECT_LT(r.amplitudeCost(e, 19.0, bright), r.amplitudeCost(e, 0.03, bright));
  const double faint = r.snr((earth.ecefFromEci(p, 0.0) - r.p_Radar_Ecef()).norm(), 0.03) + 14.0;
  EXPECT_GT(r.amplitudeCost(e, 19.0, faint), r.amplitudeCost(e, 0.03, faint));
}

scenario::SensorConfig testSatellite(double lon_deg) {
  scenario::SensorConfig s;
  s.name = "geo";
  s.kind = scenario::SensorKind::kInfraredSatellite;
  s.orbit.geostationary = true;
  s.orbit.lon_deg = lon_deg;
  s.infrared = {.frame_interval_s = 10.0, .processing_latency_s = 20.0, .los_noise_urad = 10.0, .cloud_top_alt_m = 10000.0};
  return s;
}

TEST(Infrared, LimbAndCloudTop) {
  const world::Earth earth = wgs84();
  const InfraredSatellite over(earth, testSatellite(128.0), 0), behind(earth, testSatellite(128.0 - 180.0), 1);
  const double t = 100.0;
  const auto eci = [&](double alt) { return earth.eciFromEcef(earth.ecefFromGeodetic({39.2, 125.7, alt}), t); };
  EXPECT_TRUE(over.sees(eci(20e3), 20e3, t));
  EXPECT_FALSE(over.sees(eci(5e3), 5e3, t));      // under the cloud top
  EXPECT_FALSE(behind.sees(eci(20e3), 20e3, t));  // the other side of the Earth
  // Geostationary radius: (GM / w^2)^(1/3) = 42,164 km, whatever the time.
  EXPECT_NEAR(over.p_Satellite_Eci(t).norm(), 42164172.0, 100.0);
  // Limb geometry: from GEO the Earth's disc has an angular radius asin(a / r) = 8.70 deg; a target
  // at 1,000 km altitude 82 deg of longitude away from the sub-satellite point is still visible
  // (its tangent ray clears the Earth), one at 10 km is not.
  const auto far = [&](double alt) { return earth.eciFromEcef(earth.ecefFromGeodetic({0.0, 128.0 + 82.0, alt}), t); };
  EXPECT_TRUE(over.lineOfSightClear(far(1e6), t, 10e3));
  EXPECT_FALSE(over.lineOfSightClear(far(10e3), t, 10e3));
}

TEST(Infrared, MeasurementInverts) {
  const world::Earth earth = wgs84();
  scenario::SensorConfig heo = testSatellite(0.0);
  heo.orbit = {.geostationary = false, .semi_major_axis_m = 26554e3, .eccentricity = 0.72, .inclination_deg = 63.4,
               .raan_deg = 30.0, .arg_perigee_deg = 270.0, .mean_anomaly_deg = 180.0};
  for (const scenario::SensorConfig& cfg : {testSatellite(128.0), heo}) {
    const InfraredSatellite s(earth, cfg, 0);
    const double t = 50.0;
    const Vec3 p = earth.eciFromEcef(earth.ecefFromGeodetic({39.0, 126.0, 30e3}), t);
    const Vec3 u = s.lineOfSight(s.measure(p, t), t);
    EXPECT_LT((u - (p - s.p_Satellite_Eci(t)).normalized()).norm(), 1e-12);
    // The line of sight meets the raised ellipsoid at the target.
    const std::optional<Vec3> hit = rayMeetsEllipsoid(earth, s.p_Satellite_Eci(t), u, 30e3);
    ASSERT_TRUE(hit.has_value());
    EXPECT_LT((*hit - p).norm(), 1.0);
  }
  // A Molniya orbit at apogee (mean anomaly 180 deg): r = a (1 + e) = 45,673 km.
  const InfraredSatellite m(earth, heo, 0);
  EXPECT_NEAR(m.p_Satellite_Eci(0.0).norm(), 26554e3 * 1.72, 1.0);
}

// LaunchEstimator takes each report in once as time goes on; at every report time it must give
// what a fresh estimate from everything known then gives, to the bit. Two satellites watch a
// missile climbing north-east from 39 N 125.7 E at 10 m/s^2; one frame of the second satellite is
// reported late, after frames seen after it, so that satellite's first detection changes once its
// later points are in (the estimator starts that satellite again).
TEST(LaunchCue, TakingReportsInOneByOneGivesTheFreshEstimate) {
  const world::Earth earth = wgs84();
  std::vector<InfraredSatellite> sats;
  sats.emplace_back(earth, testSatellite(128.0), 0);
  sats.emplace_back(earth, testSatellite(100.0), 1);
  std::vector<InfraredDetection> dets;
  for (int k = 0; k < 20; ++k) {
    const double tau = 50.0 + 10.0 * k;  // from launch at t = 0
    const double h = 0.5 * 10.0 * tau * tau, down_deg = 0.3 * h / 111e3;
    const Vec3 p = earth.eciFromEcef(earth.ecefFromGeodetic({39.0 + down_deg, 125.7 + down_deg, h}), tau);
    for (const InfraredSatellite& s : sats) {
      InfraredDetection d;
      d.sensor = s.index();
      d.t_s = tau + 3.0 * s.index();
      d.z = s.measure(p, d.t_s);
      d.report_t_s = d.t_s + 20.0 + (s.index() == 1 && k == 0 ? 45.0 : 0.0);
      dets.push_back(d);
    }
  }
  std::stable_sort(dets.begin(), dets.end(),
                   [](const InfraredDetection& a, const InfraredDetection& b) { return a.report_t_s < b.report_t_s; });
  LaunchEstimator estimator(sats, dets, earth);
  int with_heading = 0;
  for (std::size_t i = 0; i < dets.size(); ++i) {
    const double t = dets[i].report_t_s;
    const std::optional<LaunchCue> a = estimator.at(t), b = estimateLaunch(sats, dets, earth, t);
    ASSERT_EQ(a.has_value(), b.has_value());
    if (!a) continue;
    EXPECT_EQ(a->launch_t_s, b->launch_t_s);
    EXPECT_EQ(a->lat_deg, b->lat_deg);
    EXPECT_EQ(a->lon_deg, b->lon_deg);
    EXPECT_EQ(a->position_sigma_m, b->position_sigma_m);
    EXPECT_EQ(a->heading_deg, b->heading_deg);
    EXPECT_EQ(a->last_plume_t_s, b->last_plume_t_s);
    EXPECT_EQ(a->detections, b->detections);
    EXPECT_EQ(a->first_report_t_s, b->first_report_t_s);
    with_heading += a->heading_deg.has_value() ? 1 : 0;
  }
  // It found the launch (within its own spread) and, late enough, the north-east heading.
  const std::optional<LaunchCue> last = estimator.at(1e9);
  ASSERT_TRUE(last.has_value());
  EXPECT_NEAR(last->launch_t_s, 0.0, 3.0 * last->launch_t_sigma_s + 1.0);
  EXPECT_LT(earth.inverse(last->lat_deg, last->lon_deg, 39.0, 125.7).distance_m, 3.0 * last->position_sigma_m);
  ASSERT_TRUE(last->heading_deg.has_value());
  EXPECT_NEAR(*last->heading_deg, 38.0, 10.0);
  EXPECT_GT(with_heading, 10);
}

}  // namespace
}  // namespace picket::sensors

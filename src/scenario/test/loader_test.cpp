#include <filesystem>
#include <initializer_list>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "scenario/loader.h"

namespace picket::scenario {
namespace {
namespace fs = std::filesystem;

const fs::path kData = PICKET_DATA_DIR;

// Writes a scenario to a temporary file and returns its path.
fs::path scenarioFile(const std::string& name, const std::string& text) {
  const fs::path p = fs::temp_directory_path() / ("picket-loader-test-" + name + ".yaml");
  std::ofstream(p) << text;
  return p;
}

const char* kGood = R"(name: test
launch:
  lat_deg: 39.2
  lon_deg: 125.67
  time: 2017-09-15T06:57:00+09:00
missile:
  catalog: hwasong-12
aim:
  range_km: 3700
  azimuth_deg: 73
  shape: apogee
  apogee_km: 770
output:
  time_zone: JST
)";

// The message of the InputError that loading `text` throws, or "" if it loads.
std::string errorOf(const std::string& name, const std::string& text) {
  try {
    loadScenario(scenarioFile(name, text), kData);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

// The message of the InputError that loading `base` with `from` replaced by `to` throws ("" if it
// loads); a `from` missing from `base` fails the test.
std::string errorOfEdit(const std::string& name, const std::string& base, const std::string& from, const std::string& to) {
  std::string text = base;
  const auto at = text.find(from);
  if (at == std::string::npos) {
    ADD_FAILURE() << name << ": '" << from << "' is not in the scenario";
    return "";
  }
  text.replace(at, from.size(), to);
  return errorOf(name, text);
}

// Each edit of `base` is refused with its message (a substring naming the line).
struct BadEdit {
  const char *name, *from, *to, *expect;
};
void expectRefused(const std::string& base, std::initializer_list<BadEdit> edits) {
  for (const BadEdit& b : edits) {
    const std::string msg = errorOfEdit(b.name, base, b.from, b.to);
    EXPECT_NE(msg.find(b.expect), std::string::npos) << b.name << ": " << msg;
  }
}

TEST(Loader, ReadsAGoodScenario) {
  const ScenarioConfig c = loadScenario(scenarioFile("good", kGood), kData);
  EXPECT_EQ(c.missile->id, "hwasong-12");
  EXPECT_DOUBLE_EQ(*c.aim->range_m, 3.7e6);
  EXPECT_EQ(c.aim->shape, TrajectoryShape::kApogee);
  EXPECT_EQ(c.output.time_zone.offset_s, 9 * 3600);
  UtcTime t;
  parseIso8601("2017-09-14T21:57:00Z", t);
  EXPECT_EQ(c.launch.time, t);
}

// The modelling constants a study may vary are scenario keys (issue 14), read in their units; the
// defaults are the constants they replaced.
TEST(Loader, ReadsTheModellingConstantsAsKeys) {
  const ScenarioConfig d = loadScenario(scenarioFile("defaults", kGood), kData);
  EXPECT_DOUBLE_EQ(d.tracking.boost_guard_s, 120.0);
  EXPECT_DOUBLE_EQ(d.alerts.settle_window_s, 10.0);
  EXPECT_DOUBLE_EQ(d.alerts.reevaluate_s, 10.0);
  EXPECT_DOUBLE_EQ(d.engagement.colocated_radar_m, 10e3);
  EXPECT_DOUBLE_EQ(d.engagement.settled_prediction_m, 50e3);
  const ScenarioConfig c = loadScenario(
      scenarioFile("constants", std::string(kGood) + "tracking:\n  boost_guard_s: 60\nalerts:\n  settle_window_s: 20\n"
                                                      "  reevaluate_s: 5\nengagement:\n  colocated_radar_km: 2\n"
                                                      "  settled_prediction_km: 80\n"),
      kData);
  EXPECT_DOUBLE_EQ(c.tracking.boost_guard_s, 60.0);
  EXPECT_DOUBLE_EQ(c.alerts.settle_window_s, 20.0);
  EXPECT_DOUBLE_EQ(c.alerts.reevaluate_s, 5.0);
  EXPECT_DOUBLE_EQ(c.engagement.colocated_radar_m, 2e3);
  EXPECT_DOUBLE_EQ(c.engagement.settled_prediction_m, 80e3);
  EXPECT_NE(errorOf("bad-reevaluate", std::string(kGood) + "alerts:\n  reevaluate_s: 0\n").find("reevaluate_s"),
            std::string::npos);
}

TEST(Loader, NamesFileLineAndWhatWasExpected) {
  struct Case {
    std::string name, from, to, expect;
  };
  const std::vector<Case> cases = {
      {"syntax", "  lat_deg: 39.2\n", "  lat_deg: [39.2\n", "YAML syntax error"},
      {"misspelt", "  apogee_km: 770", "  apogee_kms: 770", ":12: error: unknown key 'apogee_kms' in 'aim'; did you mean 'apogee_km'?"},
      {"missing", "  lon_deg: 125.67\n", "", ":3: error: missing required key 'lon_deg'"},
      {"latitude", "lat_deg: 39.2", "lat_deg: 95", ":3: error: 'lat_deg' is 95, out of range: expected a number between -90 and 90"},
      {"catalog", "catalog: hwasong-12", "catalog: hwasong-99", ":7: error: unknown missile 'hwasong-99'; the catalog has: "},
      {"negative-mass", "  catalog: hwasong-12\n", "  catalog: hwasong-12\n  payload: {mass_kg: -650}\n",
       ":8: error: 'mass_kg' is -650, out of range"},
      {"time", "+09:00", "", "is not an ISO 8601 time with its zone"},
      {"twice", "  lon_deg: 125.67\n", "  lon_deg: 125.67\n  lon_deg: 125.0\n", ":5: error: key 'lon_deg' is given twice"},
      {"zone", "time_zone: JST", "time_zone: Mars", "unknown time zone 'Mars'"},
      {"shape", "shape: apogee", "shape: loftd", "unknown shape 'loftd'"},
  };
  for (const Case& c : cases) {
    const std::string msg = errorOfEdit(c.name, kGood, c.from, c.to);
    EXPECT_NE(msg.find(c.expect), std::string::npos) << c.name << ": " << msg;
    EXPECT_NE(msg.find("picket-loader-test-" + c.name + ".yaml"), std::string::npos) << c.name << ": " << msg;
  }
}

TEST(Loader, EveryCatalogNumberHasASource) {
  // loadCatalogMissile reads the catalog with sources required: a bare number, or a source key not
  // listed under `sources`, throws. Every shipped missile must load.
  const std::vector<std::string> ids = catalogIds(kData);
  ASSERT_GE(ids.size(), 5u);
  for (const std::string id : {"scud-b", "nodong", "hwasong-12", "hwasong-14", "hwasong-15"})
    EXPECT_NE(std::find(ids.begin(), ids.end(), id), ids.end()) << id;
  for (const std::string& id : ids) EXPECT_NO_THROW(loadCatalogMissile(id, kData)) << id;
}

TEST(Loader, CatalogRejectsANumberWithoutASource) {
  const fs::path dir = fs::temp_directory_path() / "picket-loader-test-catalog";
  fs::create_directories(dir / "catalog" / "missiles");
  std::ifstream in(kData / "catalog" / "missiles" / "hwasong-12.yaml");
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string text = buffer.str();
  const auto at = text.find("burn_time_s: {value:");
  ASSERT_NE(at, std::string::npos);
  text.replace(at, text.find('}', at) - at + 1, "burn_time_s: 130");
  std::ofstream(dir / "catalog" / "missiles" / "hwasong-12.yaml") << text;
  try {
    loadCatalogMissile("hwasong-12", dir);
    FAIL() << "a bare number was accepted in the catalog";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("'burn_time_s' needs the form {value: ..., source: ...}"), std::string::npos)
        << e.what();
  }
}



// A launcher (issue 15): shape orbit with the azimuth alone, a stage's coast, and stage falls in
// the record, each read as written; what does not belong refused with its line.
TEST(Loader, ReadsALaunchersAimCoastAndStageFalls) {
  const std::string launcher = R"(name: launcher
launch: {lat_deg: 39.6596, lon_deg: 124.7057, time: "2012-12-12T09:49:46+09:00"}
missile:
  catalog: unha-3
  stages:
    - {}
    - {coast_s: 60}
    - {}
aim: {azimuth_deg: 180.5, shape: orbit}
reported:
  sources: {s: "a source"}
  stage_falls:
    - {stage: 1, time: "2012-12-12T09:58:00+09:00", precision_s: 60, agency: Japan, source: s}
    - {stage: 2, range_km: 2600, precision: 100, source: s}
    - {stage: 2, lat_deg: 24.1, lon_deg: 123.9, precision_km: 50, agency: CNS, source: s}
  impact_point: {lat_deg: 16.0, lon_deg: 123.0, precision_km: 100, source: s}
)";
  const ScenarioConfig c = loadScenario(scenarioFile("launcher", launcher), kData);
  ASSERT_TRUE(c.aim.has_value());
  EXPECT_EQ(c.aim->shape, TrajectoryShape::kOrbit);
  EXPECT_EQ(*c.aim->azimuth_deg, 180.5);
  EXPECT_FALSE(c.aim->range_m.has_value());
  EXPECT_EQ(c.missile->stages.at(1).coast_s, 60.0);
  ASSERT_EQ(c.reported.stage_falls.size(), 3u);
  ASSERT_TRUE(c.reported.stage_falls[2].point.has_value());
  EXPECT_EQ(c.reported.stage_falls[2].point->lat_deg, 24.1);
  EXPECT_EQ(c.reported.stage_falls[2].point->precision_km, 50.0);
  EXPECT_EQ(c.reported.stage_falls[2].point->agency, "CNS");
  ASSERT_EQ(c.reported.impact_point.size(), 1u);
  EXPECT_EQ(c.reported.impact_point[0].lon_deg, 123.0);
  EXPECT_EQ(c.reported.stage_falls[0].stage, 1);
  ASSERT_TRUE(c.reported.stage_falls[0].time.has_value());
  EXPECT_EQ(c.reported.stage_falls[0].time->precision_s, 60.0);
  ASSERT_TRUE(c.reported.stage_falls[1].range_km.has_value());
  EXPECT_EQ(c.reported.stage_falls[1].range_km->lo, 2500.0);
  EXPECT_FALSE(c.aim->orbit.has_value());
  // An orbit asked for: kilometres to metres, the inclination optional.
  std::string to_orbit = launcher;
  to_orbit.replace(to_orbit.find("shape: orbit}"), 13, "shape: orbit, orbit: {perigee_km: 499.7, apogee_km: 584.18, inclination_deg: 97.4}}");
  const ScenarioConfig o = loadScenario(scenarioFile("launcher-orbit", to_orbit), kData);
  ASSERT_TRUE(o.aim->orbit.has_value());
  EXPECT_DOUBLE_EQ(o.aim->orbit->perigee_m, 499.7e3);
  EXPECT_DOUBLE_EQ(o.aim->orbit->apogee_m, 584.18e3);
  EXPECT_EQ(o.aim->orbit->inclination_deg, 97.4);
  EXPECT_FALSE(o.aim->thrust_ends_s.has_value());
  // A failed flight: the thrust's end, in seconds after lift-off.
  std::string failing = launcher;
  failing.replace(failing.find("shape: orbit}"), 13, "shape: orbit, thrust_ends_s: 355}");
  const ScenarioConfig f = loadScenario(scenarioFile("launcher-failed", failing), kData);
  ASSERT_TRUE(f.aim->thrust_ends_s.has_value());
  EXPECT_EQ(*f.aim->thrust_ends_s, 355.0);

  expectRefused(launcher, {
      {"orbit-range", "aim: {azimuth_deg: 180.5, shape: orbit}", "aim: {azimuth_deg: 180.5, range_km: 900, shape: orbit}",
       ":9: error: shape 'orbit' takes 'azimuth_deg' and optionally 'orbit'"},
      {"orbit-low", "aim: {azimuth_deg: 180.5, shape: orbit}", "aim: {azimuth_deg: 180.5, shape: orbit, orbit: {perigee_km: 600, apogee_km: 500}}",
       ":9: error: the orbit's apogee must be at least its perigee"},
      {"orbit-half", "aim: {azimuth_deg: 180.5, shape: orbit}", "aim: {azimuth_deg: 180.5, shape: orbit, orbit: {perigee_km: 600}}",
       ":9: error: missing required key 'apogee_km'"},
      {"orbit-shape", "aim: {azimuth_deg: 180.5, shape: orbit}", "aim: {azimuth_deg: 180.5, range_km: 900, orbit: {perigee_km: 500, apogee_km: 600}}",
       ":9: error: 'orbit' goes with shape 'orbit'"},
      {"last-coast", "    - {}\naim", "    - {coast_s: 10}\naim", ":8: error: the last stage has no next stage to coast to"},
      {"fall-both", "{stage: 2, range_km: 2600,", "{stage: 2, time: \"2012-12-12T10:05:00+09:00\", range_km: 2600,",
       ":14: error: a stage fall reports its 'time', its 'range_km'"},
      {"fall-stage", "{stage: 2,", "{stage: 1.5,", ":14: error: 'stage' is a whole number"},
      {"fall-point-and-range", "{stage: 2, range_km: 2600,", "{stage: 2, lat_deg: 24.1, range_km: 2600,",
       ":14: error: a stage fall reports its 'time', its 'range_km' from the launch point, or its point"},
      {"fall-point-half", "lat_deg: 24.1, lon_deg: 123.9, precision_km: 50,", "lat_deg: 24.1, precision_km: 50,",
       ":15: error: missing required key 'lon_deg'"},
      {"point-no-precision", "precision_km: 100, source: s}", "source: s}", ":16: error: missing required key 'precision_km'"},
      {"point-zero", "precision_km: 100, source: s}", "precision_km: 0, source: s}", ":16:"},
  });
}

// Launches from the catalog of launch sites, and a salvo written once (issue 16): `site` alone
// gives the coordinates (by name, full name or alias, any case); `count`, `interval_s` and
// `targets` expand one raid entry into its launches, named and spaced in turn.
TEST(Loader, ASalvoFromACataloguedSiteIsWrittenOnce) {
  const std::string salvo = R"(name: salvo
launch: {site: Sunan, time: "2017-09-15T06:57:00+09:00"}
missile: {catalog: nodong}
raid:
  - name: Wave
    launch: {site: tongchang-ri}
    delay_s: 60
    count: 3
    interval_s: 30
    targets: [{lat_deg: 35.68, lon_deg: 139.77}, {lat_deg: 34.69, lon_deg: 135.50}]
  - {name: Single, launch: {site: Kittaeryong}, aim: {point: {lat_deg: 38.0, lon_deg: 134.0}}}
)";
  const ScenarioConfig c = loadScenario(scenarioFile("salvo-sites", salvo), kData);
  EXPECT_NEAR(c.launch.lat_deg, 39.22, 0.05);  // Sunan
  EXPECT_NEAR(c.launch.lon_deg, 125.67, 0.05);
  ASSERT_EQ(c.raid.size(), 4u);
  const char* names[] = {"Wave 1", "Wave 2", "Wave 3", "Single"};
  for (std::size_t i = 0; i < 4; ++i) EXPECT_EQ(c.raid[i].name, names[i]);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_NEAR(c.raid[i].launch.lat_deg, 39.66, 0.05) << i;  // Sohae, by an alias in another case
    EXPECT_NEAR(c.raid[i].launch.lon_deg, 124.71, 0.05) << i;
    EXPECT_DOUBLE_EQ(c.raid[i].launch.time.secondsSince(c.launch.time), 60.0 + 30.0 * static_cast<double>(i));
    EXPECT_EQ(c.raid[i].aim.shape, TrajectoryShape::kMinEnergy);
  }
  EXPECT_EQ(*c.raid[0].aim.point_lat_deg, 35.68);  // the targets in turn
  EXPECT_EQ(*c.raid[1].aim.point_lat_deg, 34.69);
  EXPECT_EQ(*c.raid[2].aim.point_lat_deg, 35.68);
  EXPECT_NE(c.raid[3].launch.site.find("Kittaeryong"), std::string::npos);

  expectRefused(salvo, {
      {"site-unknown", "{site: Kittaeryong}", "{site: Kittaeryoung}",
       ":11: error: unknown launch site 'Kittaeryoung' (did you mean 'Kittaeryong'?)"},
      {"count-half", "count: 3", "count: 2.5", ":8: error: 'count' is a whole number of launches"},
      {"interval-alone", "count: 3", "count: 1", ":9: error: 'interval_s' spaces the launches of a 'count' above 1"},
      {"target-bad", "{lat_deg: 34.69, lon_deg: 135.50}", "{lat_deg: 34.69}", ":10: error: missing required key 'lon_deg'"},
      {"no-place", "launch: {site: Sunan, time:", "launch: {time:", ":2: error: 'launch' needs a 'site'"},
  });
}

// A salvo's reports one by one (issue 15): `missile` names the raid launch a report is about; in a
// scenario without a raid, or naming no launch of it, it is refused with its line.
TEST(Loader, AReportNamesTheRaidLaunchItIsAbout) {
  const std::string salvo = R"(name: salvo
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
  impact_zone: {value: beyond-eez, missile: Nodong No. 2, source: s}
)";
  const ScenarioConfig c = loadScenario(scenarioFile("salvo", salvo), kData);
  ASSERT_EQ(c.reported.range_km.size(), 2u);
  EXPECT_EQ(c.reported.range_km[0].missile, "");
  EXPECT_EQ(c.reported.range_km[1].missile, "Nodong No. 2");
  ASSERT_EQ(c.reported.impact_zone.size(), 1u);
  EXPECT_EQ(c.reported.impact_zone[0].missile, "Nodong No. 2");

  const std::string misspelt =
      errorOfEdit("salvo-misspelt", salvo, "missile: Nodong No. 2, source", "missile: Nodong No 2, source");
  EXPECT_NE(misspelt.find(":12: error: unknown raid launch 'Nodong No 2'; did you mean 'Nodong No. 2'?"), std::string::npos)
      << misspelt;
  std::string single = kGood;
  single += "reported:\n  sources: {s: \"a source\"}\n  apogee_km: {value: 770, missile: Hwasong-12, source: s}\n";
  EXPECT_NE(errorOf("no-raid", single).find(":17: error: 'missile' names a launch of the raid, and this scenario has no 'raid'"),
            std::string::npos)
      << errorOf("no-raid", single);
}



// A shooter and a radar under load (issue 16): ready rounds and their reload, fire channels, a
// radar's simultaneous engagements, read as given; nonsense refused with its line.
TEST(Loader, ReadsTheLoadLimitsAndRefusesNonsense) {
  const std::string base = R"(name: load
launch: {site: Sunan, time: "2017-09-15T06:57:00+09:00"}
missile: {catalog: hwasong-12}
aim: {azimuth_deg: 90, range_km: 3700}
sensors:
  - {name: R, type: spy-1d, lat_deg: 38.0, lon_deg: 135.0, engagements: 6}
  - {name: S, type: sbirs-geo, longitude_deg: 150}
shooters:
  - {name: P, interceptor: pac-3-cri, lat_deg: 35.7, lon_deg: 139.7, magazine: 32, ready_rounds: 16, reload_s: 3600, fire_channels: 9}
  - {name: A, interceptor: sm-3-iia, lat_deg: 38.0, lon_deg: 135.0, magazine: 8, radar: R}
)";
  const ScenarioConfig c = loadScenario(scenarioFile("load", base), kData);
  EXPECT_EQ(c.sensors.at(0).engagements, 6);
  EXPECT_EQ(c.shooters.at(0).ready_rounds, 16);
  EXPECT_DOUBLE_EQ(c.shooters.at(0).reload_s, 3600.0);
  EXPECT_EQ(c.shooters.at(0).fire_channels, 9);
  EXPECT_FALSE(c.shooters.at(1).ready_rounds.has_value());
  EXPECT_EQ(c.shooters.at(1).fire_channels, 0);
  expectRefused(base, {
      {"ready-above-magazine", "ready_rounds: 16", "ready_rounds: 40",
       ":9: error: ready_rounds 40 of shooter 'P': expected a whole number of rounds on its launchers (at most the magazine), 1 to 32"},
      {"reload-alone", "ready_rounds: 16, reload_s", "reload_s",
       ":9: error: shooter 'P' has reload_s but no ready_rounds"},
      {"channels-zero", "fire_channels: 9", "fire_channels: 0",
       ":9: error: fire_channels 0 of shooter 'P': expected a whole number of interceptors in flight, 1 to 1000"},
      {"engagements-half", "engagements: 6", "engagements: 2.5",
       ":6: error: engagements 2.5 of radar 'R': expected a whole number"},
      {"engagements-satellite", "longitude_deg: 150}", "longitude_deg: 150, engagements: 2}",
       ":7: error: 'S' is a satellite"},
  });
}



// Decoys and debris (issue 16): a catalog object with overrides, and one written out whole; one
// written out without its whole signature is refused with its line.
TEST(Loader, ReadsTheReleaseAndRefusesADecoyWithoutItsSignature) {
  const std::string base = R"(name: decoys
launch: {site: Sunan, time: "2017-09-15T06:57:00+09:00"}
missile:
  catalog: hwasong-12
  release:
    - {object: balloon-decoy, count: 3, rcs_m2: 0.05}
    - {name: chaff-like, kind: debris, count: 2, rcs_m2: 2.0, ballistic_coefficient_kg_m2: 0.01, ir_temperature_k: 200}
aim: {azimuth_deg: 90, range_km: 3700}
)";
  const ScenarioConfig c = loadScenario(scenarioFile("release", base), kData);
  ASSERT_EQ(c.missile->release.size(), 2u);
  EXPECT_EQ(c.missile->release[0].id, "balloon-decoy");
  EXPECT_EQ(c.missile->release[0].count, 3);
  EXPECT_DOUBLE_EQ(c.missile->release[0].rcs_m2, 0.05);              // overridden
  EXPECT_DOUBLE_EQ(c.missile->release[0].ballistic_coefficient_kg_m2, 0.05);  // the catalog's
  EXPECT_EQ(c.missile->release[1].kind, ReleasedKind::kDebris);
  EXPECT_DOUBLE_EQ(c.missile->release[1].separation_speed_mps, 0.0);
  expectRefused(base, {
      {"no-signature", ", ir_temperature_k: 200}", "}",
       ":7: error: a released object written out needs its signature: 'ir_temperature_k' is missing"},
      {"unknown-object", "object: balloon-decoy", "object: baloon-decoy", ":6: error: unknown released object 'baloon-decoy'"},
      {"count-zero", "count: 3", "count: 0", ":6: error: count 0: expected a whole number of objects, 1 to 100"},
      {"kind-bad", "kind: debris", "kind: debri", ":7: error:"},
      {"mimicry-high", "rcs_m2: 0.05}", "rcs_m2: 0.05, mimicry: 1.5}", ":6: error:"},
  });
  EXPECT_DOUBLE_EQ(c.missile->release[0].mimicry, 0.3);  // the catalog's
  EXPECT_DOUBLE_EQ(c.missile->release[1].mimicry, 0.0);  // written out without one
}

// Discrimination (issue 16): a radar's quality, the prior, the fixed model and the policy's
// threshold are read; a quality on a satellite, a prior of 0 or 1 (no report could move it) and a
// fixed probability below 1/2 are refused with their line.
TEST(Loader, ReadsDiscriminationAndRefusesItOutOfRange) {
  const std::string base = R"(name: discrimination
launch: {site: Sunan, time: "2017-09-15T06:57:00+09:00"}
missile: {catalog: hwasong-12}
aim: {azimuth_deg: 90, range_km: 3700}
sensors:
  - {name: Sat, type: sbirs-geo, longitude_deg: 150}
  - {name: Radar, type: an-tpy-2, site: Shariki, discrimination_dprime: 2}
tracking: {prior_p_lethal: 0.3, fixed_discrimination_p: 0.8}
engagement: {min_p_lethal: 0.2, time_to_go_weight: 1, inventory_weight: 0}
)";
  const ScenarioConfig c = loadScenario(scenarioFile("discrimination", base), kData);
  EXPECT_DOUBLE_EQ(c.sensors[1].discrimination_dprime, 2.0);
  EXPECT_DOUBLE_EQ(c.sensors[0].discrimination_dprime, 0.0);
  EXPECT_DOUBLE_EQ(c.tracking.prior_p_lethal, 0.3);
  EXPECT_DOUBLE_EQ(c.tracking.fixed_discrimination_p.value_or(0.0), 0.8);
  EXPECT_DOUBLE_EQ(c.engagement.min_p_lethal, 0.2);
  EXPECT_DOUBLE_EQ(c.engagement.time_to_go_weight, 1.0);
  EXPECT_DOUBLE_EQ(c.engagement.inventory_weight, 0.0);
  expectRefused(base, {
      {"dprime-on-satellite", "longitude_deg: 150}", "longitude_deg: 150, discrimination_dprime: 1}",
       ":6: error: 'Sat' is a satellite"},
      {"dprime-negative", "discrimination_dprime: 2", "discrimination_dprime: -1", ":7: error:"},
      {"prior-one", "prior_p_lethal: 0.3", "prior_p_lethal: 1", ":8: error:"},
      {"fixed-low", "fixed_discrimination_p: 0.8", "fixed_discrimination_p: 0.4", ":8: error:"},
      {"threshold-high", "min_p_lethal: 0.2", "min_p_lethal: 2", ":9: error:"},
      {"inventory-one", "inventory_weight: 0", "inventory_weight: 1", ":9: error:"},
  });
}



// What an architecture costs (issue 16): availability, crew and a cost with its year and source;
// an availability outside [0, 1] and a cost without its year or source are refused with their line.
TEST(Loader, ReadsAvailabilityCrewAndCostAndRefusesThemIncomplete) {
  const std::string base = R"(name: architecture
launch: {site: Sunan, time: "2017-09-15T06:57:00+09:00"}
missile: {catalog: hwasong-12}
aim: {azimuth_deg: 90, range_km: 3700}
shooters:
  - name: A
    interceptor: sm-3-iia
    lat_deg: 38.0
    lon_deg: 135.0
    magazine: 8
    availability: 0.6
    crew: 240
    cost: {value: 395e9, currency: JPY, year: 2023, source: "a public budget request"}
)";
  const ScenarioConfig c = loadScenario(scenarioFile("architecture", base), kData);
  EXPECT_DOUBLE_EQ(c.shooters.at(0).availability, 0.6);
  EXPECT_EQ(c.shooters.at(0).crew, 240);
  ASSERT_TRUE(c.shooters.at(0).cost.has_value());
  EXPECT_DOUBLE_EQ(c.shooters.at(0).cost->value, 395e9);
  EXPECT_EQ(c.shooters.at(0).cost->year, 2023);
  expectRefused(base, {
      {"availability-above-one", "availability: 0.6", "availability: 1.2",
       ":11: error: availability 1.2 of shooter 'A': expected the share of the time it is on station and working, 0 to 1"},
      {"availability-negative", "availability: 0.6", "availability: -0.1", ":11: error: availability -0.1"},
      {"cost-no-year", ", year: 2023", "", ":13: error: the cost of shooter 'A' needs its 'year'"},
      {"cost-no-source", ", source: \"a public budget request\"", "", ":13: error: the cost of shooter 'A' needs its 'source'"},
      {"cost-currency", "currency: JPY", "currency: EUR", ":13: error:"},
  });
}

}  // namespace
}  // namespace picket::scenario

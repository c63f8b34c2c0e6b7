// scenario/writer.h: the effective configuration written out reads back to the same configuration.
// For every scenario of scenarios/ and events/ and tests/data/config/every-key.yaml (every key the loader reads,
// set away from its default): load, write, load the text written, write again. The two texts must
// be the same, and the two configurations equal member by member (config.h's ==) but for what
// names where a value came from (file and line) and whether a key was given or defaulted. A key
// the writer drops is caught by the second check wherever the file sets it away from its default,
// which every-key.yaml does for every key.
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "common/numbers.h"
#include "common/time.h"
#include "common/version.h"
#include "scenario/loader.h"
#include "scenario/writer.h"

namespace picket::scenario {
namespace {
namespace fs = std::filesystem;

const fs::path kData = PICKET_DATA_DIR;
const fs::path kSource = PICKET_SOURCE_DIR;

fs::path tempFile(const std::string& name, const std::string& text) {
  const fs::path p = fs::temp_directory_path() / fmt::format("picket-writer-test-{}-{}", ::getpid(), name);
  std::ofstream(p) << text;
  return p;
}

// The text after the header comment (which names the file it was written from).
std::string body(const std::string& yaml) {
  const auto end = yaml.find("\n\n");
  return end == std::string::npos ? yaml : yaml.substr(end + 2);
}

// What differs between a configuration and its copy read from another file: where each value was
// read (file, line), the scenario file's hash, and which alert keys were given rather than the
// policy's defaults (the writer gives them all). Whether the policy was given or the launch date's
// is kept: the timeline and alerts.json say which.
void forget(SourceLocation& w) { w = {}; }
void forget(MissileConfig& m) {
  forget(m.where);
  for (ReleasedObjectConfig& r : m.release) forget(r.where);
}
void forget(InterceptorConfig& c) {
  forget(c.where);
  forget(c.propulsion);
}
void forget(std::optional<UncertainQuantity>& q) {
  if (q) forget(q->where);
}
ScenarioConfig normalised(ScenarioConfig c) {
  forget(c.where);
  c.scenario_sha256.clear();
  if (c.missile) forget(*c.missile);
  if (c.aim) forget(c.aim->where);
  for (RaidLaunchConfig& r : c.raid) {
    forget(r.where);
    forget(r.missile);
    forget(r.aim.where);
  }
  if (c.burnout) forget(c.burnout->where);
  forget(c.output.where);
  for (SourceLocation& w : c.output.reference_landmark_where) forget(w);
  for (SensorConfig& s : c.sensors) forget(s.where);
  forget(c.tracking.where);
  forget(c.tracking.filter_where);
  forget(c.alerts.where);
  forget(c.alerts.policy_where);
  c.alerts.latency_given = c.alerts.settle_semi_major_given = c.alerts.settle_shift_given =
      c.alerts.withdraw_given = false;
  for (ShooterConfig& s : c.shooters) {
    forget(s.where);
    forget(s.doctrine_where);
    forget(s.salvo_where);
    forget(s.interceptor);
  }
  for (DefendedAreaConfig& a : c.defended_areas) forget(a.where);
  forget(c.engagement.where);
  for (CoverageConfig& m : c.coverage) {
    forget(m.where);
    forget(m.interceptor);
  }
  UncertaintyConfig& u = c.uncertainty;
  forget(u.where);
  for (auto* q : {&u.launch_time_s, &u.launch_north_m, &u.launch_east_m, &u.thrust, &u.isp, &u.propellant_mass,
                  &u.dry_mass, &u.payload_mass, &u.drag, &u.aim_north_m, &u.aim_east_m, &u.rcs, &u.sensor_noise,
                  &u.decision_latency_s, &u.fire_control_s, &u.link_latency_s, &u.kill_assessment_s,
                  &u.alert_latency_s})
    forget(*q);
  for (InterceptorUncertainty& i : u.interceptors) {
    forget(i.where);
    forget(i.sspk);
    forget(i.reliability);
  }
  forget(c.reported.where);
  return c;
}

// Section by section, so that a failure names the section.
void expectSame(const ScenarioConfig& original, const ScenarioConfig& again, const std::string& what) {
  const ScenarioConfig a = normalised(original), b = normalised(again);
  EXPECT_EQ(a.name, b.name) << what;
  EXPECT_EQ(a.description, b.description) << what;
  EXPECT_EQ(a.seed, b.seed) << what;
  EXPECT_TRUE(a.launch == b.launch) << what << ": launch";
  EXPECT_TRUE(a.missile == b.missile) << what << ": missile";
  EXPECT_TRUE(a.aim == b.aim) << what << ": aim";
  EXPECT_TRUE(a.raid == b.raid) << what << ": raid";
  EXPECT_TRUE(a.burnout == b.burnout) << what << ": burnout";
  EXPECT_TRUE(a.physics == b.physics) << what << ": physics";
  EXPECT_TRUE(a.output == b.output) << what << ": output";
  EXPECT_TRUE(a.sensors == b.sensors) << what << ": sensors";
  EXPECT_TRUE(a.tracking == b.tracking) << what << ": tracking";
  EXPECT_TRUE(a.alerts == b.alerts) << what << ": alerts";
  EXPECT_TRUE(a.shooters == b.shooters) << what << ": shooters";
  EXPECT_TRUE(a.defended_areas == b.defended_areas) << what << ": defended_areas";
  EXPECT_TRUE(a.engagement == b.engagement) << what << ": engagement";
  EXPECT_TRUE(a.coverage == b.coverage) << what << ": coverage";
  EXPECT_TRUE(a.uncertainty == b.uncertainty) << what << ": uncertainty";
  EXPECT_TRUE(a.reported == b.reported) << what << ": reported";
  EXPECT_EQ(a.catalog_sha256, b.catalog_sha256) << what;
  // And the whole, so that a member added to ScenarioConfig itself is not left out.
  EXPECT_TRUE(a == b) << what << ": the whole configuration";
}

std::vector<fs::path> scenarioFiles() {
  std::vector<fs::path> files;
  // The events of the record too: their reported blocks hold every form of report (lists per
  // agency, precision, range, at_least, at_most, gate).
  for (const char* folder : {"scenarios", "events"})
    for (const auto& e : fs::directory_iterator(kSource / folder))
      if (e.path().extension() == ".yaml") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  files.push_back(kSource / "tests" / "data" / "config" / "every-key.yaml");
  return files;
}

TEST(Writer, EveryScenarioReadsBackTheSame) {
  const std::vector<fs::path> files = scenarioFiles();
  ASSERT_GE(files.size(), 8u);
  for (const fs::path& file : files) {
    SCOPED_TRACE(file.string());
    const ScenarioConfig original = loadScenario(file, kData);
    const std::string first = toYaml(original);
    const fs::path written = tempFile(file.filename().string(), first);
    const ScenarioConfig again = loadScenario(written, kData);
    const std::string second = toYaml(again);
    fs::remove(written);
    EXPECT_EQ(body(first), body(second));
    expectSame(original, again, file.filename().string());
    // The header: who wrote it, from which file.
    EXPECT_NE(first.find(fmt::format("picket {} (commit {})", picketVersion(), picketCommit())), std::string::npos);
    EXPECT_NE(first.find("# from " + file.string()), std::string::npos);
  }
}

// The check above can fail: every-key.yaml's text with one key dropped reads back differently.
TEST(Writer, ADroppedKeyIsSeen) {
  const fs::path file = kSource / "tests" / "data" / "config" / "every-key.yaml";
  const ScenarioConfig original = loadScenario(file, kData);
  const std::string text = toYaml(original);
  for (const std::string line : {"  all_clear_latency_s: 121\n", "    salvo: 3\n", "  ipp_converged_km: 7.3\n",
                                 "      cloud_top_alt_m: 9100\n", "    guidance: open-loop\n",
                                 "      time: 2017-09-14T21:58:30.125Z\n"}) {
    const auto at = text.find(line);
    ASSERT_NE(at, std::string::npos) << line;
    std::string cut = text;
    cut.erase(at, line.size());
    const fs::path written = tempFile("cut.yaml", cut);
    const ScenarioConfig again = loadScenario(written, kData);
    fs::remove(written);
    EXPECT_FALSE(normalised(original) == normalised(again)) << line;
  }
}

TEST(Writer, NumbersAndTimesAreExact) {
  // 0.1 km is not 100 m / 1000 in binary: the text must be the one the loader multiplies back.
  for (const double km : {0.1, 3700.123, 26553.7, 1e-3, 12345.678901, 0.3, 7.3}) {
    const double m = km * 1000.0;
    double back = 0.0;
    ASSERT_TRUE(parseDecimal(scaledNumber(m, 1000.0), back));
    EXPECT_EQ(back * 1000.0, m) << km;
  }
  for (const char* text : {"2017-09-15T06:57:00+09:00", "2017-09-14T21:58:30.125Z", "2017-09-15T06:57:00.25+09:00",
                           "2017-09-15T06:57:00.1+09:00", "1999-12-31T23:59:59.999Z"}) {
    UtcTime t, back;
    ASSERT_TRUE(parseIso8601(text, t));
    const std::string iso = isoTime(t);
    ASSERT_TRUE(parseIso8601(iso, back)) << iso;
    EXPECT_EQ(back.unix_s, t.unix_s) << text << " written " << iso;
    EXPECT_EQ(iso.back(), 'Z');
  }
}

}  // namespace
}  // namespace picket::scenario

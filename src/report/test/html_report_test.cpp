// The HTML report's data (data.js, picket-report/1) and how its folder is written. The page itself
// is tested in a real browser by web/test/e2e.mjs.
#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>
#include <unistd.h>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "report/report.h"
#include "scenario/loader.h"
#include "simulation/simulation.h"

namespace picket::report {
namespace {
namespace fs = std::filesystem;
using nlohmann::json;

const simulation::SimulationResult& flagship() {
  static const simulation::SimulationResult r = [] {
    const world::Geography geo = world::Geography::load(PICKET_DATA_DIR);
    return simulation::simulate(
        scenario::loadScenario(std::string(PICKET_SOURCE_DIR) + "/scenarios/hokkaido-2017-09-15.yaml", PICKET_DATA_DIR), geo);
  }();
  return r;
}

// The flagship's missile copied n times, as a raid (only its outputs matter here, not its physics).
simulation::SimulationResult raidOf(std::size_t n) {
  simulation::SimulationResult r = flagship();
  r.defence = {};
  r.engagement = {};
  r.coverage.clear();
  // The timeline's lines about the defence point into what was just cleared: only the flight's stay.
  std::erase_if(r.timeline, [](const simulation::TimelineEvent& e) { return e.kind >= simulation::TimelineKind::kDetect; });
  const simulation::ThreatResult one = r.threats[0];
  r.threats.clear();
  r.config.raid.clear();
  for (std::size_t k = 0; k < n; ++k) {
    r.threats.push_back(one);
    r.threats.back().name = fmt::format("M{}", k + 1);  // not "M" + to_string: GCC 12's -Wrestrict false positive (PR 105329)
    r.config.raid.push_back({r.threats.back().name, {}, {}, {}, {}});
  }
  return r;
}

std::size_t positionSamples(const json& czml, const std::string& prefix) {
  std::size_t n = 0;
  for (const json& p : czml)
    if (p["id"].get<std::string>().rfind(prefix, 0) == 0 && p.contains("position") && p["position"].contains("cartesian"))
      n += p["position"]["cartesian"].size() / 4;
  return n;
}

TEST(ReportData, CarriesTheRunForThePage) {
  const json d = reportData(flagship());
  EXPECT_EQ(d["format"], "picket-report/1");
  EXPECT_EQ(d["epoch_utc"], "2017-09-14T21:57:00.000Z");
  EXPECT_EQ(d["time_zone"]["name"], "JST");
  EXPECT_EQ(d["time_zone"]["utc_offset"], "+09:00");
  // The timeline: events.json's events (every one, the summary's and the flight's phases).
  EXPECT_EQ(d["events"], eventsJson(flagship())["events"]);
  EXPECT_EQ(d["events"].front()["kind"], "launch");
  EXPECT_FALSE(d["summary"].contains("events")) << "the events are carried once";
  // One missile of 1,135 s sampled every second: under the budget, nothing is dropped.
  const auto& th = flagship().threats[0];
  EXPECT_EQ(positionSamples(d["czml"], "missile"), th.track.size());
  ASSERT_EQ(d["series"].size(), 1u);
  EXPECT_EQ(d["series"][0]["t_s"].size(), th.track.size());
  // The plot's ground range ends at the flight's ground range (3,700 km; 1 km: rounding of the aim).
  EXPECT_NEAR(d["series"][0]["range_km"].back().get<double>(), 3700.0, 1.0);
  EXPECT_NEAR(*std::max_element(d["series"][0]["alt_km"].begin(), d["series"][0]["alt_km"].end()), 770.0, 1.0);
  // The home view covers launch (125.67E, 39.22N) to impact (169.41E, 40.79N).
  EXPECT_NEAR(d["bounds"]["west_deg"].get<double>(), 125.67, 0.01);
  EXPECT_NEAR(d["bounds"]["east_deg"].get<double>(), 169.41, 0.02);
  // Alerts for the prefecture fills; the run's files for the page's links.
  ASSERT_TRUE(d["alerts"].is_object());
  EXPECT_EQ(d["alerts"]["messages"][0]["kind"], "alert");
  EXPECT_NE(std::find(d["files"].begin(), d["files"].end(), "summary.json"), d["files"].end());
}

TEST(ReportData, ShowsTheStageGroundTrackAndAShrinkingEllipse) {
  const json czml = reportData(flagship())["czml"];
  bool stage = false, ground = false;
  std::vector<json> ipp;
  for (const json& p : czml) {
    const std::string id = p["id"];
    stage |= id == "stage-1";
    ground |= id == "ground-track" && p["polyline"]["positions"]["cartographicDegrees"].size() > 300;
    if (id.rfind("ipp-1-", 0) == 0) ipp.push_back(p);
  }
  EXPECT_TRUE(stage) << "the spent stage flies on the globe";
  EXPECT_TRUE(ground) << "the ground track is drawn";
  // Each predicted ellipse is shown until the next is made: consecutive intervals, no overlap.
  ASSERT_GE(ipp.size(), 10u);
  ASSERT_LE(ipp.size(), 41u);
  for (std::size_t i = 1; i < ipp.size(); ++i) {
    const std::string prev = ipp[i - 1]["availability"], cur = ipp[i]["availability"];
    EXPECT_EQ(prev.substr(prev.find('/') + 1), cur.substr(0, cur.find('/')));
  }
  // And it shrinks: the last is much smaller than the first (a track's first seconds vs its end).
  const double first = ipp.front()["ellipse"]["semiMajorAxis"], last = ipp.back()["ellipse"]["semiMajorAxis"];
  EXPECT_LT(last, 0.2 * first);
}

TEST(ReportData, StaysWithinItsBudgetsForA300MissileRaid) {
  const simulation::SimulationResult r = raidOf(300);
  const json d = reportData(r);
  const std::size_t each = r.threats[0].track.size();  // about 1,136 samples a missile
  const std::size_t czml = positionSamples(d["czml"], "missile");
  // Budget 60,000 position samples (plus each missile's last, always kept).
  EXPECT_LE(czml, 60000u + 300u);
  EXPECT_GE(czml, 30000u) << "decimated no more than needed";
  std::size_t points = 0;
  for (const json& s : d["series"]) points += s["t_s"].size();
  EXPECT_LE(points, 30000u + 300u);
  // Decimated, each arc keeps its shape: apogee within 2 km of 770 km, the end of the flight kept.
  const json& s = d["series"][299];
  EXPECT_NEAR(*std::max_element(s["alt_km"].begin(), s["alt_km"].end()), 770.0, 2.0);
  EXPECT_DOUBLE_EQ(s["t_s"].back().get<double>(), std::round(r.threats[0].track.back().t_s * 100) / 100);
  EXPECT_LT(s["t_s"].size(), each);
  EXPECT_EQ(s["name"], "M300");
}

class ReportFolder : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("picket-report-test-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(web_ / "cesium");
    for (const char* f : {"manifest.json", "index.html", "cesium/Cesium.js"}) std::ofstream(web_ / f) << f << "\n";
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_, web_ = fs::temp_directory_path() / ("picket-report-test-" + std::to_string(::getpid())) / "web";
};

TEST_F(ReportFolder, CopiesTheWebAssetsAndWritesTheData) {
  EXPECT_TRUE(webAssetsBuilt(web_));
  EXPECT_FALSE(webAssetsBuilt(dir_ / "nowhere"));
  const fs::path out = dir_ / "out";
  fs::create_directories(out);
  writeHtmlReport(flagship(), out, web_);
  EXPECT_TRUE(fs::is_regular_file(out / "report" / "index.html"));
  EXPECT_TRUE(fs::is_regular_file(out / "report" / "cesium" / "Cesium.js"));
  std::ifstream in(out / "report" / "data.js");
  std::stringstream text;
  text << in.rdbuf();
  const std::string js = text.str();
  ASSERT_EQ(js.rfind("window.PICKET_REPORT = ", 0), 0u);
  const json d = json::parse(js.substr(23, js.size() - 23 - 2));  // drop the prefix and ";\n"
  EXPECT_EQ(d["format"], "picket-report/1");
  // Written again over the old one, and nothing temporary left behind.
  std::ofstream(out / "report" / "stale.txt") << "from an older report\n";
  writeHtmlReport(flagship(), out, web_);
  EXPECT_FALSE(fs::exists(out / "report" / "stale.txt"));
  for (const fs::directory_entry& e : fs::directory_iterator(out)) EXPECT_EQ(e.path().filename(), "report");
}

TEST_F(ReportFolder, AMissingAssetFolderIsAnErrorThatLeavesNothing) {
  const fs::path out = dir_ / "out";
  fs::create_directories(out);
  EXPECT_THROW(writeHtmlReport(flagship(), out, dir_ / "nowhere"), InputError);
  EXPECT_TRUE(fs::is_empty(out));
}

}  // namespace
}  // namespace picket::report

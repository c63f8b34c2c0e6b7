#include <gtest/gtest.h>

#include "report/report.h"

namespace picket::report {
namespace {

// A batch made by hand: three trials of two missiles against one shooter, one prefecture in danger.
montecarlo::BatchResult batch(int hokkaido) {
  montecarlo::BatchResult b;
  b.records = {{0, false, "", 2, 0, 0, 0, 0, 0, {2}, {95e3, 104e3}, {{hokkaido, true, true, 240.0}}, {1.01}},
               {1, false, "", 2, 1, 0, 0, 0, 0, {3}, {121e3}, {{hokkaido, true, false, 0.0}}, {0.98}},
               {2, true, "the flight did not come down", 2, 0, 0, 0, 0, 0, {}, {}, {}, {}}};
  b.accumulator = montecarlo::Accumulator(1);
  for (const montecarlo::TrialRecord& r : b.records) b.accumulator.add(r);
  b.statistics = b.accumulator.statistics();
  b.trials_done = 3;
  return b;
}

TEST(MonteCarloFiles, StatisticsPanelsAndTrials) {
  const world::Geography geography = world::Geography::load(PICKET_DATA_DIR);
  const int hokkaido = geography.findPrefecture("Hokkaido");
  ASSERT_GE(hokkaido, 0);
  scenario::ScenarioConfig config;
  config.name = "made by hand";
  config.shooters.resize(1);
  config.shooters[0].name = "THAAD, \"Andersen\"";
  const montecarlo::BatchResult b = batch(hokkaido);
  EXPECT_EQ(b.statistics.failed, 1u);
  EXPECT_EQ(b.statistics.no_leaker.successes, 1u);  // of the 2 that did not fail
  EXPECT_EQ(b.statistics.no_leaker.trials, 2u);

  const nlohmann::json mc = montecarloJson(b, config, geography, 10);
  EXPECT_EQ(mc["format"], "picket-montecarlo/1");
  EXPECT_EQ(mc["complete"], false);  // 3 of the 10 asked for
  EXPECT_EQ(mc["failures"][0]["trial"], 2);
  EXPECT_EQ(mc["leakers"], nlohmann::json({1, 1}));
  EXPECT_EQ(mc["kills"], 3);
  ASSERT_EQ(mc["prefectures"].size(), 1u);
  EXPECT_EQ(mc["prefectures"][0]["prefecture"], "Hokkaido");
  EXPECT_EQ(mc["prefectures"][0]["p_warned"]["successes"], 1);
  EXPECT_EQ(mc["prefectures"][0]["warning_s"]["p50"], 245.0);  // the middle of its 10 s bin
  EXPECT_EQ(mc["p_missed_alert"]["successes"], 1);
  EXPECT_EQ(mc["checkpoint"]["trials_done"], 3);

  const nlohmann::json panels = montecarloPanels(b, config);
  ASSERT_EQ(panels["histograms"].size(), 3u);  // leakers, the shooter's interceptors, kill altitudes
  EXPECT_EQ(panels["histograms"][0]["counts"], nlohmann::json({1, 1}));
  EXPECT_EQ(panels["histograms"][1]["edges"], nlohmann::json({2.0, 3.0, 4.0}));  // 2 and 3 interceptors
  EXPECT_EQ(panels["histograms"][1]["counts"], nlohmann::json({1, 1}));
  const nlohmann::json& alt = panels["histograms"][2];
  EXPECT_EQ(alt["edges"].front(), 90.0);
  EXPECT_EQ(alt["edges"].back(), 130.0);
  EXPECT_EQ(alt["counts"], nlohmann::json({1, 1, 0, 1}));  // 95, 104 and 121 km in 10 km bins from 90

  // trials.csv quotes what may hold commas or quotes (RFC 4180), and carries the draws.
  std::string csv = trialsCsvHeader(config, {"thrust:Hwasong-12"});
  for (const montecarlo::TrialRecord& r : b.records) csv += trialsCsvLine(r, config, 1);
  EXPECT_NE(csv.find("\"shots THAAD, \"\"Andersen\"\"\",\"thrust:Hwasong-12\",failure"), std::string::npos) << csv;
  EXPECT_NE(csv.find("0,0,2,0,2,1.01,\"\""), std::string::npos) << csv;
  EXPECT_NE(csv.find("2,1,2,0,0,,\"the flight did not come down\""), std::string::npos) << csv;
}

}  // namespace
}  // namespace picket::report

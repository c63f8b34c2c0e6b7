#include <gtest/gtest.h>

#include "report/report.h"

namespace picket::report {
namespace {

// A batch made by hand: three trials of two missiles against one shooter.
montecarlo::BatchResult batch() {
  montecarlo::BatchResult b;
  b.records = {{0, false, "", 2, 0, {2}, {95e3, 104e3}},
               {1, false, "", 2, 1, {3}, {121e3}},
               {2, true, "the flight did not come down", 2, 0, {}, {}}};
  b.statistics = montecarlo::reduce(b.records, 1);
  return b;
}

TEST(MonteCarloFiles, StatisticsPanelsAndTrials) {
  scenario::ScenarioConfig config;
  config.name = "made by hand";
  config.shooters.resize(1);
  config.shooters[0].name = "THAAD, \"Andersen\"";
  const montecarlo::BatchResult b = batch();
  EXPECT_EQ(b.statistics.failed, 1u);
  EXPECT_EQ(b.statistics.no_leaker.successes, 1u);  // of the 2 that did not fail
  EXPECT_EQ(b.statistics.no_leaker.trials, 2u);

  const nlohmann::json mc = montecarloJson(b, config, 0);
  EXPECT_EQ(mc["format"], "picket-montecarlo/1");
  EXPECT_EQ(mc["failures"][0]["trial"], 2);
  EXPECT_EQ(mc["leakers"], nlohmann::json({1, 1}));
  EXPECT_EQ(mc["kills"], 3);

  const nlohmann::json panels = montecarloPanels(b, config);
  ASSERT_EQ(panels["histograms"].size(), 3u);  // leakers, the shooter's interceptors, kill altitudes
  EXPECT_EQ(panels["histograms"][0]["counts"], nlohmann::json({1, 1}));
  EXPECT_EQ(panels["histograms"][1]["counts"], nlohmann::json({0, 0, 1, 1}));  // 2 and 3 interceptors
  const nlohmann::json& alt = panels["histograms"][2];
  EXPECT_EQ(alt["edges"].front(), 90.0);
  EXPECT_EQ(alt["edges"].back(), 130.0);
  EXPECT_EQ(alt["counts"], nlohmann::json({1, 1, 0, 1}));  // 95, 104 and 121 km in 10 km bins from 90

  // trials.csv quotes what may hold commas or quotes (RFC 4180).
  const std::string csv = trialsCsv(b, config);
  EXPECT_NE(csv.find("\"shots THAAD, \"\"Andersen\"\"\""), std::string::npos) << csv;
  EXPECT_NE(csv.find("2,1,2,0,0,\"the flight did not come down\""), std::string::npos) << csv;
}

}  // namespace
}  // namespace picket::report

#include <gtest/gtest.h>

#include <filesystem>

#include "scenario/loader.h"
#include "simulation/work_estimate.h"

namespace picket::simulation {
namespace {

TEST(WorkEstimate, CountsCellsFlightsAndLaunches) {
  const scenario::ScenarioConfig guam =
      scenario::loadScenario(std::string(PICKET_SOURCE_DIR) + "/scenarios/guam-salvo-2017.yaml", PICKET_DATA_DIR);
  const WorkEstimate e = estimateWork(guam);
  ASSERT_EQ(e.items.size(), 3u);
  EXPECT_EQ(e.items[0].units, 4u);      // launches
  EXPECT_EQ(e.items[1].units, 4800u);   // 80 x 60 shooter-grid cells
  EXPECT_EQ(e.items[2].units, 14400u);  // 9 x 40 x 40 footprint flights (coverage.h)
  EXPECT_EQ(e.describe(), "4 launches (raid), 4,800 cells (coverage map sm-3-ib-ship), 14,400 flights (coverage map "
                          "thaad-andersen)");
  EXPECT_GT(e.costliest().line, 0);
  // More threads: less wall time for the parallel parts only.
  EXPECT_LT(e.wall_s(8), e.wall_s(1));
  EXPECT_GT(e.wall_s(1000), kBaseRun_s + e.items[0].cpu_s - 1e-9);
}

TEST(WorkEstimate, NoShippedScenarioNeedsConfirmation) {
  // What we ship must run with the plain command, on the CI's two cores.
  for (const auto& f : std::filesystem::directory_iterator(std::string(PICKET_SOURCE_DIR) + "/scenarios")) {
    if (f.path().extension() != ".yaml") continue;
    const WorkEstimate e = estimateWork(scenario::loadScenario(f.path(), PICKET_DATA_DIR));
    EXPECT_LT(e.wall_s(2), kConfirmAbove_s) << f.path() << ": " << e.describe();
  }
}

TEST(WorkEstimate, Durations) {
  EXPECT_EQ(formatDuration(45.2), "45 s");
  EXPECT_EQ(formatDuration(900.0), "15 min");
  EXPECT_EQ(formatDuration(9000.0), "2.5 h");
}

}  // namespace
}  // namespace picket::simulation

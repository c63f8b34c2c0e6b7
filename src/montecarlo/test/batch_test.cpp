#include <gtest/gtest.h>

#include "montecarlo/batch.h"
#include "scenario/loader.h"

namespace picket::montecarlo {
namespace {

TEST(Wilson, AgreesWithTheClosedForm) {
  // 0 of 10: the upper bound is z^2 / (n + z^2) = 0.2775; 5 of 10: 0.5 -+ 0.2634 (Wilson 1927;
  // the values of Agresti and Coull 1998, table 1, for n = 10).
  const Proportion none = wilson(0, 10);
  EXPECT_EQ(none.estimate, 0.0);
  EXPECT_EQ(none.lo, 0.0);
  EXPECT_NEAR(none.hi, 0.2775, 5e-5);
  const Proportion half = wilson(5, 10);
  EXPECT_NEAR(half.lo, 0.2366, 5e-5);
  EXPECT_NEAR(half.hi, 0.7634, 5e-5);
  const Proportion all = wilson(10, 10);
  EXPECT_NEAR(all.lo, 1.0 - 0.2775, 5e-5);
  EXPECT_NEAR(all.hi, 1.0, 1e-12);
  EXPECT_EQ(wilson(0, 0).trials, 0u);
}

bool same(const TrialRecord& a, const TrialRecord& b) {
  return a.trial == b.trial && a.failed == b.failed && a.leakers == b.leakers && a.missiles == b.missiles &&
         a.shots_per_shooter == b.shots_per_shooter && a.kill_alt_m == b.kill_alt_m;
}

TEST(Batch, TheSameOnOneOrTwoThreadsAndEachTrialReplays) {
  const scenario::ScenarioConfig config = scenario::loadScenario(
      std::string(PICKET_SOURCE_DIR) + "/scenarios/guam-salvo-2017.yaml", PICKET_DATA_DIR);
  const world::Geography geography = world::Geography::load(PICKET_DATA_DIR);
  const std::unique_ptr<const simulation::Models> models = simulation::buildModels(config, geography, {});
  BatchOptions one;
  one.trials = 6;
  one.threads = 1;
  BatchOptions two = one;
  two.threads = 2;
  const BatchResult a = runBatch(*models, one);
  const BatchResult b = runBatch(*models, two);
  ASSERT_EQ(a.records.size(), 6u);
  for (std::size_t k = 0; k < a.records.size(); ++k) {
    EXPECT_TRUE(same(a.records[k], b.records[k])) << k;
    EXPECT_EQ(a.records[k].trial, k);
    EXPECT_FALSE(a.records[k].failed) << a.records[k].failure;
  }
  // Bit-identical statistics (==, not near).
  EXPECT_EQ(a.statistics.no_leaker.estimate, b.statistics.no_leaker.estimate);
  EXPECT_EQ(a.statistics.no_leaker.lo, b.statistics.no_leaker.lo);
  EXPECT_EQ(a.statistics.kill_alt_m.mean, b.statistics.kill_alt_m.mean);
  EXPECT_EQ(a.statistics.leakers, b.statistics.leakers);
  // The salvo fires, and the kill draws differ from trial to trial: not every trial is the same.
  EXPECT_GT(a.statistics.kills, 0u);
  bool differ = false;
  for (const TrialRecord& r : a.records)
    differ = differ || r.kill_alt_m != a.records.front().kill_alt_m || r.leakers != a.records.front().leakers;
  EXPECT_TRUE(differ);
  // Trial 4 alone is trial 4 of the batch.
  simulation::SimulationOptions run;
  run.coverage_maps = false;
  TrialRecord alone = recordOf(simulation::run(*models, 4, run));
  EXPECT_TRUE(same(alone, a.records[4]));
}

}  // namespace
}  // namespace picket::montecarlo

namespace picket::montecarlo {
namespace {

TEST(Batch, StopsWhenTheIntervalIsNarrowEnough) {
  // The flagship's defence of the day fires nothing, so no trial is leak-free: 0 of n, whose Wilson
  // interval is [0, z^2 / (n + z^2)]: 0.057 wide after one round of 64, 0.029 after two. Asked for
  // 0.05, the rule must stop after exactly two rounds.
  scenario::ScenarioConfig config = scenario::loadScenario(
      std::string(PICKET_SOURCE_DIR) + "/scenarios/hokkaido-2017-09-15.yaml", PICKET_DATA_DIR);
  const world::Geography geography = world::Geography::load(PICKET_DATA_DIR);
  const std::unique_ptr<const simulation::Models> models = simulation::buildModels(config, geography, {});
  BatchOptions options;
  options.trials = 1000;
  options.threads = 2;
  const BatchResult r = runUntilInterval(*models, 0.05, options);
  EXPECT_EQ(r.records.size(), 2 * kRound);
  EXPECT_EQ(r.statistics.no_leaker.successes, 0u);
  EXPECT_LT(r.statistics.no_leaker.hi - r.statistics.no_leaker.lo, 0.05);
  EXPECT_EQ(r.records.back().trial, 2 * kRound - 1);
}

}  // namespace
}  // namespace picket::montecarlo

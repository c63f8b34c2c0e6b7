#include <gtest/gtest.h>

#include <sys/resource.h>

#include <atomic>

#include "common/random.h"
#include "montecarlo/batch.h"
#include "montecarlo/mpi.h"
#include "scenario/loader.h"
#include "simulation/scoring.h"

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

// A shipped scenario's models, with the geography they point into.
struct Shipped {
  world::Geography geography = world::Geography::load(PICKET_DATA_DIR);
  std::unique_ptr<const simulation::Models> models;
  explicit Shipped(const std::string& file)
      : models(simulation::buildModels(
            scenario::loadScenario(std::string(PICKET_SOURCE_DIR) + "/scenarios/" + file, PICKET_DATA_DIR), geography,
            {})) {}
};

bool same(const TrialRecord& a, const TrialRecord& b) {
  return a.trial == b.trial && a.failed == b.failed && a.leakers == b.leakers && a.missiles == b.missiles && a.nuclear == b.nuclear &&
         a.nuclear_leakers == b.nuclear_leakers && a.conventional_leakers == b.conventional_leakers &&
         a.rounds_not_at_warheads == b.rounds_not_at_warheads &&
         a.shots_per_shooter == b.shots_per_shooter && a.kill_alt_m == b.kill_alt_m && a.draws == b.draws;
}

TEST(Batch, TheSameOnOneOrTwoThreadsAndEachTrialReplays) {
  const Shipped shipped("guam-salvo-2017.yaml");
  const simulation::Models* models = shipped.models.get();
  BatchOptions one;
  one.trials = 6;
  one.threads = 1;
  one.keep_records = true;
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
  EXPECT_EQ(a.statistics.kill_alt_m.sum, b.statistics.kill_alt_m.sum);
  EXPECT_EQ(a.statistics.leakers, b.statistics.leakers);
  // The salvo fires, and the kill draws differ from trial to trial: not every trial is the same.
  EXPECT_GT(a.statistics.kills(), 0u);
  bool differ = false;
  for (const TrialRecord& r : a.records)
    differ = differ || r.kill_alt_m != a.records.front().kill_alt_m || r.leakers != a.records.front().leakers;
  EXPECT_TRUE(differ);
  // Trial 4 alone is trial 4 of the batch.
  simulation::SimulationOptions run;
  run.coverage_maps = false;
  run.draw_uncertainty = true;  // as `picket run --trial 4` does
  TrialRecord alone = recordOf(simulation::run(*models, 4, run));
  EXPECT_TRUE(same(alone, a.records[4]));
}

}  // namespace
}  // namespace picket::montecarlo

namespace picket::montecarlo {
namespace {

// A mixed barrage (scenarios/mixed-barrage.yaml: two nuclear warheads, four conventional, with
// decoys and debris): each trial's record counts its leakers by what they carried, from the same
// truth as the outputs (simulation/scoring.h), and the rounds spent on what was not a warhead; the
// statistics carry both, and P(no nuclear warhead down) is at least P(no leaker).
TEST(Batch, AMixedBarrageCountsLeakersByKindAndRoundsOnDecoys) {
  const Shipped shipped("mixed-barrage.yaml");
  BatchOptions options;
  options.trials = 4;
  options.keep_records = true;
  const BatchResult b = runBatch(*shipped.models, options);
  ASSERT_EQ(b.records.size(), 4u);
  int not_at_warheads = 0;
  for (const TrialRecord& r : b.records) {
    ASSERT_FALSE(r.failed) << r.failure;
    EXPECT_EQ(r.nuclear, 2);
    EXPECT_EQ(r.nuclear_leakers + r.conventional_leakers, r.leakers);  // every missile labelled
    EXPECT_LE(r.nuclear_leakers, 2);
    EXPECT_LE(r.conventional_leakers, 4);
    not_at_warheads += r.rounds_not_at_warheads;
    const simulation::SimulationResult one = simulation::run(*shipped.models, r.trial, [] {
      simulation::SimulationOptions o;
      o.coverage_maps = false;
      o.draw_uncertainty = true;
      return o;
    }());
    EXPECT_EQ(simulation::leakersOf(one).nuclear, r.nuclear_leakers);
  }
  EXPECT_GT(not_at_warheads, 0);  // the decoys draw rounds in vacuum (docs/engagement.md)
  const Statistics& s = b.statistics;
  EXPECT_TRUE(s.labelled_nuclear);
  EXPECT_EQ(s.nuclear_leakers.n, 4u);
  EXPECT_GE(s.no_nuclear_leaker.estimate, s.no_leaker.estimate);
  EXPECT_DOUBLE_EQ(s.rounds_not_at_warheads.sum, not_at_warheads);
}

TEST(Batch, StopsWhenTheIntervalIsNarrowEnough) {
  // The flagship's defence of the day fires nothing, so no trial is leak-free: 0 of n, whose Wilson
  // interval is [0, z^2 / (n + z^2)]: 0.057 wide after one round of 64, 0.029 after two. Asked for
  // 0.05, the rule must stop after exactly two rounds.
  const Shipped shipped("hokkaido-2017-09-15.yaml");
  const simulation::Models* models = shipped.models.get();
  BatchOptions options;
  options.trials = 1000;
  options.threads = 2;
  options.until_width = 0.05;
  options.keep_records = true;
  const BatchResult r = runBatch(*models, options);
  EXPECT_TRUE(r.narrow_enough);
  EXPECT_EQ(r.records.size(), 2 * kRound);
  EXPECT_EQ(r.statistics.no_leaker.successes, 0u);
  EXPECT_LT(r.statistics.no_leaker.hi - r.statistics.no_leaker.lo, 0.05);
  EXPECT_EQ(r.records.back().trial, 2 * kRound - 1);
}

TEST(Batch, AStoppedBatchResumedIsTheBatchThatNeverStopped) {
  // A stop between chunks, the state saved as JSON text and read back, the rest run from it: the
  // statistics and the records equal those of one uninterrupted batch, to the bit.
  const Shipped shipped("guam-salvo-2017.yaml");
  const simulation::Models* models = shipped.models.get();
  BatchOptions whole;
  whole.trials = kRound + 8;
  whole.threads = 2;
  whole.keep_records = true;
  const BatchResult straight = runBatch(*models, whole);

  std::atomic<bool> stop{false};
  BatchOptions first = whole;
  first.stop = &stop;
  std::vector<TrialRecord> seen;
  first.sink = [&](const TrialRecord& r) {
    seen.push_back(r);
    if (seen.size() == 3) stop = true;  // Ctrl-C during the first chunk: it finishes, no more
  };
  const BatchResult stopped = runBatch(*models, first);
  EXPECT_TRUE(stopped.stopped);
  ASSERT_EQ(stopped.trials_done, kRound);
  BatchOptions rest = whole;
  rest.threads = 1;
  rest.resume = Accumulator::fromState(nlohmann::json::parse(stopped.accumulator.state().dump()));
  const BatchResult resumed = runBatch(*models, rest);
  EXPECT_FALSE(resumed.stopped);
  EXPECT_EQ(resumed.trials_done, whole.trials);
  ASSERT_EQ(resumed.records.size(), 8u);
  for (std::size_t k = 0; k < 8; ++k) EXPECT_TRUE(same(resumed.records[k], straight.records[kRound + k])) << k;
  EXPECT_EQ(resumed.accumulator.state(), straight.accumulator.state());
  EXPECT_EQ(resumed.statistics.no_leaker.estimate, straight.statistics.no_leaker.estimate);
  EXPECT_EQ(resumed.statistics.kill_alt_m.sum, straight.statistics.kill_alt_m.sum);
}

long maxRss_kB() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;
}

TEST(Batch, AMillionTrialsStayInBoundedMemory) {
  // The statistics of a million trials (records made up, as a scenario's would be: a few kills,
  // shots per shooter, prefectures warned) fit in a bounded state: histograms of bounded values,
  // counts and sums. The bound: the state's text under 64 KB, and the process's peak memory grown
  // by less than 16 MB over the million (the records themselves would take over 200 MB).
  const long before_kB = maxRss_kB();
  Accumulator acc(3);
  RandomStream rng(1, "test", 0);
  for (std::uint64_t t = 0; t < 1000000; ++t) {
    TrialRecord r;
    r.trial = t;
    r.failed = rng.uniform() < 1e-3;
    if (r.failed) r.failure = "a draw that cannot fly";
    r.missiles = 4;
    r.leakers = static_cast<int>(4.0 * rng.uniform() * rng.uniform());
    r.shots_per_shooter = {static_cast<int>(12.0 * rng.uniform()), 0, static_cast<int>(8.0 * rng.uniform())};
    for (int k = 0; k < 4 - r.leakers; ++k) r.kill_alt_m.push_back(80e3 + 100e3 * rng.uniform());
    r.prefectures = {{7, true, rng.uniform() < 0.95, 60.0 + 60.0 * rng.uniform()}, {12, false, true, 0.0}};
    acc.add(r);
  }
  EXPECT_EQ(acc.trials(), 1000000u);
  EXPECT_LT(acc.state().dump().size(), 64u * 1024u);
  EXPECT_LT(maxRss_kB() - before_kB, 16 * 1024);
  const Statistics s = acc.statistics();
  EXPECT_EQ(s.failures.size(), kMaxFailuresKept);
  EXPECT_NEAR(s.shots_per_shooter[0].quantiles(true).mean, 5.5, 0.01);  // uniform on 0..11
  EXPECT_NEAR(s.prefectures[0].warned.estimate, 0.95, 0.002);
  EXPECT_NEAR(s.false_alarm.estimate, 1.0, 1e-3);  // prefecture 12 alerted, never in danger
}

TEST(Batch, RecordsTravelBetweenProcessesExactly) {
  // What MPI carries (mpi.h): a record to bytes and back, bit for bit.
  TrialRecord r{7, true, "why, with \"quotes\"", 4, 1, 2, 1, 0, 3, {1, 0, 3}, {101234.56789, 0.1}, {{3, true, false, -2.5}}, {1.0 / 3.0}};
  std::vector<char> bytes;
  appendRecord(r, bytes);
  appendRecord(r, bytes);
  const char* p = bytes.data();
  const TrialRecord a = readRecord(p, bytes.data() + bytes.size());
  const TrialRecord b = readRecord(p, bytes.data() + bytes.size());
  for (const TrialRecord* x : {&a, &b}) {
    EXPECT_TRUE(same(*x, r));
    EXPECT_EQ(x->failure, r.failure);
    EXPECT_EQ(x->draws, r.draws);
    ASSERT_EQ(x->prefectures.size(), 1u);
    EXPECT_EQ(x->prefectures[0].warning_s, -2.5);
  }
  EXPECT_EQ(p, bytes.data() + bytes.size());
  const char* q = bytes.data();
  EXPECT_THROW((void)readRecord(q, bytes.data() + 5), std::runtime_error);  // cut short
}

}  // namespace
}  // namespace picket::montecarlo

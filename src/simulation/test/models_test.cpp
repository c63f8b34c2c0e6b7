// Build once, run many (models.h): a trial on shared models is the single run for trial 0, the
// same trial gives the same result on any thread, and another trial draws other numbers.
#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "scenario/loader.h"
#include "simulation/models.h"
#include "simulation/simulation.h"

namespace picket::simulation {
namespace {

// The Guam salvo: four missiles, radars and shots (the flagship's defence of the day fires none).
struct Guam {
  scenario::ScenarioConfig config = scenario::loadScenario(std::string(PICKET_SOURCE_DIR) + "/scenarios/guam-salvo-2017.yaml",
                                                           PICKET_DATA_DIR);
  world::Geography geography = world::Geography::load(PICKET_DATA_DIR);
  Guam() { config.coverage.clear(); }  // analysis on top of a run: not needed here
};

// What a trial's randomness reaches: the radars' measurements and the shots' kill draws.
struct Fingerprint {
  std::vector<double> ranges_m;
  std::vector<double> draws;
  std::size_t tracks = 0;
  double impact_lat_deg = 0.0;
  bool operator==(const Fingerprint&) const = default;
};

Fingerprint fingerprint(const SimulationResult& r) {
  Fingerprint f;
  for (const sensors::RadarDetection& d : r.defence.radar_detections) f.ranges_m.push_back(d.z.x());
  for (const engagement::Shot& s : r.engagement.shots) f.draws.push_back(s.draw);
  f.tracks = r.defence.tracks.size();
  f.impact_lat_deg = r.threats.front().flight.impact.position.lat_deg;
  return f;
}

TEST(Models, TrialZeroIsTheSingleRun) {
  const Guam s;
  const std::unique_ptr<const Models> models = buildModels(s.config, s.geography, {});
  const SimulationResult single = simulate(s.config, s.geography);
  const SimulationResult trial0 = run(*models, 0);
  EXPECT_EQ(fingerprint(trial0), fingerprint(single));
  EXPECT_FALSE(fingerprint(single).ranges_m.empty());
  EXPECT_FALSE(fingerprint(single).draws.empty());
  ASSERT_EQ(trial0.timeline.size(), single.timeline.size());
  for (std::size_t i = 0; i < single.timeline.size(); ++i) EXPECT_EQ(trial0.timeline[i].text, single.timeline[i].text);
}

TEST(Models, TrialsDrawTheirOwnNumbersTheSameOnAnyThread) {
  const Guam s;
  const std::unique_ptr<const Models> models = buildModels(s.config, s.geography, {});
  constexpr int kTrials = 3;
  std::vector<Fingerprint> sequential;
  for (int k = 0; k < kTrials; ++k) sequential.push_back(fingerprint(run(*models, static_cast<std::uint64_t>(k))));
  // Another trial, other draws: the measurements and the kill draws differ; the flight does not.
  for (int k = 1; k < kTrials; ++k) {
    EXPECT_NE(sequential[k].ranges_m, sequential[0].ranges_m) << k;
    EXPECT_NE(sequential[k].draws, sequential[0].draws) << k;
    EXPECT_EQ(sequential[k].impact_lat_deg, sequential[0].impact_lat_deg) << k;
  }
  // The same trials on two threads sharing the models, in the other order: the same results.
  std::vector<Fingerprint> parallel(kTrials);
  std::vector<std::thread> threads;
  for (int t = 0; t < 2; ++t)
    threads.emplace_back([&, t] {
      for (int k = kTrials - 1 - t; k >= 0; k -= 2)
        parallel[static_cast<std::size_t>(k)] = fingerprint(run(*models, static_cast<std::uint64_t>(k)));
    });
  for (std::thread& th : threads) th.join();
  for (int k = 0; k < kTrials; ++k) EXPECT_EQ(parallel[static_cast<std::size_t>(k)], sequential[static_cast<std::size_t>(k)]) << k;
}

}  // namespace
}  // namespace picket::simulation

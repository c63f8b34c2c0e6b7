// Saturation (issue 16; docs/engagement.md, "Saturation"): scenarios/japan-saturation.yaml under
// load. The battle manager's limits hold on every shot of a raid and bind (without them it fires
// more at once), and the odds behave as a defence's must: P(no leaker) and the leakers get worse
// as the raid grows and better as shooters are added, on the same random numbers.
#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include "montecarlo/batch.h"
#include "scenario/loader.h"
#include "simulation/models.h"
#include "simulation/simulation.h"

namespace picket::montecarlo {
namespace {

const std::string kScenario = std::string(PICKET_SOURCE_DIR) + "/scenarios/japan-saturation.yaml";

const world::Geography& geography() {
  static const world::Geography g = world::Geography::load(PICKET_DATA_DIR);
  return g;
}

// The scenario with its raid's size and some keys changed, as `picket sweep --vary` changes them.
scenario::ScenarioConfig saturation(int count, const std::vector<std::pair<std::string, std::string>>& set = {}) {
  YAML::Node root = YAML::LoadFile(kScenario);
  scenario::setPath(root, "raid.0.count", std::to_string(count), "test");
  for (const auto& [k, v] : set) scenario::setPath(root, k, v, "test");
  return scenario::loadScenario(root, kScenario, PICKET_DATA_DIR);
}

struct Round {
  double launch_t_s, intercept_t_s;
};

// The most rounds in flight at once.
int mostInFlight(const std::vector<Round>& rounds) {
  int most = 0;
  for (const Round& r : rounds) {
    const int n = static_cast<int>(std::count_if(rounds.begin(), rounds.end(), [&](const Round& u) {
      return u.launch_t_s <= r.launch_t_s && r.launch_t_s < u.intercept_t_s;
    }));
    most = std::max(most, n);
  }
  return most;
}

struct Load {
  std::map<int, std::vector<Round>> by_shooter, by_radar;
};

Load loadOf(const simulation::SimulationResult& r) {
  Load l;
  for (const engagement::Shot& s : r.engagement.shots) {
    l.by_shooter[s.shooter].push_back({s.launch_t_s, s.intercept_t_s});
    const std::string& radar = r.config.shooters.at(static_cast<std::size_t>(s.shooter)).radar;
    for (std::size_t k = 0; k < r.config.sensors.size(); ++k)
      if (!radar.empty() && r.config.sensors[k].name == radar) l.by_radar[static_cast<int>(k)].push_back({s.launch_t_s, s.intercept_t_s});
  }
  return l;
}

TEST(Saturation, MagazinesChannelsRadarsAndReloadsAreNeverExceeded) {
  // 24 missiles, with tight limits so that they bind: two rounds in flight per ship, three on each
  // radar, and PAC-3 fire units holding 2 rounds ready, reloaded 120 s after they are spent.
  std::vector<std::pair<std::string, std::string>> tight = {
      {"shooters[Ship off Sado, on Araya's track].fire_channels", "2"},
      {"shooters[Ship off Oki, on Mutsumi's track].fire_channels", "2"},
      {"sensors[Araya radar].engagements", "3"},
      {"sensors[Mutsumi radar].engagements", "3"}};
  for (const char* pac : {"PAC-3, Ichigaya (Tokyo)", "PAC-3, Osaka", "PAC-3, Misawa", "PAC-3, Iwakuni"}) {
    tight.emplace_back(fmt::format("shooters[{}].ready_rounds", pac), "2");
    tight.emplace_back(fmt::format("shooters[{}].reload_s", pac), "120");
  }
  const scenario::ScenarioConfig config = saturation(24, tight);
  const simulation::SimulationResult r = simulation::simulate(config, geography());
  const Load load = loadOf(r);
  ASSERT_GT(r.engagement.shots.size(), 20u);
  for (const auto& [si, rounds] : load.by_shooter) {
    const scenario::ShooterConfig& c = config.shooters.at(static_cast<std::size_t>(si));
    EXPECT_LE(static_cast<int>(rounds.size()), c.magazine) << c.name;
    EXPECT_EQ(r.engagement.magazine_left.at(static_cast<std::size_t>(si)), c.magazine - static_cast<int>(rounds.size())) << c.name;
    if (c.fire_channels > 0) {
      EXPECT_LE(mostInFlight(rounds), c.fire_channels) << c.name;
    }
    if (c.ready_rounds) {  // round k (in time order) waits for its batch's reload
      std::vector<double> t;
      for (const Round& x : rounds) t.push_back(x.launch_t_s);
      std::sort(t.begin(), t.end());
      const auto ready = static_cast<std::size_t>(*c.ready_rounds);
      for (std::size_t k = ready; k < t.size(); ++k)
        EXPECT_GE(t[k], t[(k / ready) * ready - 1] + c.reload_s - 1e-6) << c.name << " round " << k;
    }
  }
  for (const auto& [radar, rounds] : load.by_radar) {
    EXPECT_LE(mostInFlight(rounds), config.sensors.at(static_cast<std::size_t>(radar)).engagements);
  }

  // Without the limits, the same raid puts more rounds in flight at once on a ship or a radar, and
  // a fire unit fires past its two ready rounds sooner: the limits above are what held it.
  scenario::ScenarioConfig free = config;
  for (scenario::ShooterConfig& s : free.shooters) {
    s.fire_channels = 0;
    s.ready_rounds.reset();
    s.reload_s = 0.0;
  }
  for (scenario::SensorConfig& s : free.sensors) s.engagements = 0;
  const Load unlimited = loadOf(simulation::simulate(free, geography()));
  int most_ship = 0, most_radar = 0;
  for (const auto& [si, rounds] : unlimited.by_shooter) {
    if (config.shooters.at(static_cast<std::size_t>(si)).name.starts_with("Ship")) most_ship = std::max(most_ship, mostInFlight(rounds));
  }
  for (const auto& [radar, rounds] : unlimited.by_radar) most_radar = std::max(most_radar, mostInFlight(rounds));
  EXPECT_GT(most_ship, 2);
  EXPECT_GT(most_radar, 3);
}

// Mean leakers and P(no leaker) of a batch of the scenario.
struct Odds {
  double p_no_leaker = 0.0, mean_leakers = 0.0;
};
Odds odds(const scenario::ScenarioConfig& config, std::uint64_t trials) {
  const std::unique_ptr<const simulation::Models> models = simulation::buildModels(config, geography(), {});
  BatchOptions o;
  o.trials = trials;
  const BatchResult b = runBatch(*models, o);
  Odds out;
  out.p_no_leaker = b.statistics.no_leaker.estimate;
  double sum = 0.0, n = 0.0;
  for (std::size_t k = 0; k < b.statistics.leakers.size(); ++k) {
    sum += static_cast<double>(k) * static_cast<double>(b.statistics.leakers[k]);
    n += static_cast<double>(b.statistics.leakers[k]);
  }
  out.mean_leakers = n > 0.0 ? sum / n : 0.0;
  return out;
}

TEST(Saturation, OddsFallAsTheRaidGrowsAndRiseWithShooters) {
  // Measured with 20 trials a point (bench/README.md, issue 16): 4 missiles P = 1.0 and 0 leakers;
  // 24 missiles 3.2 leakers without Aegis Ashore, 2.4 with it. 32 trials a point, the same seed.
  const Odds small = odds(saturation(4), 32);
  const Odds big_without = odds(saturation(24, {{"shooters[Aegis Ashore Araya].magazine", "0"}}), 32);
  const Odds big_with = odds(saturation(24), 32);
  EXPECT_GT(small.p_no_leaker, 0.9);
  EXPECT_LT(big_without.p_no_leaker, 0.3);
  EXPECT_LT(small.mean_leakers, big_with.mean_leakers);
  EXPECT_LT(big_with.mean_leakers, big_without.mean_leakers - 0.3);
  EXPECT_GE(big_with.p_no_leaker, big_without.p_no_leaker);
}

}  // namespace
}  // namespace picket::montecarlo

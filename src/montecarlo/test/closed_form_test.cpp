// Monte Carlo against the closed forms of missile-defence arithmetic, where their assumptions hold
// (independent shots, one fixed single-shot kill probability p, interceptors enough): the battle
// manager's doctrine (engagement/battle.h applyDoctrine) drawn over many trials, each threat with
// its own stream as in a batch, and the closed form must lie in the estimate's 95 % Wilson
// interval. Closed forms: D. Wilkening, "A simple model for calculating ballistic missile defense
// effectiveness", Science & Global Security 8 (2000) 183-215: a barrage of n rounds at each of N
// warheads leaves none with probability P = [1 - (1 - p)^n]^N; shoot-look-shoot with up to k shots
// kills with 1 - (1 - p)^k and fires 1 + (1 - p) + ... + (1 - p)^(k - 1) rounds on average.
#include <cmath>
#include <memory>
#include <vector>

#include <gtest/gtest.h>

#include "common/random.h"
#include "engagement/battle.h"
#include "montecarlo/statistics.h"

namespace picket::montecarlo {
namespace {

// An engagement window open for ten minutes: a launch every second, 100 s of flight each.
std::vector<engagement::Opportunity> window() {
  std::vector<engagement::Opportunity> w;
  for (int k = 0; k <= 600; ++k) {
    engagement::Opportunity o;
    o.launch_t_s = k;
    o.tof_s = 100.0;
    o.intercept_t_s = k + 100.0;
    w.push_back(o);
  }
  return w;
}

struct Outcome {
  bool killed = false;
  int shots = 0;
};

Outcome engage(const engagement::Doctrine& doctrine, int salvo, int max_shots, double p, std::uint64_t trial, int threat) {
  RandomStream rng(2000, "closed-form:" + std::to_string(threat), trial);
  std::vector<double> draws(static_cast<std::size_t>(max_shots));
  for (double& d : draws) d = rng.uniform();
  const std::vector<engagement::Opportunity> w = window();
  const std::vector<engagement::DoctrineShot> shots =
      engagement::applyDoctrine(doctrine, salvo, 100, p, w, 0.0, 1.0, 10.0, max_shots, draws);
  Outcome o;
  o.shots = static_cast<int>(shots.size());
  for (const engagement::DoctrineShot& s : shots) o.killed = o.killed || s.kill;
  return o;
}

TEST(ClosedForm, RaidAnnihilationByBarrage) {
  // Four warheads, a salvo of two rounds each (shoot-shoot-look, no second look), p = 0.7:
  // P = (1 - 0.3^2)^4 = 0.6857.
  constexpr int kTrials = 4000, kWarheads = 4, kRounds = 2;
  const auto ssl = engagement::doctrineRegistry().make("shoot-shoot-look");
  constexpr double p = 0.7;
  std::size_t clean = 0;
  for (std::uint64_t t = 0; t < kTrials; ++t) {
    bool all = true;
    for (int w = 0; w < kWarheads; ++w) {
      const Outcome o = engage(*ssl, kRounds, kRounds, p, t, w);
      ASSERT_EQ(o.shots, kRounds);  // the barrage fires whole, kill or not
      all = all && o.killed;
    }
    if (all) ++clean;
  }
  const double closed = std::pow(1.0 - std::pow(1.0 - p, kRounds), kWarheads);
  const Proportion est = wilson(clean, kTrials);
  EXPECT_LE(est.lo, closed) << est.estimate;
  EXPECT_GE(est.hi, closed) << est.estimate;
}

TEST(ClosedForm, ShootLookShoot) {
  // Up to three shots, each after the last one's kill assessment, p = 0.6: P(kill) = 1 - 0.4^3 =
  // 0.936, and 1 + 0.4 + 0.16 = 1.56 rounds on average.
  constexpr int kTrials = 8000, kShots = 3;
  const auto sls = engagement::doctrineRegistry().make("shoot-look-shoot");
  constexpr double p = 0.6;
  std::size_t kills = 0;
  double rounds = 0.0, rounds2 = 0.0;
  for (std::uint64_t t = 0; t < kTrials; ++t) {
    const Outcome o = engage(*sls, 1, kShots, p, t, 0);
    kills += o.killed ? 1 : 0;
    rounds += o.shots;
    rounds2 += static_cast<double>(o.shots) * o.shots;
  }
  const Proportion est = wilson(kills, kTrials);
  const double closed = 1.0 - std::pow(1.0 - p, kShots);
  EXPECT_LE(est.lo, closed) << est.estimate;
  EXPECT_GE(est.hi, closed) << est.estimate;
  const double mean = rounds / kTrials, se = std::sqrt((rounds2 / kTrials - mean * mean) / kTrials);
  EXPECT_NEAR(mean, 1.0 + (1.0 - p) + (1.0 - p) * (1.0 - p), 1.96 * se);
}

}  // namespace
}  // namespace picket::montecarlo

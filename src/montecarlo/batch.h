// A Monte Carlo batch: many trials of one scenario on models built once (simulation/models.h),
// in parallel, each with its own random streams (seed, purpose, trial index: common/random.h).
//
// Reproducible whatever the thread count: each trial writes only its own record, at its index;
// the statistics are reduced from the records afterwards, one thread, in trial order. So the same
// seed and trial count give bit-identical statistics on 1, 2 or 16 threads, and trial K of a
// batch is exactly `picket run SCENARIO --trial K` alone.
//
// A trial that fails (an exception: a draw that cannot fly, a solver that gives up) is recorded
// with its index and reason; the batch goes on, and the statistics count it apart.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "common/progress.h"
#include "simulation/models.h"
#include "simulation/simulation.h"

namespace picket::montecarlo {

// What one trial comes to, for the statistics: small, so that a batch of a million stays small.
struct TrialRecord {
  std::uint64_t trial = 0;
  bool failed = false;
  std::string failure;                  // why, when it failed
  int missiles = 0;
  int leakers = 0;                      // missiles not destroyed (their warheads came down)
  std::vector<int> shots_per_shooter;   // interceptors fired, by the scenario's shooters
  std::vector<double> kill_alt_m;       // the altitude of each kill
};

// One trial's record from its result.
TrialRecord recordOf(const simulation::SimulationResult& r);

// A binomial proportion with its 95 % Wilson score interval (E. B. Wilson, "Probable inference,
// the law of succession, and statistical inference", JASA 22 (1927) 209-212; Agresti and Coull,
// "Approximate is better than exact...", Am. Stat. 52 (1998) 119-126, eq. 2): better than the
// normal approximation near 0 and 1, where defence odds live.
struct Proportion {
  std::size_t successes = 0, trials = 0;
  double estimate = 0.0, lo = 0.0, hi = 0.0;
};
Proportion wilson(std::size_t successes, std::size_t trials);

struct Quantiles {
  double mean = 0.0, p5 = 0.0, p50 = 0.0, p95 = 0.0;
};

struct Statistics {
  std::size_t trials = 0, failed = 0;   // failed trials are left out of everything below
  Proportion no_leaker;                 // P(every missile destroyed)
  std::vector<std::size_t> leakers;     // leakers[k]: trials with k leakers
  std::vector<Quantiles> shots_per_shooter;
  Quantiles kill_alt_m;                 // over every kill of every trial
  std::size_t kills = 0;
};

Statistics reduce(const std::vector<TrialRecord>& records, std::size_t shooters);

struct BatchOptions {
  std::uint64_t trials = 100;
  std::uint64_t first_trial = 0;
  int threads = 0;  // 0: OpenMP's default
  ProgressFn progress;
  simulation::SimulationOptions run;  // per trial (coverage maps are never drawn in a batch)
};

struct BatchResult {
  std::vector<TrialRecord> records;  // in trial order
  Statistics statistics;
};

BatchResult runBatch(const simulation::Models& models, const BatchOptions& options);

// The stop rule: trials in rounds of kRound until the 95 % interval of P(no leaker) is narrower
// than `width`, or options.trials have run. The rounds are fixed (not per thread), so where it
// stops does not depend on the thread count either.
inline constexpr std::uint64_t kRound = 64;
BatchResult runUntilInterval(const simulation::Models& models, double width, const BatchOptions& options);

}  // namespace picket::montecarlo

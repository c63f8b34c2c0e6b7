// A Monte Carlo batch: many trials of one scenario on models built once (simulation/models.h),
// in parallel, each with its own random streams (seed, purpose, trial index: common/random.h).
//
// Trials run in chunks of kRound. A chunk's trials run in parallel, each writing only its own
// record; then, on one thread and in trial order, each record is added to the streaming
// statistics (statistics.h) and handed to the sink (trials.csv). So:
//   - the same seed and trial count give bit-identical statistics on 1, 2 or 16 threads (and, with
//     MPI, on any number of processes: each runs its share of a chunk, the records are gathered in
//     trial order), and trial K of a batch is exactly `picket run SCENARIO --trial K` alone;
//   - memory holds one chunk of records, whatever the trial count;
//   - a stop (Ctrl-C, or the stop rule on the interval) comes between chunks, so what was done is a
//     whole number of chunks in order, and a resumed batch continues from the next one with the
//     saved accumulator: the same figures as a batch that never stopped.
//
// A trial that fails (an exception: a draw that cannot fly, a solver that gives up) is recorded
// with its index and reason; the batch goes on, and the statistics count it apart.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/progress.h"
#include "montecarlo/statistics.h"
#include "simulation/models.h"
#include "simulation/simulation.h"

namespace picket::montecarlo {

// One trial's record from its result.
TrialRecord recordOf(const simulation::SimulationResult& r);

// The names of the values a trial of these models draws (trials.csv's columns), in order.
std::vector<std::string> drawNames(const simulation::Models& models, const simulation::SimulationOptions& options);

inline constexpr std::uint64_t kRound = 64;  // trials per chunk

struct BatchOptions {
  std::uint64_t trials = 100;       // in all, counting those of a resumed state
  int threads = 0;                  // 0: OpenMP's default
  std::optional<double> until_width;  // stop once the 95 % interval of P(no leaker) is narrower
  ProgressFn progress;
  simulation::SimulationOptions run;  // per trial (coverage maps are never drawn in a batch)
  // Called with every record, in trial order, on the calling thread (trials.csv).
  std::function<void(const TrialRecord&)> sink;
  // Checked between chunks: set (by a signal handler), the batch stops after the chunk in flight.
  const std::atomic<bool>* stop = nullptr;
  // Resume: the state of a batch stopped after resume.trials() trials.
  std::optional<Accumulator> resume;
  // Records kept in the result (tests; off for big batches: the statistics do not need them).
  bool keep_records = false;
  // With MPI: this process's rank and the number of processes (mpi.h); 0 and 1 without.
  int rank = 0, ranks = 1;
};

struct BatchResult {
  Accumulator accumulator;
  Statistics statistics;
  std::uint64_t trials_done = 0;     // trials 0 .. trials_done - 1, resumed ones included
  bool stopped = false;              // by `stop` before the trials asked for (not the stop rule)
  bool narrow_enough = false;        // the stop rule was met
  std::vector<TrialRecord> records;  // with keep_records
};

BatchResult runBatch(const simulation::Models& models, const BatchOptions& options);

}  // namespace picket::montecarlo

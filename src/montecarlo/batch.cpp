#include "montecarlo/batch.h"

#include <algorithm>
#include <exception>

#include <fmt/format.h>
#include <omp.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "montecarlo/mpi.h"
#include "simulation/scoring.h"
#include "simulation/trial.h"

namespace picket::montecarlo {

TrialRecord recordOf(const simulation::SimulationResult& r) {
  TrialRecord rec;
  rec.trial = r.trial;
  rec.missiles = static_cast<int>(r.threats.size());
  // A leaker came down undestroyed; a launcher's payload in orbit never comes down and is none.
  const simulation::Leakers leakers = simulation::leakersOf(r);
  rec.leakers = leakers.count;
  rec.nuclear_leakers = leakers.nuclear;
  rec.conventional_leakers = leakers.conventional;
  rec.nuclear = leakers.nuclear_missiles;
  for (const auto& [kind, n] : simulation::roundsSpentOn(r))
    if (kind != "warhead") rec.rounds_not_at_warheads += n;
  rec.shots_per_shooter.assign(r.config.shooters.size(), 0);
  for (const engagement::Shot& s : r.engagement.shots) {
    if (s.shooter >= 0 && static_cast<std::size_t>(s.shooter) < rec.shots_per_shooter.size())
      ++rec.shots_per_shooter[static_cast<std::size_t>(s.shooter)];
    if (s.kill) rec.kill_alt_m.push_back(s.alt_m);
  }
  for (const alerts::PrefectureOutcome& p : r.defence.alerts.prefectures)
    rec.prefectures.push_back({p.prefecture, p.overflown || p.impact, p.alert_t_s.has_value(), p.warning_s.value_or(0.0)});
  for (const simulation::Draw& d : r.draws) rec.draws.push_back(d.value);
  return rec;
}

std::vector<std::string> drawNames(const simulation::Models& models, const simulation::SimulationOptions& options) {
  // The names are the same in every trial; a trial whose draw cannot fly has none, so try a few.
  for (std::uint64_t t = 0; t < 16; ++t) {
    try {
      std::vector<std::string> names;
      for (const simulation::Draw& d : simulation::setUpTrial(models, t, true, options).draws) names.push_back(d.quantity);
      return names;
    } catch (const std::exception&) {
    }
  }
  return {};
}

namespace {

// A trial's results grow vectors of several megabytes (tracks, predictions, detections) and free
// them at its end. glibc serves blocks above its mmap threshold from fresh pages and returns the
// top of the heap past its trim threshold, so each trial faulted its pages in again: the Guam
// salvo's 20 trials took 74,000 page faults and 5.3 s of CPU (7 Dec 2026; 16,000 and 4.7 s before
// that day's changes moved its allocations about). With both thresholds fixed high, freed memory is
// kept for the next trial: 16,600 faults and 4.5 s, the same numbers.
// Process-wide and set once, before the first trial; other C libraries keep their own policy.
void keepFreedMemoryForTheNextTrial() {
#if defined(__GLIBC__)
  static const bool set = [] {
    mallopt(M_MMAP_THRESHOLD, 64 << 20);
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
    return true;
  }();
  (void)set;
#endif
}

}  // namespace

BatchResult runBatch(const simulation::Models& models, const BatchOptions& options) {
  keepFreedMemoryForTheNextTrial();
  BatchResult out;
  out.accumulator = options.resume.value_or(Accumulator(models.config.shooters.size()));
  std::uint64_t next = out.accumulator.trials();
  simulation::SimulationOptions run = options.run;
  run.coverage_maps = false;
  run.full_outputs = false;  // not in the record (TrialRecord)
  run.progress = nullptr;
  run.draw_uncertainty = true;
  const int threads = options.threads > 0 ? options.threads : omp_get_max_threads();
  ProgressCounter counter(&options.progress, "trials", options.trials);
  for (std::uint64_t k = 0; k < next; ++k) counter.tick();
  std::vector<TrialRecord> chunk;
  while (next < options.trials) {
    const bool stop = options.stop != nullptr && options.stop->load();
    if (options.ranks > 1 ? anyProcess(stop) : stop) {
      out.stopped = true;
      break;
    }
    const std::uint64_t n = std::min<std::uint64_t>(kRound, options.trials - next);
    chunk.assign(n, TrialRecord{});
    // This process's share of the chunk (every trial without MPI), in parallel.
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads)
    for (long i = 0; i < static_cast<long>(n); ++i) {
      if (i % options.ranks != options.rank) continue;
      const std::uint64_t trial = next + static_cast<std::uint64_t>(i);
      TrialRecord& rec = chunk[static_cast<std::size_t>(i)];
      try {
        rec = recordOf(simulation::run(models, trial, run));
      } catch (const std::exception& e) {
        rec = TrialRecord{};
        rec.trial = trial;
        rec.failed = true;
        rec.failure = e.what();
      }
      counter.tick();
    }
    if (options.ranks > 1) gatherChunk(chunk, next, options.rank, options.ranks);
    for (const TrialRecord& rec : chunk) {
      out.accumulator.add(rec);
      if (options.sink) options.sink(rec);
      if (options.keep_records) out.records.push_back(rec);
    }
    next += n;
    if (options.until_width) {
      const Proportion p = out.accumulator.statistics().no_leaker;
      if (p.trials > 0 && p.hi - p.lo < *options.until_width) {
        out.narrow_enough = true;
        break;
      }
    }
  }
  counter.finish();
  out.trials_done = next;
  out.statistics = out.accumulator.statistics();
  return out;
}

}  // namespace picket::montecarlo

#include "montecarlo/batch.h"

#include <algorithm>
#include <cmath>
#include <exception>

#include <fmt/format.h>
#include <omp.h>

namespace picket::montecarlo {

TrialRecord recordOf(const simulation::SimulationResult& r) {
  TrialRecord rec;
  rec.trial = r.trial;
  rec.missiles = static_cast<int>(r.threats.size());
  for (const simulation::ThreatResult& th : r.threats)
    if (!th.destroyed) ++rec.leakers;
  rec.shots_per_shooter.assign(r.config.shooters.size(), 0);
  for (const engagement::Shot& s : r.engagement.shots) {
    if (s.shooter >= 0 && static_cast<std::size_t>(s.shooter) < rec.shots_per_shooter.size())
      ++rec.shots_per_shooter[static_cast<std::size_t>(s.shooter)];
    if (s.kill) rec.kill_alt_m.push_back(s.alt_m);
  }
  return rec;
}

Proportion wilson(std::size_t successes, std::size_t trials) {
  Proportion p;
  p.successes = successes;
  p.trials = trials;
  if (trials == 0) return p;
  constexpr double z = 1.959963984540054;  // the normal's 97.5 % quantile
  const double n = static_cast<double>(trials);
  const double phat = static_cast<double>(successes) / n;
  const double denom = 1.0 + z * z / n;
  const double centre = (phat + z * z / (2.0 * n)) / denom;
  const double half = z * std::sqrt(phat * (1.0 - phat) / n + z * z / (4.0 * n * n)) / denom;
  p.estimate = phat;
  p.lo = std::max(0.0, centre - half);
  p.hi = std::min(1.0, centre + half);
  return p;
}

namespace {

// Mean and nearest-rank quantiles (the values sorted; p-th: the ceil(p n)-th smallest).
Quantiles quantiles(std::vector<double> v) {
  Quantiles q;
  if (v.empty()) return q;
  std::sort(v.begin(), v.end());
  double sum = 0.0;
  for (const double x : v) sum += x;  // in sorted order: the same sum whatever the trial order
  q.mean = sum / static_cast<double>(v.size());
  const auto rank = [&](double p) {
    const auto k = static_cast<std::size_t>(std::ceil(p * static_cast<double>(v.size())));
    return v[std::min(v.size(), std::max<std::size_t>(k, 1)) - 1];
  };
  q.p5 = rank(0.05);
  q.p50 = rank(0.50);
  q.p95 = rank(0.95);
  return q;
}

}  // namespace

Statistics reduce(const std::vector<TrialRecord>& records, std::size_t shooters) {
  Statistics s;
  s.trials = records.size();
  std::size_t good = 0, clean = 0;
  std::vector<std::vector<double>> shots(shooters);
  std::vector<double> kill_alt;
  for (const TrialRecord& r : records) {
    if (r.failed) {
      ++s.failed;
      continue;
    }
    ++good;
    if (r.leakers == 0) ++clean;
    if (s.leakers.size() <= static_cast<std::size_t>(r.leakers)) s.leakers.resize(static_cast<std::size_t>(r.leakers) + 1, 0);
    ++s.leakers[static_cast<std::size_t>(r.leakers)];
    for (std::size_t k = 0; k < shooters && k < r.shots_per_shooter.size(); ++k)
      shots[k].push_back(static_cast<double>(r.shots_per_shooter[k]));
    kill_alt.insert(kill_alt.end(), r.kill_alt_m.begin(), r.kill_alt_m.end());
  }
  s.no_leaker = wilson(clean, good);
  for (std::vector<double>& v : shots) s.shots_per_shooter.push_back(quantiles(std::move(v)));
  s.kills = kill_alt.size();
  s.kill_alt_m = quantiles(std::move(kill_alt));
  return s;
}

BatchResult runBatch(const simulation::Models& models, const BatchOptions& options) {
  BatchResult out;
  const auto n = static_cast<long>(options.trials);
  out.records.resize(options.trials);
  simulation::SimulationOptions run = options.run;
  run.coverage_maps = false;
  run.progress = nullptr;
  ProgressCounter counter(&options.progress, "trials", options.trials);
  const int threads = options.threads > 0 ? options.threads : omp_get_max_threads();
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads)
  for (long i = 0; i < n; ++i) {
    const std::uint64_t trial = options.first_trial + static_cast<std::uint64_t>(i);
    TrialRecord& rec = out.records[static_cast<std::size_t>(i)];
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
  counter.finish();
  out.statistics = reduce(out.records, models.config.shooters.size());
  return out;
}

BatchResult runUntilInterval(const simulation::Models& models, double width, const BatchOptions& options) {
  BatchResult out;
  BatchOptions round = options;
  round.progress = nullptr;
  while (out.records.size() < options.trials) {
    round.first_trial = options.first_trial + out.records.size();
    round.trials = std::min<std::uint64_t>(kRound, options.trials - out.records.size());
    BatchResult r = runBatch(models, round);
    out.records.insert(out.records.end(), r.records.begin(), r.records.end());
    out.statistics = reduce(out.records, models.config.shooters.size());
    if (options.progress)
      options.progress(fmt::format("trials, until the interval is narrower than {}", width), out.records.size(),
                       options.trials);
    const Proportion& p = out.statistics.no_leaker;
    if (p.trials > 0 && p.hi - p.lo < width) break;
  }
  if (options.progress && out.records.size() < options.trials)
    options.progress("trials: the interval is narrow enough", options.trials, options.trials);
  return out;
}

}  // namespace picket::montecarlo

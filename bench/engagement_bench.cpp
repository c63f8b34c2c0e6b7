// Engagement kernels (docs/engagement.md): building an interceptor's reach table, one engagement
// window, one intercept solve, and the target: a 100 x 100 shooter-grid coverage map for the
// flagship threat (at most 1 s on 2 cores). Real time is measured (the map runs on every core).
#include <benchmark/benchmark.h>
#include <omp.h>

#include "bench_setup.h"
#include "engagement/coverage.h"
#include "engagement/interceptor.h"
#include "engagement/solver.h"
#include "engagement/window.h"
#include "scenario/loader.h"

namespace picket::bench {
namespace {

struct EngagementWorkload {
  Workload w = flagshipWorkload();
  flight::FlightResult threat;
  scenario::InterceptorConfig iia = scenario::loadCatalogInterceptor("sm-3-iia", PICKET_DATA_DIR);
  std::unique_ptr<engagement::Interceptor> interceptor;
  engagement::ThreatPath path;
  EngagementWorkload() {
    flight::flyMissile(w.models(), *w.missile, w.launch, w.plan, flight::FlightOptions{}, threat);
    interceptor = std::make_unique<engagement::Interceptor>(iia, *w.earth, *w.atmosphere);
    path = engagement::ThreatPath::fromTruth(*w.earth, threat.trajectory, 0.0, 1.0, threat.burnout.t_s);
  }
};

const EngagementWorkload& workload() {
  static const EngagementWorkload ew;
  return ew;
}

// The flagship's SM-3 IIA station (41.3 N, 137.5 E) and its earliest launch (T+233 s, summary.json).
constexpr double kEarliestLaunch_s = 233.0;
engagement::ShooterSite station(const world::Earth& earth) {
  return engagement::ShooterSite::at(earth, world::Geodetic{41.3, 137.5, 0.0});
}

void BM_ReachTable(benchmark::State& state) {
  const EngagementWorkload& ew = workload();
  for (auto _ : state) {
    engagement::Interceptor ic(ew.iia, *ew.w.earth, *ew.w.atmosphere);
    benchmark::DoNotOptimize(ic.reach().maxAltitude_m());
  }
}
BENCHMARK(BM_ReachTable)->Unit(benchmark::kMillisecond);

void BM_EngagementWindow(benchmark::State& state) {
  const EngagementWorkload& ew = workload();
  const engagement::ShooterSite site = station(*ew.w.earth);
  for (auto _ : state) {
    const engagement::EngagementWindow win = engagement::engagementWindow(*ew.interceptor, site, ew.path, kEarliestLaunch_s);
    benchmark::DoNotOptimize(win.feasible_samples);
  }
  state.counters["samples"] = static_cast<double>(ew.path.samples().size());
}
BENCHMARK(BM_EngagementWindow)->Unit(benchmark::kMicrosecond);

void BM_SolveIntercept(benchmark::State& state) {
  const EngagementWorkload& ew = workload();
  const engagement::ShooterSite site = station(*ew.w.earth);
  std::vector<engagement::Opportunity> opps;
  engagement::engagementWindow(*ew.interceptor, site, ew.path, kEarliestLaunch_s, {}, &opps);
  flight::FlightResult scratch;
  int iterations = 0;
  for (auto _ : state) {
    const engagement::InterceptSolution s =
        engagement::solveIntercept(ew.w.models(), *ew.interceptor, site, ew.path, opps.front(), scratch);
    iterations = s.iterations;
    benchmark::DoNotOptimize(s.aim_error_m);
  }
  state.counters["newton_iterations"] = iterations;
}
BENCHMARK(BM_SolveIntercept)->Unit(benchmark::kMillisecond);

void BM_CoverageMap100x100(benchmark::State& state) {
  const EngagementWorkload& ew = workload();
  omp_set_num_threads(static_cast<int>(state.range(0)));
  scenario::CoverageConfig cc;
  cc.name = "bench";
  cc.lat_min_deg = 33.0;
  cc.lat_max_deg = 47.0;
  cc.lon_min_deg = 127.0;
  cc.lon_max_deg = 147.0;
  cc.rows = cc.cols = 100;
  int feasible = 0;
  for (auto _ : state) {
    const engagement::CoverageMap m = engagement::shooterGrid(cc, *ew.interceptor, *ew.w.earth, ew.path, kEarliestLaunch_s, 100e3);
    feasible = m.feasible_cells;
  }
  state.counters["feasible_cells"] = feasible;
}
BENCHMARK(BM_CoverageMap100x100)->Arg(1)->Arg(2)->UseRealTime()->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace picket::bench

BENCHMARK_MAIN();

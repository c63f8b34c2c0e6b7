// Google Benchmark kernels: one full flight (boost, coast, re-entry, events), aiming, and the
// ground-track region query. Run: build/release/bench/picket_bench
#include <benchmark/benchmark.h>

#include "bench_setup.h"
#include "world/geography.h"

namespace {
using namespace picket;

const bench::Workload& workload() {
  static const bench::Workload w = bench::flagshipWorkload();
  return w;
}

void BM_HwasongFlight(benchmark::State& state) {
  const bench::Workload& w = workload();
  flight::FlightResult r;  // reused, as a Monte Carlo trial reuses its workspace
  const flight::FlightOptions opts = flight::FlightOptions{};
  for (auto _ : state) {
    flight::flyMissile(w.models(), *w.missile, w.launch, w.plan, opts, r);
    benchmark::DoNotOptimize(r.impact.position.lat_deg);
  }
  state.counters["steps"] = static_cast<double>(r.steps);
  state.counters["rhs_evals"] = static_cast<double>(r.rhs_evaluations);
  state.counters["flights/s"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_HwasongFlight)->Unit(benchmark::kMicrosecond);

void BM_HwasongFlightNoRecord(benchmark::State& state) {
  const bench::Workload& w = workload();
  flight::FlightResult r;
  flight::FlightOptions opts;
  opts.record = false;
  for (auto _ : state) {
    flight::flyMissile(w.models(), *w.missile, w.launch, w.plan, opts, r);
    benchmark::DoNotOptimize(r.impact.position.lat_deg);
  }
}
BENCHMARK(BM_HwasongFlightNoRecord)->Unit(benchmark::kMicrosecond);

void BM_AimFlagship(benchmark::State& state) {
  const bench::Workload& w = workload();
  flight::AimRequest req;
  req.launch = w.launch;
  const world::Geodetic aim = w.earth->direct(w.launch.lat_deg, w.launch.lon_deg, 73.0, 3700e3);
  req.aim_lat_deg = aim.lat_deg;
  req.aim_lon_deg = aim.lon_deg;
  req.shape = scenario::TrajectoryShape::kApogee;
  req.apogee_m = 770e3;
  for (auto _ : state) benchmark::DoNotOptimize(flight::solveAim(w.models(), *w.missile, req).plan.cutoff_s);
}
BENCHMARK(BM_AimFlagship)->Unit(benchmark::kMillisecond);

void BM_RegionAt(benchmark::State& state) {
  static const world::Geography geo = world::Geography::load(PICKET_DATA_DIR);
  double lat = 30.0, lon = 125.0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(geo.regionAt(lat, lon));
    lat += 0.013;
    lon += 0.029;
    if (lat > 46.0) lat = 30.0;
    if (lon > 150.0) lon = 125.0;
  }
}
BENCHMARK(BM_RegionAt);

}  // namespace

BENCHMARK_MAIN();

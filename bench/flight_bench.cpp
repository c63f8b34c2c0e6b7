// Google Benchmark kernels: one full flight (boost, coast, re-entry, events), aiming, and the
// ground-track region query. Run: build/release/bench/picket_bench
#include <benchmark/benchmark.h>

#include "bench_setup.h"
#include "flight/aiming.h"
#include "scenario/loader.h"
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

// The flagship's aim: 3,700 km on 73 degrees with a 770 km apogee.
flight::AimRequest flagshipAim(const bench::Workload& w) {
  flight::AimRequest req;
  req.launch = w.launch;
  const world::Geodetic aim = w.earth->direct(w.launch.lat_deg, w.launch.lon_deg, 73.0, 3700e3);
  req.aim_lat_deg = aim.lat_deg;
  req.aim_lon_deg = aim.lon_deg;
  req.shape = scenario::TrajectoryShape::kApogee;
  req.apogee_m = 770e3;
  return req;
}

void BM_AimFlagship(benchmark::State& state) {
  const bench::Workload& w = workload();
  const flight::AimRequest req = flagshipAim(w);
  for (auto _ : state) benchmark::DoNotOptimize(flight::solveAim(w.models(), *w.missile, req).plan.cutoff_s);
}
BENCHMARK(BM_AimFlagship)->Unit(benchmark::kMillisecond);

// A Monte Carlo trial's missile (issue 14): the flagship's aim solved once, then the guidance
// corrected for a missile with 1 % more thrust, launched 2 km further north (flight/aiming.h
// correctAim), as simulation/trial.h does per trial instead of solving the aim again.
void BM_CorrectAimFlagship(benchmark::State& state) {
  const bench::Workload& w = workload();
  const flight::AimRequest req = flagshipAim(w);
  const flight::AimSolution nominal = flight::solveAim(w.models(), *w.missile, req);
  scenario::MissileConfig hot = w.missile->config();
  for (scenario::StageConfig& s : hot.stages) {
    if (s.thrust_vac_n) *s.thrust_vac_n *= 1.01;
    if (s.thrust_sl_n) *s.thrust_sl_n *= 1.01;
    if (s.isp_vac_s) s.burn_time_s /= 1.01;  // Isp given: the same Isp, 1 % more mass flow
  }
  const flight::Missile missile(hot);
  flight::AimRequest moved = req;
  moved.launch = w.earth->direct(w.launch.lat_deg, w.launch.lon_deg, 0.0, 2000.0);
  int flights = 0;
  double miss_m = 0.0;
  for (auto _ : state) {
    const flight::AimSolution s = flight::correctAim(w.models(), missile, moved, nominal.plan);
    flights = s.flights;
    miss_m = s.miss_m;
    benchmark::DoNotOptimize(s.plan.cutoff_s);
  }
  state.counters["flights"] = flights;
  state.counters["miss_m"] = miss_m;
}
BENCHMARK(BM_CorrectAimFlagship)->Unit(benchmark::kMillisecond);

// A launcher's ascent to a given orbit (issue 15): the Unha-3 of 12 Dec 2012 to KCNA's 499.7 x
// 584.18 km at 97.4 deg from Sohae on 178 deg (flight/aiming.h, solveToOrbit), the solve a Monte
// Carlo trial of a drawn launcher repeats (correctAim).
void BM_AimUnha3ToOrbit(benchmark::State& state) {
  const bench::Workload& w = workload();
  const flight::Missile unha3(scenario::loadCatalogMissile("unha-3", PICKET_DATA_DIR));
  flight::AimRequest req = flight::requestAlong(*w.earth, world::Geodetic{39.6596, 124.7057, 0.0}, 178.0, 1000e3);
  req.shape = scenario::TrajectoryShape::kOrbit;
  req.orbit = scenario::OrbitTarget{499.7e3, 584.18e3, 97.4};
  int flights = 0;
  for (auto _ : state) {
    const flight::AimSolution s = flight::solveAim(w.models(), unha3, req);
    flights = s.flights;
    benchmark::DoNotOptimize(s.plan.upper.yaw_deg);
  }
  state.counters["flights"] = flights;
}
BENCHMARK(BM_AimUnha3ToOrbit)->Unit(benchmark::kMillisecond);

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

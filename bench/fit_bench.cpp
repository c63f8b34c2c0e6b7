// picket fit (reconstruction/fit.h): the case, a fit from five reported figures (target:
// at most 2 s), and a full event of the record with two contradicted reports (two refits).
// Run: build/release/bench/picket_fit_bench
#include <string>

#include <benchmark/benchmark.h>

#include "reconstruction/fit.h"
#include "scenario/loader.h"
#include "world/geography.h"

namespace {
using namespace picket;

const world::Geography& geography() {
  static const world::Geography g = world::Geography::load(PICKET_DATA_DIR);
  return g;
}

scenario::ScenarioConfig event(const std::string& file) {
  return scenario::loadScenario(std::string(PICKET_DATA_DIR) + "/../" + file, PICKET_DATA_DIR);
}

void fit(benchmark::State& state, const scenario::ScenarioConfig& config) {
  int flights = 0;
  for (auto _ : state) {
    const reconstruction::FitResult r = reconstruction::fitReports(config, geography());
    flights = r.flights;
    benchmark::DoNotOptimize(r.chi2);
  }
  state.counters["flights"] = flights;
}

// The Hwasong-15 of 18 Feb 2023 from five figures: Japan's launch time and distance from
// Oshima-Oshima, KCNA's apogee, range and flight time. Four unknowns: launch time, azimuth,
// pitch-over, cut-off.
void BM_FitFiveFigures(benchmark::State& state) {
  scenario::ScenarioConfig c = event("events/2023-02-18-hwasong15-oshima-oshima.yaml");
  scenario::ReportedConfig& r = c.reported;
  r.launch.resize(1);
  r.apogee_km = {r.apogee_km.at(1)};
  r.range_km = {r.range_km.at(2)};
  r.flight_time_min = {r.flight_time_min.at(1)};
  r.impact_time.clear();
  fit(state, c);
}
BENCHMARK(BM_FitFiveFigures)->Unit(benchmark::kMillisecond)->UseRealTime();

// The Hwasong-14 of 4 Jul 2017: 13 reports, Russia's apogee and range flagged and left out.
void BM_FitEventWithTwoFlagged(benchmark::State& state) { fit(state, event("events/2017-07-04-hwasong-14-oga.yaml")); }
BENCHMARK(BM_FitEventWithTwoFlagged)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();

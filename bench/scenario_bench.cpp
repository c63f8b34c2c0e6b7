// Whole scenarios through simulate(), stage by stage (SimulationResult::stage_times): the Guam
// salvo's defence (four Hwasong-12s, their four spent stages, five sensors, four shooters) and the
// flagship's. The coverage maps are analysis on top of a run, not the defence, and are left out
// (bench/engagement_bench.cpp times them); the reach tables are models, built once per interceptor
// type and shared by every trial of a Monte Carlo run, and are reported apart.
// Run: build/release/bench/picket_scenario_bench
// Each benchmark reports, per run, the mean wall seconds of every stage as a counter, and
// `defence_s`: sensors + tracking + impact predictions + track scoring + battle manager + alerts.
#include <string>

#include <benchmark/benchmark.h>

#include "scenario/loader.h"
#include "simulation/simulation.h"
#include "world/geography.h"

namespace {
using namespace picket;

const world::Geography& geography() {
  static const world::Geography g = world::Geography::load(PICKET_DATA_DIR);
  return g;
}

void runScenario(benchmark::State& state, const std::string& name) {
  scenario::ScenarioConfig config =
      scenario::loadScenario(std::string(PICKET_DATA_DIR) + "/../scenarios/" + name + ".yaml", PICKET_DATA_DIR);
  config.coverage.clear();
  std::vector<StageTime> total;
  for (auto _ : state) {
    const simulation::SimulationResult r = simulation::simulate(config, geography());
    for (const StageTime& t : r.stage_times) addStageTime(total, t.stage, t.wall_s);
    benchmark::DoNotOptimize(r.timeline.size());
  }
  const auto n = static_cast<double>(state.iterations());
  double defence = 0.0;
  for (const StageTime& t : total) {
    state.counters[t.stage] = t.wall_s / n;
    if (t.stage != "flights" && t.stage != "interceptor reach tables" && t.stage != "timeline and samples")
      defence += t.wall_s / n;
  }
  state.counters["defence_s"] = defence;
}

void BM_GuamSalvo(benchmark::State& state) { runScenario(state, "guam-salvo-2017"); }
BENCHMARK(BM_GuamSalvo)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_Flagship(benchmark::State& state) { runScenario(state, "hokkaido-2017-09-15"); }
BENCHMARK(BM_Flagship)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();

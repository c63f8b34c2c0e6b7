// Whole scenarios through simulate(), stage by stage (SimulationResult::stage_times): the Guam
// salvo's defence (four Hwasong-12s, their four spent stages, five sensors, four shooters) and the
// flagship's. The coverage maps are analysis on top of a run, not the defence, and are left out
// (bench/engagement_bench.cpp times them); the reach tables are models, built once per interceptor
// type and shared by every trial of a Monte Carlo run, and are reported apart.
// Run: build/release/bench/picket_scenario_bench
// Each benchmark reports, per run, the mean wall seconds of every stage as a counter, and
// `defence_s`: sensors + tracking + impact predictions + track scoring + battle manager + alerts.
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <string>

#include <fmt/format.h>

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

// A raid of N Nodongs against 100 shooters (20 ships with SM-3 Block IIA on two land radars'
// tracks, 80 PAC-3 batteries, 16 at each of the five cities aimed at), one trial, aiming
// included (issue 16: 1,000 missiles in at most 2 s on 2 cores). Five sites fire N / 5 each over
// the same five minutes, so that N changes the density of the raid and not its length: the cost
// should grow with missiles (and the shooters each is in reach of), not with missiles squared.
std::string raidScenario(int n) {
  const int per_site = std::max(1, n / 5);
  std::string y = "name: raid benchmark\nlaunch: {site: Kittaeryong, time: 2019-06-01T06:00:00+09:00}\n"
                  "missile: {catalog: nodong}\nraid:\n";
  const char* sites[] = {"Kittaeryong", "Sinpo", "Wonsan", "Tongchon", "Hodo"};
  const char* targets = "[{lat_deg: 35.69, lon_deg: 139.75}, {lat_deg: 34.69, lon_deg: 135.50}, "
                        "{lat_deg: 40.70, lon_deg: 141.37}, {lat_deg: 34.14, lon_deg: 132.24}, "
                        "{lat_deg: 33.59, lon_deg: 130.40}]";
  for (int k = 0; k < 5; ++k)
    y += fmt::format("  - {{name: Salvo {}, launch: {{site: {}}}, count: {}, interval_s: {}, delay_s: {}, targets: {}}}\n",
                     sites[k], sites[k], per_site, 300.0 / per_site, k, targets);
  y += "output: {time_zone: JST}\nsensors:\n  - {name: SBIRS, type: sbirs-geo, longitude_deg: 150}\n"
       "  - {name: Araya radar, type: spy-1d, site: Araya, boresight_deg: 268}\n"
       "  - {name: Mutsumi radar, type: spy-1d, site: Mutsumi, boresight_deg: 330}\nshooters:\n";
  for (int k = 0; k < 20; ++k)
    y += fmt::format("  - {{name: Ship {}, interceptor: sm-3-iia, lat_deg: {}, lon_deg: {}, radar: {}, magazine: 8}}\n", k,
                     37.0 + 0.1 * k, 134.0 + 0.2 * k, k % 2 == 0 ? "Araya radar" : "Mutsumi radar");
  const double city[5][2] = {{35.69, 139.75}, {34.69, 135.50}, {40.70, 141.37}, {34.14, 132.24}, {33.59, 130.40}};
  for (int k = 0; k < 80; ++k)
    y += fmt::format("  - {{name: PAC {}, interceptor: pac-3-cri, lat_deg: {}, lon_deg: {}, magazine: 16}}\n", k,
                     city[k % 5][0] + 0.01 * (k / 5), city[k % 5][1]);
  y += "defended_areas:\n";
  for (int k = 0; k < 5; ++k)
    y += fmt::format("  - {{name: City {}, points: [[{}, {}]], radius_km: 15}}\n", k, city[k][0], city[k][1]);
  return y;
}

void BM_Raid(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  const std::string path = fmt::format("/tmp/picket-raid-bench-{}.yaml", n);
  {
    std::ofstream f(path);
    f << raidScenario(n);
  }
  const scenario::ScenarioConfig config = scenario::loadScenario(path, PICKET_DATA_DIR);
  std::remove(path.c_str());
  simulation::SimulationOptions options;
  options.full_outputs = false;  // one trial as a Monte Carlo batch runs it: no output files' extras
  options.coverage_maps = false;
  std::vector<StageTime> total;
  for (auto _ : state) {
    const simulation::SimulationResult r = simulation::simulate(config, geography(), options);
    for (const StageTime& t : r.stage_times) addStageTime(total, t.stage, t.wall_s);
    benchmark::DoNotOptimize(r.timeline.size());
  }
  for (const StageTime& t : total) state.counters[t.stage] = t.wall_s / static_cast<double>(state.iterations());
  state.counters["missiles"] = n;
}
BENCHMARK(BM_Raid)->Arg(100)->Arg(250)->Arg(500)->Arg(1000)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);

}  // namespace

BENCHMARK_MAIN();

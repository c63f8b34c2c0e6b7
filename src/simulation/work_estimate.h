// What a run will cost, estimated before it starts, so that a scenario asking for hours of work
// (a 1000 x 1000 defended footprint is 9 million flights) says so instead of silently running.
//
// The estimate counts the units of the stages whose cost grows with the scenario (coverage-map
// cells and flights, a raid's launches) and prices them at rates measured on the release build
// (bench/README.md, "Work estimates"; 2-core CI machine, 2026-12). Everything else in a run costs
// about a second. It is an estimate: within a factor of two or three, which is what deciding
// "wait, or make the map coarser" needs.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "scenario/config.h"

namespace picket::simulation {

// CPU seconds per unit, measured (see above).
inline constexpr double kShooterGridCell_s = 4e-5;     // one engagement window
inline constexpr double kFootprintFlight_s = 2e-4;     // one threat flight and its window
inline constexpr double kRaidLaunch_s = 0.1;           // aiming, flying and tracking one launch
inline constexpr double kBaseRun_s = 1.0;              // the rest of a run
// One Monte Carlo trial on built models (no coverage maps): a base and a part per launch. Measured
// 7 Dec 2026, third session (bench/README.md, Monte Carlo): 17 ms for the flagship's one launch,
// 100 ms for Guam's four (with its draws and the guidance corrected per missile); these give 27 and
// 102 ms (the constants before, 0.02 and 0.04 s, gave 60 and 180 ms: three times the flagship's).
inline constexpr double kTrial_s = 0.002;
inline constexpr double kTrialPerLaunch_s = 0.025;

// Above this estimated wall time, `picket run` asks for --yes before starting.
inline constexpr double kConfirmAbove_s = 60.0;

struct WorkEstimate {
  struct Item {
    std::string what;   // "coverage map sm-3-ia-ship"
    std::size_t units;  // 20000
    std::string unit;   // "cells"
    double cpu_s;
    bool parallel;      // spread over the cores (OpenMP)
    SourceLocation where;  // the scenario's lines that ask for it
  };
  std::vector<Item> items;

  // Wall time on `threads` cores.
  [[nodiscard]] double wall_s(unsigned threads) const;
  // "9,000,000 flights (coverage map big), 300 launches (raid)".
  [[nodiscard]] std::string describe() const;
  // Where the costliest item is asked for (the place an error names).
  [[nodiscard]] SourceLocation costliest() const;
};

// `trials` > 0: a Monte Carlo batch of that many trials (montecarlo/batch.h) on top.
WorkEstimate estimateWork(const scenario::ScenarioConfig& config, std::uint64_t trials = 0);

// The threads the parallel stages will use (OpenMP's, so OMP_NUM_THREADS counts).
unsigned workThreads();

// "45 s", "13 min", "2.5 h".
std::string formatDuration(double seconds);

}  // namespace picket::simulation

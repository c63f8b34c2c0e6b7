// Build once, run many: the immutable models of one scenario (the build phase of issue 14), shared
// by every trial of a Monte Carlo batch and by every thread running one.
//
// buildModels() does what does not change from trial to trial and costs the most to make: the
// Earth and the atmosphere, the landmarks the output names (checked), each missile with its aim
// solved (a few hundred flights), and every interceptor's reach table (tens of milliseconds
// each). run() (simulation.h) then flies, senses, tracks, alerts and engages one trial on them;
// simulate() is the two in a row.
//
// A Models is immutable after buildModels() returns and holds no per-run state: run() may be
// called on it from many threads at once. It holds its own copy of the configuration (the threats
// point into it) and is neither copied nor moved (pinned behind a unique_ptr).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/stopwatch.h"
#include "engagement/doctrine.h"
#include "flight/aiming.h"
#include "flight/missile.h"
#include "scenario/config.h"
#include "simulation/engagements.h"
#include "tracking/ballistic.h"
#include "world/atmosphere.h"
#include "world/earth.h"
#include "world/geography.h"

namespace picket::simulation {

struct SimulationOptions;

// One missile of the scenario (the only one, or a raid launch), ready to fly.
struct ThreatModel {
  std::string name;
  scenario::LaunchConfig launch;
  double launch_t_s = 0.0;                            // after the scenario's epoch
  const scenario::MissileConfig* missile_config = nullptr;  // null: impulsive (the burnout block)
  const scenario::AimConfig* aim_config = nullptr;
  std::optional<flight::Missile> missile;
  std::optional<flight::AimSolution> aim;
  flight::AimRequest aim_request;  // what the aim solved for (a trial's drawn missile is corrected from it)
};

struct Models {
  Models(const scenario::ScenarioConfig& c, const world::Geography& g);
  Models(const Models&) = delete;
  Models& operator=(const Models&) = delete;

  scenario::ScenarioConfig config;
  const world::Geography* geography;
  world::Earth earth;
  world::Atmosphere atmosphere;
  std::vector<const world::Landmark*> reference;  // the output's landmarks, in the scenario's order
  std::vector<ThreatModel> threats;               // in the raid's order
  InterceptorCache interceptors;                  // every interceptor the shooters and maps use
  std::vector<std::unique_ptr<const engagement::Doctrine>> doctrines;  // per shooter, in config.shooters' order
  tracking::BallisticModel tracker;               // the tracker's and the battle manager's dynamics
  std::vector<StageTime> build_times;             // wall time of the build's steps

  [[nodiscard]] flight::FlightModels flightModels() const { return {earth, atmosphere}; }
  [[nodiscard]] bool isRaid() const { return !config.raid.empty(); }
};

// The configuration as the models take it: the variable parts the scenario names checked against
// their registries (the tracking filter, each shooter's doctrine and its salvo), and the defaults
// only those registries know filled in (a shooter's salvo). What `picket config` prints. Throws
// InputError naming the scenario's file and line.
scenario::ScenarioConfig effectiveConfig(const scenario::ScenarioConfig& config);

// Throws InputError (naming the scenario's file and line) for an unknown landmark, an unreachable
// target or a missile that cannot fly, and as effectiveConfig does. `geography` must outlive the models.
std::unique_ptr<const Models> buildModels(const scenario::ScenarioConfig& config, const world::Geography& geography,
                                          const SimulationOptions& options);

}  // namespace picket::simulation

// One Monte Carlo trial's draws (the scenario's `uncertainty:` section, docs/uncertainty.md)
// applied to the models: the configuration it runs with (latencies, kill probabilities,
// reliabilities, cross-sections) and the missiles it flies (launch time and place, performance,
// aim point, and the guidance corrected for them: flight/aiming.h's correctAim).
//
// Each drawn quantity has its own stream of (seed, "uncertainty:<quantity>:<missile>", trial), so a
// trial's draws do not depend on which other quantities the scenario draws, on the thread, or on
// the order trials run in. Without draws (a single run, or a scenario with no uncertainty section)
// the trial is the nominal one and flies the models' own missiles and aims.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "flight/aiming.h"
#include "flight/missile.h"
#include "scenario/config.h"

namespace picket::simulation {

struct Models;
struct SimulationOptions;

// One missile as this trial flies it.
struct TrialThreat {
  scenario::LaunchConfig launch;  // its drawn launch time and place
  double launch_t_s = 0.0;        // after the scenario's epoch
  // Drawn: this trial's own; otherwise empty and the models' are flown.
  std::optional<flight::Missile> own_missile;
  std::optional<flight::AimSolution> own_aim;
};

// A value drawn for the trial, as trials.csv records it: "thrust:Hwasong-12" = 1.013.
struct Draw {
  std::string quantity;
  double value = 0.0;
};

struct TrialSetup {
  scenario::ScenarioConfig config;  // the models' configuration with this trial's draws applied
  std::vector<TrialThreat> threats;  // as models.threats
  std::vector<Draw> draws;           // every value drawn, in a fixed order
  bool drawn = false;                // false: the nominal trial
};

// The trial's setup; with `draw` false (or no uncertainty section), the nominal one. Throws
// flight::AimingError when a drawn missile does not come down at all (the batch records the trial
// as failed); a drawn missile that misses its aim point flies on and lands where it lands.
TrialSetup setUpTrial(const Models& models, std::uint64_t trial, bool draw, const SimulationOptions& options);

// The missile catalog entry a threat of `config` flies (the raid launch's, or the scenario's).
const scenario::MissileConfig* threatMissileConfig(const scenario::ScenarioConfig& config, std::size_t threat);

}  // namespace picket::simulation

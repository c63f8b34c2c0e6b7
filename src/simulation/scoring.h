// Scoring after the run, from the truth: the leakers by what their warheads carried and the
// rounds by what they were fired at. Read by the outputs (report/) and by a Monte Carlo batch's
// statistics (montecarlo/), never by the defence.
#pragma once

#include <map>
#include <string>

#include "simulation/simulation.h"

namespace picket::simulation {

// The missiles that came down undestroyed (a payload in orbit never does), in all and by what
// their warheads carried (the scenario's `missile.warhead`, which the defence never reads).
struct Leakers {
  int count = 0, nuclear = 0, conventional = 0, not_said = 0;
  int nuclear_missiles = 0;  // the missiles labelled nuclear, come down or not
};
Leakers leakersOf(const SimulationResult& r);

// The rounds fired at each kind of true object ("warhead", "spent stage", "decoy", "debris", and
// "unknown" for an object the scoring could not tie to one), every kind present.
std::map<std::string, int> roundsSpentOn(const SimulationResult& r);

}  // namespace picket::simulation

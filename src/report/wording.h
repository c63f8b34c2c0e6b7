// Internal to report/: every sentence picket writes about a run. The simulation's results are
// typed (kinds, indices, numbers); the words that people read are made here and only here, when an
// output is written (a Monte Carlo trial that writes nothing pays for none of them).
#pragma once

#include <string>

#include "engagement/battle.h"
#include "engagement/window.h"
#include "simulation/simulation.h"

namespace picket::report {

// A timeline line's kind as the outputs name it ("launch", "ipp-converged", ...; docs/output.md).
const char* timelineKindName(simulation::TimelineKind kind);
// A timeline line's sentence: "Burnout at 412 km altitude, 5.60 km/s, ...".
std::string eventText(const simulation::SimulationResult& r, const simulation::TimelineEvent& e);

// "40.79N 169.41E", "33.90S 70.60W"
std::string latLonText(double lat_deg, double lon_deg);

// A shot's outcome: "kill", "miss (beyond divert)", ...
const char* shotResultName(engagement::ShotOutcome outcome);
// Why a window is closed ("too high", "out of reach", ...), and the numbers behind it for people.
const char* windowReasonName(engagement::WindowReason reason);
std::string windowDetail(const engagement::EngagementWindow& w);
// How the battle manager judged a threat: "defended area: Tokyo", "overflight only: Japan", "open sea".
std::string evaluationText(const engagement::ThreatEvaluation& t);
// The battle manager's threat `threat` as the outputs name it: what the defence's object was in
// truth (for the reader; the battle manager never sees it), its object and its tracks, e.g.
// "warhead (object 2, track 2)".
std::string threatLabel(const simulation::SimulationResult& r, int threat);

}  // namespace picket::report

// Scoring after the run, from the truth (docs/output.md): what the defence never reads.
#include "simulation/scoring.h"

#include "engagement/battle.h"
#include "simulation/trial.h"

namespace picket::simulation {

std::map<std::string, int> roundsSpentOn(const SimulationResult& r) {
  std::map<std::string, int> out = {{"warhead", 0}, {"spent stage", 0}, {"decoy", 0}, {"debris", 0}, {"unknown", 0}};
  for (const engagement::Shot& shot : r.engagement.shots) {
    const TrueObjectInfo* o =
        r.defence.objectTruth(r.engagement.threats.at(static_cast<std::size_t>(shot.threat)).object);
    ++out[o != nullptr ? objectKindName(o->kind) : "unknown"];
  }
  return out;
}

Leakers leakersOf(const SimulationResult& r) {
  Leakers out;
  for (std::size_t k = 0; k < r.threats.size(); ++k) {
    const ThreatResult& th = r.threats[k];
    const scenario::MissileConfig* m = threatMissileConfig(r.config, k);
    if (m != nullptr && m->warhead == "nuclear") ++out.nuclear_missiles;
    if (th.destroyed || !th.flight.impacted) continue;  // a payload in orbit never comes down
    ++out.count;
    if (m != nullptr && m->warhead == "nuclear") ++out.nuclear;
    else if (m != nullptr && m->warhead == "conventional") ++out.conventional;
    else ++out.not_said;
  }
  return out;
}

}  // namespace picket::simulation

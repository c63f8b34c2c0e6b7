// Internal to simulation/: the engagement stage of one run (engagements.cpp).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "engagement/interceptor.h"
#include "simulation/simulation.h"

namespace picket::simulation {

// Interceptor models, built once per distinct configuration and shared by every shooter and map.
class InterceptorCache {
 public:
  InterceptorCache(const world::Earth& earth, const world::Atmosphere& atmosphere) : earth_(&earth), atmosphere_(&atmosphere) {}
  const engagement::Interceptor& get(const scenario::InterceptorConfig& c);

 private:
  const world::Earth* earth_;
  const world::Atmosphere* atmosphere_;
  std::vector<std::string> keys_;
  std::vector<std::unique_ptr<engagement::Interceptor>> models_;
};

// Windows per layer, the battle manager's shots and the coverage maps into res.
void runEngagementStage(const scenario::ScenarioConfig& config, const world::Geography& geography,
                        const world::Earth& earth, const world::Atmosphere& atmosphere, SimulationResult& res,
                        const ProgressFn* progress = nullptr);

}  // namespace picket::simulation

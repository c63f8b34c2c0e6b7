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
  // Builds the model (and its reach table) the first time a configuration is asked for.
  const engagement::Interceptor& get(const scenario::InterceptorConfig& c);
  // One already built: the run phase only looks up (Models is shared between threads).
  [[nodiscard]] const engagement::Interceptor& at(const scenario::InterceptorConfig& c) const;

 private:
  static std::string key(const scenario::InterceptorConfig& c);  // the catalog id and where it was configured
  [[nodiscard]] const engagement::Interceptor* find(const std::string& key) const;

  const world::Earth* earth_;
  const world::Atmosphere* atmosphere_;
  std::vector<std::string> keys_;
  std::vector<std::unique_ptr<engagement::Interceptor>> models_;
};

// Builds every interceptor the shooters and coverage maps use (the build phase, models.h).
void buildInterceptors(const scenario::ScenarioConfig& config, InterceptorCache& cache);

struct Models;
// Windows per layer, the battle manager's shots and the coverage maps into res, for one trial.
void runEngagementStage(const Models& models, std::uint64_t trial, SimulationResult& res,
                        const ProgressFn* progress = nullptr, bool coverage_maps = true);

}  // namespace picket::simulation

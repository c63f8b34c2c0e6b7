#include "engagement/batteries.h"

#include <algorithm>
#include <cmath>
#include <queue>
#include <utility>

#include "common/constants.h"
#include "engagement/battle.h"

namespace picket::engagement {

namespace c = picket::constants;


int BatteryPlan::batteriesFor(double share) const {
  for (std::size_t k = 0; k < defended.size(); ++k)
    if (defended[k] >= share * total_population - 1e-9) return static_cast<int>(k) + 1;
  return -1;
}

BatteryPlan placeBatteries(std::span<const world::PopulationPlace> places, double radius_m, int max_batteries) {
  BatteryPlan plan;
  plan.radius_m = radius_m;
  const std::size_t n = places.size();
  for (const world::PopulationPlace& p : places) plan.total_population += p.population;
  // Who each site would defend: every pair tested (Japan's 1,896 places are 3.6 million
  // distances, a tenth of a second; no index is worth its approximations here).
  std::vector<std::vector<int>> near(n);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j)
      if (greatCircle_m(places[i].lat_deg, places[i].lon_deg, places[j].lat_deg, places[j].lon_deg) <= radius_m) near[i].push_back(static_cast<int>(j));
  std::vector<char> defended(n, 0);
  const auto gainOf = [&](std::size_t i) {
    double g = 0.0;
    for (const int j : near[i])
      if (!defended[static_cast<std::size_t>(j)]) g += places[static_cast<std::size_t>(j)].population;
    return g;
  };
  // Lazy greedy: a site's gain only falls as others are placed, so a stale gain at the top of the
  // queue that is still the largest once brought up to date is the true best. Ties go to the
  // lower index (the queue orders by gain, then by index).
  using Entry = std::pair<double, int>;  // gain, -index
  std::priority_queue<Entry> queue;
  for (std::size_t i = 0; i < n; ++i) queue.emplace(gainOf(i), -static_cast<int>(i));
  double sum = 0.0;
  while (static_cast<int>(plan.sites.size()) < max_batteries && !queue.empty()) {
    const auto [stale, neg] = queue.top();
    queue.pop();
    const auto i = static_cast<std::size_t>(-neg);
    const double gain = gainOf(i);
    if (gain <= 0.0) continue;  // it would defend nobody new: dropped (the queue empties once all are defended)
    if (!queue.empty() && (gain < queue.top().first || (gain == queue.top().first && -queue.top().second < -neg))) {
      queue.emplace(gain, neg);
      continue;
    }
    for (const int j : near[i]) defended[static_cast<std::size_t>(j)] = 1;
    sum += gain;
    plan.sites.push_back(static_cast<int>(i));
    plan.defended.push_back(sum);
  }
  return plan;
}

double batteriesToCoverArea(double area_km2, double radius_m) {
  const double r_km = radius_m / 1e3;
  return area_km2 / (1.5 * std::sqrt(3.0) * r_km * r_km);
}

}  // namespace picket::engagement

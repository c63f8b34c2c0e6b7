// How many point-defence batteries (PAC-3) it takes to defend which share of a population: the
// press's "around 500 Patriot batteries" for Japan, made a curve with its assumptions
// (docs/engagement.md, "How many batteries").
//
// A battery defends the ground within `radius_m` of it: the radius of a circle with the area of its
// defended footprint against a stated threat (coverage.h's defended footprint, from the scenario).
// Batteries stand at the places of the population file and defend the places within the radius;
// they are placed one at a time where they add the most people not yet defended (the greedy rule
// of maximum coverage, within 1 - 1/e of the best placement for every count: Nemhauser, Wolsey and
// Fisher, Math. Programming 14 (1978) 265-294; evaluated lazily, which gives the same choices).
// The other reading, every square kilometre of land defended, is the covering of an area by
// circles: a hexagonal lattice needs area / (3 sqrt(3) / 2 r^2) of them (Kershner, Amer. J. Math.
// 61 (1939) 665-671).
#pragma once

#include <span>
#include <vector>

#include "world/population.h"

namespace picket::engagement {

struct BatteryPlan {
  double radius_m = 0.0;
  double total_population = 0.0;
  std::vector<int> sites;        // place indices, in the order the batteries were placed
  std::vector<double> defended;  // people defended once sites[0..k] stand, per k
  // The fewest batteries that defend at least `share` of the population (-1: not reached).
  [[nodiscard]] int batteriesFor(double share) const;
};

// Places up to max_batteries, stopping early once every place with people is defended.
BatteryPlan placeBatteries(std::span<const world::PopulationPlace> places, double radius_m, int max_batteries);

// Batteries on a hexagonal lattice that cover area_km2 of land with circles of radius_m.
double batteriesToCoverArea(double area_km2, double radius_m);

}  // namespace picket::engagement

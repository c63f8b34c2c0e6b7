// The benchmark workload, shared by picket_bench and the side-by-side peers: the flagship
// Hwasong-12 flight (15 September 2017), aimed once, then flown again and again.
#pragma once

#include <memory>

#include "flight/aiming.h"
#include "flight/dynamics.h"
#include "flight/flight.h"
#include "flight/missile.h"
#include "world/atmosphere.h"
#include "world/earth.h"

namespace picket::bench {

struct Workload {
  std::unique_ptr<world::Earth> earth;
  std::unique_ptr<world::Atmosphere> atmosphere;
  std::unique_ptr<flight::Missile> missile;
  world::Geodetic launch;
  flight::GuidancePlan plan;
  [[nodiscard]] flight::FlightModels models() const { return {*earth, *atmosphere}; }
};

// Loads data/catalog/missiles/hwasong-12.yaml and scenarios/hokkaido-2017-09-15.yaml's aim.
Workload flagshipWorkload();

// Tolerance ladder used by every propagator in the comparison: rtol = tol, and absolute floors
// that scale with it (position tol x 1e4 m, velocity tol x 10 m/s) so no floor caps the accuracy.
flight::FlightOptions optionsFor(double tol);

}  // namespace picket::bench

#include "bench_setup.h"

#include "scenario/loader.h"

namespace picket::bench {

Workload flagshipWorkload() {
  const scenario::ScenarioConfig cfg =
      scenario::loadScenario(std::string(PICKET_DATA_DIR) + "/../scenarios/hokkaido-2017-09-15.yaml", PICKET_DATA_DIR);
  Workload w;
  w.earth = std::make_unique<world::Earth>(world::EarthOptions::from(cfg.physics), cfg.launch.time);
  w.atmosphere = std::make_unique<world::Atmosphere>(world::AtmosphereModel::kUs1976);
  w.missile = std::make_unique<flight::Missile>(*cfg.missile);
  w.launch = world::Geodetic{cfg.launch.lat_deg, cfg.launch.lon_deg, cfg.launch.alt_m};
  flight::AimRequest req;
  req.launch = w.launch;
  const world::Geodetic aim = w.earth->direct(w.launch.lat_deg, w.launch.lon_deg, *cfg.aim->azimuth_deg, *cfg.aim->range_m);
  req.aim_lat_deg = aim.lat_deg;
  req.aim_lon_deg = aim.lon_deg;
  req.shape = cfg.aim->shape;
  req.apogee_m = cfg.aim->apogee_m;
  w.plan = flight::solveAim(w.models(), *w.missile, req).plan;
  return w;
}

flight::FlightOptions optionsFor(double tol) {
  flight::FlightOptions o;
  o.rtol = tol;
  o.integrator = flight::FlightOptions::Integrator::kLowOrderWhenLoose;  // picket's fastest setup at loose tolerances
  o.atol_position_m = tol * 1e4;
  o.atol_velocity_mps = tol * 10.0;
  return o;
}

}  // namespace picket::bench

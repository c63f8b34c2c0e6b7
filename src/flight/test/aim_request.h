// Shared by the aiming tests: an aim request for the point range_m along azimuth_deg from launch.
#pragma once

#include "flight/aiming.h"

namespace picket::flight {

inline AimRequest requestTo(const world::Earth& earth, const world::Geodetic& launch, double azimuth_deg,
                            double range_m) {
  AimRequest r;
  r.launch = launch;
  const world::Geodetic p = earth.direct(launch.lat_deg, launch.lon_deg, azimuth_deg, range_m);
  r.aim_lat_deg = p.lat_deg;
  r.aim_lon_deg = p.lon_deg;
  return r;
}

}  // namespace picket::flight

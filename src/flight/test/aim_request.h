// Shared by the flight tests: an aim request for the point range_m along azimuth_deg from launch,
// and the flagship's Hwasong-12 from the catalog at its launch point.
#pragma once

#include "flight/aiming.h"
#include "scenario/loader.h"

namespace picket::flight {

inline AimRequest requestTo(const world::Earth& earth, const world::Geodetic& launch, double azimuth_deg,
                            double range_m) {
  return requestAlong(earth, launch, azimuth_deg, range_m);
}

struct Hwasong {
  world::Earth earth{world::EarthOptions{}, UtcTime{1505426220.0}};
  world::Atmosphere atmosphere{world::AtmosphereModel::kUs1976};
  Missile missile{scenario::loadCatalogMissile("hwasong-12", PICKET_DATA_DIR)};
  world::Geodetic launch{39.2239, 125.67, 0.0};
  FlightModels models() const { return {earth, atmosphere}; }
  AimRequest request(double range_km, double azimuth_deg) const {
    return requestTo(earth, launch, azimuth_deg, range_km * 1e3);
  }
};

}  // namespace picket::flight

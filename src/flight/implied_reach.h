// What a test implies: the range the same missile would reach on a standard (minimum-energy)
// trajectory, the question analysts answer after each lofted ICBM test (Wright, UCS: the Hwasong-14
// test of 4 July 2017 "implies about 6,700 km"; the Hwasong-15 of 29 November 2017 "more than
// 13,000 km"; data/catalog/missiles/hwasong-14.yaml, hwasong-15.yaml).
//
// The method, as those analyses make it: assume the test flew at full burn; find the payload with
// which the missile's full burn peaks at the reported apogee at the reported range (the highest
// apogee any flight to that range can have: flight/aiming.h apogeeCeiling_m, decreasing in the
// payload, found by bisection within the catalog's documented payload range); fly that missile at
// full burn toward a heading for its reach, on the rotating Earth and without rotation (how such
// figures are usually quoted); and the reach across the documented payloads (the payload trade).
#pragma once

#include <optional>
#include <utility>
#include <vector>

#include "flight/aiming.h"
#include "scenario/config.h"
#include "world/atmosphere.h"
#include "world/earth.h"

namespace picket::flight {

struct PayloadReach {
  double payload_kg = 0.0;
  Reach rotating, still;  // on the rotating Earth toward the heading; on a non-rotating one
};

struct ImpliedReach {
  // The payload with which a full burn peaks at the test's apogee; empty with `lighter` or
  // `heavier` set where that payload lies outside the documented range (the test needs a lighter
  // payload than the lightest documented, or any documented payload peaks higher).
  std::optional<double> payload_kg;
  bool lighter = false, heavier = false;
  std::optional<PayloadReach> at_implied;  // the reach with that payload
  std::vector<PayloadReach> trade;         // across the documented payloads
};

// `test`: launch point, aim point at the test's range and bearing, and its apogee. `heading`: the
// launch point and a point on the bearing of the standard shot. `payloads`: the documented range.
// `trade_points` payloads evenly across it (at least 2).
ImpliedReach impliedReach(const world::Earth& earth, const world::Atmosphere& atmosphere,
                          const scenario::MissileConfig& missile, std::pair<double, double> payloads,
                          const std::optional<AimRequest>& test, const AimRequest& heading, int trade_points = 5);

}  // namespace picket::flight

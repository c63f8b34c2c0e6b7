#include "flight/implied_reach.h"

#include <algorithm>
#include <cmath>

namespace picket::flight {

namespace {

scenario::MissileConfig withPayload(scenario::MissileConfig m, double kg) {
  m.payload.mass_kg = kg;
  return m;
}

PayloadReach reachWith(const world::Earth& earth, const world::Earth& still, const world::Atmosphere& atmosphere,
                       const scenario::MissileConfig& config, double kg, const AimRequest& heading) {
  const Missile missile(withPayload(config, kg));
  PayloadReach r;
  r.payload_kg = kg;
  r.rotating = maximumReach(FlightModels{earth, atmosphere}, missile, heading);
  r.still = maximumReach(FlightModels{still, atmosphere}, missile, heading);
  return r;
}

}  // namespace

ImpliedReach impliedReach(const world::Earth& earth, const world::Atmosphere& atmosphere,
                          const scenario::MissileConfig& config, std::pair<double, double> payloads,
                          const std::optional<AimRequest>& test, const AimRequest& heading, int trade_points) {
  world::EarthOptions still_options = earth.options();
  still_options.rotation = false;
  const world::Earth still(still_options, earth.epoch());
  ImpliedReach out;
  const auto [lo_kg, hi_kg] = payloads;
  if (test && test->apogee_m) {
    const FlightModels models{earth, atmosphere};
    // The ceiling at the test's range less the test's apogee: decreasing in the payload.
    const auto excess = [&](double kg) {
      const std::optional<double> ceiling = apogeeCeiling_m(models, Missile(withPayload(config, kg)), *test);
      return ceiling ? *ceiling - *test->apogee_m : -1e30;
    };
    const double e_lo = excess(lo_kg), e_hi = excess(hi_kg);
    if (e_lo < 0.0) {
      out.lighter = true;
    } else if (e_hi > 0.0) {
      out.heavier = true;
    } else {
      // Bisection to a kilogram: the ceiling is a flight-by-flight solve, not smooth enough for
      // a faster root finder to gain much, and 12 halvings of a 1,000 kg range reach 0.3 kg.
      double a = lo_kg, b = hi_kg;
      while (b - a > 0.5) {
        const double m = 0.5 * (a + b);
        (excess(m) >= 0.0 ? a : b) = m;
      }
      out.payload_kg = 0.5 * (a + b);
      out.at_implied = reachWith(earth, still, atmosphere, config, *out.payload_kg, heading);
    }
  }
  const int n = std::max(trade_points, 2);
  for (int i = 0; i < n; ++i) {
    const double kg = lo_kg + (hi_kg - lo_kg) * i / (n - 1);
    out.trade.push_back(reachWith(earth, still, atmosphere, config, kg, heading));
  }
  return out;
}

}  // namespace picket::flight

// `picket reach`, in words and as JSON: what a test implies and the payload trade
// (flight/implied_reach.h computes them).
#pragma once

#include <optional>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "flight/implied_reach.h"

namespace picket::report {

struct ReachQuestion {
  std::string missile_name;
  double launch_lat_deg = 0.0, launch_lon_deg = 0.0, azimuth_deg = 0.0;
  std::pair<double, double> payload_range_kg;
  std::optional<double> test_apogee_km;
  double test_range_km = 0.0, test_azimuth_deg = 0.0;
};

std::string reachText(const ReachQuestion& q, const flight::ImpliedReach& a);
nlohmann::json reachJson(const ReachQuestion& q, const flight::ImpliedReach& a);

}  // namespace picket::report

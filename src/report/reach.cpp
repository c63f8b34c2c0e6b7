#include "report/reach.h"

#include <cmath>

#include <fmt/format.h>

namespace picket::report {

namespace {

std::string reachWords(const flight::Reach& r) {
  return r.global ? "orbit (every range on the bearing)" : fmt::format("{:.0f} km", r.range_m / 1e3);
}

nlohmann::json reachJson(const flight::Reach& r) {
  return r.global ? nlohmann::json{{"reach_km", nullptr}, {"global_reach", true}}
                  : nlohmann::json{{"reach_km", std::round(r.range_m / 100.0) / 10.0}, {"global_reach", false}};
}

}  // namespace

std::string reachText(const ReachQuestion& q, const flight::ImpliedReach& a) {
  std::string out = fmt::format("{} from {:.2f}N {:.2f}E, bearing {:03.0f} deg\n", q.missile_name, q.launch_lat_deg,
                                q.launch_lon_deg, q.azimuth_deg);
  if (q.test_apogee_km) {
    const std::string test = fmt::format("The test ({:.0f} km apogee at {:.0f} km, bearing {:03.0f})", *q.test_apogee_km,
                                         q.test_range_km, q.test_azimuth_deg);
    if (a.payload_kg) {
      out += fmt::format("{} flown at full burn implies a payload of {:.0f} kg (documented {:.0f}-{:.0f} kg).\n", test,
                         *a.payload_kg, q.payload_range_kg.first, q.payload_range_kg.second);
      out += fmt::format("With it, a minimum-energy flight reaches {} on the rotating Earth and {} without rotation.\n",
                         reachWords(a.at_implied->rotating), reachWords(a.at_implied->still));
    } else if (a.lighter) {
      out += fmt::format("{} is out of reach at full burn with the lightest documented payload ({:.0f} kg): it needs a "
                         "lighter one, or a stronger missile than the catalog's.\n",
                         test, q.payload_range_kg.first);
    } else {
      out += fmt::format("{} is below what a full burn gives with the heaviest documented payload ({:.0f} kg): flown "
                         "at full burn it carried more, or it was not flown at full burn.\n",
                         test, q.payload_range_kg.second);
    }
  }
  out += "Payload trade (minimum energy; rotating Earth, and without rotation):\n";
  for (const flight::PayloadReach& p : a.trade)
    out += fmt::format("  {:6.0f} kg  {:<44} {}\n", p.payload_kg, reachWords(p.rotating), reachWords(p.still));
  return out;
}

nlohmann::json reachJson(const ReachQuestion& q, const flight::ImpliedReach& a) {
  nlohmann::json j{{"missile", q.missile_name},
                   {"launch", {{"lat_deg", q.launch_lat_deg}, {"lon_deg", q.launch_lon_deg}}},
                   {"azimuth_deg", q.azimuth_deg},
                   {"documented_payload_kg", {q.payload_range_kg.first, q.payload_range_kg.second}}};
  if (q.test_apogee_km) {
    j["test"] = {{"apogee_km", *q.test_apogee_km}, {"range_km", q.test_range_km}, {"azimuth_deg", q.test_azimuth_deg}};
    j["implied_payload_kg"] = a.payload_kg ? nlohmann::json(std::round(*a.payload_kg)) : nlohmann::json();
    j["needs_lighter_payload"] = a.lighter;
    j["needs_heavier_payload"] = a.heavier;
    if (a.at_implied) j["implied"] = {{"rotating", reachJson(a.at_implied->rotating)}, {"still", reachJson(a.at_implied->still)}};
  }
  nlohmann::json trade = nlohmann::json::array();
  for (const flight::PayloadReach& p : a.trade)
    trade.push_back({{"payload_kg", p.payload_kg}, {"rotating", reachJson(p.rotating)}, {"still", reachJson(p.still)}});
  j["payload_trade"] = trade;
  return j;
}

}  // namespace picket::report

#include "report/record_words.h"

#include <cmath>

#include <fmt/format.h>

namespace picket::report {

namespace {

using Figure = simulation::RecordCheck::Figure;
using Tolerance = simulation::RecordCheck::Tolerance;

// A report's value with its own interval ("770 km (770-800)", "4000 km (at least 4000)").
std::string number(const scenario::ReportedNumber& n, const char* unit) {
  if (std::isinf(n.hi)) return fmt::format("{:g} {} (at least {:g})", n.value, unit, n.lo);
  if (std::isinf(n.lo)) return fmt::format("{:g} {} (at most {:g})", n.value, unit, n.hi);
  if (n.lo == n.hi) return fmt::format("{:g} {}", n.value, unit);
  if (n.value - n.lo == n.hi - n.value) return fmt::format("{:g} {} (+-{:g})", n.value, unit, n.hi - n.value);
  return fmt::format("{:g} {} ({:g}-{:g})", n.value, unit, n.lo, n.hi);
}

std::string names(const std::vector<std::string>& s) {
  if (s.empty()) return "none";
  std::string out;
  for (const std::string& n : s) out += (out.empty() ? "" : ", ") + n;
  return out;
}

const char* what(Figure f) {
  switch (f) {
    case Figure::kLaunch: return "launch";
    case Figure::kApogee: return "apogee";
    case Figure::kGroundRange: return "ground range";
    case Figure::kFlightTime: return "flight time";
    case Figure::kImpact: return "impact";
    case Figure::kImpactFrom: return "impact from";
    case Figure::kImpactZone: return "impact zone";
    case Figure::kOverflown: return "prefectures overflown";
    case Figure::kOverJapanFrom: return "over Japan from";
    case Figure::kOverJapanUntil: return "over Japan until";
    case Figure::kJAlertRule: return "J-Alert rule";
    case Figure::kJAlert: return "J-Alert";
    case Figure::kJAlertPrefectures: return "J-Alert prefectures";
    case Figure::kFirstJAlert: return "first J-Alert";
    case Figure::kPassedOver: return "J-Alert \"passed over\"";
    case Figure::kStageFallTime: return "fall of stage";
    case Figure::kStageFallRange: return "range of stage";
    case Figure::kImpactPoint: return "impact point";
    case Figure::kStageFallPoint: return "point of stage";
  }
  return "?";
}

}  // namespace

RecordWords recordWords(const simulation::RecordCheck& c, const TimeZone& zone) {
  const auto clock = [&](UtcTime t) { return formatLocalClock(t, zone) + " " + zone.name; };
  RecordWords w;
  w.what = c.figure == Figure::kImpactFrom ? "impact from " + c.landmark : what(c.figure);
  if (c.figure == Figure::kStageFallTime) w.what = fmt::format("stage {} falls", c.stage);
  if (c.figure == Figure::kStageFallRange) w.what = fmt::format("stage {} falls at", c.stage);
  if (c.figure == Figure::kStageFallPoint) w.what = fmt::format("stage {} fall point", c.stage);
  switch (c.tolerance) {
    case Tolerance::kRelative2: w.tolerance = "range +-2 %"; break;
    case Tolerance::kMinute1: w.tolerance = "range +-1 min"; break;
    case Tolerance::kRelative5: w.tolerance = "range +-5 %"; break;
    case Tolerance::kTime2:
      w.tolerance = c.precision_s > 0.0 ? fmt::format("+-{:g} s and +-2 min", c.precision_s) : "+-2 min";
      break;
    case Tolerance::kExact: w.tolerance = "exact"; break;
    case Tolerance::kAfterExit: w.tolerance = "after the exit, by the record +2 min"; break;
    case Tolerance::kPoint: w.tolerance = "radius +5 % of the distance flown"; break;
  }
  switch (c.figure) {
    case Figure::kApogee:
    case Figure::kGroundRange:
    case Figure::kImpactFrom:
    case Figure::kStageFallRange:
    case Figure::kFlightTime: {
      const bool minutes = c.figure == Figure::kFlightTime;
      const char* unit = minutes ? "min" : "km";
      w.reported = number(c.reported_number, unit);
      if (!c.landmark_in_output) {
        w.modelled = "(add the landmark to output.landmarks)";
      } else if (c.modelled) {
        w.modelled = minutes ? fmt::format("{:.1f} min", *c.modelled) : fmt::format("{:.0f} km", *c.modelled);
        w.difference = fmt::format("{:+.1f} {}", *c.modelled - c.reported_number.value, unit);
      }
      break;
    }
    case Figure::kImpactPoint:
    case Figure::kStageFallPoint: {
      const auto at = [](double lat_deg, double lon_deg) {
        return fmt::format("{:.2f}{} {:.2f}{}", std::abs(lat_deg), lat_deg < 0.0 ? "S" : "N",
                           std::abs(std::remainder(lon_deg, 360.0)), std::remainder(lon_deg, 360.0) < 0.0 ? "W" : "E");
      };
      w.reported = fmt::format("{} (+-{:g} km)", at(c.reported_lat_deg, c.reported_lon_deg), c.reported_number.hi);
      if (c.modelled) {
        w.modelled = fmt::format("{} ({:.0f} km off)", at(c.modelled_lat_deg, c.modelled_lon_deg), *c.modelled);
        w.difference = fmt::format("{:.0f} km", *c.modelled);
      } else {
        w.modelled = "none";
      }
      break;
    }
    case Figure::kLaunch:
    case Figure::kImpact:
    case Figure::kOverJapanFrom:
    case Figure::kOverJapanUntil:
    case Figure::kFirstJAlert:
    case Figure::kPassedOver:
    case Figure::kStageFallTime:
      w.reported = clock(c.reported_time);
      w.modelled = c.modelled_time ? clock(*c.modelled_time) : "none";
      if (c.modelled_time)
        w.difference = fmt::format("{:+.1f} min", c.modelled_time->secondsSince(c.reported_time) / 60.0);
      if (c.figure == Figure::kFirstJAlert && !c.modelled_at_all) w.modelled = "(no sensors)";
      break;
    case Figure::kJAlert:
      w.reported = "none";
      w.modelled = c.modelled_time ? fmt::format("{} prefectures from {}", c.modelled_names.size(), clock(*c.modelled_time))
                                   : "none";
      break;
    case Figure::kJAlertPrefectures:
      w.reported = names(c.reported_names);
      w.modelled = c.modelled_at_all ? names(c.modelled_names) : "(no sensors)";
      break;
    case Figure::kImpactZone:
    case Figure::kOverflown:
    case Figure::kJAlertRule:
      w.reported = names(c.reported_names);
      w.modelled = names(c.modelled_names);
      break;
  }
  return w;
}

}  // namespace picket::report

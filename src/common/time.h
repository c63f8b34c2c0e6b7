// Time: UTC epochs inside, local time with its zone only on output.
//
// UtcTime counts SI seconds since 1970-01-01T00:00:00Z, leap seconds not counted (POSIX time).
// A flight lasts well under an hour and no leap second fell inside the events picket models, so
// durations are differences of UtcTime. Resolution of the double: < 1 microsecond until 2100.
#pragma once

#include <string>
#include <string_view>

namespace picket {

struct UtcTime {
  double unix_s = 0.0;

  [[nodiscard]] UtcTime plus(double dt_s) const { return UtcTime{unix_s + dt_s}; }
  [[nodiscard]] double secondsSince(UtcTime earlier) const { return unix_s - earlier.unix_s; }
  auto operator<=>(const UtcTime&) const = default;
};

// A fixed offset from UTC with its customary name (JST = UTC+09:00). Japan has kept no summer time
// since 1951, and the zones picket ships (docs/notation.md) have fixed offsets over the events modelled.
struct TimeZone {
  bool operator==(const TimeZone&) const = default;
  std::string name = "UTC";
  int offset_s = 0;
};

// Parses ISO 8601 "YYYY-MM-DDThh:mm[:ss[.fff]]" followed by "Z" or "+hh:mm"/"-hh:mm" (the offset is
// required: a time without a zone is ambiguous). Returns false and leaves `out` alone on bad text.
bool parseIso8601(std::string_view text, UtcTime& out);

// Looks a zone up by its abbreviation (UTC, JST, KST, ChST, HST, PST, PDT, EST, EDT) or accepts an
// explicit "UTC+hh:mm". Returns false if unknown.
bool lookupTimeZone(std::string_view name, TimeZone& out);

// "2017-09-14T21:57:00.000Z"
std::string formatUtc(UtcTime t, int decimals = 0);
// "2017-09-15 06:57:00 JST"
std::string formatLocal(UtcTime t, const TimeZone& zone, int decimals = 0);
// "06:57:00"
std::string formatLocalClock(UtcTime t, const TimeZone& zone);
// "+09:00"
std::string formatOffset(int offset_s);

// Greenwich mean sidereal angle (rad, in [0, 2 pi)) from the IAU 1982 expression (Aoki et al. 1982;
// Vallado, "Fundamentals of Astrodynamics and Applications", 4th ed., eq. 3-47), with UT1 = UTC
// (|UT1-UTC| < 0.9 s, i.e. < 4 arcsec of Earth rotation).
double greenwichMeanSiderealAngle_rad(UtcTime t);

}  // namespace picket

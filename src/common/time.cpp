#include "common/time.h"

#include <array>
#include <charconv>
#include <chrono>
#include <cmath>

#include <fmt/format.h>

#include "common/constants.h"

namespace picket {
namespace {

bool readInt(std::string_view s, std::size_t pos, std::size_t len, int& out) {
  if (pos + len > s.size()) return false;
  for (std::size_t i = pos; i < pos + len; ++i)
    if (s[i] < '0' || s[i] > '9') return false;
  return std::from_chars(s.data() + pos, s.data() + pos + len, out).ec == std::errc{};
}

struct Civil {
  int year, month, day, hour, minute;
  double second;
};

Civil toCivil(double unix_s) {
  using namespace std::chrono;
  const double day_s = std::floor(unix_s / 86400.0);
  const double sod = unix_s - day_s * 86400.0;
  const year_month_day ymd{sys_days{days{static_cast<long>(day_s)}}};
  const int hour = static_cast<int>(sod / 3600.0);
  const int minute = static_cast<int>((sod - hour * 3600.0) / 60.0);
  return Civil{static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
               static_cast<int>(static_cast<unsigned>(ymd.day())), hour, minute,
               sod - hour * 3600.0 - minute * 60.0};
}

std::string formatCivil(double unix_s, int decimals, char sep) {
  // Round first so that 59.9996 s never prints as "60".
  const double scale = std::pow(10.0, decimals);
  const double rounded = std::round(unix_s * scale) / scale;
  const Civil c = toCivil(rounded);
  const std::string sec = decimals > 0 ? fmt::format("{:0{}.{}f}", c.second, decimals + 3, decimals)
                                       : fmt::format("{:02d}", static_cast<int>(std::round(c.second)));
  return fmt::format("{:04d}-{:02d}-{:02d}{}{:02d}:{:02d}:{}", c.year, c.month, c.day, sep, c.hour,
                     c.minute, sec);
}

}  // namespace

bool parseIso8601(std::string_view s, UtcTime& out) {
  int y, mo, d, h, mi, sec = 0;
  if (!readInt(s, 0, 4, y) || s.size() < 16 || s[4] != '-' || !readInt(s, 5, 2, mo) || s[7] != '-' ||
      !readInt(s, 8, 2, d) || (s[10] != 'T' && s[10] != ' ') || !readInt(s, 11, 2, h) || s[13] != ':' ||
      !readInt(s, 14, 2, mi))
    return false;
  std::size_t pos = 16;
  double frac = 0.0;
  if (pos < s.size() && s[pos] == ':') {
    if (!readInt(s, pos + 1, 2, sec)) return false;
    pos += 3;
    if (pos < s.size() && s[pos] == '.') {
      std::size_t end = pos + 1;
      while (end < s.size() && s[end] >= '0' && s[end] <= '9') ++end;
      if (end == pos + 1) return false;
      double scale = 0.1;
      for (std::size_t i = pos + 1; i < end; ++i, scale /= 10.0) frac += (s[i] - '0') * scale;
      pos = end;
    }
  }
  int offset_s = 0;
  if (pos < s.size() && s[pos] == 'Z') {
    ++pos;
  } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
    int oh, om;
    if (!readInt(s, pos + 1, 2, oh) || pos + 3 >= s.size() || s[pos + 3] != ':' ||
        !readInt(s, pos + 4, 2, om) || oh > 14 || om > 59)
      return false;
    offset_s = (s[pos] == '-' ? -1 : 1) * (oh * 3600 + om * 60);
    pos += 6;
  } else {
    return false;  // a zone is required
  }
  if (pos != s.size()) return false;
  using namespace std::chrono;
  const year_month_day ymd{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
  if (!ymd.ok() || h > 23 || mi > 59 || sec > 59) return false;
  const double days_since_epoch = static_cast<double>(sys_days{ymd}.time_since_epoch().count());
  out.unix_s = days_since_epoch * 86400.0 + h * 3600.0 + mi * 60.0 + sec + frac - offset_s;
  return true;
}

bool lookupTimeZone(std::string_view name, TimeZone& out) {
  struct Known {
    std::string_view name;
    int offset_s;
  };
  // Standard offsets: Japan (JST) and Korea (KST) UTC+9, Chamorro (Guam) UTC+10, Hawaii UTC-10,
  // US Pacific and Eastern (standard and daylight), as published by the IANA time-zone database.
  static constexpr std::array<Known, 9> kKnown{{{"UTC", 0},
                                                {"JST", 9 * 3600},
                                                {"KST", 9 * 3600},
                                                {"ChST", 10 * 3600},
                                                {"HST", -10 * 3600},
                                                {"PST", -8 * 3600},
                                                {"PDT", -7 * 3600},
                                                {"EST", -5 * 3600},
                                                {"EDT", -4 * 3600}}};
  for (const Known& k : kKnown) {
    if (k.name == name) {
      out = TimeZone{std::string(k.name), k.offset_s};
      return true;
    }
  }
  // "UTC+hh:mm" / "UTC-hh:mm"
  if (name.size() == 9 && name.substr(0, 3) == "UTC" && (name[3] == '+' || name[3] == '-') && name[6] == ':') {
    int oh, om;
    if (!readInt(name, 4, 2, oh) || !readInt(name, 7, 2, om) || oh > 14 || om > 59) return false;
    out = TimeZone{std::string(name), (name[3] == '-' ? -1 : 1) * (oh * 3600 + om * 60)};
    return true;
  }
  return false;
}

std::string formatUtc(UtcTime t, int decimals) { return formatCivil(t.unix_s, decimals, 'T') + "Z"; }

std::string formatLocal(UtcTime t, const TimeZone& zone, int decimals) {
  return formatCivil(t.unix_s + zone.offset_s, decimals, ' ') + " " + zone.name;
}

std::string formatLocalClock(UtcTime t, const TimeZone& zone) {
  return formatCivil(t.unix_s + zone.offset_s, 0, ' ').substr(11);
}

std::string formatOffset(int offset_s) {
  const int a = offset_s < 0 ? -offset_s : offset_s;
  return fmt::format("{}{:02d}:{:02d}", offset_s < 0 ? '-' : '+', a / 3600, (a % 3600) / 60);
}

double greenwichMeanSiderealAngle_rad(UtcTime t) {
  // Julian centuries of UT1 from J2000.0 (2000-01-01T12:00:00 = unix 946728000).
  const double t_cent = (t.unix_s - 946728000.0) / (86400.0 * 36525.0);
  const double gmst_s = 67310.54841 + (876600.0 * 3600.0 + 8640184.812866) * t_cent +
                        0.093104 * t_cent * t_cent - 6.2e-6 * t_cent * t_cent * t_cent;
  double angle = std::fmod(gmst_s, 86400.0) / 86400.0 * 2.0 * constants::kPi;
  if (angle < 0.0) angle += 2.0 * constants::kPi;
  return angle;
}

}  // namespace picket

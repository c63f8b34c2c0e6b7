#include <cmath>

#include <fmt/format.h>

#include "report/report.h"

namespace picket::report {

std::string timelineText(const simulation::SimulationResult& r) {
  const TimeZone& zone = r.config.output.time_zone;
  const flight::FlightResult& f = r.flight;
  std::string out;
  out += fmt::format("{}\n", r.config.name);
  out += fmt::format("Times in {} (UTC{}); T+ is time since launch.\n\n", zone.name, formatOffset(zone.offset_s));
  for (const simulation::TimelineEvent& e : r.timeline) {
    const int t = static_cast<int>(std::lround(e.t_s));
    out += fmt::format("{} {}  T+{:02d}:{:02d}  {}\n", formatLocalClock(r.utc(e.t_s), zone), zone.name, t / 60, t % 60,
                       e.text);
  }
  const long ft = std::lround(f.impact.t_s);
  out += fmt::format("\nFlight time {} s ({} min {:02d} s); apogee {:.0f} km; ground range {:.0f} km.\n", ft, ft / 60,
                     ft % 60, f.apogee.position.alt_m / 1e3, f.ground_range_m / 1e3);
  if (r.overflights.empty()) {
    out += "Overflew no land.\n";
  } else {
    out += "Overflew:";
    for (const simulation::Overflight& o : r.overflights)
      out += fmt::format(" {}{} ({}-{});", o.region.empty() ? "" : o.region + ", ", o.country,
                         formatLocalClock(r.utc(o.enter_t_s), zone), formatLocalClock(r.utc(o.exit_t_s), zone));
    out.back() = '\n';
  }
  return out;
}

}  // namespace picket::report

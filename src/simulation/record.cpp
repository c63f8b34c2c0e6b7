#include "simulation/record.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <set>

#include <fmt/format.h>

#include "scenario/alert_policies.h"

namespace picket::simulation {

namespace {

// A report's value with its own interval, as printed ("770 km (770-800)", "at least 2500 km").
std::string number(const scenario::ReportedNumber& n, const char* unit) {
  if (std::isinf(n.hi)) return fmt::format("{:g} {} (at least {:g})", n.value, unit, n.lo);
  if (std::isinf(n.lo)) return fmt::format("{:g} {} (at most {:g})", n.value, unit, n.hi);
  if (n.lo == n.hi) return fmt::format("{:g} {}", n.value, unit);
  if (n.value - n.lo == n.hi - n.value) return fmt::format("{:g} {} (+-{:g})", n.value, unit, n.hi - n.value);
  return fmt::format("{:g} {} ({:g}-{:g})", n.value, unit, n.lo, n.hi);
}

std::string names(const std::set<std::string>& s) {
  if (s.empty()) return "none";
  std::string out;
  for (const std::string& n : s) out += (out.empty() ? "" : ", ") + n;
  return out;
}

// The difference of a modelled value from a report: 0 inside its interval, else to the nearer end.
double beyond(const scenario::ReportedNumber& n, double modelled) {
  if (modelled < n.lo) return modelled - n.lo;
  if (modelled > n.hi) return modelled - n.hi;
  return 0.0;
}

RecordCheck check(std::string what, std::string modelled, std::string reported, std::string source,
                  std::string agency = {}) {
  RecordCheck c;
  c.what = std::move(what);
  c.modelled = std::move(modelled);
  c.reported = std::move(reported);
  c.source = std::move(source);
  c.agency = std::move(agency);
  return c;
}

}  // namespace

std::vector<RecordCheck> compareWithRecord(const SimulationResult& r, const world::Geography& geo) {
  std::vector<RecordCheck> out;
  const scenario::ReportedConfig& rep = r.config.reported;
  if (!rep.present || r.threats.empty()) return out;
  const ThreatResult& th = r.threats.front();
  const flight::FlightResult& f = th.flight;
  const TimeZone& zone = r.config.output.time_zone;
  const auto clock = [&](UtcTime t) { return formatLocalClock(t, zone) + " " + zone.name; };
  constexpr double kTime_s = 120.0;
  // A time against each report of it: within the report's own rounding, and within that plus the
  // tolerance.
  const auto times = [&](const char* what, double modelled_s, const std::vector<scenario::ReportedTime>& reports) {
    for (const scenario::ReportedTime& t : reports) {
      const double d_s = r.utc(modelled_s).secondsSince(t.value);
      RecordCheck c = check(what, clock(r.utc(modelled_s)), clock(t.value), t.source, t.agency);
      c.difference = fmt::format("{:+.1f} min", d_s / 60.0);
      c.within_precision = std::abs(d_s) <= t.precision_s;
      c.within = std::abs(d_s) <= t.precision_s + kTime_s;
      c.gate = t.gate;
      c.tolerance = t.precision_s > 0.0 ? fmt::format("+-{:g} s and +-2 min", t.precision_s) : "+-2 min";
      out.push_back(c);
    }
  };
  // A number against each report: its interval, widened by `rel` (relative) or `abs` (absolute).
  const auto numbers = [&](const std::string& what, double modelled, const char* unit, const char* shown,
                           const std::vector<scenario::ReportedNumber>& reports, double rel, double abs,
                           const char* tolerance) {
    for (const scenario::ReportedNumber& n : reports) {
      RecordCheck c = check(what, fmt::format(fmt::runtime(shown), modelled), number(n, unit), n.source, n.agency);
      c.difference = fmt::format("{:+.1f} {}", modelled - n.value, unit);
      c.within_precision = beyond(n, modelled) == 0.0;
      const double lo = std::isinf(n.lo) ? n.lo : std::min(n.lo * (1.0 - rel), n.lo - abs);
      const double hi = std::isinf(n.hi) ? n.hi : std::max(n.hi * (1.0 + rel), n.hi + abs);
      c.within = modelled >= lo && modelled <= hi;
      c.gate = n.gate;
      c.tolerance = tolerance;
      out.push_back(c);
    }
  };

  times("launch", th.launch_t_s, rep.launch);
  numbers("apogee", f.apogee.position.alt_m / 1e3, "km", "{:.0f} km", rep.apogee_km, 0.02, 0.0, "range +-2 %");
  numbers("ground range", f.ground_range_m / 1e3, "km", "{:.0f} km", rep.range_km, 0.02, 0.0, "range +-2 %");
  numbers("flight time", (f.impact.t_s - th.launch_t_s) / 60.0, "min", "{:.1f} min", rep.flight_time_min, 0.0, 1.0,
          "range +-1 min");
  times("impact", f.impact.t_s, rep.impact_time);
  for (const scenario::ReportedDistance& d : rep.impact_from) {
    const auto fix = std::find_if(th.impact_fixes.begin(), th.impact_fixes.end(),
                                  [&](const LandmarkDistance& l) { return l.landmark == d.landmark; });
    if (fix == th.impact_fixes.end()) {
      RecordCheck c = check("impact from " + d.landmark, "(add the landmark to output.landmarks)",
                    number(d.distance_km, "km"), d.distance_km.source, d.distance_km.agency);
      c.gate = d.distance_km.gate;
      c.tolerance = "range +-5 %";
      out.push_back(c);
      continue;
    }
    numbers("impact from " + d.landmark, fix->distance_m / 1e3, "km", "{:.0f} km", {d.distance_km}, 0.05, 0.0,
            "range +-5 %");
  }
  for (const scenario::ReportedConfig::Zone& rz : rep.impact_zone) {
    const std::string z = world::zoneName(th.impact_zone);
    const bool beyond_eez = th.impact_zone == world::MaritimeZone::kOpenSea || th.impact_zone == world::MaritimeZone::kOtherLand;
    RecordCheck c = check("impact zone", z, rz.value, rz.source, rz.agency);
    c.within = c.within_precision = rz.value == "beyond-eez" ? beyond_eez : z == rz.value;
    c.gate = rz.gate;
    c.tolerance = "exact";
    out.push_back(c);
  }
  // A fact checked as a whole (a set, a zone, a yes-no): within exactly or not.
  const auto whole = [&](const std::string& what, const std::string& modelled, const std::string& reported,
                         const std::string& source, bool within, const char* tolerance, bool modelled_at_all = true) {
    RecordCheck c = check(what, modelled, reported, source);
    c.within = c.within_precision = within;
    c.tolerance = tolerance;
    c.modelled_at_all = modelled_at_all;
    out.push_back(c);
  };
  // One time of the overflight or the alerts against one report.
  const auto timeAgainst = [&](const char* what, std::optional<double> modelled_s, const scenario::ReportedTime& t,
                               const char* tolerance, bool extra_ok = true, bool modelled_at_all = true) {
    RecordCheck c = check(what, modelled_s ? clock(r.utc(*modelled_s)) : "none", clock(t.value), t.source, t.agency);
    if (modelled_s) {
      const double d_s = r.utc(*modelled_s).secondsSince(t.value);
      c.difference = fmt::format("{:+.1f} min", d_s / 60.0);
      c.within_precision = std::abs(d_s) <= t.precision_s && extra_ok;
      c.within = std::abs(d_s) <= t.precision_s + kTime_s && extra_ok;
    }
    c.gate = t.gate;
    c.tolerance = tolerance;
    c.modelled_at_all = modelled_at_all;
    out.push_back(c);
  };
  if (rep.overflown) {
    std::set<std::string> modelled, reported(rep.overflown->begin(), rep.overflown->end());
    double from = 1e300, to = -1e300;
    for (const Overflight& o : th.overflights) {
      if (o.country != "Japan") continue;
      if (!o.region.empty()) modelled.insert(o.region);
      from = std::min(from, o.enter_t_s);
      to = std::max(to, o.exit_t_s);
    }
    whole("prefectures overflown", names(modelled), names(reported), "", modelled == reported, "exact");
    if (rep.over_japan_from && from < 1e299) timeAgainst("over Japan from", from, *rep.over_japan_from, "+-2 min");
    if (rep.over_japan_to && to > -1e299) timeAgainst("over Japan until", to, *rep.over_japan_to, "+-2 min");
  }
  if (rep.j_alert) {
    const scenario::ReportedConfig::JAlert& ja = *rep.j_alert;
    // Without sensors the run makes no alerts: the record's are shown, not compared.
    const bool modelled_at_all = r.defence.ran;
    const alerts::AlertResult& a = r.defence.alerts;
    std::set<std::string> alerted;
    std::optional<double> first, passed;
    for (const alerts::AlertMessage& m : a.messages) {
      if (m.kind == alerts::AlertMessage::Kind::kAlert) {
        if (!first) first = m.t_s;
        for (int p : m.prefectures) alerted.insert(geo.prefectureName(p));
      }
      if (m.kind == alerts::AlertMessage::Kind::kPassedOver && !passed) passed = m.t_s;
    }
    const std::string rule(scenario::alertPolicyInfo(r.config.alerts.policy).name);
    if (ja.policy && *ja.policy != r.config.alerts.policy && modelled_at_all)
      whole("J-Alert rule", rule, std::string(scenario::alertPolicyInfo(*ja.policy).name), "", false, "exact");
    if (ja.none) {
      whole("J-Alert", first ? fmt::format("{} prefectures from {}", alerted.size(), clock(r.utc(*first))) : "none", "none",
            ja.source, !first, "exact", modelled_at_all);
    } else {
      std::set<std::string> reported(ja.prefectures.begin(), ja.prefectures.end());
      whole("J-Alert prefectures", modelled_at_all ? names(alerted) : "(no sensors)", names(reported), ja.source,
            alerted == reported, "exact", modelled_at_all);
      timeAgainst("first J-Alert", first, *ja.first, "+-2 min", true, modelled_at_all);
      if (ja.passed_over) {
        double exit = -1e300;
        for (const Overflight& o : th.overflights)
          if (o.country == "Japan") exit = std::max(exit, o.exit_t_s);
        // Sent once no tracked object will fall on Japan: after the exit, and no later than the
        // record allows.
        const bool after_exit = passed && *passed >= exit && r.utc(*passed).secondsSince(ja.passed_over->value) <= kTime_s;
        RecordCheck c = check("J-Alert \"passed over\"", passed ? clock(r.utc(*passed)) : "none", clock(ja.passed_over->value),
                      ja.passed_over->source, ja.passed_over->agency);
        if (passed) c.difference = fmt::format("{:+.1f} min", r.utc(*passed).secondsSince(ja.passed_over->value) / 60.0);
        c.within = c.within_precision = after_exit;
        c.gate = ja.passed_over->gate;
        c.tolerance = "after the exit, by the record +2 min";
        c.modelled_at_all = modelled_at_all;
        out.push_back(c);
      }
    }
  }
  return out;
}

}  // namespace picket::simulation

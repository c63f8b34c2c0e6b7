#include "simulation/record.h"

#include <algorithm>
#include <cmath>
#include <set>

#include <fmt/format.h>

#include "scenario/alert_policies.h"

namespace picket::simulation {

namespace {

std::string number(const scenario::ReportedNumber& n, const char* unit) {
  if (n.lo == n.hi) return fmt::format("{:g} {}", n.value, unit);
  return fmt::format("{:g} {} ({:g}-{:g})", n.value, unit, n.lo, n.hi);
}

std::string names(const std::set<std::string>& s) {
  if (s.empty()) return "none";
  std::string out;
  for (const std::string& n : s) out += (out.empty() ? "" : ", ") + n;
  return out;
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
  const auto near = [&](double modelled_s, UtcTime reported, double tol_s) {
    return std::abs(r.utc(modelled_s).secondsSince(reported)) <= tol_s;
  };
  constexpr double kTime_s = 120.0;

  if (rep.launch)
    out.push_back({"launch", clock(r.utc(th.launch_t_s)), clock(rep.launch->value), rep.launch->source,
                   near(th.launch_t_s, rep.launch->value, kTime_s), "+-2 min"});
  if (rep.apogee_km) {
    const double km = f.apogee.position.alt_m / 1e3;
    out.push_back({"apogee", fmt::format("{:.0f} km", km), number(*rep.apogee_km, "km"), rep.apogee_km->source,
                   km >= 0.98 * rep.apogee_km->lo && km <= 1.02 * rep.apogee_km->hi, "range +-2 %"});
  }
  if (rep.range_km) {
    const double km = f.ground_range_m / 1e3;
    out.push_back({"ground range", fmt::format("{:.0f} km", km), number(*rep.range_km, "km"), rep.range_km->source,
                   km >= 0.98 * rep.range_km->lo && km <= 1.02 * rep.range_km->hi, "range +-2 %"});
  }
  if (rep.flight_time_min) {
    const double min = (f.impact.t_s - th.launch_t_s) / 60.0;
    out.push_back({"flight time", fmt::format("{:.1f} min", min), number(*rep.flight_time_min, "min"),
                   rep.flight_time_min->source, min >= rep.flight_time_min->lo - 1.0 && min <= rep.flight_time_min->hi + 1.0, "range +-1 min"});
  }
  if (rep.impact_time)
    out.push_back({"impact", clock(r.utc(f.impact.t_s)), clock(rep.impact_time->value), rep.impact_time->source,
                   near(f.impact.t_s, rep.impact_time->value, kTime_s), "+-2 min"});
  if (rep.impact_distance_km) {
    const auto fix = std::find_if(th.impact_fixes.begin(), th.impact_fixes.end(),
                                  [&](const LandmarkDistance& l) { return l.landmark == rep.impact_landmark; });
    const bool have = fix != th.impact_fixes.end();
    const double km = have ? fix->distance_m / 1e3 : 0.0;
    out.push_back({"impact from " + rep.impact_landmark,
                   have ? fmt::format("{:.0f} km", km) : "(add the landmark to output.landmarks)",
                   number(*rep.impact_distance_km, "km"), rep.impact_distance_km->source,
                   have && km >= 0.95 * rep.impact_distance_km->lo && km <= 1.05 * rep.impact_distance_km->hi, "range +-5 %"});
  }
  if (!rep.impact_zone.empty()) {
    const std::string z = world::zoneName(th.impact_zone);
    const bool beyond = th.impact_zone == world::MaritimeZone::kOpenSea || th.impact_zone == world::MaritimeZone::kOtherLand;
    out.push_back({"impact zone", z, rep.impact_zone, "", rep.impact_zone == "beyond-eez" ? beyond : z == rep.impact_zone, "exact"});
  }
  if (rep.overflown) {
    std::set<std::string> modelled, reported(rep.overflown->begin(), rep.overflown->end());
    double from = 1e300, to = -1e300;
    for (const Overflight& o : th.overflights) {
      if (o.country != "Japan") continue;
      if (!o.region.empty()) modelled.insert(o.region);
      from = std::min(from, o.enter_t_s);
      to = std::max(to, o.exit_t_s);
    }
    out.push_back({"prefectures overflown", names(modelled), names(reported), "", modelled == reported, "exact"});
    if (rep.over_japan_from && from < 1e299)
      out.push_back({"over Japan from", clock(r.utc(from)), clock(rep.over_japan_from->value), rep.over_japan_from->source,
                     near(from, rep.over_japan_from->value, kTime_s), "+-2 min"});
    if (rep.over_japan_to && to > -1e299)
      out.push_back({"over Japan until", clock(r.utc(to)), clock(rep.over_japan_to->value), rep.over_japan_to->source,
                     near(to, rep.over_japan_to->value, kTime_s), "+-2 min"});
  }
  if (rep.j_alert) {
    const scenario::ReportedConfig::JAlert& ja = *rep.j_alert;
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
    if (ja.policy && *ja.policy != r.config.alerts.policy)
      out.push_back({"J-Alert rule", rule, std::string(scenario::alertPolicyInfo(*ja.policy).name), "", false, "exact"});
    if (ja.none) {
      out.push_back({"J-Alert", first ? fmt::format("{} prefectures from {}", alerted.size(), clock(r.utc(*first))) : "none",
                     "none", ja.source, !first, "exact"});
    } else {
      std::set<std::string> reported(ja.prefectures.begin(), ja.prefectures.end());
      out.push_back({"J-Alert prefectures", names(alerted), names(reported), ja.source, alerted == reported, "exact"});
      out.push_back({"first J-Alert", first ? clock(r.utc(*first)) : "none", clock(ja.first->value), ja.first->source,
                     first && near(*first, ja.first->value, kTime_s), "+-2 min"});
      if (ja.passed_over) {
        double exit = -1e300;
        for (const Overflight& o : th.overflights)
          if (o.country == "Japan") exit = std::max(exit, o.exit_t_s);
        out.push_back({"J-Alert \"passed over\"", passed ? clock(r.utc(*passed)) : "none", clock(ja.passed_over->value),
                       ja.passed_over->source,
                       passed && *passed >= exit && r.utc(*passed).secondsSince(ja.passed_over->value) <= kTime_s, "after the exit, by the record +2 min"});
      }
    }
  }
  return out;
}

}  // namespace picket::simulation

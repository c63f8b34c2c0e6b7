#include "simulation/record.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <set>

#include <GeographicLib/Geodesic.hpp>

#include "scenario/alert_policies.h"

namespace picket::simulation {

namespace {

using Figure = RecordCheck::Figure;
using Tolerance = RecordCheck::Tolerance;

// The difference of a modelled value from a report: 0 inside its interval, else to the nearer end.
double beyond(const scenario::ReportedNumber& n, double modelled) {
  if (modelled < n.lo) return modelled - n.lo;
  if (modelled > n.hi) return modelled - n.hi;
  return 0.0;
}

RecordCheck check(Figure figure, Tolerance tolerance, std::string source, std::string agency = {}) {
  RecordCheck c;
  c.figure = figure;
  c.tolerance = tolerance;
  c.source = std::move(source);
  c.agency = std::move(agency);
  return c;
}

// Where a body fell against a reported point: picket's distance from it, within the report's radius,
// and within that widened by 5 % of the distance the body flew (`range_m`). `fell` false: the run
// flew no such body (outside).
RecordCheck pointAgainst(Figure figure, double lat_deg, double lon_deg, double range_m, const scenario::ReportedPoint& p,
                         bool fell = true) {
  RecordCheck c = check(figure, Tolerance::kPoint, p.source, p.agency);
  c.missile = p.missile;
  c.gate = p.gate;
  c.reported_lat_deg = p.lat_deg;
  c.reported_lon_deg = p.lon_deg;
  c.reported_number = scenario::ReportedNumber{0.0, 0.0, p.precision_km, p.source, p.agency, p.gate, p.missile};
  if (!fell) return c;
  double miss_m = 0.0;
  GeographicLib::Geodesic::WGS84().Inverse(p.lat_deg, p.lon_deg, lat_deg, lon_deg, miss_m);
  c.modelled = miss_m / 1e3;
  c.modelled_lat_deg = lat_deg;
  c.modelled_lon_deg = lon_deg;
  c.within_precision = miss_m / 1e3 <= p.precision_km;
  c.within = miss_m / 1e3 <= p.precision_km + 0.05 * range_m / 1e3;
  return c;
}

}  // namespace

std::vector<RecordCheck> compareWithRecord(const SimulationResult& r, const world::Geography& geo) {
  std::vector<RecordCheck> out;
  const scenario::ReportedConfig& rep = r.config.reported;
  if (!rep.present || r.threats.empty()) return out;
  // The missile a report is about: the raid launch it names, else the first (the figures of the
  // whole event, overflight and alerts, are the first missile's).
  const auto threatOf = [&](const std::string& name) -> const ThreatResult& {
    const auto it = std::find_if(r.threats.begin(), r.threats.end(), [&](const ThreatResult& t) { return t.name == name; });
    return name.empty() || it == r.threats.end() ? r.threats.front() : *it;
  };
  const ThreatResult& th = r.threats.front();
  constexpr double kTime_s = 120.0;
  // A time against one report: within the report's own rounding, and within that plus the tolerance.
  const auto timeAgainst = [&](Figure figure, std::optional<double> modelled_s, const scenario::ReportedTime& t,
                               Tolerance tolerance = Tolerance::kTime2, bool modelled_at_all = true) {
    RecordCheck c = check(figure, tolerance, t.source, t.agency);
    c.missile = t.missile;
    c.reported_time = t.value;
    c.precision_s = t.precision_s;
    if (modelled_s) {
      c.modelled_time = r.utc(*modelled_s);
      const double d_s = c.modelled_time->secondsSince(t.value);
      c.within_precision = std::abs(d_s) <= t.precision_s;
      c.within = std::abs(d_s) <= t.precision_s + kTime_s;
    }
    c.gate = t.gate;
    c.modelled_at_all = modelled_at_all;
    out.push_back(c);
  };
  // A number against each report: its interval, widened by `rel` (relative) or `abs` (absolute);
  // `modelledOf` gives picket's number for the missile the report is about.
  const auto numbers = [&](Figure figure, const auto& modelledOf, const std::vector<scenario::ReportedNumber>& reports,
                           double rel, double abs, Tolerance tolerance, const std::string& landmark = {}) {
    for (const scenario::ReportedNumber& n : reports) {
      const double modelled = modelledOf(threatOf(n.missile));
      RecordCheck c = check(figure, tolerance, n.source, n.agency);
      c.missile = n.missile;
      c.landmark = landmark;
      c.modelled = modelled;
      c.reported_number = n;
      c.within_precision = beyond(n, modelled) == 0.0;
      const double lo = std::isinf(n.lo) ? n.lo : std::min(n.lo * (1.0 - rel), n.lo - abs);
      const double hi = std::isinf(n.hi) ? n.hi : std::max(n.hi * (1.0 + rel), n.hi + abs);
      c.within = modelled >= lo && modelled <= hi;
      c.gate = n.gate;
      out.push_back(c);
    }
  };
  // A fact checked as a whole (a set, a zone, a yes-no): within exactly or not.
  const auto whole = [&](Figure figure, std::vector<std::string> modelled, std::vector<std::string> reported,
                         const std::string& source, bool within, bool modelled_at_all = true) {
    RecordCheck c = check(figure, Tolerance::kExact, source);
    c.modelled_names = std::move(modelled);
    c.reported_names = std::move(reported);
    c.within = c.within_precision = within;
    c.modelled_at_all = modelled_at_all;
    return c;
  };

  for (const scenario::ReportedTime& t : rep.launch) timeAgainst(Figure::kLaunch, threatOf(t.missile).launch_t_s, t);
  numbers(Figure::kApogee, [](const ThreatResult& t) { return t.flight.apogee.position.alt_m / 1e3; }, rep.apogee_km, 0.02,
          0.0, Tolerance::kRelative2);
  numbers(Figure::kGroundRange, [](const ThreatResult& t) { return t.flight.ground_range_m / 1e3; }, rep.range_km, 0.02, 0.0,
          Tolerance::kRelative2);
  numbers(Figure::kFlightTime, [](const ThreatResult& t) { return (t.flight.impact.t_s - t.launch_t_s) / 60.0; },
          rep.flight_time_min, 0.0, 1.0, Tolerance::kMinute1);
  for (const scenario::ReportedTime& t : rep.impact_time) timeAgainst(Figure::kImpact, threatOf(t.missile).flight.impact.t_s, t);
  for (const scenario::ReportedStageFall& s : rep.stage_falls) {
    // A spent stage's fall, against the stage the run flew down (none: not modelled, outside).
    const ThreatResult& of = threatOf(s.point ? s.point->missile : s.time ? s.time->missile : s.range_km->missile);
    const auto fall = std::find_if(of.stage_falls.begin(), of.stage_falls.end(),
                                   [&](const StageFall& sf) { return sf.stage + 1 == s.stage; });
    const bool fell = fall != of.stage_falls.end();
    if (s.point) {
      out.push_back(fell ? pointAgainst(Figure::kStageFallPoint, fall->lat_deg, fall->lon_deg, fall->range_m, *s.point)
                         : pointAgainst(Figure::kStageFallPoint, 0.0, 0.0, 0.0, *s.point, false));
    } else if (s.time) {
      timeAgainst(Figure::kStageFallTime, fell ? std::optional<double>(fall->t_s) : std::nullopt, *s.time);
    } else if (fell) {
      numbers(Figure::kStageFallRange, [&](const ThreatResult&) { return fall->range_m / 1e3; }, {*s.range_km}, 0.05, 0.0,
              Tolerance::kRelative5);
    } else {
      RecordCheck c = check(Figure::kStageFallRange, Tolerance::kRelative5, s.range_km->source, s.range_km->agency);
      c.missile = s.range_km->missile;
      c.reported_number = *s.range_km;
      c.gate = s.range_km->gate;
      out.push_back(c);
    }
    out.back().stage = s.stage;
  }
  for (const scenario::ReportedDistance& d : rep.impact_from) {
    const ThreatResult& of = threatOf(d.distance_km.missile);
    const auto fix = std::find_if(of.impact_fixes.begin(), of.impact_fixes.end(),
                                  [&](const LandmarkDistance& l) { return l.landmark == d.landmark; });
    if (fix == of.impact_fixes.end()) {
      RecordCheck c = check(Figure::kImpactFrom, Tolerance::kRelative5, d.distance_km.source, d.distance_km.agency);
      c.missile = d.distance_km.missile;
      c.landmark = d.landmark;
      c.landmark_in_output = false;
      c.reported_number = d.distance_km;
      c.gate = d.distance_km.gate;
      out.push_back(c);
      continue;
    }
    numbers(Figure::kImpactFrom, [&](const ThreatResult&) { return fix->distance_m / 1e3; }, {d.distance_km}, 0.05, 0.0,
            Tolerance::kRelative5, d.landmark);
  }
  for (const scenario::ReportedPoint& p : rep.impact_point) {
    const ThreatResult& of = threatOf(p.missile);
    out.push_back(pointAgainst(Figure::kImpactPoint, of.flight.impact.position.lat_deg, of.flight.impact.position.lon_deg,
                               of.flight.ground_range_m, p));
  }
  for (const scenario::ReportedConfig::Zone& rz : rep.impact_zone) {
    const world::MaritimeZone zone = threatOf(rz.missile).impact_zone;
    const std::string z = world::zoneName(zone);
    const bool beyond_eez = zone == world::MaritimeZone::kOpenSea || zone == world::MaritimeZone::kOtherLand;
    RecordCheck c = whole(Figure::kImpactZone, {z}, {rz.value}, rz.source, rz.value == "beyond-eez" ? beyond_eez : z == rz.value);
    c.agency = rz.agency;
    c.missile = rz.missile;
    c.gate = rz.gate;
    out.push_back(c);
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
    out.push_back(whole(Figure::kOverflown, {modelled.begin(), modelled.end()}, {reported.begin(), reported.end()}, "",
                        modelled == reported));
    out.back().gate = rep.overflown_gate;
    if (rep.over_japan_from && from < 1e299) timeAgainst(Figure::kOverJapanFrom, from, *rep.over_japan_from);
    if (rep.over_japan_to && to > -1e299) timeAgainst(Figure::kOverJapanUntil, to, *rep.over_japan_to);
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
    // The block's `gate: false` (alerts sent in error) shows every alert figure without counting it.
    const std::size_t alert_checks_from = out.size();
    if (ja.policy && *ja.policy != r.config.alerts.policy && modelled_at_all)
      out.push_back(whole(Figure::kJAlertRule, {std::string(scenario::alertPolicyInfo(r.config.alerts.policy).name)},
                          {std::string(scenario::alertPolicyInfo(*ja.policy).name)}, "", false));
    if (ja.none) {
      RecordCheck c = whole(Figure::kJAlert, {alerted.begin(), alerted.end()}, {}, ja.source, !first, modelled_at_all);
      if (first) c.modelled_time = r.utc(*first);
      out.push_back(c);
    } else {
      std::set<std::string> reported(ja.prefectures.begin(), ja.prefectures.end());
      out.push_back(whole(Figure::kJAlertPrefectures, {alerted.begin(), alerted.end()}, {reported.begin(), reported.end()},
                          ja.source, alerted == reported, modelled_at_all));
      out.back().gate = ja.prefectures_gate;
      timeAgainst(Figure::kFirstJAlert, first, *ja.first, Tolerance::kTime2, modelled_at_all);
      if (ja.passed_over) {
        double exit = -1e300;
        for (const Overflight& o : th.overflights)
          if (o.country == "Japan") exit = std::max(exit, o.exit_t_s);
        // Sent once no tracked object will fall on Japan: after the exit, and no later than the
        // record allows.
        RecordCheck c = check(Figure::kPassedOver, Tolerance::kAfterExit, ja.passed_over->source, ja.passed_over->agency);
        c.reported_time = ja.passed_over->value;
        if (passed) c.modelled_time = r.utc(*passed);
        c.within = c.within_precision =
            passed && *passed >= exit && r.utc(*passed).secondsSince(ja.passed_over->value) <= kTime_s;
        c.gate = ja.passed_over->gate;
        c.modelled_at_all = modelled_at_all;
        out.push_back(c);
      }
    }
    if (!ja.gate)
      for (std::size_t i = alert_checks_from; i < out.size(); ++i) out[i].gate = false;
  }
  return out;
}

}  // namespace picket::simulation

#include <algorithm>
#include <cmath>
#include <map>
#include <string>

#include <fmt/format.h>

#include "report/record_words.h"
#include "report/report.h"
#include "simulation/scoring.h"
#include "report/wording.h"
#include "scenario/alert_policies.h"

namespace picket::report {

std::string engagementText(const simulation::SimulationResult& r) {
  const engagement::EngagementResult& e = r.engagement;
  if (!e.ran) return "";
  const TimeZone& zone = r.config.output.time_zone;
  const auto clock = [&](double t_s) { return formatLocalClock(r.utc(t_s), zone); };
  std::string out = "\nCould it have been shot down?\n";
  for (const engagement::ThreatEvaluation& t : e.threats) {
    out += fmt::format("  {}: {}; {}.\n", threatLabel(r, t.threat), evaluationText(t),
                       t.engage ? (t.killed ? "engaged, killed" : t.shots > 0 ? "engaged, not killed" : "to be engaged, no shot")
                                : "not engaged under the policy");
    for (const engagement::LayerAnswer& la : e.layers) {
      if (la.threat != t.threat) continue;
      const scenario::ShooterConfig& s = r.config.shooters.at(static_cast<std::size_t>(la.shooter));
      const engagement::EngagementWindow& w = la.window;
      out += fmt::format("  - {} ({}): ", s.name, s.interceptor.name);
      if (w.feasible) {
        out += fmt::format("feasible, {} {}-{} {} ({}), {:.0f}-{:.0f} km altitude, {:.0f} km out; decide by {} ({:.0f} s "
                           "after the fire-control track)\n",
                           engagement::phaseName(w.first.phase), clock(w.open_t_s()), clock(w.close_t_s()), zone.name,
                           w.first.phase == w.last.phase ? "one phase" : engagement::phaseName(w.last.phase) + std::string(" at the end"),
                           w.first.alt_m / 1e3, w.last.alt_m / 1e3, w.first.ground_range_m / 1e3,
                           la.decision_deadline_t_s ? clock(*la.decision_deadline_t_s) : "-", la.decision_time_s.value_or(0.0));
      } else {
        out += fmt::format("no: {} ({})\n", windowReasonName(w.reason), windowDetail(w));
      }
      if (!la.boost.feasible && la.boost.reason != engagement::WindowReason::kNone)
        out += fmt::format("      boost phase: no: {} ({})\n", windowReasonName(la.boost.reason), windowDetail(la.boost));
      else if (la.boost.feasible)
        out += fmt::format("      boost phase: feasible, intercept {} at {:.0f} km\n", clock(la.boost.first.intercept_t_s),
                           la.boost.first.alt_m / 1e3);
    }
  }
  for (const engagement::Shot& shot : e.shots) {
    const scenario::ShooterConfig& s = r.config.shooters.at(static_cast<std::size_t>(shot.shooter));
    out += fmt::format("  Shot {} by {} ({}): launch {}, intercept {} at {:.0f} km: {}\n", shot.number, s.name,
                       s.interceptor.name, clock(shot.launch_t_s), clock(shot.intercept_t_s), shot.alt_m / 1e3, shotResultName(shot.outcome));
  }
  // Scoring: rounds spent on what was not a warhead (the defence could not tell, or not in time).
  std::string list;
  for (const auto& [kind, n] : simulation::roundsSpentOn(r))
    if (n > 0 && kind != "warhead" && kind != "unknown") list += fmt::format("{}{} {}", list.empty() ? "" : ", ", kind, n);
  if (!list.empty()) {
    out += fmt::format("  Rounds spent on objects that were not warheads (the truth, after the run): {}.\n", list);
  }
  // Leakers by what they carried, where the scenario says (a mixed barrage).
  const simulation::Leakers leakers = simulation::leakersOf(r);
  if (leakers.nuclear + leakers.conventional > 0 ||
      std::any_of(r.config.raid.begin(), r.config.raid.end(), [](const scenario::RaidLaunchConfig& l) { return !l.missile.warhead.empty(); }))
    out += fmt::format("  Came down undestroyed: {} of {} missiles ({} nuclear, {} conventional{}).\n", leakers.count,
                       r.threats.size(), leakers.nuclear, leakers.conventional,
                       leakers.not_said > 0 ? fmt::format(", {} not said", leakers.not_said) : "");
  return out;
}

// Which J-Alert rule the run used, and why no one was alerted when no one was.
std::string alertRuleText(const simulation::SimulationResult& r) {
  const simulation::DefenceResult& d = r.defence;
  if (!d.ran) return "";
  const scenario::AlertPolicyInfo& p = scenario::alertPolicyInfo(r.config.alerts.policy);
  std::string out = fmt::format("J-Alert rule: {} ({}{}).\n", p.summary, p.name,
                                r.config.alerts.policy_given ? ", as the scenario asks" : ", the rule of the launch date");
  const bool any = std::any_of(d.alerts.messages.begin(), d.alerts.messages.end(),
                               [](const alerts::AlertMessage& m) { return m.kind == alerts::AlertMessage::Kind::kAlert; });
  if (!any && r.config.alerts.enabled)
    out += d.alerts.first_settled_t_s ? "No J-Alert: no settled prediction put a prefecture under the threat.\n"
                                      : "No J-Alert: no prediction settled enough to alert anyone.\n";
  return out;
}

// How well the tracks held the true objects, scored after the run (tracking/metrics.h).
std::string trackingText(const simulation::SimulationResult& r) {
  const simulation::DefenceResult& d = r.defence;
  const tracking::TrackMetrics& m = d.metrics;
  if (!d.ran || m.truths.empty()) return "";
  return fmt::format(
      "Tracking (scored against the truth after the run): {} true objects seen, {:.1f} tracks and {:.1f} "
      "correlated objects each on average (at most {} and {}); completeness {:.2f}, spurious {:.2f}, "
      "position error {:.0f} m rms, OSPA {:.1f} km.\n",
      m.truths.size(), m.tracks_per_truth, m.objects_per_truth, m.max_tracks_per_truth, m.max_objects_per_truth,
      m.completeness, m.spuriousness, m.position_accuracy_m, m.ospa_m / 1e3);
}

// The run against the scenario's `reported` block.
std::string recordText(const simulation::SimulationResult& r) {
  if (r.record.empty()) return "";
  std::string out = "\nAgainst the public record (the scenario's `reported` block):\n";
  for (const simulation::RecordCheck& c : r.record) {
    const RecordWords w = recordWords(c, r.config.output.time_zone);
    const std::string verdict = !c.modelled_at_all ? "not modelled (no sensors)"
                                : c.within        ? (c.gate ? "ok" : "ok (shown only)")
                                                  : (c.gate ? "<- OUTSIDE" : "outside (shown only: its note says why)");
    const std::string reported =
        fmt::format("reported {}{}{}  {} ({})", c.agency.empty() ? "" : c.agency + ": ", w.reported,
                    c.source.empty() ? "" : " [" + c.source + "]", verdict, w.tolerance);
    const std::string what = (c.missile.empty() ? w.what : w.what + " (" + c.missile + ")") + ":";
    if (w.modelled.size() <= 28) out += fmt::format("  {:<24} {:<28} {}\n", what, w.modelled, reported);
    else out += fmt::format("  {:<24} {}\n  {:<24} {}\n", what, w.modelled, "", reported);
  }
  return out;
}

namespace {

// Where a raid launch stands in the raid (-1: none named, the event's own reports).
int raidIndex(const simulation::SimulationResult& r, const std::string& name) {
  if (name.empty()) return -1;
  for (std::size_t i = 0; i < r.threats.size(); ++i)
    if (r.threats[i].name == name) return static_cast<int>(i);
  return static_cast<int>(r.threats.size());
}

}  // namespace

std::string validationText(const simulation::SimulationResult& r, const std::string& file, ValidationCounts& counts) {
  ++counts.events;
  std::string out = fmt::format("{}\n  {}\n", r.config.name, file);
  if (r.record.empty()) return out + "  (no `reported` block)\n";
  out += fmt::format("  {:<22} {:<12} {:<26} {:<26} {:<11} {}\n", "figure", "agency", "reported", "picket", "difference",
                     "verdict");
  // A raid's reports on named launches come after the event's own, each launch under its name.
  std::vector<const simulation::RecordCheck*> checks;
  for (const simulation::RecordCheck& c : r.record) checks.push_back(&c);
  std::stable_sort(checks.begin(), checks.end(), [&](const simulation::RecordCheck* a, const simulation::RecordCheck* b) {
    return raidIndex(r, a->missile) < raidIndex(r, b->missile);
  });
  std::string missile;
  for (const simulation::RecordCheck* check : checks) {
    const simulation::RecordCheck& c = *check;
    if (c.missile != missile) out += fmt::format("  {}:\n", c.missile);
    missile = c.missile;
    const RecordWords w = recordWords(c, r.config.output.time_zone);
    ++counts.figures;
    std::string verdict;
    if (!c.modelled_at_all) {
      ++counts.not_modelled;
      verdict = "not modelled (no sensors)";
    } else {
      if (c.within_precision) ++counts.within_precision;
      if (c.within) ++counts.within;
      if (!c.gate) ++counts.shown_only;
      if (!c.within && c.gate) ++counts.failing;
      verdict = c.within_precision ? "within its precision"
                : c.within        ? fmt::format("within tolerance ({})", w.tolerance)
                                  : fmt::format("OUTSIDE ({})", w.tolerance);
      if (!c.gate) verdict += "; shown only";
    }
    const auto cell = [](const std::string& text, std::size_t width) {
      return text.size() <= width ? text : text.substr(0, width - 3) + "...";
    };
    out += fmt::format("  {:<22} {:<12} {:<26} {:<26} {:<11} {}\n", cell(w.what, 22), cell(c.agency.empty() ? "-" : c.agency, 12),
                       cell(w.reported, 26), cell(w.modelled, 26), w.difference.empty() ? "-" : w.difference, verdict);
  }
  return out;
}

std::string validationSummary(const ValidationCounts& c) {
  const int compared = c.figures - c.not_modelled;
  return fmt::format(
      "{} events, {} reported figures compared: {} within the tolerance ({} of them within the report's own precision), "
      "{} outside it that count{}{}\n",
      c.events, compared, c.within, c.within_precision, c.failing,
      c.shown_only > 0 ? fmt::format(" ({} reports shown only, each with its reason in its note)", c.shown_only) : "",
      c.not_modelled > 0 ? fmt::format("; {} not modelled (no sensors in the event)", c.not_modelled) : "");
}

std::string timelineText(const simulation::SimulationResult& r) {
  const TimeZone& zone = r.config.output.time_zone;
  std::string out;
  out += fmt::format("{}\n", r.config.name);
  out += fmt::format("Times in {} (UTC{}); T+ is time since {}launch.\n", zone.name, formatOffset(zone.offset_s),
                     r.isRaid() ? "the first " : "");
  if (!r.draws.empty())
    out += fmt::format("Trial {} of a Monte Carlo batch: {} values drawn from the scenario's uncertainty section "
                       "(summary.json, `draws`).\n",
                       r.trial, r.draws.size());
  out += "\n";
  // From the first launch (a drawn launch time moves the epoch, t = 0, earlier than it).
  double first_launch_s = r.threats.front().launch_t_s;
  for (const simulation::ThreatResult& th : r.threats) first_launch_s = std::min(first_launch_s, th.launch_t_s);
  for (const simulation::TimelineEvent& e : r.timeline) {
    const int t = static_cast<int>(std::lround(e.t_s - first_launch_s));
    out += fmt::format("{} {}  T+{:02d}:{:02d}  {}\n", formatLocalClock(r.utc(e.t_s), zone), zone.name, t / 60, t % 60,
                       eventText(r, e));
  }
  out += "\n";
  for (const simulation::ThreatResult& th : r.threats) {
    const flight::FlightResult& f = th.flight;
    if (th.destroyed) {
      const long ft = std::lround(th.destroyed->t_s - th.launch_t_s);
      out += fmt::format("{}Destroyed by {} {} s ({} min {:02d} s) after launch, at {:.0f} km altitude; it would have flown "
                         "{:.0f} km.\n",
                         r.linePrefix(th), th.destroyed->by, ft, ft / 60, ft % 60, th.destroyed->alt_m / 1e3,
                         f.ground_range_m / 1e3);
    } else if (f.orbit) {
      const long ft = std::lround(f.orbit->insertion_t_s - th.launch_t_s);
      out += fmt::format("{}Reaches orbit {} s ({} min {:02d} s) after launch: perigee {:.0f} km, apogee {:.0f} km, "
                         "inclination {:.1f} deg; followed {:.0f} min on.\n",
                         r.linePrefix(th), ft, ft / 60, ft % 60, f.orbit->perigee_alt_m / 1e3, f.orbit->apogee_alt_m / 1e3,
                         f.orbit->inclination_deg, (f.impact.t_s - f.orbit->insertion_t_s) / 60.0);
    } else {
      const long ft = std::lround(f.impact.t_s - th.launch_t_s);
      out += fmt::format("{}Flight time {} s ({} min {:02d} s); apogee {:.0f} km; ground range {:.0f} km.\n",
                         r.linePrefix(th), ft, ft / 60, ft % 60, f.apogee.position.alt_m / 1e3, f.ground_range_m / 1e3);
    }
    if (th.overflights.empty()) {
      out += "Overflew no land.\n";
    } else {
      out += "Overflew:";
      for (const simulation::Overflight& o : th.overflights)
        out += fmt::format(" {}{} ({}-{});", o.region.empty() ? "" : o.region + ", ", o.country,
                           formatLocalClock(r.utc(o.enter_t_s), zone), formatLocalClock(r.utc(o.exit_t_s), zone));
      out.back() = '\n';
    }
  }
  out += alertRuleText(r);
  out += trackingText(r);
  out += engagementText(r);
  out += recordText(r);
  return out;
}

}  // namespace picket::report

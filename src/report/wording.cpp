#include "report/wording.h"

#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

namespace picket::report {
using simulation::SimulationResult;
using simulation::TimelineEvent;
using simulation::TimelineKind;

std::string latLonText(double lat_deg, double lon_deg) {
  const double lon = std::remainder(lon_deg, 360.0);
  return fmt::format("{:.2f}{} {:.2f}{}", std::abs(lat_deg), lat_deg < 0.0 ? 'S' : 'N', std::abs(lon), lon < 0.0 ? 'W' : 'E');
}

const char* timelineKindName(TimelineKind kind) {
  switch (kind) {
    case TimelineKind::kLaunch: return "launch";
    case TimelineKind::kStaging: return "staging";
    case TimelineKind::kIgnition: return "ignition";
    case TimelineKind::kBurnout: return "burnout";
    case TimelineKind::kCutoff: return "cutoff";
    case TimelineKind::kSeparation: return "separation";
    case TimelineKind::kApogee: return "apogee";
    case TimelineKind::kImpact: return "impact";
    case TimelineKind::kStageFall: return "stage-fall";
    case TimelineKind::kOrbit: return "orbit";
    case TimelineKind::kEnter: return "enter";
    case TimelineKind::kExit: return "exit";
    case TimelineKind::kDestroyed: return "destroyed";
    case TimelineKind::kDetect: return "detect";
    case TimelineKind::kLaunchEstimate: return "launch-estimate";
    case TimelineKind::kTrack: return "track";
    case TimelineKind::kIppConverged: return "ipp-converged";
    case TimelineKind::kAlert: return "alert";
    case TimelineKind::kAlertWithdrawn: return "alert-withdrawn";
    case TimelineKind::kPassedOver: return "passed-over";
    case TimelineKind::kAllClear: return "all-clear";
    case TimelineKind::kAlertDestroyed: return "alert-destroyed";
    case TimelineKind::kWarning: return "warning";
    case TimelineKind::kDecisionDeadline: return "decision-deadline";
    case TimelineKind::kInterceptorLaunch: return "interceptor-launch";
    case TimelineKind::kIntercept: return "intercept";
  }
  return "?";
}

const char* shotResultName(engagement::ShotOutcome outcome) {
  switch (outcome) {
    case engagement::ShotOutcome::kKill: return "kill";
    case engagement::ShotOutcome::kMiss: return "miss";
    case engagement::ShotOutcome::kBeyondDivert: return "miss (beyond divert)";
    case engagement::ShotOutcome::kNoSolution: return "miss (no solution)";
    case engagement::ShotOutcome::kRoundFailed: return "miss (round failed)";
    case engagement::ShotOutcome::kAlreadyDestroyed: return "no target (already destroyed)";
  }
  return "?";
}

const char* windowReasonName(engagement::WindowReason reason) {
  using R = engagement::WindowReason;
  switch (reason) {
    case R::kNone: return "";
    case R::kDownBeforeLaunch:
    case R::kLaunchTooLate: return "no time";
    case R::kNeverNear:
    case R::kBeyondFlightTime: return "out of reach";
    case R::kTooHigh: return "too high";
    case R::kTooLow: return "too low";
    case R::kTooFast: return "too fast";
    case R::kNoTrack: return "no track";
  }
  return "?";
}

std::string windowDetail(const engagement::EngagementWindow& w) {
  using R = engagement::WindowReason;
  const auto& [a, b, c] = w.figures;
  switch (w.reason) {
    case R::kNone: return "";
    case R::kDownBeforeLaunch: return "the threat is down before the earliest possible launch";
    case R::kLaunchTooLate:
      return fmt::format("the last intercept needs a launch {:.0f} s before the earliest possible launch", a);
    case R::kNeverNear:
      return fmt::format("the threat passes no nearer than {:.0f} km (ground range); reach {:.0f} km", a / 1e3, b / 1e3);
    case R::kBeyondFlightTime:
      return fmt::format("where it is in the band and within {:.0f} km, the interceptor cannot get there within {:.0f} s of "
                         "flight",
                         b / 1e3, c);
    case R::kTooHigh:
      return fmt::format("within {:.0f} km it flies at {:.0f} km or higher; ceiling {:.0f} km", b / 1e3, a / 1e3, c / 1e3);
    case R::kTooLow: return fmt::format("within {:.0f} km it is below the {:.0f} km floor", b / 1e3, c / 1e3);
    case R::kTooFast:
      return fmt::format("in the band the threat flies at {:.1f} km/s or faster; designed for at most {:.1f} km/s", a / 1e3,
                         c / 1e3);
    case R::kNoTrack: return a > 0.0 ? "its radar never held a fire-control-quality track" : "no fire-control-quality track";
  }
  return "";
}

std::string evaluationText(const engagement::ThreatEvaluation& t) {
  using J = engagement::ThreatEvaluation::Judgement;
  switch (t.judgement) {
    case J::kDefendedArea: return "defended area: " + t.place;
    case J::kImpactOnLand: return "impact on land: " + t.place;
    case J::kOverflightOnly: return "overflight only: " + t.place;
    case J::kOpenSea: break;
  }
  return "open sea";
}

namespace {

std::string placeName(const std::string& country, const std::string& region) {
  return region.empty() ? country : fmt::format("{}, {}", region, country);
}

const std::string& prefectureName(const alerts::AlertResult& a, int prefecture) {
  for (const alerts::PrefectureOutcome& o : a.prefectures)
    if (o.prefecture == prefecture) return o.name;
  throw std::logic_error(fmt::format("alert message names prefecture {} with no outcome", prefecture));
}

// The engaged object as the reader knows it: the defence's object number, with its raid missile's
// name from the scoring's truth (for the reader only; nothing decides on it).
std::pair<std::string, std::string> target(const SimulationResult& r, int threat) {
  const int object = r.engagement.threats.at(static_cast<std::size_t>(threat)).object;
  const simulation::TrueObjectInfo* o = r.defence.objectTruth(object);
  const std::string prefix = o != nullptr ? r.linePrefix(r.threats.at(static_cast<std::size_t>(o->threat))) : "";
  return {prefix, fmt::format("object {}", object)};
}

std::string flightText(const SimulationResult& r, const TimelineEvent& e) {
  const simulation::ThreatResult& th = r.threats.at(static_cast<std::size_t>(e.threat));
  const flight::FlightResult& fr = th.flight;
  const std::string who = r.linePrefix(th);
  switch (e.kind) {
    case TimelineKind::kLaunch: {
      const std::string from = th.launch.site.empty() ? latLonText(th.launch.lat_deg, th.launch.lon_deg) : th.launch.site;
      return who + (th.aim ? fmt::format("Launch of the {} from {}", th.missile_name, from)
                           : fmt::format("Flight starts at burnout over {}, {:.2f} km/s at {:.1f} deg", from,
                                         fr.burnout.speed_mps / 1e3, fr.burnout.flight_path_angle_deg));
    }
    case TimelineKind::kStaging: return who + fmt::format("Stage {} burns out and separates", e.ref + 1);
    case TimelineKind::kIgnition: return who + fmt::format("Stage {} ignites after its coast", e.ref + 1);
    case TimelineKind::kBurnout:
    case TimelineKind::kCutoff:
      return who + fmt::format("{} at {:.0f} km altitude, {:.2f} km/s, flight-path angle {:.1f} deg",
                               e.kind == TimelineKind::kBurnout ? "Burnout"
                               : th.failed                      ? "The flight fails: all thrust ends"
                                                                : "Thrust cut-off",
                               fr.burnout.position.alt_m / 1e3, fr.burnout.speed_mps / 1e3, fr.burnout.flight_path_angle_deg);
    case TimelineKind::kSeparation:
      return who + (fr.orbit ? "Satellite separates" : th.failed ? "Payload separates" : "Re-entry vehicle separates");
    case TimelineKind::kStageFall: {
      const simulation::StageFall* s = nullptr;
      for (const simulation::StageFall& f : th.stage_falls)
        if (f.stage == e.ref) s = &f;
      if (s == nullptr) return "";
      std::string where = latLonText(s->lat_deg, s->lon_deg);
      if (s->fix) where += fmt::format(", {:.0f} km from {} (bearing {:03.0f})", s->fix->distance_m / 1e3, s->fix->landmark,
                                       s->fix->bearing_deg);
      return who + fmt::format("Spent stage {} falls at {}, {:.0f} km from the launch point ({})", s->stage + 1, where,
                               s->range_m / 1e3, world::zoneName(s->zone));
    }
    case TimelineKind::kOrbit: {
      const flight::OrbitState& o = *fr.orbit;
      std::string steer;
      if (th.aim && th.aim->plan.upper.active && th.aim->plan.upper.yaw_deg != 0.0)
        steer = fmt::format(" (the last stage turned {:.0f} deg {} of the launch plane)", std::abs(th.aim->plan.upper.yaw_deg),
                            th.aim->plan.upper.yaw_deg > 0.0 ? "right" : "left");
      return who + fmt::format("In orbit: perigee {:.0f} km, apogee {:.0f} km, inclination {:.1f} deg, period {:.0f} min{}",
                               o.perigee_alt_m / 1e3, o.apogee_alt_m / 1e3, o.inclination_deg, o.period_s / 60.0, steer);
    }
    case TimelineKind::kApogee: return who + fmt::format("Apogee, {:.0f} km", fr.apogee.position.alt_m / 1e3);
    case TimelineKind::kImpact: {
      const world::Geodetic& impact = fr.impact.position;
      std::string where = latLonText(impact.lat_deg, impact.lon_deg);
      for (const simulation::LandmarkDistance& f : th.impact_fixes)
        where += fmt::format(", {:.0f} km from {} (bearing {:03.0f})", f.distance_m / 1e3, f.landmark, f.bearing_deg);
      const std::optional<simulation::LandmarkDistance>& fix = th.impact_fix;
      if (fix && (th.impact_fixes.empty() || th.impact_fixes.front().landmark != fix->landmark))
        where += fmt::format(", {:.0f} km from {} (nearest, bearing {:03.0f})", fix->distance_m / 1e3, fix->landmark,
                             fix->bearing_deg);
      return who + fmt::format("Impact at {}", where);
    }
    case TimelineKind::kEnter: return who + fmt::format("Over {}", placeName(e.country, e.region));
    case TimelineKind::kExit: return who + fmt::format("Leaves {}", placeName(e.country, e.region));
    case TimelineKind::kDestroyed:
      return who + fmt::format("Warhead destroyed by {} at {:.0f} km altitude: it does not come down", th.destroyed->by,
                               th.destroyed->alt_m / 1e3);
    default: break;
  }
  return "";
}

std::string alertText(const SimulationResult& r, const TimelineEvent& e) {
  const simulation::DefenceResult& d = r.defence;
  const alerts::AlertMessage& m = d.alerts.messages.at(static_cast<std::size_t>(e.ref));
  std::string names, blocks;
  for (int p : m.prefectures) names += fmt::format("{}{}", names.empty() ? "" : ", ", prefectureName(d.alerts, p));
  for (const std::string& b : m.blocks) blocks += fmt::format("{}{}", blocks.empty() ? "" : ", ", b);
  // What the message rests on: the defence's objects, named for the reader from the scoring's
  // truth (a falling spent stage alerts as a warhead does).
  std::string on;
  for (int id : m.objects) {
    const simulation::TrueObjectInfo* o = d.objectTruth(id);
    on += fmt::format("{}object {}{}", on.empty() ? "; on " : ", ", id, o != nullptr ? fmt::format(" ({})", o->name) : "");
  }
  names += on;
  switch (e.kind) {
    case TimelineKind::kAlert:
      return blocks.empty() ? fmt::format("J-Alert: take shelter: {}", names)
                            : fmt::format("J-Alert ({} {}): take shelter: {}", blocks,
                                          m.blocks.size() > 1 ? "blocks" : "block", names);
    case TimelineKind::kAlertWithdrawn: return fmt::format("J-Alert withdrawn: {}", names);
    case TimelineKind::kPassedOver: return fmt::format("J-Alert: the missile has passed over: {}", names);
    case TimelineKind::kAllClear: return fmt::format("J-Alert: the missile has come down: {}", names);
    default: break;
  }
  return fmt::format("Follow-up (picket's; no public J-Alert wording): the threat was destroyed by an interceptor: {}", names);
}

}  // namespace

std::string eventText(const SimulationResult& r, const TimelineEvent& e) {
  const simulation::DefenceResult& d = r.defence;
  const engagement::EngagementResult& en = r.engagement;
  switch (e.kind) {
    case TimelineKind::kLaunch:
    case TimelineKind::kStaging:
    case TimelineKind::kIgnition:
    case TimelineKind::kBurnout:
    case TimelineKind::kCutoff:
    case TimelineKind::kSeparation:
    case TimelineKind::kApogee:
    case TimelineKind::kImpact:
    case TimelineKind::kStageFall:
    case TimelineKind::kOrbit:
    case TimelineKind::kEnter:
    case TimelineKind::kExit:
    case TimelineKind::kDestroyed: return flightText(r, e);
    case TimelineKind::kDetect: {
      const simulation::SensorSummary& s = d.sensors.at(static_cast<std::size_t>(e.ref));
      return s.infrared ? fmt::format("{} ({}) reports the plume, seen at T+{:.0f} s", s.name, s.type_name, *s.first_detection_t_s)
                        : fmt::format("{} ({}) first detects the missile", s.name, s.type_name);
    }
    case TimelineKind::kLaunchEstimate: {
      const sensors::LaunchCue& c = *d.final_cue;
      std::string text = fmt::format("Infrared launch estimate: launch at T{:+.0f} s (+-{:.0f} s), {} (+-{:.1f} km)",
                                     c.launch_t_s, 2.0 * c.launch_t_sigma_s, latLonText(c.lat_deg, c.lon_deg),
                                     2.0 * c.position_sigma_m / 1e3);
      if (c.heading_deg) text += fmt::format(", heading {:03.0f} (+-{:.0f} deg)", *c.heading_deg, 2.0 * *c.heading_sigma_deg);
      return text + " (95 %)";
    }
    case TimelineKind::kTrack: {
      const std::string sensor = d.established_sensor >= 0 ? r.config.sensors.at(static_cast<std::size_t>(d.established_sensor)).name : "";
      return fmt::format("Track {} established by {}", d.established_track, sensor);
    }
    case TimelineKind::kIppConverged: {
      // Where the final prediction put it, with the ellipse of the prediction made then (the final
      // one, made seconds before the end, has shrunk to nothing).
      const simulation::WarheadPrediction& w = d.warheads.at(static_cast<std::size_t>(e.threat));
      const tracking::ImpactPrediction& p = *w.final_prediction;
      const tracking::ImpactPrediction& then = *w.converged_prediction;
      return fmt::format("{}Impact prediction within {:.0f} km of its final value ({}, {}); 95 % ellipse then {:.1f} x {:.1f} km",
                         r.linePrefix(r.threats.at(static_cast<std::size_t>(e.threat))), d.ipp_converged_m / 1e3,
                         latLonText(p.lat_deg, p.lon_deg), world::zoneName(w.predicted_zone), then.semi_major_m / 1e3,
                         then.semi_minor_m / 1e3);
    }
    case TimelineKind::kAlert:
    case TimelineKind::kAlertWithdrawn:
    case TimelineKind::kPassedOver:
    case TimelineKind::kAllClear:
    case TimelineKind::kAlertDestroyed: return alertText(r, e);
    case TimelineKind::kWarning: {
      const alerts::PrefectureOutcome& o = d.alerts.prefectures.at(static_cast<std::size_t>(e.ref));
      const char* what = o.impact ? "impact" : "overflight";
      return *o.warning_s >= 0.0 ? fmt::format("{} had {:.0f} min {:02.0f} s of warning before the {}", o.name,
                                               std::floor(*o.warning_s / 60.0), std::fmod(*o.warning_s, 60.0), what)
                                 : fmt::format("{}: the alert came {:.0f} s after the {}", o.name, -*o.warning_s, what);
    }
    case TimelineKind::kDecisionDeadline: {
      const engagement::LayerAnswer& la = en.layers.at(static_cast<std::size_t>(e.ref));
      const scenario::ShooterConfig& s = r.config.shooters.at(static_cast<std::size_t>(la.shooter));
      const auto [prefix, object] = target(r, la.threat);
      return fmt::format("{}Last order to fire for {} ({}) at {}: intercept at {:.0f} km altitude, {:.0f} km out", prefix,
                         s.name, s.interceptor.name, object, la.window.best.alt_m / 1e3, la.window.best.ground_range_m / 1e3);
    }
    case TimelineKind::kInterceptorLaunch:
    case TimelineKind::kIntercept: {
      const engagement::Shot& shot = en.shots.at(static_cast<std::size_t>(e.ref));
      const scenario::ShooterConfig& s = r.config.shooters.at(static_cast<std::size_t>(shot.shooter));
      const auto [prefix, object] = target(r, shot.threat);
      if (e.kind == TimelineKind::kInterceptorLaunch)
        return fmt::format("{}{} fires {} #{} at {}", prefix, s.name, s.interceptor.name, shot.number, object);
      return fmt::format("{}Intercept of {} by {} at {:.0f} km altitude: {}", prefix, object, s.name, shot.alt_m / 1e3,
                         shotResultName(shot.outcome));
    }
  }
  return "";
}

std::string threatLabel(const simulation::SimulationResult& r, int threat) {
  const int id = r.engagement.threats.at(static_cast<std::size_t>(threat)).object;
  const simulation::ObjectRecord& obj = r.defence.tracked_objects.at(static_cast<std::size_t>(id - 1));
  std::string list;
  for (int t : obj.tracks) list += fmt::format("{}{}", list.empty() ? "" : ", ", t);
  const simulation::TrueObjectInfo* truth = r.defence.objectTruth(id);
  const std::string what = truth != nullptr ? truth->name : "unknown object";
  return fmt::format("{} (object {}, {} {})", what, id, obj.tracks.size() > 1 ? "tracks" : "track", list);
}

}  // namespace picket::report

// The effective configuration as a scenario file (writer.h). Key for key the mirror of the readers
// (loader.cpp, sensor_loader.cpp, engagement_loader.cpp, uncertainty_loader.cpp): a key added
// there belongs here too, and writer_test.cpp's round trip through the loader checks it.
#include "scenario/writer.h"

#include <cmath>
#include <string_view>

#include <fmt/format.h>

#include "common/numbers.h"
#include "common/version.h"
#include "scenario/alert_policies.h"
#include "scenario/loader.h"

namespace picket::scenario {
namespace {

std::string num(double x) { return fmt::format("{}", x); }

// A YAML double-quoted scalar: every string is quoted, so that no name is read as a number, a
// boolean or null.
std::string yamlQuoted(std::string_view s) {
  std::string out = "\"";
  for (const char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) out += fmt::format("\\x{:02x}", static_cast<unsigned char>(c));
        else out.push_back(c);
    }
  }
  out.push_back('"');
  return out;
}

const char* boolean(bool b) { return b ? "true" : "false"; }

// Lines of YAML with their indentation.
class Out {
 public:
  void line(int indent, std::string_view text) {
    text_.append(static_cast<std::size_t>(indent) * 2, ' ');
    text_ += text;
    text_.push_back('\n');
  }
  void kv(int indent, std::string_view key, std::string_view value) { line(indent, fmt::format("{}: {}", key, value)); }
  void key(int indent, std::string_view key) { line(indent, fmt::format("{}:", key)); }
  // A list entry's first key: "- key: value" at `indent`, its other keys at indent + 1.
  void item(int indent, std::string_view key, std::string_view value) {
    line(indent, fmt::format("- {}: {}", key, value));
  }
  [[nodiscard]] const std::string& text() const { return text_; }

 private:
  std::string text_;
};

std::string pairList(const std::vector<std::pair<double, double>>& pairs) {
  std::string s = "[";
  for (std::size_t i = 0; i < pairs.size(); ++i)
    s += fmt::format("{}[{}, {}]", i == 0 ? "" : ", ", num(pairs[i].first), num(pairs[i].second));
  return s + "]";
}

std::string numberList(const std::vector<double>& xs) {
  std::string s = "[";
  for (std::size_t i = 0; i < xs.size(); ++i) s += fmt::format("{}{}", i == 0 ? "" : ", ", num(xs[i]));
  return s + "]";
}

std::string textList(const std::vector<std::string>& xs) {
  std::string s = "[";
  for (std::size_t i = 0; i < xs.size(); ++i) s += fmt::format("{}{}", i == 0 ? "" : ", ", yamlQuoted(xs[i]));
  return s + "]";
}

void writeLaunch(Out& o, int in, const LaunchConfig& l) {
  if (!l.site.empty()) o.kv(in, "site", yamlQuoted(l.site));
  o.kv(in, "lat_deg", num(l.lat_deg));
  o.kv(in, "lon_deg", num(l.lon_deg));
  o.kv(in, "alt_m", num(l.alt_m));
  o.kv(in, "time", isoTime(l.time));
}

// A missile's stages, payload and guidance as overrides of its catalog entry (readMissile, partial):
// every number, so that the file says what flies.
void writePropulsion(Out& o, int in, const MissileConfig& m) {
  o.key(in, "stages");
  for (const StageConfig& s : m.stages) {
    o.item(in + 1, "name", yamlQuoted(s.name));
    const int k = in + 2;
    o.kv(k, "diameter_m", num(s.diameter_m));
    o.kv(k, "propellant_mass_kg", num(s.propellant_mass_kg));
    o.kv(k, "dry_mass_kg", num(s.dry_mass_kg));
    o.kv(k, "burn_time_s", num(s.burn_time_s));
    if (s.coast_s > 0.0) o.kv(k, "coast_s", num(s.coast_s));
    if (s.isp_vac_s && s.isp_sl_s) {
      o.kv(k, "isp_vac_s", num(*s.isp_vac_s));
      o.kv(k, "isp_sl_s", num(*s.isp_sl_s));
    } else if (s.thrust_vac_n && s.thrust_sl_n) {
      o.kv(k, "thrust_vac_n", num(*s.thrust_vac_n));
      o.kv(k, "thrust_sl_n", num(*s.thrust_sl_n));
    }
    o.kv(k, "cd_vs_mach", pairList(s.cd_vs_mach));
    // 0: not given (the loader refuses 0 as a value; the catalog entry leaves it out the same).
    if (s.rcs_m2 > 0.0) o.kv(k, "rcs_m2", num(s.rcs_m2));
  }
  const PayloadConfig& p = m.payload;
  o.key(in, "payload");
  o.kv(in + 1, "mass_kg", num(p.mass_kg));
  o.kv(in + 1, "ballistic_coefficient_kg_m2", num(p.ballistic_coefficient_kg_m2));
  o.kv(in + 1, "separation_delay_s", num(p.separation_delay_s));
  o.kv(in + 1, "separates", boolean(p.separates));
  o.kv(in + 1, "separation_speed_mps", num(p.separation_speed_mps));
  if (p.rcs_m2 > 0.0) o.kv(in + 1, "rcs_m2", num(p.rcs_m2));
  const GuidanceConfig& g = m.guidance;
  o.key(in, "guidance");
  o.kv(in + 1, "vertical_rise_s", num(g.vertical_rise_s));
  o.kv(in + 1, "pitch_over_s", num(g.pitch_over_s));
  o.kv(in + 1, "thrust_termination", boolean(g.thrust_termination));
  if (g.ascent_pitch_over_deg) o.kv(in + 1, "ascent_pitch_over_deg", num(*g.ascent_pitch_over_deg));
}

void writeMissile(Out& o, int in, const MissileConfig& m) {
  o.kv(in, "catalog", yamlQuoted(m.id));
  o.kv(in, "name", yamlQuoted(m.name));
  writePropulsion(o, in, m);
  if (!m.warhead.empty()) o.kv(in, "warhead", m.warhead);
  if (m.release.empty()) return;
  // Every number written (the catalog's with any override), after the catalog id: it reads back as it was.
  o.key(in, "release");
  for (const ReleasedObjectConfig& r : m.release) {
    if (!r.id.empty()) {
      o.item(in + 1, "object", yamlQuoted(r.id));
      o.kv(in + 2, "name", yamlQuoted(r.name));
    } else {
      o.item(in + 1, "name", yamlQuoted(r.name));
    }
    o.kv(in + 2, "kind", r.kind == ReleasedKind::kDecoy ? "decoy" : "debris");
    o.kv(in + 2, "count", fmt::format("{}", r.count));
    o.kv(in + 2, "rcs_m2", num(r.rcs_m2));
    o.kv(in + 2, "ballistic_coefficient_kg_m2", num(r.ballistic_coefficient_kg_m2));
    o.kv(in + 2, "ir_temperature_k", num(r.ir_temperature_k));
    o.kv(in + 2, "separation_speed_mps", num(r.separation_speed_mps));
    o.kv(in + 2, "mimicry", num(r.mimicry));
  }
}

void writeAim(Out& o, int in, const AimConfig& a) {
  if (a.point_lat_deg && a.point_lon_deg) {
    o.key(in, "point");
    o.kv(in + 1, "lat_deg", num(*a.point_lat_deg));
    o.kv(in + 1, "lon_deg", num(*a.point_lon_deg));
  } else {
    if (a.shape != TrajectoryShape::kOrbit) o.kv(in, "range_km", scaledNumber(a.range_m.value_or(0.0), 1000.0));
    o.kv(in, "azimuth_deg", num(a.azimuth_deg.value_or(0.0)));
  }
  o.kv(in, "shape", toString(a.shape));
  if (a.apogee_m) o.kv(in, "apogee_km", scaledNumber(*a.apogee_m, 1000.0));
  if (a.orbit) {
    o.key(in, "orbit");
    o.kv(in + 1, "perigee_km", scaledNumber(a.orbit->perigee_m, 1000.0));
    o.kv(in + 1, "apogee_km", scaledNumber(a.orbit->apogee_m, 1000.0));
    if (a.orbit->inclination_deg) o.kv(in + 1, "inclination_deg", num(*a.orbit->inclination_deg));
  }
  if (a.thrust_ends_s) o.kv(in, "thrust_ends_s", num(*a.thrust_ends_s));
}

void writeSensor(Out& o, int in, const SensorConfig& s) {
  o.item(in, "name", yamlQuoted(s.name));
  const int k = in + 1;
  o.kv(k, "type", yamlQuoted(s.type));
  if (s.kind == SensorKind::kRadar) {
    // A public site's position comes from data/catalog/sites.yaml (with the catalog's hash): the
    // loader takes a site or a latitude and longitude, not both.
    if (!s.site.empty()) {
      o.kv(k, "site", yamlQuoted(s.site));
      o.line(k, fmt::format("# the site: lat_deg {}, lon_deg {}", num(s.lat_deg), num(s.lon_deg)));
    } else {
      o.kv(k, "lat_deg", num(s.lat_deg));
      o.kv(k, "lon_deg", num(s.lon_deg));
    }
    o.kv(k, "alt_m", num(s.alt_m));
    o.kv(k, "boresight_deg", num(s.boresight_deg));
    if (s.engagements > 0) o.kv(k, "engagements", fmt::format("{}", s.engagements));
    if (s.discrimination_dprime > 0.0) o.kv(k, "discrimination_dprime", num(s.discrimination_dprime));
    const RadarTypeConfig& r = s.radar;
    o.key(k, "overrides");
    const int v = k + 1;
    o.kv(v, "frequency_hz", num(r.frequency_hz));
    o.kv(v, "average_power_w", num(r.average_power_w));
    o.kv(v, "antenna_gain_dbi", num(r.antenna_gain_dbi));
    o.kv(v, "system_noise_temperature_k", num(r.system_noise_temperature_k));
    o.kv(v, "losses_db", num(r.losses_db));
    o.kv(v, "dwell_time_s", num(r.dwell_time_s));
    o.kv(v, "bandwidth_hz", num(r.bandwidth_hz));
    o.kv(v, "beamwidth_deg", num(r.beamwidth_deg));
    o.kv(v, "azimuth_half_width_deg", num(r.azimuth_half_width_deg));
    o.kv(v, "min_elevation_deg", num(r.min_elevation_deg));
    o.kv(v, "max_elevation_deg", num(r.max_elevation_deg));
    o.kv(v, "revisit_s", num(r.revisit_s));
    o.kv(v, "instrumented_range_m", num(r.instrumented_range_m));
    o.kv(v, "false_alarm_probability", num(r.false_alarm_probability));
    o.kv(v, "range_noise_floor_m", num(r.range_noise_floor_m));
    o.kv(v, "angle_noise_floor_mrad", num(r.angle_noise_floor_mrad));
    // Absent: derived from the bandwidth and the beamwidth (sensors/radar.h).
    if (r.range_resolution_m) o.kv(v, "range_resolution_m", num(*r.range_resolution_m));
    if (r.angle_resolution_deg) o.kv(v, "angle_resolution_deg", num(*r.angle_resolution_deg));
  } else {
    const OrbitConfig& b = s.orbit;
    if (b.geostationary) {
      o.kv(k, "longitude_deg", num(b.lon_deg));
    } else {
      o.key(k, "orbit");
      o.kv(k + 1, "semi_major_axis_km", scaledNumber(b.semi_major_axis_m, 1e3));
      o.kv(k + 1, "eccentricity", num(b.eccentricity));
      o.kv(k + 1, "inclination_deg", num(b.inclination_deg));
      o.kv(k + 1, "raan_deg", num(b.raan_deg));
      o.kv(k + 1, "arg_perigee_deg", num(b.arg_perigee_deg));
      o.kv(k + 1, "mean_anomaly_deg", num(b.mean_anomaly_deg));
    }
    const InfraredTypeConfig& ir = s.infrared;
    o.key(k, "overrides");
    o.kv(k + 1, "frame_interval_s", num(ir.frame_interval_s));
    o.kv(k + 1, "processing_latency_s", num(ir.processing_latency_s));
    o.kv(k + 1, "los_noise_urad", num(ir.los_noise_urad));
    o.kv(k + 1, "cloud_top_alt_m", num(ir.cloud_top_alt_m));
  }
}

void writeTracking(Out& o, const TrackingConfig& t) {
  o.key(0, "tracking");
  o.kv(1, "filter", yamlQuoted(t.filter));
  o.kv(1, "process_noise_mps2", num(t.process_noise_mps2));
  o.kv(1, "boost_process_noise_mps2", num(t.boost_process_noise_mps2));
  o.kv(1, "inv_beta_process_noise", num(t.inv_beta_process_noise));
  o.kv(1, "prior_ballistic_coefficient_kg_m2", num(t.prior_ballistic_coefficient_kg_m2));
  o.kv(1, "light_beta_kg_m2", num(t.light_beta_kg_m2));
  o.kv(1, "prior_p_lethal", num(t.prior_p_lethal));
  if (t.fixed_discrimination_p) o.kv(1, "fixed_discrimination_p", num(*t.fixed_discrimination_p));
  o.kv(1, "gate_probability", num(t.gate_probability));
  o.kv(1, "confirm_hits", fmt::format("{}", t.confirm_hits));
  o.kv(1, "confirm_window", fmt::format("{}", t.confirm_window));
  o.kv(1, "delete_probability", num(t.delete_probability));
  o.kv(1, "max_expected_detection_probability", num(t.max_expected_detection_probability));
  o.kv(1, "max_position_sigma_km", scaledNumber(t.max_position_sigma_m, 1e3));
  o.kv(1, "split_velocity_sigma_mps", num(t.split_velocity_sigma_mps));
  o.kv(1, "duplicate_probability", num(t.duplicate_probability));
  o.kv(1, "duplicate_scans", fmt::format("{}", t.duplicate_scans));
  o.kv(1, "co_hit_window_s", num(t.co_hit_window_s));
  o.kv(1, "correlation_probability", num(t.correlation_probability));
  o.kv(1, "correlation_window_s", num(t.correlation_window_s));
  o.kv(1, "max_speed_mps", num(t.max_speed_mps));
  o.kv(1, "atmosphere_edge_km", scaledNumber(t.atmosphere_edge_m, 1e3));
  o.kv(1, "max_step_s", num(t.max_step_s));
  o.kv(1, "ipp_converged_km", scaledNumber(t.ipp_converged_m, 1e3));
  o.kv(1, "prediction_interval_s", num(t.prediction_interval_s));
  o.kv(1, "boost_guard_s", num(t.boost_guard_s));
}

void writeAlerts(Out& o, const AlertConfig& a) {
  // A policy the launch date chose stays the date's (the timeline and alerts.json say which chose
  // it): written as a comment, so that the file reads back to the same choice.
  o.key(0, "alerts");
  o.kv(1, "enabled", boolean(a.enabled));
  if (a.policy_given) o.kv(1, "policy", alertPolicyInfo(a.policy).name);
  else o.line(1, fmt::format("# policy: {} (the rule of the launch date)", alertPolicyInfo(a.policy).name));
  o.kv(1, "outside_dates", boolean(a.outside_dates));
  o.kv(1, "latency_s", num(a.latency_s));
  // The rule of no alert (before J-Alert) settles nothing: its zeros are not values the reader takes.
  if (a.policy == AlertPolicy::kNone && !a.settle_semi_major_given) o.line(1, "# settle_semi_major_km: none (no alert rule)");
  else o.kv(1, "settle_semi_major_km", scaledNumber(a.settle_semi_major_m, 1e3));
  if (a.policy == AlertPolicy::kNone && !a.settle_shift_given) o.line(1, "# settle_shift_km: none (no alert rule)");
  else o.kv(1, "settle_shift_km", scaledNumber(a.settle_shift_m, 1e3));
  o.kv(1, "corridor_half_width_km", scaledNumber(a.corridor_half_width_m, 1e3));
  o.kv(1, "ellipse_probability", num(a.ellipse_probability));
  o.kv(1, "ellipse_max_semi_major_km", scaledNumber(a.ellipse_max_semi_major_m, 1e3));
  o.kv(1, "passed_latency_s", num(a.passed_latency_s));
  o.kv(1, "all_clear_latency_s", num(a.all_clear_latency_s));
  o.kv(1, "settle_window_s", num(a.settle_window_s));
  o.kv(1, "reevaluate_s", num(a.reevaluate_s));
  o.kv(1, "withdraw", boolean(a.withdraw));
}

// An interceptor as its catalog id and every number of its entry as an override.
void writeInterceptor(Out& o, int in, const InterceptorConfig& c) {
  o.kv(in, "interceptor", yamlQuoted(c.id));
  o.key(in, "overrides");
  const int k = in + 1;
  o.key(k, "envelope");
  o.kv(k + 1, "min_intercept_alt_km", scaledNumber(c.min_intercept_alt_m, 1e3));
  o.kv(k + 1, "max_intercept_alt_km", scaledNumber(c.max_intercept_alt_m, 1e3));
  o.kv(k + 1, "max_range_km", scaledNumber(c.max_range_m, 1e3));
  o.kv(k + 1, "max_flight_time_s", num(c.max_flight_time_s));
  o.kv(k + 1, "max_target_speed_mps", num(c.max_target_speed_mps));
  o.key(k, "kill_vehicle");
  o.kv(k + 1, "kind", c.kill_vehicle == KillVehicleKind::kExo ? "exo" : "endo");
  o.kv(k + 1, "divert_mps", num(c.divert_mps));
  o.kv(k + 1, "homing_time_s", num(c.homing_time_s));
  o.key(k, "timing");
  o.kv(k + 1, "order_to_launch_s", num(c.order_to_launch_s));
  o.kv(k + 1, "launch_interval_s", num(c.launch_interval_s));
  o.key(k, "kill");
  o.kv(k + 1, "sspk", num(c.sspk));
  o.kv(k + 1, "reliability", num(c.reliability));
  o.kv(k + 1, "test_record", yamlQuoted(c.test_record));
  writePropulsion(o, k, c.propulsion);
}

void writeEngagement(Out& o, const EngagementConfig& e) {
  o.key(0, "engagement");
  o.kv(1, "policy", e.policy == EngagementPolicy::kDefendedAreas ? "defended-areas" : "all");
  o.kv(1, "track_quality_m", num(e.track_quality_m));
  o.kv(1, "fire_control_s", num(e.fire_control_s));
  o.kv(1, "decision_latency_s", num(e.decision_latency_s));
  o.kv(1, "link_latency_s", num(e.link_latency_s));
  o.kv(1, "kill_assessment_s", num(e.kill_assessment_s));
  o.kv(1, "replan_s", num(e.replan_s));
  o.kv(1, "terminal_alt_km", scaledNumber(e.terminal_alt_m, 1e3));
  o.kv(1, "max_shots_per_threat", fmt::format("{}", e.max_shots_per_threat));
  o.kv(1, "assignment", e.optimal_assignment ? "hungarian" : "greedy");
  o.kv(1, "time_to_go_weight", num(e.time_to_go_weight));
  o.kv(1, "inventory_weight", num(e.inventory_weight));
  o.kv(1, "min_p_lethal", num(e.min_p_lethal));
  o.kv(1, "colocated_radar_km", scaledNumber(e.colocated_radar_m, 1e3));
  o.kv(1, "settled_prediction_km", scaledNumber(e.settled_prediction_m, 1e3));
}

void writeShooter(Out& o, const ShooterConfig& s) {
  o.item(1, "name", yamlQuoted(s.name));
  writeInterceptor(o, 2, s.interceptor);
  o.kv(2, "lat_deg", num(s.lat_deg));
  o.kv(2, "lon_deg", num(s.lon_deg));
  o.kv(2, "alt_m", num(s.alt_m));
  o.kv(2, "magazine", fmt::format("{}", s.magazine));
  if (s.ready_rounds) o.kv(2, "ready_rounds", fmt::format("{}", *s.ready_rounds));
  if (s.ready_rounds && s.reload_s > 0.0) o.kv(2, "reload_s", num(s.reload_s));
  if (s.fire_channels > 0) o.kv(2, "fire_channels", fmt::format("{}", s.fire_channels));
  if (s.availability < 1.0) o.kv(2, "availability", num(s.availability));
  if (s.crew) o.kv(2, "crew", fmt::format("{}", *s.crew));
  if (s.cost) {
    o.key(2, "cost");
    o.kv(3, "value", num(s.cost->value));
    o.kv(3, "currency", s.cost->currency);
    o.kv(3, "year", fmt::format("{}", s.cost->year));
    o.kv(3, "source", yamlQuoted(s.cost->source));
    if (!s.cost->note.empty()) o.kv(3, "note", yamlQuoted(s.cost->note));
  }
  if (!s.radar.empty()) o.kv(2, "radar", yamlQuoted(s.radar));
  // Absent: the engagement's link_latency_s (and a trial's draw of it).
  if (s.link_latency_s) o.kv(2, "link_latency_s", num(*s.link_latency_s));
  o.kv(2, "doctrine", s.doctrine);
  if (s.salvo) o.kv(2, "salvo", fmt::format("{}", *s.salvo));
}

void writeCoverage(Out& o, const CoverageConfig& c, const std::vector<RaidLaunchConfig>& raid) {
  o.item(1, "name", yamlQuoted(c.name));
  o.kv(2, "kind", c.kind == CoverageKind::kShooterGrid ? "shooter-grid" : "defended-footprint");
  writeInterceptor(o, 2, c.interceptor);
  o.key(2, "region");
  o.kv(3, "lat_deg", fmt::format("[{}, {}]", num(c.lat_min_deg), num(c.lat_max_deg)));
  o.kv(3, "lon_deg", fmt::format("[{}, {}]", num(c.lon_min_deg), num(c.lon_max_deg)));
  o.kv(2, "cells", fmt::format("[{}, {}]", c.rows, c.cols));
  if (c.kind == CoverageKind::kDefendedFootprint) {
    o.key(2, "shooter");
    o.kv(3, "lat_deg", num(c.shooter_lat_deg));
    o.kv(3, "lon_deg", num(c.shooter_lon_deg));
  }
  // Below 0: from the scenario's track (the loader's default; it takes no negative value).
  if (c.earliest_launch_s >= 0.0) o.kv(2, "earliest_launch_s", num(c.earliest_launch_s));
  if (!raid.empty() && c.threat >= 0 && static_cast<std::size_t>(c.threat) < raid.size())
    o.kv(2, "threat", yamlQuoted(raid[static_cast<std::size_t>(c.threat)].name));
}

void writeQuantity(Out& o, int in, std::string_view key, const std::optional<UncertainQuantity>& q) {
  if (!q) return;
  const Distribution& d = q->distribution;
  switch (d.kind) {
    case Distribution::Kind::kFixed:
      o.kv(in, key, num(d.value));
      return;
    case Distribution::Kind::kNormal:
      o.kv(in, key, fmt::format("{{distribution: normal, mean: {}, sigma: {}, lo: {}, hi: {}}}", num(d.mean),
                                num(d.sigma), num(d.lo), num(d.hi)));
      return;
    case Distribution::Kind::kUniform:
      o.kv(in, key, fmt::format("{{distribution: uniform, lo: {}, hi: {}}}", num(d.lo), num(d.hi)));
      return;
    case Distribution::Kind::kTriangular:
      o.kv(in, key, fmt::format("{{distribution: triangular, lo: {}, mode: {}, hi: {}}}", num(d.lo), num(d.mode),
                                num(d.hi)));
      return;
    case Distribution::Kind::kDiscrete:
      o.kv(in, key, fmt::format("{{distribution: discrete, values: {}, weights: {}}}", numberList(d.values),
                                numberList(d.weights)));
      return;
  }
}

void writeUncertainty(Out& o, const UncertaintyConfig& u) {
  o.key(0, "uncertainty");
  if (u.launch_time_s || u.launch_north_m || u.launch_east_m) {
    o.key(1, "launch");
    writeQuantity(o, 2, "time_s", u.launch_time_s);
    writeQuantity(o, 2, "north_m", u.launch_north_m);
    writeQuantity(o, 2, "east_m", u.launch_east_m);
  }
  o.key(1, "missile");
  writeQuantity(o, 2, "thrust", u.thrust);
  writeQuantity(o, 2, "isp", u.isp);
  writeQuantity(o, 2, "propellant_mass", u.propellant_mass);
  writeQuantity(o, 2, "dry_mass", u.dry_mass);
  writeQuantity(o, 2, "payload_mass", u.payload_mass);
  writeQuantity(o, 2, "drag", u.drag);
  o.kv(2, "guidance", u.guidance_corrects ? "corrects" : "open-loop");
  if (u.aim_north_m || u.aim_east_m || u.cep_m) {
    o.key(1, "aim");
    writeQuantity(o, 2, "north_m", u.aim_north_m);
    writeQuantity(o, 2, "east_m", u.aim_east_m);
    if (u.cep_m) o.kv(2, "cep_m", num(*u.cep_m));
  }
  if (u.rcs || u.sensor_noise) {
    o.key(1, "sensors");
    writeQuantity(o, 2, "rcs", u.rcs);
    writeQuantity(o, 2, "noise", u.sensor_noise);
  }
  if (u.decision_latency_s || u.fire_control_s || u.link_latency_s || u.kill_assessment_s || u.alert_latency_s) {
    o.key(1, "latencies");
    writeQuantity(o, 2, "decision_s", u.decision_latency_s);
    writeQuantity(o, 2, "fire_control_s", u.fire_control_s);
    writeQuantity(o, 2, "link_s", u.link_latency_s);
    writeQuantity(o, 2, "kill_assessment_s", u.kill_assessment_s);
    writeQuantity(o, 2, "alert_s", u.alert_latency_s);
  }
  if (!u.interceptors.empty()) {
    o.key(1, "interceptors");
    for (const InterceptorUncertainty& i : u.interceptors) {
      o.key(2, yamlQuoted(i.id));
      if (!i.sspk && !i.reliability) {
        o.line(2, "  {}");  // never reached by the loader's files, kept readable
        continue;
      }
      writeQuantity(o, 3, "sspk", i.sspk);
      writeQuantity(o, 3, "reliability", i.reliability);
    }
  }
}

void writeReported(Out& o, const ReportedConfig& r) {
  o.key(0, "reported");
  o.key(1, "sources");
  for (const auto& [key, citation] : r.sources) o.kv(2, yamlQuoted(key), yamlQuoted(citation));
  // The loader keeps no source of overflown; any key of the block reads back.
  const std::string any_source = r.sources.empty() ? std::string() : r.sources.front().first;
  // A report's agency, interval and gate, as the loader reads them (each figure written as a list).
  const auto extras = [&](const std::string& agency, const std::string& missile, bool gate) {
    std::string e;
    if (!agency.empty()) e += fmt::format(", agency: {}", yamlQuoted(agency));
    if (!missile.empty()) e += fmt::format(", missile: {}", yamlQuoted(missile));
    if (!gate) e += ", gate: false";
    return e;
  };
  const auto interval = [&](const ReportedNumber& n) -> std::string {
    if (std::isinf(n.hi) && n.hi > 0) return fmt::format(", at_least: {}", num(n.lo));
    if (std::isinf(n.lo) && n.lo < 0) return fmt::format(", at_most: {}", num(n.hi));
    if (n.lo != n.value || n.hi != n.value) return fmt::format(", range: [{}, {}]", num(n.lo), num(n.hi));
    return {};
  };
  const auto timeText = [&](const ReportedTime& t) {
    const std::string precision = t.precision_s > 0.0 ? fmt::format(", precision_s: {}", num(t.precision_s)) : std::string();
    return fmt::format("{{value: {}{}{}, source: {}}}", yamlQuoted(isoTime(t.value)), precision, extras(t.agency, t.missile, t.gate),
                       yamlQuoted(t.source));
  };
  const auto time = [&](int in, std::string_view key, const ReportedTime& t) { o.kv(in, key, timeText(t)); };
  const auto times = [&](int in, std::string_view key, const std::vector<ReportedTime>& ts) {
    if (ts.empty()) return;
    o.key(in, key);
    for (const ReportedTime& t : ts) o.line(in + 1, "- " + timeText(t));
  };
  const auto numbers = [&](int in, std::string_view key, const std::vector<ReportedNumber>& ns) {
    if (ns.empty()) return;
    o.key(in, key);
    for (const ReportedNumber& n : ns)
      o.line(in + 1, fmt::format("- {{value: {}{}{}, source: {}}}", num(n.value), interval(n), extras(n.agency, n.missile, n.gate),
                                 yamlQuoted(n.source)));
  };
  if (!r.notes.empty()) o.kv(1, "notes", yamlQuoted(r.notes));
  times(1, "launch", r.launch);
  numbers(1, "apogee_km", r.apogee_km);
  numbers(1, "range_km", r.range_km);
  numbers(1, "flight_time_min", r.flight_time_min);
  times(1, "impact_time", r.impact_time);
  if (!r.impact_from.empty()) {
    o.key(1, "impact_from");
    for (const ReportedDistance& d : r.impact_from) {
      const ReportedNumber& n = d.distance_km;
      o.line(2, fmt::format("- {{landmark: {}, distance_km: {}{}{}, source: {}}}", yamlQuoted(d.landmark), num(n.value),
                            interval(n), extras(n.agency, n.missile, n.gate), yamlQuoted(n.source)));
    }
  }
  const auto pointText = [&](const ReportedPoint& p) {
    return fmt::format("lat_deg: {}, lon_deg: {}, precision_km: {}{}, source: {}", num(p.lat_deg), num(p.lon_deg),
                       num(p.precision_km), extras(p.agency, p.missile, p.gate), yamlQuoted(p.source));
  };
  if (!r.impact_point.empty()) {
    o.key(1, "impact_point");
    for (const ReportedPoint& p : r.impact_point) o.line(2, "- {" + pointText(p) + "}");
  }
  if (!r.stage_falls.empty()) {
    o.key(1, "stage_falls");
    for (const ReportedStageFall& s : r.stage_falls) {
      if (s.time) {
        const ReportedTime& t = *s.time;
        const std::string precision = t.precision_s > 0.0 ? fmt::format(", precision_s: {}", num(t.precision_s)) : std::string();
        o.line(2, fmt::format("- {{stage: {}, time: {}{}{}, source: {}}}", s.stage, yamlQuoted(isoTime(t.value)), precision,
                              extras(t.agency, t.missile, t.gate), yamlQuoted(t.source)));
      } else if (s.point) {
        o.line(2, fmt::format("- {{stage: {}, {}}}", s.stage, pointText(*s.point)));
      } else if (s.range_km) {
        const ReportedNumber& n = *s.range_km;
        o.line(2, fmt::format("- {{stage: {}, range_km: {}{}{}, source: {}}}", s.stage, num(n.value), interval(n),
                              extras(n.agency, n.missile, n.gate), yamlQuoted(n.source)));
      }
    }
  }
  if (!r.impact_zone.empty()) {
    o.key(1, "impact_zone");
    for (const ReportedConfig::Zone& z : r.impact_zone)
      o.line(2, fmt::format("- {{value: {}{}, source: {}}}", z.value, extras(z.agency, z.missile, z.gate), yamlQuoted(z.source)));
  }
  if (r.overflown) {
    o.key(1, "overflown");
    o.kv(2, "prefectures", textList(*r.overflown));
    const std::string source = r.over_japan_from ? r.over_japan_from->source
                               : r.over_japan_to ? r.over_japan_to->source
                                                 : any_source;
    o.kv(2, "source", yamlQuoted(source));
    if (r.over_japan_from) o.kv(2, "from", yamlQuoted(isoTime(r.over_japan_from->value)));
    if (r.over_japan_to) o.kv(2, "to", yamlQuoted(isoTime(r.over_japan_to->value)));
    if (!r.overflown_gate) o.kv(2, "gate", "false");
  }
  if (r.j_alert) {
    const ReportedConfig::JAlert& j = *r.j_alert;
    o.key(1, "j_alert");
    if (j.policy) o.kv(2, "policy", alertPolicyInfo(*j.policy).name);
    if (!j.gate) o.kv(2, "gate", "false");
    if (j.none) {
      o.kv(2, "none", fmt::format("{{source: {}}}", yamlQuoted(j.source)));
    } else {
      if (j.first) time(2, "first", *j.first);
      o.kv(2, "prefectures", fmt::format("{{value: {}, source: {}{}}}", textList(j.prefectures), yamlQuoted(j.source),
                                         j.prefectures_gate ? "" : ", gate: false"));
      if (j.passed_over) time(2, "passed_over", *j.passed_over);
    }
  }
}

}  // namespace

std::string scaledNumber(double value, double scale) {
  if (value == 0.0) return "0";  // the walk below steps from -0 to the smallest positive, never +0
  const double guess = value / scale;
  // The loader's value was some decimal x read as the closest double, times scale: x is within an
  // ulp or two of value / scale. Of the candidates that give `value` back, the shortest text.
  std::string best;
  double x = guess;
  for (int i = 0; i < 4; ++i) x = std::nextafter(x, -HUGE_VAL);
  for (int i = 0; i < 9; ++i, x = std::nextafter(x, HUGE_VAL)) {
    if (x * scale != value) continue;
    const std::string text = num(x);
    if (best.empty() || text.size() < best.size()) best = text;
  }
  return best.empty() ? num(guess) : best;
}

std::string isoTime(UtcTime t) {
  for (int decimals = 0; decimals <= 9; ++decimals) {
    const std::string text = formatUtc(t, decimals);
    UtcTime back;
    if (parseIso8601(text, back) && back.unix_s == t.unix_s) return text;
  }
  return formatUtc(t, 9);
}

std::string toYaml(const ScenarioConfig& c) {
  Out o;
  o.line(0, fmt::format("# The effective configuration of scenario {}, written by `picket config`", yamlQuoted(c.name)));
  o.line(0, fmt::format("# picket {} (commit {})", picketVersion(), picketCommit()));
  o.line(0, fmt::format("# from {}{}", c.where.file.empty() ? "(no file)" : c.where.file,
                        c.scenario_sha256.empty() ? "" : fmt::format(" (sha256 {})", c.scenario_sha256)));
  o.line(0, fmt::format("# with the catalog of sha256 {}: missiles, sensors and interceptors are taken from it by id,",
                        c.catalog_sha256.empty() ? "(unknown)" : c.catalog_sha256));
  o.line(0, "# every number of theirs written out as an override. Every key has its value, defaults included;");
  o.line(0, "# `picket run` reads this file back to the same configuration (docs/scenario.md).");
  o.line(0, "");
  o.kv(0, "name", yamlQuoted(c.name));
  o.kv(0, "description", yamlQuoted(c.description));
  o.kv(0, "seed", fmt::format("{}", c.seed));
  o.key(0, "launch");
  writeLaunch(o, 1, c.launch);
  if (c.missile) {
    o.key(0, "missile");
    writeMissile(o, 1, *c.missile);
  }
  if (c.aim) {
    o.key(0, "aim");
    writeAim(o, 1, *c.aim);
  }
  if (c.burnout) {
    const BurnoutConfig& b = *c.burnout;
    o.key(0, "burnout");
    o.kv(1, "speed_mps", num(b.speed_mps));
    o.kv(1, "flight_path_angle_deg", num(b.flight_path_angle_deg));
    o.kv(1, "azimuth_deg", num(b.azimuth_deg));
    o.kv(1, "alt_m", num(b.alt_m));
    o.kv(1, "ballistic_coefficient_kg_m2", num(b.ballistic_coefficient_kg_m2));
    if (b.rcs_m2 > 0.0) o.kv(1, "rcs_m2", num(b.rcs_m2));
  }
  if (!c.raid.empty()) {
    o.key(0, "raid");
    for (const RaidLaunchConfig& r : c.raid) {
      o.item(1, "name", yamlQuoted(r.name));
      o.key(2, "launch");
      writeLaunch(o, 3, r.launch);
      o.key(2, "missile");
      writeMissile(o, 3, r.missile);
      o.key(2, "aim");
      writeAim(o, 3, r.aim);
    }
  }
  o.key(0, "physics");
  o.kv(1, "earth", toString(c.physics.earth));
  o.kv(1, "rotation", boolean(c.physics.rotation));
  o.kv(1, "gravity", toString(c.physics.gravity));
  o.kv(1, "atmosphere", toString(c.physics.atmosphere));
  o.key(0, "output");
  o.kv(1, "time_zone", yamlQuoted(c.output.time_zone.name));
  o.kv(1, "sample_interval_s", num(c.output.sample_interval_s));
  o.kv(1, "landmarks", textList(c.output.reference_landmarks));
  if (!c.sensors.empty()) {
    o.key(0, "sensors");
    for (const SensorConfig& s : c.sensors) writeSensor(o, 1, s);
  }
  writeTracking(o, c.tracking);
  writeAlerts(o, c.alerts);
  writeEngagement(o, c.engagement);
  if (!c.defended_areas.empty()) {
    o.key(0, "defended_areas");
    for (const DefendedAreaConfig& a : c.defended_areas) {
      o.item(1, "name", yamlQuoted(a.name));
      o.kv(2, "points", pairList(a.points_deg));
      o.kv(2, "radius_km", scaledNumber(a.radius_m, 1e3));
    }
  }
  if (!c.shooters.empty()) {
    o.key(0, "shooters");
    for (const ShooterConfig& s : c.shooters) writeShooter(o, s);
  }
  if (!c.coverage.empty()) {
    o.key(0, "coverage");
    for (const CoverageConfig& m : c.coverage) writeCoverage(o, m, c.raid);
  }
  if (c.uncertainty.present) writeUncertainty(o, c.uncertainty);
  if (c.reported.present) writeReported(o, c.reported);
  return o.text();
}

}  // namespace picket::scenario

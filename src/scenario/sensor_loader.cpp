// Sensors, tracking and alerts: the catalog of sensor types (data/catalog/sensors/<id>.yaml), the
// public sites (data/catalog/sites.yaml) and the scenario's `sensors`, `tracking` and `alerts`
// sections (docs/scenario.md).
#include <algorithm>
#include <cmath>
#include <functional>

#include <fmt/format.h>

#include "scenario/alert_policies.h"
#include "scenario/loader.h"
#include "scenario/sections.h"
#include "scenario/yaml_reader.h"

namespace picket::scenario {
namespace fs = std::filesystem;

namespace {

// A catalog number: its key, allowed range and where it goes.
struct NumberField {
  const char* key;
  double lo, hi;
  std::function<double&(SensorConfig&)> dst;
};

const std::vector<NumberField>& radarFields() {
  static const std::vector<NumberField> f = {
      {"frequency_hz", 1e8, 1e11, [](SensorConfig& s) -> double& { return s.radar.frequency_hz; }},
      {"average_power_w", 1.0, 1e8, [](SensorConfig& s) -> double& { return s.radar.average_power_w; }},
      {"antenna_gain_dbi", 0.0, 80.0, [](SensorConfig& s) -> double& { return s.radar.antenna_gain_dbi; }},
      {"system_noise_temperature_k", 1.0, 1e5, [](SensorConfig& s) -> double& { return s.radar.system_noise_temperature_k; }},
      {"losses_db", 0.0, 60.0, [](SensorConfig& s) -> double& { return s.radar.losses_db; }},
      {"dwell_time_s", 1e-6, 10.0, [](SensorConfig& s) -> double& { return s.radar.dwell_time_s; }},
      {"bandwidth_hz", 1e3, 1e10, [](SensorConfig& s) -> double& { return s.radar.bandwidth_hz; }},
      {"beamwidth_deg", 0.01, 30.0, [](SensorConfig& s) -> double& { return s.radar.beamwidth_deg; }},
      {"azimuth_half_width_deg", 0.1, 180.0, [](SensorConfig& s) -> double& { return s.radar.azimuth_half_width_deg; }},
      {"min_elevation_deg", -5.0, 90.0, [](SensorConfig& s) -> double& { return s.radar.min_elevation_deg; }},
      {"max_elevation_deg", -5.0, 90.0, [](SensorConfig& s) -> double& { return s.radar.max_elevation_deg; }},
      {"revisit_s", 1e-3, 600.0, [](SensorConfig& s) -> double& { return s.radar.revisit_s; }},
      {"instrumented_range_m", 1e3, 1e8, [](SensorConfig& s) -> double& { return s.radar.instrumented_range_m; }},
      {"false_alarm_probability", 1e-15, 0.1, [](SensorConfig& s) -> double& { return s.radar.false_alarm_probability; }},
      {"range_noise_floor_m", 0.0, 1e4, [](SensorConfig& s) -> double& { return s.radar.range_noise_floor_m; }},
      {"angle_noise_floor_mrad", 0.0, 100.0, [](SensorConfig& s) -> double& { return s.radar.angle_noise_floor_mrad; }},
  };
  return f;
}

// Optional radar numbers: absent means "derive it" (sensors/radar.h). Zero or negative is refused.
struct OptionalField {
  const char* key;
  double lo, hi;
  std::optional<double> RadarTypeConfig::*dst;
};
constexpr OptionalField kRadarOptionalFields[] = {
    {"range_resolution_m", 1e-3, 1e5, &RadarTypeConfig::range_resolution_m},
    {"angle_resolution_deg", 1e-4, 90.0, &RadarTypeConfig::angle_resolution_deg},
};

void readOptionalRadarFields(const YamlReader& r, const YAML::Node& b, RadarTypeConfig& c) {
  for (const OptionalField& f : kRadarOptionalFields)
    if (b[f.key]) c.*f.dst = r.number(b, f.key, f.lo, f.hi);
}

const std::vector<NumberField>& infraredFields() {
  static const std::vector<NumberField> f = {
      {"frame_interval_s", 1e-3, 600.0, [](SensorConfig& s) -> double& { return s.infrared.frame_interval_s; }},
      {"processing_latency_s", 0.0, 3600.0, [](SensorConfig& s) -> double& { return s.infrared.processing_latency_s; }},
      {"los_noise_urad", 0.0, 1e5, [](SensorConfig& s) -> double& { return s.infrared.los_noise_urad; }},
      {"cloud_top_alt_m", 0.0, 1e5, [](SensorConfig& s) -> double& { return s.infrared.cloud_top_alt_m; }},
  };
  return f;
}

const std::vector<NumberField>& fieldsOf(SensorKind k) {
  return k == SensorKind::kRadar ? radarFields() : infraredFields();
}

std::vector<std::string_view> keysOf(SensorKind kind, std::initializer_list<std::string_view> extra = {}) {
  std::vector<std::string_view> keys(extra);
  for (const NumberField& f : fieldsOf(kind)) keys.emplace_back(f.key);
  if (kind == SensorKind::kRadar)
    for (const OptionalField& f : kRadarOptionalFields) keys.emplace_back(f.key);
  return keys;
}

void checkElevations(const YamlReader& r, const YAML::Node& at, const RadarTypeConfig& c) {
  if (c.min_elevation_deg >= c.max_elevation_deg)
    r.fail(at, fmt::format("min_elevation_deg ({}) must be below max_elevation_deg ({})", c.min_elevation_deg,
                           c.max_elevation_deg));
}


struct Site {
  std::string name, sensor;
  double lat_deg, lon_deg, alt_m, boresight_deg;
};

std::vector<Site> loadSites(const fs::path& data_dir) {
  const fs::path file = data_dir / "catalog" / "sites.yaml";
  if (!fs::exists(file)) return {};
  const YAML::Node root = loadYamlFile(file.string());
  YamlReader r(file.string());
  r.expectMap(root, "sites file", {"sources", "sites"});
  r.setRequireSource(true, readSources(r, root));
  std::vector<Site> out;
  r.require(root, "sites");
  for (const YAML::Node& s : root["sites"]) {
    r.expectMap(s, "site", {"name", "sensor", "lat_deg", "lon_deg", "alt_m", "boresight_deg", "note", "status"});
    Site site{r.string(s, "name"), r.string(s, "sensor"), r.number(s, "lat_deg", -90.0, 90.0),
              r.number(s, "lon_deg", -180.0, 360.0), r.optionalNumber(s, "alt_m", -100.0, 9000.0).value_or(0.0),
              r.optionalNumber(s, "boresight_deg", -360.0, 360.0).value_or(0.0)};
    out.push_back(std::move(site));
  }
  return out;
}

}  // namespace

std::vector<std::string> sensorCatalogIds(const fs::path& data_dir) {
  return catalogFileIds(data_dir / "catalog" / "sensors");
}

SensorConfig loadCatalogSensor(const std::string& id, const fs::path& data_dir, const SourceLocation& asked_at) {
  const fs::path file = catalogFile(data_dir / "catalog" / "sensors", id, asked_at, "sensor type");
  const YAML::Node root = loadYamlFile(file.string());
  YamlReader r(file.string());
  r.expectMap(root, "sensor", {"id", "name", "kind", "sources", "radar", "infrared", "orbit", "reported"});
  r.setRequireSource(true, readSources(r, root));
  SensorConfig cfg;
  cfg.type = r.string(root, "id");
  if (cfg.type != id) r.fail(root["id"], fmt::format("id '{}' does not match the file name '{}.yaml'", cfg.type, id));
  cfg.type_name = r.string(root, "name");
  const std::string kind = r.string(root, "kind");
  if (kind == "radar") cfg.kind = SensorKind::kRadar;
  else if (kind == "infrared-satellite") cfg.kind = SensorKind::kInfraredSatellite;
  else r.fail(root["kind"], fmt::format("unknown kind '{}'; expected radar or infrared-satellite", kind));
  const char* block = cfg.kind == SensorKind::kRadar ? "radar" : "infrared";
  r.require(root, block);
  const YAML::Node b = root[block];
  r.expectMap(b, block, keysOf(cfg.kind, {"burnout_visible", "min_plume_alt_m"}));
  for (const NumberField& f : fieldsOf(cfg.kind)) f.dst(cfg) = r.number(b, f.key, f.lo, f.hi);
  if (cfg.kind == SensorKind::kRadar) {
    readOptionalRadarFields(r, b, cfg.radar);
    checkElevations(r, b, cfg.radar);
  }
  if (cfg.kind == SensorKind::kRadar && root["infrared"]) r.fail(root["infrared"], "a radar has no 'infrared' block");
  if (cfg.kind == SensorKind::kInfraredSatellite && root["radar"]) r.fail(root["radar"], "a satellite has no 'radar' block");
  if (root["orbit"]) checkSourcedBlock(r, root["orbit"], "orbit");
  if (root["reported"]) checkSourcedBlock(r, root["reported"], "reported");
  cfg.where = SourceLocation{file.string(), 1};
  return cfg;
}

void readSensors(const YamlReader& r, const YAML::Node& list, const fs::path& data_dir, std::vector<SensorConfig>& out) {
  if (!list.IsSequence()) r.fail(list, "'sensors' must be a list of sensors");
  std::vector<Site> sites;
  bool sites_loaded = false;
  for (const YAML::Node& n : list) {
    r.expectMap(n, "sensor", {"name", "type", "site", "lat_deg", "lon_deg", "alt_m", "boresight_deg", "longitude_deg",
                              "orbit", "overrides", "engagements", "discrimination_dprime"});
    r.require(n, "type");
    SensorConfig s = loadCatalogSensor(r.string(n, "type"), data_dir, r.at(n["type"]));
    s.where = r.at(n);
    s.name = r.optionalString(n, "name").value_or(s.type);
    for (const SensorConfig& o : out)
      if (o.name == s.name) r.fail(n, fmt::format("two sensors are named '{}'; give each a unique 'name'", s.name));
    if (const YAML::Node o = n["overrides"]) {
      r.expectMap(o, "overrides", keysOf(s.kind));
      for (const NumberField& f : fieldsOf(s.kind))
        if (o[f.key]) f.dst(s) = r.number(o, f.key, f.lo, f.hi);
      if (s.kind == SensorKind::kRadar) {
        readOptionalRadarFields(r, o, s.radar);
        checkElevations(r, o, s.radar);
      }
    }
    if (s.kind == SensorKind::kRadar) {
      if (n["longitude_deg"] || n["orbit"]) r.fail(n, fmt::format("'{}' is a radar: place it with 'site' or lat_deg/lon_deg", s.name));
      if (n["site"]) {
        if (!sites_loaded) sites = loadSites(data_dir);
        sites_loaded = true;
        const std::string want = r.string(n, "site");
        const auto it = std::find_if(sites.begin(), sites.end(), [&](const Site& x) { return x.name == want; });
        if (it == sites.end()) {
          std::vector<std::string> names;
          for (const Site& x : sites) names.push_back(x.name);
          r.fail(n["site"], fmt::format("unknown site '{}'; data/catalog/sites.yaml has: {}", want, knownList(names)));
        }
        s.site = it->name;
        s.lat_deg = it->lat_deg;
        s.lon_deg = it->lon_deg;
        s.alt_m = it->alt_m;
        s.boresight_deg = it->boresight_deg;
        if (n["lat_deg"] || n["lon_deg"]) r.fail(n, "give either 'site' or lat_deg/lon_deg, not both");
      } else {
        if (!n["lat_deg"] || !n["lon_deg"]) r.fail(n, fmt::format("radar '{}' needs 'site' or lat_deg and lon_deg", s.name));
        s.lat_deg = r.number(n, "lat_deg", -90.0, 90.0);
        s.lon_deg = r.number(n, "lon_deg", -180.0, 360.0);
      }
      // Below -100 m there is no ground or sea a radar could stand on: a typo, or a sign lost.
      if (n["alt_m"]) s.alt_m = r.number(n, "alt_m", -100.0, 9000.0);
      if (n["boresight_deg"]) s.boresight_deg = r.number(n, "boresight_deg", -360.0, 360.0);
      if (n["engagements"]) {
        const double e = r.number(n, "engagements", -1e9, 1e9);
        if (e < 1.0 || e > 1000.0 || e != std::floor(e))
          r.fail(n["engagements"], fmt::format("engagements {:g} of radar '{}': expected a whole number of interceptors it "
                                               "can support in flight at once, 1 to 1000",
                                               e, s.name));
        s.engagements = static_cast<int>(e);
      }
      // Above 10 one look alone tells a warhead at 5 sigma: beyond any public claim.
      if (n["discrimination_dprime"]) s.discrimination_dprime = r.number(n, "discrimination_dprime", 0.0, 10.0);
    } else {
      if (n["site"] || n["lat_deg"] || n["lon_deg"] || n["boresight_deg"] || n["alt_m"] || n["engagements"] ||
          n["discrimination_dprime"])
        r.fail(n, fmt::format("'{}' is a satellite: place it with 'longitude_deg' (geostationary) or 'orbit'", s.name));
      if (n["longitude_deg"] && n["orbit"]) r.fail(n, "give either 'longitude_deg' (geostationary) or 'orbit', not both");
      if (n["longitude_deg"]) {
        s.orbit.geostationary = true;
        s.orbit.lon_deg = r.number(n, "longitude_deg", -180.0, 360.0);
      } else if (const YAML::Node o = n["orbit"]) {
        r.expectMap(o, "orbit", {"semi_major_axis_km", "eccentricity", "inclination_deg", "raan_deg", "arg_perigee_deg",
                                 "mean_anomaly_deg"});
        s.orbit.geostationary = false;
        s.orbit.semi_major_axis_m = r.number(o, "semi_major_axis_km", 1.0, 1e6) * 1e3;
        s.orbit.eccentricity = r.number(o, "eccentricity", 0.0, 0.99);
        s.orbit.inclination_deg = r.number(o, "inclination_deg", 0.0, 180.0);
        s.orbit.raan_deg = r.optionalNumber(o, "raan_deg", -360.0, 360.0).value_or(0.0);
        s.orbit.arg_perigee_deg = r.optionalNumber(o, "arg_perigee_deg", -360.0, 360.0).value_or(0.0);
        s.orbit.mean_anomaly_deg = r.optionalNumber(o, "mean_anomaly_deg", -360.0, 360.0).value_or(0.0);
        // WGS-84's equatorial radius plus 100 km: a perigee lower than that is inside the Earth or
        // its atmosphere, and no such orbit lasts a day.
        const double perigee_m = s.orbit.semi_major_axis_m * (1.0 - s.orbit.eccentricity);
        if (perigee_m < 6478137.0)
          r.fail(o, fmt::format("the orbit's perigee is {:.0f} km from the Earth's centre, inside the Earth or its "
                                "atmosphere: expected at least 6478 km (semi_major_axis_km x (1 - eccentricity))",
                                perigee_m / 1e3));
      } else {
        r.fail(n, fmt::format("satellite '{}' needs 'longitude_deg' (geostationary) or 'orbit'", s.name));
      }
    }
    out.push_back(std::move(s));
  }
}

void readTracking(const YamlReader& r, const YAML::Node& t, TrackingConfig& c) {
  r.expectMap(t, "tracking", {"filter", "process_noise_mps2", "boost_process_noise_mps2", "prior_ballistic_coefficient_kg_m2",
                              "gate_probability", "confirm_hits", "confirm_window", "delete_probability",
                              "max_expected_detection_probability", "max_position_sigma_km", "split_velocity_sigma_mps",
                              "duplicate_probability", "duplicate_scans", "co_hit_window_s", "correlation_probability",
                              "correlation_window_s", "max_speed_mps", "atmosphere_edge_km", "max_step_s",
                              "ipp_converged_km", "inv_beta_process_noise", "prediction_interval_s", "boost_guard_s",
                              "light_beta_kg_m2", "prior_p_lethal", "fixed_discrimination_p"});
  c.where = r.at(t);
  if (t["filter"]) {
    c.filter = r.string(t, "filter");
    c.filter_where = r.at(t["filter"]);
  }
  const auto num = [&](const char* key, double lo, double hi, double& dst) {
    if (t[key]) dst = r.number(t, key, lo, hi);
  };
  num("process_noise_mps2", 0.0, 1000.0, c.process_noise_mps2);
  num("boost_process_noise_mps2", 0.0, 1000.0, c.boost_process_noise_mps2);
  num("prior_ballistic_coefficient_kg_m2", 10.0, 1e6, c.prior_ballistic_coefficient_kg_m2);
  num("light_beta_kg_m2", 0.0, 1e6, c.light_beta_kg_m2);
  // Strictly inside (0, 1): a belief of 0 or 1 no report could move.
  num("prior_p_lethal", 1e-6, 1.0 - 1e-6, c.prior_p_lethal);
  if (t["fixed_discrimination_p"]) c.fixed_discrimination_p = r.number(t, "fixed_discrimination_p", 0.5, 1.0);  // below 1/2 it would be told wrong more often than right
  num("gate_probability", 0.5, 1.0 - 1e-12, c.gate_probability);
  num("delete_probability", 1e-12, 0.5, c.delete_probability);
  num("max_expected_detection_probability", 0.01, 0.999999, c.max_expected_detection_probability);
  if (t["max_position_sigma_km"]) c.max_position_sigma_m = r.number(t, "max_position_sigma_km", 0.001, 1e5) * 1e3;
  num("split_velocity_sigma_mps", 0.001, 10000.0, c.split_velocity_sigma_mps);
  num("duplicate_probability", 0.5, 1.0 - 1e-12, c.duplicate_probability);
  num("co_hit_window_s", 0.0, 3600.0, c.co_hit_window_s);
  num("correlation_probability", 0.5, 1.0 - 1e-12, c.correlation_probability);
  num("correlation_window_s", 0.0, 86400.0, c.correlation_window_s);
  num("prediction_interval_s", 0.0, 600.0, c.prediction_interval_s);
  num("boost_guard_s", 0.0, 3600.0, c.boost_guard_s);
  num("max_speed_mps", 100.0, 20000.0, c.max_speed_mps);
  if (t["atmosphere_edge_km"]) c.atmosphere_edge_m = r.number(t, "atmosphere_edge_km", 0.0, 1000.0) * 1e3;
  num("max_step_s", 0.01, 60.0, c.max_step_s);
  num("inv_beta_process_noise", 0.0, 1e-3, c.inv_beta_process_noise);
  if (t["ipp_converged_km"]) c.ipp_converged_m = r.number(t, "ipp_converged_km", 0.001, 10000.0) * 1e3;
  const auto count = [&](const char* key, int lo, int hi, int& dst) {
    if (t[key]) dst = static_cast<int>(std::lround(r.number(t, key, lo, hi)));
  };
  count("confirm_hits", 1, 50, c.confirm_hits);
  count("confirm_window", 1, 50, c.confirm_window);
  count("duplicate_scans", 1, 1000, c.duplicate_scans);
  if (c.confirm_hits > c.confirm_window)
    r.fail(t, fmt::format("confirm_hits ({}) cannot exceed confirm_window ({})", c.confirm_hits, c.confirm_window));
}

void readAlerts(const YamlReader& r, const YAML::Node& a, AlertConfig& c) {
  r.expectMap(a, "alerts", {"enabled", "policy", "outside_dates", "latency_s", "settle_semi_major_km", "settle_shift_km",
                            "corridor_half_width_km", "ellipse_probability", "ellipse_max_semi_major_km",
                            "passed_latency_s", "all_clear_latency_s", "withdraw", "settle_window_s", "reevaluate_s"});
  c.where = r.at(a);
  if (a["enabled"]) c.enabled = r.boolean(a, "enabled");
  if (a["policy"]) {
    std::vector<std::string_view> names;
    for (const AlertPolicyInfo& p : alertPolicies()) names.push_back(p.name);
    c.policy = alertPolicies()[r.choice(a, "policy", "alert policy", names)].policy;
    c.policy_given = true;
    c.policy_where = r.at(a["policy"]);
  }
  if (a["outside_dates"]) c.outside_dates = r.boolean(a, "outside_dates");
  if (a["withdraw"]) {
    c.withdraw = r.boolean(a, "withdraw");
    c.withdraw_given = true;
  }
  if (a["latency_s"]) {
    c.latency_s = r.number(a, "latency_s", 0.0, 3600.0);
    c.latency_given = true;
  }
  if (a["settle_semi_major_km"]) {
    c.settle_semi_major_m = r.number(a, "settle_semi_major_km", 0.001, 20000.0) * 1e3;
    c.settle_semi_major_given = true;
  }
  if (a["settle_shift_km"]) {
    c.settle_shift_m = r.number(a, "settle_shift_km", 0.001, 20000.0) * 1e3;
    c.settle_shift_given = true;
  }
  // A corridor of zero width alerts no one under the path: almost surely a mistake.
  if (a["corridor_half_width_km"]) c.corridor_half_width_m = r.number(a, "corridor_half_width_km", 0.001, 2000.0) * 1e3;
  c.ellipse_probability = r.optionalNumber(a, "ellipse_probability", 0.5, 0.9999).value_or(c.ellipse_probability);
  if (a["ellipse_max_semi_major_km"])
    c.ellipse_max_semi_major_m = r.number(a, "ellipse_max_semi_major_km", 0.0, 20000.0) * 1e3;
  c.passed_latency_s = r.optionalNumber(a, "passed_latency_s", 0.0, 3600.0).value_or(c.passed_latency_s);
  c.all_clear_latency_s = r.optionalNumber(a, "all_clear_latency_s", 0.0, 3600.0).value_or(c.all_clear_latency_s);
  c.settle_window_s = r.optionalNumber(a, "settle_window_s", 0.1, 600.0).value_or(c.settle_window_s);
  c.reevaluate_s = r.optionalNumber(a, "reevaluate_s", 0.1, 600.0).value_or(c.reevaluate_s);
}

namespace {

std::vector<std::string> nameList(const YamlReader& r, const YAML::Node& node, std::string_view what) {
  std::vector<std::string> out;
  if (!node || node.IsNull()) return out;
  if (!node.IsSequence()) r.fail(node, fmt::format("'{}' must be a list of prefecture names", what));
  for (const YAML::Node& n : node) {
    if (!n.IsScalar()) r.fail(n, fmt::format("'{}' lists prefecture names", what));
    out.push_back(r.text(n, "a prefecture name"));
  }
  return out;
}

void checkSourceKey(const YamlReader& r, const YAML::Node& map, const std::vector<std::string>& keys) {
  const YAML::Node s = map["source"];
  if (!s || s.IsNull()) return;
  const std::string key = r.string(map, "source");
  if (std::find(keys.begin(), keys.end(), key) == keys.end())
    r.fail(s, fmt::format("source '{}' is not in the file's 'sources'", key));
}

AlertNeighbourConfig pairOf(const YamlReader& r, const YAML::Node& n) {
  if (!n.IsSequence() || n.size() != 2 || !n[0].IsScalar() || !n[1].IsScalar())
    r.fail(n, "a neighbour pair is two prefecture names, [A, B]");
  return {r.text(n[0]), r.text(n[1]), r.at(n)};
}

}  // namespace

AlertAreasConfig loadAlertAreas(const fs::path& data_dir) {
  const fs::path file = data_dir / "alerts" / "regions.yaml";
  const YAML::Node root = loadYamlFile(file.string());
  YamlReader r(file.string());
  r.expectMap(root, "alert regions", {"sources", "note", "block_rule", "blocks", "neighbours_2023", "observed_alerts"});
  const std::vector<std::string> sources = readSources(r, root);
  AlertAreasConfig out;
  r.require(root, "blocks");
  if (!root["blocks"].IsSequence()) r.fail(root["blocks"], "'blocks' must be a list");
  for (const YAML::Node& b : root["blocks"]) {
    r.expectMap(b, "block", {"name", "name_ja", "prefectures", "related", "confidence", "source", "note"});
    checkSourceKey(r, b, sources);
    AlertBlockConfig block{r.string(b, "name"), nameList(r, b["prefectures"], "prefectures"),
                           nameList(r, b["related"], "related"), r.at(b)};
    if (block.core.empty()) r.fail(b, fmt::format("block '{}' has no prefectures", block.name));
    out.blocks.push_back(std::move(block));
  }
  r.require(root, "neighbours_2023");
  const YAML::Node nb = root["neighbours_2023"];
  r.expectMap(nb, "neighbours_2023", {"in_force", "official_definition", "note", "sea_crossings", "excluded_sea_crossings",
                                      "land_borders"});
  if (const YAML::Node sea = nb["sea_crossings"]) {
    if (!sea.IsSequence()) r.fail(sea, "'sea_crossings' must be a list");
    for (const YAML::Node& s : sea) {
      r.expectMap(s, "sea crossing", {"pair", "source", "note"});
      r.require(s, "source");
      checkSourceKey(r, s, sources);
      out.neighbours.push_back(pairOf(r, s["pair"]));
    }
  }
  r.require(nb, "land_borders");
  const YAML::Node land = nb["land_borders"];
  r.expectMap(land, "land_borders", {"source", "note", "pairs"});
  r.require(land, "source");
  checkSourceKey(r, land, sources);
  r.require(land, "pairs");
  if (!land["pairs"].IsSequence()) r.fail(land["pairs"], "'pairs' must be a list of [A, B]");
  for (const YAML::Node& p : land["pairs"]) out.neighbours.push_back(pairOf(r, p));
  return out;
}

void resolveAlerts(const YamlReader& r, const YAML::Node& alerts_node, UtcTime launch, const fs::path& data_dir,
                   AlertConfig& c) {
  if (!c.policy_given) {
    c.policy = alertPolicyOfDate(launch);
  } else if (!c.outside_dates && !alertPolicyInForce(c.policy, launch)) {
    const AlertPolicyInfo& p = alertPolicyInfo(c.policy);
    const AlertPolicyInfo& then = alertPolicyInfo(alertPolicyOfDate(launch));
    r.fail(alerts_node["policy"],
           fmt::format("alert policy '{}' was in force {}{}{} (JST); this scenario's launch, {}, falls under '{}': use "
                       "that, or set 'outside_dates: true' to apply '{}' anyway",
                       p.name, p.from_jst.empty() ? "until " : "from ", p.from_jst.empty() ? p.to_jst : p.from_jst,
                       p.from_jst.empty() || p.to_jst.empty() ? "" : fmt::format(" to {}", p.to_jst),
                       formatLocal(launch, TimeZone{"JST", 9 * 3600}), then.name, p.name));
  }
  const AlertPolicyInfo& p = alertPolicyInfo(c.policy);
  if (c.policy == AlertPolicy::kNone) c.enabled = false;
  if (!c.latency_given) c.latency_s = p.latency_s;
  if (!c.settle_semi_major_given) c.settle_semi_major_m = p.settle_semi_major_m;
  if (!c.settle_shift_given) c.settle_shift_m = p.settle_shift_m;
  if (!c.withdraw_given) c.withdraw = p.withdraw;
  if (c.enabled && (c.policy == AlertPolicy::kBlock2017 || c.policy == AlertPolicy::kNeighbours2023)) {
    c.areas = loadAlertAreas(data_dir);
    c.areas_file = (data_dir / "alerts" / "regions.yaml").string();
  }
}

}  // namespace picket::scenario

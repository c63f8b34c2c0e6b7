// Engagements: the interceptor catalog (data/catalog/interceptors/<id>.yaml) and the scenario's
// `shooters`, `defended_areas`, `engagement` and `coverage` sections (docs/scenario.md).
#include <algorithm>
#include <cctype>
#include <cmath>
#include <tuple>

#include <fmt/format.h>

#include "scenario/loader.h"
#include "scenario/sections.h"
#include "scenario/yaml_reader.h"

namespace picket::scenario {
namespace fs = std::filesystem;

namespace {

constexpr std::string_view kInterceptorBlocks[] = {"stages", "payload", "guidance", "envelope", "kill_vehicle", "timing", "kill"};

// The interceptor-specific blocks; with `partial` only the keys present are read (overrides).
void readInterceptorBlocks(const YamlReader& r, const YAML::Node& node, InterceptorConfig& c, bool partial) {
  const auto num = [&](const YAML::Node& block, const char* key, double lo, double hi, double scale, double& dst) {
    if (partial && !block[key]) return;
    dst = r.number(block, key, lo, hi) * scale;
  };
  const auto block = [&](const char* name) -> YAML::Node {
    const YAML::Node b = node[name];
    if (!b && !partial) r.require(node, name);
    return b;
  };
  if (const YAML::Node e = block("envelope")) {
    r.expectMap(e, "envelope", {"min_intercept_alt_km", "max_intercept_alt_km", "max_range_km", "max_flight_time_s",
                                "max_target_speed_mps"});
    num(e, "min_intercept_alt_km", 0.0, 10000.0, 1e3, c.min_intercept_alt_m);
    num(e, "max_intercept_alt_km", 0.0, 10000.0, 1e3, c.max_intercept_alt_m);
    num(e, "max_range_km", 1.0, 20000.0, 1e3, c.max_range_m);
    num(e, "max_flight_time_s", 1.0, 7200.0, 1.0, c.max_flight_time_s);
    num(e, "max_target_speed_mps", 1.0, 12000.0, 1.0, c.max_target_speed_mps);
    if (c.max_intercept_alt_m <= c.min_intercept_alt_m)
      r.fail(e, fmt::format("max_intercept_alt_km ({:g}) must be above min_intercept_alt_km ({:g})",
                            c.max_intercept_alt_m / 1e3, c.min_intercept_alt_m / 1e3));
  }
  if (const YAML::Node k = block("kill_vehicle")) {
    r.expectMap(k, "kill_vehicle", {"kind", "divert_mps", "homing_time_s"});
    if (!partial || k["kind"])
      c.kill_vehicle = r.choice(k, "kind", "kill-vehicle kind", {"exo", "endo"}) == 0 ? KillVehicleKind::kExo
                                                                                       : KillVehicleKind::kEndo;
    num(k, "divert_mps", 0.0, 5000.0, 1.0, c.divert_mps);
    num(k, "homing_time_s", 0.1, 600.0, 1.0, c.homing_time_s);
  }
  if (const YAML::Node t = block("timing")) {
    r.expectMap(t, "timing", {"order_to_launch_s", "launch_interval_s"});
    num(t, "order_to_launch_s", 0.0, 3600.0, 1.0, c.order_to_launch_s);
    num(t, "launch_interval_s", 0.0, 3600.0, 1.0, c.launch_interval_s);
  }
  if (const YAML::Node k = block("kill")) {
    r.expectMap(k, "kill", {"sspk", "reliability", "test_record"});
    num(k, "sspk", 0.0, 1.0, 1.0, c.sspk);
    if (k["reliability"]) c.reliability = r.number(k, "reliability", 0.0, 1.0);
    if (k["test_record"]) c.test_record = r.string(k, "test_record");
    else if (!partial) r.require(k, "test_record");
  }
  if (node["stages"] || node["payload"] || node["guidance"]) readMissile(r, node, c.propulsion, partial);
  else if (!partial) r.require(node, "stages");
}

void checkPoint(const YamlReader& r, const YAML::Node& at, double lat_deg, double lon_deg) {
  if (!(lat_deg >= -90.0 && lat_deg <= 90.0) || !(lon_deg >= -180.0 && lon_deg <= 360.0))
    r.fail(at, fmt::format("({:g}, {:g}) is not a (lat_deg, lon_deg) point: expected latitude -90 to 90 and "
                           "longitude -180 to 360",
                           lat_deg, lon_deg));
}

// region: {lat_deg: [lo, hi], lon_deg: [lo, hi]}
void readRegion(const YamlReader& r, const YAML::Node& reg, CoverageConfig& c) {
  r.expectMap(reg, "region", {"lat_deg", "lon_deg"});
  const auto span = [&](const char* key, double lo, double hi, double& a, double& b) {
    r.require(reg, key);
    const YAML::Node n = reg[key];
    std::tie(a, b) = r.numberPair(n, fmt::format("'{}' must be [from, to]", key), fmt::format("'{}' must be two numbers", key));
    if (!(a >= lo && b <= hi && a < b)) r.fail(n, fmt::format("'{}' must be [from, to] with {} <= from < to <= {}", key, lo, hi));
  };
  span("lat_deg", -90.0, 90.0, c.lat_min_deg, c.lat_max_deg);
  span("lon_deg", -180.0, 360.0, c.lon_min_deg, c.lon_max_deg);
}

}  // namespace

std::vector<std::string> interceptorCatalogIds(const fs::path& data_dir) {
  return catalogFileIds(data_dir / "catalog" / "interceptors");
}

InterceptorConfig loadCatalogInterceptor(const std::string& id, const fs::path& data_dir, const SourceLocation& asked_at) {
  const fs::path file = catalogFile(data_dir / "catalog" / "interceptors", id, asked_at, "interceptor");
  const YAML::Node root = loadYamlFile(file.string());
  YamlReader r(file.string());
  r.expectMap(root, "interceptor", {"id", "name", "tier", "sources", "stages", "payload", "guidance", "envelope",
                                    "kill_vehicle", "timing", "kill", "reported"});
  r.setRequireSource(true, readSources(r, root));
  InterceptorConfig c;
  c.id = r.string(root, "id");
  if (c.id != id) r.fail(root["id"], fmt::format("id '{}' does not match the file name '{}.yaml'", c.id, id));
  c.name = r.string(root, "name");
  c.tier = r.choice(root, "tier", "tier", {"upper", "lower"}) == 0 ? InterceptorTier::kUpper : InterceptorTier::kLower;
  c.where = SourceLocation{file.string(), 1};
  c.propulsion.id = c.id;
  c.propulsion.name = c.name;
  c.propulsion.missile_class = "interceptor";
  c.propulsion.where = c.where;
  readInterceptorBlocks(r, root, c, false);
  if (const YAML::Node rep = root["reported"]) {
    checkSourcedBlock(r, rep, "reported");
    if (rep["burnout_speed_mps"]) c.reported_burnout_speed_mps = r.number(rep, "burnout_speed_mps", 1.0, 12000.0);
    if (rep["max_altitude_km"]) c.reported_max_altitude_m = r.number(rep, "max_altitude_km", 1.0, 10000.0) * 1e3;
    if (rep["max_range_km"]) c.reported_max_range_m = r.number(rep, "max_range_km", 1.0, 20000.0) * 1e3;
  }
  return c;
}

namespace {
// A catalog interceptor with the scenario's `overrides` (same blocks as the catalog file).
InterceptorConfig interceptorFrom(const YamlReader& r, const YAML::Node& n, const fs::path& data_dir) {
  r.require(n, "interceptor");
  InterceptorConfig c = loadCatalogInterceptor(r.string(n, "interceptor"), data_dir, r.at(n["interceptor"]));
  if (const YAML::Node o = n["overrides"]) {
    r.expectMap(o, "overrides", kInterceptorBlocks);
    readInterceptorBlocks(r, o, c, true);
    c.where = r.at(o);
    c.propulsion.where = c.where;
  }
  return c;
}
}  // namespace

void readEngagement(const YamlReader& r, const YAML::Node& e, EngagementConfig& c) {
  r.expectMap(e, "engagement", {"policy", "track_quality_m", "fire_control_s", "decision_latency_s", "link_latency_s",
                                "kill_assessment_s", "replan_s", "terminal_alt_km", "max_shots_per_threat", "assignment",
                                "colocated_radar_km", "settled_prediction_km", "time_to_go_weight", "inventory_weight",
                                "min_p_lethal"});
  c.where = r.at(e);
  if (e["policy"])
    c.policy = r.choice(e, "policy", "engagement policy", {"defended-areas", "all"}) == 0 ? EngagementPolicy::kDefendedAreas
                                                                                         : EngagementPolicy::kAll;
  const auto num = [&](const char* key, double lo, double hi, double& dst) {
    if (e[key]) dst = r.number(e, key, lo, hi);
  };
  num("track_quality_m", 1.0, 1e6, c.track_quality_m);
  num("fire_control_s", 0.0, 3600.0, c.fire_control_s);
  num("decision_latency_s", 0.0, 3600.0, c.decision_latency_s);
  num("link_latency_s", 0.0, 600.0, c.link_latency_s);
  num("kill_assessment_s", 0.0, 600.0, c.kill_assessment_s);
  num("replan_s", 0.1, 600.0, c.replan_s);
  num("time_to_go_weight", 0.0, 10.0, c.time_to_go_weight);
  num("inventory_weight", 0.0, 0.99, c.inventory_weight);
  num("min_p_lethal", 0.0, 1.0, c.min_p_lethal);
  if (e["colocated_radar_km"]) c.colocated_radar_m = r.number(e, "colocated_radar_km", 0.0, 1000.0) * 1e3;
  if (e["settled_prediction_km"]) c.settled_prediction_m = r.number(e, "settled_prediction_km", 0.001, 20000.0) * 1e3;
  if (e["terminal_alt_km"]) c.terminal_alt_m = r.number(e, "terminal_alt_km", 1.0, 1000.0) * 1e3;
  if (e["max_shots_per_threat"]) c.max_shots_per_threat = static_cast<int>(r.number(e, "max_shots_per_threat", 1.0, 100.0));
  if (e["assignment"]) c.optimal_assignment = r.choice(e, "assignment", "assignment", {"hungarian", "greedy"}) == 0;
}

void readDefendedAreas(const YamlReader& r, const YAML::Node& list, std::vector<DefendedAreaConfig>& out) {
  if (!list.IsSequence()) r.fail(list, "'defended_areas' must be a list of areas");
  for (const YAML::Node& n : list) {
    r.expectMap(n, "defended area", {"name", "points", "radius_km"});
    DefendedAreaConfig a;
    a.where = r.at(n);
    a.name = r.string(n, "name");
    r.require(n, "points");
    const YAML::Node pts = n["points"];
    if (!pts.IsSequence() || pts.size() == 0)
      r.fail(pts, fmt::format("defended area '{}' has no points: expected 'points: [[lat_deg, lon_deg], ...]' with "
                              "one point (a circle of radius_km) or three or more (a polygon)",
                              a.name));
    for (const YAML::Node& p : pts) {
      const auto [lat, lon] = r.numberPair(p, "a point is [lat_deg, lon_deg]", "a point is two numbers, [lat_deg, lon_deg]");
      checkPoint(r, p, lat, lon);
      a.points_deg.emplace_back(lat, lon);
    }
    if (a.points_deg.size() == 2)
      r.fail(pts, fmt::format("defended area '{}' has two points: give one (a circle) or three or more (a polygon)", a.name));
    a.radius_m = r.optionalNumber(n, "radius_km", 0.0, 5000.0).value_or(0.0) * 1e3;
    if (a.points_deg.size() == 1 && a.radius_m <= 0.0)
      r.fail(n, fmt::format("defended area '{}' is one point: give it a radius_km above 0", a.name));
    for (const DefendedAreaConfig& o : out)
      if (o.name == a.name) r.fail(n, fmt::format("two defended areas are named '{}'", a.name));
    out.push_back(std::move(a));
  }
}

void readShooters(const YamlReader& r, const YAML::Node& list, const fs::path& data_dir,
                  const std::vector<SensorConfig>& sensors, std::vector<ShooterConfig>& out) {
  if (!list.IsSequence()) r.fail(list, "'shooters' must be a list of shooters");
  for (const YAML::Node& n : list) {
    r.expectMap(n, "shooter", {"name", "interceptor", "overrides", "lat_deg", "lon_deg", "alt_m", "magazine", "radar",
                               "link_latency_s", "doctrine", "salvo", "ready_rounds", "reload_s", "fire_channels",
                               "availability", "crew", "cost"});
    ShooterConfig s;
    s.where = r.at(n);
    s.interceptor = interceptorFrom(r, n, data_dir);
    s.name = r.optionalString(n, "name").value_or(s.interceptor.id);
    for (const ShooterConfig& o : out)
      if (o.name == s.name) r.fail(n, fmt::format("two shooters are named '{}'; give each a unique 'name'", s.name));
    s.lat_deg = r.number(n, "lat_deg", -90.0, 90.0);
    s.lon_deg = r.number(n, "lon_deg", -180.0, 360.0);
    if (n["alt_m"]) {
      s.alt_m = r.number(n, "alt_m", -1e7, 1e7);
      // The Dead Sea shore is the lowest dry land at -430 m; anything deeper is inside the Earth.
      if (s.alt_m < -500.0 || s.alt_m > 9000.0)
        r.fail(n["alt_m"], fmt::format("shooter '{}' at alt_m {:g} is {}: expected -500 to 9000 m above the ellipsoid",
                                       s.name, s.alt_m, s.alt_m < 0.0 ? "inside the Earth" : "off the ground"));
    }
    r.require(n, "magazine");
    const double mag = r.number(n, "magazine", -1e9, 1e9);
    if (mag < 0.0 || mag != std::floor(mag) || mag > 10000.0)
      r.fail(n["magazine"], fmt::format("magazine {:g} of shooter '{}': expected a whole number of interceptors, 0 to "
                                        "10000",
                                        mag, s.name));
    s.magazine = static_cast<int>(mag);
    const auto wholeNumber = [&](const char* key, double lo, double hi, const char* what) {
      const double v = r.number(n, key, -1e9, 1e9);
      if (v < lo || v > hi || v != std::floor(v))
        r.fail(n[key], fmt::format("{} {:g} of shooter '{}': expected a whole number of {}, {:g} to {:g}", key, v, s.name,
                                   what, lo, hi));
      return static_cast<int>(v);
    };
    if (n["ready_rounds"])
      s.ready_rounds = wholeNumber("ready_rounds", 1.0, std::max(1.0, mag), "rounds on its launchers (at most the magazine)");
    if (n["reload_s"]) {
      if (!s.ready_rounds)
        r.fail(n["reload_s"], fmt::format("shooter '{}' has reload_s but no ready_rounds: say how many rounds its launchers "
                                          "hold, the rest of the magazine being reloads",
                                          s.name));
      s.reload_s = r.number(n, "reload_s", 0.0, 86400.0);
    }
    if (n["fire_channels"]) s.fire_channels = wholeNumber("fire_channels", 1.0, 1000.0, "interceptors in flight");
    if (n["availability"]) {
      const double a = r.number(n, "availability", -1e9, 1e9);
      if (a < 0.0 || a > 1.0)
        r.fail(n["availability"], fmt::format("availability {:g} of shooter '{}': expected the share of the time it is on "
                                              "station and working, 0 to 1",
                                              a, s.name));
      s.availability = a;
    }
    if (n["crew"]) s.crew = wholeNumber("crew", 0.0, 100000.0, "people");
    if (const YAML::Node c = n["cost"]) {
      r.expectMap(c, "cost", {"value", "currency", "year", "source", "note"});
      for (const char* key : {"value", "currency", "year", "source"})
        if (!c[key])
          r.fail(c, fmt::format("the cost of shooter '{}' needs its '{}': a cost is a value, its currency, the year of "
                                "that money and the public source it comes from",
                                s.name, key));
      CostConfig cost;
      cost.value = r.number(c, "value", 0.0, 1e16);
      cost.currency = r.choice(c, "currency", "currency", {"JPY", "USD"}) == 0 ? "JPY" : "USD";
      const double year = r.number(c, "year", 1950.0, 2100.0);
      if (year != std::floor(year)) r.fail(c["year"], fmt::format("year {:g}: expected a calendar year", year));
      cost.year = static_cast<int>(year);
      cost.source = r.string(c, "source");
      if (cost.source.empty()) r.fail(c["source"], "the cost's source is empty: name the public document it comes from");
      if (c["note"]) cost.note = r.string(c, "note");
      s.cost = cost;
    }
    if (n["radar"]) {
      s.radar = r.string(n, "radar");
      const bool known = std::any_of(sensors.begin(), sensors.end(), [&](const SensorConfig& x) {
        return x.name == s.radar && x.kind == SensorKind::kRadar;
      });
      if (!known) {
        std::vector<std::string> names;
        for (const SensorConfig& x : sensors)
          if (x.kind == SensorKind::kRadar) names.push_back(x.name);
        r.fail(n["radar"], fmt::format("shooter '{}' fires on radar '{}', which is not one of the scenario's radars: {}",
                                       s.name, s.radar, knownList(names)));
      }
    }
    if (n["link_latency_s"]) s.link_latency_s = r.number(n, "link_latency_s", 0.0, 600.0);
    // The doctrine's name and the salvo's fit to it are checked when the models are built, against
    // the doctrine registry (engagement/doctrine.h).
    if (n["doctrine"]) {
      s.doctrine = r.string(n, "doctrine");
      s.doctrine_where = r.at(n["doctrine"]);
    }
    if (n["salvo"]) {
      const double salvo = r.number(n, "salvo", 1.0, 16.0);
      if (salvo != std::floor(salvo)) r.fail(n["salvo"], fmt::format("salvo {:g}: expected a whole number of rounds, 1 to 16", salvo));
      s.salvo = static_cast<int>(salvo);
      s.salvo_where = r.at(n["salvo"]);
    }
    out.push_back(std::move(s));
  }
}

void readCoverage(const YamlReader& r, const YAML::Node& list, const fs::path& data_dir,
                  const std::vector<RaidLaunchConfig>& raid, std::vector<CoverageConfig>& out) {
  if (!list.IsSequence()) r.fail(list, "'coverage' must be a list of maps");
  for (const YAML::Node& n : list) {
    r.expectMap(n, "coverage map", {"name", "kind", "interceptor", "overrides", "region", "cells", "shooter",
                                    "earliest_launch_s", "threat"});
    CoverageConfig c;
    c.where = r.at(n);
    c.name = r.string(n, "name");
    for (char ch : c.name)
      if (!(std::isalnum(static_cast<unsigned char>(ch)) || ch == '-' || ch == '_'))
        r.fail(n["name"], fmt::format("map name '{}' becomes a file name: use letters, digits, '-' and '_'", c.name));
    for (const CoverageConfig& o : out)
      if (o.name == c.name) r.fail(n, fmt::format("two coverage maps are named '{}'", c.name));
    r.require(n, "kind");
    c.kind = r.choice(n, "kind", "coverage kind", {"shooter-grid", "defended-footprint"}) == 0 ? CoverageKind::kShooterGrid
                                                                                               : CoverageKind::kDefendedFootprint;
    c.interceptor = interceptorFrom(r, n, data_dir);
    r.require(n, "region");
    readRegion(r, n["region"], c);
    if (const YAML::Node cells = n["cells"]) {
      const auto [rows, cols] =
          r.numberPair(cells, "'cells' must be [rows, columns]", "'cells' must be two whole numbers, [rows, columns]");
      if (rows != std::floor(rows) || cols != std::floor(cols) || rows < 1 || cols < 1 || rows > 1000 || cols > 1000)
        r.fail(cells, "'cells' must be [rows, columns], two whole numbers each from 1 to 1000");
      c.rows = static_cast<int>(rows);
      c.cols = static_cast<int>(cols);
      if (c.rows < 1 || c.cols < 1 || c.rows > 1000 || c.cols > 1000)
        r.fail(cells, "'cells' must be [rows, columns], each from 1 to 1000");
    }
    if (c.kind == CoverageKind::kDefendedFootprint) {
      r.require(n, "shooter");
      const YAML::Node s = n["shooter"];
      r.expectMap(s, "shooter", {"lat_deg", "lon_deg"});
      c.shooter_lat_deg = r.number(s, "lat_deg", -90.0, 90.0);
      c.shooter_lon_deg = r.number(s, "lon_deg", -180.0, 360.0);
    } else if (n["shooter"]) {
      r.fail(n["shooter"], "a shooter grid places the shooter everywhere in the region: 'shooter' belongs to a "
                           "defended-footprint map");
    }
    if (n["earliest_launch_s"]) c.earliest_launch_s = r.number(n, "earliest_launch_s", 0.0, 7200.0);
    if (n["threat"]) {
      if (raid.empty()) r.fail(n["threat"], "'threat' names one launch of the 'raid'; this scenario has no raid");
      std::vector<std::string_view> names;
      for (const RaidLaunchConfig& l : raid) names.emplace_back(l.name);
      c.threat = static_cast<int>(r.choice(n, "threat", "raid launch", std::span<const std::string_view>(names)));
    }
    out.push_back(std::move(c));
  }
}

}  // namespace picket::scenario

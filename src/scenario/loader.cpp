#include "scenario/loader.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include <fmt/format.h>

#include "common/numbers.h"
#include "common/sha256.h"
#include "common/spelling.h"
#include "scenario/alert_policies.h"
#include "scenario/sections.h"
#include "scenario/yaml_reader.h"

namespace picket::scenario {
namespace fs = std::filesystem;

bool parseEarthShape(std::string_view s, EarthShapeOption& out) {
  if (s == "wgs84") out = EarthShapeOption::kWgs84;
  else if (s == "sphere") out = EarthShapeOption::kSphere;
  else return false;
  return true;
}
bool parseGravity(std::string_view s, GravityOption& out) {
  if (s == "j2") out = GravityOption::kJ2;
  else if (s == "point-mass") out = GravityOption::kPointMass;
  else if (s == "zonal4") out = GravityOption::kZonal4;
  else return false;
  return true;
}
bool parseAtmosphere(std::string_view s, AtmosphereOption& out) {
  if (s == "us1976") out = AtmosphereOption::kUs1976;
  else if (s == "none") out = AtmosphereOption::kNone;
  else return false;
  return true;
}
bool parseShape(std::string_view s, TrajectoryShape& out) {
  if (s == "min-energy") out = TrajectoryShape::kMinEnergy;
  else if (s == "lofted") out = TrajectoryShape::kLofted;
  else if (s == "depressed") out = TrajectoryShape::kDepressed;
  else if (s == "apogee") out = TrajectoryShape::kApogee;
  else if (s == "orbit") out = TrajectoryShape::kOrbit;
  else return false;
  return true;
}
const char* toString(EarthShapeOption v) { return v == EarthShapeOption::kWgs84 ? "wgs84" : "sphere"; }
const char* toString(GravityOption v) {
  return v == GravityOption::kJ2 ? "j2" : v == GravityOption::kPointMass ? "point-mass" : "zonal4";
}
const char* toString(AtmosphereOption v) { return v == AtmosphereOption::kUs1976 ? "us1976" : "none"; }
const char* toString(TrajectoryShape v) {
  switch (v) {
    case TrajectoryShape::kMinEnergy: return "min-energy";
    case TrajectoryShape::kLofted: return "lofted";
    case TrajectoryShape::kDepressed: return "depressed";
    case TrajectoryShape::kApogee: return "apogee";
    case TrajectoryShape::kOrbit: return "orbit";
  }
  return "?";
}

void readMissile(const YamlReader& r, const YAML::Node& node, MissileConfig& cfg, bool partial) {
  const auto num = [&](const YAML::Node& n, std::string_view key, double lo, double hi, double& dst) {
    if (partial && !n[std::string(key)]) return;
    dst = r.number(n, key, lo, hi);
  };
  const auto opt = [&](const YAML::Node& n, std::string_view key, double lo, double hi, std::optional<double>& dst) {
    if (n[std::string(key)]) dst = r.number(n, key, lo, hi);
  };
  if (node["name"]) cfg.name = r.string(node, "name");
  if (node["class"]) cfg.missile_class = r.string(node, "class");
  if (const YAML::Node stages = node["stages"]) {
    if (!stages.IsSequence() || stages.size() == 0) r.fail(stages, "'stages' must be a list of stages, bottom first");
    if (partial && stages.size() > cfg.stages.size())
      r.fail(stages, fmt::format("'stages' overrides {} stages but the missile has {}", stages.size(), cfg.stages.size()));
    if (!partial) cfg.stages.assign(stages.size(), StageConfig{});
    for (std::size_t i = 0; i < stages.size(); ++i) {
      const YAML::Node s = stages[i];
      StageConfig& sc = cfg.stages[i];
      r.expectMap(s, "stage", {"name", "diameter_m", "propellant_mass_kg", "dry_mass_kg", "burn_time_s", "isp_vac_s",
                              "isp_sl_s", "thrust_vac_n", "thrust_sl_n", "cd_vs_mach", "rcs_m2", "coast_s"});
      if (s["name"]) sc.name = r.string(s, "name");
      else if (!partial) sc.name = fmt::format("stage {}", i + 1);
      num(s, "diameter_m", 0.01, 20.0, sc.diameter_m);
      num(s, "propellant_mass_kg", 1e-6, 1e7, sc.propellant_mass_kg);
      num(s, "dry_mass_kg", 1e-6, 1e7, sc.dry_mass_kg);
      num(s, "burn_time_s", 1e-3, 3600.0, sc.burn_time_s);
      if (s["coast_s"]) {
        sc.coast_s = r.number(s, "coast_s", 0.0, 3600.0);
        if (i + 1 == cfg.stages.size() && sc.coast_s > 0.0)
          r.fail(s["coast_s"], "the last stage has no next stage to coast to: 'coast_s' belongs to a lower stage");
      }
      const bool has_isp = s["isp_vac_s"] || s["isp_sl_s"];
      const bool has_thrust = s["thrust_vac_n"] || s["thrust_sl_n"];
      if (has_isp && has_thrust) r.fail(s, "give either isp_vac_s + isp_sl_s or thrust_vac_n + thrust_sl_n, not both");
      if (has_isp) {
        sc.thrust_vac_n.reset();
        sc.thrust_sl_n.reset();
        opt(s, "isp_vac_s", 1.0, 1000.0, sc.isp_vac_s);
        opt(s, "isp_sl_s", 0.0, 1000.0, sc.isp_sl_s);
      }
      if (has_thrust) {
        sc.isp_vac_s.reset();
        sc.isp_sl_s.reset();
        opt(s, "thrust_vac_n", 1.0, 1e9, sc.thrust_vac_n);
        opt(s, "thrust_sl_n", 0.0, 1e9, sc.thrust_sl_n);
      }
      if (!partial || has_isp || has_thrust) {
        if (!((sc.isp_vac_s && sc.isp_sl_s) || (sc.thrust_vac_n && sc.thrust_sl_n)))
          r.fail(s, "a stage needs its thrust: isp_vac_s and isp_sl_s, or thrust_vac_n and thrust_sl_n");
      }
      if (s["rcs_m2"]) sc.rcs_m2 = r.number(s, "rcs_m2", 1e-6, 1e4);
      if (s["cd_vs_mach"]) sc.cd_vs_mach = r.pairTable(s, "cd_vs_mach");
      else if (!partial) r.require(s, "cd_vs_mach");
    }
  } else if (!partial) {
    r.require(node, "stages");
  }
  if (const YAML::Node p = node["payload"]) {
    r.expectMap(p, "payload", {"mass_kg", "ballistic_coefficient_kg_m2", "separation_delay_s", "separates",
                                "separation_speed_mps", "rcs_m2"});
    num(p, "mass_kg", 1e-6, 1e6, cfg.payload.mass_kg);
    num(p, "ballistic_coefficient_kg_m2", 1.0, 1e6, cfg.payload.ballistic_coefficient_kg_m2);
    num(p, "separation_delay_s", 0.0, 600.0, cfg.payload.separation_delay_s);
    if (p["separates"]) cfg.payload.separates = r.boolean(p, "separates");
    if (p["separation_speed_mps"]) cfg.payload.separation_speed_mps = r.number(p, "separation_speed_mps", 0.0, 100.0);
    if (p["rcs_m2"]) cfg.payload.rcs_m2 = r.number(p, "rcs_m2", 1e-6, 1e4);
  } else if (!partial) {
    r.require(node, "payload");
  }
  if (const YAML::Node g = node["guidance"]) {
    r.expectMap(g, "guidance", {"vertical_rise_s", "pitch_over_s", "thrust_termination", "ascent_pitch_over_deg"});
    num(g, "vertical_rise_s", 0.0, 120.0, cfg.guidance.vertical_rise_s);
    num(g, "pitch_over_s", 0.0, 120.0, cfg.guidance.pitch_over_s);
    if (g["ascent_pitch_over_deg"]) cfg.guidance.ascent_pitch_over_deg = r.number(g, "ascent_pitch_over_deg", 0.0, 45.0);
    if (!partial || g["thrust_termination"]) cfg.guidance.thrust_termination = r.boolean(g, "thrust_termination");
  } else if (!partial) {
    r.require(node, "guidance");
  }
}

std::vector<std::string> catalogFileIds(const fs::path& folder) {
  std::vector<std::string> ids;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(folder, ec))
    if (e.path().extension() == ".yaml") ids.push_back(e.path().stem().string());
  std::sort(ids.begin(), ids.end());
  return ids;
}

std::string knownList(const std::vector<std::string>& ids) {
  std::string known;
  for (const std::string& k : ids) known += (known.empty() ? "" : ", ") + k;
  return known.empty() ? "(none)" : known;
}

fs::path catalogFile(const fs::path& folder, const std::string& id, const SourceLocation& asked_at, std::string_view what) {
  // Checked as an id before any path is built from it: a long or odd id must neither reach the file
  // system (where it could throw, or name a file outside the catalog) nor crash.
  if (!isCatalogId(id))
    throwInputError(asked_at, fmt::format("'{}' is not a catalog id: expected 1 to {} characters of a-z, 0-9, '.', '_' "
                                          "and '-'; the {} catalog has: {}",
                                          id.size() > 80 ? id.substr(0, 80) + "..." : id, kMaxCatalogIdLength, what,
                                          knownList(catalogFileIds(folder))));
  const fs::path file = folder / (id + ".yaml");
  std::error_code ec;
  if (!fs::is_regular_file(file, ec))
    throwInputError(asked_at, fmt::format("unknown {} '{}'; the catalog has: {}", what, id, knownList(catalogFileIds(folder))));
  return file;
}

std::vector<std::string> readSources(const YamlReader& r, const YAML::Node& root) {
  r.require(root, "sources");
  const YAML::Node sources = root["sources"];
  if (!sources.IsMap() || sources.size() == 0) r.fail(sources, "'sources' must map short keys to citations");
  std::vector<std::string> keys;
  for (const auto& kv : sources) {
    if (!kv.first.IsScalar() || !kv.second.IsScalar()) r.fail(kv.first, "each source is a short key and a citation text");
    keys.push_back(r.text(kv.first));
  }
  return keys;
}

void checkSourcedBlock(const YamlReader& r, const YAML::Node& block, std::string_view what) {
  if (!block.IsMap()) r.fail(block, fmt::format("'{}' must be a mapping", what));
  for (const auto& kv : block) {
    if (!kv.first.IsScalar()) r.fail(kv.first, fmt::format("a key in '{}' must be a plain name", what));
    if (!kv.second.IsMap() || !kv.second["source"])
      r.fail(kv.second, fmt::format("{} '{}' needs a source", what, r.text(kv.first)));
  }
}

std::vector<std::string> catalogIds(const fs::path& data_dir) { return catalogFileIds(data_dir / "catalog" / "missiles"); }

MissileConfig loadCatalogMissile(const std::string& id, const fs::path& data_dir, const SourceLocation& asked_at) {
  const fs::path file = catalogFile(data_dir / "catalog" / "missiles", id, asked_at, "missile");
  const YAML::Node root = loadYamlFile(file.string());
  YamlReader r(file.string());
  r.expectMap(root, "missile", {"id", "name", "aliases", "class", "sources", "stages", "payload", "guidance", "reported"});
  r.setRequireSource(true, readSources(r, root));
  MissileConfig cfg;
  cfg.id = r.string(root, "id");
  if (cfg.id != id) r.fail(root["id"], fmt::format("id '{}' does not match the file name '{}.yaml'", cfg.id, id));
  cfg.name = r.string(root, "name");
  r.require(root, "class");
  cfg.where = SourceLocation{file.string(), 1};
  readMissile(r, root, cfg, false);
  if (const YAML::Node range = root["payload"]["mass_kg"]["range"]) {
    const auto [lo, hi] = r.numberPair(range, "a range is [low, high]", "a range is [low, high], two numbers");
    if (!(lo <= cfg.payload.mass_kg && cfg.payload.mass_kg <= hi))
      r.fail(range, fmt::format("the payload's range [{:g}, {:g}] must hold its value {:g}", lo, hi, cfg.payload.mass_kg));
    cfg.documented_payload_kg = std::pair{lo, hi};
  } else {
    cfg.documented_payload_kg = std::pair{cfg.payload.mass_kg, cfg.payload.mass_kg};
  }
  if (const YAML::Node rep = root["reported"]) {
    checkSourcedBlock(r, rep, "reported");
    if (rep["max_range_km"]) cfg.reported_max_range_km = r.number(rep, "max_range_km", 1.0, 50000.0);
  }
  return cfg;
}

namespace {

// The catalog of launch sites (data/catalog/launch_sites.yaml), read once per scenario when a
// launch names a site without its coordinates.
struct LaunchSite {
  std::string name, full_name;
  std::vector<std::string> aliases;
  double lat_deg = 0.0, lon_deg = 0.0;
};

class LaunchSites {
 public:
  explicit LaunchSites(fs::path data_dir) : data_dir_(std::move(data_dir)) {}

  // The site a launch block names, by its name, full name or an alias (any case); an unknown name
  // is an error at `at` suggesting the closest.
  const LaunchSite& find(const YamlReader& r, const YAML::Node& at, const std::string& want) {
    if (!sites_) sites_ = load();
    const auto lower = [](std::string t) {
      std::transform(t.begin(), t.end(), t.begin(), [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
      return t;
    };
    const std::string w = lower(want);
    const auto namesOf = [](const LaunchSite& site) {
      std::vector<std::string> all{site.name, site.full_name};
      all.insert(all.end(), site.aliases.begin(), site.aliases.end());
      return all;
    };
    for (const LaunchSite& site : *sites_)
      for (const std::string& n : namesOf(site))
        if (lower(n) == w) return site;
    std::vector<std::string> names;
    std::string closest;
    std::size_t best = 4;
    for (const LaunchSite& site : *sites_) {
      names.push_back(site.name);
      for (const std::string& n : namesOf(site))
        if (const std::size_t d = editDistance(w, lower(n)); d < best) best = d, closest = site.name;
    }
    r.fail(at, fmt::format("unknown launch site '{}'{}; give lat_deg and lon_deg, or a site of "
                           "data/catalog/launch_sites.yaml: {}",
                           want, closest.empty() ? "" : fmt::format(" (did you mean '{}'?)", closest), knownList(names)));
  }

 private:
  std::vector<LaunchSite> load() const {
    const fs::path file = data_dir_ / "catalog" / "launch_sites.yaml";
    if (!fs::exists(file)) return {};
    const YAML::Node root = loadYamlFile(file.string());
    YamlReader f(file.string());
    f.expectMap(root, "launch sites file", {"sources", "sites"});
    f.setRequireSource(true, readSources(f, root));
    f.require(root, "sites");
    std::vector<LaunchSite> out;
    for (const YAML::Node& e : root["sites"]) {
      f.expectMap(e, "launch site", {"name", "full_name", "aliases", "lat_deg", "lon_deg", "note"});
      LaunchSite site;
      site.name = f.string(e, "name");
      site.full_name = e["full_name"] ? f.string(e, "full_name") : site.name;
      if (const YAML::Node al = e["aliases"]) {
        if (!al.IsSequence()) f.fail(al, "'aliases' is a list of names");
        for (const YAML::Node& n : al) site.aliases.push_back(f.text(n, "a name"));
      }
      site.lat_deg = f.number(e, "lat_deg", -90.0, 90.0);
      site.lon_deg = f.number(e, "lon_deg", -180.0, 360.0);
      out.push_back(std::move(site));
    }
    return out;
  }

  fs::path data_dir_;
  std::optional<std::vector<LaunchSite>> sites_;
};

// A launch block; `defaults` (the scenario's own launch, for a raid entry) fills what it omits. A
// `site` without coordinates is looked up in the catalog of launch sites; with them, it is a label.
LaunchConfig readLaunch(const YamlReader& r, const YAML::Node& launch, const LaunchConfig* defaults, LaunchSites& sites) {
  r.expectMap(launch, "launch", {"site", "lat_deg", "lon_deg", "alt_m", "time"});
  LaunchConfig c = defaults != nullptr ? *defaults : LaunchConfig{};
  if (launch["lat_deg"] || launch["lon_deg"]) {
    c.lat_deg = r.number(launch, "lat_deg", -90.0, 90.0);
    c.lon_deg = r.number(launch, "lon_deg", -180.0, 360.0);
    c.site = r.optionalString(launch, "site").value_or("");
    c.alt_m = 0.0;
  } else if (launch["site"]) {
    const LaunchSite& site = sites.find(r, launch["site"], r.string(launch, "site"));
    c.site = site.full_name;
    c.lat_deg = site.lat_deg;
    c.lon_deg = site.lon_deg;
    c.alt_m = 0.0;
  } else if (defaults == nullptr) {
    r.fail(launch, "'launch' needs a 'site' of data/catalog/launch_sites.yaml, or 'lat_deg' and 'lon_deg'");
  }
  if (launch["alt_m"]) c.alt_m = r.number(launch, "alt_m", -500.0, 9000.0);
  if (defaults == nullptr) r.require(launch, "time");
  if (launch["time"]) {
    const std::string time_text = r.string(launch, "time");
    if (!parseIso8601(time_text, c.time))
      r.fail(launch["time"], fmt::format("launch time '{}' is not an ISO 8601 time with its zone, e.g. "
                                         "2017-09-15T06:57:00+09:00 or 2017-09-14T21:57:00Z", time_text));
  }
  return c;
}

// A decoy or debris type of data/catalog/objects/, every number with its source.
ReleasedObjectConfig loadCatalogObject(const std::string& id, const fs::path& data_dir, const SourceLocation& asked_at) {
  const fs::path file = catalogFile(data_dir / "catalog" / "objects", id, asked_at, "released object");
  const YAML::Node root = loadYamlFile(file.string());
  YamlReader r(file.string());
  r.expectMap(root, "released object", {"id", "name", "kind", "sources", "rcs_m2", "ballistic_coefficient_kg_m2",
                                        "ir_temperature_k", "separation_speed_mps", "mimicry"});
  r.setRequireSource(true, readSources(r, root));
  ReleasedObjectConfig o;
  o.id = r.string(root, "id");
  if (o.id != id) r.fail(root["id"], fmt::format("id '{}' does not match the file name '{}.yaml'", o.id, id));
  o.name = r.string(root, "name");
  o.where = SourceLocation{file.string(), 1};
  o.kind = r.choice(root, "kind", "kind", {"decoy", "debris"}) == 0 ? ReleasedKind::kDecoy : ReleasedKind::kDebris;
  for (const char* key : {"rcs_m2", "ballistic_coefficient_kg_m2", "ir_temperature_k", "separation_speed_mps"}) r.require(root, key);
  o.rcs_m2 = r.number(root, "rcs_m2", 1e-6, 1e6);
  o.ballistic_coefficient_kg_m2 = r.number(root, "ballistic_coefficient_kg_m2", 1e-3, 1e6);
  o.ir_temperature_k = r.number(root, "ir_temperature_k", 1.0, 5000.0);
  o.separation_speed_mps = r.number(root, "separation_speed_mps", 0.0, 1000.0);
  r.require(root, "mimicry");
  o.mimicry = r.number(root, "mimicry", 0.0, 1.0);
  return o;
}

// A missile's `release` list: catalog objects (`object: ID`, any number overridden) or objects
// written out whole (then every part of the signature is required: a decoy without one could not
// be told from anything, nor mistaken for anything).
std::vector<ReleasedObjectConfig> readRelease(const YamlReader& r, const YAML::Node& list, const fs::path& data_dir) {
  if (!list.IsSequence()) r.fail(list, "'release' must be a list of objects released with the warhead");
  std::vector<ReleasedObjectConfig> out;
  for (const YAML::Node& n : list) {
    r.expectMap(n, "released object", {"object", "name", "kind", "count", "rcs_m2", "ballistic_coefficient_kg_m2",
                                       "ir_temperature_k", "separation_speed_mps", "mimicry"});
    ReleasedObjectConfig o;
    if (n["object"]) {
      o = loadCatalogObject(r.string(n, "object"), data_dir, r.at(n["object"]));
    } else {
      const char* signature[] = {"rcs_m2", "ballistic_coefficient_kg_m2", "ir_temperature_k"};
      for (const char* key : signature)
        if (!n[key])
          r.fail(n, fmt::format("a released object written out needs its signature: '{}' is missing (rcs_m2, "
                                "ballistic_coefficient_kg_m2 and ir_temperature_k; or name a catalog entry with "
                                "'object')",
                                key));
      r.require(n, "name");
      r.require(n, "kind");
    }
    if (n["name"]) o.name = r.string(n, "name");
    if (n["kind"]) o.kind = r.choice(n, "kind", "kind", {"decoy", "debris"}) == 0 ? ReleasedKind::kDecoy : ReleasedKind::kDebris;
    if (n["rcs_m2"]) o.rcs_m2 = r.number(n, "rcs_m2", 1e-6, 1e6);
    if (n["ballistic_coefficient_kg_m2"]) o.ballistic_coefficient_kg_m2 = r.number(n, "ballistic_coefficient_kg_m2", 1e-3, 1e6);
    if (n["ir_temperature_k"]) o.ir_temperature_k = r.number(n, "ir_temperature_k", 1.0, 5000.0);
    if (n["separation_speed_mps"]) o.separation_speed_mps = r.number(n, "separation_speed_mps", 0.0, 1000.0);
    if (n["mimicry"]) o.mimicry = r.number(n, "mimicry", 0.0, 1.0);
    if (n["count"]) {
      const double c = r.number(n, "count", -1e9, 1e9);
      if (c < 1.0 || c > 100.0 || c != std::floor(c)) r.fail(n["count"], fmt::format("count {:g}: expected a whole number of objects, 1 to 100", c));
      o.count = static_cast<int>(c);
    }
    o.where = r.at(n);
    out.push_back(std::move(o));
  }
  return out;
}

MissileConfig readMissileBlock(const YamlReader& r, const YAML::Node& m, const fs::path& data_dir) {
  r.expectMap(m, "missile", {"catalog", "name", "stages", "payload", "guidance", "release", "warhead"});
  r.require(m, "catalog");
  MissileConfig mc = loadCatalogMissile(r.string(m, "catalog"), data_dir, r.at(m["catalog"]));
  if (m["release"]) mc.release = readRelease(r, m["release"], data_dir);
  if (m["warhead"]) mc.warhead = r.choice(m, "warhead", "warhead", {"nuclear", "conventional"}) == 0 ? "nuclear" : "conventional";
  if (m.size() > 1U + (m["release"] ? 1U : 0U) + (m["warhead"] ? 1U : 0U)) {
    readMissile(r, m, mc, true);
    if (m["payload"] && m["payload"]["mass_kg"]) checkPayloadOverride(mc, r.at(m["payload"]["mass_kg"]));
    mc.where = r.at(m);
  }
  return mc;
}

AimConfig readAim(const YamlReader& r, const YAML::Node& a) {
  r.expectMap(a, "aim", {"point", "range_km", "azimuth_deg", "shape", "apogee_km", "orbit", "thrust_ends_s"});
  AimConfig aim;
  aim.where = r.at(a);
  if (a["thrust_ends_s"]) aim.thrust_ends_s = r.number(a, "thrust_ends_s", 1.0, 3600.0);
  if (a["shape"] && a["shape"].IsScalar() && a["shape"].Scalar() == "orbit") {
    // A launcher to orbit: the launch azimuth, and the orbit if one is asked for (the ascent's
    // angles are the aiming's).
    if (a["point"] || a["range_km"] || a["apogee_km"])
      r.fail(a, "shape 'orbit' takes 'azimuth_deg' and optionally 'orbit' (a launcher has no aim point, range or "
                "apogee to aim at; give the orbit's as orbit: {perigee_km, apogee_km})");
    if (!a["azimuth_deg"]) r.fail(a, "shape 'orbit' needs 'azimuth_deg', the launch azimuth");
    aim.azimuth_deg = r.number(a, "azimuth_deg", -360.0, 360.0);
    aim.shape = TrajectoryShape::kOrbit;
    if (const YAML::Node o = a["orbit"]) {
      r.expectMap(o, "orbit", {"perigee_km", "apogee_km", "inclination_deg"});
      r.require(o, "perigee_km");
      r.require(o, "apogee_km");
      OrbitTarget t;
      t.perigee_m = r.number(o, "perigee_km", 100.0, 5000.0) * 1000.0;
      t.apogee_m = r.number(o, "apogee_km", 100.0, 50000.0) * 1000.0;
      if (t.apogee_m < t.perigee_m) r.fail(o["apogee_km"], "the orbit's apogee must be at least its perigee");
      if (o["inclination_deg"]) t.inclination_deg = r.number(o, "inclination_deg", 0.0, 180.0);
      aim.orbit = t;
    }
    return aim;
  }
  if (a["orbit"]) r.fail(a["orbit"], "'orbit' goes with shape 'orbit' (a space launcher)");
  if (const YAML::Node p = a["point"]) {
    r.expectMap(p, "aim point", {"lat_deg", "lon_deg"});
    aim.point_lat_deg = r.number(p, "lat_deg", -90.0, 90.0);
    aim.point_lon_deg = r.number(p, "lon_deg", -180.0, 360.0);
    if (a["range_km"] || a["azimuth_deg"]) r.fail(a, "give either 'point' or 'range_km' with 'azimuth_deg', not both");
  } else {
    if (!a["range_km"] || !a["azimuth_deg"]) r.fail(a, "'aim' needs 'point' or both 'range_km' and 'azimuth_deg'");
    aim.range_m = r.number(a, "range_km", 1.0, 20000.0) * 1000.0;
    aim.azimuth_deg = r.number(a, "azimuth_deg", -360.0, 360.0);
  }
  const std::string shape = r.optionalString(a, "shape").value_or(a["apogee_km"] ? "apogee" : "min-energy");
  if (!parseShape(shape, aim.shape))
    r.fail(a["shape"], fmt::format("unknown shape '{}'; expected min-energy, lofted, depressed, apogee or orbit", shape));
  if (a["apogee_km"]) aim.apogee_m = r.number(a, "apogee_km", 1.0, 10000.0) * 1000.0;
  if (aim.shape == TrajectoryShape::kMinEnergy && aim.apogee_m)
    r.fail(a["apogee_km"], "a min-energy flight has its apogee set by physics; drop 'apogee_km' or pick shape apogee");
  if (aim.shape != TrajectoryShape::kMinEnergy && !aim.apogee_m)
    r.fail(a, fmt::format("shape '{}' needs 'apogee_km'", shape));
  return aim;
}

// The raid: a list of launches, each taking what it omits from the top-level blocks. An entry
// with `count` N is a salvo of N launches from its site, `interval_s` apart, named "<name> 1" to
// "<name> N", each aimed at the next of its `targets` in turn (an aim point each, the entry's aim
// giving the shape).
void readRaid(const YamlReader& r, const YAML::Node& raid, const fs::path& data_dir, LaunchSites& sites,
              ScenarioConfig& cfg) {
  if (!raid.IsSequence() || raid.size() == 0) r.fail(raid, "'raid' must be a list of launches (name, launch, missile, aim)");
  for (const YAML::Node& e : raid) {
    r.expectMap(e, "raid launch", {"name", "launch", "delay_s", "missile", "aim", "count", "interval_s", "targets"});
    RaidLaunchConfig c;
    c.where = r.at(e);
    const std::string name = r.string(e, "name");
    c.launch = e["launch"] ? readLaunch(r, e["launch"], &cfg.launch, sites) : cfg.launch;
    if (e["delay_s"]) {
      if (e["launch"] && e["launch"]["time"]) r.fail(e["delay_s"], "give either 'delay_s' or 'launch.time', not both");
      c.launch.time = cfg.launch.time.plus(r.number(e, "delay_s", 0.0, 86400.0));
    }
    if (c.launch.time.secondsSince(cfg.launch.time) < 0.0)
      r.fail(e["launch"]["time"], "a raid launch cannot be earlier than the scenario's launch time (t = 0)");
    if (e["missile"]) c.missile = readMissileBlock(r, e["missile"], data_dir);
    else if (cfg.missile) c.missile = *cfg.missile;
    else r.fail(e, fmt::format("raid launch '{}' needs a 'missile' (or the scenario one at the top level)", name));
    std::vector<std::pair<double, double>> targets;
    if (const YAML::Node t = e["targets"]) {
      if (!t.IsSequence() || t.size() == 0) r.fail(t, "'targets' is a list of aim points {lat_deg, lon_deg}");
      for (const YAML::Node& p : t) {
        r.expectMap(p, "target", {"lat_deg", "lon_deg"});
        targets.emplace_back(r.number(p, "lat_deg", -90.0, 90.0), r.number(p, "lon_deg", -180.0, 360.0));
      }
    }
    if (e["aim"]) c.aim = readAim(r, e["aim"]);
    else if (cfg.aim) c.aim = *cfg.aim;
    else if (!targets.empty()) c.aim.where = r.at(e["targets"]);  // min-energy to each target
    else r.fail(e, fmt::format("raid launch '{}' needs an 'aim' (or the scenario one at the top level)", name));
    if (!targets.empty() && c.aim.shape == TrajectoryShape::kOrbit)
      r.fail(e["targets"], "'targets' are aim points; a launcher to orbit (shape 'orbit') has none");
    const int count = e["count"] ? static_cast<int>(r.number(e, "count", 1.0, 10000.0)) : 1;
    if (e["count"] && static_cast<double>(count) != r.number(e, "count", 1.0, 10000.0))
      r.fail(e["count"], "'count' is a whole number of launches, 1 to 10,000");
    const double interval_s = e["interval_s"] ? r.number(e, "interval_s", 0.0, 86400.0) : 0.0;
    if (e["interval_s"] && count == 1) r.fail(e["interval_s"], "'interval_s' spaces the launches of a 'count' above 1");
    if (c.launch.time.secondsSince(cfg.launch.time) + interval_s * (count - 1) > 86400.0)
      r.fail(e, "a salvo's launches must all come within a day of the scenario's launch time");
    for (int i = 0; i < count; ++i) {
      RaidLaunchConfig one = c;
      one.name = count == 1 ? name : fmt::format("{} {}", name, i + 1);
      for (const RaidLaunchConfig& o : cfg.raid)
        if (o.name == one.name) r.fail(e["name"], fmt::format("two launches of the raid are named '{}'", one.name));
      one.launch.time = c.launch.time.plus(interval_s * i);
      if (!targets.empty()) {
        const auto& [lat, lon] = targets[static_cast<std::size_t>(i) % targets.size()];
        one.aim.point_lat_deg = lat;
        one.aim.point_lon_deg = lon;
        one.aim.range_m.reset();
        one.aim.azimuth_deg.reset();
      }
      cfg.raid.push_back(std::move(one));
    }
  }
}

// The `reported` block: every fact {value, source[, range, note]}, its source a key of the block's
// own `sources`; a figure may instead be a list of such reports, one per agency, each with its
// `agency`, its interval (`precision`, `precision_s` for times, `range`, `at_least` or `at_most`)
// and `gate: false` for a report shown but not held to the tolerance.
ReportedConfig readReported(const YamlReader& r, const YAML::Node& n, const std::vector<RaidLaunchConfig>& raid) {
  r.expectMap(n, "reported", {"sources", "launch", "apogee_km", "range_km", "flight_time_min", "impact_time", "impact_from",
                              "impact_point", "impact_zone", "overflown", "j_alert", "notes", "stage_falls"});
  ReportedConfig out;
  out.present = true;
  out.where = r.at(n);
  std::vector<std::string> keys = readSources(r, n);
  for (const auto& kv : n["sources"]) out.sources.emplace_back(r.text(kv.first), r.text(kv.second, "a citation"));
  if (n["notes"]) out.notes = r.text(n["notes"], "a text");
  const auto source = [&](const YAML::Node& fact) {
    r.require(fact, "source");
    const std::string s = r.string(fact, "source");
    if (std::find(keys.begin(), keys.end(), s) == keys.end())
      r.fail(fact["source"], fmt::format("source '{}' is not in the block's 'sources'", s));
    return s;
  };
  const auto fact = [&](const YAML::Node& node, std::string_view what, std::initializer_list<std::string_view> extra) {
    if (!node.IsMap()) r.fail(node, fmt::format("'{}' must be {{value: ..., source: ...}}", what));
    std::vector<std::string_view> allowed{"value", "source", "note", "agency", "gate", "missile"};
    allowed.insert(allowed.end(), extra.begin(), extra.end());
    r.expectMap(node, what, allowed);
  };
  const auto agency = [&](const YAML::Node& node) { return node["agency"] ? r.string(node, "agency") : std::string(); };
  const auto gate = [&](const YAML::Node& node) { return node["gate"] ? r.boolean(node, "gate") : true; };
  // In a raid, the launch a report is about (validate compares it with that missile's flight).
  const auto missile = [&](const YAML::Node& node) {
    if (!node["missile"]) return std::string();
    if (raid.empty()) r.fail(node["missile"], "'missile' names a launch of the raid, and this scenario has no 'raid'");
    std::vector<std::string_view> names;
    for (const RaidLaunchConfig& l : raid) names.push_back(l.name);
    return std::string(names[r.choice(node, "missile", "raid launch", names)]);
  };
  // One report, or a list of them.
  const auto each = [&](const YAML::Node& node, std::string_view what, const auto& read) {
    if (!node.IsSequence()) {
      read(node);
      return;
    }
    if (node.size() == 0) r.fail(node, fmt::format("'{}' lists no report", what));
    for (const YAML::Node& e : node) read(e);
  };
  const auto time = [&](const YAML::Node& node, std::string_view what) {
    fact(node, what, {"precision_s"});
    r.require(node, "value");
    ReportedTime t;
    if (!parseIso8601(r.string(node, "value"), t.value))
      r.fail(node["value"], fmt::format("'{}' must be an ISO 8601 time with its zone, e.g. 2017-09-15T07:00:00+09:00", what));
    t.source = source(node);
    t.agency = agency(node);
    t.missile = missile(node);
    t.gate = gate(node);
    if (node["precision_s"]) t.precision_s = r.number(node, "precision_s", 1e-9, 86400.0);
    return t;
  };
  const auto number = [&](const YAML::Node& node, std::string_view what, double lo, double hi) {
    fact(node, what, {"range", "precision", "at_least", "at_most"});
    ReportedNumber v;
    v.value = r.number(node, "value", lo, hi);
    v.lo = v.hi = v.value;
    int bounds = 0;
    for (const char* k : {"range", "precision", "at_least", "at_most"}) bounds += node[k] ? 1 : 0;
    if (bounds > 1) r.fail(node, fmt::format("'{}' gives its interval once: range, precision, at_least or at_most", what));
    if (const YAML::Node range = node["range"]) {
      std::tie(v.lo, v.hi) = r.numberPair(range, "'range' is [low, high]", "'range' is [low, high], two numbers");
      if (!(v.lo <= v.value && v.value <= v.hi)) r.fail(range, fmt::format("'range' [{}, {}] must hold the value {}", v.lo, v.hi, v.value));
    }
    if (node["precision"]) {
      // A precision of zero or less says nothing: refused (issue 15, bad input).
      const double p = r.number(node, "precision", 1e-9, hi);
      v.lo = v.value - p;
      v.hi = v.value + p;
    }
    if (node["at_least"]) {
      v.lo = r.number(node, "at_least", lo, hi);
      v.hi = std::numeric_limits<double>::infinity();
      if (v.lo > v.value) r.fail(node["at_least"], fmt::format("'at_least' {} is above the value {}", v.lo, v.value));
    }
    if (node["at_most"]) {
      v.hi = r.number(node, "at_most", lo, hi);
      v.lo = -std::numeric_limits<double>::infinity();
      if (v.hi < v.value) r.fail(node["at_most"], fmt::format("'at_most' {} is below the value {}", v.hi, v.value));
    }
    v.source = source(node);
    v.agency = agency(node);
    v.missile = missile(node);
    v.gate = gate(node);
    return v;
  };
  // A point {lat_deg, lon_deg, precision_km}: the radius its wording allows, above 0.
  const auto point = [&](const YAML::Node& node, std::string_view what, bool in_stage_fall = false) {
    if (!node.IsMap()) r.fail(node, fmt::format("'{}' must be {{lat_deg, lon_deg, precision_km, source}}", what));
    std::vector<std::string_view> allowed{"lat_deg", "lon_deg", "precision_km", "source", "note", "agency", "gate", "missile"};
    if (in_stage_fall) allowed.push_back("stage");
    r.expectMap(node, what, allowed);
    for (const char* k : {"lat_deg", "lon_deg", "precision_km"}) r.require(node, k);
    ReportedPoint p;
    p.lat_deg = r.number(node, "lat_deg", -90.0, 90.0);
    p.lon_deg = r.number(node, "lon_deg", -180.0, 360.0);
    p.precision_km = r.number(node, "precision_km", 1e-9, 2e4);
    p.source = source(node);
    p.agency = agency(node);
    p.missile = missile(node);
    p.gate = gate(node);
    return p;
  };
  if (n["launch"]) each(n["launch"], "launch", [&](const YAML::Node& e) { out.launch.push_back(time(e, "launch")); });
  if (n["impact_time"])
    each(n["impact_time"], "impact_time", [&](const YAML::Node& e) { out.impact_time.push_back(time(e, "impact_time")); });
  if (n["apogee_km"])
    each(n["apogee_km"], "apogee_km", [&](const YAML::Node& e) { out.apogee_km.push_back(number(e, "apogee_km", 1.0, 1e5)); });
  if (n["range_km"])
    each(n["range_km"], "range_km", [&](const YAML::Node& e) { out.range_km.push_back(number(e, "range_km", 1.0, 2e4)); });
  if (n["flight_time_min"])
    each(n["flight_time_min"], "flight_time_min",
         [&](const YAML::Node& e) { out.flight_time_min.push_back(number(e, "flight_time_min", 0.1, 1e3)); });
  if (const YAML::Node f = n["impact_from"]) {
    each(f, "impact_from", [&](const YAML::Node& e) {
      // Old form {landmark, distance_km: {value, source, ...}}; list form {landmark, distance_km:
      // N, agency, precision, ..., source}.
      ReportedDistance d;
      if (e["distance_km"] && e["distance_km"].IsMap()) {
        r.expectMap(e, "impact_from", {"landmark", "distance_km"});
        d.distance_km = number(e["distance_km"], "distance_km", 0.0, 2e4);
      } else {
        YAML::Node as_fact = YAML::Clone(e);
        r.require(e, "distance_km");
        as_fact.remove("landmark");
        as_fact.remove("distance_km");
        as_fact["value"] = e["distance_km"];
        r.expectMap(e, "impact_from", {"landmark", "distance_km", "source", "note", "agency", "gate", "range", "precision",
                                        "at_least", "at_most", "missile"});
        d.distance_km = number(as_fact, "distance_km", 0.0, 2e4);
      }
      r.require(e, "landmark");
      d.landmark = r.string(e, "landmark");
      out.impact_from.push_back(d);
    });
  }
  if (const YAML::Node f = n["impact_point"])
    each(f, "impact_point", [&](const YAML::Node& e) { out.impact_point.push_back(point(e, "impact_point")); });
  if (const YAML::Node f = n["stage_falls"]) {
    // {stage: N, time: ISO, precision_s, ...} or {stage: N, range_km: N, precision, ...}: one
    // figure per report, read as the figures above once the stage is taken off.
    each(f, "stage_falls", [&](const YAML::Node& e) {
      r.expectMap(e, "stage_falls", {"stage", "time", "precision_s", "range_km", "source", "note", "agency", "gate", "range",
                                     "precision", "at_least", "at_most", "missile", "lat_deg", "lon_deg", "precision_km"});
      r.require(e, "stage");
      ReportedStageFall s;
      s.stage = static_cast<int>(r.number(e, "stage", 1.0, 9.0));
      if (static_cast<double>(s.stage) != r.number(e, "stage", 1.0, 9.0)) r.fail(e["stage"], "'stage' is a whole number, from 1");
      const int given = (e["time"] ? 1 : 0) + (e["range_km"] ? 1 : 0) + (e["lat_deg"] || e["lon_deg"] ? 1 : 0);
      if (given != 1)
        r.fail(e, "a stage fall reports its 'time', its 'range_km' from the launch point, or its point ('lat_deg', "
                  "'lon_deg', 'precision_km'): one per report");
      YAML::Node as_fact = YAML::Clone(e);
      as_fact.remove("stage");
      if (e["lat_deg"] || e["lon_deg"]) {
        s.point = point(e, "stage_falls point", true);  // read in place: its errors keep their lines
      } else if (e["time"]) {
        as_fact.remove("time");
        as_fact["value"] = e["time"];
        s.time = time(as_fact, "stage_falls time");
      } else {
        as_fact.remove("range_km");
        as_fact["value"] = e["range_km"];
        s.range_km = number(as_fact, "stage_falls range_km", 1.0, 2e4);
      }
      out.stage_falls.push_back(s);
    });
  }
  if (const YAML::Node z = n["impact_zone"]) {
    each(z, "impact_zone", [&](const YAML::Node& e) {
      fact(e, "impact_zone", {});
      ReportedConfig::Zone zone;
      zone.value = std::string(std::array<std::string_view, 4>{"japan-land", "japan-territorial-sea", "japan-eez",
                                                               "beyond-eez"}[r.choice(e, "value", "impact zone",
                                                                                      {"japan-land", "japan-territorial-sea",
                                                                                       "japan-eez", "beyond-eez"})]);
      zone.source = source(e);
      zone.agency = agency(e);
      zone.missile = missile(e);
      zone.gate = gate(e);
      out.impact_zone.push_back(zone);
    });
  }
  if (const YAML::Node o = n["overflown"]) {
    r.expectMap(o, "overflown", {"prefectures", "from", "to", "source", "note", "gate"});
    out.overflown_gate = gate(o);
    r.require(o, "prefectures");
    std::vector<std::string> names;
    if (!o["prefectures"].IsSequence()) r.fail(o["prefectures"], "'prefectures' is a list of names ([] for none)");
    for (const YAML::Node& p : o["prefectures"]) names.push_back(r.text(p, "a prefecture name"));
    out.overflown = names;
    source(o);
    UtcTime t;
    if (o["from"]) {
      if (!parseIso8601(r.string(o, "from"), t)) r.fail(o["from"], "'from' must be an ISO 8601 time with its zone");
      out.over_japan_from = ReportedTime{};
      out.over_japan_from->value = t;
      out.over_japan_from->source = r.string(o, "source");
    }
    if (o["to"]) {
      if (!parseIso8601(r.string(o, "to"), t)) r.fail(o["to"], "'to' must be an ISO 8601 time with its zone");
      out.over_japan_to = ReportedTime{};
      out.over_japan_to->value = t;
      out.over_japan_to->source = r.string(o, "source");
    }
  }
  if (const YAML::Node j = n["j_alert"]) {
    r.expectMap(j, "j_alert", {"policy", "none", "first", "prefectures", "passed_over", "source", "note", "gate"});
    ReportedConfig::JAlert ja;
    ja.gate = gate(j);
    if (j["policy"]) {
      std::vector<std::string_view> names;
      for (const AlertPolicyInfo& p : alertPolicies()) names.push_back(p.name);
      ja.policy = alertPolicies()[r.choice(j, "policy", "alert policy", names)].policy;
    }
    if (const YAML::Node none = j["none"]) {
      // none: {source, note}, or none: true with the block's own source.
      if (none.IsScalar()) {
        if (!r.boolean(j, "none")) r.fail(none, "'none: false' says nothing: give 'first' and 'prefectures' instead");
        ja.source = source(j);
      } else {
        r.expectMap(none, "none", {"source", "note"});
        ja.source = source(none);
      }
      ja.none = true;
      if (j["first"] || j["prefectures"] || j["passed_over"]) r.fail(j, "'none' (no J-Alert was sent) excludes 'first', 'prefectures' and 'passed_over'");
    } else {
      r.require(j, "first");
      ja.first = time(j["first"], "first");
      r.require(j, "prefectures");
      const YAML::Node p = j["prefectures"];
      fact(p, "prefectures", {});
      if (!p["value"].IsSequence()) r.fail(p["value"], "'prefectures' value is a list of names");
      for (const YAML::Node& name : p["value"]) ja.prefectures.push_back(r.text(name, "a prefecture name"));
      ja.source = source(p);
      ja.prefectures_gate = gate(p);
      if (j["passed_over"]) ja.passed_over = time(j["passed_over"], "passed_over");
    }
    out.j_alert = ja;
  }
  return out;
}

}  // namespace

ScenarioConfig loadScenario(const fs::path& file, const fs::path& data_dir) {
  return loadScenario(loadYamlFile(file.string()), file, data_dir);
}

ScenarioConfig loadScenario(const YAML::Node& root, const fs::path& file, const fs::path& data_dir) {
  YamlReader r(file.string());
  r.expectMap(root, "scenario", {"name", "description", "launch", "missile", "aim", "raid", "burnout", "physics", "output",
                                 "sensors", "tracking", "alerts", "shooters", "defended_areas", "engagement",
                                 "coverage", "uncertainty", "seed", "reported"});
  ScenarioConfig cfg;
  cfg.where = SourceLocation{file.string(), 1};
  cfg.name = r.optionalString(root, "name").value_or(file.stem().string());
  cfg.description = r.optionalString(root, "description").value_or("");

  r.require(root, "launch");
  LaunchSites sites(data_dir);
  cfg.launch = readLaunch(r, root["launch"], nullptr, sites);

  if (root["missile"] && root["burnout"])
    r.fail(root["burnout"], "give either 'missile' with 'aim' (a boosted flight) or 'burnout' (impulsive), not both");
  if (root["raid"] && root["burnout"])
    r.fail(root["burnout"], "a raid flies boosted missiles: give 'missile' and 'aim' (top level or per launch), not 'burnout'");
  if (const YAML::Node m = root["missile"]) {
    cfg.missile = readMissileBlock(r, m, data_dir);
    if (!root["raid"]) r.require(root, "aim");
    if (root["aim"]) cfg.aim = readAim(r, root["aim"]);
  } else if (const YAML::Node b = root["burnout"]) {
    r.expectMap(b, "burnout", {"speed_mps", "flight_path_angle_deg", "azimuth_deg", "alt_m", "ballistic_coefficient_kg_m2",
                                 "rcs_m2"});
    BurnoutConfig bc;
    bc.where = r.at(b);
    bc.speed_mps = r.number(b, "speed_mps", 1.0, 11000.0);
    bc.flight_path_angle_deg = r.number(b, "flight_path_angle_deg", -90.0, 90.0);
    bc.azimuth_deg = r.number(b, "azimuth_deg", -360.0, 360.0);
    bc.alt_m = r.optionalNumber(b, "alt_m", 0.0, 2.0e6).value_or(0.0);
    bc.ballistic_coefficient_kg_m2 = r.optionalNumber(b, "ballistic_coefficient_kg_m2", 0.0, 1e6).value_or(0.0);
    bc.rcs_m2 = r.optionalNumber(b, "rcs_m2", 1e-6, 1e4).value_or(0.0);
    if (bc.alt_m <= 0.0 && bc.flight_path_angle_deg <= 0.0)
      r.fail(b, "a burnout state on the ground must climb: flight_path_angle_deg must be > 0 at alt_m 0");
    cfg.burnout = bc;
  } else if (!root["raid"]) {
    r.fail(root, "the scenario needs 'missile' and 'aim' (a boosted flight), 'burnout' (impulsive mode) or a 'raid'");
  }
  if (root["aim"] && !root["missile"] && !root["raid"]) r.fail(root["aim"], "'aim' needs a 'missile'");
  if (root["aim"] && !cfg.aim) cfg.aim = readAim(r, root["aim"]);
  if (const YAML::Node raid = root["raid"]) readRaid(r, raid, data_dir, sites, cfg);

  if (const YAML::Node p = root["physics"]) {
    r.expectMap(p, "physics", {"earth", "rotation", "gravity", "atmosphere"});
    if (p["earth"] && !parseEarthShape(r.string(p, "earth"), cfg.physics.earth))
      r.fail(p["earth"], "earth must be wgs84 or sphere");
    if (p["rotation"]) cfg.physics.rotation = r.boolean(p, "rotation");
    if (p["gravity"] && !parseGravity(r.string(p, "gravity"), cfg.physics.gravity))
      r.fail(p["gravity"], "gravity must be j2, zonal4 or point-mass");
    if (p["atmosphere"] && !parseAtmosphere(r.string(p, "atmosphere"), cfg.physics.atmosphere))
      r.fail(p["atmosphere"], "atmosphere must be us1976 or none");
  }
  if (const YAML::Node o = root["output"]) {
    r.expectMap(o, "output", {"time_zone", "sample_interval_s", "landmarks"});
    cfg.output.where = r.at(o);
    if (const YAML::Node l = o["landmarks"]) {
      if (!l.IsSequence()) r.fail(l, "'landmarks' must be a list of landmark names (data/geo/landmarks.yaml)");
      for (const YAML::Node& n : l) {
        if (!n.IsScalar()) r.fail(n, "a landmark is given by its name");
        cfg.output.reference_landmarks.push_back(r.text(n, "a landmark name"));
        cfg.output.reference_landmark_where.push_back(r.at(n));
      }
    }
    if (o["time_zone"]) {
      const std::string z = r.string(o, "time_zone");
      if (!lookupTimeZone(z, cfg.output.time_zone))
        r.fail(o["time_zone"], fmt::format("unknown time zone '{}'; expected UTC, JST, KST, ChST, HST, PST, PDT, EST, "
                                           "EDT or UTC+hh:mm", z));
    }
    cfg.output.sample_interval_s = r.optionalNumber(o, "sample_interval_s", 0.01, 600.0).value_or(1.0);
  }
  if (root["sensors"]) readSensors(r, root["sensors"], data_dir, cfg.sensors);
  if (root["tracking"]) readTracking(r, root["tracking"], cfg.tracking);
  cfg.alerts.where = cfg.where;
  if (root["alerts"]) readAlerts(r, root["alerts"], cfg.alerts);
  resolveAlerts(r, root["alerts"], cfg.launch.time, data_dir, cfg.alerts);
  const bool has_radar = std::any_of(cfg.sensors.begin(), cfg.sensors.end(),
                                     [](const SensorConfig& s) { return s.kind == SensorKind::kRadar; });
  if (has_radar && cfg.burnout && cfg.burnout->rcs_m2 <= 0.0)
    r.fail(root["burnout"], "radars need the target's radar cross-section: add 'rcs_m2' to 'burnout'");
  if (has_radar) {
    const auto check = [&](const MissileConfig& m, const YAML::Node& node) {
      const bool rv = m.payload.separates && m.payload.rcs_m2 <= 0.0;
      const bool body = std::any_of(m.stages.begin(), m.stages.end(), [](const StageConfig& s) { return s.rcs_m2 <= 0.0; });
      if (rv || body)
        r.fail(node, fmt::format("radars need the radar cross-sections of '{}': its catalog entry lacks "
                                 "payload.rcs_m2 or a stage's rcs_m2", m.id));
    };
    if (cfg.missile) check(*cfg.missile, root["missile"]);
    for (std::size_t i = 0; i < cfg.raid.size(); ++i) check(cfg.raid[i].missile, root["raid"][i]);
  }
  cfg.engagement.where = cfg.where;
  if (root["engagement"]) readEngagement(r, root["engagement"], cfg.engagement);
  if (root["defended_areas"]) readDefendedAreas(r, root["defended_areas"], cfg.defended_areas);
  if (root["shooters"]) readShooters(r, root["shooters"], data_dir, cfg.sensors, cfg.shooters);
  if (root["coverage"]) readCoverage(r, root["coverage"], data_dir, cfg.raid, cfg.coverage);
  if (const YAML::Node u = root["uncertainty"]) {
    readUncertainty(r, u, cfg.shooters, cfg.uncertainty);
    const UncertaintyConfig& uc = cfg.uncertainty;
    const bool flight_draws = uc.launch_north_m || uc.launch_east_m || uc.thrust || uc.isp || uc.propellant_mass ||
                              uc.dry_mass || uc.payload_mass || uc.drag || uc.aim_north_m || uc.aim_east_m || uc.cep_m;
    if (cfg.burnout && flight_draws)
      r.fail(u, "an impulsive flight ('burnout') has no launch point, missile or aim to draw: only 'launch.time_s', "
                "'sensors', 'latencies' and 'interceptors' apply");
  }
  if (root["seed"]) {
    // A whole number: a seed of 1.5 would silently be 1 (2^53: the largest a double holds exactly).
    const double seed = r.number(root, "seed", 0.0, 9007199254740992.0);
    if (seed != std::floor(seed)) r.fail(root["seed"], fmt::format("'seed' is {}: expected a whole number", seed));
    cfg.seed = static_cast<std::uint64_t>(seed);
  }
  if (root["reported"]) cfg.reported = readReported(r, root["reported"], cfg.raid);
  cfg.catalog_sha256 = sha256Tree(data_dir / "catalog");
  cfg.scenario_sha256 = sha256File(file);
  return cfg;
}

void validate(const ScenarioConfig& c) {
  const SourceLocation cli{};
  if (!(c.launch.lat_deg >= -90.0 && c.launch.lat_deg <= 90.0))
    throwInputError(cli, fmt::format("latitude {} is out of range: expected -90 to 90 degrees", c.launch.lat_deg));
  if (!(c.launch.lon_deg >= -180.0 && c.launch.lon_deg <= 360.0))
    throwInputError(cli, fmt::format("longitude {} is out of range: expected -180 to 360 degrees", c.launch.lon_deg));
  if (!(c.launch.alt_m >= -500.0 && c.launch.alt_m <= 9000.0))
    throwInputError(cli, fmt::format("launch altitude {} m is out of range: expected -500 to 9000", c.launch.alt_m));
  if (c.burnout) {
    const BurnoutConfig& b = *c.burnout;
    if (!(b.speed_mps >= 1.0 && b.speed_mps <= 11000.0))
      throwInputError(cli, fmt::format("burnout speed {} m/s is out of range: expected 1 to 11000", b.speed_mps));
    if (!(std::abs(b.flight_path_angle_deg) <= 90.0))
      throwInputError(cli, "flight-path angle must be between -90 and 90 degrees");
    if (!(b.azimuth_deg >= -360.0 && b.azimuth_deg <= 360.0))
      throwInputError(cli, fmt::format("azimuth {} is out of range: expected -360 to 360 degrees", b.azimuth_deg));
    if (!(b.alt_m >= 0.0 && b.alt_m <= 2.0e6))
      throwInputError(cli, fmt::format("burnout altitude {} m is out of range: expected 0 to 2000000", b.alt_m));
    if (!(b.ballistic_coefficient_kg_m2 >= 0.0 && b.ballistic_coefficient_kg_m2 <= 1e6))
      throwInputError(cli, "ballistic coefficient must be between 0 (no drag) and 1e6 kg/m^2");
    if (b.alt_m <= 0.0 && b.flight_path_angle_deg <= 0.0)
      throwInputError(cli, "a burnout state on the ground must climb: flight-path angle must be > 0 at altitude 0");
  }
  if (c.aim && c.aim->azimuth_deg && !(*c.aim->azimuth_deg >= -360.0 && *c.aim->azimuth_deg <= 360.0))
    throwInputError(cli, fmt::format("azimuth {} is out of range: expected -360 to 360 degrees", *c.aim->azimuth_deg));
  if (c.aim && c.aim->range_m && !(*c.aim->range_m >= 1e3 && *c.aim->range_m <= 2.0e7))
    throwInputError(cli, fmt::format("range {} km is out of range: expected 1 to 20000 km", *c.aim->range_m / 1e3));
  if (c.aim && c.aim->apogee_m && !(*c.aim->apogee_m >= 1e3 && *c.aim->apogee_m <= 1e7))
    throwInputError(cli, fmt::format("apogee {} km is out of range: expected 1 to 10000 km", *c.aim->apogee_m / 1e3));
}

}  // namespace picket::scenario

namespace picket::scenario {

void checkPayloadOverride(const MissileConfig& missile, const SourceLocation& where) {
  if (!missile.documented_payload_kg) return;
  const auto [lo, hi] = *missile.documented_payload_kg;
  const double kg = missile.payload.mass_kg;
  if (kg >= lo && kg <= hi) return;
  const std::string documented =
      lo == hi ? fmt::format("documents only {:g} kg", lo) : fmt::format("documents {:g} to {:g} kg", lo, hi);
  throwInputError(where, fmt::format("a payload of {:g} kg is outside what the catalog {} for {} ({}); the fits "
                                     "behind the entry hold only there",
                                     kg, documented, missile.name, missile.where.file));
}

void applyMissileOverrides(MissileConfig& missile, const std::vector<std::string>& assignments) {
  for (const std::string& a : assignments) {
    const std::string what = fmt::format("--set {}", a);
    const SourceLocation at{what, 0};
    const std::size_t eq = a.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == a.size())
      throwInputError(at, "expected KEY=VALUE, e.g. payload.mass_kg=500 or stages.1.burn_time_s=120");
    const std::string key = a.substr(0, eq), value = a.substr(eq + 1);
    const std::string top = key.substr(0, key.find('.'));
    constexpr std::array<std::string_view, 3> kBlocks{"payload", "guidance", "stages"};
    if (std::find(kBlocks.begin(), kBlocks.end(), top) == kBlocks.end() || top == key) {
      std::string_view best = kBlocks[0];
      for (std::string_view b : kBlocks)
        if (editDistance(top, b) < editDistance(top, best)) best = b;
      throwInputError(at, fmt::format("'{}' is not a catalog number of a missile: give payload.KEY, guidance.KEY or "
                                      "stages.INDEX.KEY (did you mean {}?)",
                                      key, best));
    }
    // The override as a scenario's `missile` block would give it; every stage present (and left
    // alone as {}) so that a stage index reaches its stage.
    YAML::Node block(YAML::NodeType::Map);
    YAML::Node stages(YAML::NodeType::Sequence);
    for (std::size_t i = 0; i < missile.stages.size(); ++i) stages.push_back(YAML::Node(YAML::NodeType::Map));
    block["stages"] = stages;
    setPath(block, key, value, what);
    if (top != "stages") block.remove("stages");
    const YamlReader r(what);
    readMissile(r, block, missile, true);
    if (top == "payload" && key == "payload.mass_kg") checkPayloadOverride(missile, at);
  }
}

void setPath(YAML::Node root, const std::string& path, const std::string& value, const std::string& what) {
  // Split on dots outside brackets: "shooters[A. B].magazine" -> shooters, [A. B], magazine.
  std::vector<std::string> parts;
  std::string cur;
  int depth = 0;
  for (const char c : path) {
    if (c == '[') {
      if (depth == 0 && !cur.empty()) {
        parts.push_back(cur);
        cur.clear();
      }
      ++depth;
    }
    if (c == ']') --depth;
    if (c == '.' && depth == 0) {
      parts.push_back(cur);
      cur.clear();
      continue;
    }
    cur.push_back(c);
  }
  parts.push_back(cur);
  const SourceLocation at{what, 0};
  for (const std::string& p : parts)
    if (p.empty() || depth != 0) throwInputError(at, fmt::format("'{}' is not a key path such as engagement.decision_latency_s", path));
  YAML::Node node = root;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const std::string& key = parts[i];
    const bool last = i + 1 == parts.size();
    if (node.IsSequence()) {
      std::size_t index = node.size();
      if (key.front() == '[') {
        const std::string name = key.substr(1, key.size() - 2);
        std::string names;
        for (std::size_t k = 0; k < node.size(); ++k) {
          const YAML::Node n = node[k]["name"];
          if (n && n.IsScalar()) {
            if (n.Scalar() == name) index = k;
            names += fmt::format("{}'{}'", names.empty() ? "" : ", ", n.Scalar());
          }
        }
        if (index == node.size())
          throwInputError(at, fmt::format("'{}': no entry of '{}' is named '{}'; its names: {}", path, parts[i - 1], name,
                                          names.empty() ? "(none)" : names));
      } else {
        double x = -1.0;
        if (parseDecimal(key, x) && x >= 0.0 && x == std::floor(x)) index = static_cast<std::size_t>(x);
        if (index >= node.size())
          throwInputError(at, fmt::format("'{}': '{}' has {} entries (0 to {}), or name one as {}[NAME]", path,
                                          parts[i - 1], node.size(), node.size() == 0 ? 0 : node.size() - 1,
                                          parts[i - 1]));
      }
      if (last) throwInputError(at, fmt::format("'{}' names a whole entry of a list: name one of its keys", path));
      node.reset(node[index]);
      continue;
    }
    if (key.front() == '[') throwInputError(at, fmt::format("'{}': '{}' is not a list", path, parts[i - 1]));
    if (!node.IsMap() && !node.IsNull())
      throwInputError(at, fmt::format("'{}': '{}' is a value, not a section with keys", path, i == 0 ? "" : parts[i - 1]));
    if (last) {
      node[key] = value;
      return;
    }
    YAML::Node next = node[key];
    if (!next) node[key] = YAML::Node(YAML::NodeType::Map);
    node.reset(node[key]);
  }
}

}  // namespace picket::scenario

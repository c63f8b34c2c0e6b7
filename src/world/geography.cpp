#include "world/geography.h"

#include <GeographicLib/Geodesic.hpp>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <sstream>
#include <utility>

#include "common/constants.h"
#include "common/error.h"

namespace picket::world {

namespace {

using nlohmann::json;
namespace fs = std::filesystem;

constexpr int kJapanIso = 392;
// Rings lying entirely this close to a pole are dropped: Natural Earth encodes Antarctica with a zero-area ring
// along latitude -89.999 which, closed over the pole, would only punch a sliver out of the continent.
constexpr double kPolarSliverLat = 89.99;

[[noreturn]] void fail(const std::string& file, int line, const std::string& msg) {
  throwInputError(SourceLocation{file, line}, msg);
}

std::string readFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) fail(path.string(), 0, "cannot open file (does the data directory exist?)");
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) fail(path.string(), 0, "cannot read file");
  return text.str();
}

int lineOfByte(const std::string& text, std::size_t byte) {
  const auto end = text.begin() + static_cast<std::ptrdiff_t>(std::min(byte, text.size()));
  return 1 + static_cast<int>(std::count(text.begin(), end, '\n'));
}

json parseJson(const std::string& text, const std::string& file) {
  try {
    return json::parse(text);
  } catch (const json::parse_error& e) {
    fail(file, lineOfByte(text, e.byte), std::string("invalid JSON: ") + e.what());
  }
}

char lowerAscii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (lowerAscii(a[i]) != lowerAscii(b[i])) return false;
  }
  return true;
}

// Longitude in [-180, 180).
double normaliseLon(double lon) {
  double x = std::fmod(lon + 180.0, 360.0);
  if (x < 0.0) x += 360.0;
  x -= 180.0;
  if (x >= 180.0) x -= 360.0;  // rounding in fmod(+360) can land exactly on 180
  return x;
}

double normaliseBearing(double azi) {
  double b = std::fmod(azi, 360.0);
  if (b < 0.0) b += 360.0;
  if (b >= 360.0) b -= 360.0;
  return b;
}

using Ring = std::vector<LatLon>;
using PolygonRings = std::vector<Ring>;

// Parses a GeoJSON Polygon or MultiPolygon into its polygons; `what` names the feature in error messages.
std::vector<PolygonRings> parseGeometry(const json& geometry, const std::string& file, const std::string& what) {
  if (!geometry.is_object()) fail(file, 0, what + ": geometry is not an object");
  const auto type_it = geometry.find("type");
  const auto coords_it = geometry.find("coordinates");
  if (type_it == geometry.end() || !type_it->is_string()) fail(file, 0, what + ": geometry has no \"type\"");
  if (coords_it == geometry.end() || !coords_it->is_array()) {
    fail(file, 0, what + ": geometry has no \"coordinates\" array");
  }
  const std::string type = type_it->get<std::string>();

  auto parseRing = [&](const json& jring) {
    if (!jring.is_array() || jring.size() < 4) {
      fail(file, 0, what + ": a linear ring needs an array of at least 4 positions");
    }
    Ring ring;
    ring.reserve(jring.size());
    for (const json& pos : jring) {
      if (!pos.is_array() || pos.size() < 2 || !pos[0].is_number() || !pos[1].is_number()) {
        fail(file, 0, what + ": a position must be [lon, lat] numbers");
      }
      const double lon = pos[0].get<double>();
      const double lat = pos[1].get<double>();
      if (!std::isfinite(lon) || !std::isfinite(lat) || std::abs(lat) > 90.0 || std::abs(lon) > 360.0) {
        fail(file, 0, what + ": position out of range (lon " + std::to_string(lon) + ", lat " + std::to_string(lat) +
                          ")");
      }
      ring.push_back(LatLon{lat, lon});
    }
    return ring;
  };
  auto parsePolygon = [&](const json& jpoly) {
    if (!jpoly.is_array() || jpoly.empty()) fail(file, 0, what + ": a polygon needs at least one ring");
    PolygonRings rings;
    rings.reserve(jpoly.size());
    for (const json& jring : jpoly) rings.push_back(parseRing(jring));
    return rings;
  };

  std::vector<PolygonRings> polygons;
  if (type == "Polygon") {
    polygons.push_back(parsePolygon(*coords_it));
  } else if (type == "MultiPolygon") {
    for (const json& jpoly : *coords_it) polygons.push_back(parsePolygon(jpoly));
  } else {
    fail(file, 0, what + ": geometry type \"" + type + "\" is not Polygon or MultiPolygon");
  }
  return polygons;
}

const json& featuresOf(const json& doc, const std::string& file) {
  if (!doc.is_object() || doc.value("type", std::string()) != "FeatureCollection") {
    fail(file, 1, "expected a GeoJSON FeatureCollection");
  }
  const auto it = doc.find("features");
  if (it == doc.end() || !it->is_array() || it->empty()) fail(file, 1, "the FeatureCollection has no features");
  return *it;
}

std::string stringProperty(const json& props, const char* key, const std::string& file, const std::string& what) {
  const auto it = props.find(key);
  if (it == props.end() || !it->is_string() || it->get<std::string>().empty()) {
    fail(file, 0, what + ": property \"" + key + "\" must be a non-empty string");
  }
  return it->get<std::string>();
}

// ISO 3166-1 numeric from a property that may be "392", 392, null or missing; -1 where absent.
int isoProperty(const json& props, const std::string& file, const std::string& what) {
  const auto it = props.find("id");
  if (it == props.end() || it->is_null()) return -1;
  if (it->is_number_integer()) return it->get<int>();
  if (it->is_string()) {
    const std::string s = it->get<std::string>();
    if (!s.empty() && s.size() <= 3 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      return std::stoi(s);
    }
  }
  fail(file, 0, what + ": property \"id\" must be an ISO 3166-1 numeric code (e.g. \"392\") or null");
}

}  // namespace

// ------------------------------------------------------------------------------------------------ loading --------

Geography Geography::load(const fs::path& data_dir) {
  Geography g;
  const fs::path geo = data_dir / "geo";

  // Countries.
  {
    const fs::path path = geo / "countries-50m.geojson";
    const std::string file = path.string();
    const std::string text = readFile(path);
    const json doc = parseJson(text, file);
    int k = 0;
    for (const json& f : featuresOf(doc, file)) {
      const std::string what = "feature " + std::to_string(k++);
      if (!f.is_object() || !f.contains("properties") || !f["properties"].is_object()) {
        fail(file, 0, what + ": a Feature with a properties object is expected");
      }
      const json& props = f["properties"];
      Country c{stringProperty(props, "name", file, what), isoProperty(props, file, what)};
      const std::string named = what + " (" + c.name + ")";
      // ISO codes are not unique in Natural Earth (Ashmore and Cartier Is. share Australia's 036).
      const int index = static_cast<int>(g.countries_.size());
      if (c.iso == kJapanIso && g.japan_ < 0) g.japan_ = index;
      g.countries_.push_back(std::move(c));
      if (!f.contains("geometry") || f["geometry"].is_null()) continue;  // a named country without outline
      for (const PolygonRings& poly : parseGeometry(f["geometry"], file, named)) g.addPolygon(poly, index, false);
    }
    if (g.japan_ < 0) fail(file, 0, "no country with ISO 3166-1 numeric id 392 (Japan)");
  }

  // Prefectures.
  {
    const fs::path path = geo / "japan-prefectures.geojson";
    const std::string file = path.string();
    const std::string text = readFile(path);
    const json doc = parseJson(text, file);
    int k = 0;
    std::array<bool, 48> seen{};
    for (const json& f : featuresOf(doc, file)) {
      const std::string what = "feature " + std::to_string(k++);
      if (!f.is_object() || !f.contains("properties") || !f["properties"].is_object()) {
        fail(file, 0, what + ": a Feature with a properties object is expected");
      }
      const json& props = f["properties"];
      Prefecture p;
      p.name_en = stringProperty(props, "name_en", file, what);
      const std::string named = what + " (" + p.name_en + ")";
      const std::string jis = stringProperty(props, "jis_code", file, named);
      if (jis.size() != 2 || jis[0] < '0' || jis[0] > '4' || jis[1] < '0' || jis[1] > '9' ||
          std::stoi(jis) < 1 || std::stoi(jis) > 47) {
        fail(file, 0, named + ": jis_code \"" + jis + "\" is not a JIS X 0401 code 01..47");
      }
      p.jis = std::stoi(jis);
      if (seen[static_cast<std::size_t>(p.jis)]) fail(file, 0, named + ": jis_code " + jis + " appears twice");
      seen[static_cast<std::size_t>(p.jis)] = true;
      if (props.contains("N03_001") && props["N03_001"].is_string()) p.name_ja = props["N03_001"].get<std::string>();
      if (!f.contains("geometry")) fail(file, 0, named + ": no geometry");
      const int index = static_cast<int>(g.prefectures_.size());
      g.prefectures_.push_back(std::move(p));
      for (const PolygonRings& poly : parseGeometry(f["geometry"], file, named)) {
        g.addPolygon(poly, index, true);
        g.addOutline(poly, index);
      }
    }
  }

  // Landmarks.
  {
    const fs::path path = geo / "landmarks.yaml";
    const std::string file = path.string();
    const std::string text = readFile(path);
    YAML::Node root;
    try {
      root = YAML::Load(text);
    } catch (const YAML::Exception& e) {
      fail(file, e.mark.line + 1, "invalid YAML: " + e.msg);
    }
    if (!root.IsMap() || !root["landmarks"] || !root["landmarks"].IsSequence() || root["landmarks"].size() == 0) {
      fail(file, 1, "expected a top-level `landmarks:` list with at least one entry");
    }
    for (const YAML::Node& item : root["landmarks"]) {
      const int line = item.Mark().line + 1;
      if (!item.IsMap()) fail(file, line, "a landmark must be a map {name, lat_deg, lon_deg, source}");
      for (const auto& kv : item) {
        const auto key = kv.first.as<std::string>("");
        if (key != "name" && key != "lat_deg" && key != "lon_deg" && key != "source") {
          fail(file, kv.first.Mark().line + 1,
               "unknown landmark key `" + key + "` (allowed: name, lat_deg, lon_deg, source)");
        }
      }
      Landmark l;
      try {
        if (!item["name"] || !item["lat_deg"] || !item["lon_deg"]) {
          fail(file, line, "a landmark needs name, lat_deg and lon_deg");
        }
        l.name = item["name"].as<std::string>();
        l.lat_deg = item["lat_deg"].as<double>();
        l.lon_deg = item["lon_deg"].as<double>();
        if (item["source"]) l.source = item["source"].as<std::string>();
      } catch (const YAML::Exception& e) {
        fail(file, e.mark.line >= 0 ? e.mark.line + 1 : line, "bad landmark value: " + e.msg);
      }
      if (l.name.empty()) fail(file, line, "a landmark name must not be empty");
      if (!std::isfinite(l.lat_deg) || std::abs(l.lat_deg) > 90.0) {
        fail(file, line, "landmark `" + l.name + "`: lat_deg must be in [-90, 90]");
      }
      if (!std::isfinite(l.lon_deg) || std::abs(l.lon_deg) > 180.0) {
        fail(file, line, "landmark `" + l.name + "`: lon_deg must be in [-180, 180]");
      }
      if (g.findLandmark(l.name) != nullptr) fail(file, line, "landmark `" + l.name + "` appears twice");
      g.landmarks_.push_back(std::move(l));
    }
  }

  g.buildGrid();
  for (Outline& o : g.outlines_) g.indexOutline(o);
  g.indexOutlineBoxes();
  return g;
}

void Geography::addOutline(const std::vector<std::vector<LatLon>>& rings, int prefecture) {
  if (outlines_.size() <= static_cast<std::size_t>(prefecture)) outlines_.resize(static_cast<std::size_t>(prefecture) + 1);
  Outline& o = outlines_[static_cast<std::size_t>(prefecture)];
  constexpr double kSpacing_deg = 0.01;  // ~1 km: distances below come out within ~0.5 km
  for (const Ring& ring : rings) {
    LatLon last{1e9, 1e9};
    for (const LatLon& p : ring) {
      if (std::abs(p.lat_deg - last.lat_deg) < kSpacing_deg && std::abs(p.lon_deg - last.lon_deg) < kSpacing_deg) continue;
      o.points.push_back(p);
      last = p;
      o.min_lat = std::min(o.min_lat, p.lat_deg);
      o.max_lat = std::max(o.max_lat, p.lat_deg);
      o.min_lon = std::min(o.min_lon, p.lon_deg);
      o.max_lon = std::max(o.max_lon, p.lon_deg);
    }
  }
}

void Geography::indexOutline(Outline& o) {
  o.by_cell.clear();
  o.cell_start.clear();
  o.rows = o.cols = 0;
  if (o.points.empty()) return;
  o.rows = static_cast<int>(std::floor((o.max_lat - o.min_lat) / kOutlineCell_deg)) + 1;
  o.cols = static_cast<int>(std::floor((o.max_lon - o.min_lon) / kOutlineCell_deg)) + 1;
  const auto cellOf = [&](const LatLon& p) {
    const int r = std::clamp(static_cast<int>(std::floor((p.lat_deg - o.min_lat) / kOutlineCell_deg)), 0, o.rows - 1);
    const int c = std::clamp(static_cast<int>(std::floor((p.lon_deg - o.min_lon) / kOutlineCell_deg)), 0, o.cols - 1);
    return static_cast<std::size_t>(r) * static_cast<std::size_t>(o.cols) + static_cast<std::size_t>(c);
  };
  std::vector<std::uint32_t> count(static_cast<std::size_t>(o.rows) * static_cast<std::size_t>(o.cols) + 1, 0);
  for (const LatLon& p : o.points) ++count[cellOf(p) + 1];
  for (std::size_t k = 0; k + 1 < count.size(); ++k) count[k + 1] += count[k];
  o.cell_start = count;
  o.by_cell.resize(o.points.size());
  for (const LatLon& p : o.points) o.by_cell[count[cellOf(p)]++] = p;
}

void Geography::indexOutlineBoxes() {
  outline_cells_.clear();
  if (outlines_.size() > 64) return;
  outline_cells_.assign(static_cast<std::size_t>(kGridRows) * kGridCols, 0);
  for (std::size_t i = 0; i < outlines_.size(); ++i) {
    const Outline& o = outlines_[i];
    if (o.points.empty()) continue;
    const int r0 = std::clamp(static_cast<int>(std::floor(o.min_lat + 90.0)), 0, kGridRows - 1);
    const int r1 = std::clamp(static_cast<int>(std::floor(o.max_lat + 90.0)), 0, kGridRows - 1);
    const int c0 = std::clamp(static_cast<int>(std::floor(o.min_lon)), 0, kGridCols - 1);
    const int c1 = std::clamp(static_cast<int>(std::floor(o.max_lon)), 0, kGridCols - 1);
    for (int r = r0; r <= r1; ++r)
      for (int c = c0; c <= c1; ++c)
        outline_cells_[static_cast<std::size_t>(r) * kGridCols + static_cast<std::size_t>(c)] |= std::uint64_t{1} << i;
  }
}

double Geography::distanceToPrefecture_m(int i, double lat_deg, double lon_deg, double beyond_m) const {
  const Outline& o = outlines_.at(static_cast<std::size_t>(i));
  constexpr double kM_per_deg = 111195.0;  // mean Earth radius 6,371.0 km
  const double margin_lat = beyond_m / kM_per_deg;
  const double coslat = std::max(std::cos(lat_deg * constants::kDegToRad), 0.05);
  const double margin_lon = margin_lat / coslat;
  const double lon = lon_deg < 0.0 ? lon_deg + 360.0 : lon_deg;  // Japan lies east of 0
  if (lat_deg < o.min_lat - margin_lat || lat_deg > o.max_lat + margin_lat || lon < o.min_lon - margin_lon ||
      lon > o.max_lon + margin_lon)
    return std::numeric_limits<double>::infinity();
  if (regionAt(lat_deg, lon_deg).prefecture == i) return 0.0;
  double best = std::numeric_limits<double>::infinity();
  for (const LatLon& p : o.points) {
    const double dy = p.lat_deg - lat_deg, dx = (p.lon_deg - lon) * coslat;
    best = std::min(best, dx * dx + dy * dy);
  }
  const double d = std::sqrt(best) * kM_per_deg;
  return d <= beyond_m ? d : std::numeric_limits<double>::infinity();
}

void Geography::prefecturesWithin(double lat_deg, double lon_deg, double within_m, std::vector<int>& out) const {
  out.clear();
  constexpr double kM_per_deg = 111195.0;  // as in distanceToPrefecture_m
  const double margin_lat = within_m / kM_per_deg;
  const double lon = lon_deg < 0.0 ? lon_deg + 360.0 : lon_deg;
  const double limit = margin_lat * margin_lat;  // (within_m in degrees of latitude)^2
  int inside = -2;                               // the prefecture at the point, once looked up
  // The candidates: those whose box meets a cell of the query box (a box meeting the query box
  // meets it in one of those cells; cells are closed below by floor, as in indexOutlineBoxes).
  // The cells are taken over a box at least as wide as the query's, cos(lat) bounded below by
  // 1 - lat^2 / 2 (no cos call where, as over most of a ground track, no prefecture is near).
  std::uint64_t candidates = 0;
  if (outline_cells_.empty()) {
    candidates = prefectureCount() >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << prefectureCount()) - 1;
  } else {
    const double x = lat_deg * constants::kDegToRad;
    const double wide_lon = margin_lat / std::max(1.0 - 0.5 * x * x, 0.05);
    const auto cell = [](double v, int n) { return std::clamp(static_cast<int>(std::floor(v)), 0, n - 1); };
    const int r0 = cell(lat_deg - margin_lat + 90.0, kGridRows), r1 = cell(lat_deg + margin_lat + 90.0, kGridRows);
    const int c0 = cell(lon - wide_lon, kGridCols), c1 = cell(lon + wide_lon, kGridCols);
    for (int r = r0; r <= r1; ++r)
      for (int c = c0; c <= c1; ++c)
        candidates |= outline_cells_[static_cast<std::size_t>(r) * kGridCols + static_cast<std::size_t>(c)];
  }
  if (candidates == 0) return;
  const double coslat = std::max(std::cos(lat_deg * constants::kDegToRad), 0.05);
  const double margin_lon = margin_lat / coslat;
  for (; candidates != 0; candidates &= candidates - 1) {
    const int i = std::countr_zero(candidates);
    if (i >= prefectureCount()) break;
    const Outline& o = outlines_[static_cast<std::size_t>(i)];
    if (lat_deg < o.min_lat - margin_lat || lat_deg > o.max_lat + margin_lat || lon < o.min_lon - margin_lon ||
        lon > o.max_lon + margin_lon)
      continue;
    bool near = false;
    // Only the cells the query box meets can hold a point within within_m: one with
    // dx^2 + dy^2 <= limit has |dy| <= margin_lat and |dlon| <= margin_lon. The box is padded by
    // 1e-9 degrees against rounding at its edge, and the test on each point is the one the full
    // scan made, so the answer is the same (geography_test.cpp checks it against the distances).
    constexpr double kPad_deg = 1e-9;
    const auto first = [](double v, int n) { return std::clamp(static_cast<int>(std::floor(v / kOutlineCell_deg)), 0, n - 1); };
    const int r0 = first(lat_deg - margin_lat - kPad_deg - o.min_lat, o.rows);
    const int r1 = first(lat_deg + margin_lat + kPad_deg - o.min_lat, o.rows);
    const int c0 = first(lon - margin_lon - kPad_deg - o.min_lon, o.cols);
    const int c1 = first(lon + margin_lon + kPad_deg - o.min_lon, o.cols);
    for (int r = r0; !near && r <= r1; ++r) {
      const std::size_t row = static_cast<std::size_t>(r) * static_cast<std::size_t>(o.cols);
      const LatLon* p = o.by_cell.data() + o.cell_start[row + static_cast<std::size_t>(c0)];
      const LatLon* const end = o.by_cell.data() + o.cell_start[row + static_cast<std::size_t>(c1) + 1];
      for (; !near && p != end; ++p) {
        const double dy = p->lat_deg - lat_deg, dx = (p->lon_deg - lon) * coslat;
        near = dx * dx + dy * dy <= limit;
      }
    }
    // Inside the prefecture counts too; the point-in-polygon test only where no outline point was
    // near (a point near the coast, as most of a corridor is, needs none).
    if (!near) {
      if (inside == -2) inside = regionAt(lat_deg, lon_deg).prefecture;
      near = inside == i;
    }
    if (near) out.push_back(i);
  }
}

double Geography::distanceToJapan_m(double lat_deg, double lon_deg, double beyond_m) const {
  double best = std::numeric_limits<double>::infinity();
  for (int i = 0; i < prefectureCount(); ++i) best = std::min(best, distanceToPrefecture_m(i, lat_deg, lon_deg, beyond_m));
  return best;
}

MaritimeZone Geography::zoneOf(double lat_deg, double lon_deg) const {
  const RegionAt r = regionAt(lat_deg, lon_deg);
  if (r.prefecture >= 0) return MaritimeZone::kJapanLand;
  if (r.country >= 0 && r.country != japan_) return MaritimeZone::kOtherLand;
  const double d = distanceToJapan_m(lat_deg, lon_deg, kEezBreadth_m);
  if (r.country == japan_ || d <= kTerritorialSeaBreadth_m) return MaritimeZone::kJapanTerritorialSea;
  if (d <= kEezBreadth_m) return MaritimeZone::kJapanEez;
  return MaritimeZone::kOpenSea;
}

const char* zoneName(MaritimeZone z) {
  switch (z) {
    case MaritimeZone::kJapanLand: return "japan-land";
    case MaritimeZone::kJapanTerritorialSea: return "japan-territorial-sea";
    case MaritimeZone::kJapanEez: return "japan-eez";
    case MaritimeZone::kOtherLand: return "other-land";
    case MaritimeZone::kOpenSea: return "open-sea";
  }
  return "?";
}

void Geography::addPolygon(const std::vector<std::vector<LatLon>>& rings, int owner, bool prefecture) {
  struct P {
    double x, y;
  };
  std::vector<Edge> edges;
  double min_x = std::numeric_limits<double>::infinity();
  double max_x = -min_x;
  double min_y = min_x;
  double max_y = -min_x;
  double outer_min_x = std::numeric_limits<double>::quiet_NaN();

  std::vector<P> u;
  for (const Ring& ring : rings) {
    if (ring.size() < 2) continue;
    if (std::all_of(ring.begin(), ring.end(), [](const LatLon& p) { return std::abs(p.lat_deg) > kPolarSliverLat; })) {
      continue;
    }
    // Unwrap longitudes so that consecutive vertices are less than 180 degrees apart: a ring that crosses the
    // antimeridian (Chukotka, Fiji, Wrangel Island in Natural Earth) becomes one continuous ring, e.g. 170..190.
    u.clear();
    u.reserve(ring.size() + 3);
    double x = ring[0].lon_deg;
    u.push_back({x, ring[0].lat_deg});
    double lat_sum = ring[0].lat_deg;
    for (std::size_t k = 1; k < ring.size(); ++k) {
      x += std::remainder(ring[k].lon_deg - ring[k - 1].lon_deg, 360.0);
      u.push_back({x, ring[k].lat_deg});
      lat_sum += ring[k].lat_deg;
    }
    // Where the first vertex comes back after the closing edge. A ring whose unwrapped longitude gains or loses
    // 360 degrees on the way round encircles a pole (Antarctica): close it along the pole so that it bounds the
    // region between the ring and the pole in the plane.
    const double x_close = x + std::remainder(ring[0].lon_deg - ring.back().lon_deg, 360.0);
    if (std::abs(x_close - u[0].x) > 180.0) {
      const double pole = lat_sum < 0.0 ? -90.0 : 90.0;
      if (x_close != x) u.push_back({x_close, ring[0].lat_deg});
      u.push_back({x_close, pole});
      u.push_back({u[0].x, pole});
    }
    // Shift by a whole turn: the outer ring so that it starts in [-180, 180), holes next to the outer ring.
    double ring_min = u[0].x;
    for (const P& p : u) ring_min = std::min(ring_min, p.x);
    const double base = std::isnan(outer_min_x) ? -180.0 : outer_min_x;
    const double shift = -360.0 * std::floor((ring_min - base) / 360.0);
    if (std::isnan(outer_min_x)) outer_min_x = ring_min + shift;
    for (P& p : u) {
      p.x += shift;
      min_x = std::min(min_x, p.x);
      max_x = std::max(max_x, p.x);
      min_y = std::min(min_y, p.y);
      max_y = std::max(max_y, p.y);
    }
    // Edges, closing edge included; horizontal edges never cross a horizontal ray and are dropped.
    for (std::size_t k = 0; k < u.size(); ++k) {
      const P& a = u[k];
      const P& b = u[(k + 1) % u.size()];
      if (a.y == b.y) continue;
      edges.push_back(Edge{a.y, b.y, a.x, (b.x - a.x) / (b.y - a.y)});
    }
  }
  if (edges.empty()) return;

  Polygon poly{};
  poly.min_lon = min_x;
  poly.max_lon = max_x;
  poly.min_lat = min_y;
  poly.max_lat = max_y;
  poly.owner = owner;
  poly.prefecture = prefecture;
  // Latitude bands of about 4 edges each (at most 4096): a query then looks at the edges of one band only.
  const std::size_t nb = std::clamp<std::size_t>(edges.size() / 4, 1, 4096);
  poly.band_count = static_cast<std::uint32_t>(nb);
  poly.band_lat0 = min_y;
  poly.band_inv_h = max_y > min_y ? static_cast<double>(nb) / (max_y - min_y) : 0.0;
  poly.band_first = static_cast<std::uint32_t>(band_start_.size());

  auto bandOf = [&](double y) {
    const double b = std::floor((y - poly.band_lat0) * poly.band_inv_h);
    return static_cast<std::size_t>(std::clamp(b, 0.0, static_cast<double>(nb - 1)));
  };
  std::vector<std::uint32_t> count(nb + 1, 0);
  for (const Edge& e : edges) {
    for (std::size_t b = bandOf(std::min(e.y0, e.y1)); b <= bandOf(std::max(e.y0, e.y1)); ++b) ++count[b + 1];
  }
  const auto first_edge = static_cast<std::uint32_t>(band_edges_.size());
  for (std::size_t b = 0; b < nb; ++b) count[b + 1] += count[b];
  for (std::size_t b = 0; b <= nb; ++b) band_start_.push_back(first_edge + count[b]);
  band_edges_.resize(first_edge + count[nb]);
  std::vector<std::uint32_t> fill(count.begin(), count.end() - 1);
  for (const Edge& e : edges) {
    for (std::size_t b = bandOf(std::min(e.y0, e.y1)); b <= bandOf(std::max(e.y0, e.y1)); ++b) {
      band_edges_[first_edge + fill[b]++] = e;
    }
  }
  polygons_.push_back(poly);
}

void Geography::buildGrid() {
  constexpr std::size_t cells = static_cast<std::size_t>(kGridRows) * kGridCols;
  auto forEachCell = [](const Polygon& p, auto&& fn) {
    const int r0 = std::clamp(static_cast<int>(std::floor(p.min_lat + 90.0)), 0, kGridRows - 1);
    const int r1 = std::clamp(static_cast<int>(std::floor(p.max_lat + 90.0)), 0, kGridRows - 1);
    const int c0 = static_cast<int>(std::floor(p.min_lon + 180.0));
    const int c1 = std::min(static_cast<int>(std::floor(p.max_lon + 180.0)), c0 + kGridCols - 1);
    for (int r = r0; r <= r1; ++r) {
      for (int c = c0; c <= c1; ++c) {
        const int col = ((c % kGridCols) + kGridCols) % kGridCols;  // wrap columns east of 180
        fn(static_cast<std::size_t>(r) * kGridCols + static_cast<std::size_t>(col));
      }
    }
  };
  std::vector<std::uint32_t> count(cells + 1, 0);
  for (const Polygon& p : polygons_) forEachCell(p, [&](std::size_t cell) { ++count[cell + 1]; });
  for (std::size_t c = 0; c < cells; ++c) count[c + 1] += count[c];
  cell_start_ = count;
  cell_polygons_.resize(count[cells]);
  for (std::size_t i = 0; i < polygons_.size(); ++i) {
    forEachCell(polygons_[i], [&](std::size_t cell) { cell_polygons_[count[cell]++] = static_cast<std::uint32_t>(i); });
  }
}

// ------------------------------------------------------------------------------------------------ queries --------

bool Geography::polygonContains(const Polygon& p, double x, double y) const {
  const double bf = std::floor((y - p.band_lat0) * p.band_inv_h);
  const auto b = static_cast<std::uint32_t>(std::clamp(bf, 0.0, static_cast<double>(p.band_count - 1)));
  const Edge* e = band_edges_.data() + band_start_[p.band_first + b];
  const Edge* const end = band_edges_.data() + band_start_[p.band_first + b + 1];
  bool inside = false;
  for (; e != end; ++e) {
    // Even-odd rule with a ray from (x, y) towards +x; the half-open test (y0 > y) != (y1 > y) counts a vertex
    // on the ray exactly once.
    if ((e->y0 > y) != (e->y1 > y) && x < e->x0 + (y - e->y0) * e->dxdy) inside = !inside;
  }
  return inside;
}

RegionAt Geography::regionAt(double lat_deg, double lon_deg) const {
  RegionAt r;
  if (!std::isfinite(lat_deg) || !std::isfinite(lon_deg) || std::abs(lat_deg) > 90.0) return r;
  const double lon = normaliseLon(lon_deg);
  const int row = std::clamp(static_cast<int>(std::floor(lat_deg + 90.0)), 0, kGridRows - 1);
  const int col = std::clamp(static_cast<int>(std::floor(lon + 180.0)), 0, kGridCols - 1);
  const std::size_t cell = static_cast<std::size_t>(row) * kGridCols + static_cast<std::size_t>(col);
  for (std::uint32_t k = cell_start_[cell]; k < cell_start_[cell + 1]; ++k) {
    const Polygon& p = polygons_[cell_polygons_[k]];
    if ((p.prefecture ? r.prefecture : r.country) >= 0) continue;  // regions of one layer do not overlap
    if (lat_deg < p.min_lat || lat_deg > p.max_lat) continue;
    double x = lon;
    if (x < p.min_lon || x > p.max_lon) {
      x += 360.0;  // the polygon may extend east of 180 (unwrapped across the antimeridian)
      if (x < p.min_lon || x > p.max_lon) continue;
    }
    if (!polygonContains(p, x, lat_deg)) continue;
    if (p.prefecture) {
      r.prefecture = p.owner;
      break;  // a prefecture decides the country (Japan) too
    }
    r.country = p.owner;
  }
  if (r.prefecture >= 0) r.country = japan_;
  return r;
}

const std::string& Geography::countryName(int i) const {
  PICKET_ASSERT(i >= 0 && i < countryCount(), "country index out of range");
  return countries_[static_cast<std::size_t>(i)].name;
}

int Geography::countryIsoNumeric(int i) const {
  PICKET_ASSERT(i >= 0 && i < countryCount(), "country index out of range");
  return countries_[static_cast<std::size_t>(i)].iso;
}

int Geography::findCountry(std::string_view name) const {
  for (std::size_t i = 0; i < countries_.size(); ++i) {
    if (equalsIgnoreCase(countries_[i].name, name)) return static_cast<int>(i);
  }
  return -1;
}

int Geography::countryByIso(int iso_numeric) const {
  if (iso_numeric < 0) return -1;
  for (std::size_t i = 0; i < countries_.size(); ++i) {
    if (countries_[i].iso == iso_numeric) return static_cast<int>(i);
  }
  return -1;
}

const std::string& Geography::prefectureName(int i) const {
  PICKET_ASSERT(i >= 0 && i < prefectureCount(), "prefecture index out of range");
  return prefectures_[static_cast<std::size_t>(i)].name_en;
}

const std::string& Geography::prefectureNameJa(int i) const {
  PICKET_ASSERT(i >= 0 && i < prefectureCount(), "prefecture index out of range");
  return prefectures_[static_cast<std::size_t>(i)].name_ja;
}

int Geography::prefectureJisCode(int i) const {
  PICKET_ASSERT(i >= 0 && i < prefectureCount(), "prefecture index out of range");
  return prefectures_[static_cast<std::size_t>(i)].jis;
}

int Geography::findPrefecture(std::string_view name_en) const {
  for (std::size_t i = 0; i < prefectures_.size(); ++i) {
    if (equalsIgnoreCase(prefectures_[i].name_en, name_en)) return static_cast<int>(i);
  }
  return -1;
}

const Landmark* Geography::findLandmark(std::string_view name) const {
  for (const Landmark& l : landmarks_) {
    if (equalsIgnoreCase(l.name, name)) return &l;
  }
  return nullptr;
}

LandmarkFix Geography::fixFrom(const Landmark& l, double lat_deg, double lon_deg) const {
  double s12 = 0.0;
  double azi1 = 0.0;
  double azi2 = 0.0;
  GeographicLib::Geodesic::WGS84().Inverse(l.lat_deg, l.lon_deg, lat_deg, lon_deg, s12, azi1, azi2);
  return LandmarkFix{&l, s12, normaliseBearing(azi1)};
}

LandmarkFix Geography::nearestLandmark(double lat_deg, double lon_deg) const {
  const GeographicLib::Geodesic& wgs84 = GeographicLib::Geodesic::WGS84();
  const Landmark* best = nullptr;
  double best_s = std::numeric_limits<double>::infinity();
  for (const Landmark& l : landmarks_) {
    double s12 = 0.0;
    wgs84.Inverse(l.lat_deg, l.lon_deg, lat_deg, lon_deg, s12);
    if (s12 < best_s) {
      best_s = s12;
      best = &l;
    }
  }
  if (best == nullptr) return LandmarkFix{nullptr, std::numeric_limits<double>::quiet_NaN(), 0.0};
  return fixFrom(*best, lat_deg, lon_deg);
}

std::vector<RegionCrossing> Geography::crossings(const std::function<LatLon(double)>& track, double t0_s,
                                                 double t1_s, double dt_s, double tol_s) const {
  PICKET_ASSERT(static_cast<bool>(track), "crossings: empty track function");
  PICKET_ASSERT(std::isfinite(t0_s) && std::isfinite(t1_s) && t1_s >= t0_s, "crossings: need finite t0 <= t1");
  PICKET_ASSERT(std::isfinite(dt_s) && dt_s > 0.0, "crossings: dt_s must be positive");
  PICKET_ASSERT(std::isfinite(tol_s) && tol_s > 0.0, "crossings: tol_s must be positive");

  auto regionOf = [&](double t) {
    const LatLon p = track(t);
    return regionAt(p.lat_deg, p.lon_deg);
  };

  std::vector<RegionCrossing> out;
  RegionAt run = regionOf(t0_s);  // region of the current run
  double run_enter = t0_s;
  double t_prev = t0_s;
  const auto steps = static_cast<long long>(std::ceil((t1_s - t0_s) / dt_s));
  for (long long k = 1; k <= steps; ++k) {
    const double t = (k == steps) ? t1_s : std::min(t0_s + static_cast<double>(k) * dt_s, t1_s);
    const RegionAt r = regionOf(t);
    // Resolve every change inside (t_prev, t]: bisect for where `run` ends; the region found just after that
    // point starts the next run, and the search goes on from there until it reaches the region sampled at t.
    double lo = t_prev;
    while (!(run == r)) {
      double a = lo;
      double b = t;
      RegionAt rb = r;
      while (b - a > tol_s) {
        const double m = 0.5 * (a + b);
        if (m <= a || m >= b) break;  // no representable midpoint left
        const RegionAt rm = regionOf(m);
        if (rm == run) {
          a = m;
        } else {
          b = m;
          rb = rm;
        }
      }
      const double t_change = 0.5 * (a + b);
      if (run.country >= 0) out.push_back(RegionCrossing{run.country, run.prefecture, run_enter, t_change});
      run = rb;
      run_enter = t_change;
      lo = b;
    }
    t_prev = t;
  }
  if (run.country >= 0) out.push_back(RegionCrossing{run.country, run.prefecture, run_enter, t1_s});
  return out;
}

}  // namespace picket::world

// Geography of the world stage: which country / Japanese prefecture lies under a point, named landmarks,
// and the regions a ground track passes over.
//
// Data (data_dir/geo/, see data/geo/README.md for sources and licences):
//  - countries-50m.geojson      Natural Earth 1:50m admin-0 countries (via the npm package world-atlas)
//  - japan-prefectures.geojson  the 47 prefectures (MLIT National Land Numerical Information N03, 1 % simplified)
//  - landmarks.yaml             named points with lat/lon and a public source
//
// Region rule (documented choice): countries come from Natural Earth; prefectures from the MLIT outlines, which
// are tested whenever the point lies in a prefecture's own bounding box (not only when Natural Earth says
// "Japan": the two coastlines differ by up to a few km). A point inside a prefecture counts as Japan, whatever
// Natural Earth says there (open sea along the coast, or the Northern Territories, which N03 includes in
// Hokkaido and Natural Earth's admin-0 shows under Russia). A point Natural Earth puts in Japan but no
// prefecture covers (small islands lost to simplification, coastline mismatch) is Japan with prefecture -1.
//
// Point-in-polygon is even-odd ray casting on planar lon/lat in degrees. Edges are straight in lon/lat, not great
// circles; with vertices a few km apart the difference is metres, well below the data's own accuracy.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace picket::world {

struct LatLon {
  double lat_deg = 0.0;
  double lon_deg = 0.0;
};

struct Landmark {
  std::string name;
  double lat_deg = 0.0;
  double lon_deg = 0.0;
  std::string source;  // where the coordinates come from (a public page)
};

// Position of a point relative to a landmark: geodesic distance on WGS-84 and the bearing FROM the landmark TO the
// point, degrees clockwise from true north in [0, 360).
struct LandmarkFix {
  const Landmark* landmark = nullptr;
  double distance_m = 0.0;
  double bearing_deg = 0.0;
};

// Region under a point: indices into the country / prefecture tables, -1 = none (open sea, outside Japan).
struct RegionAt {
  int country = -1;
  int prefecture = -1;

  friend bool operator==(const RegionAt&, const RegionAt&) = default;
};

// One maximal interval of a ground track over one (country, prefecture) pair; country >= 0 always.
struct RegionCrossing {
  int country = -1;
  int prefecture = -1;
  double enter_t_s = 0.0;
  double exit_t_s = 0.0;
};

// Immutable after load(); every const member is safe to call from many threads at once.
// Where a point falls relative to Japan. The territorial sea (12 nmi) and the exclusive economic
// zone (200 nmi) are taken as distances from the MLIT coastline (UNCLOS arts. 3 and 57), not from
// the legal baselines and without the median lines agreed or disputed with neighbours: an
// approximation good to tens of km near Japan's neighbours, exact enough over the open Pacific.
enum class MaritimeZone { kJapanLand, kJapanTerritorialSea, kJapanEez, kOtherLand, kOpenSea };
inline constexpr double kTerritorialSeaBreadth_m = 12.0 * 1852.0;
inline constexpr double kEezBreadth_m = 200.0 * 1852.0;
const char* zoneName(MaritimeZone z);

class Geography {
 public:
  // Loads data_dir/geo/{countries-50m.geojson, japan-prefectures.geojson, landmarks.yaml}.
  // Throws picket::InputError naming the file (and line where known) on a missing, unreadable or malformed file.
  static Geography load(const std::filesystem::path& data_dir);

  // Region under (lat, lon); any finite longitude is accepted (normalised to [-180, 180)). Does not allocate.
  [[nodiscard]] RegionAt regionAt(double lat_deg, double lon_deg) const;

  [[nodiscard]] int countryCount() const { return static_cast<int>(countries_.size()); }
  [[nodiscard]] const std::string& countryName(int i) const;  // Natural Earth `name`, e.g. "Japan"
  [[nodiscard]] int countryIsoNumeric(int i) const;           // ISO 3166-1 numeric, -1 where Natural Earth has none
  [[nodiscard]] int findCountry(std::string_view name) const;  // case-insensitive Natural Earth name; -1 if none
  [[nodiscard]] int countryByIso(int iso_numeric) const;       // first feature with that code; -1 if none
  [[nodiscard]] int japan() const { return japan_; }           // index of Japan (ISO 392)

  [[nodiscard]] int prefectureCount() const { return static_cast<int>(prefectures_.size()); }
  [[nodiscard]] const std::string& prefectureName(int i) const;    // English, e.g. "Hokkaido"
  [[nodiscard]] const std::string& prefectureNameJa(int i) const;  // N03_001, e.g. "北海道"
  [[nodiscard]] int prefectureJisCode(int i) const;                // JIS X 0401, 1..47
  [[nodiscard]] int findPrefecture(std::string_view name_en) const;  // case-insensitive; -1 if none

  // Distance from (lat, lon) to prefecture i's land (0 inside), from its outline points every ~1 km;
  // infinity where it is farther than beyond_m (a quick bounding-box test first).
  [[nodiscard]] double distanceToPrefecture_m(int i, double lat_deg, double lon_deg, double beyond_m) const;
  [[nodiscard]] double distanceToJapan_m(double lat_deg, double lon_deg, double beyond_m) const;
  // The prefectures i with distanceToPrefecture_m(i, lat, lon, within_m) <= within_m, in index
  // order, into `out` (cleared first): one cosine and at most one region lookup for all of them
  // (none where every candidate has an outline point close enough), and each outline scanned only
  // until a point close enough (what the alerts ask at every ground-track point of every
  // prediction).
  void prefecturesWithin(double lat_deg, double lon_deg, double within_m, std::vector<int>& out) const;
  [[nodiscard]] MaritimeZone zoneOf(double lat_deg, double lon_deg) const;

  [[nodiscard]] const std::vector<Landmark>& landmarks() const { return landmarks_; }
  [[nodiscard]] const Landmark* findLandmark(std::string_view name) const;  // case-insensitive, nullptr if none
  [[nodiscard]] LandmarkFix nearestLandmark(double lat_deg, double lon_deg) const;  // geodesic, WGS-84
  [[nodiscard]] LandmarkFix fixFrom(const Landmark& l, double lat_deg, double lon_deg) const;

  // Ground-track query. track(t) gives the sub-point at time t. Samples every dt_s over [t0_s, t1_s] (t1_s always
  // sampled), detects changes of (country, prefecture) between samples and refines each change time by bisection
  // on `track` to within tol_s (the reported time is the midpoint of the final bracket). Returns the maximal
  // intervals spent over a country (with or without a prefecture), in time order; open sea is left out. A track
  // that starts or ends over land gives an interval starting at t0_s / ending at t1_s. A visit shorter than dt_s
  // that begins and ends between two samples can be missed: choose dt_s accordingly.
  [[nodiscard]] std::vector<RegionCrossing> crossings(const std::function<LatLon(double)>& track, double t0_s,
                                                      double t1_s, double dt_s = 1.0, double tol_s = 1e-3) const;

 private:
  // One polygon edge, kept only where it is not horizontal: from (x0, y0) to a point at latitude y1,
  // x(y) = x0 + (y - y0) * dxdy.
  struct Edge {
    double y0;
    double y1;
    double x0;
    double dxdy;
  };
  // One polygon (outer ring and holes) with its bounding box and a latitude-band index of its edges: band b
  // covers [lat0 + b / inv_h, lat0 + (b + 1) / inv_h] and lists every edge whose latitude range meets it.
  struct Polygon {
    double min_lon, max_lon, min_lat, max_lat;  // min_lon in [-180, 180); max_lon may exceed 180 (antimeridian)
    double band_lat0;
    double band_inv_h;
    std::uint32_t band_first;  // into band_start_
    std::uint32_t band_count;
    std::int32_t owner;        // country or prefecture index
    bool prefecture;
  };
  struct Country {
    std::string name;
    int iso = -1;
  };
  struct Prefecture {
    std::string name_en;
    std::string name_ja;
    int jis = 0;
  };

  static constexpr int kGridCols = 360;  // 1-degree cells over the globe
  static constexpr int kGridRows = 180;

  // Adds one polygon: rings[0] is the outer ring, the rest are holes (even-odd counting treats them alike).
  void addPolygon(const std::vector<std::vector<LatLon>>& rings, int owner, bool prefecture);
  void buildGrid();
  void addOutline(const std::vector<std::vector<LatLon>>& rings, int prefecture);
  [[nodiscard]] bool polygonContains(const Polygon& p, double x, double y) const;

  std::vector<Country> countries_;
  std::vector<Prefecture> prefectures_;
  std::vector<Landmark> landmarks_;
  int japan_ = -1;

  struct Outline {
    std::vector<LatLon> points;
    double min_lat = 1e9, max_lat = -1e9, min_lon = 1e9, max_lon = -1e9;
    // The same points bucketed into kOutlineCell_deg cells over the bounding box (row-major from
    // (min_lat, min_lon); cell_start has rows * cols + 1 offsets into by_cell): prefecturesWithin
    // looks only at the cells its query box meets, where it scanned the whole outline (Hokkaido's
    // has thousands of points, and most ground-track points over the sea near it are near none).
    std::vector<LatLon> by_cell;
    std::vector<std::uint32_t> cell_start;
    int rows = 0, cols = 0;
  };
  static constexpr double kOutlineCell_deg = 0.1;
  void indexOutline(Outline& o);
  std::vector<Outline> outlines_;  // per prefecture
  // Per 1-degree cell (rows from 90 S, columns from 0 E to 360 E), the prefectures whose outline's
  // bounding box meets it, one bit each (empty with more than 64 prefectures: every prefecture is
  // a candidate then). prefecturesWithin tests the boxes of the candidates of the cells its query
  // box meets, where it tested all 47 at every point of a ground track (a tenth of a Monte Carlo
  // trial, mostly over the sea far from any).
  void indexOutlineBoxes();
  std::vector<std::uint64_t> outline_cells_;

  std::vector<Polygon> polygons_;
  std::vector<std::uint32_t> band_start_;  // per polygon band_count + 1 offsets into band_edges_
  std::vector<Edge> band_edges_;
  std::vector<std::uint32_t> cell_start_;     // kGridRows * kGridCols + 1 offsets into cell_polygons_
  std::vector<std::uint32_t> cell_polygons_;  // polygon indices whose bounding box meets the cell
};

}  // namespace picket::world

// Tests of picket::world::Geography against the shipped data in data/geo.
#include "world/geography.h"

#include <GeographicLib/Geodesic.hpp>
#include <GeographicLib/GeodesicLine.hpp>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <new>
#include <random>
#include <set>
#include <string>

#include "common/error.h"

#ifndef PICKET_DATA_DIR
#error "PICKET_DATA_DIR must be defined as the absolute path of the repository's data/ directory"
#endif

// Counting replacement of the global allocation functions, to check that regionAt() never allocates. It only
// counts and forwards to malloc/free, so it is harmless for the rest of this test binary (it must not be linked
// together with another translation unit that also replaces operator new).
namespace {
std::atomic<long> g_allocations{0};
}  // namespace

void* operator new(std::size_t n) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}
// noinline: GCC's -Wmismatched-new-delete would otherwise see free() on a pointer from a new-expression.
[[gnu::noinline]] void operator delete(void* p) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete(void* p, std::size_t) noexcept { std::free(p); }

namespace picket::world {
namespace {

const Geography& geo() {
  static const Geography g = Geography::load(PICKET_DATA_DIR);
  return g;
}

std::string countryAt(double lat, double lon) {
  const RegionAt r = geo().regionAt(lat, lon);
  return r.country < 0 ? std::string("<none>") : geo().countryName(r.country);
}

std::string prefectureAt(double lat, double lon) {
  const RegionAt r = geo().regionAt(lat, lon);
  return r.prefecture < 0 ? std::string("<none>") : geo().prefectureName(r.prefecture);
}

const Landmark& landmark(std::string_view name) {
  const Landmark* l = geo().findLandmark(name);
  if (l == nullptr) throw std::runtime_error("landmark missing: " + std::string(name));
  return *l;
}

TEST(Geography, LoadsAll47PrefecturesWithEnglishNames) {
  ASSERT_EQ(geo().prefectureCount(), 47);
  std::set<std::string> names;
  for (int i = 0; i < 47; ++i) {
    EXPECT_EQ(geo().prefectureJisCode(i), i + 1);
    EXPECT_FALSE(geo().prefectureName(i).empty());
    EXPECT_FALSE(geo().prefectureNameJa(i).empty());
    names.insert(geo().prefectureName(i));
  }
  EXPECT_EQ(names.size(), 47U);
  EXPECT_EQ(geo().prefectureName(0), "Hokkaido");
  EXPECT_EQ(geo().prefectureNameJa(0), "北海道");
  EXPECT_EQ(geo().prefectureName(12), "Tokyo");
  EXPECT_EQ(geo().prefectureName(46), "Okinawa");
  EXPECT_EQ(geo().findPrefecture("aomori"), 1);
  EXPECT_EQ(geo().findPrefecture("Atlantis"), -1);
}

TEST(Geography, CountriesLoaded) {
  EXPECT_GT(geo().countryCount(), 200);
  ASSERT_GE(geo().japan(), 0);
  EXPECT_EQ(geo().countryName(geo().japan()), "Japan");
  EXPECT_EQ(geo().countryIsoNumeric(geo().japan()), 392);
  EXPECT_EQ(geo().countryByIso(392), geo().japan());
  EXPECT_EQ(geo().findCountry("north korea"), geo().countryByIso(408));
  EXPECT_EQ(geo().findCountry("Atlantis"), -1);
}

TEST(Geography, SapporoIsInHokkaido) {
  EXPECT_EQ(countryAt(43.06, 141.35), "Japan");
  EXPECT_EQ(prefectureAt(43.06, 141.35), "Hokkaido");
}

TEST(Geography, TokyoIsInTokyo) {
  EXPECT_EQ(countryAt(35.68, 139.69), "Japan");
  EXPECT_EQ(prefectureAt(35.68, 139.69), "Tokyo");
}

TEST(Geography, MorePrefectures) {
  EXPECT_EQ(prefectureAt(40.82, 140.74), "Aomori");     // Aomori city
  EXPECT_EQ(prefectureAt(34.69, 135.50), "Osaka");      // Osaka city
  EXPECT_EQ(prefectureAt(26.21, 127.68), "Okinawa");    // Naha
  EXPECT_EQ(prefectureAt(38.07, 138.40), "Niigata");    // Sado Island
  EXPECT_EQ(prefectureAt(36.23, 133.28), "Shimane");    // Oki, Dogo
  EXPECT_EQ(prefectureAt(42.15, 139.47), "Hokkaido");   // Okushiri Island
}

// The documented region rule: a point inside a prefecture counts as Japan even where Natural Earth says otherwise
// (the Northern Territories: Russia in Natural Earth admin-0, Hokkaido in MLIT N03); a point Natural Earth puts in
// Japan but outside every (simplified) prefecture is Japan without a prefecture.
TEST(Geography, RegionRulePrefectureImpliesJapan) {
  EXPECT_EQ(countryAt(44.0, 145.8), "Japan");  // Kunashiri
  EXPECT_EQ(prefectureAt(44.0, 145.8), "Hokkaido");
  EXPECT_EQ(countryAt(45.0, 147.9), "Japan");  // Etorofu
  const Landmark& nosappu = landmark("Cape Nosappu");
  EXPECT_EQ(geo().regionAt(nosappu.lat_deg, nosappu.lon_deg), (RegionAt{geo().japan(), -1}));
  int in_prefecture = 0;
  for (int i = 0; i <= 100; ++i) {  // prefecture >= 0 implies Japan, on a 0.2-degree grid over Japan
    for (int j = 0; j <= 100; ++j) {
      const RegionAt r = geo().regionAt(26.0 + 0.2 * i, 127.0 + 0.2 * j);
      if (r.prefecture < 0) continue;
      ++in_prefecture;
      EXPECT_EQ(r.country, geo().japan());
    }
  }
  EXPECT_GT(in_prefecture, 500);
}

TEST(Geography, PyongyangIsInNorthKorea) {
  EXPECT_EQ(countryAt(39.03, 125.75), "North Korea");
  EXPECT_EQ(prefectureAt(39.03, 125.75), "<none>");
  EXPECT_EQ(countryAt(37.57, 126.98), "South Korea");  // Seoul
  EXPECT_EQ(countryAt(39.90, 116.40), "China");        // Beijing
}

TEST(Geography, OpenSeaIsNothing) {
  EXPECT_EQ(geo().regionAt(40.0, 135.0), RegionAt{});  // Sea of Japan
  EXPECT_EQ(geo().regionAt(42.0, 170.0), RegionAt{});  // North Pacific
  EXPECT_EQ(geo().regionAt(41.5, 140.5), RegionAt{});  // Tsugaru Strait
}

TEST(Geography, GuamIsItsOwnFeature) {
  const Landmark& andersen = landmark("Guam (Andersen AFB)");
  EXPECT_EQ(countryAt(andersen.lat_deg, andersen.lon_deg), "Guam");
  EXPECT_EQ(countryAt(13.45, 144.78), "Guam");  // Hagatna area
}

TEST(Geography, AntimeridianChukotka) {
  EXPECT_EQ(countryAt(67.0, 179.9), "Russia");
  EXPECT_EQ(countryAt(67.0, -179.9), "Russia");
  EXPECT_EQ(countryAt(67.0, 180.1), "Russia");           // same place as -179.9
  EXPECT_EQ(countryAt(67.0, 179.9 - 360.0), "Russia");   // same place as 179.9
  EXPECT_EQ(countryAt(71.2, -179.5), "Russia");          // Wrangel Island, east of 180
  EXPECT_EQ(countryAt(71.2, 179.5), "Russia");           // Wrangel Island, west of 180
  EXPECT_EQ(countryAt(64.5, -179.9), "<none>");          // Gulf of Anadyr, south of the coast
}

TEST(Geography, AntimeridianFijiAndPole) {
  EXPECT_EQ(countryAt(-16.53, 179.99), "Fiji");
  EXPECT_EQ(countryAt(-80.0, 0.0), "Antarctica");
  EXPECT_EQ(countryAt(-85.0, 179.95), "Antarctica");
  EXPECT_EQ(countryAt(-85.0, -179.95), "Antarctica");
  EXPECT_EQ(countryAt(-60.0, 0.0), "<none>");
}

TEST(Geography, LongitudeNormalisationAndBadInput) {
  EXPECT_EQ(geo().regionAt(43.06, 141.35 + 360.0), geo().regionAt(43.06, 141.35));
  EXPECT_EQ(geo().regionAt(43.06, 141.35 - 720.0), geo().regionAt(43.06, 141.35));
  EXPECT_EQ(geo().regionAt(std::nan(""), 141.35), RegionAt{});
  EXPECT_EQ(geo().regionAt(43.06, INFINITY), RegionAt{});
  EXPECT_EQ(geo().regionAt(91.0, 0.0), RegionAt{});
}

TEST(Geography, LandmarksHaveSources) {
  const char* required[] = {"Cape Erimo",     "Cape Tappi",    "Oga Peninsula",    "Oki Islands",
                            "Okushiri Island", "Cape Soya",     "Cape Nosappu",     "Cape Shiretoko",
                            "Sado Island",     "Tokyo",         "Sapporo",          "Chitose Air Base",
                            "Misawa Air Base", "Hakodate",      "Kushiro",          "Nemuro",
                            "Guam (Andersen AFB)", "Sunan (Pyongyang International Airport)"};
  for (const char* name : required) {
    const Landmark* l = geo().findLandmark(name);
    ASSERT_NE(l, nullptr) << name;
    EXPECT_FALSE(l->source.empty()) << name;
  }
  EXPECT_EQ(geo().findLandmark("cAPE eRIMO"), geo().findLandmark("Cape Erimo"));
  EXPECT_EQ(geo().findLandmark("Cape Nowhere"), nullptr);
  // The cities and bases lie on land in the right place.
  for (const char* name : {"Tokyo", "Sapporo", "Chitose Air Base", "Hakodate", "Kushiro", "Nemuro"}) {
    const Landmark& l = landmark(name);
    EXPECT_EQ(countryAt(l.lat_deg, l.lon_deg), "Japan") << name;
  }
  EXPECT_EQ(prefectureAt(landmark("Misawa Air Base").lat_deg, landmark("Misawa Air Base").lon_deg), "Aomori");
  const Landmark& sunan = landmark("Sunan (Pyongyang International Airport)");
  EXPECT_EQ(countryAt(sunan.lat_deg, sunan.lon_deg), "North Korea");
}

TEST(Geography, DistanceSapporoTokyo) {
  const Landmark& sapporo = landmark("Sapporo");
  const Landmark& tokyo = landmark("Tokyo");
  const LandmarkFix fix = geo().fixFrom(sapporo, tokyo.lat_deg, tokyo.lon_deg);
  // Independent value: GeographicLib directly, same points.
  double s12 = 0.0;
  double azi1 = 0.0;
  double azi2 = 0.0;
  GeographicLib::Geodesic::WGS84().Inverse(sapporo.lat_deg, sapporo.lon_deg, tokyo.lat_deg, tokyo.lon_deg, s12, azi1,
                                           azi2);
  EXPECT_NEAR(fix.distance_m, s12, 1e-6);
  EXPECT_NEAR(fix.bearing_deg, azi1 < 0 ? azi1 + 360.0 : azi1, 1e-9);
  // Published figure: about 831 km between the two city centres.
  EXPECT_NEAR(fix.distance_m, 831e3, 5e3);
  // Tokyo is a little west of due south of Sapporo (initial azimuth about 190 degrees).
  EXPECT_GT(fix.bearing_deg, 180.0);
  EXPECT_LT(fix.bearing_deg, 200.0);
}

TEST(Geography, BearingSanity) {
  const Landmark& erimo = landmark("Cape Erimo");
  const GeographicLib::Geodesic& wgs = GeographicLib::Geodesic::WGS84();
  auto pointFrom = [&](double azi, double dist) {
    double lat = 0.0;
    double lon = 0.0;
    wgs.Direct(erimo.lat_deg, erimo.lon_deg, azi, dist, lat, lon);
    return LatLon{lat, lon};
  };
  const LatLon east = pointFrom(90.0, 100e3);
  LandmarkFix f = geo().fixFrom(erimo, east.lat_deg, east.lon_deg);
  EXPECT_NEAR(f.bearing_deg, 90.0, 1e-6);
  EXPECT_NEAR(f.distance_m, 100e3, 1e-3);
  // Same latitude, half a degree east: "due east" on the map, initial azimuth within a fraction of a degree of 90.
  f = geo().fixFrom(erimo, erimo.lat_deg, erimo.lon_deg + 0.5);
  EXPECT_NEAR(f.bearing_deg, 90.0, 0.5);
  const LatLon west = pointFrom(-90.0, 50e3);
  EXPECT_NEAR(geo().fixFrom(erimo, west.lat_deg, west.lon_deg).bearing_deg, 270.0, 1e-6);
  const LatLon just_west_of_north = pointFrom(-0.5, 50e3);
  f = geo().fixFrom(erimo, just_west_of_north.lat_deg, just_west_of_north.lon_deg);
  EXPECT_NEAR(f.bearing_deg, 359.5, 1e-6);
  EXPECT_LT(f.bearing_deg, 360.0);
  EXPECT_GE(f.bearing_deg, 0.0);
}

TEST(Geography, NearestLandmark) {
  const LandmarkFix f = geo().nearestLandmark(42.80, 141.70);  // a few km from Chitose Air Base
  ASSERT_NE(f.landmark, nullptr);
  EXPECT_EQ(f.landmark->name, "Chitose Air Base");
  EXPECT_LT(f.distance_m, 5e3);
  const LandmarkFix g = geo().nearestLandmark(41.7, 143.6);  // sea off Cape Erimo, to the south-east
  ASSERT_NE(g.landmark, nullptr);
  EXPECT_EQ(g.landmark->name, "Cape Erimo");
  EXPECT_GT(g.bearing_deg, 90.0);
  EXPECT_LT(g.bearing_deg, 180.0);
}

// A synthetic track: the geodesic (straightest line on the ellipsoid) from Pyongyang at azimuth 73 degrees, flown
// at 2 km/s; it leaves North Korea over the Sea of Japan, clips the south-west tip of Hokkaido (Matsumae) and then
// the north tip of Aomori's Shimokita peninsula (Oma), a few seconds over each.
LatLon pyongyangEastward(double t) {
  static const GeographicLib::GeodesicLine line = GeographicLib::Geodesic::WGS84().Line(39.03, 125.75, 73.0);
  LatLon p;
  line.Position(2000.0 * t, p.lat_deg, p.lon_deg);
  return p;
}

TEST(Geography, CrossingsFromPyongyangEastward) {
  const std::vector<RegionCrossing> c = geo().crossings(pyongyangEastward, 0.0, 1200.0, 1.0, 1e-3);
  ASSERT_FALSE(c.empty());
  for (const RegionCrossing& x : c) {
    std::cout << "  " << geo().countryName(x.country)
              << (x.prefecture >= 0 ? "/" + geo().prefectureName(x.prefecture) : std::string()) << "  " << x.enter_t_s
              << " .. " << x.exit_t_s << " s\n";
  }
  EXPECT_EQ(geo().countryName(c.front().country), "North Korea");
  EXPECT_EQ(c.front().enter_t_s, 0.0);
  std::set<std::string> prefectures;
  for (std::size_t i = 0; i < c.size(); ++i) {
    EXPECT_LT(c[i].enter_t_s, c[i].exit_t_s);
    if (i > 0) {
      EXPECT_LE(c[i - 1].exit_t_s, c[i].enter_t_s);
    }
    if (c[i].prefecture >= 0) {
      EXPECT_EQ(c[i].country, geo().japan());
      prefectures.insert(geo().prefectureName(c[i].prefecture));
    }
  }
  // The 1 % simplified prefecture outlines see both peninsulas (a coarser simplification loses Hokkaido here).
  EXPECT_EQ(prefectures, (std::set<std::string>{"Aomori", "Hokkaido"}));

  // Each reported change time is within 1e-3 s of a reference found by a fine bisection of regionAt().
  auto regionOf = [](double t) {
    const LatLon p = pyongyangEastward(t);
    return geo().regionAt(p.lat_deg, p.lon_deg);
  };
  for (const RegionCrossing& x : c) {
    for (double t : {x.enter_t_s, x.exit_t_s}) {
      if (t == 0.0 || t == 1200.0) continue;
      double a = t - 2e-3;
      double b = t + 2e-3;
      const RegionAt ra = regionOf(a);
      ASSERT_NE(ra, regionOf(b)) << "no change of region near t = " << t;
      while (b - a > 1e-9) {
        const double m = 0.5 * (a + b);
        (regionOf(m) == ra ? a : b) = m;
      }
      EXPECT_NEAR(t, 0.5 * (a + b), 1e-3);
    }
  }
}

TEST(Geography, CrossingsEdgeCases) {
  // Entirely over the sea.
  auto sea = [](double t) { return LatLon{40.0, 135.0 + 0.001 * t}; };
  EXPECT_TRUE(geo().crossings(sea, 0.0, 100.0).empty());
  // Entirely over Sapporo: one interval covering the whole span, t1 sampled even when not a multiple of dt.
  auto still = [](double) { return LatLon{43.06, 141.35}; };
  const auto c = geo().crossings(still, 5.0, 17.5, 2.0);
  ASSERT_EQ(c.size(), 1U);
  EXPECT_EQ(c[0].enter_t_s, 5.0);
  EXPECT_EQ(c[0].exit_t_s, 17.5);
  EXPECT_EQ(c[0].prefecture, geo().findPrefecture("Hokkaido"));
  EXPECT_THROW((void)geo().crossings(still, 0.0, 1.0, 0.0), std::logic_error);
}

TEST(Geography, RegionAtDoesNotAllocateAndIsFast) {
  std::mt19937_64 rng(12345);
  std::uniform_real_distribution<double> lat_ne_asia(25.0, 50.0);
  std::uniform_real_distribution<double> lon_ne_asia(120.0, 150.0);
  std::uniform_real_distribution<double> lat_world(-90.0, 90.0);
  std::uniform_real_distribution<double> lon_world(-180.0, 180.0);
  constexpr int kN = 200000;
  std::vector<LatLon> asia(kN);
  std::vector<LatLon> world(kN);
  for (int i = 0; i < kN; ++i) {
    asia[static_cast<std::size_t>(i)] = {lat_ne_asia(rng), lon_ne_asia(rng)};
    world[static_cast<std::size_t>(i)] = {lat_world(rng), lon_world(rng)};
  }
  const Geography& g = geo();
  for (const auto* points : {&asia, &world}) {
    long sum = 0;
    const long allocations_before = g_allocations.load();
    const auto t0 = std::chrono::steady_clock::now();
    for (const LatLon& p : *points) {
      const RegionAt r = g.regionAt(p.lat_deg, p.lon_deg);
      sum += r.country + r.prefecture;
    }
    const auto t1 = std::chrono::steady_clock::now();
    EXPECT_EQ(g_allocations.load(), allocations_before);
    const double ns = std::chrono::duration<double, std::nano>(t1 - t0).count() / kN;
    std::cout << "  regionAt: " << ns << " ns/call over " << (points == &asia ? "NE Asia" : "the world")
              << " (checksum " << sum << ")\n";
    EXPECT_LT(ns, 50000.0);  // generous bound: only catches a pathological slowdown
  }
}

class GeographyBadData : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("picket_geo_test_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_ / "geo");
    const std::filesystem::path src = std::filesystem::path(PICKET_DATA_DIR) / "geo";
    for (const char* f : {"countries-50m.geojson", "japan-prefectures.geojson", "landmarks.yaml"}) {
      std::filesystem::copy_file(src / f, dir_ / "geo" / f);
    }
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  void write(const char* name, const std::string& text) {
    std::ofstream(dir_ / "geo" / name, std::ios::trunc) << text;
  }
  std::filesystem::path dir_;
};

TEST_F(GeographyBadData, MissingDirectory) {
  EXPECT_THROW((void)Geography::load(dir_ / "nope"), InputError);
}

TEST_F(GeographyBadData, BadYamlNamesFileAndLine) {
  write("landmarks.yaml", "landmarks:\n  - {name: A, lat_deg: 1, lon_deg: 2}\n  - {name: B, lat_deg: 95, lon_deg: 2}\n");
  try {
    (void)Geography::load(dir_);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(e.where().file.find("landmarks.yaml"), std::string::npos);
    EXPECT_EQ(e.where().line, 3);
  }
  write("landmarks.yaml", "landmarks:\n  - {name: A, lat_deg: north, lon_deg: 2}\n");
  EXPECT_THROW((void)Geography::load(dir_), InputError);
  write("landmarks.yaml", "landmarks:\n  - {name: A, lat_deg: 1, lon_deg: 2, colour: red}\n");
  EXPECT_THROW((void)Geography::load(dir_), InputError);
  write("landmarks.yaml", "landmarks:\n  - {name: A, lat_deg: 1, lon_deg: 2}\n  - {name: a, lat_deg: 1, lon_deg: 2}\n");
  EXPECT_THROW((void)Geography::load(dir_), InputError);
  write("landmarks.yaml", "landmarks: [\n");
  EXPECT_THROW((void)Geography::load(dir_), InputError);
}

TEST_F(GeographyBadData, BadGeoJson) {
  write("japan-prefectures.geojson", "{\"type\":\"FeatureCollection\",\n\"features\":[\n{\"type\":\"Feature\",}]}\n");
  try {
    (void)Geography::load(dir_);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(e.where().file.find("japan-prefectures.geojson"), std::string::npos);
    EXPECT_EQ(e.where().line, 3);
  }
  write("japan-prefectures.geojson",
        R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name_en":"X","jis_code":"01"},)"
        R"("geometry":{"type":"Point","coordinates":[140,40]}}]})");
  EXPECT_THROW((void)Geography::load(dir_), InputError);
}

}  // namespace
}  // namespace picket::world

namespace picket::world {
namespace {

TEST(GeographyZones, DistancesAndMaritimeZones) {
  const Geography g = Geography::load(PICKET_DATA_DIR);
  const int hokkaido = g.findPrefecture("Hokkaido");
  ASSERT_GE(hokkaido, 0);
  // Sapporo is inside; Cape Erimo (41.926N 143.248E) is on the coast; 1 degree of latitude south
  // of it (111 km of sea) is within 0.5 km of 111 km from Hokkaido's outline, less any coast nearer.
  EXPECT_EQ(g.distanceToPrefecture_m(hokkaido, 43.06, 141.35, 1e5), 0.0);
  const double d = g.distanceToPrefecture_m(hokkaido, 40.926, 143.248, 5e5);
  EXPECT_GT(d, 90e3);
  EXPECT_LT(d, 112e3);
  EXPECT_TRUE(std::isinf(g.distanceToPrefecture_m(hokkaido, 30.0, 170.0, 5e5)));
  EXPECT_EQ(g.zoneOf(35.68, 139.76), MaritimeZone::kJapanLand);            // Tokyo
  EXPECT_EQ(g.zoneOf(41.80, 143.40), MaritimeZone::kJapanTerritorialSea);  // ~15 km off Cape Erimo
  EXPECT_EQ(g.zoneOf(40.50, 145.50), MaritimeZone::kJapanEez);             // ~250 km off Hokkaido
  EXPECT_EQ(g.zoneOf(40.79, 169.41), MaritimeZone::kOpenSea);              // the flagship's impact
  EXPECT_EQ(g.zoneOf(39.02, 125.75), MaritimeZone::kOtherLand);            // Pyongyang
}

TEST(GeographyZones, PrefecturesWithinAgreesWithTheDistances) {
  // The alerts' one-pass query against the distance it stands for, prefecture by prefecture, on a
  // 0.25-degree grid over northern Japan and its seas at 0, 25 and 100 km; the grid must find both
  // answers often for the agreement to mean anything.
  const Geography g = Geography::load(PICKET_DATA_DIR);
  std::vector<int> within;
  int found = 0, tried = 0;
  for (double lat = 34.0; lat <= 46.0; lat += 0.25)
    for (double lon = 135.0; lon <= 147.0; lon += 0.25)
      for (const double r_m : {0.0, 25e3, 100e3}) {
        g.prefecturesWithin(lat, lon, r_m, within);
        std::vector<int> expected;
        for (int i = 0; i < g.prefectureCount(); ++i)
          if (g.distanceToPrefecture_m(i, lat, lon, r_m) <= r_m) expected.push_back(i);
        ASSERT_EQ(within, expected) << lat << " " << lon << " " << r_m;
        found += within.empty() ? 0 : 1;
        ++tried;
      }
  EXPECT_GT(found, tried / 5);
  EXPECT_LT(found, tried * 4 / 5);
}

TEST(GeographyZones, PrefecturesWithinAgreesAtRandomPointsAndRadii) {
  // prefecturesWithin scans only the outline cells its query box meets; the full scan of
  // distanceToPrefecture_m is the oracle, at random points over all of Japan and its seas and radii
  // from 0 to 300 km (the cell edges fall anywhere in the boxes).
  const Geography g = Geography::load(PICKET_DATA_DIR);
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> lat(23.0, 47.0), lon(122.0, 155.0), radius(0.0, 300e3);
  std::vector<int> within;
  int found = 0;
  for (int k = 0; k < 3000; ++k) {
    const double la = lat(rng), lo = lon(rng), r_m = k % 10 == 0 ? 0.0 : radius(rng);
    g.prefecturesWithin(la, lo, r_m, within);
    std::vector<int> expected;
    for (int i = 0; i < g.prefectureCount(); ++i)
      if (g.distanceToPrefecture_m(i, la, lo, r_m) <= r_m) expected.push_back(i);
    ASSERT_EQ(within, expected) << la << " " << lo << " " << r_m;
    found += within.empty() ? 0 : 1;
  }
  EXPECT_GT(found, 300);
}

}  // namespace
}  // namespace picket::world

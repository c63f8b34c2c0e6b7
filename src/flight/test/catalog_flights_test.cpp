// Each catalog missile flies the tests it was fitted to, as the public record reports them: the
// aim (launch point, bearing, range and the reported apogee) from the record, and the apogee and
// flight time that picket then computes against the record's. The sources are those cited in each
// entry (data/catalog/missiles/<id>.yaml); the fits and what they leave out are in
// docs/catalog-notes.md. Tolerances: apogee within 2 % of the reported one (KCNA gives a tenth of
// a km, Japan's figures are rounded to hundreds); flight time within 60 s of KCNA's seconds, or of
// Japan's minutes where only those exist (rounded, so 60 s and the rounding).
//
// A missile with a cut-off flies the requested apogee exactly, so its check is the flight time; a
// solid missile without one (Hwasong-18, -19, Pukguksong) flies a full burn on its lofted branch,
// so the apogee itself is the check of its energy.
#include <optional>
#include <string>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "flight/aiming.h"
#include "flight/test/aim_request.h"
#include "scenario/loader.h"

namespace picket::flight {
namespace {

struct ReportedTest {
  const char* name;
  const char* missile;
  std::optional<double> payload_kg;  // where the fit flies this test with another payload
  double lat_deg, lon_deg, azimuth_deg, range_km;
  double epoch_s;                    // launch, Unix seconds (for the Earth's orientation)
  double apogee_km;                  // reported, and asked for
  double flight_time_s;              // reported
  double time_tolerance_s;
};

// Launch points and bearings as in each entry's notes (launch sites from the CNS database and the
// press; bearings from the reported impact area).
const ReportedTest kTests[] = {
    // KCNA: 6,040.9 km, 999.2 km, 4,135 s (hwasong-17.yaml: kcna-2022-11-19).
    {"hwasong-17, 18 Nov 2022", "hwasong-17", std::nullopt, 39.20, 125.67, 71.5, 999.2, 1668734040.0, 6040.9, 4135.0, 60.0},
    // KCNA: 6,045 km, 1,000.2 km, 4,151 s.
    {"hwasong-17, 16 Mar 2023", "hwasong-17", std::nullopt, 39.20, 125.67, 63.0, 1000.2, 1678918140.0, 6045.0, 4151.0, 60.0},
    // KCNA: 6,648.4 km, 1,001.2 km, 4,491 s (hwasong-18.yaml: xinhua-2023-07-13).
    {"hwasong-18, 12 Jul 2023", "hwasong-18", std::nullopt, 39.00, 125.75, 65.0, 1001.2, 1689123540.0, 6648.4, 4491.0, 60.0},
    // KCNA: 6,518.2 km, 1,002.3 km, 4,415 s (efe-2023-12-19). Without a cut-off the apogee at a
    // range is the full burn's: the catalog's 700 kg peaks at 6,715 km (+3 %), and 730 kg
    // (inside the documented 500-1,200 kg) at the reported height; the July flight is the 700 kg one.
    {"hwasong-18, 18 Dec 2023", "hwasong-18", 730.0, 39.02, 125.75, 62.0, 1002.3, 1702855440.0, 6518.2, 4415.0, 60.0},
    // KCNA: 7,687.5 km, 1,001.2 km, 5,156 s (hwasong-19.yaml).
    {"hwasong-19, 31 Oct 2024", "hwasong-19", std::nullopt, 39.03, 125.75, 66.5, 1001.2, 1730326260.0, 7687.5, 5156.0, 60.0},
    // KCNA: 5,768.5 km, 989 km, 4,015 s: the catalog's 700 kg cannot lift it; 380 kg does
    // (hwasong-15.yaml, payload note).
    {"hwasong-15, 18 Feb 2023", "hwasong-15", 380.0, 39.20, 125.67, 71.5, 989.0, 1676708520.0, 5768.5, 4015.0, 60.0},
    // KCNA: 1,413.6 km, 400 km; no flight time published: the check is that it flies at all
    // (flight time left open: 0 tolerance means unchecked).
    {"musudan, 22 Jun 2016", "musudan", std::nullopt, 39.17, 127.48, 55.0, 400.0, 1466550300.0, 1413.6, 0.0, 0.0},
    // ROK JCS: 260 km (Japan ~270), ~1,000 km; Japan: about 10 min (scud-er.yaml).
    {"scud-er, 6 Mar 2017", "scud-er", std::nullopt, 39.66, 124.71, 85.0, 1000.0, 1488753240.0, 260.0, 600.0, 90.0},
    // ROK JCS: about 450 km, 120 km; US Pacific Command tracked it for 6 min (scud-c.yaml,
    // events/2017-05-29-scud-marv-oki.yaml). Flown ballistic: picket has no manoeuvring warhead.
    {"scud-c, 29 May 2017", "scud-c", std::nullopt, 39.17, 127.48, 92.0, 450.0, 1496004000.0, 120.0, 360.0, 90.0},
    // ROK JCS: about 910 km, 450 km; Japan: about 17 min (pukguksong-3.yaml).
    {"pukguksong-3, 2 Oct 2019", "pukguksong-3", std::nullopt, 39.26, 127.58, 87.0, 450.0, 1569967860.0, 910.0, 1020.0, 90.0},
};

class CatalogFlights : public testing::TestWithParam<ReportedTest> {};

TEST_P(CatalogFlights, FlyTheirReportedTests) {
  const ReportedTest& t = GetParam();
  const world::Earth earth(world::EarthOptions{}, UtcTime{t.epoch_s});
  const world::Atmosphere atmosphere(world::AtmosphereModel::kUs1976);
  scenario::MissileConfig cfg = scenario::loadCatalogMissile(t.missile, PICKET_DATA_DIR);
  if (t.payload_kg) {
    cfg.payload.mass_kg = *t.payload_kg;
    scenario::checkPayloadOverride(cfg, SourceLocation{"test", 0});  // within the documented range
  }
  const Missile missile(cfg);
  const FlightModels models{earth, atmosphere};
  AimRequest req = requestTo(earth, world::Geodetic{t.lat_deg, t.lon_deg, 0.0}, t.azimuth_deg, t.range_km * 1e3);
  req.shape = scenario::TrajectoryShape::kApogee;
  req.apogee_m = t.apogee_km * 1e3;
  const AimSolution sol = solveAim(models, missile, req);
  FlightResult r;
  flyMissile(models, missile, req.launch, sol.plan, FlightOptions{}, r);
  ASSERT_TRUE(r.impacted) << t.name;
  EXPECT_LE(sol.miss_m, kAimTolerance_m) << t.name;
  EXPECT_NEAR(r.apogee.position.alt_m / 1e3, t.apogee_km, 0.02 * t.apogee_km) << t.name;
  if (t.time_tolerance_s > 0.0) {
    EXPECT_NEAR(r.impact.t_s, t.flight_time_s, t.time_tolerance_s) << t.name;
  }
}

INSTANTIATE_TEST_SUITE_P(Record, CatalogFlights, testing::ValuesIn(kTests),
                         [](const testing::TestParamInfo<ReportedTest>& p) {
                           std::string name = fmt::format("{}_{}", p.param.missile, p.index);
                           for (char& c : name)
                             if (c == '-') c = '_';
                           return name;
                         });

}  // namespace
}  // namespace picket::flight

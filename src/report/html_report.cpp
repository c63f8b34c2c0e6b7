// The HTML report: the static page built in web/ (web/dist) copied to OUT/report/, with the run's
// data written beside it as data.js (format picket-report/1, docs/output.md).
#include <algorithm>
#include <cmath>
#include <unistd.h>

#include <fmt/format.h>

#include "common/error.h"
#include "report/format.h"
#include "report/report.h"
#include "world/earth.h"

namespace picket::report {
namespace fs = std::filesystem;
using nlohmann::json;
using simulation::SimulationResult;

namespace {

// Budgets that keep a 300-missile raid's report responsive (a missile flies about 1,000 one-second
// samples): the globe's position samples and the plots' points, over all missiles together.
constexpr std::size_t kCzmlPositionBudget = 60000;
constexpr std::size_t kPlotPointBudget = 30000;
// Never thinner than this many points a missile in the plots (the shape of an arc survives).
constexpr std::size_t kMinPlotPoints = 60;

json seriesJson(const SimulationResult& r) {
  const world::Earth earth(world::EarthOptions::from(r.config.physics), r.config.launch.time);
  std::size_t samples = 0;
  for (const simulation::ThreatResult& th : r.threats) samples += th.track.size();
  json all = json::array();
  for (const simulation::ThreatResult& th : r.threats) {
    const std::size_t n = th.track.size();
    const std::size_t stride = std::min(decimationStride(samples, kPlotPointBudget),
                                        std::max<std::size_t>(1, n / kMinPlotPoints));
    json t = json::array(), alt = json::array(), range = json::array(), speed = json::array();
    for (std::size_t i = 0; i < n; ++i) {
      if (i % stride != 0 && i + 1 != n) continue;
      const simulation::TrackPoint& p = th.track[i];
      t.push_back(round_to(p.t_s, 2));
      alt.push_back(round_to(p.alt_m / 1e3, 3));
      range.push_back(round_to(earth.inverse(th.launch.lat_deg, th.launch.lon_deg, p.lat_deg, p.lon_deg).distance_m / 1e3, 3));
      speed.push_back(round_to(p.speed_mps, 1));
    }
    all.push_back({{"name", r.title(th)}, {"t_s", t}, {"alt_km", alt}, {"range_km", range}, {"speed_mps", speed}});
  }
  return all;
}

// The area the globe opens on: every missile's track (west > east when it crosses 180 degrees).
json boundsJson(const SimulationResult& r) {
  double s = 90.0, n = -90.0, w = 180.0, e = -180.0, w360 = 360.0, e360 = 0.0;
  for (const simulation::ThreatResult& th : r.threats)
    for (const simulation::TrackPoint& p : th.track) {
      s = std::min(s, p.lat_deg);
      n = std::max(n, p.lat_deg);
      w = std::min(w, p.lon_deg);
      e = std::max(e, p.lon_deg);
      const double l360 = p.lon_deg < 0.0 ? p.lon_deg + 360.0 : p.lon_deg;
      w360 = std::min(w360, l360);
      e360 = std::max(e360, l360);
    }
  if (e - w > e360 - w360) {  // narrower seen from the antimeridian's side
    w = w360 > 180.0 ? w360 - 360.0 : w360;
    e = e360 > 180.0 ? e360 - 360.0 : e360;
  }
  return {{"south_deg", round_to(s, 4)}, {"north_deg", round_to(n, 4)}, {"west_deg", round_to(w, 4)}, {"east_deg", round_to(e, 4)}};
}

}  // namespace

json reportData(const SimulationResult& r, const json& montecarlo, const json& fit) {
  json summary = summaryJson(r);
  summary.erase("events");  // a subset of `events` below: the page reads those
  json d;
  d["format"] = "picket-report/1";
  d["title"] = r.config.name;
  d["epoch_utc"] = utc(r, 0.0);
  d["end_t_s"] = round_to(r.endTime_s(), 3);
  d["end_utc"] = utc(r, r.endTime_s());
  d["time_zone"] = summary["time_zone"];
  d["summary"] = summary;
  d["events"] = eventsJson(r)["events"];
  d["alerts"] = r.defence.ran ? alertsJson(r) : json(nullptr);
  d["czml"] = trajectoryCzmlJson(r, kCzmlPositionBudget);
  d["series"] = seriesJson(r);
  d["bounds"] = boundsJson(r);
  d["files"] = outputNames(r);
  d["montecarlo"] = montecarlo;  // null but for Monte Carlo runs (docs/output.md, "report/")
  d["fit"] = fit;                // null but for `picket fit --out` (report/fit.h)
  d["attribution"] =
      "Globe: CesiumJS (Apache-2.0) with Natural Earth II imagery. Country outlines: Made with Natural Earth "
      "(public domain), via world-atlas (ISC). Prefectures: 出典：国土数値情報（行政区域データ）（国土交通省）を加工して作成 "
      "(National Land Numerical Information, MLIT; processed). Plots: Chart.js (MIT). See ATTRIBUTION.txt.";
  return d;
}

bool webAssetsBuilt(const fs::path& dir) {
  std::error_code ec;
  return fs::is_regular_file(dir / "manifest.json", ec) && fs::is_regular_file(dir / "index.html", ec) &&
         fs::is_regular_file(dir / "cesium" / "Cesium.js", ec);
}

void writeHtmlReport(const SimulationResult& r, const fs::path& out_dir, const fs::path& web_dist,
                     const json& montecarlo, const json& fit) {
  // Rendered first: an error here leaves the previous report as it was.
  const std::string data = "window.PICKET_REPORT = " + reportData(r, montecarlo, fit).dump() + ";\n";
  const fs::path final_dir = out_dir / "report";
  const fs::path tmp = out_dir / fmt::format(".report.tmp-{}", ::getpid());
  const fs::path old = out_dir / fmt::format(".report.old-{}", ::getpid());
  std::error_code ec;
  fs::remove_all(tmp, ec);
  fs::copy(web_dist, tmp, fs::copy_options::recursive, ec);
  if (ec) {
    const std::string why = ec.message();
    fs::remove_all(tmp, ec);
    throwInputError(SourceLocation{final_dir.string(), 0}, fmt::format("cannot copy the report's web assets from {}: {}",
                                                                       web_dist.string(), why));
  }
  writeAtomically(tmp, "data.js", data);
  // Swap the finished folder in: the old report is moved aside, the new one renamed into place.
  if (fs::exists(final_dir, ec)) fs::rename(final_dir, old, ec);
  fs::rename(tmp, final_dir, ec);
  if (ec) {
    const std::string why = ec.message();
    fs::remove_all(tmp, ec);
    throwInputError(SourceLocation{final_dir.string(), 0}, "cannot write the report: " + why);
  }
  fs::remove_all(old, ec);
}

}  // namespace picket::report

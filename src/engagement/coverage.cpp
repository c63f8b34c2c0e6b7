#include "engagement/coverage.h"

#include <algorithm>
#include <cmath>

#include "common/constants.h"

namespace picket::engagement {
namespace c = picket::constants;

namespace {

CoverageMap emptyMap(const scenario::CoverageConfig& config) {
  CoverageMap m;
  m.config = config;
  m.cell_dlat_deg = (config.lat_max_deg - config.lat_min_deg) / config.rows;
  m.cell_dlon_deg = (config.lon_max_deg - config.lon_min_deg) / config.cols;
  m.cells.resize(static_cast<std::size_t>(config.rows) * static_cast<std::size_t>(config.cols));
  for (int i = 0; i < config.rows; ++i)
    for (int j = 0; j < config.cols; ++j) {
      CoverageCell& cell = m.cells[static_cast<std::size_t>(i) * static_cast<std::size_t>(config.cols) + static_cast<std::size_t>(j)];
      cell.lat_deg = config.lat_min_deg + (i + 0.5) * m.cell_dlat_deg;
      cell.lon_deg = config.lon_min_deg + (j + 0.5) * m.cell_dlon_deg;
    }
  return m;
}

void tally(CoverageMap& m) {
  m.feasible_cells = 0;
  m.feasible_area_km2 = 0.0;
  for (const CoverageCell& cell : m.cells) {
    if (!cell.feasible) continue;
    ++m.feasible_cells;
    const double lat1 = (cell.lat_deg - m.cell_dlat_deg / 2) * c::kDegToRad, lat2 = (cell.lat_deg + m.cell_dlat_deg / 2) * c::kDegToRad;
    m.feasible_area_km2 += c::kMeanEarthRadius_m * c::kMeanEarthRadius_m * m.cell_dlon_deg * c::kDegToRad * (std::sin(lat2) - std::sin(lat1)) / 1e6;
  }
}

}  // namespace

CoverageMap shooterGrid(const scenario::CoverageConfig& config, const Interceptor& interceptor,
                        const world::Earth& earth, const ThreatPath& threat, double earliest_launch_t_s,
                        double terminal_alt_m, const ProgressFn* progress) {
  CoverageMap m = emptyMap(config);
  const WindowOptions wopt{terminal_alt_m, false};
  const long n = static_cast<long>(m.cells.size());
  ProgressCounter counter(progress, "coverage map " + config.name + " (cells)", m.cells.size());
#pragma omp parallel for schedule(dynamic, 16)
  for (long k = 0; k < n; ++k) {
    counter.tick();
    CoverageCell& cell = m.cells[static_cast<std::size_t>(k)];
    const ShooterSite site = ShooterSite::at(earth, world::Geodetic{cell.lat_deg, cell.lon_deg, 0.0});
    const EngagementWindow w = engagementWindow(interceptor, site, threat, earliest_launch_t_s, wopt);
    cell.feasible = w.feasible;
    cell.reason = w.reason;
    if (w.feasible) {
      cell.window_s = w.close_t_s() - w.open_t_s();
      cell.first_intercept_alt_m = w.first.alt_m;
      cell.decision_margin_s = w.latestLaunch_t_s() - earliest_launch_t_s;
    }
  }
  tally(m);
  return m;
}

CoverageMap defendedFootprint(const scenario::CoverageConfig& config, const Interceptor& interceptor,
                              const flight::FlightModels& models, const FootprintThreat& threat, double terminal_alt_m,
                              const ProgressFn* progress) {
  CoverageMap m = emptyMap(config);
  const world::Earth& earth = models.earth;
  const ShooterSite site = ShooterSite::at(earth, world::Geodetic{config.shooter_lat_deg, config.shooter_lon_deg, 0.0});
  // Azimuths and ranges spanning the region as seen from the launch point.
  double az_lo = 1e9, az_hi = -1e9, d_lo = 1e12, d_hi = 0.0;
  for (int i = 0; i <= 4; ++i)
    for (int j = 0; j <= 4; ++j) {
      const double lat = config.lat_min_deg + i * (config.lat_max_deg - config.lat_min_deg) / 4;
      const double lon = config.lon_min_deg + j * (config.lon_max_deg - config.lon_min_deg) / 4;
      const world::GeodesicLine g = earth.inverse(threat.launch.lat_deg, threat.launch.lon_deg, lat, lon);
      double az = g.azimuth_deg;
      if (az_lo < 1e8 && az < az_lo - 180.0) az += 360.0;
      az_lo = std::min(az_lo, az);
      az_hi = std::max(az_hi, az);
      d_lo = std::min(d_lo, g.distance_m);
      d_hi = std::max(d_hi, g.distance_m);
    }
  // Engine cut-off times that land the family from 10 % short of the nearest point of the region to
  // 10 % past the farthest: ground range grows with the cut-off, so bisect on it (mid azimuth).
  const double burn = threat.missile->totalBurnTime_s();
  flight::FlightOptions probe_options;
  probe_options.rtol = 1e-7;
  probe_options.record = false;
  flight::FlightResult probe;
  const auto rangeAt = [&](double cutoff) {
    flight::flyMissile(models, *threat.missile, threat.launch,
                       flight::GuidancePlan{0.5 * (az_lo + az_hi), threat.pitch_over_deg, cutoff}, probe_options, probe);
    return probe.impacted ? probe.ground_range_m : 1e12;
  };
  const auto cutoffFor = [&](double range_m) {
    double lo = 0.05 * burn, hi = burn;
    if (rangeAt(hi) <= range_m) return hi;
    for (int k = 0; k < 30; ++k) {
      const double mid = 0.5 * (lo + hi);
      (rangeAt(mid) < range_m ? lo : hi) = mid;
    }
    return 0.5 * (lo + hi);
  };
  const double cut_lo = cutoffFor(0.9 * d_lo), cut_hi = cutoffFor(1.1 * d_hi);
  const int n_az = 3 * config.cols, n_cut = 3 * config.rows;
  const WindowOptions wopt{terminal_alt_m, false};
  std::vector<int> flights(m.cells.size(), 0), engageable(m.cells.size(), 0);
  const long n = static_cast<long>(n_az) * n_cut;
  ProgressCounter counter(progress, "coverage map " + config.name + " (flights)", static_cast<std::size_t>(n));
#pragma omp parallel
  {
    flight::FlightResult fr;
    flight::FlightOptions options;
    options.rtol = 1e-7;
    std::vector<int> my_flights(m.cells.size(), 0), my_engageable(m.cells.size(), 0);
#pragma omp for schedule(dynamic, 8) nowait
    for (long k = 0; k < n; ++k) {
      counter.tick();
      const int ia = static_cast<int>(k / n_cut), ic = static_cast<int>(k % n_cut);
      const double az = az_lo + (az_hi - az_lo) * (ia + 0.5) / n_az;
      const double cutoff = cut_lo + (cut_hi - cut_lo) * (ic + 0.5) / n_cut;
      flight::flyMissile(models, *threat.missile, threat.launch, flight::GuidancePlan{az, threat.pitch_over_deg, cutoff},
                         options, fr);
      if (!fr.impacted) continue;
      const double lat = fr.impact.position.lat_deg;
      double lon = fr.impact.position.lon_deg;
      if (lon < config.lon_min_deg) lon += 360.0;
      const int i = static_cast<int>(std::floor((lat - config.lat_min_deg) / m.cell_dlat_deg));
      const int j = static_cast<int>(std::floor((lon - config.lon_min_deg) / m.cell_dlon_deg));
      if (i < 0 || j < 0 || i >= config.rows || j >= config.cols) continue;
      const ThreatPath path = ThreatPath::fromTruth(earth, fr.trajectory, 0.0, 2.0, fr.burnout.t_s);
      const EngagementWindow w =
          engagementWindow(interceptor, site, path, threat.earliest_launch_after_threat_launch_s, wopt);
      const std::size_t cell = static_cast<std::size_t>(i) * static_cast<std::size_t>(config.cols) + static_cast<std::size_t>(j);
      ++my_flights[cell];
      if (w.feasible) ++my_engageable[cell];
    }
#pragma omp critical
    for (std::size_t q = 0; q < m.cells.size(); ++q) {
      flights[q] += my_flights[q];
      engageable[q] += my_engageable[q];
    }
  }
  for (std::size_t q = 0; q < m.cells.size(); ++q) {
    m.cells[q].flights = flights[q];
    m.cells[q].engageable = engageable[q];
    m.cells[q].feasible = flights[q] > 0 && engageable[q] == flights[q];
  }
  tally(m);
  return m;
}

}  // namespace picket::engagement

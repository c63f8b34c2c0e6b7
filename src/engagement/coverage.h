// Coverage maps, the pictures analysts publish.
//
// Shooter grid ("where could a shooter have stood?"): one threat trajectory (the truth) and one
// interceptor type; a grid of shooter positions over a region (cell centres); at each, the
// engagement window (window.h) for launches from a given earliest time. Cells are independent:
// computed in parallel (OpenMP), each with its own scratch, so the result does not depend on the
// thread count.
//
// Defended footprint ("which ground can a battery defend?"): one shooter and one interceptor type,
// threats from one launch point flown on the same propagator with the scenario's pitch-over at a
// fan of 3 x cols azimuths spanning the region and 3 x rows engine cut-off times spanning its
// ranges (found by bisection), a family that lands all over the region without an aiming solve
// per point; each flight that comes down in a cell of the region is tested for an
// engagement window; a cell is defended when every flight landing in it can be engaged.
#pragma once

#include <vector>

#include "common/progress.h"
#include "engagement/interceptor.h"
#include "engagement/window.h"
#include "flight/flight.h"
#include "scenario/config.h"

namespace picket::engagement {

struct CoverageCell {
  double lat_deg = 0.0, lon_deg = 0.0;  // centre
  bool feasible = false;
  double window_s = 0.0;       // shooter grid: close - open of the window
  double first_intercept_alt_m = 0.0;
  double decision_margin_s = 0.0;  // latest launch - earliest launch
  int flights = 0, engageable = 0;  // defended footprint: flights landing here, and engageable ones
  WindowReason reason = WindowReason::kNone;  // shooter grid: why not
};

struct CoverageMap {
  scenario::CoverageConfig config;
  std::vector<CoverageCell> cells;  // row-major, row 0 at lat_min
  double cell_dlat_deg = 0.0, cell_dlon_deg = 0.0;
  int feasible_cells = 0;
  double feasible_area_km2 = 0.0;
};

CoverageMap shooterGrid(const scenario::CoverageConfig& config, const Interceptor& interceptor,
                        const world::Earth& earth, const ThreatPath& threat, double earliest_launch_t_s,
                        double terminal_alt_m, const ProgressFn* progress = nullptr);

struct FootprintThreat {
  const flight::Missile* missile = nullptr;
  world::Geodetic launch;
  double pitch_over_deg = 10.0;
  double earliest_launch_after_threat_launch_s = 120.0;
};
CoverageMap defendedFootprint(const scenario::CoverageConfig& config, const Interceptor& interceptor,
                              const flight::FlightModels& models, const FootprintThreat& threat, double terminal_alt_m,
                              const ProgressFn* progress = nullptr);

}  // namespace picket::engagement

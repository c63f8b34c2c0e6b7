// Reconstruction from reports: what flew, estimated from the figures the agencies published
// (a scenario's `reported` block), with its spread, and which reports the others contradict.
//
// Method: weighted least squares (Levenberg-Marquardt on finite-difference Jacobians) of the
// reported figures against a flight of picket's missile model, over the unknowns
//   - launch time (shifts every time; needs a launch or an impact time),
//   - launch place (north and east of the scenario's site, with the site as a prior of stated
//     spread: free only when that spread is given),
//   - launch azimuth (needs an impact distance from a landmark),
//   - trajectory shape: the pitch-over angle,
//   - performance: the thrust cut-off time (missiles that can cut their thrust: the energy the
//     guidance gave the flight), or the payload at full burn (how analysts scale a missile's
//     performance from a lofted test; the only choice for a missile that cannot cut its thrust).
// Each report weighs 1/sigma^2 with sigma^2 = (its interval's half-width)^2 / 3 (a uniform
// distribution over the interval its wording allows) + (the model's own error)^2, the latter half
// of picket validate's tolerance for that figure, taken as the model's 95 % band
// (simulation/record.h: apogee and range 2 %, flight time 1 min, landmark distance 5 %; none for
// the launch time, which the model takes as given). A one-sided report ("more than 3,700 km")
// counts only where the fit lies beyond it (a hinge). The posterior covariance is (J^T W J)^-1 at
// the solution (Gaussian, linearised: the stated sigmas are taken as known, not rescaled by the
// fit's chi-square, which is reported beside). Where a single landmark distance fixes the azimuth,
// two bearings meet it; the fit keeps the one nearer the scenario's aim, where it starts.
//
// Inconsistent reports: the report with the largest studentised residual r_i / (sigma_i
// sqrt(1 - h_ii)) (h_ii: its leverage; the residual's standard deviation once the fit has used
// it) is flagged when that exceeds 3, taken out, and the fit repeated, while more figures than
// unknowns remain (Cook and Weisberg, "Residuals and Influence in Regression", 1982, ch. 2; the
// same test as leave-one-out prediction with known variances). A report whose leverage is 1 (the
// only one fixing an unknown) cannot be checked and says so.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "scenario/config.h"
#include "world/geography.h"

namespace picket::reconstruction {

enum class Unknown { kLaunchTime, kLaunchNorth, kLaunchEast, kAzimuth, kPitchOver, kCutoff, kPayload };
inline constexpr int kUnknowns = 7;
// "launch time", "pitch-over angle", ...: for the fit's own messages and report/.
const char* unknownName(Unknown u);

// What sets the flight's energy: the cut-off (default where the missile can cut its thrust) or
// the payload at full burn.
enum class Performance { kCutoff, kPayload };

struct FitOptions {
  std::optional<Performance> performance;  // none: the cut-off where the missile can cut thrust
  std::optional<double> launch_sigma_m;    // free the launch place, the scenario's site +- this
  std::vector<Unknown> hold;               // held at the scenario's values
  double flag_sigma = 3.0;                 // |studentised residual| above which a report is flagged
};

// The figures a fit weighs: those of the `reported` block that a flight determines, and the
// launch site as a prior (north and east of it).
enum class FitFigure { kLaunchTime, kApogee, kRange, kFlightTime, kImpactTime, kImpactFrom, kSiteNorth, kSiteEast };

// One reported figure in the fit, in SI units (times in seconds after the scenario's launch time).
struct FitReport {
  FitFigure figure = FitFigure::kApogee;
  std::string agency, source, landmark;
  double reported = 0.0;          // the centre of the report's interval
  double lo = 0.0, hi = 0.0;      // the interval (+-inf for "at least" / "at most")
  double sigma_report = 0.0, sigma_model = 0.0, sigma = 0.0;
  bool bound = false;             // one-sided: not fitted, checked after
  // After the fit:
  double fitted = 0.0;            // the fitted flight's value
  double residual = 0.0;          // fitted - reported
  double prediction_sigma = 0.0;  // the fitted value's own spread (from the parameters')
  std::optional<double> studentised;  // r / (sigma sqrt(1 - h)); empty where h = 1
  bool flagged = false;           // inconsistent with the rest: left out of the final fit
  bool satisfied = true;          // a bound: the fitted value lies on its side
};

struct FitParameter {
  Unknown unknown = Unknown::kLaunchTime;
  double start = 0.0, value = 0.0, sigma = 0.0;  // s after the launch time, m, deg, deg, s, kg
  bool held = false;
  bool at_bound = false;   // on its limit (full burn, the documented payload range): sigma 0
  std::string why_held;    // for a parameter held without being asked
};

// A quantity of the fitted flight with its spread (delta method).
struct FitQuantity {
  double value = 0.0, sigma = 0.0;
};

struct FitResult {
  std::vector<FitParameter> parameters;  // kUnknowns, in Unknown's order
  std::vector<FitReport> reports;
  Performance performance = Performance::kCutoff;
  FitQuantity apogee_m, range_m, flight_time_s, burnout_speed_mps, impact_lat_deg, impact_lon_deg, impact_azimuth_deg;
  UtcTime launch_time;
  double chi2 = 0.0;
  int dof = 0;
  // The reports contradict each other, but two or more stand out as much (with one figure to
  // spare, all do): none is flagged, and the chi-square says how badly they disagree.
  bool unresolved = false;
  int iterations = 0, flights = 0;
  scenario::ScenarioConfig fitted;  // the scenario that flies the fitted flight (`picket run` it)
};

// Throws InputError (at the reported block) for a scenario without a missile or a reported
// block, or with fewer usable figures than unknowns (naming what would fix each missing one).
FitResult fitReports(const scenario::ScenarioConfig& config, const world::Geography& geography,
                     const FitOptions& options = {});

}  // namespace picket::reconstruction

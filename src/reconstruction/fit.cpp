#include "reconstruction/fit.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>

#include <Eigen/Dense>
#include <fmt/format.h>

#include "common/error.h"
#include "flight/aiming.h"
#include "flight/flight.h"
#include "flight/missile.h"
#include "world/atmosphere.h"
#include "world/earth.h"

namespace picket::reconstruction {
namespace {

using Eigen::MatrixXd;
using Eigen::VectorXd;
using Params = Eigen::Matrix<double, kUnknowns, 1>;  // the unknowns, in Unknown's order
constexpr double kInf = std::numeric_limits<double>::infinity();

// The least spread a report can have: a time to the second; a place to the aiming's own
// tolerance (flight/aiming.h), below which the model's flights do not resolve it.
constexpr double kTimeFloor_s = 1.0;
constexpr double kLengthFloor_m = flight::kAimTolerance_m;
// The model's own error: half of simulation/record.h's tolerances, which are its 95 % band (fit.h).
constexpr double kModelRelative = 0.02 / 2.0;          // apogee, ground range
constexpr double kModelFlightTime_s = 60.0 / 2.0;      // flight time, impact time
constexpr double kModelLandmarkRelative = 0.05 / 2.0;  // distance of the impact from a landmark

// Finite-difference steps: a change of each unknown whose effect on the flight stands well
// above the integrator's noise at kFitRtol (ranges to ~1e-3 m) and whose second-order error stays
// far below the reports' spreads.
constexpr double kFitRtol = 1e-9;
constexpr std::array<double, kUnknowns> kStep = {1.0, 50.0, 50.0, 1e-3, 1e-3, 0.02, 0.5};

int index(Unknown u) { return static_cast<int>(u); }

const char* unknownNeeds(Unknown u) {
  switch (u) {
    case Unknown::kLaunchTime: return "a launch or an impact time";
    case Unknown::kLaunchNorth:
    case Unknown::kLaunchEast: return "the launch site's prior (--launch-sigma-km)";
    case Unknown::kAzimuth: return "an impact distance from a landmark (reported.impact_from)";
    case Unknown::kPitchOver:
    case Unknown::kCutoff:
    case Unknown::kPayload:
      return "two of the apogee, the ground range and the flight time (or the impact time with the launch time)";
  }
  return "";
}

const char* figureName(FitFigure f) {
  switch (f) {
    case FitFigure::kLaunchTime: return "launch";
    case FitFigure::kApogee: return "apogee_km";
    case FitFigure::kRange: return "range_km";
    case FitFigure::kFlightTime: return "flight_time_min";
    case FitFigure::kImpactTime: return "impact_time";
    case FitFigure::kImpactFrom: return "impact_from";
    case FitFigure::kSiteNorth:
    case FitFigure::kSiteEast: return "launch site";
  }
  return "";
}

// The quantities of one flight that reports and derived figures are read from.
enum Derived { kApogee_m, kRange_m, kFlight_s, kBurnout_mps, kImpactLat, kImpactLon, kImpactAz, kDerived };

class Problem {
 public:
  Problem(const scenario::ScenarioConfig& c, const FitOptions& o)
      : config_(c),
        earth_(world::EarthOptions::from(c.physics), c.launch.time),
        atmosphere_(world::atmosphereModelFor(c.physics.atmosphere)),
        nominal_(*c.missile) {
    options_.record = false;
    options_.rtol = kFitRtol;
    performance_ = o.performance.value_or(nominal_.guidance().thrust_termination ? Performance::kCutoff
                                                                                  : Performance::kPayload);
  }

  [[nodiscard]] Performance performance() const { return performance_; }
  [[nodiscard]] const world::Earth& earth() const { return earth_; }
  [[nodiscard]] flight::FlightModels models() const { return {earth_, atmosphere_}; }
  [[nodiscard]] const flight::Missile& nominal() const { return nominal_; }
  [[nodiscard]] int flights() const { return flights_; }
  [[nodiscard]] world::Geodetic site() const { return {config_.launch.lat_deg, config_.launch.lon_deg, config_.launch.alt_m}; }

  world::Geodetic launchAt(const Params& x) const {
    const world::Geodetic s = site();
    world::Geodetic p{s.lat_deg, s.lon_deg, s.alt_m};
    const double n = x[index(Unknown::kLaunchNorth)], e = x[index(Unknown::kLaunchEast)];
    if (n != 0.0) p = earth_.direct(p.lat_deg, p.lon_deg, n > 0.0 ? 0.0 : 180.0, std::abs(n));
    if (e != 0.0) p = earth_.direct(p.lat_deg, p.lon_deg, e > 0.0 ? 90.0 : -90.0, std::abs(e));
    p.alt_m = s.alt_m;
    return p;
  }

  // The flight at x; empty where it does not come down.
  std::optional<std::array<double, kDerived>> fly(const Params& x) {
    ++flights_;
    const world::Geodetic launch = launchAt(x);
    const bool by_payload = performance_ == Performance::kPayload;
    const flight::GuidancePlan plan{x[index(Unknown::kAzimuth)], x[index(Unknown::kPitchOver)],
                                    by_payload ? 1e9 : x[index(Unknown::kCutoff)]};
    const flight::FlightModels models{earth_, atmosphere_};
    try {
      if (by_payload) {
        scenario::MissileConfig m = *config_.missile;
        m.payload.mass_kg = x[index(Unknown::kPayload)];
        flight::flyMissile(models, flight::Missile(m), launch, plan, options_, flight_);
      } else {
        flight::flyMissile(models, nominal_, launch, plan, options_, flight_);
      }
    } catch (const std::exception&) {
      return std::nullopt;
    }
    if (!flight_.impacted) return std::nullopt;
    std::array<double, kDerived> q{};
    q[kApogee_m] = flight_.apogee.position.alt_m;
    q[kRange_m] = flight_.ground_range_m;
    q[kFlight_s] = flight_.impact.t_s;
    q[kBurnout_mps] = flight_.burnout.speed_mps;
    q[kImpactLat] = flight_.impact.position.lat_deg;
    q[kImpactLon] = flight_.impact.position.lon_deg;
    q[kImpactAz] = earth_.inverse(launch.lat_deg, launch.lon_deg, q[kImpactLat], q[kImpactLon]).azimuth_deg;
    return q;
  }

 private:
  const scenario::ScenarioConfig& config_;
  world::Earth earth_;
  world::Atmosphere atmosphere_;
  flight::Missile nominal_;
  Performance performance_ = Performance::kCutoff;
  flight::FlightOptions options_;
  flight::FlightResult flight_;
  int flights_ = 0;
};

// A report's interval in SI units, its centre and spread.
FitReport numberReport(FitFigure figure, const scenario::ReportedNumber& n, double scale, double model_sigma_abs,
                       double model_sigma_rel, double floor) {
  FitReport r;
  r.figure = figure;
  r.agency = n.agency;
  r.source = n.source;
  r.lo = std::isinf(n.lo) ? n.lo : n.lo * scale;
  r.hi = std::isinf(n.hi) ? n.hi : n.hi * scale;
  r.bound = std::isinf(r.lo) || std::isinf(r.hi);
  r.reported = r.bound ? n.value * scale : 0.5 * (r.lo + r.hi);
  r.sigma_report = r.bound ? 0.0 : 0.5 * (r.hi - r.lo) / std::sqrt(3.0);
  r.sigma_model = std::hypot(model_sigma_abs, model_sigma_rel * std::abs(r.reported));
  r.sigma = std::max(std::hypot(r.sigma_report, r.sigma_model), floor);
  return r;
}

FitReport timeReport(FitFigure figure, const scenario::ReportedTime& t, UtcTime epoch, double model_sigma_s) {
  FitReport r;
  r.figure = figure;
  r.agency = t.agency;
  r.source = t.source;
  r.reported = t.value.secondsSince(epoch);
  r.lo = r.reported - t.precision_s;
  r.hi = r.reported + t.precision_s;
  r.sigma_report = t.precision_s / std::sqrt(3.0);
  r.sigma_model = model_sigma_s;
  r.sigma = std::max(std::hypot(r.sigma_report, r.sigma_model), kTimeFloor_s);
  return r;
}

struct Setup {
  std::vector<FitReport> reports;
  std::vector<const world::Landmark*> landmark;  // per report (kImpactFrom), else null
};

Setup collectReports(const scenario::ScenarioConfig& c, const world::Geography& g, const FitOptions& o) {
  Setup s;
  const scenario::ReportedConfig& rep = c.reported;
  const auto add = [&](FitReport r, const world::Landmark* l = nullptr) {
    s.reports.push_back(std::move(r));
    s.landmark.push_back(l);
  };
  for (const scenario::ReportedTime& t : rep.launch) add(timeReport(FitFigure::kLaunchTime, t, c.launch.time, 0.0));
  for (const scenario::ReportedNumber& n : rep.apogee_km) add(numberReport(FitFigure::kApogee, n, 1e3, 0.0, kModelRelative, kLengthFloor_m));
  for (const scenario::ReportedNumber& n : rep.range_km) add(numberReport(FitFigure::kRange, n, 1e3, 0.0, kModelRelative, kLengthFloor_m));
  for (const scenario::ReportedNumber& n : rep.flight_time_min)
    add(numberReport(FitFigure::kFlightTime, n, 60.0, kModelFlightTime_s, 0.0, kTimeFloor_s));
  for (const scenario::ReportedTime& t : rep.impact_time)
    add(timeReport(FitFigure::kImpactTime, t, c.launch.time, kModelFlightTime_s));
  for (const scenario::ReportedDistance& d : rep.impact_from) {
    const world::Landmark* l = g.findLandmark(d.landmark);
    if (l == nullptr) throwInputError(rep.where, fmt::format("impact_from: unknown landmark '{}'", d.landmark));
    FitReport r = numberReport(FitFigure::kImpactFrom, d.distance_km, 1e3, 0.0, kModelLandmarkRelative, kLengthFloor_m);
    r.landmark = d.landmark;
    add(std::move(r), l);
  }
  if (o.launch_sigma_m) {
    for (const FitFigure f : {FitFigure::kSiteNorth, FitFigure::kSiteEast}) {
      FitReport r;
      r.figure = f;
      r.source = c.launch.site.empty() ? "the scenario's launch point" : c.launch.site;
      r.lo = -*o.launch_sigma_m;
      r.hi = *o.launch_sigma_m;
      r.sigma_report = r.sigma = *o.launch_sigma_m;
      add(std::move(r));
    }
  }
  return s;
}

double wrap180(double deg) { return std::remainder(deg, 360.0); }

// The predictions of every report and then the derived quantities, at x.
class Model {
 public:
  Model(Problem& p, const Setup& s) : p_(p), s_(s) {}
  [[nodiscard]] int size() const { return static_cast<int>(s_.reports.size()) + kDerived; }

  std::optional<VectorXd> operator()(const Params& x) {
    const auto q = p_.fly(x);
    if (!q) return std::nullopt;
    VectorXd out(size());
    const double t0 = x[index(Unknown::kLaunchTime)];
    for (std::size_t i = 0; i < s_.reports.size(); ++i) {
      const FitReport& r = s_.reports[i];
      double v = 0.0;
      switch (r.figure) {
        case FitFigure::kLaunchTime: v = t0; break;
        case FitFigure::kApogee: v = (*q)[kApogee_m]; break;
        case FitFigure::kRange: v = (*q)[kRange_m]; break;
        case FitFigure::kFlightTime: v = (*q)[kFlight_s]; break;
        case FitFigure::kImpactTime: v = t0 + (*q)[kFlight_s]; break;
        case FitFigure::kImpactFrom:
          v = p_.earth().inverse(s_.landmark[i]->lat_deg, s_.landmark[i]->lon_deg, (*q)[kImpactLat], (*q)[kImpactLon]).distance_m;
          break;
        case FitFigure::kSiteNorth: v = x[index(Unknown::kLaunchNorth)]; break;
        case FitFigure::kSiteEast: v = x[index(Unknown::kLaunchEast)]; break;
      }
      out[static_cast<Eigen::Index>(i)] = v;
    }
    for (int k = 0; k < kDerived; ++k) out[static_cast<Eigen::Index>(s_.reports.size()) + k] = (*q)[static_cast<std::size_t>(k)];
    return out;
  }

 private:
  Problem& p_;
  const Setup& s_;
};

struct Bounds {
  std::array<double, kUnknowns> lo, hi;
};

Params clampTo(Params x, const Bounds& b) {
  x[index(Unknown::kAzimuth)] = std::fmod(std::fmod(x[index(Unknown::kAzimuth)], 360.0) + 360.0, 360.0);
  for (int j = 0; j < kUnknowns; ++j) x[j] = std::clamp(x[j], b.lo[static_cast<std::size_t>(j)], b.hi[static_cast<std::size_t>(j)]);
  return x;
}

// Jacobian of the model's outputs over the free unknowns: central differences, one-sided at a bound.
std::optional<MatrixXd> jacobian(Model& model, const Params& x, const VectorXd& fx, const std::vector<int>& free,
                                 const Bounds& b) {
  MatrixXd J(model.size(), static_cast<Eigen::Index>(free.size()));
  for (std::size_t k = 0; k < free.size(); ++k) {
    const int j = free[k];
    const auto uj = static_cast<std::size_t>(j);
    const double h = kStep[uj];
    Params up = x, down = x;
    up[j] = std::min(x[j] + h, b.hi[uj]);
    down[j] = std::max(x[j] - h, b.lo[uj]);
    std::optional<VectorXd> fu = up[j] > x[j] ? model(up) : std::optional<VectorXd>(fx);
    std::optional<VectorXd> fd = down[j] < x[j] ? model(down) : std::optional<VectorXd>(fx);
    if (!fu || !fd || up[j] == down[j]) return std::nullopt;
    VectorXd d = (*fu - *fd) / (up[j] - down[j]);
    // The impact azimuth is an angle: its difference wraps.
    const Eigen::Index az = model.size() - kDerived + kImpactAz;
    d[az] = wrap180((*fu)[az] - (*fd)[az]) / (up[j] - down[j]);
    J.col(static_cast<Eigen::Index>(k)) = d;
  }
  return J;
}

struct Solution {
  Params x;
  VectorXd fx;
  MatrixXd J;  // all outputs over the free unknowns
  int iterations = 0;
};

// Levenberg-Marquardt (Marquardt's diagonal scaling) on the active reports, within the bounds.
// A report's residual in sigmas at the value f; a bound (a one-sided report) counts only where
// f lies beyond it (a hinge: the report says nothing about how far inside its side the value is).
double whitenedResidual(const FitReport& r, double f) {
  if (!r.bound) return (f - r.reported) / r.sigma;
  if (f < r.lo) return (f - r.lo) / r.sigma;
  if (f > r.hi) return (f - r.hi) / r.sigma;
  return 0.0;
}

VectorXd residualsAt(const VectorXd& f, const std::vector<FitReport>& reports, const std::vector<bool>& active) {
  VectorXd r = VectorXd::Zero(static_cast<Eigen::Index>(reports.size()));
  for (std::size_t i = 0; i < reports.size(); ++i)
    if (active[i]) r[static_cast<Eigen::Index>(i)] = whitenedResidual(reports[i], f[static_cast<Eigen::Index>(i)]);
  return r;
}

// The reports' rows of J in sigmas: zero for reports out of the fit and for bounds on their side.
MatrixXd whitenedRows(const MatrixXd& J, const VectorXd& f, const std::vector<FitReport>& reports,
                      const std::vector<bool>& active) {
  MatrixXd W = MatrixXd::Zero(static_cast<Eigen::Index>(reports.size()), J.cols());
  for (std::size_t i = 0; i < reports.size(); ++i) {
    const auto k = static_cast<Eigen::Index>(i);
    const FitReport& r = reports[i];
    const bool binding = !r.bound || f[k] < r.lo || f[k] > r.hi;
    if (active[i] && binding) W.row(k) = J.row(k) / r.sigma;
  }
  return W;
}

Solution levenbergMarquardt(Model& model, Params x, const std::vector<int>& free, const Bounds& b,
                            const std::vector<FitReport>& reports, const std::vector<bool>& active) {
  const auto residuals = [&](const VectorXd& f) { return residualsAt(f, reports, active); };
  Solution s;
  std::optional<VectorXd> f = model(x);
  if (!f) throw std::runtime_error("the starting flight does not come down");
  double cost = residuals(*f).squaredNorm();
  double lambda = 1e-3;
  bool j_at_x = false;  // s.J is the Jacobian at x
  for (int it = 0; it < 60; ++it) {
    s.iterations = it + 1;
    const std::optional<MatrixXd> J = jacobian(model, x, *f, free, b);
    if (!J) break;
    s.J = *J;
    j_at_x = true;
    const MatrixXd A = whitenedRows(*J, *f, reports, active);
    const VectorXd r = residuals(*f);
    const MatrixXd N = A.transpose() * A;
    const VectorXd g = A.transpose() * r;
    bool improved = false, converged = false;
    while (lambda < 1e12) {
      MatrixXd M = N;
      for (Eigen::Index k = 0; k < M.rows(); ++k) M(k, k) += lambda * std::max(N(k, k), 1e-12);
      const VectorXd step = M.ldlt().solve(-g);
      Params trial = x;
      for (std::size_t k = 0; k < free.size(); ++k) trial[free[k]] += step[static_cast<Eigen::Index>(k)];
      trial = clampTo(trial, b);
      const std::optional<VectorXd> ft = model(trial);
      const double c = ft ? residuals(*ft).squaredNorm() : kInf;
      if (c < cost) {
        const double gain = cost - c;
        // Converged when the step is a thousandth of each unknown's spread, or the cost stalls.
        bool tiny = true;
        for (Eigen::Index k = 0; k < step.size(); ++k) tiny = tiny && std::abs(step[k]) * std::sqrt(N(k, k)) < 1e-3;
        x = trial;
        f = ft;
        cost = c;
        lambda = std::max(lambda / 3.0, 1e-9);
        improved = true;
        j_at_x = false;
        converged = tiny || gain <= 1e-9 * (1.0 + cost);
        break;
      }
      lambda *= 4.0;
    }
    if (!improved || converged) break;
  }
  s.x = x;
  s.fx = *f;
  // The Jacobian at the solution itself, where the last accepted step moved away from it.
  if (!j_at_x)
    if (const std::optional<MatrixXd> J = jacobian(model, x, *f, free, b)) s.J = *J;
  return s;
}

double reportPrediction(const Solution& s, std::size_t i) { return s.fx[static_cast<Eigen::Index>(i)]; }

// Where the fit starts (the scenario's own aimed flight) and the unknowns' bounds.
struct Start {
  Params x0 = Params::Zero();
  Bounds bounds;
};

Start startingPoint(const Problem& problem, const scenario::ScenarioConfig& config) {
  const flight::Missile& missile = problem.nominal();
  flight::AimSolution aimed;
  try {
    aimed = flight::solveAim(problem.models(), missile, flight::requestFor(problem.earth(), problem.site(), *config.aim));
  } catch (const flight::AimingError& e) {
    throwInputError(config.aim->where, e.what());
  }
  Start s;
  Params& x0 = s.x0;
  x0[index(Unknown::kAzimuth)] = aimed.plan.azimuth_deg;
  x0[index(Unknown::kPitchOver)] = aimed.plan.pitch_over_deg;
  const double t_min = missile.guidance().vertical_rise_s + missile.guidance().pitch_over_s;
  const double t_full = missile.totalBurnTime_s();
  x0[index(Unknown::kCutoff)] = std::clamp(aimed.plan.cutoff_s, t_min, t_full);
  x0[index(Unknown::kPayload)] = missile.payloadMass_kg();
  const auto bound = [&](Unknown u, double lo, double hi) {
    s.bounds.lo[static_cast<std::size_t>(index(u))] = lo;
    s.bounds.hi[static_cast<std::size_t>(index(u))] = hi;
  };
  s.bounds.lo.fill(-kInf);
  s.bounds.hi.fill(kInf);
  bound(Unknown::kPitchOver, 1e-3, 89.0);
  bound(Unknown::kCutoff, t_min, t_full);
  if (const auto payloads = config.missile->documented_payload_kg) {
    bound(Unknown::kPayload, payloads->first, payloads->second);
    if (problem.performance() == Performance::kPayload) {
      x0[index(Unknown::kCutoff)] = t_full;
      x0[index(Unknown::kPayload)] = std::clamp(x0[index(Unknown::kPayload)], payloads->first, payloads->second);
    }
  }
  return s;
}

bool hasFigure(const Setup& setup, FitFigure f) {
  return std::any_of(setup.reports.begin(), setup.reports.end(), [&](const FitReport& r) { return r.figure == f && !r.bound; });
}

// Which unknowns the fit frees: all but those asked held and those no report can fix (each
// held with its reason). Fills `params` (start values, held, why) and returns the free indices.
std::vector<int> chooseUnknowns(const Setup& setup, const FitOptions& options, Performance perf, const Params& x0,
                                std::vector<FitParameter>& params) {
  std::vector<int> free;
  params.resize(kUnknowns);
  for (int j = 0; j < kUnknowns; ++j) {
    FitParameter& p = params[static_cast<std::size_t>(j)];
    p.unknown = static_cast<Unknown>(j);
    p.start = p.value = x0[j];
    const bool asked_held = std::find(options.hold.begin(), options.hold.end(), p.unknown) != options.hold.end();
    switch (p.unknown) {
      case Unknown::kLaunchTime:
        if (!hasFigure(setup, FitFigure::kLaunchTime) && !hasFigure(setup, FitFigure::kImpactTime))
          p.why_held = "no launch or impact time reported";
        break;
      case Unknown::kLaunchNorth:
      case Unknown::kLaunchEast:
        if (!options.launch_sigma_m) p.why_held = "the scenario's site (free it with --launch-sigma-km)";
        break;
      case Unknown::kAzimuth:
        if (!hasFigure(setup, FitFigure::kImpactFrom)) p.why_held = "no impact distance from a landmark reported";
        break;
      case Unknown::kPitchOver: break;
      case Unknown::kCutoff:
        if (perf == Performance::kPayload) p.why_held = "full burn (the payload sets the performance)";
        break;
      case Unknown::kPayload:
        if (perf == Performance::kCutoff) p.why_held = "the scenario's (the cut-off sets the performance)";
        break;
    }
    p.held = asked_held || !p.why_held.empty();
    if (asked_held && p.why_held.empty()) p.why_held = "held (--hold)";
    if (!p.held) free.push_back(j);
  }
  return free;
}

// The reported figures a flight determines, named for messages ("apogee_km (Japan)").
std::vector<std::string> figureNames(const Setup& setup) {
  std::vector<std::string> figures;
  for (const FitReport& r : setup.reports)
    if (!r.bound && r.figure != FitFigure::kSiteNorth && r.figure != FitFigure::kSiteEast)
      figures.push_back(fmt::format("{}{}", figureName(r.figure), r.agency.empty() ? "" : " (" + r.agency + ")"));
  return figures;
}

// As many figures as unknowns, at least; otherwise what is missing.
void requireEnoughFigures(const SourceLocation& where, const Setup& setup, const std::vector<int>& free) {
  const auto n_fitted = static_cast<std::size_t>(
      std::count_if(setup.reports.begin(), setup.reports.end(), [](const FitReport& r) { return !r.bound; }));
  if (n_fitted >= free.size()) return;
  // The trajectory's unknowns (shape and performance) need as many different figures of the
  // flight; the launch time a time of day (held where none was reported).
  std::vector<std::string> names, needs;
  int shape_unknowns = 0;
  for (const int j : free) {
    const Unknown u = static_cast<Unknown>(j);
    names.emplace_back(unknownName(u));
    shape_unknowns += u == Unknown::kPitchOver || u == Unknown::kCutoff || u == Unknown::kPayload ? 1 : 0;
  }
  const auto has = [&](FitFigure f) { return hasFigure(setup, f) ? 1 : 0; };
  const int shape_figures = has(FitFigure::kApogee) + has(FitFigure::kRange) + has(FitFigure::kFlightTime) +
                            has(FitFigure::kImpactFrom) + has(FitFigure::kImpactTime) * has(FitFigure::kLaunchTime);
  if (shape_figures < shape_unknowns) needs.emplace_back(unknownNeeds(Unknown::kPitchOver));
  if (needs.empty()) needs.emplace_back("as many figures as unknowns");
  const std::vector<std::string> figures = figureNames(setup);
  throwInputError(where, fmt::format("picket fit: {} unknowns ({}) but {} reported figures that a flight determines ({}); "
                                     "missing: {}; or hold an unknown with --hold",
                                     free.size(), fmt::join(names, ", "), figures.size(),
                                     figures.empty() ? "none" : fmt::format("{}", fmt::join(figures, ", ")),
                                     fmt::join(needs, "; ")));
}

// The reports fix every free unknown: no null direction of the information matrix at the start
// (columns scaled to unit norm, so that the test does not depend on the units).
void requireDetermined(const SourceLocation& where, Model& model, const Params& x, const std::vector<int>& free,
                       const Bounds& bounds, const Setup& setup, const std::vector<bool>& active) {
  const std::optional<VectorXd> f0 = model(x);
  if (!f0) throwInputError(where, "the scenario's aimed flight does not come down: nothing to start the fit from");
  const std::optional<MatrixXd> J0 = jacobian(model, x, *f0, free, bounds);
  if (!J0) return;
  MatrixXd A = whitenedRows(*J0, *f0, setup.reports, active);
  const VectorXd norms = A.colwise().norm().transpose();
  const auto undetermined = [&](Eigen::Index k) {
    const Unknown u = static_cast<Unknown>(free[static_cast<std::size_t>(k)]);
    const std::vector<std::string> figures = figureNames(setup);
    throwInputError(where, fmt::format("picket fit: the reports ({}) do not determine the {}: it needs {}; or hold it "
                                       "with --hold",
                                       figures.empty() ? "none" : fmt::format("{}", fmt::join(figures, ", ")),
                                       unknownName(u), unknownNeeds(u)));
  };
  for (Eigen::Index k = 0; k < A.cols(); ++k) {
    if (!(norms[k] > 0.0)) undetermined(k);
    A.col(k) /= norms[k];
  }
  const Eigen::JacobiSVD<MatrixXd> svd(A, Eigen::ComputeFullV);
  const VectorXd sv = svd.singularValues();
  for (Eigen::Index k = 0; k < sv.size(); ++k) {
    if (sv[k] > 1e-6 * sv[0]) continue;
    Eigen::Index worst = 0;
    svd.matrixV().col(k).cwiseAbs().maxCoeff(&worst);
    undetermined(worst);
  }
}

// The last fit of fitAndFlag: its solution, the unknowns off their bounds (`effective`), the
// Jacobian over them and their covariance.
struct FinalFit {
  Solution sol;
  std::vector<int> effective;
  MatrixXd J, C;
  bool unresolved = false;
};

// Fit; take out the report the rest contradict most while it stands beyond flag_sigma, and fit
// again. Marks the reports' studentised residuals and flags, and the parameters on a bound.
FinalFit fitAndFlag(Model& model, Params x, const std::vector<int>& free, const Bounds& bounds, Setup& setup,
                    std::vector<bool>& active, double flag_sigma, std::vector<FitParameter>& params) {
  FinalFit out;
  const std::size_t n_reports = setup.reports.size();
  for (;;) {
    out.sol = levenbergMarquardt(model, x, free, bounds, setup.reports, active);
    x = out.sol.x;
    // Unknowns on a bound drop out of the covariance (their spread is the bound's: none).
    out.effective.clear();
    std::vector<Eigen::Index> cols;
    for (std::size_t k = 0; k < free.size(); ++k) {
      const auto uj = static_cast<std::size_t>(free[k]);
      const auto near = [&](double bound) {
        return std::isfinite(bound) && std::abs(x[free[k]] - bound) <= 1e-9 * std::max(1.0, std::abs(bound));
      };
      const bool at_bound = near(bounds.lo[uj]) || near(bounds.hi[uj]);
      params[uj].at_bound = at_bound;
      if (!at_bound) {
        out.effective.push_back(free[k]);
        cols.push_back(static_cast<Eigen::Index>(k));
      }
    }
    out.J = MatrixXd(out.sol.J.rows(), static_cast<Eigen::Index>(cols.size()));
    for (std::size_t k = 0; k < cols.size(); ++k) out.J.col(static_cast<Eigen::Index>(k)) = out.sol.J.col(cols[k]);
    const MatrixXd A = whitenedRows(out.J, out.sol.fx, setup.reports, active);
    out.C = (A.transpose() * A).completeOrthogonalDecomposition().pseudoInverse();
    std::vector<std::pair<double, std::size_t>> ranked;  // |studentised residual|, report
    for (std::size_t i = 0; i < n_reports; ++i) {
      if (!active[i]) continue;
      FitReport& r = setup.reports[i];
      const Eigen::RowVectorXd a = A.row(static_cast<Eigen::Index>(i));
      const double h = (a * out.C * a.transpose())(0, 0);
      const double res = whitenedResidual(r, reportPrediction(out.sol, i));
      r.studentised = 1.0 - h > 1e-6 ? std::optional<double>(res / std::sqrt(1.0 - h)) : std::nullopt;
      if (r.studentised) ranked.emplace_back(std::abs(*r.studentised), i);
    }
    std::sort(ranked.begin(), ranked.end(), std::greater<>());
    if (ranked.empty() || ranked.front().first <= flag_sigma) return out;
    // Two reports that stand out as much (with one figure to spare, all do) cannot be told apart:
    // the set is inconsistent, and no one report is to blame.
    if (ranked.size() > 1 && ranked[1].first > 0.99 * ranked.front().first) {
      out.unresolved = true;
      return out;
    }
    setup.reports[ranked.front().second].flagged = true;
    active[ranked.front().second] = false;
  }
}

// The scenario that flies the fit: the fitted launch, and an aim at the fitted range, bearing and
// apogee (the aiming finds the fitted flight again: for a given range and apogee there is one).
scenario::ScenarioConfig fittedScenario(const scenario::ScenarioConfig& config, const Problem& problem, const Params& x,
                                        const FitResult& fit) {
  scenario::ScenarioConfig f = config;
  f.launch.time = fit.launch_time;
  const world::Geodetic launch = problem.launchAt(x);
  f.launch.lat_deg = launch.lat_deg;
  f.launch.lon_deg = launch.lon_deg;
  if (fit.performance == Performance::kPayload) {
    f.missile->payload.mass_kg = x[index(Unknown::kPayload)];
    f.missile->guidance.thrust_termination = false;  // the fit flew it at full burn
  }
  scenario::AimConfig aim;
  aim.range_m = fit.range_m.value;
  aim.azimuth_deg = fit.impact_azimuth_deg.value;
  aim.shape = scenario::TrajectoryShape::kApogee;
  aim.apogee_m = fit.apogee_m.value;
  aim.where = config.aim->where;
  f.aim = aim;
  f.name = config.name + " (fitted to the reports)";
  return f;
}

}  // namespace

const char* unknownName(Unknown u) {
  switch (u) {
    case Unknown::kLaunchTime: return "launch time";
    case Unknown::kLaunchNorth: return "launch place, north of the site";
    case Unknown::kLaunchEast: return "launch place, east of the site";
    case Unknown::kAzimuth: return "launch azimuth";
    case Unknown::kPitchOver: return "pitch-over angle";
    case Unknown::kCutoff: return "thrust cut-off";
    case Unknown::kPayload: return "payload";
  }
  return "";
}

FitResult fitReports(const scenario::ScenarioConfig& config, const world::Geography& geography,
                     const FitOptions& options) {
  const scenario::ReportedConfig& rep = config.reported;
  const SourceLocation where = rep.where.line > 0 ? rep.where : config.where;
  if (!rep.present) throwInputError(config.where, "no `reported` block: nothing to fit (docs/events.md)");
  if (!config.missile || !config.aim || !config.raid.empty())
    throwInputError(config.where, "picket fit reconstructs one boosted missile: the scenario needs `missile` and `aim` and no `raid`");
  if (options.launch_sigma_m && !(*options.launch_sigma_m > 0.0))
    throwInputError(SourceLocation{"--launch-sigma-km", 0}, "the launch site's spread must be above 0");

  Problem problem(config, options);
  const Performance perf = problem.performance();
  const auto payloads = config.missile->documented_payload_kg;
  if (perf == Performance::kCutoff && !problem.nominal().guidance().thrust_termination)
    throwInputError(SourceLocation{"--performance", 0},
                    fmt::format("the {} cannot cut its thrust: its performance is fitted as the payload (--performance payload)",
                                problem.nominal().name()));
  if (perf == Performance::kPayload && (!payloads || payloads->first >= payloads->second))
    throwInputError(SourceLocation{"--performance", 0},
                    fmt::format("the catalog documents one payload for the {}: there is no payload range to fit within",
                                problem.nominal().name()));

  Setup setup = collectReports(config, geography, options);
  const std::size_t n_reports = setup.reports.size();
  const Start start = startingPoint(problem, config);
  FitResult out;
  out.performance = perf;
  const std::vector<int> free = chooseUnknowns(setup, options, perf, start.x0, out.parameters);
  requireEnoughFigures(where, setup, free);
  Model model(problem, setup);
  std::vector<bool> active(n_reports, true);
  const Params x_start = clampTo(start.x0, start.bounds);
  requireDetermined(where, model, x_start, free, start.bounds, setup, active);
  const FinalFit fit = fitAndFlag(model, x_start, free, start.bounds, setup, active, options.flag_sigma, out.parameters);

  // The answer: parameters, every report against the fitted flight, the derived quantities.
  const Solution& sol = fit.sol;
  const Params& x = sol.x;
  out.unresolved = fit.unresolved;
  out.iterations = sol.iterations;
  const auto spreadOf = [&](Eigen::Index row) {
    const Eigen::RowVectorXd g = fit.J.row(row);
    return std::sqrt(std::max(0.0, (g * fit.C * g.transpose())(0, 0)));
  };
  for (int j = 0; j < kUnknowns; ++j) out.parameters[static_cast<std::size_t>(j)].value = x[j];
  for (std::size_t k = 0; k < fit.effective.size(); ++k)
    out.parameters[static_cast<std::size_t>(fit.effective[k])].sigma =
        std::sqrt(std::max(0.0, fit.C(static_cast<Eigen::Index>(k), static_cast<Eigen::Index>(k))));
  out.chi2 = 0.0;
  out.dof = -static_cast<int>(fit.effective.size());
  for (std::size_t i = 0; i < n_reports; ++i) {
    FitReport& r = setup.reports[i];
    r.fitted = reportPrediction(sol, i);
    r.residual = r.fitted - r.reported;
    r.prediction_sigma = spreadOf(static_cast<Eigen::Index>(i));
    if (r.bound) r.satisfied = r.fitted >= r.lo && r.fitted <= r.hi;
    const double w = whitenedResidual(r, r.fitted);
    if (active[i]) out.chi2 += w * w;
    if (!active[i] && !r.flagged) r.studentised.reset();
    out.dof += active[i] && !r.bound ? 1 : 0;
  }
  const Eigen::Index d0 = static_cast<Eigen::Index>(n_reports);
  const auto derived = [&](int k) { return FitQuantity{sol.fx[d0 + k], spreadOf(d0 + k)}; };
  out.apogee_m = derived(kApogee_m);
  out.range_m = derived(kRange_m);
  out.flight_time_s = derived(kFlight_s);
  out.burnout_speed_mps = derived(kBurnout_mps);
  out.impact_lat_deg = derived(kImpactLat);
  out.impact_lon_deg = derived(kImpactLon);
  out.impact_azimuth_deg = derived(kImpactAz);
  out.launch_time = config.launch.time.plus(x[index(Unknown::kLaunchTime)]);
  out.reports = std::move(setup.reports);
  out.fitted = fittedScenario(config, problem, x, out);
  out.flights = problem.flights();
  return out;
}

}  // namespace picket::reconstruction

#include "flight/aiming.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <exception>
#include <optional>
#include <vector>

#include <Eigen/Dense>
#include <unsupported/Eigen/NonLinearOptimization>

#include <boost/math/tools/minima.hpp>
#include <boost/math/tools/roots.hpp>
#include <fmt/format.h>

#include "common/constants.h"

namespace picket::flight {
namespace {

// The one-dimensional shape solve keeps to half a degree of pitch-over or more: closer to
// vertical, a rotating Earth turns the impact far off the aim azimuth and the azimuth correction
// does not converge; solveImpactPoint takes those flights.
constexpr double kKappaMin_deg = 0.5;
constexpr double kKappaMax_deg = 75.0;
// The envelope's steepest shot: the lofted edge is sought down to a pitch-over this far back
// (negative: tilted against the heading; a near-vertical shot on a rotating Earth falls west).
constexpr double kKappaSteepest_deg = -10.0;
// The full-burn range scan for the reach: pitch-over angles, degrees. Range against pitch-over is
// not unimodal for every missile (a near-orbital one comes down far away or not at all), so a
// local search from one bracket found different maxima for different targets; the scan finds the
// largest, and Brent's method refines it between the neighbours.
constexpr std::array<double, 21> kReachScan_deg{0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0, 12.0,
                                                15.0, 18.0, 21.0, 25.0, 30.0, 35.0, 40.0, 50.0, 60.0, 75.0};
// The signed range of a flight that does not come down (in orbit, or escaping) within the flight's
// time limit: more than any ground range, so that range grows monotonically into it.
constexpr double kNoImpact_m = 4.5e7;
// A plan solved for an apogee flies it within this (solve() checks; the shape solve's roots are
// far tighter, and the impact-point solve sets the cut-off by the apogee to 1e-7 s).
constexpr double kApogeeTolerance_m = 1000.0;
// Flights shorter than this, or needing a launch azimuth further than this from the target's
// bearing, are not turned onto the target's bearing (onBearing).
constexpr double kBearingMinRange_m = 50e3;
constexpr double kBearingMaxTurn_deg = 30.0;

const char* shapeName(scenario::TrajectoryShape shape) {
  switch (shape) {
    case scenario::TrajectoryShape::kMinEnergy: return "min-energy";
    case scenario::TrajectoryShape::kLofted: return "lofted";
    case scenario::TrajectoryShape::kDepressed: return "depressed";
    case scenario::TrajectoryShape::kApogee: return "apogee";
    case scenario::TrajectoryShape::kOrbit: return "orbit";
  }
  return "?";
}

// The maximum range at full burn on one heading.
struct ReachScan {
  double kappa_deg = 0.0;  // the pitch-over angle that reaches farthest
  double range_m = 0.0;    // its range (kNoImpact_m where orbital)
  bool orbital = false;    // some full-burn flight on this heading does not come down
  double az_deg = 0.0;     // its launch azimuth
};

class Solver {
 public:
  Solver(const FlightModels& models, const Missile& missile, const AimRequest& req, const FlightOptions& options)
      : models_(models), missile_(missile), req_(req), options_(options) {
    options_.record = false;
    const world::GeodesicLine line =
        models.earth.inverse(req.launch.lat_deg, req.launch.lon_deg, req.aim_lat_deg, req.aim_lon_deg);
    target_range_m_ = line.distance_m;
    target_azimuth_deg_ = line.azimuth_deg;
    t_min_ = missile.guidance().vertical_rise_s + missile.guidance().pitch_over_s;
    t_full_ = missile.totalBurnTime_s();
    can_cut_ = missile.guidance().thrust_termination;
  }

  AimSolution solve() {
    std::optional<AimSolution> shaped;
    try {
      shaped = solveByShape();
      if (shaped->miss_m <= kAimTolerance_m && apogeeHolds(shaped->plan)) return finished(*shaped);
    } catch (const AimingError&) {
      // A reach or shape message stands where no flight of that shape exists; with an apogee
      // given, a steep lofted shot can still be found in two dimensions.
      if (!req_.apogee_m) throw;
      first_error_ = std::current_exception();
    }
    // The one-dimensional solve missed (a near-vertical or near-antipodal flight: the azimuth
    // correction does not converge) or failed: solve for the impact point directly, the cut-off
    // set by the apogee where one is asked for.
    AimSolution sol;
    const GuidancePlan* start = shaped ? &shaped->plan : nullptr;
    double best_miss_m = 1e30;
    if (req_.apogee_m && !can_cut_) {
      // Without a cut-off the apogee follows from the branch: the lofted one above the
      // min-energy apogee, the depressed one below.
      const bool lofted = req_.shape == scenario::TrajectoryShape::kLofted ||
                          (req_.shape == scenario::TrajectoryShape::kApogee &&
                           (!me_apogee_m_ || *req_.apogee_m > *me_apogee_m_));
      best_miss_m = solveImpactPoint(sol, start, Cutoff::kHeld, lofted ? Branch::kLofted : Branch::kDepressed);
    } else if (req_.apogee_m) {
      best_miss_m = solveImpactPoint(sol, start, Cutoff::kForApogee);
    } else {
      // Free first (near the maximum range the fixed one is singular), then held (near the
      // antipode the free one wanders along the flat direction).
      for (const Cutoff c : {Cutoff::kFree, Cutoff::kHeld}) {
        AimSolution tried;
        const double miss_m = solveImpactPoint(tried, start, c);
        if (miss_m < best_miss_m) {
          best_miss_m = miss_m;
          sol = tried;
        }
        if (best_miss_m <= kAimTolerance_m) break;
      }
    }
    if (best_miss_m <= kAimTolerance_m) return finished(sol);
    // A refusal for the shape stands where the apogee asked for lies outside the envelope; inside
    // it, the flight exists and the solver failed to find it, which the message must say.
    const bool within_envelope = envelope_ && req_.apogee_m && *req_.apogee_m >= envelope_->first &&
                                 *req_.apogee_m <= envelope_->second;
    if (!shaped && first_error_ && !within_envelope) std::rethrow_exception(first_error_);
    const double closest_m = std::min(best_miss_m, shaped ? shaped->miss_m : 1e300);
    if (closest_m >= 1e29)
      throw AimingError(fmt::format("no flight of the {} reaches the aim point with a {:.0f} km apogee",
                                    missile_.name(), req_.apogee_m.value_or(0.0) / 1e3));
    throw AimingError(fmt::format(
        "no flight of the {} found that lands within {:.0f} m of the aim point {:.0f} km away: the closest lands "
        "{:.0f} m off{}",
        missile_.name(), kAimTolerance_m, target_range_m_ / 1e3, closest_m, missReason(shaped)));
  }

  // Whether a plan flies the apogee asked for (within kApogeeTolerance_m), where one was asked of
  // a missile that can cut its thrust. The shape solve's roots assume range and apogee change
  // monotonically along its pitch-over interval; on a missile that can carry past the antipode
  // they need not, and a plan that hit the aim point at another apogee was once returned as the
  // answer (a Hwasong-17 asked for 1,630 km flew 4,770 km). Such a plan goes to the impact-point
  // solve, which sets the cut-off by the apogee at every step.
  bool apogeeHolds(const GuidancePlan& plan) {
    if (!req_.apogee_m || !can_cut_) return true;
    return std::abs(apogee(plan.azimuth_deg, plan.pitch_over_deg, plan.cutoff_s) - *req_.apogee_m) <= kApogeeTolerance_m;
  }

  // A solution with what the missile can do on the requested heading: the reach of the nominal
  // heading (not of the azimuth the solve corrected to), so the same missile, launch point and
  // heading give one number whatever the target; the min-energy apogee where the shape solve made it.
  AimSolution finished(AimSolution sol) {
    // A flight launched more than 90 deg off the target's bearing went the long way round the
    // Earth (a near-orbital missile without a cut-off, asked for a depressed shot, once landed on a
    // target 10,000 km north-east after 100 minutes over Antarctica): not the flight asked for.
    const double off_deg = std::abs(std::remainder(sol.plan.azimuth_deg - target_azimuth_deg_, 360.0));
    if (target_range_m_ > kBearingMinRange_m && off_deg > 90.0)
      throw AimingError(fmt::format(
          "the {} reaches the aim point {:.0f} km away only the long way round the Earth (launched at {:.0f} deg, "
          "{:.0f} deg off the bearing): no {} flight of it lands there on the direct bearing",
          missile_.name(), target_range_m_ / 1e3, std::remainder(sol.plan.azimuth_deg, 360.0) < 0.0
                                                        ? std::remainder(sol.plan.azimuth_deg, 360.0) + 360.0
                                                        : std::remainder(sol.plan.azimuth_deg, 360.0),
          off_deg, shapeName(req_.shape)));
    const ReachScan& r = nominalReach();
    sol.global_reach = globalReach();
    sol.reach_m = sol.global_reach ? 0.0 : r.range_m;
    if (me_apogee_m_) sol.min_energy_apogee_m = *me_apogee_m_;
    sol.flights = flights_;
    return sol;
  }

  // The reach toward the target's bearing: each full-burn flight of the scan launched on the
  // azimuth that puts its impact on that bearing (the Earth's rotation turns an impact off its
  // launch azimuth by up to a few degrees, more on a long flight), so that "beyond the reach" means
  // no flight toward the target gets that far.
  // Whether every target on the requested bearing is within reach: a full burn on it reaches
  // orbit, or carries past the antipode (where the bearing's great circle comes round again).
  bool globalReach() {
    const ReachScan& r = nominalReach();
    return r.orbital || r.range_m >= constants::kPi * constants::kMeanEarthRadius_m;
  }

  const ReachScan& nominalReach() {
    if (!nominal_reach_) {
      double az = target_azimuth_deg_;
      // Each pitch-over of the scan from the target's bearing; the refinement from the best one's.
      const auto along = [&](double k) { return onBearing(k, az); };
      ReachScan best{kReachScan_deg[0], -1e300, false};
      std::size_t at = 0;
      for (std::size_t i = 0; i < kReachScan_deg.size() && !best.orbital; ++i) {
        const OnBearing b = along(kReachScan_deg[i]);
        if (b.range_m >= kNoImpact_m) best = ReachScan{kReachScan_deg[i], kNoImpact_m, true, b.az_deg};
        else if (b.range_m > best.range_m) {
          best = ReachScan{kReachScan_deg[i], b.range_m, false, b.az_deg};
          at = i;
        }
      }
      if (!best.orbital) {
        az = best.az_deg;
        const double lo = kReachScan_deg[at > 0 ? at - 1 : 0];
        const double hi = kReachScan_deg[std::min(at + 1, kReachScan_deg.size() - 1)];
        std::uintmax_t it = 40;
        const auto refined = boost::math::tools::brent_find_minima(
            [&](double k) { return -std::min(along(k).range_m, kNoImpact_m); }, lo, hi, 24, it);
        const OnBearing b = onBearing(refined.first, az);
        if (b.range_m >= kNoImpact_m) best = ReachScan{refined.first, kNoImpact_m, true, b.az_deg};
        else if (b.range_m > best.range_m) best = ReachScan{refined.first, b.range_m, false, b.az_deg};
      }
      nominal_reach_ = best;
    }
    return *nominal_reach_;
  }

  // A full-burn flight at pitch-over kappa launched so that it lands on the target's bearing
  // (a few corrections of the launch azimuth from az0); its range, negative where it falls behind
  // the launch point (then uncorrected), kNoImpact_m where it does not come down.
  struct OnBearing {
    double az_deg, range_m;
  };
  OnBearing onBearing(double kappa, double az0) {
    double az = az0;
    double range_m = 0.0;
    for (int i = 0; i < 5; ++i) {
      const FlightResult& f = fly(GuidancePlan{az, kappa, t_full_});
      if (!f.impacted) return {az, kNoImpact_m};
      const world::GeodesicLine line = models_.earth.inverse(req_.launch.lat_deg, req_.launch.lon_deg,
                                                             f.impact.position.lat_deg, f.impact.position.lon_deg);
      const double off_deg = std::remainder(target_azimuth_deg_ - line.azimuth_deg, 360.0);
      if (std::abs(off_deg) > 90.0) {
        // Landed behind: a near-vertical shot fell back, or a long flight carried past the
        // antipode, which for the reach is as good as orbit (every range on the bearing).
        if (line.distance_m > 0.5 * constants::kPi * constants::kMeanEarthRadius_m) return {az, kNoImpact_m};
        return {az, signedRange_m(line.distance_m, true)};
      }
      range_m = line.distance_m;
      // A short flight's bearing says little of its launch azimuth (a near-vertical shot falls
      // wherever the rotation takes it), nor does one turned far off: taken as it lands.
      if (std::abs(off_deg) < 1e-5 || line.distance_m < kBearingMinRange_m) break;
      const double next = az + std::clamp(off_deg, -10.0, 10.0);
      if (std::abs(std::remainder(next - target_azimuth_deg_, 360.0)) > kBearingMaxTurn_deg) break;
      az = next;
    }
    return {az, range_m};
  }

  // Near the reach: the full-burn flight toward the target's bearing at the pitch-over, on the
  // lofted side of the farthest one, that reaches the target range (a root in one unknown, each
  // value a flight corrected onto the bearing). Where the range hardly changes with the pitch-over
  // the impact-point solve's Jacobian is singular; from here it only polishes.
  AimSolution nearReach() {
    const ReachScan& r = nominalReach();
    double az = r.az_deg;
    const auto excess = [&](double k) {
      const OnBearing b = onBearing(k, az);
      if (b.range_m > kBearingMinRange_m && b.range_m < kNoImpact_m) az = b.az_deg;
      return std::min(b.range_m, kNoImpact_m) - target_range_m_;
    };
    AimSolution sol;
    double lo = r.kappa_deg, e_lo = r.range_m - target_range_m_;
    const double hi = r.kappa_deg, e_hi = e_lo;
    for (double step = 0.25; e_lo >= 0.0 && lo > kKappaSteepest_deg; step *= 2.0) {
      lo = std::max(r.kappa_deg - step, kKappaSteepest_deg);
      e_lo = excess(lo);
    }
    if (e_lo >= 0.0 || e_hi < 0.0) {
      sol.plan = GuidancePlan{r.az_deg, r.kappa_deg, t_full_};
      return sol;
    }
    std::uintmax_t it = 60;
    const auto tol = [](double a, double b) { return std::abs(b - a) < 1e-9; };
    const auto [a, b] = boost::math::tools::toms748_solve(excess, lo, hi, e_lo, e_hi, tol, it);
    const double k = 0.5 * (a + b);
    const OnBearing on = onBearing(k, az);
    sol.plan = GuidancePlan{on.az_deg, k, t_full_};
    return sol;
  }

  // The farthest full-burn flight on heading az (kReachScan_deg, then Brent between the best
  // point's neighbours); orbital where any of them does not come down. With `near` (the nominal
  // heading's, for a heading the solve corrected by a degree or two) only the refinement, between
  // the neighbours of its pitch-over.
  ReachScan scanReach(double az, const ReachScan* near = nullptr) {
    ReachScan best{kReachScan_deg[0], -1e300, false};
    std::size_t at = 0;
    if (near != nullptr && !near->orbital) {
      at = static_cast<std::size_t>(std::lower_bound(kReachScan_deg.begin(), kReachScan_deg.end(), near->kappa_deg) -
                                    kReachScan_deg.begin());
      at = std::min(at, kReachScan_deg.size() - 1);
      best = ReachScan{near->kappa_deg, range(az, near->kappa_deg, t_full_), false, az};
      if (best.range_m >= kNoImpact_m) return ReachScan{near->kappa_deg, kNoImpact_m, true, az};
    } else {
      for (std::size_t i = 0; i < kReachScan_deg.size(); ++i) {
        const double r = range(az, kReachScan_deg[i], t_full_);
        if (r >= kNoImpact_m) return ReachScan{kReachScan_deg[i], kNoImpact_m, true, az};
        if (r > best.range_m) {
          best = ReachScan{kReachScan_deg[i], r, false, az};
          at = i;
        }
      }
    }
    const double lo = kReachScan_deg[at > 0 ? at - 1 : 0], hi = kReachScan_deg[std::min(at + 1, kReachScan_deg.size() - 1)];
    std::uintmax_t it = 60;
    const auto refined =
        boost::math::tools::brent_find_minima([&](double k) { return -range(az, k, t_full_); }, lo, hi, 30, it);
    if (-refined.second >= kNoImpact_m) return ReachScan{refined.first, kNoImpact_m, true, az};
    if (-refined.second > best.range_m) best = ReachScan{refined.first, -refined.second, false, az};
    return best;
  }

  // Offset of the impact from the aim point, metres east and north at the aim point.
  Eigen::Vector2d offset(const FlightResult& r) const {
    const world::GeodesicLine l =
        models_.earth.inverse(req_.aim_lat_deg, req_.aim_lon_deg, r.impact.position.lat_deg, r.impact.position.lon_deg);
    const double a = l.azimuth_deg * constants::kDegToRad;
    return Eigen::Vector2d(l.distance_m * std::sin(a), l.distance_m * std::cos(a));
  }

  // The cut-off that gives the requested apogee at (az, kappa), if any (apogee grows with burn).
  std::optional<double> cutoffForApogee(double az, double kappa) {
    const double h_target = *req_.apogee_m;
    auto f = [&](double tc) { return apogee(az, kappa, tc) - h_target; };
    const double f_lo = f(t_min_), f_hi = f(t_full_);
    if (!can_cut_) return std::abs(f_hi) < 1000.0 ? std::optional<double>(t_full_) : std::nullopt;
    if (f_lo > 0.0 || f_hi < 0.0) return std::nullopt;
    std::uintmax_t it = 60;
    const auto tol = [](double a, double b) { return std::abs(b - a) < 1e-7; };
    const auto [lo, hi] = boost::math::tools::toms748_solve(f, t_min_, t_full_, f_lo, f_hi, tol, it);
    return 0.5 * (lo + hi);
  }

  // How the impact-point solve treats the cut-off (see solveImpactPoint), and which side of the
  // farthest-reaching pitch-over it starts on.
  enum class Cutoff { kForApogee, kFree, kHeld };
  enum class Branch { kAny, kLofted, kDepressed };

  // Damped Gauss-Newton for the impact point on (azimuth, pitch-over angle), the cut-off set at
  // each point by the apogee (kForApogee) or held at the start's (kHeld); or on (azimuth,
  // pitch-over angle, cut-off) with the cut-off kept within the burn (kFree). Two equations (the miss east and north): with
  // three unknowns the step is the least-norm one, so the flat direction near the maximum range
  // (where range hardly changes with the pitch-over angle) does not make the step blow up.
  // Finite-difference Jacobian; a step is halved until the miss shrinks. Starts from `start` or the
  // best of a coarse scan of pitch-over angles, tilted back as well as forward. Returns the closest
  // miss reached (1e30: no flight at all); `sol` holds that flight's plan.
  double solveImpactPoint(AimSolution& sol, const GuidancePlan* start, Cutoff cutoff, Branch branch = Branch::kAny) {
    struct Point {
      Eigen::Vector3d x;  // azimuth (deg), pitch-over (deg), cut-off (s)
      Eigen::Vector2d r;
    };
    const bool three = cutoff == Cutoff::kFree && can_cut_;
    const double held_s = start != nullptr ? start->cutoff_s : t_full_;
    const double kappa_star = branch == Branch::kAny ? 0.0 : nominalReach().kappa_deg;
    // On a branch, every iterate stays on its side of the farthest-reaching pitch-over: a depressed
    // shot of a missile without a cut-off once walked over to the lofted branch and came back as
    // the answer (an apogee of 418 km asked for 50).
    const auto wrong_side = [&](double kappa_deg) {
      return (branch == Branch::kLofted && kappa_deg > kappa_star) || (branch == Branch::kDepressed && kappa_deg < kappa_star);
    };
    auto evaluate = [&](Eigen::Vector3d x, Point& p) {
      if (wrong_side(x[1])) return false;
      if (three) {
        x[2] = std::clamp(x[2], t_min_, t_full_);
      } else if (cutoff != Cutoff::kForApogee) {
        x[2] = can_cut_ ? held_s : t_full_;
      } else {
        const std::optional<double> tc = cutoffForApogee(x[0], x[1]);
        if (!tc) return false;
        x[2] = *tc;
      }
      const FlightResult& f = fly(GuidancePlan{x[0], x[1], x[2]});
      if (!f.impacted) return false;
      p = Point{x, offset(f)};
      return true;
    };
    Point best{Eigen::Vector3d::Zero(), Eigen::Vector2d::Constant(1e30)};
    if (start) evaluate(Eigen::Vector3d(start->azimuth_deg, start->pitch_over_deg, start->cutoff_s), best);
    const double tc0 = start ? start->cutoff_s : t_full_;
    for (const double k :
         {-8.0, -4.0, -2.0, -1.0, -0.5, 0.0, 0.25, 0.5, 1.0, 2.0, 3.0, 5.0, 8.0, 12.0, 18.0, 25.0, 35.0, 50.0, 65.0, 80.0}) {
      Point p;
      if (evaluate(Eigen::Vector3d(target_azimuth_deg_, k, tc0), p) && p.r.norm() < best.r.norm()) best = p;
    }
    if (best.r.norm() >= 1e29) return 1e30;
    const int n = three ? 3 : 2;
    for (int iter = 0; iter < 40 && best.r.norm() > kAimTolerance_m; ++iter) {
      constexpr double kDelta = 1e-3;  // deg, and s for the cut-off
      Eigen::MatrixXd jac(2, n);
      bool ok = true;
      for (int j = 0; j < n && ok; ++j) {
        Point pj;
        Eigen::Vector3d x = best.x;
        // Step inward at the end of the burn, so the difference is not clamped away.
        const double h = (j == 2 && x[2] + kDelta > t_full_) ? -kDelta : kDelta;
        x[j] += h;
        ok = evaluate(x, pj);
        if (ok) jac.col(j) = (pj.r - best.r) / h;
      }
      if (!ok) break;
      const Eigen::VectorXd step = -jac.completeOrthogonalDecomposition().solve(best.r);
      if (!step.allFinite()) break;
      double scale = std::min(1.0, 10.0 / step.cwiseAbs().maxCoeff());  // at most 10 deg (or s)
      bool improved = false;
      for (int halving = 0; halving < 16 && !improved; ++halving, scale *= 0.5) {
        Point next;
        Eigen::Vector3d x = best.x;
        x.head(n) += scale * step;
        if (evaluate(x, next) && next.r.norm() < best.r.norm()) {
          best = next;
          improved = true;
        }
      }
      if (!improved) break;
    }
    sol.plan = GuidancePlan{best.x[0], best.x[1], best.x[2]};
    sol.miss_m = best.r.norm();
    sol.flights = flights_;
    return sol.miss_m;
  }

  // Why no flight meets the aim point, for the error message (with a leading "; ").
  std::string missReason(const std::optional<AimSolution>& shaped) {
    if (shaped && can_cut_ && shaped->plan.cutoff_s <= t_min_ + 1e-6) {
      const double shortest_m = range(shaped->plan.azimuth_deg, shaped->plan.pitch_over_deg, t_min_);
      if (shortest_m > target_range_m_)
        return fmt::format("; the aim point is closer than the shortest flight it makes: its thrust cannot be cut "
                           "before T+{:.0f} s (vertical rise and pitch-over), and that carries it {:.1f} km",
                           t_min_, shortest_m / 1e3);
    }
    if (!can_cut_ && req_.shape == scenario::TrajectoryShape::kDepressed)
      return "; it cannot cut its thrust, and no full burn on the depressed side of its farthest-reaching pitch-over "
             "lands there (shape lofted flies the other side)";
    const double half_circumference_m = constants::kPi * models_.earth.equatorialRadius_m();
    if (target_range_m_ > 0.9 * half_circumference_m)
      return "; the aim point lies near the antipode of the launch point, where the flights on every heading "
             "converge and the aim is ill-conditioned";
    return "; the solver did not converge on this flight (please report it with the command that gave it)";
  }

  // The guidance of a missile whose performance differs from the one its plan was solved for:
  // the pitch programme is kept (it is set before launch), the cut-off and the azimuth corrected
  // so the impact meets the aim point, as an inertial guidance cuts thrust on the velocity to be
  // gained and steers out the cross-range. Gauss-Newton on (azimuth, cut-off) with the Jacobian
  // taken once by finite differences at the start and then kept current by Broyden's rank-one
  // update (Dennis and Schnabel, Numerical Methods for Unconstrained Optimization and Nonlinear
  // Equations, 1983, sec. 8.1): about five flights where a solve from scratch flies hundreds. A
  // missile that cannot cut thrust corrects the azimuth only (least squares), and keeps its range
  // error.
  AimSolution correct(const GuidancePlan& start, int max_flights) {
    const int n = can_cut_ ? 2 : 1;
    auto evaluate = [&](const Eigen::Vector2d& x, Eigen::Vector2d& r) {
      const FlightResult& f = fly(GuidancePlan{x[0], start.pitch_over_deg, can_cut_ ? x[1] : t_full_});
      if (!f.impacted) return false;
      r = offset(f);
      return true;
    };
    const auto clampCutoff = [&](Eigen::Vector2d& x) {
      if (can_cut_) x[1] = std::clamp(x[1], t_min_, t_full_);
    };
    Eigen::Vector2d x(start.azimuth_deg, std::min(start.cutoff_s, t_full_)), r;
    clampCutoff(x);
    AimSolution sol;
    sol.plan = GuidancePlan{x[0], start.pitch_over_deg, can_cut_ ? x[1] : t_full_};
    if (!evaluate(x, r)) throw AimingError(fmt::format("the {} does not come down on its plan", missile_.name()));
    sol.miss_m = r.norm();
    Eigen::Matrix<double, 2, Eigen::Dynamic> jac(2, n);
    for (int j = 0; j < n; ++j) {
      constexpr double kDelta = 1e-3;  // deg, and s
      Eigen::Vector2d xj = x, rj;
      const double h = (j == 1 && x[1] + kDelta > t_full_) ? -kDelta : kDelta;
      xj[j] += h;
      if (!evaluate(xj, rj)) return sol;
      jac.col(j) = (rj - r) / h;
    }
    while (sol.miss_m > kAimTolerance_m && flights_ < max_flights) {
      const Eigen::VectorXd step = -jac.completeOrthogonalDecomposition().solve(r);
      if (!step.allFinite()) break;
      Eigen::Vector2d next = x;
      next.head(n) += step;
      clampCutoff(next);
      Eigen::Vector2d rn;
      if (!evaluate(next, rn)) break;
      const Eigen::VectorXd dx = (next - x).head(n);
      if (dx.squaredNorm() > 0.0) jac += ((rn - r) - jac * dx) * dx.transpose() / dx.squaredNorm();
      if (dx.squaredNorm() == 0.0) break;  // pinned at the end of the burn
      x = next;
      r = rn;
      if (r.norm() < sol.miss_m) {
        sol.miss_m = r.norm();
        sol.plan = GuidancePlan{x[0], start.pitch_over_deg, can_cut_ ? x[1] : t_full_};
      }
    }
    sol.flights = flights_;
    return sol;
  }

  AimSolution solveByShape() {
    double az = target_azimuth_deg_;
    AimSolution sol;
    for (int iter = 0; iter < 6; ++iter) {
      sol = solveShape(az);
      const FlightResult& r = fly(sol.plan);
      const world::GeodesicLine to_impact = models_.earth.inverse(req_.launch.lat_deg, req_.launch.lon_deg,
                                                                  r.impact.position.lat_deg, r.impact.position.lon_deg);
      sol.miss_m = models_.earth
                       .inverse(r.impact.position.lat_deg, r.impact.position.lon_deg, req_.aim_lat_deg, req_.aim_lon_deg)
                       .distance_m;
      if (sol.miss_m < 20.0) break;
      double d_az = target_azimuth_deg_ - to_impact.azimuth_deg;
      d_az = std::remainder(d_az, 360.0);
      az += d_az;
    }
    sol.flights = flights_;
    return sol;
  }

  const FlightResult& fly(const GuidancePlan& plan) {
    ++flights_;
    flyMissile(models_, missile_, req_.launch, plan, options_, work_);
    return work_;
  }

  // The range along the heading of an impact at geodesic distance d_m, negative where its bearing
  // is more than 90 deg off (`behind`: a near-vertical shot on a rotating Earth falls west). A
  // flight carried past the antipode also lands "behind"; counting it on as range beyond half the
  // circumference was tried and left the shape solve unable to settle its azimuth near the
  // antipode (cli.fly_near_antipode), so such flights stay negative and solve() checks the apogee
  // of what the shape solve returns instead.
  static double signedRange_m(double d_m, bool behind) { return behind ? -d_m : d_m; }

  // Ground range, signed: negative where the impact lies behind the launch point (a near-vertical
  // shot on a rotating Earth falls to the west), so that range grows monotonically with the
  // pitch-over angle on the lofted side; kNoImpact_m for a flight that does not come down.
  double range(double az, double kappa, double tc) {
    const FlightResult& r = fly(GuidancePlan{az, kappa, tc});
    if (!r.impacted) return kNoImpact_m;
    const world::GeodesicLine line = models_.earth.inverse(req_.launch.lat_deg, req_.launch.lon_deg,
                                                           r.impact.position.lat_deg, r.impact.position.lon_deg);
    const bool behind = std::abs(std::remainder(line.azimuth_deg - target_azimuth_deg_, 360.0)) > 90.0;
    return signedRange_m(line.distance_m, behind);
  }

  // Cut-off time that reaches the target range at this kappa (kappa must be feasible).
  double cutoffFor(double az, double kappa) {
    if (!can_cut_) return t_full_;
    auto f = [&](double tc) { return range(az, kappa, tc) - target_range_m_; };
    const double f_lo = f(t_min_);
    if (f_lo >= 0.0) return t_min_;
    const double f_hi = f(t_full_);
    if (f_hi <= 0.0) return t_full_;
    std::uintmax_t it = 60;
    const auto tol = [](double a, double b) { return std::abs(b - a) < 1e-7; };
    const auto [lo, hi] = boost::math::tools::toms748_solve(f, t_min_, t_full_, f_lo, f_hi, tol, it);
    return 0.5 * (lo + hi);
  }

  double apogee(double az, double kappa, double tc) {
    const FlightResult& r = fly(GuidancePlan{az, kappa, tc});
    return r.apogee.position.alt_m;
  }

  // The apogee of the full-burn flight at the steepest pitch-over that reaches the target range,
  // looked for below `from_kappa` (the solve's lofted edge) down to kKappaSteepest_deg: the highest
  // apogee at this range. Signed ranges (range()) grow with the pitch-over on the lofted side.
  double steepestApogee(double az, double from_kappa) {
    const auto excess = [&](double k) { return range(az, k, t_full_) - target_range_m_; };
    double hi = from_kappa, e_hi = excess(hi);
    if (e_hi < 0.0) return apogee(az, hi, t_full_);  // the edge itself is short: it is the steepest
    for (double step = 0.25;; step *= 2.0) {
      const double lo = std::max(from_kappa - step, kKappaSteepest_deg);
      const double e_lo = excess(lo);
      if (e_lo < 0.0) {
        std::uintmax_t it = 60;
        const auto tol = [](double a, double b) { return std::abs(b - a) < 1e-6; };
        const auto [a, b] = boost::math::tools::toms748_solve(excess, lo, hi, e_lo, e_hi, tol, it);
        return apogee(az, b, t_full_);  // b: on the side that reaches the range
      }
      if (lo <= kKappaSteepest_deg) return apogee(az, lo, t_full_);
      hi = lo;
      e_hi = e_lo;
    }
  }

  AimSolution solveShape(double az) {
    using boost::math::tools::brent_find_minima;
    using boost::math::tools::toms748_solve;
    const auto full_range = [&](double kappa) { return range(az, kappa, t_full_); };
    std::uintmax_t it = 200;
    const ReachScan scan = scanReach(az, az == target_azimuth_deg_ ? nullptr : &nominalReach());
    const double kappa_star = scan.kappa_deg;
    const double reach = scan.range_m;
    if (target_range_m_ > reach && (globalReach() || target_range_m_ <= nominalReach().range_m)) return nearReach();
    if (target_range_m_ > reach) {
      // The nominal heading's reach: one number for the missile, launch point and heading.
      throw AimingError(fmt::format(
          "the target is {:.0f} km away, beyond the {}'s reach of {:.0f} km from this launch point on this "
          "heading (payload {:.0f} kg)",
          target_range_m_ / 1e3, missile_.name(), nominalReach().range_m / 1e3, missile_.payloadMass_kg()));
    }
    const auto tol_k = [](double a, double b) { return std::abs(b - a) < 1e-9; };
    const auto excess = [&](double k) { return full_range(k) - target_range_m_; };
    // Lofted edge on [kMin, kappa*], depressed edge on [kappa*, kMax].
    double kappa_lofted = kKappaMin_deg, kappa_depressed = kKappaMax_deg;
    {
      const double e_lo = excess(kKappaMin_deg);
      if (e_lo < 0.0) {
        it = 80;
        const auto [a, b] = toms748_solve(excess, kKappaMin_deg, kappa_star, e_lo, reach - target_range_m_, tol_k, it);
        kappa_lofted = 0.5 * (a + b);
      }
      const double e_hi = excess(kKappaMax_deg);
      if (e_hi < 0.0) {
        it = 80;
        const auto [a, b] = toms748_solve(excess, kappa_star, kKappaMax_deg, reach - target_range_m_, e_hi, tol_k, it);
        kappa_depressed = 0.5 * (a + b);
      }
    }
    AimSolution sol;
    const auto plan_for = [&](double k) { return GuidancePlan{az, k, cutoffFor(az, k)}; };

    if (!can_cut_) {
      // Only the two edges of the feasible interval hit the range exactly.
      if (req_.shape == scenario::TrajectoryShape::kMinEnergy && target_range_m_ < reach - 1000.0)
        throw AimingError(fmt::format(
            "the {} cannot cut its thrust, so a min-energy flight reaches only {:.0f} km; for {:.0f} km use shape "
            "lofted or depressed",
            missile_.name(), reach / 1e3, target_range_m_ / 1e3));
      const bool lofted = req_.shape == scenario::TrajectoryShape::kLofted ||
                          (req_.shape == scenario::TrajectoryShape::kApogee && req_.apogee_m &&
                           *req_.apogee_m > apogee(az, kappa_star, t_full_));
      sol.plan = GuidancePlan{az, lofted ? kappa_lofted : kappa_depressed, t_full_};
      sol.min_energy_apogee_m = apogee(az, kappa_star, t_full_);
      me_apogee_m_ = *sol.min_energy_apogee_m;
      return sol;
    }

    // Minimum energy: the shortest burn that reaches the range.
    it = 100;
    const auto me = brent_find_minima([&](double k) { return cutoffFor(az, k); }, kappa_lofted, kappa_depressed, 24, it);
    const double kappa_me = me.first;
    const GuidancePlan me_plan{az, kappa_me, me.second};
    sol.min_energy_apogee_m = apogee(az, me_plan.pitch_over_deg, me_plan.cutoff_s);
    me_apogee_m_ = *sol.min_energy_apogee_m;
    if (req_.shape == scenario::TrajectoryShape::kMinEnergy) {
      sol.plan = me_plan;
      return sol;
    }
    const double h_target = *req_.apogee_m;
    if (req_.shape == scenario::TrajectoryShape::kLofted && h_target < *sol.min_energy_apogee_m)
      throw AimingError(fmt::format("a lofted flight to {:.0f} km must peak above the min-energy apogee of {:.0f} km, "
                                    "not at {:.0f} km",
                                    target_range_m_ / 1e3, *sol.min_energy_apogee_m / 1e3, h_target / 1e3));
    if (req_.shape == scenario::TrajectoryShape::kDepressed && h_target > *sol.min_energy_apogee_m)
      throw AimingError(fmt::format("a depressed flight to {:.0f} km must peak below the min-energy apogee of {:.0f} "
                                    "km, not at {:.0f} km",
                                    target_range_m_ / 1e3, *sol.min_energy_apogee_m / 1e3, h_target / 1e3));
    const auto apo_err = [&](double k) {
      const GuidancePlan p = plan_for(k);
      return apogee(az, k, p.cutoff_s) - h_target;
    };
    const double e_lofted = apo_err(kappa_lofted);
    const double e_depressed = apo_err(kappa_depressed);
    if (e_lofted < 0.0 || e_depressed > 0.0) {
      // The envelope as the missile flies it, not as this solve's pitch-over bounds clip it: the
      // highest apogee at this range is the full burn's at the steepest pitch-over that still
      // reaches it, which may lie below kKappaMin_deg (a steep lofted test); the impact-point
      // solve (solve()) takes those flights.
      const double highest_m = std::max(e_lofted + h_target, steepestApogee(az, kappa_lofted));
      envelope_ = std::pair{e_depressed + h_target, highest_m};
      throw AimingError(fmt::format(
          "no {} flight of the {} to {:.0f} km peaks at {:.0f} km: its apogee can range from {:.0f} to {:.0f} km",
          shapeName(req_.shape), missile_.name(), target_range_m_ / 1e3, h_target / 1e3, envelope_->first / 1e3,
          envelope_->second / 1e3));
    }
    it = 80;
    const auto tol_apo = [](double a, double b) { return std::abs(b - a) < 1e-8; };
    const auto [a, b] = boost::math::tools::toms748_solve(apo_err, kappa_lofted, kappa_depressed, e_lofted, e_depressed,
                                                          tol_apo, it);
    sol.plan = plan_for(0.5 * (a + b));
    return sol;
  }

  Reach reach() {
    const ReachScan& r = nominalReach();
    return Reach{globalReach() ? 0.0 : r.range_m, globalReach()};
  }

  // The envelope's ceiling (see apogeeCeiling_m): asked for an apogee far above any, the shape
  // solve refuses it stating the envelope; a missile without a cut-off flies its lofted branch.
  std::optional<double> ceiling() {
    if (!can_cut_) {
      req_.shape = scenario::TrajectoryShape::kLofted;
      req_.apogee_m = 1e9;
      try {
        const AimSolution sol = solve();
        return fly(sol.plan).apogee.position.alt_m;
      } catch (const AimingError&) {
        return std::nullopt;
      }
    }
    req_.shape = scenario::TrajectoryShape::kApogee;
    req_.apogee_m = 1e9;
    try {
      solveByShape();
    } catch (const AimingError&) {
    }
    if (!envelope_) return std::nullopt;
    return envelope_->second;
  }

  const FlightModels& models_;
  const Missile& missile_;
  AimRequest req_;
  FlightOptions options_;
  FlightResult work_;
  double target_range_m_ = 0.0, target_azimuth_deg_ = 0.0;
  double t_min_ = 0.0, t_full_ = 0.0;
  bool can_cut_ = true;
  int flights_ = 0;
  std::exception_ptr first_error_;
  std::optional<ReachScan> nominal_reach_;         // on the requested heading
  std::optional<double> me_apogee_m_;               // the min-energy apogee, once the shape solve made it
  std::optional<std::pair<double, double>> envelope_;  // the apogees a flight to the target can have, m
};

}  // namespace

namespace {

// A launcher to orbit with no orbit asked for: full burn on the request's bearing (taken as the
// launch azimuth), the pitch-over that maximises the perigee at the end of the last thrust (Brent:
// the perigee rises as the ascent flattens, then falls as the boost is spent in the air); a
// gravity turn all the way, the one angle a missile's guidance has.
double bestGravityTurn(const FlightModels& models, const Missile& missile, const world::Geodetic& launch, double az,
                       const FlightOptions& o, AimSolution& sol, bool exact) {
  FlightResult f;
  const auto perigee = [&](double kappa) {
    ++sol.flights;
    flyMissile(models, missile, launch, GuidancePlan{az, kappa, 1e9}, o, f);
    return f.burnout_conic ? f.burnout_conic->perigee_alt_m : -constants::kWgs84SemiMajorAxis_m;
  };
  std::uintmax_t it = 60;
  const auto best = boost::math::tools::brent_find_minima([&](double k) { return -perigee(k); }, 0.05, 30.0, 30, it);
  if (exact && -best.second < kOrbitPerigee_m)
    throw AimingError(fmt::format("the {} does not reach orbit on azimuth {:.1f} deg: the highest perigee any pitch-over "
                                  "gives is {:.0f} km (an orbit needs {:.0f} km)",
                                  missile.name(), az, -best.second / 1e3, kOrbitPerigee_m / 1e3));
  return best.first;
}

// The residuals of an ascent to a target orbit, for MINPACK's hybrid Powell solver (Eigen's
// unsupported NonLinearOptimization module), of the conic at the last burnout: perigee and apogee
// in units of 10 km, the inclination in units of 0.1 deg. Unknowns, degrees, each held within its
// bounds: the upper stages' pitch at the start and at the end of their programme and, with an
// inclination asked for, the last stage's yaw.
struct AscentResiduals {
  using Scalar = double;
  enum { InputsAtCompileTime = Eigen::Dynamic, ValuesAtCompileTime = Eigen::Dynamic };
  using InputType = Eigen::VectorXd;
  using ValueType = Eigen::VectorXd;
  using JacobianType = Eigen::MatrixXd;
  static constexpr double kPitchMin_deg = -60.0, kPitchMax_deg = 80.0, kYawMax_deg = 45.0;

  const FlightModels& models;
  const Missile& missile;
  const world::Geodetic& launch;
  const scenario::OrbitTarget& target;
  GuidancePlan base;
  FlightOptions options;
  mutable FlightResult f;
  mutable int* flights;

  [[nodiscard]] int inputs() const { return target.inclination_deg ? 3 : 2; }
  [[nodiscard]] int values() const { return inputs(); }
  [[nodiscard]] GuidancePlan plan(const Eigen::VectorXd& x) const {
    GuidancePlan p = base;
    p.upper.active = true;
    p.upper.pitch_start_deg = std::clamp(x[0], kPitchMin_deg, kPitchMax_deg);
    p.upper.pitch_end_deg = std::clamp(x[1], kPitchMin_deg, kPitchMax_deg);
    if (target.inclination_deg) p.upper.yaw_deg = std::clamp(x[2], -kYawMax_deg, kYawMax_deg);
    return p;
  }
  void fly(const GuidancePlan& p) const {
    ++*flights;
    flyMissile(models, missile, launch, p, options, f);
  }
  int operator()(const Eigen::VectorXd& x, Eigen::VectorXd& r) const {
    fly(plan(x));
    residuals(r);
    return 0;
  }
  // The residuals of the last flight (`f`).
  void residuals(Eigen::VectorXd& r) const {
    if (!f.burnout_conic) {  // came down under thrust: as far from any orbit as a conic can be
      r.setConstant(-constants::kWgs84SemiMajorAxis_m / 10e3);
      return;
    }
    const OrbitState& c = *f.burnout_conic;
    r[0] = (c.perigee_alt_m - target.perigee_m) / 10e3;
    r[1] = (std::min(c.apogee_alt_m, 1e9) - target.apogee_m) / 10e3;
    if (target.inclination_deg) r[2] = (c.inclination_deg - *target.inclination_deg) / 0.1;
  }
  // Powell's hybrid method from x; the plan at its answer, whose flight `f` then holds. Difference
  // steps of ~1e-4 of each unknown (epsfcn 1e-8): well above the flights' integration noise.
  GuidancePlan solve(Eigen::VectorXd& x) {
    Eigen::HybridNonLinearSolver<AscentResiduals> solver(*this);
    solver.parameters.epsfcn = 1e-8;
    solver.parameters.maxfev = 200;
    solver.parameters.xtol = 1e-10;
    solver.solveNumericalDiff(x);
    const GuidancePlan p = plan(x);
    fly(p);
    return p;
  }
  // The last flight's orbit within 1 km of perigee and apogee and 0.01 deg of inclination.
  [[nodiscard]] bool reached() const {
    if (!f.burnout_conic) return false;
    const OrbitState& c = *f.burnout_conic;
    return std::abs(c.perigee_alt_m - target.perigee_m) <= 1e3 && std::abs(c.apogee_alt_m - target.apogee_m) <= 1e3 &&
           (!target.inclination_deg || std::abs(c.inclination_deg - *target.inclination_deg) <= 0.01);
  }
};

// A launcher to a given orbit. The first stage pitches over to the catalog's ascent angle
// (guidance.ascent_pitch_over_deg; unset: the best gravity turn's) and turns with gravity; the
// upper stages fly a linear pitch programme above the local horizontal and the last stage a yaw
// (UpperStageProgramme), solved so that the conic at the last burnout has the asked perigee,
// apogee and inclination: a coarse scan of the programme's two pitches for a start, then Powell's
// hybrid method, on a full burn: the orbit's energy is the launcher's. A launcher with energy to
// spare is not cut off short of it: the catalog's coasts fix how high its upper stages burn out,
// and no cut-off tried reached a lower orbit (the cut-off as a fourth unknown under
// Levenberg-Marquardt, a continuation down the cut-off, and each flight cut off at the orbit's
// energy with either pitch solved: 7 Dec 2026, the Unha-3 to 300 x 400 km came no closer than
// 70 x 630 km). Where no programme reaches the orbit asked for, AimingError gives the closest.
AimSolution solveToOrbit(const FlightModels& models, const Missile& missile, const AimRequest& request, double az,
                         const FlightOptions& o, bool exact) {
  const scenario::OrbitTarget& target = *request.orbit;
  AimSolution sol;
  const std::optional<double> ascent = missile.guidance().ascent_pitch_over_deg;
  const double kappa = ascent ? *ascent : bestGravityTurn(models, missile, request.launch, az, o, sol, exact);
  AscentResiduals fn{models, missile, request.launch, target, GuidancePlan{az, kappa, 1e9}, o, {}, &sol.flights};
  Eigen::VectorXd r(fn.values());
  std::vector<std::pair<double, Eigen::VectorXd>> starts;
  for (double p0 = 0.0; p0 <= 60.0; p0 += 15.0)
    for (double p1 = -30.0; p1 <= 30.0; p1 += 15.0) {
      Eigen::VectorXd t = Eigen::VectorXd::Zero(fn.inputs());
      t[0] = p0;
      t[1] = p1;
      fn(t, r);
      starts.emplace_back(r.head<2>().norm(), t);
    }
  std::stable_sort(starts.begin(), starts.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  // Powell's method from the best start of the scan; where it stalls short of the orbit (a local
  // minimum: the Unha-2 at an ascent angle of 3.25 deg stopped at 30 x 1,427 km while 3.2 and 3.3
  // reached 490 x 1,426 km), from the next best, up to four, keeping the closest.
  double best = std::numeric_limits<double>::infinity();
  constexpr std::size_t kStarts = 4;
  for (std::size_t i = 0; i < std::min(kStarts, starts.size()); ++i) {
    Eigen::VectorXd x = starts[i].second;
    const GuidancePlan p = fn.solve(x);  // its flight is the last one flown
    fn.residuals(r);
    const double miss = r.norm();
    if (miss < best) best = miss, sol.plan = p;
    if (fn.reached()) break;
  }
  if (!fn.reached()) fn.fly(sol.plan);  // the closest, for the refusal
  sol.global_reach = true;
  if (exact && !fn.reached()) {
    const std::string asked = target.inclination_deg ? fmt::format(" at {:.1f} deg", *target.inclination_deg) : "";
    if (!fn.f.burnout_conic)
      throw AimingError(fmt::format("the {} cannot fly to a {:.0f} x {:.0f} km orbit{} from azimuth {:.1f} deg: its "
                                    "ascent comes down under thrust",
                                    missile.name(), target.perigee_m / 1e3, target.apogee_m / 1e3, asked, az));
    const OrbitState& c = *fn.f.burnout_conic;
    throw AimingError(fmt::format("the {} cannot fly to a {:.0f} x {:.0f} km orbit{} from azimuth {:.1f} deg: the "
                                  "closest its ascent comes is {:.0f} x {:.0f} km at {:.1f} deg",
                                  missile.name(), target.perigee_m / 1e3, target.apogee_m / 1e3, asked, az,
                                  c.perigee_alt_m / 1e3, std::min(c.apogee_alt_m, 1e9) / 1e3, c.inclination_deg));
  }
  return sol;
}

// exact: AimingError where the orbit (or any orbit) is not reached; otherwise the closest ascent
// (a Monte Carlo trial's drawn launcher, correctAim).
AimSolution solveOrbit(const FlightModels& models, const Missile& missile, const AimRequest& request,
                       const FlightOptions& options, bool exact) {
  const double az = models.earth.inverse(request.launch.lat_deg, request.launch.lon_deg, request.aim_lat_deg,
                                         request.aim_lon_deg).azimuth_deg;
  FlightOptions o = options;
  o.record = false;
  if (request.orbit) return solveToOrbit(models, missile, request, az, o, exact);
  AimSolution sol;
  sol.plan = GuidancePlan{az, bestGravityTurn(models, missile, request.launch, az, o, sol, exact), 1e9};
  sol.global_reach = true;
  return sol;
}

}  // namespace

namespace {
// A failed flight (AimRequest::thrust_ends_s): the solved plan, its thrust ending then.
AimSolution failed(AimSolution sol, const AimRequest& request) {
  if (request.thrust_ends_s) sol.plan.cutoff_s = std::min(sol.plan.cutoff_s, *request.thrust_ends_s);
  return sol;
}
}  // namespace

AimSolution solveAim(const FlightModels& models, const Missile& missile, const AimRequest& request,
                     const FlightOptions& options) {
  if (request.shape == scenario::TrajectoryShape::kOrbit)
    return failed(solveOrbit(models, missile, request, options, true), request);
  if ((request.shape != scenario::TrajectoryShape::kMinEnergy) && !request.apogee_m)
    throw AimingError("this trajectory shape needs an apogee");
  Solver solver(models, missile, request, options);
  return failed(solver.solve(), request);
}

AimRequest requestAlong(const world::Earth& earth, const world::Geodetic& launch, double azimuth_deg, double range_m) {
  AimRequest r;
  r.launch = launch;
  const world::Geodetic p = earth.direct(launch.lat_deg, launch.lon_deg, azimuth_deg, range_m);
  r.aim_lat_deg = p.lat_deg;
  r.aim_lon_deg = p.lon_deg;
  return r;
}

AimRequest requestFor(const world::Earth& earth, const world::Geodetic& launch, const scenario::AimConfig& aim) {
  AimRequest r;
  if (aim.point_lat_deg) {
    r.launch = launch;
    r.aim_lat_deg = *aim.point_lat_deg;
    r.aim_lon_deg = *aim.point_lon_deg;
  } else {
    // Shape orbit gives the azimuth alone: the point 1,000 km along it carries the bearing.
    r = requestAlong(earth, launch, *aim.azimuth_deg, aim.range_m.value_or(1000e3));
  }
  r.shape = aim.shape;
  r.apogee_m = aim.apogee_m;
  r.orbit = aim.orbit;
  r.thrust_ends_s = aim.thrust_ends_s;
  return r;
}

Reach maximumReach(const FlightModels& models, const Missile& missile, const AimRequest& request,
                   const FlightOptions& options) {
  Solver solver(models, missile, request, options);
  return solver.reach();
}

std::optional<double> apogeeCeiling_m(const FlightModels& models, const Missile& missile, const AimRequest& request,
                                      const FlightOptions& options) {
  Solver solver(models, missile, request, options);
  return solver.ceiling();
}

AimSolution correctAim(const FlightModels& models, const Missile& missile, const AimRequest& request,
                       const GuidancePlan& start, const FlightOptions& options, int max_flights) {
  // A launcher has no aim point to correct onto: its ascent is solved again (tens of flights), to
  // the closest orbit where a drawn launcher cannot reach the one asked.
  if (request.shape == scenario::TrajectoryShape::kOrbit)
    return failed(solveOrbit(models, missile, request, options, false), request);
  Solver solver(models, missile, request, options);
  return failed(solver.correct(start, max_flights), request);
}

}  // namespace picket::flight

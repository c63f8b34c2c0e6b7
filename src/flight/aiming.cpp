#include "flight/aiming.h"

#include <cmath>
#include <cstdint>
#include <exception>
#include <optional>

#include <Eigen/Dense>

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
    try {
      AimSolution sol = solveByShape();
      if (sol.miss_m < 1000.0 || !req_.apogee_m) return sol;
    } catch (const AimingError&) {
      if (!req_.apogee_m) throw;  // min-energy: the reach or cut-off message stands
      first_error_ = std::current_exception();
    }
    // Range and apogee given, and the one-dimensional solve failed: near-vertical flights on a
    // rotating Earth land far off the aim azimuth. Solve for the impact point in two dimensions.
    AimSolution sol;
    if (solveImpactPoint(sol)) return sol;
    if (first_error_) std::rethrow_exception(first_error_);
    throw AimingError(fmt::format("no flight of the {} reaches the aim point with a {:.0f} km apogee",
                                  missile_.name(), *req_.apogee_m / 1e3));
  }

 private:
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

  // Damped Newton on (azimuth, pitch-over angle) for the impact point, the cut-off set at each
  // point by the apogee. Finite-difference Jacobian; a step is halved until the miss shrinks.
  bool solveImpactPoint(AimSolution& sol) {
    struct Point {
      double az, kappa, tc;
      Eigen::Vector2d r;
    };
    auto evaluate = [&](double az, double kappa, Point& p) {
      const std::optional<double> tc = cutoffForApogee(az, kappa);
      if (!tc) return false;
      p = Point{az, kappa, *tc, offset(fly(GuidancePlan{az, kappa, *tc}))};
      return true;
    };
    // Start from the best of a coarse scan of pitch-over angles, tilted back as well as forward.
    Point best{0, 0, 0, Eigen::Vector2d::Constant(1e30)};
    for (const double k : {-8.0, -4.0, -2.0, -1.0, 0.0, 0.5, 1.0, 2.0, 3.0, 5.0, 8.0, 12.0, 18.0, 25.0, 35.0, 50.0}) {
      Point p;
      if (evaluate(target_azimuth_deg_, k, p) && p.r.norm() < best.r.norm()) best = p;
    }
    if (best.r.norm() >= 1e29) return false;
    for (int iter = 0; iter < 40 && best.r.norm() > 20.0; ++iter) {
      Point pa, pk;
      constexpr double kDelta_deg = 1e-3;
      if (!evaluate(best.az + kDelta_deg, best.kappa, pa) || !evaluate(best.az, best.kappa + kDelta_deg, pk)) return false;
      Eigen::Matrix2d jac;
      jac.col(0) = (pa.r - best.r) / kDelta_deg;
      jac.col(1) = (pk.r - best.r) / kDelta_deg;
      if (std::abs(jac.determinant()) < 1e-12) return false;
      const Eigen::Vector2d step = -jac.partialPivLu().solve(best.r);
      double scale = std::min(1.0, 10.0 / std::max(std::abs(step[0]), std::abs(step[1])));  // at most 10 deg
      bool improved = false;
      for (int halving = 0; halving < 12 && !improved; ++halving, scale *= 0.5) {
        Point next;
        if (evaluate(best.az + scale * step[0], best.kappa + scale * step[1], next) && next.r.norm() < best.r.norm()) {
          best = next;
          improved = true;
        }
      }
      if (!improved) return false;
    }
    if (best.r.norm() > 20.0) return false;
    sol.plan = GuidancePlan{best.az, best.kappa, best.tc};
    sol.miss_m = best.r.norm();
    sol.flights = flights_;
    return true;
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

  // Ground range, signed: negative where the impact lies behind the launch point (a near-vertical
  // shot on a rotating Earth falls to the west), so that range grows monotonically with the
  // pitch-over angle on the lofted side.
  double range(double az, double kappa, double tc) {
    const FlightResult& r = fly(GuidancePlan{az, kappa, tc});
    if (!r.impacted) return 0.0;
    const world::GeodesicLine line = models_.earth.inverse(req_.launch.lat_deg, req_.launch.lon_deg,
                                                           r.impact.position.lat_deg, r.impact.position.lon_deg);
    const bool behind = std::abs(std::remainder(line.azimuth_deg - target_azimuth_deg_, 360.0)) > 90.0;
    return behind ? -line.distance_m : line.distance_m;
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

  AimSolution solveShape(double az) {
    using boost::math::tools::brent_find_minima;
    using boost::math::tools::toms748_solve;
    const auto full_range = [&](double kappa) { return range(az, kappa, t_full_); };
    std::uintmax_t it = 200;
    const auto best = brent_find_minima([&](double k) { return -full_range(k); }, kKappaMin_deg, kKappaMax_deg, 30, it);
    const double kappa_star = best.first;
    const double reach = -best.second;
    if (target_range_m_ > reach) {
      throw AimingError(fmt::format(
          "the target is {:.0f} km away, beyond the {}'s reach of {:.0f} km from this launch point on this "
          "heading (payload {:.0f} kg)",
          target_range_m_ / 1e3, missile_.name(), reach / 1e3, missile_.payloadMass_kg()));
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
    sol.reach_m = reach;
    const auto plan_for = [&](double k) { return GuidancePlan{az, k, cutoffFor(az, k)}; };
    const auto shape_name = [&]() -> std::string {
      switch (req_.shape) {
        case scenario::TrajectoryShape::kMinEnergy: return "min-energy";
        case scenario::TrajectoryShape::kLofted: return "lofted";
        case scenario::TrajectoryShape::kDepressed: return "depressed";
        case scenario::TrajectoryShape::kApogee: return "apogee";
      }
      return "";
    };

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
      return sol;
    }

    // Minimum energy: the shortest burn that reaches the range.
    it = 100;
    const auto me = brent_find_minima([&](double k) { return cutoffFor(az, k); }, kappa_lofted, kappa_depressed, 24, it);
    const double kappa_me = me.first;
    const GuidancePlan me_plan{az, kappa_me, me.second};
    sol.min_energy_apogee_m = apogee(az, me_plan.pitch_over_deg, me_plan.cutoff_s);
    if (req_.shape == scenario::TrajectoryShape::kMinEnergy) {
      sol.plan = me_plan;
      return sol;
    }
    const double h_target = *req_.apogee_m;
    if (req_.shape == scenario::TrajectoryShape::kLofted && h_target < sol.min_energy_apogee_m)
      throw AimingError(fmt::format("a lofted flight to {:.0f} km must peak above the min-energy apogee of {:.0f} km, "
                                    "not at {:.0f} km",
                                    target_range_m_ / 1e3, sol.min_energy_apogee_m / 1e3, h_target / 1e3));
    if (req_.shape == scenario::TrajectoryShape::kDepressed && h_target > sol.min_energy_apogee_m)
      throw AimingError(fmt::format("a depressed flight to {:.0f} km must peak below the min-energy apogee of {:.0f} "
                                    "km, not at {:.0f} km",
                                    target_range_m_ / 1e3, sol.min_energy_apogee_m / 1e3, h_target / 1e3));
    const auto apo_err = [&](double k) {
      const GuidancePlan p = plan_for(k);
      return apogee(az, k, p.cutoff_s) - h_target;
    };
    const double e_lofted = apo_err(kappa_lofted);
    const double e_depressed = apo_err(kappa_depressed);
    if (e_lofted < 0.0 || e_depressed > 0.0)
      throw AimingError(fmt::format(
          "no {} flight of the {} to {:.0f} km peaks at {:.0f} km: its apogee can range from {:.0f} to {:.0f} km",
          shape_name(), missile_.name(), target_range_m_ / 1e3, h_target / 1e3, (e_depressed + h_target) / 1e3,
          (e_lofted + h_target) / 1e3));
    it = 80;
    const auto tol_apo = [](double a, double b) { return std::abs(b - a) < 1e-8; };
    const auto [a, b] = boost::math::tools::toms748_solve(apo_err, kappa_lofted, kappa_depressed, e_lofted, e_depressed,
                                                          tol_apo, it);
    sol.plan = plan_for(0.5 * (a + b));
    return sol;
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
};

}  // namespace

AimSolution solveAim(const FlightModels& models, const Missile& missile, const AimRequest& request,
                     const FlightOptions& options) {
  if ((request.shape != scenario::TrajectoryShape::kMinEnergy) && !request.apogee_m)
    throw AimingError("this trajectory shape needs an apogee");
  Solver solver(models, missile, request, options);
  return solver.solve();
}

}  // namespace picket::flight

// The tracker's dynamics: a ballistic object in ECI (docs/notation.md), state
//   x = [r_Eci (m), v_Eci (m/s), b = 1/beta (m^2/kg)],
//   dr/dt = v,  dv/dt = g(r) - rho(h) |v_rel| v_rel b / 2,  db/dt = 0 (+ noise),
// with g the scenario's gravity (J2 by default), v_rel = v - w_E x r, and drag only below the
// atmosphere's edge (`atmosphere_edge_m`); above it b is unobservable and keeps its prior.
// Estimating the inverse ballistic coefficient b rather than beta is the usual choice for
// re-entry tracking: drag is linear in b and b = 0 is no drag (Li and Jilkov, "Survey of
// maneuvering target tracking. Part II: motion models of ballistic and space targets", IEEE
// Trans. AES 46(1), 2010, sec. 4).
// Propagation: classical RK4 in sub-steps of at most max_step_s. The state-transition matrix over
// a sub-step is Phi = I + F dt + F^2 dt^2 / 2 with F the Jacobian at the sub-step's midpoint; F uses
// the point-mass gravity gradient (J2 changes it by ~1e-3, well inside the process noise).
// Process noise: white acceleration of spectral density q = sigma_a^2 (1 s) on each axis
// (Bar-Shalom, Li and Kirubarajan, Estimation with Applications to Tracking and Navigation, 2001,
// sec. 6.2.2): Q_rr = q dt^3/3, Q_rv = q dt^2/2, Q_vv = q dt, and a random walk on b.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <vector>

#include <Eigen/Dense>

#include "world/atmosphere.h"
#include "world/earth.h"

namespace picket::tracking {

inline constexpr int kStateDim = 7;
using StateVec = Eigen::Matrix<double, kStateDim, 1>;
using StateCov = Eigen::Matrix<double, kStateDim, kStateDim>;
using world::Mat3;
using world::Vec3;

struct BallisticOptions {
  double atmosphere_edge_m = 120000.0;
  double max_step_s = 5.0;
  double inv_beta_noise = 1e-9;  // m^2/kg per sqrt(s)
};

class BallisticModel {
 public:
  BallisticModel(const world::Earth& earth, const world::Atmosphere& atmosphere, const BallisticOptions& options);

  [[nodiscard]] const world::Earth& earth() const { return *earth_; }
  [[nodiscard]] const BallisticOptions& options() const { return options_; }

  [[nodiscard]] StateVec derivative(const StateVec& x) const;
  [[nodiscard]] StateCov jacobian(const StateVec& x) const;
  // One RK4 step of dt.
  [[nodiscard]] StateVec step(const StateVec& x, double dt) const;
  // Four independent steps at once: *out[k] = step(*in[k], dt[k]) for k = 0..3, the same numbers
  // to the bit, each state in a lane of Eigen arrays. The derivative is a chain of square roots
  // and divisions that waits on itself; four chains in the lanes of two SIMD registers share
  // each instruction and keep the core busy (the impact prediction flies its sigma points four at
  // a time).
  void step4(const std::array<const StateVec*, 4>& in, const std::array<double, 4>& dt,
             const std::array<StateVec*, 4>& out) const;
  // x from t0 to t1 in sub-steps of at most max_step_s.
  [[nodiscard]] StateVec propagate(const StateVec& x, double dt) const;
  // Both the state and its transition matrix.
  void propagate(StateVec& x, StateCov& phi, double dt) const;
  // Process noise over dt for white acceleration of 1-sigma accel_mps2 (over one second).
  [[nodiscard]] StateCov processNoise(double dt, double accel_mps2) const;
  // p += processNoise(dt, accel_mps2), without the zeros.
  void addProcessNoise(double dt, double accel_mps2, StateCov& p) const;
  // The filter's geodetic height of the state's position: Earth::altitudeNear_m, within 1.5 cm of
  // the exact height below 150 km (where drag and the ground need it) and 0 on the ground exactly
  // where the exact one is, with one square root where Bowring's iteration takes four and three
  // divisions. A density error of 1.5 cm / H (H >= 6 km the scale height), 3e-6, is ten times
  // under the table's own below.
  [[nodiscard]] double altitude_m(const StateVec& x) const { return earth_->altitudeNear_m(x.head<3>(), x.head<3>().norm()); }
  // Whether x lies more than depth_m below the ellipsoid. The geodetic height is never below
  // |r| - a, so above that bound the answer needs no geodetic conversion.
  [[nodiscard]] bool belowGround(const StateVec& x, double depth_m) const {
    if (x.head<3>().norm() - earth_->equatorialRadius_m() >= -depth_m) return false;
    return altitude_m(x) < -depth_m;
  }
  // The filter's air density and its height derivative: the atmosphere's, tabulated every 100 m
  // below the atmosphere's edge and interpolated log-linearly (relative error ~(100 m / H)^2 / 8
  // ~ 3e-5 with scale heights H of 6-8 km, 4e-4 across the tropopause's kink: far inside what
  // 1/beta's uncertainty absorbs; tracking_test.cpp holds it to 5e-4), where the
  // atmosphere's own formulas cost a pow() each; the impact prediction calls it millions of times
  // (the interpolation's exp by series: ballistic.cpp).
  [[nodiscard]] double density_kgpm3(double h_m) const {
    const double u = std::max(h_m, 0.0) * kInvDensityStep;
    const std::size_t i = std::min(static_cast<std::size_t>(u), last_node_);
    const DensityNode& n = nodes_[i];
    const double x = (u - static_cast<double>(i)) * n.log_step;
    if (!series_) [[unlikely]]
      return std::exp(n.log_rho + x);
    // exp(x) by its series to x^5 (relative error under x^6 / 720, 2e-11 at the bound): a
    // tenth of the exp call, which the impact prediction made millions of times per trial.
    return n.rho * (1.0 + x * (1.0 + x * (0.5 + x * (1.0 / 6.0 + x * (1.0 / 24.0 + x * (1.0 / 120.0))))));
  }
  [[nodiscard]] double densityGradient_kgpm4(double h_m) const;
  // The magnitude of the drag deceleration of state x at any height h_m (0 at and above the
  // atmosphere's edge): x's speed through the air and its 1/beta taken once, for asking at several
  // heights (the impact prediction's step rule looks ahead along a step).
  struct DragAt {
    const BallisticModel* model;
    double b, v_rel2;
    [[nodiscard]] double operator()(double h_m) const {
      return h_m >= model->options_.atmosphere_edge_m ? 0.0 : 0.5 * model->density_kgpm3(h_m) * b * v_rel2;
    }
  };
  [[nodiscard]] DragAt dragAt(const StateVec& x) const {
    return {this, std::max(x(6), 0.0), (x.segment<3>(3) - earth_->w_EarthEci_radps().cross(x.head<3>())).squaredNorm()};
  }

 private:
  static constexpr double kDensityStep_m = 100.0;
  // h * 0.01 for h / 100: a node may fall in either interval, where the interpolation is continuous.
  static constexpr double kInvDensityStep = 1.0 / kDensityStep_m;
  // The interpolation's exp by series where no step of the table changes ln rho by more than this
  // (US 1976: at most 0.02, scale heights above 5 km); by std::exp otherwise.
  static constexpr double kSeriesMaxLogStep = 0.05;
  const world::Earth* earth_;
  BallisticOptions options_;
  // Every kDensityStep_m from 0 to the edge (and one more): rho, ln rho and its change to the next.
  struct DensityNode {
    double rho, log_step, log_rho;
  };
  std::vector<DensityNode> nodes_;
  std::size_t last_node_ = 0;  // the last node an interval starts at
  bool series_ = false;
};

}  // namespace picket::tracking

#include "tracking/ballistic.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <type_traits>

namespace picket::tracking {

BallisticModel::BallisticModel(const world::Earth& earth, const world::Atmosphere& atmosphere, const BallisticOptions& options)
    : earth_(&earth), options_(options) {
  const int n = static_cast<int>(std::ceil(std::max(options_.atmosphere_edge_m, 0.0) / kDensityStep_m)) + 2;
  std::vector<double> log_rho(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i)
    log_rho[static_cast<std::size_t>(i)] = std::log(std::max(atmosphere.at(i * kDensityStep_m).density_kgpm3, 1e-300));
  nodes_.resize(log_rho.size());
  double widest = 0.0;
  for (std::size_t i = 0; i < nodes_.size(); ++i) {
    nodes_[i].rho = std::exp(log_rho[i]);
    nodes_[i].log_rho = log_rho[i];
    nodes_[i].log_step = i + 1 < log_rho.size() ? log_rho[i + 1] - log_rho[i] : 0.0;
    widest = std::max(widest, std::abs(nodes_[i].log_step));
  }
  last_node_ = nodes_.size() - 2;
  series_ = widest <= kSeriesMaxLogStep;
}

double BallisticModel::densityGradient_kgpm4(double h_m) const {
  const double u = std::max(h_m, 0.0) * kInvDensityStep;
  const std::size_t i = std::min(static_cast<std::size_t>(u), last_node_);
  return density_kgpm3(h_m) * nodes_[i].log_step * kInvDensityStep;
}

namespace {

// Four states, component by component, each in a lane.
using Lane = Eigen::Array4d;
using LaneMask = Eigen::Array<bool, 4, 1>;
struct Lanes {
  std::array<Lane, kStateDim> c;
};

// What derivativeOf needs to treat one state (double) and four (Lane) alike.
template <class T>
using MaskOf = std::conditional_t<std::is_same_v<T, double>, bool, LaneMask>;
bool any(bool m) { return m; }
bool any(const LaneMask& m) { return m.any(); }
double atLeastZero(double v) { return std::max(v, 0.0); }
Lane atLeastZero(const Lane& v) { return v.max(0.0); }
double zeroLike(double) { return 0.0; }
Lane zeroLike(const Lane&) { return Lane::Zero(); }
double orZero(bool m, double v) { return m ? v : 0.0; }
Lane orZero(const LaneMask& m, const Lane& v) { return m.select(v, 0.0); }
double densityWhere(const BallisticModel& model, bool m, double h_m) { return m ? model.density_kgpm3(h_m) : 0.0; }
Lane densityWhere(const BallisticModel& model, const LaneMask& m, const Lane& h_m) {
  Lane rho = Lane::Zero();
  for (int k = 0; k < 4; ++k)
    if (m(k)) rho(k) = model.density_kgpm3(h_m(k));
  return rho;
}

// The model's dx/dt (ballistic.h) of the state x[0..6], into d[0..6]: T a double for one state, or
// a Lane for four, one per lane, with the same expressions in the same order, so the same numbers
// (step4 is step, to the bit).
template <class T>
[[gnu::always_inline]] inline void derivativeOf(const BallisticModel& m, const T* x, T* d) {
  using std::sqrt;
  const world::Earth& earth = m.earth();
  d[0] = x[3];
  d[1] = x[4];
  d[2] = x[5];
  const T r2 = x[0] * x[0] + x[1] * x[1] + x[2] * x[2];
  const T rn = sqrt(r2);
  const T inv_r = 1.0 / rn, mu_r2 = earth.gm_m3ps2() / r2;
  T ax, ay, az;
  earth.gravity(x[0], x[1], x[2], inv_r, mu_r2, ax, ay, az);
  const double edge_m = m.options().atmosphere_edge_m;
  const T b = atLeastZero(x[6]);
  // The geodetic height is never below |r| - a: far above the air, skip computing it.
  const MaskOf<T> maybe_air = (b > 0.0) && (rn - earth.equatorialRadius_m() < edge_m);
  if (any(maybe_air)) {
    const T h = earth.altitudeNear(x[2], rn);
    const MaskOf<T> air = maybe_air && (h < edge_m);
    if (any(air)) {
      const Vec3 w = earth.w_EarthEci_radps();
      // v_rel = v - w x r
      const T vx = x[3] - (w.y() * x[2] - w.z() * x[1]);
      const T vy = x[4] - (w.z() * x[0] - w.x() * x[2]);
      const T vz = x[5] - (w.x() * x[1] - w.y() * x[0]);
      const T speed = sqrt(vx * vx + vy * vy + vz * vz);
      const T drag = orZero(air, 0.5 * densityWhere(m, air, h) * b * speed);
      ax -= drag * vx;
      ay -= drag * vy;
      az -= drag * vz;
    }
  }
  d[3] = ax;
  d[4] = ay;
  d[5] = az;
  d[6] = zeroLike(x[6]);
}

}  // namespace

StateVec BallisticModel::derivative(const StateVec& x) const {
  StateVec d;
  derivativeOf(*this, x.data(), d.data());
  return d;
}

StateCov BallisticModel::jacobian(const StateVec& x) const {
  StateCov f = StateCov::Zero();
  f.block<3, 3>(0, 3).setIdentity();
  const Vec3 r = x.head<3>(), v = x.segment<3>(3);
  const double rn = r.norm();
  const Vec3 u = r / rn;
  f.block<3, 3>(3, 0) = earth_->gm_m3ps2() / (rn * rn * rn) * (3.0 * u * u.transpose() - Mat3::Identity());
  if (rn - earth_->equatorialRadius_m() >= options_.atmosphere_edge_m) return f;
  const double h = earth_->altitudeNear_m(r, rn);
  if (h < options_.atmosphere_edge_m) {
    const Vec3 w = earth_->w_EarthEci_radps();
    const Vec3 v_rel = v - w.cross(r);
    const double s = v_rel.norm();
    const double rho = density_kgpm3(h);
    const double b = std::max(x(6), 0.0);
    const double drho = densityGradient_kgpm4(h);
    Mat3 wx;
    wx << 0, -w.z(), w.y(), w.z(), 0, -w.x(), -w.y(), w.x(), 0;
    const Mat3 dadv = s > 0.0 ? Mat3(-0.5 * rho * b * (s * Mat3::Identity() + v_rel * v_rel.transpose() / s))
                              : Mat3(Mat3::Zero());
    f.block<3, 3>(3, 3) = dadv;
    f.block<3, 3>(3, 0) += -0.5 * b * s * drho * v_rel * earth_->verticalAt(r).transpose() - dadv * wx;
    f.block<3, 1>(3, 6) = -0.5 * rho * s * v_rel;
  }
  return f;
}

StateVec BallisticModel::step(const StateVec& x, double dt) const {
  const StateVec k1 = derivative(x);
  const StateVec k2 = derivative(x + 0.5 * dt * k1);
  const StateVec k3 = derivative(x + 0.5 * dt * k2);
  const StateVec k4 = derivative(x + dt * k3);
  return x + dt / 6.0 * (k1 + 2.0 * k2 + 2.0 * k3 + k4);
}

void BallisticModel::step4(const std::array<const StateVec*, 4>& in, const std::array<double, 4>& dt,
                           const std::array<StateVec*, 4>& out) const {
  // step()'s expressions, lane by lane.
  Lanes x, k1, k2, k3, k4, y;
  for (int i = 0; i < kStateDim; ++i) x.c[i] = Lane((*in[0])(i), (*in[1])(i), (*in[2])(i), (*in[3])(i));
  const Lane h(dt[0], dt[1], dt[2], dt[3]);
  const Lane half = 0.5 * h;
  derivativeOf(*this, x.c.data(), k1.c.data());
  for (int i = 0; i < kStateDim; ++i) y.c[i] = x.c[i] + half * k1.c[i];
  derivativeOf(*this, y.c.data(), k2.c.data());
  for (int i = 0; i < kStateDim; ++i) y.c[i] = x.c[i] + half * k2.c[i];
  derivativeOf(*this, y.c.data(), k3.c.data());
  for (int i = 0; i < kStateDim; ++i) y.c[i] = x.c[i] + h * k3.c[i];
  derivativeOf(*this, y.c.data(), k4.c.data());
  const Lane sixth = h / 6.0;
  for (int i = 0; i < kStateDim; ++i) {
    const Lane sum = k1.c[i] + 2.0 * k2.c[i] + 2.0 * k3.c[i] + k4.c[i];
    y.c[i] = x.c[i] + sixth * sum;
  }
  for (int k = 0; k < 4; ++k)
    for (int i = 0; i < kStateDim; ++i) (*out[k])(i) = y.c[i](k);
}

StateVec BallisticModel::propagate(const StateVec& x0, double dt) const {
  StateVec x = x0;
  if (dt == 0.0) return x;
  const int n = std::max(1, static_cast<int>(std::ceil(std::abs(dt) / options_.max_step_s)));
  const double h = dt / n;
  for (int i = 0; i < n; ++i) x = step(x, h);
  return x;
}

void BallisticModel::propagate(StateVec& x, StateCov& phi, double dt) const {
  phi.setIdentity();
  if (dt == 0.0) return;
  const int n = std::max(1, static_cast<int>(std::ceil(std::abs(dt) / options_.max_step_s)));
  const double h = dt / n, hh = 0.5 * h * h;
  for (int i = 0; i < n; ++i) {
    const StateVec k1 = derivative(x);
    const StateVec mid = x + 0.5 * h * k1;
    const StateVec k2 = derivative(mid);
    const StateVec k3 = derivative(x + 0.5 * h * k2);
    const StateVec k4 = derivative(x + h * k3);
    // I + F h + F^2 h^2 / 2 by blocks: F = [[0, I, 0], [G, D, d], [0, 0, 0]] (rows and columns r,
    // v, b), so F^2 = [[G, D, d], [D G, G + D^2, D d], [0, 0, 0]]; the 7 x 7 product, most of it
    // zeros, was a third of a track prediction.
    const StateCov f = jacobian(mid);
    const Mat3 G = f.block<3, 3>(3, 0), D = f.block<3, 3>(3, 3);
    const Vec3 d = f.block<3, 1>(3, 6);
    StateCov step_phi = StateCov::Identity();
    step_phi.block<3, 3>(0, 0) += hh * G;
    step_phi.block<3, 3>(0, 3) = h * Mat3::Identity() + hh * D;
    step_phi.block<3, 1>(0, 6) = hh * d;
    step_phi.block<3, 3>(3, 0) = h * G + hh * (D * G);
    step_phi.block<3, 3>(3, 3) += h * D + hh * (G + D * D);
    step_phi.block<3, 1>(3, 6) = h * d + hh * (D * d);
    if (i == 0) phi = step_phi;
    else phi = (step_phi * phi).eval();
    x += h / 6.0 * (k1 + 2.0 * k2 + 2.0 * k3 + k4);
  }
}

StateCov BallisticModel::processNoise(double dt, double accel_mps2) const {
  StateCov q = StateCov::Zero();
  addProcessNoise(dt, accel_mps2, q);
  return q;
}

void BallisticModel::addProcessNoise(double dt, double accel_mps2, StateCov& p) const {
  const double s = accel_mps2 * accel_mps2, t = std::abs(dt);
  for (int i = 0; i < 3; ++i) {
    p(i, i) += s * t * t * t / 3.0;
    p(i, i + 3) += s * t * t / 2.0;
    p(i + 3, i) += s * t * t / 2.0;
    p(i + 3, i + 3) += s * t;
  }
  p(6, 6) += options_.inv_beta_noise * options_.inv_beta_noise * t;
}

}  // namespace picket::tracking

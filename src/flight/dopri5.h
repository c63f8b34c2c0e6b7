// Embedded Runge-Kutta 5(4) of Dormand and Prince ("DOPRI5"), with step-size control and its
// 4th-order dense output, for fixed-size states. Coefficients, error estimate, step-size controller
// and interpolant as in E. Hairer, S. P. Norsett, G. Wanner, "Solving Ordinary Differential
// Equations I", 2nd ed., Springer 1993, section II.4 (Table 4.6 and the dense output of II.6), and
// the authors' Fortran code dopri5.f: 7 stages, the last one the derivative at the step's end
// (FSAL), so an accepted step costs 6 evaluations; the 5th-order solution is propagated (local
// extrapolation); err = RMS over the components of (y5 - y4)_i / (atol_i + rtol max(|y0_i|, |y1_i|));
// the PI controller of dopri5.f (beta = 0.04, safety 0.9, the step changed by a factor in [0.2, 10],
// no growth right after a rejection); the interpolant ("contd5") is built from the step's own stages
// and costs no evaluation.
//
// Why a second method beside DOP853 (dop853.h): picket's propagator restarts at every bound of the
// atmosphere's layers and of the drag table (flight.cpp), and in the powered and atmospheric phases
// those bounds, not the error control, end most steps. There a 6-evaluation step with a free
// interpolant beats a 12-evaluation step whose interpolant costs 3 more; on the long exo-atmospheric
// arcs DOP853 needs fewer evaluations. bench/README.md has the figures. Same interface as Dop853.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <limits>

#include "flight/dop853.h"  // OdeVector, Tolerances

namespace picket::flight {

namespace dopri5 {
inline constexpr double c2 = 0.2, c3 = 0.3, c4 = 0.8, c5 = 8.0 / 9.0;
inline constexpr double a21 = 0.2;
inline constexpr double a31 = 3.0 / 40.0, a32 = 9.0 / 40.0;
inline constexpr double a41 = 44.0 / 45.0, a42 = -56.0 / 15.0, a43 = 32.0 / 9.0;
inline constexpr double a51 = 19372.0 / 6561.0, a52 = -25360.0 / 2187.0, a53 = 64448.0 / 6561.0,
                        a54 = -212.0 / 729.0;
inline constexpr double a61 = 9017.0 / 3168.0, a62 = -355.0 / 33.0, a63 = 46732.0 / 5247.0, a64 = 49.0 / 176.0,
                        a65 = -5103.0 / 18656.0;
inline constexpr double a71 = 35.0 / 384.0, a73 = 500.0 / 1113.0, a74 = 125.0 / 192.0, a75 = -2187.0 / 6784.0,
                        a76 = 11.0 / 84.0;
// e = b5 - b4 (the difference of the embedded solutions), weights of k1, k3..k7.
inline constexpr double e1 = 71.0 / 57600.0, e3 = -71.0 / 16695.0, e4 = 71.0 / 1920.0, e5 = -17253.0 / 339200.0,
                        e6 = 22.0 / 525.0, e7 = -1.0 / 40.0;
// Dense output (dopri5.f): the 4th-order interpolant's last coefficient.
inline constexpr double d1 = -12715105075.0 / 11282082432.0, d3 = 87487479700.0 / 32700410799.0,
                        d4 = -10690763975.0 / 1880347072.0, d5 = 701980252875.0 / 199316789632.0,
                        d6 = -1453857185.0 / 822651844.0, d7 = 69997945.0 / 29380423.0;
}  // namespace dopri5

template <std::size_t N, class Rhs>
class Dopri5 {
 public:
  using State = OdeVector<N>;
  static constexpr int kOrder = 5;

  Dopri5(const Rhs& rhs, const Tolerances<N>& tol) : rhs_(rhs), tol_(tol) {}

  // Starts (or restarts, after a discontinuity) at (t, y). Keeps the last step size as a guess
  // unless h_guess_s > 0.
  void reset(double t, const State& y, double h_guess_s = 0.0) {
    t_ = t;
    y_ = y;
    rhs_(t_, y_, f_);
    ++evaluations_;
    dense_ready_ = false;
    if (h_guess_s > 0.0) h_ = h_guess_s;
    if (h_ <= 0.0) h_ = initialStep();
  }

  // Restarts at (t, y) with its derivative f already known (no evaluation).
  void reset(double t, const State& y, const State& f) {
    t_ = t;
    y_ = y;
    f_ = f;
    dense_ready_ = false;
  }

  // Caps the next step (after a step was cut short, its proposed successor is not to be trusted).
  void limitStep(double h_max) { h_ = std::min(h_, h_max); }

  // Takes one accepted step toward t_stop (never past it). Returns false if the step size fell
  // below the round-off floor.
  bool step(double t_stop) {
    t_prev_ = t_;
    y_prev_ = y_;
    f_prev_ = f_;
    for (int tries = 0; tries < 100; ++tries) {
      const double h_floor = 16.0 * std::numeric_limits<double>::epsilon() * std::max(1.0, std::abs(t_));
      double h = std::min(h_, t_stop - t_);
      bool last = false;
      if (h >= t_stop - t_ - h_floor) {
        h = t_stop - t_;
        last = true;
      }
      if (h < h_floor) return false;
      const double t1 = last ? t_stop : t_ + h;
      const double err = attempt(t_, h, t1);
      const double fac11 = std::pow(std::max(err, 1e-300), kExpo1);
      if (err <= 1.0) {
        t_ = t1;
        h_last_ = t_ - t_prev_;
        dense_ready_ = false;
        y_ = y1_;
        f_ = k_[6];
        const double fac = std::clamp(fac11 / std::pow(err_old_, kBeta) / kSafe, 1.0 / kFacMax, 1.0 / kFacMin);
        err_old_ = std::max(err, 1e-4);
        double h_next = h / fac;
        if (rejected_last_) h_next = std::min(h_next, h);  // no growth right after a rejection
        h_ = last ? std::max(h_, h_next) : h_next;  // a step cut short at t_stop says little about h
        rejected_last_ = false;
        ++accepted_;
        return true;
      }
      h_ = h / std::min(1.0 / kFacMin, fac11 / kSafe);
      rejected_last_ = true;
      ++rejected_;
    }
    return false;
  }

  // The 4th-order dense output of the last accepted step, at t in [tPrev(), t()] (extrapolates
  // outside). Free: built from the step's stages.
  State denseAt(double t) {
    if (!dense_ready_) prepareDense();
    const double x = (t - t_prev_) / h_last_, x1 = 1.0 - x;
    State y;
    for (std::size_t i = 0; i < N; ++i)
      y[i] = y_prev_[i] + x * (dense_[0][i] + x1 * (dense_[1][i] + x * (dense_[2][i] + x1 * dense_[3][i])));
    return y;
  }

  [[nodiscard]] double t() const { return t_; }
  [[nodiscard]] const State& y() const { return y_; }
  [[nodiscard]] const State& f() const { return f_; }
  [[nodiscard]] double tPrev() const { return t_prev_; }
  [[nodiscard]] const State& yPrev() const { return y_prev_; }
  [[nodiscard]] const State& fPrev() const { return f_prev_; }
  [[nodiscard]] double stepSize() const { return h_; }
  [[nodiscard]] long evaluations() const { return evaluations_; }
  [[nodiscard]] long accepted() const { return accepted_; }
  [[nodiscard]] long rejected() const { return rejected_; }

 private:
  // dopri5.f's controller: beta = 0.04, exponent 1/5 - 0.75 beta, safety 0.9, factor in [0.2, 10].
  static constexpr double kBeta = 0.04, kExpo1 = 0.2 - 0.75 * kBeta, kSafe = 0.9, kFacMin = 0.2, kFacMax = 10.0;

  double initialStep() {
    // Hairer's starting-step heuristic (ibid., II.4; dopri5.f's hinit with iord = 5), one evaluation.
    double d0 = 0.0, d1 = 0.0;
    for (std::size_t i = 0; i < N; ++i) {
      const double sc = tol_.atol[i] + tol_.rtol * std::abs(y_[i]);
      d0 += (y_[i] / sc) * (y_[i] / sc);
      d1 += (f_[i] / sc) * (f_[i] / sc);
    }
    d0 = std::sqrt(d0 / N);
    d1 = std::sqrt(d1 / N);
    const double h0 = (d0 < 1e-5 || d1 < 1e-5) ? 1e-6 : 0.01 * d0 / d1;
    State y1, f1;
    for (std::size_t i = 0; i < N; ++i) y1[i] = y_[i] + h0 * f_[i];
    rhs_(t_ + h0, y1, f1);
    ++evaluations_;
    double d2 = 0.0;
    for (std::size_t i = 0; i < N; ++i) {
      const double sc = tol_.atol[i] + tol_.rtol * std::abs(y_[i]);
      d2 += ((f1[i] - f_[i]) / sc) * ((f1[i] - f_[i]) / sc);
    }
    d2 = std::sqrt(d2 / N) / h0;
    const double h1 = std::max(d1, d2) <= 1e-15 ? std::max(1e-6, h0 * 1e-3)
                                                  : std::pow(0.01 / std::max(d1, d2), 1.0 / kOrder);
    return std::min(100.0 * h0, h1);
  }

  void prepareDense() {
    using namespace dopri5;
    const double h = h_last_;
    const auto& k = k_;  // the accepted step's stages: k[1] .. k[5] = k2 .. k6, k[6] = f at its end
    for (std::size_t i = 0; i < N; ++i) {
      const double dy = y_[i] - y_prev_[i];
      const double bspl = h * f_prev_[i] - dy;
      dense_[0][i] = dy;
      dense_[1][i] = bspl;
      dense_[2][i] = dy - h * f_[i] - bspl;
      dense_[3][i] = h * (d1 * f_prev_[i] + d3 * k[2][i] + d4 * k[3][i] + d5 * k[4][i] + d6 * k[5][i] + d7 * k[6][i]);
    }
    dense_ready_ = true;
  }

  // One trial step of size h from (t0, y_, f_) to t1 = t0 + h (t1 given, to land exactly on a stop
  // time). Fills y1_ with the 5th-order solution and k_[6] with the derivative there; returns the
  // scaled error norm.
  double attempt(double t0, double h, double t1) {
    using namespace dopri5;
    const State& y = y_;
    const State& k1 = f_;
    auto& k = k_;
    State tmp;
    for (std::size_t i = 0; i < N; ++i) tmp[i] = y[i] + h * a21 * k1[i];
    rhs_(t0 + c2 * h, tmp, k[1]);
    for (std::size_t i = 0; i < N; ++i) tmp[i] = y[i] + h * (a31 * k1[i] + a32 * k[1][i]);
    rhs_(t0 + c3 * h, tmp, k[2]);
    for (std::size_t i = 0; i < N; ++i) tmp[i] = y[i] + h * (a41 * k1[i] + a42 * k[1][i] + a43 * k[2][i]);
    rhs_(t0 + c4 * h, tmp, k[3]);
    for (std::size_t i = 0; i < N; ++i)
      tmp[i] = y[i] + h * (a51 * k1[i] + a52 * k[1][i] + a53 * k[2][i] + a54 * k[3][i]);
    rhs_(t0 + c5 * h, tmp, k[4]);
    for (std::size_t i = 0; i < N; ++i)
      tmp[i] = y[i] + h * (a61 * k1[i] + a62 * k[1][i] + a63 * k[2][i] + a64 * k[3][i] + a65 * k[4][i]);
    rhs_(t1, tmp, k[5]);
    for (std::size_t i = 0; i < N; ++i)
      y1_[i] = y[i] + h * (a71 * k1[i] + a73 * k[2][i] + a74 * k[3][i] + a75 * k[4][i] + a76 * k[5][i]);
    rhs_(t1, y1_, k[6]);
    evaluations_ += 6;
    double err = 0.0;
    for (std::size_t i = 0; i < N; ++i) {
      const double e = h * (e1 * k1[i] + e3 * k[2][i] + e4 * k[3][i] + e5 * k[4][i] + e6 * k[5][i] + e7 * k[6][i]);
      const double sc = tol_.atol[i] + tol_.rtol * std::max(std::abs(y[i]), std::abs(y1_[i]));
      err += (e / sc) * (e / sc);
    }
    return std::sqrt(err / static_cast<double>(N));
  }

  const Rhs& rhs_;
  Tolerances<N> tol_;
  double t_ = 0.0, t_prev_ = 0.0, h_ = 0.0, h_last_ = 0.0;
  double err_old_ = 1e-4;
  State y_{}, f_{}, y_prev_{}, f_prev_{}, y1_{};
  std::array<State, 7> k_{};  // k_[1..6]: stages 2..7 of the last attempt
  std::array<State, 4> dense_{};
  bool dense_ready_ = false;
  bool rejected_last_ = false;
  long evaluations_ = 0, accepted_ = 0, rejected_ = 0;
};

}  // namespace picket::flight

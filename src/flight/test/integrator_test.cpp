#include <cmath>

#include <gtest/gtest.h>

#include "flight/dop853.h"
#include "flight/dopri5.h"
#include "flight/trajectory.h"

namespace picket::flight {
namespace {

struct Oscillator {
  void operator()(double, const OdeVector<2>& y, OdeVector<2>& dy) const {
    dy[0] = y[1];
    dy[1] = -y[0];
  }
};

// Either stepper (Dop853 or Dopri5) once round the oscillator's period: its
// error at a tolerance, or with the controller off and n steps pinned to T / n (a huge
// tolerance accepts every step at the requested size).
template <class Stepper>
double errorAfterOnePeriod(double rtol) {
  Oscillator rhs;
  Tolerances<2> tol;
  tol.rtol = rtol;
  tol.atol = {rtol, rtol};
  Stepper st(rhs, tol);
  st.reset(0.0, {1.0, 0.0});
  const double T = 2.0 * M_PI;
  while (st.t() < T) EXPECT_TRUE(st.step(T));
  return std::hypot(st.y()[0] - 1.0, st.y()[1]);
}

template <class Stepper>
double errorWithFixedSteps(int n) {
  Oscillator rhs;
  Tolerances<2> tol;
  tol.rtol = 1e30;
  tol.atol = {1e30, 1e30};
  Stepper st(rhs, tol);
  const double T = 2.0 * M_PI, h = T / n;
  st.reset(0.0, {1.0, 0.0}, h);
  for (int i = 1; i <= n; ++i) {
    EXPECT_TRUE(st.step(h * i));
    st.reset(st.t(), st.y(), h);  // pin the step size
  }
  return std::hypot(st.y()[0] - 1.0, st.y()[1]);
}

TEST(Dop853, MeetsItsToleranceOnTheHarmonicOscillator) {
  // Global error tracks the tolerance (within two decades: the controller bounds local error).
  for (double rtol : {1e-6, 1e-9, 1e-12}) {
    const double err = errorAfterOnePeriod<Dop853<2, Oscillator>>(rtol);
    EXPECT_LT(err, 100.0 * rtol) << "rtol " << rtol;
  }
}

TEST(Dop853, IsEighthOrderWithFixedSteps) {
  // With the controller off (huge tolerance, so every step is accepted at the requested size),
  // halving the step divides the error by 2^8 = 256 for an 8th-order method; we accept 150..400.
  const double e8 = errorWithFixedSteps<Dop853<2, Oscillator>>(8), e16 = errorWithFixedSteps<Dop853<2, Oscillator>>(16);
  EXPECT_GT(e8 / e16, 150.0);
  EXPECT_LT(e8 / e16, 400.0);
}

TEST(Dop853, NeverStepsPastTheStopTime) {
  Oscillator rhs;
  Tolerances<2> tol;
  tol.atol = {1e-12, 1e-12};
  Dop853<2, Oscillator> st(rhs, tol);
  st.reset(0.0, {1.0, 0.0});
  while (st.t() < 1.2345) {
    ASSERT_TRUE(st.step(1.2345));
    ASSERT_LE(st.t(), 1.2345);
  }
  EXPECT_EQ(st.t(), 1.2345);
  EXPECT_NEAR(st.y()[0], std::cos(1.2345), 1e-10);
}

// Dormand-Prince 5(4) (dopri5.h): the same checks as DOP853's, at its own order.

TEST(Dopri5, MeetsItsToleranceOnTheHarmonicOscillator) {
  // As for DOP853: the controller bounds the local error, the global error follows within two decades.
  for (double rtol : {1e-5, 1e-8, 1e-11}) {
    const double err = errorAfterOnePeriod<Dopri5<2, Oscillator>>(rtol);
    EXPECT_LT(err, 100.0 * rtol) << "rtol " << rtol;
  }
}

TEST(Dopri5, IsFifthOrderWithFixedSteps) {
  // Controller off (every step accepted at the requested size): halving the step divides the error
  // by 2^5 = 32 for a 5th-order method; we accept 24..44 (the next term of the error series).
  const double e16 = errorWithFixedSteps<Dopri5<2, Oscillator>>(16), e32 = errorWithFixedSteps<Dopri5<2, Oscillator>>(32);
  EXPECT_GT(e16 / e32, 24.0);
  EXPECT_LT(e16 / e32, 44.0);
}

TEST(Dopri5, NeverStepsPastTheStopTimeAndItsInterpolantIsFourthOrder) {
  Oscillator rhs;
  Tolerances<2> tol;
  tol.atol = {1e-12, 1e-12};
  tol.rtol = 1e-12;
  Dopri5<2, Oscillator> st(rhs, tol);
  st.reset(0.0, {1.0, 0.0});
  while (st.t() < 1.2345) {
    ASSERT_TRUE(st.step(1.2345));
    ASSERT_LE(st.t(), 1.2345);
  }
  EXPECT_EQ(st.t(), 1.2345);
  EXPECT_NEAR(st.y()[0], std::cos(1.2345), 1e-10);
  // The interpolant (dopri5.f's contd5) over one fixed step of h: it matches the step's ends, and
  // its error mid-step falls at least as h^5 (4th order: halving h divides it by 32 or more; on
  // this linear problem by 64, measured).
  auto midError = [&](double h) {
    Tolerances<2> loose;
    loose.rtol = 1e30;
    loose.atol = {1e30, 1e30};
    Dopri5<2, Oscillator> one(rhs, loose);
    one.reset(0.0, {1.0, 0.0}, h);
    EXPECT_TRUE(one.step(h));
    EXPECT_EQ(one.denseAt(h)[0], one.y()[0]);
    EXPECT_EQ(one.denseAt(0.0)[0], 1.0);
    return std::abs(one.denseAt(0.4 * h)[0] - std::cos(0.4 * h));
  };
  const double r = midError(0.4) / midError(0.2);
  EXPECT_GT(r, 24.0);
  EXPECT_LT(r, 80.0);
}

TEST(Trajectory, QuinticHermiteIsExactForQuintics) {
  // p(t) = t^5 - 2 t^3 + t: the interpolant through (p, p', p'') at both ends reproduces it.
  auto p = [](double t) { return std::pow(t, 5) - 2 * std::pow(t, 3) + t; };
  auto v = [](double t) { return 5 * std::pow(t, 4) - 6 * t * t + 1; };
  auto a = [](double t) { return 20 * std::pow(t, 3) - 12 * t; };
  Node n0, n1;
  n0.t_s = 0.5;
  n1.t_s = 2.0;
  for (Node* n : {&n0, &n1}) {
    for (std::size_t i = 0; i < 3; ++i) {
      n->y[i] = p(n->t_s);
      n->y[i + 3] = v(n->t_s);
      n->a_Eci_mps2[i] = a(n->t_s);
    }
    n->y[6] = 10.0 - n->t_s;
  }
  for (double t = 0.5; t <= 2.0; t += 0.125) {
    const Sample s = interpolate(n0, n1, t);
    EXPECT_NEAR(s.p_Eci_m.x(), p(t), 1e-12);
    EXPECT_NEAR(s.v_Eci_mps.y(), v(t), 1e-11);
    EXPECT_NEAR(s.mass_kg, 10.0 - t, 1e-14);
  }
}

}  // namespace
}  // namespace picket::flight

// Regula falsi with the Illinois modification (Dowell and Jarratt, BIT 11 (1971) 168): a
// bracketing secant that converges superlinearly. The propagator (flight.cpp) locates its events
// and bounds with it, and the side-by-side's peers (bench/peers.cpp) with the same, so that they
// differ in the integrator alone. Written here rather than calling Boost's TOMS 748: on these
// nearly linear functions its bracketing machinery alone was a fifth of a flight's instructions
// under callgrind (bench/README.md).
#pragma once

#include <algorithm>
#include <cmath>
#include <limits>

namespace picket::flight {

// A root of f in [a, b] (f(a) = fa and f(b) = fb of opposite signs) to within tol_s.
template <class F>
double illinois(F&& f, double a, double b, double fa, double fb, double tol_s) {
  int side = 0;
  double c_prev = std::numeric_limits<double>::quiet_NaN();
  for (int i = 0; i < 60 && b - a > tol_s; ++i) {
    const double c = std::clamp((a * fb - b * fa) / (fb - fa), a, b);
    if (std::abs(c - c_prev) < tol_s) return c;  // the secant point has settled
    c_prev = c;
    const double fc = f(c);
    if (fc == 0.0) return c;
    if ((fc > 0.0) == (fb > 0.0)) {
      b = c;
      fb = fc;
      if (side == -1) fa *= 0.5;
      side = -1;
    } else {
      a = c;
      fa = fc;
      if (side == 1) fb *= 0.5;
      side = 1;
    }
  }
  return 0.5 * (a + b);
}

}  // namespace picket::flight

// Monotone piecewise-cubic Hermite interpolation (C1): the slopes at the knots are the weighted
// harmonic means of Fritsch and Butland (SIAM J. Sci. Stat. Comput. 5 (1984) 300), which keep
// every interval monotone where the data are (Fritsch and Carlson, SIAM J. Numer. Anal. 17 (1980)
// 238). Used for tables that feed the equations of motion (drag coefficients, the upper
// atmosphere): a C1 table lets a high-order integrator step across knots that a piecewise-linear
// table would make it stop at.
#pragma once

#include <span>
#include <vector>

namespace picket {

// Knot slopes for strictly increasing x (at least two knots).
std::vector<double> monotoneSlopes(std::span<const double> x, std::span<const double> y);

// The cubic Hermite on [x0, x1] through (x0, y0, m0), (x1, y1, m1), evaluated at x (also outside).
inline double hermite(double x0, double x1, double y0, double y1, double m0, double m1, double x) {
  const double h = x1 - x0, t = (x - x0) / h, t2 = t * t, t3 = t2 * t;
  return (2.0 * t3 - 3.0 * t2 + 1.0) * y0 + (t3 - 2.0 * t2 + t) * h * m0 + (-2.0 * t3 + 3.0 * t2) * y1 +
         (t3 - t2) * h * m1;
}

}  // namespace picket

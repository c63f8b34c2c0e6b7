#include "common/interpolation.h"

#include <cmath>

namespace picket {

std::vector<double> monotoneSlopes(std::span<const double> x, std::span<const double> y) {
  const std::size_t n = x.size();
  std::vector<double> m(n, 0.0);
  if (n < 2) return m;
  std::vector<double> h(n - 1), d(n - 1);
  for (std::size_t k = 0; k + 1 < n; ++k) {
    h[k] = x[k + 1] - x[k];
    d[k] = (y[k + 1] - y[k]) / h[k];
  }
  if (n == 2) {
    m[0] = m[1] = d[0];
    return m;
  }
  for (std::size_t k = 1; k + 1 < n; ++k) {
    if (d[k - 1] * d[k] <= 0.0) continue;  // a local extremum: flat
    const double w1 = 2.0 * h[k] + h[k - 1];
    const double w2 = h[k] + 2.0 * h[k - 1];
    m[k] = (w1 + w2) / (w1 / d[k - 1] + w2 / d[k]);
  }
  // End slopes: the one-sided three-point estimate, limited so the end intervals stay monotone.
  const auto endSlope = [](double h0, double h1, double d0, double d1) {
    double s = ((2.0 * h0 + h1) * d0 - h0 * d1) / (h0 + h1);
    if (s * d0 <= 0.0) {
      s = 0.0;
    } else if (d0 * d1 <= 0.0 && std::abs(s) > std::abs(3.0 * d0)) {
      s = 3.0 * d0;
    }
    return s;
  };
  m[0] = endSlope(h[0], h[1], d[0], d[1]);
  m[n - 1] = endSlope(h[n - 2], h[n - 3], d[n - 2], d[n - 3]);
  return m;
}

}  // namespace picket

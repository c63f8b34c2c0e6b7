// Internal to report/: number formatting shared by the output files.
#pragma once

#include <cmath>

namespace picket::report {

// x rounded to `decimals` places, for JSON numbers that should not carry float noise.
inline double round_to(double x, int decimals) {
  const double s = std::pow(10.0, decimals);
  return std::round(x * s) / s;
}

}  // namespace picket::report

// Cubic Hermite interpolation of a path from its positions and velocities at both ends of an
// interval h long, at the fraction s of it (0 at the start, 1 at the end): the position, and its
// derivative, the velocity. Used where a long integration step is filled with samples (the battle
// manager's threat paths, the impact prediction's ground track) and where samples are read back
// between their times. V is any vector type with scalar products (Eigen's).
#pragma once

namespace picket {

struct Hermite {
  double s = 0.0, h = 1.0;

  template <class V>
  [[nodiscard]] V position(const V& p0, const V& v0, const V& p1, const V& v1) const {
    const double h00 = (1 + 2 * s) * (1 - s) * (1 - s), h10 = s * (1 - s) * (1 - s), h01 = s * s * (3 - 2 * s),
                 h11 = s * s * (s - 1);
    return h00 * p0 + h10 * h * v0 + h01 * p1 + h11 * h * v1;
  }

  template <class V>
  [[nodiscard]] V velocity(const V& p0, const V& v0, const V& p1, const V& v1) const {
    const double d00 = 6 * s * s - 6 * s, d10 = 3 * s * s - 4 * s + 1, d01 = -d00, d11 = 3 * s * s - 2 * s;
    return (d00 * p0 + d10 * h * v0 + d01 * p1 + d11 * h * v1) / h;
  }
};

}  // namespace picket

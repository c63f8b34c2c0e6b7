#include "flight/trajectory.h"

#include <algorithm>

namespace picket::flight {

Sample sampleOf(double t_s, const StateVector& y) {
  Sample s;
  s.t_s = t_s;
  s.p_Eci_m = Eigen::Vector3d(y[0], y[1], y[2]);
  s.v_Eci_mps = Eigen::Vector3d(y[3], y[4], y[5]);
  s.mass_kg = y[6];
  return s;
}

Sample interpolate(const Node& n0, const Node& n1, double t_s) {
  const double h = n1.t_s - n0.t_s;
  const double s = (t_s - n0.t_s) / h;
  const double s2 = s * s, s3 = s2 * s, s4 = s3 * s, s5 = s4 * s;
  // Quintic Hermite basis on [0, 1] and its derivative.
  const double h0 = 1.0 - 10.0 * s3 + 15.0 * s4 - 6.0 * s5;
  const double h1 = s - 6.0 * s3 + 8.0 * s4 - 3.0 * s5;
  const double h2 = 0.5 * s2 - 1.5 * s3 + 1.5 * s4 - 0.5 * s5;
  const double h3 = 10.0 * s3 - 15.0 * s4 + 6.0 * s5;
  const double h4 = -4.0 * s3 + 7.0 * s4 - 3.0 * s5;
  const double h5 = 0.5 * s3 - s4 + 0.5 * s5;
  const double d0 = -30.0 * s2 + 60.0 * s3 - 30.0 * s4;
  const double d1 = 1.0 - 18.0 * s2 + 32.0 * s3 - 15.0 * s4;
  const double d2 = s - 4.5 * s2 + 6.0 * s3 - 2.5 * s4;
  const double d3 = -d0;
  const double d4 = -12.0 * s2 + 28.0 * s3 - 15.0 * s4;
  const double d5 = 1.5 * s2 - 4.0 * s3 + 2.5 * s4;
  Sample out;
  out.t_s = t_s;
  for (int i = 0; i < 3; ++i) {
    const auto iu = static_cast<std::size_t>(i);
    const double p0 = n0.y[iu], p1 = n1.y[iu], v0 = n0.y[iu + 3], v1 = n1.y[iu + 3];
    const double a0 = n0.a_Eci_mps2[iu], a1 = n1.a_Eci_mps2[iu];
    out.p_Eci_m[i] = h0 * p0 + h * h1 * v0 + h * h * h2 * a0 + h3 * p1 + h * h4 * v1 + h * h * h5 * a1;
    out.v_Eci_mps[i] = (d0 * p0 + h * d1 * v0 + h * h * d2 * a0 + d3 * p1 + h * d4 * v1 + h * h * d5 * a1) / h;
  }
  out.mass_kg = n0.y[6] + s * (n1.y[6] - n0.y[6]);
  return out;
}

Sample Trajectory::at(double t_s) const {
  const auto& n = nodes_;
  const auto node_sample = [](const Node& nd) { return sampleOf(nd.t_s, nd.y); };
  if (t_s <= n.front().t_s) return node_sample(n.front());
  if (t_s >= n.back().t_s) return node_sample(n.back());
  // First node strictly after t; its predecessor is at or before t.
  auto it = std::upper_bound(n.begin(), n.end(), t_s, [](double t, const Node& nd) { return t < nd.t_s; });
  const Node& n1 = *it;
  const Node& n0 = *(it - 1);
  if (n0.t_s == t_s) return node_sample(n0);
  return interpolate(n0, n1, t_s);
}

}  // namespace picket::flight

// A flown trajectory: the accepted integrator nodes of one object and its dense output.
//
// Between two nodes, position is the quintic Hermite polynomial through (r, v, a) at both ends:
// its error is O(h^6) in the step h: exact for quintics (integrator_test.cpp), about 1 m in the
// middle of a 100 s coast step, which is why events are landed on by an exact step (flight.cpp).
// Velocity is its derivative (O(h^5)); mass is linear (exact at constant mass flow).
// State components, ECI: y = [x, y, z (m), vx, vy, vz (m/s), mass (kg)].
#pragma once

#include <array>
#include <vector>

#include <Eigen/Dense>

namespace picket::flight {

inline constexpr std::size_t kStateSize = 7;
using StateVector = std::array<double, kStateSize>;

struct Node {
  double t_s = 0.0;
  StateVector y{};
  std::array<double, 3> a_Eci_mps2{};  // dv/dt at the node, for the Hermite interpolant
};

struct Sample {
  double t_s = 0.0;
  Eigen::Vector3d p_Eci_m;
  Eigen::Vector3d v_Eci_mps;
  double mass_kg = 0.0;
};

// The state vector at t as a Sample.
Sample sampleOf(double t_s, const StateVector& y);

// Interpolates between n0 and n1 (n0.t_s < n1.t_s) at t in [n0.t_s, n1.t_s].
Sample interpolate(const Node& n0, const Node& n1, double t_s);

class Trajectory {
 public:
  void clear() { nodes_.clear(); }
  void reserve(std::size_t n) { nodes_.reserve(n); }
  void push(const Node& n) { nodes_.push_back(n); }
  [[nodiscard]] const std::vector<Node>& nodes() const { return nodes_; }
  [[nodiscard]] bool empty() const { return nodes_.empty(); }
  [[nodiscard]] double startTime_s() const { return nodes_.front().t_s; }
  [[nodiscard]] double endTime_s() const { return nodes_.back().t_s; }
  // t is clamped to [start, end]. Where two nodes share a time (a discontinuity: staging), the
  // state after it is returned.
  [[nodiscard]] Sample at(double t_s) const;

 private:
  std::vector<Node> nodes_;
};

}  // namespace picket::flight

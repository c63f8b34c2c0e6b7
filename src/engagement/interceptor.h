// An interceptor type as an immutable model: its propulsion (a flight::Missile: staged boost with
// drag, the kill vehicle as the payload), its envelope, its kill vehicle, and its reach table.
//
// Steering: vertical rise, a pitch-over to a tilt from the local vertical toward the launch azimuth,
// then the thrust held at that tilt until burnout (direct ascent, GuidanceConfig::hold_tilt): the
// tilt sets the burnout flight-path angle almost one to one, so one parameter spans lofted to flat
// fly-outs. A gravity turn after a short kick (the threat's guidance) cannot fly an interceptor
// flatter than ~60 deg at burnout: its burn is too short for gravity to bend it.
//
// Reach table ("fly-out fan"). Every feasibility question (engagement windows, coverage maps) asks
// "how soon can this interceptor be at ground range d from its launcher and height h?". The answer
// is tabulated once per type: the interceptor is flown on the same propagator as the threat (drag,
// staging, gravity) at pitch-over tilts from 0 (vertical) to 89.5 deg in 0.5 deg steps, on a
// non-rotating Earth of the scenario's shape and gravity, launched on the equator due east; each
// flight's crossing of every ground-range column d_i gives (h, t); between neighbouring tilts the
// time is linear in h, and each cell keeps the least time over all pairs (the fastest trajectory
// through it). Query: bilinear in (d, h) over the four cells, or the nearest cell at the fan's edge.
// What the table neglects: the Earth's rotation during the fly-out (Coriolis: ~2 w v t, a few
// hundred metres per minute at 3 km/s) and the ellipsoid's curvature away from the equator; the
// intercept solver (solver.h) flies the real shot on the rotating Earth and corrects both.
#pragma once

#include <optional>
#include <vector>

#include "flight/flight.h"
#include "flight/missile.h"
#include "scenario/config.h"
#include "world/atmosphere.h"
#include "world/earth.h"

namespace picket::engagement {

struct Reach {
  double tof_s = 0.0;                 // least time of flight from lift-off
  double speed_mps = 0.0;             // the interceptor's speed there
  double flight_path_angle_deg = 0.0; // of its velocity, above the local horizontal
  double tilt_deg = 0.0;              // the pitch-over tilt of that flight
};

class ReachTable {
 public:
  // Flies the fan. `models` should be a non-rotating Earth.
  ReachTable(const flight::FlightModels& models, const flight::Missile& missile, double max_time_s);
  ReachTable() = default;

  [[nodiscard]] std::optional<Reach> at(double ground_range_m, double alt_m) const;
  [[nodiscard]] double maxGroundRange_m() const { return max_range_m_; }
  [[nodiscard]] double maxAltitude_m() const { return max_alt_m_; }
  // The greatest ground range reached at or above `alt_m` (kinematic, within the time limit).
  [[nodiscard]] double maxGroundRangeAbove_m(double alt_m) const;
  [[nodiscard]] double burnoutSpeed_mps() const { return burnout_speed_mps_; }  // at 45 deg tilt

 private:
  int nr_ = 0, nh_ = 0;
  double dr_ = 1.0, dh_ = 1.0;
  double max_range_m_ = 0.0, max_alt_m_ = 0.0, burnout_speed_mps_ = 0.0;
  std::vector<double> tof_, speed_, gamma_, tilt_;  // row-major [i_range * nh + i_alt]; tof < 0: unreachable

  [[nodiscard]] std::size_t idx(int i, int j) const { return static_cast<std::size_t>(i) * static_cast<std::size_t>(nh_) + static_cast<std::size_t>(j); }
};

class Interceptor {
 public:
  // Throws InputError (naming the catalog file or scenario override) if it cannot fly.
  Interceptor(const scenario::InterceptorConfig& config, const world::Earth& earth, const world::Atmosphere& atmosphere);

  [[nodiscard]] const scenario::InterceptorConfig& config() const { return config_; }
  [[nodiscard]] const flight::Missile& missile() const { return missile_; }
  [[nodiscard]] const ReachTable& reach() const { return reach_; }
  [[nodiscard]] bool upperTier() const { return config_.tier == scenario::InterceptorTier::kUpper; }

 private:
  scenario::InterceptorConfig config_;
  flight::Missile missile_;
  ReachTable reach_;
};

}  // namespace picket::engagement

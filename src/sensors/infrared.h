// A space-based infrared early-warning satellite (DSP, SBIRS): where it is, when it sees a boost
// plume, and its line-of-sight measurement model.
//
// Orbit: geostationary (fixed in ECEF at 42,164 km from the centre over its longitude) or a
// Keplerian ellipse whose elements hold at the scenario's epoch (two-body; Vallado, Fundamentals
// of Astrodynamics and Applications, 4th ed., 2013, algorithms 2 (Kepler's equation) and 10
// (COE2RV)); enough for the minutes of a missile flight.
// Visibility: the plume is seen while the missile thrusts and is above the cloud-top altitude, and
// the line of sight does not pass behind the Earth's limb. The limb test uses the WGS-84 ellipsoid
// raised by the cloud-top altitude: a ray that grazes lower runs into cloud or ground.
// Measurement: the line of sight from the satellite as two angles in the satellite's nadir frame
// (e3 toward the Earth's centre), z = (atan2(u.e1, u.e3), atan2(u.e2, u.e3)), with independent
// angular noise los_noise_urad on each. A frame is taken every frame_interval_s and reported
// processing_latency_s later.
#pragma once

#include <string>

#include <Eigen/Dense>

#include "scenario/config.h"
#include "world/earth.h"

namespace picket::sensors {

using world::Mat3;
using world::Vec3;
using Vec2 = Eigen::Vector2d;
using Mat2 = Eigen::Matrix2d;

class InfraredSatellite {
 public:
  InfraredSatellite(const world::Earth& earth, const scenario::SensorConfig& config, int index);

  [[nodiscard]] const std::string& name() const { return config_.name; }
  [[nodiscard]] int index() const { return index_; }
  [[nodiscard]] const scenario::SensorConfig& config() const { return config_; }
  [[nodiscard]] const scenario::InfraredTypeConfig& type() const { return config_.infrared; }

  [[nodiscard]] Vec3 p_Satellite_Eci(double t_s) const;
  // Whether a thrusting target at p_Eci (geodetic height alt_m) would be seen at t_s.
  [[nodiscard]] bool sees(const Vec3& p_Target_Eci, double alt_m, double t_s) const;
  // Whether the segment from the satellite to p_Eci clears the ellipsoid raised by `clearance_m`.
  [[nodiscard]] bool lineOfSightClear(const Vec3& p_Target_Eci, double t_s, double clearance_m) const;

  [[nodiscard]] Vec2 measure(const Vec3& p_Target_Eci, double t_s) const;
  // The unit line of sight (ECI) that the angles z describe at t_s: the inverse of measure().
  [[nodiscard]] Vec3 lineOfSight(const Vec2& z, double t_s) const;
  [[nodiscard]] Mat2 noiseCovariance() const;

 private:
  [[nodiscard]] Mat3 nadirBasis(const Vec3& p_Sat_Eci) const;  // rows e1, e2, e3

  const world::Earth* earth_;
  scenario::SensorConfig config_;
  int index_;
  Vec3 p_Geo_Ecef_;       // geostationary
  Mat3 R_EciPerifocal_;   // elliptical
  double mean_motion_radps_ = 0.0;
};

}  // namespace picket::sensors

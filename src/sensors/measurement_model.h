// What a tracker needs of a sensor, and nothing else: its measurement model h(x) with its Jacobian,
// the residual that knows which components are angles, the inverse (a position from one measurement,
// to start a track), and what the sensor expects to see of an object (the detection probability at a
// position for a given cross-section, and the cross-section a reported SNR implies).
//
// The tracker's updaters and initiators (tracking/) work on this interface only: a new kind of
// sensor is a new MeasurementModel, not edits across stages (after Stone Soup's
// stonesoup/models/measurement). The measurement has three components; a sensor with another
// number (angles only, or range rate added) needs the filter templated on the dimension, which
// picket does not have yet.
#pragma once

#include <Eigen/Dense>

#include "world/earth.h"

namespace picket::sensors {

using world::Mat3;
using world::Vec3;

class MeasurementModel {
 public:
  virtual ~MeasurementModel() = default;

  // The sensor's index in the scenario (what a detection's `sensor` names).
  [[nodiscard]] virtual int index() const = 0;

  // z = h(p) of a target at p_Eci at t_s (seconds after the Earth's epoch).
  [[nodiscard]] virtual Vec3 measure(const Vec3& p_Target_Eci, double t_s) const = 0;
  // z and H = dz/dp_Eci together.
  virtual void measureWithJacobian(const Vec3& p_Target_Eci, double t_s, Vec3& z, Mat3& H) const = 0;
  // z_a - z_b, with angle components wrapped to (-pi, pi].
  [[nodiscard]] virtual Vec3 residual(const Vec3& z_a, const Vec3& z_b) const = 0;
  // The position a measurement z with covariance R implies, and its covariance (first order).
  virtual void inverse(const Vec3& z, const Mat3& R, double t_s, Vec3& p_Eci, Mat3& P) const = 0;

  // What the sensor expects to see of an object at p_Eci, computed once per track and scan: whether
  // it can look there at all, and the mean SNR (linear) a 1 m^2 object there would give. The three
  // questions below take it instead of the position, so the geometry is not redone for each.
  struct Expectation {
    bool in_view = false;
    double snr_per_m2 = 0.0;
  };
  [[nodiscard]] virtual Expectation expect(const Vec3& p_Target_Eci, double t_s) const = 0;
  // The probability that one look detects an object of mean cross-section rcs_m2 (0 out of view).
  [[nodiscard]] virtual double expectedDetectionProbability(const Expectation& e, double rcs_m2) const = 0;
  // From one detection's measured SNR, an unbiased estimate of the object's mean cross-section (it
  // may be negative: only a mean of many is a cross-section).
  [[nodiscard]] virtual double rcsEstimate(const Expectation& e, double measured_snr) const = 0;
  // -2 ln of the likelihood of a detection's measured SNR if it came from an object of mean
  // cross-section rcs_m2 (up to a constant): the amplitude feature a tracker adds to its association
  // cost, so that a bright stage's return is not given to a faint warhead's track.
  [[nodiscard]] virtual double amplitudeCost(const Expectation& e, double rcs_m2, double measured_snr) const = 0;
};

}  // namespace picket::sensors

// A radar on land or at sea: where it stands, what it can see, and its measurement model.
//
// Detection: the radar equation in its energy form (Skolnik, Introduction to Radar Systems, 3rd
// ed., 2001, eq. 2.61 with the average power and dwell time),
//   SNR = P_avg G^2 lambda^2 sigma t_dwell / ((4 pi)^3 k T_s L R^4),
// and a Swerling I target against a fixed threshold (Skolnik eq. 2.41, Swerling 1960):
//   P_d = P_fa^(1 / (1 + SNR)).
// Horizon: standard refraction as a 4/3 Earth (Skolnik sec. 8.2; Doerry, "Earth curvature and
// atmospheric refraction effects on radar signal propagation", Sandia SAND2012-10690, 2013):
// the refracted elevation of a target at slant range R is that of straight rays over a sphere of
// radius k R_E with k = 4/3 and R_E the local Gaussian radius of the WGS-84 ellipsoid,
//   sin(el) = ((kR_E + h_t)^2 - (kR_E + h_r)^2 - R^2) / (2 R (kR_E + h_r)),
// so a target on the horizon (el = 0) of a radar on the ground is sqrt(2 k R_E h_t + h_t^2) away.
// The elevation limits apply to this refracted elevation.
// Measurement z = (range, azimuth, elevation) of the geometric line of sight in the radar's local
// East-North-Up frame (refraction is assumed corrected by the radar's processing). Noise, 1-sigma
// (Barton, Radar System Analysis and Modeling, 2005, eqs. 8.1.10 and 8.2.24, k_m = 1.6 monopulse):
//   sigma_R = c / (2 B sqrt(2 SNR)),  sigma_angle = theta_3dB / (1.6 sqrt(2 SNR)),
// each combined in quadrature with the catalog's floor; sigma_az = sigma_angle / cos(el).
// The same h(x) and its Jacobian make the synthetic detections and drive the tracker's update
// (the radar is the tracker's MeasurementModel, measurement_model.h).
// Resolution: two objects give one merged return unless they are apart by more than the range
// resolution c / (2 B) in range or by more than the angular resolution (the 3 dB beamwidth) in
// angle (Skolnik 2001, sec. 1.6 and eq. 1.2 for range; Richards, Scheer and Holm, Principles of
// Modern Radar, 2010, sec. 1.4.4 for angle). Either can be set in the catalog or a scenario
// (`range_resolution_m`, `angle_resolution_deg`).
#pragma once

#include <string>

#include <Eigen/Dense>

#include "scenario/config.h"
#include "sensors/measurement_model.h"
#include "world/earth.h"

namespace picket::sensors {

struct RadarLook {
  bool in_view = false;      // inside the horizon, the elevation limits, the azimuth sector and range
  double range_m = 0.0;
  double azimuth_rad = 0.0;  // geometric, clockwise from north
  double elevation_rad = 0.0;            // geometric
  double refracted_elevation_rad = 0.0;  // 4/3 Earth
  double snr = 0.0;          // linear, for the given RCS
};

class Radar final : public MeasurementModel {
 public:
  // Immutable after construction. `index` is the sensor's position in the scenario.
  Radar(const world::Earth& earth, const scenario::SensorConfig& config, int index);

  [[nodiscard]] const std::string& name() const { return config_.name; }
  [[nodiscard]] int index() const override { return index_; }
  [[nodiscard]] const scenario::SensorConfig& config() const { return config_; }
  [[nodiscard]] const scenario::RadarTypeConfig& type() const { return config_.radar; }
  [[nodiscard]] const Vec3& p_Radar_Ecef() const { return p_Radar_Ecef_; }
  [[nodiscard]] const Mat3& R_EnuEcef() const { return R_EnuEcef_; }
  [[nodiscard]] double effectiveEarthRadius_m() const { return k_re_m_; }

  // --- detection ------------------------------------------------------------------------------
  [[nodiscard]] double snr(double range_m, double rcs_m2) const;
  // The range at which a target of rcs_m2 gives this SNR (linear).
  [[nodiscard]] double rangeForSnr(double snr, double rcs_m2) const;
  [[nodiscard]] double detectionProbability(double snr) const;
  // Closed form of the 4/3-Earth horizon: the slant range at which a target at target_alt_m sits
  // on the radar's horizon (refracted elevation 0).
  [[nodiscard]] double horizonRange_m(double target_alt_m) const;

  [[nodiscard]] RadarLook look(const Vec3& p_Target_Ecef, double rcs_m2) const;
  // look(p, rcs).in_view alone, without the angles and the SNR: most of a run's looks miss (the
  // target below the horizon or out of the sector), and the arctangents of all looks were 3 % of a
  // flagship trial (perf).
  [[nodiscard]] bool sees(const Vec3& p_Target_Ecef) const;

  // Resolution: range c / (2 B) (or the catalog's figure) and angle (the beamwidth, or the catalog's).
  [[nodiscard]] double rangeResolution_m() const { return range_res_m_; }
  [[nodiscard]] double angleResolution_rad() const { return angle_res_rad_; }

  // --- measurement model (ECI target position at t_s after the Earth's epoch) ------------------
  [[nodiscard]] Vec3 measure(const Vec3& p_Target_Eci, double t_s) const override;
  // z and dz/dp_Eci together (one frame rotation).
  void measureWithJacobian(const Vec3& p_Target_Eci, double t_s, Vec3& z, Mat3& H) const override;
  [[nodiscard]] Vec3 residual(const Vec3& z_a, const Vec3& z_b) const override;
  void inverse(const Vec3& z, const Mat3& R, double t_s, Vec3& p_Eci, Mat3& P) const override;
  [[nodiscard]] Expectation expect(const Vec3& p_Target_Eci, double t_s) const override;
  [[nodiscard]] double expectedDetectionProbability(const Expectation& e, double rcs_m2) const override;
  // Swerling I with a square-law detector: the echo-plus-noise power X (noise units) is exponential
  // with mean 1 + SNR and a look detects when X > T = -ln P_fa; exponentials forget, so given a
  // detection X - T is again exponential with mean 1 + SNR, and (X - 1) - T, the measured SNR less
  // the threshold, is an unbiased estimate of the SNR. Without the subtraction the detections of a
  // faint object (only its bright looks cross the threshold) would make it seem several times larger.
  [[nodiscard]] double rcsEstimate(const Expectation& e, double measured_snr) const override;
  // The same law: given a detection, X - T is exponential with mean 1 + SNR, so -2 ln p =
  // 2 ln(1 + SNR) + 2 (X - T) / (1 + SNR) (Lerro and Bar-Shalom, "Interacting multiple model
  // tracking with target amplitude feature", IEEE Trans. AES 29(2), 1993, for the Rayleigh target).
  [[nodiscard]] double amplitudeCost(const Expectation& e, double rcs_m2, double measured_snr) const override;
  // Diagonal measurement covariance at this SNR and elevation.
  [[nodiscard]] Mat3 noiseCovariance(double snr, double elevation_rad) const;

 private:
  [[nodiscard]] Vec3 raeFromEnu(const Vec3& d_Enu) const;
  // The sine of a target's refracted elevation (4/3 Earth), clamped to [-1, 1]; and whether a target
  // at d_Enu, range_m away, with that sine is in the field of regard (look() and expect() both).
  [[nodiscard]] double sinRefractedElevation(const Vec3& p_Target_Ecef, double range_m) const;
  [[nodiscard]] bool inField(const Vec3& d_Enu, double range_m, double sin_refracted_el) const;

  const world::Earth* earth_;
  scenario::SensorConfig config_;
  int index_;
  Vec3 p_Radar_Ecef_;
  Mat3 R_EnuEcef_;
  double k_re_m_;      // 4/3 x local Gaussian radius
  double snr_const_;   // SNR R^4 / sigma
  double threshold_;   // -ln P_fa: the detection threshold in noise units
  // The field of regard as inField() compares it: sines of the elevation limits, the boresight's
  // direction, the cosine of the half width (-1: all round).
  double sin_min_el_, sin_max_el_, sin_boresight_, cos_boresight_, cos_half_width_;
  double bandwidth_res_m_;  // c / (2 B): the SNR-limited range noise scales with it
  double range_res_m_;
  double angle_res_rad_;
  double beam_rad_;
};

// Wraps an angle to (-pi, pi].
double wrapPi(double a_rad);

}  // namespace picket::sensors

// Synthetic detections: each sensor looks at the true objects on its own schedule and reports what
// its measurement model, with noise drawn from the trial's stream, says it saw.
//
// Radars look every revisit_s (the first look at a phase drawn from the stream). Objects in view
// that lie within one resolution cell of each other (closer than the range resolution in range
// and than the angular resolution in angle: radar.h) give one merged return: at the centre of
// their echo power (the cross-section-weighted mean of their positions), with their summed
// cross-section. Why the power centroid: for two unresolved targets of amplitudes a1, a2 at angles
// t1, t2 and relative phase p, the monopulse numerator is a1^2 t1 + a2^2 t2 + a1 a2 (t1 + t2) cos p
// over a sum power a1^2 + a2^2 + 2 a1 a2 cos p; over a dwell's pulses with random p the cross terms
// average out and the indication is (a1^2 t1 + a2^2 t2) / (a1^2 + a2^2) (Sherman and Barton,
// Monopulse Principles and Techniques, 2nd ed., Artech House, 2011, on unresolved targets). Each return is detected with the Swerling I probability at its SNR, and its
// measurement is h(x) plus Gaussian noise with the SNR-dependent covariance. There are no false
// alarms (a stated limit, docs/sensors.md).
// Infrared satellites take a frame every frame_interval_s and report every thrusting object they
// see, processing_latency_s later.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "common/random.h"
#include "flight/trajectory.h"
#include "sensors/infrared.h"
#include "sensors/radar.h"

namespace picket::sensors {

// One true object flying: the missile (the booster stack, then the warhead), a spent stage.
struct TruthObject {
  std::string name;
  const flight::Trajectory* trajectory = nullptr;  // ECI, times after the Earth's epoch
  double start_s = 0.0, end_s = 0.0;
  double rcs_m2 = 0.0;             // from rcs_change_s on
  double rcs_before_m2 = 0.0;      // before rcs_change_s (the booster stack)
  double rcs_change_s = 0.0;
  double plume_end_s = 0.0;        // thrusting (a plume to see) until then
  // What its signature gives a discriminating radar (tracking/discrimination.h): how much of a
  // warhead's it reproduces (1 the warhead, 0 a spent stage), and in the fixed-probability model
  // the verdict this trial drew for it, as the log-likelihood ratio each look reports (0: none).
  double warhead_likeness = 0.0;
  std::optional<double> fixed_llr;

  [[nodiscard]] double rcsAt(double t_s) const { return t_s < rcs_change_s ? rcs_before_m2 : rcs_m2; }
};

// What the sensor reports. Which true object a detection came from is not part of it: that goes
// to a DetectionTruth beside it, for scoring after the run, so that nothing handed the
// detections (the tracker and everything after it) can read the truth.
struct RadarDetection {
  int sensor = 0;         // index into the scenario's sensors
  double t_s = 0.0;
  Vec3 z = Vec3::Zero();  // range (m), azimuth, elevation (rad)
  Mat3 R = Mat3::Identity();   // from the object's mean SNR
  double snr = 0.0;            // measured, linear: the echo's fluctuation included
  // The radar's discrimination report: the log-likelihood ratio, warhead against not, of what
  // this look saw (tracking/discrimination.h); 0 from a radar that discriminates nothing.
  double lethal_llr = 0.0;
};

struct InfraredDetection {
  int sensor = 0;
  double t_s = 0.0;         // frame time
  double report_t_s = 0.0;  // when it reaches the ground
  Vec2 z = Vec2::Zero();
  Mat2 R = Mat2::Identity();
};

// The true object behind a detection: for scoring only.
struct DetectionTruth {
  int object = -1;  // the object that gave most of the echo power (the only one unless merged)
  int merged = 1;   // how many objects shared the return
};

// Appends the radar's detections of `objects` between 0 and t_end_s to `out` (time order), and
// their truth to `truth` (one per detection); with `looks`, the time of every look, detections or
// none (a look that saw nothing tells the tracker as much as one that saw something). A radar with
// a discrimination quality draws each detection's feature from `features`, a stream of its own, so
// that its echoes and noise are the same with discrimination as without (a paired comparison).
void observe(const Radar& radar, const world::Earth& earth, std::span<const TruthObject> objects, double t_end_s,
             RandomStream& rng, std::vector<RadarDetection>& out, std::vector<DetectionTruth>& truth,
             std::vector<double>* looks = nullptr, RandomStream* features = nullptr);
void observe(const InfraredSatellite& sat, const world::Earth& earth, std::span<const TruthObject> objects,
             double t_end_s, RandomStream& rng, std::vector<InfraredDetection>& out, std::vector<DetectionTruth>& truth);

}  // namespace picket::sensors

// Synthetic detections: each sensor looks at the true objects on its own schedule and reports what
// its measurement model, with noise drawn from the trial's stream, says it saw.
//
// Radars look every revisit_s (the first look at a phase drawn from the stream): each object in
// view is detected with the Swerling I probability at its SNR, and its measurement is h(x) plus
// Gaussian noise with the SNR-dependent covariance. Objects are assumed resolved (no merged
// returns) and there are no false alarms; both are stated limits (docs/sensors.md).
// Infrared satellites take a frame every frame_interval_s and report every thrusting object they
// see, processing_latency_s later.
#pragma once

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

  [[nodiscard]] double rcsAt(double t_s) const { return t_s < rcs_change_s ? rcs_before_m2 : rcs_m2; }
};

struct RadarDetection {
  int sensor = 0;         // index into the scenario's sensors
  int truth = -1;         // the object it came from (for scoring only; the tracker never reads it)
  double t_s = 0.0;
  Vec3 z = Vec3::Zero();  // range (m), azimuth, elevation (rad)
  Mat3 R = Mat3::Identity();
  double snr = 0.0;
};

struct InfraredDetection {
  int sensor = 0;
  int truth = -1;
  double t_s = 0.0;         // frame time
  double report_t_s = 0.0;  // when it reaches the ground
  Vec2 z = Vec2::Zero();
  Mat2 R = Mat2::Identity();
};

// Appends the radar's detections of `objects` between 0 and t_end_s to `out` (time order).
void observe(const Radar& radar, const world::Earth& earth, std::span<const TruthObject> objects, double t_end_s,
             RandomStream& rng, std::vector<RadarDetection>& out);
void observe(const InfraredSatellite& sat, const world::Earth& earth, std::span<const TruthObject> objects,
             double t_end_s, RandomStream& rng, std::vector<InfraredDetection>& out);

}  // namespace picket::sensors

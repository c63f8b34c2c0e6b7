// What the infrared early-warning system tells the rest of the defence: a launch time, a launch
// point and a heading, each with its uncertainty; not a track.
//
// Method (stated assumptions, docs/sensors.md#launch-cue):
//  - The plume is first seen as it clears the cloud top, at some instant within the frame before
//    the first detection (uniform, so the mean is half a frame earlier, sigma F / sqrt(12)).
//  - Until then the missile climbs nearly vertically with a net acceleration a (the cue's template,
//    `climb_accel_mps2`; sigma taken as 30 % of it), so it reached the cloud top h_c a time
//    sqrt(2 h_c / a) after launch.
//  - The launch point is the first line of sight met with the ellipsoid raised to h_c. Its error:
//    the angular noise times the slant range, and the cloud-top crossing's altitude spread (one
//    frame of climb) times the tangent of the line of sight's incidence.
//  - It has not climbed straight up: by the cloud top a ballistic missile's pitch programme has
//    carried it downrange by about 0.4 h_c (the flagship's Hwasong-12: 4.7 km at 10 km), taken as
//    0.4 h_c +- 0.25 h_c back along the heading once the heading is known, and as +- 0.45 h_c in
//    every direction before.
//  - Later frames are met with the ellipsoid raised to the template's altitude a tau^2 / 2 and give
//    ground points; the heading is the azimuth from the launch point to the farthest one.
// Several satellites: each gives its own estimate; they are combined with inverse-variance weights.
#pragma once

#include <optional>
#include <span>
#include <vector>

#include "sensors/infrared.h"
#include "sensors/observe.h"

namespace picket::sensors {

struct LaunchCue {
  double report_t_s = 0.0;       // when this estimate was available (last report used)
  double first_report_t_s = 0.0; // the first report: the launch is known from then on
  double launch_t_s = 0.0, launch_t_sigma_s = 0.0;
  double lat_deg = 0.0, lon_deg = 0.0, position_sigma_m = 0.0;  // 1-sigma, each horizontal axis
  std::optional<double> heading_deg, heading_sigma_deg;         // once the plume has moved enough
  double last_plume_t_s = 0.0;   // frame time of the last plume seen (burnout is after it)
  int detections = 0;
};

struct LaunchCueOptions {
  double climb_accel_mps2 = 10.0;
};

// Estimates from the detections reported by `known_at_s` (in any order). Empty if none was.
std::optional<LaunchCue> estimateLaunch(std::span<const InfraredSatellite> satellites,
                                        std::span<const InfraredDetection> detections, const world::Earth& earth,
                                        double known_at_s, const LaunchCueOptions& options = {});

// The same estimate as the reports come in: detections (in order of report time, as the defence
// holds them) are taken in as `at` moves on, each converted once, where estimateLaunch converts
// every one known at each call (a flagship trial asks at every report: quadratic, a twentieth of
// the trial). at(t) gives what estimateLaunch gives for the same detections and t; calls must not
// go back in time. The spans must outlive the estimator.
class LaunchEstimator {
 public:
  LaunchEstimator(std::span<const InfraredSatellite> satellites, std::span<const InfraredDetection> detections,
                  const world::Earth& earth, const LaunchCueOptions& options = {});
  ~LaunchEstimator();
  LaunchEstimator(const LaunchEstimator&) = delete;
  LaunchEstimator& operator=(const LaunchEstimator&) = delete;

  [[nodiscard]] std::optional<LaunchCue> at(double known_at_s);

 private:
  struct PerSatellite;
  void addLater(std::size_t k, const InfraredDetection& d);

  std::span<const InfraredSatellite> satellites_;
  std::span<const InfraredDetection> detections_;
  const world::Earth* earth_;
  LaunchCueOptions options_;
  std::vector<PerSatellite> per_;
  std::size_t next_ = 0;  // the first detection not yet taken in
  LaunchCue cue_;         // the counts of those taken in
};

// Where the ray from p along unit u first meets the ellipsoid raised by h_m (ECI or ECEF, sharing
// the z axis); empty if it misses.
std::optional<Vec3> rayMeetsEllipsoid(const world::Earth& earth, const Vec3& p, const Vec3& u, double h_m);

}  // namespace picket::sensors

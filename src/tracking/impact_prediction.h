// Impact-point prediction: where and when a tracked object will come down, with its uncertainty.
//
// The track's state and covariance are carried to the ground by the unscented transform (the same
// sigma points as the UKF, filters.h): each of the 15 points is flown on the tracker's ballistic
// model until its geodetic height reaches 0 (RK4: `step_s` steps where the drag a step can meet
// is negligible; in the air 5 s and no more than a fifth of v / a_drag; the landing found on the
// last step's cubic Hermite by regula falsi on the height: within 4 m of small steps on the
// flagship's predictions; four points at a time, BallisticModel::step4), and
// the impact points, in a local east-north plane at the centre point's impact, give the mean, the
// 2x2 covariance and the ellipse that holds `probability` of the mass (semi-axes sqrt(lambda_i
// chi2_2(p)); for p = 0.95, chi2 = 5.991). The centre point's flight also gives the predicted
// ground track, sampled every `track_sample_s` (inside longer steps by cubic Hermite on both
// ends), converted to geodetic on first use (ImpactPrediction::groundTrack).
// A state still under thrust is predicted as if the thrust stopped now: early predictions fall
// short, as real ones do; they converge as the boost ends.
#pragma once

#include <optional>
#include <vector>

#include "tracking/filters.h"

namespace picket::tracking {

struct GroundPoint {
  double t_s = 0.0;
  double lat_deg = 0.0, lon_deg = 0.0, alt_m = 0.0;
};

struct ImpactPrediction {
  double made_at_s = 0.0;  // the track state's time
  int track = 0;
  int object = 0;          // the track's correlated object (correlator.h) when it was made
  double impact_t_s = 0.0, impact_t_sigma_s = 0.0;
  double lat_deg = 0.0, lon_deg = 0.0;
  double semi_major_m = 0.0, semi_minor_m = 0.0;
  double orientation_deg = 0.0;  // of the major axis, clockwise from north
  double probability = 0.95;
  Eigen::Matrix2d cov_EN = Eigen::Matrix2d::Zero();  // east-north covariance, m^2

  // The predicted ground track, from made_at_s to impact (the centre point). predictImpact keeps
  // the flown samples (`flown`: ECI positions, the landing last in ECEF) and the geodetic track is
  // made from them on the first call: the alerts read the tracks of a few settled predictions, and
  // converting every sample of every prediction at once was about a tenth of a flagship Monte Carlo
  // trial. The same numbers as converting at once. Not thread-safe on one prediction (a
  // prediction belongs to one run). A track given directly (tests) goes in `ground_track`.
  [[nodiscard]] const std::vector<GroundPoint>& groundTrack() const;
  struct FlownPoint {
    double t_s = 0.0;
    Vec3 p = Vec3::Zero();  // ECI; ECEF on the ground where landing
    bool landing = false;
  };
  std::vector<FlownPoint> flown;
  // For the conversion of `flown`: a copy (a few numbers), so that a result outlives the models.
  std::optional<world::Earth> earth;
  mutable std::vector<GroundPoint> ground_track;  // made from `flown` by groundTrack(), or given

  // Whether (lat, lon) lies inside the ellipse (local plane approximation).
  [[nodiscard]] bool contains(double lat_deg, double lon_deg) const;
};

struct ImpactPredictionOptions {
  double probability = 0.95;
  double max_time_s = 7200.0;
  double track_sample_s = 5.0;
  double step_s = 60.0;
  // Steps in the air: at most air_step_s, and no longer than drag_step_fraction of v / a_drag
  // (impact_prediction.cpp says how these were chosen; a reference takes them much smaller).
  double air_step_s = 5.0;
  double drag_step_fraction = 0.2;
  // Longer steps (up to step_s) where the drag a step can meet changes the speed by no more than this.
  double negligible_impulse_mps = 0.1;
};

// Empty if the centre point does not come down within max_time_s (in orbit, or climbing away).
std::optional<ImpactPrediction> predictImpact(const BallisticModel& model, const TrackState& state,
                                              const ImpactPredictionOptions& options = {});

}  // namespace picket::tracking

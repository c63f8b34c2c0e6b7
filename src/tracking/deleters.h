// Deleter role: when a track goes (after Stone Soup's stonesoup/deleter).
//
// MissProbabilityDeleter. A look that misses a track counts by how likely it was to see it: the
// sensor's expected detection probability P_d for the track's predicted position and estimated
// cross-section (sensors/measurement_model.h), capped at max_expected_pd for what the estimate may
// get wrong. The track keeps ln P(missed every look since the last hit | still there) =
// sum ln(1 - P_d); it goes when that falls below delete_log_p (default ln 1e-3): a sequential
// test of "the object is gone" against "it is there and was missed" with the misses as evidence
// (the track-score deletion of Blackman and Popoli, Design and Analysis of Modern Tracking
// Systems, Artech House, 1999, sec. 6.2, with the score's hit terms left out). A radar that cannot
// see a small re-entry vehicle at its range (P_d near 0) does not delete its track, however often
// it looks; three looks at P_d 0.9 do.
// Besides: a track is lost when the root-sum-square of its predicted position's 1-sigmas exceeds
// max_position_sigma_m (after Stone Soup's CovarianceBasedDeleter: coasting too long without an
// update), and gone when it is predicted a kilometre below the ground. An unconfirmed track also goes when its last N looks
// (those with P_d >= 0.5) hold fewer than M hits.
#pragma once

#include "tracking/tracker.h"

namespace picket::tracking {

class Deleter {
 public:
  virtual ~Deleter() = default;
  // A look at the track that did not hit it, with the sensor's expected detection probability.
  virtual void missed(Track& track, double expected_pd, const TrackerOptions& options) const = 0;
  virtual void hit(Track& track) const = 0;
  // Whether the track goes now (at the end of a scan).
  [[nodiscard]] virtual bool remove(const Track& track, const BallisticModel& model, const TrackerOptions& options) const = 0;
};

class MissProbabilityDeleter final : public Deleter {
 public:
  void missed(Track& track, double expected_pd, const TrackerOptions& options) const override;
  void hit(Track& track) const override;
  [[nodiscard]] bool remove(const Track& track, const BallisticModel& model, const TrackerOptions& options) const override;
};

// The largest 1-sigma of a state's position (m).
double positionSigma_m(const StateCov& P);

}  // namespace picket::tracking

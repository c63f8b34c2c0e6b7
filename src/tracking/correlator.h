// Correlator role: track-to-track correlation, so that what leaves the tracker is one object per
// thing in the sky, not one per track (the "system track" of a fusion centre).
//
// Duplicates (two live tracks on one object). After each scan's updates: a track that missed while
// a detection in its gate went to another track is that track's rival, unless the two were seen
// to be distinct within co_hit_window_s (both hit in one scan by different detections that each
// gated: one sensor saw two objects). If their states agree (position and velocity: the
// track-to-track test d^T (P_a + P_b)^-1 d <= chi2_6, duplicate_d2; Bar-Shalom, Willett and Tian,
// Tracking and Data Fusion, YBS 2011, sec. 9.3, with the cross-covariance left out) and their
// echoes do not differ by duplicate_rcs_ratio (a faint warhead's track, still vague, beside its
// bright stage's is not a duplicate), for duplicate_scans such scans, the younger is merged into
// the older: the older keeps its id and
// object and takes the better (smaller position covariance) of the two states.
// Breaks (one object, a track lost and another started). When a track is confirmed, the lost
// objects of the last correlation_window_s are predicted to its time; the one whose position
// agrees best (d^2 <= chi2_3, correlation_d2) is the object it continues. Otherwise it is a new
// object; a split (initiators.h) joins its parent's family, as does an object confirmed within
// family_distance_m and family_speed_mps of a live one (what a radar first sees already apart).
// Cost: the duplicate test runs only on pairs that competed for a detection this scan; the break
// test once per confirmation, on the lost objects.
#pragma once

#include <vector>

#include "tracking/tracker.h"

namespace picket::tracking {

class Correlator {
 public:
  virtual ~Correlator() = default;
  // After a scan's association and updates, before initiation: state.gated, taken_by, assignment
  // and predicted describe the first `n` tracks. Marks merged tracks (Track::merged) and emits
  // kMerged events; the tracker removes them with its deletions.
  virtual void afterUpdates(TrackerState& state, int n, int m, double t_s, const TrackerOptions& options,
                            std::vector<TrackEvent>* events) const = 0;
  // A track was just confirmed: give it its object.
  virtual void confirmed(TrackerState& state, Track& track, const Predictor& predictor,
                         const TrackerOptions& options) const = 0;
  // A track was deleted: its object is lost, keeping its last state.
  virtual void deleted(TrackerState& state, const Track& track) const = 0;
};

class TrackToTrackCorrelator final : public Correlator {
 public:
  void afterUpdates(TrackerState& state, int n, int m, double t_s, const TrackerOptions& options,
                    std::vector<TrackEvent>* events) const override;
  void confirmed(TrackerState& state, Track& track, const Predictor& predictor,
                 const TrackerOptions& options) const override;
  void deleted(TrackerState& state, const Track& track) const override;
};

}  // namespace picket::tracking

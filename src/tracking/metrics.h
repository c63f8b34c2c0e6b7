// Track quality against the truth, after the run (scoring only: nothing here feeds a decision).
//
// The measures of the Single Integrated Air Picture (SIAP) as Stone Soup computes them
// (stonesoup/metricgenerator/tracktotruthmetrics.py, after Votruba, "Single Integrated Air
// Picture (SIAP) metrics implementation", US Joint SIAP System Engineering Organization, 2001),
// sampled every `sample_s`:
//  - completeness C: the fraction of true objects held by at least one confirmed track;
//  - ambiguity A: confirmed tracks per true object held (1 is ideal);
//  - spuriousness S: the fraction of confirmed tracks on no true object;
//  - position accuracy PA: rms distance of associated tracks from their true objects;
//  - continuity: distinct tracks (and distinct correlated objects) that held each true object over
//    the run, and the longest track segment LS (the longest stretch one track held it, as a
//    fraction of the time it was there to be held);
// and OSPA (Schuhmacher, Vo and Vo, "A consistent metric for performance evaluation of multi-object
// filters", IEEE Trans. Signal Processing 56(8), 2008) between the confirmed tracks' and the true
// objects' positions, with cut-off c and order p, averaged over the samples.
// A track is associated at a sample with the true object its latest update's detection came from,
// if it lies within `association_m` of it (the detections' ground-truth links, rather than the
// nearest object: a warhead and its stage fly within a few hundred metres of each other for
// minutes, closer than the tracks' errors, so nearness would swap them at random). A true object is there to be held from its
// first detection by any radar to its impact. A track's position between its updates is its last
// update flown ballistically (the tracker's own prediction).
#pragma once

#include <span>
#include <string>
#include <vector>

#include "flight/trajectory.h"
#include "tracking/ballistic.h"

namespace picket::tracking {

struct TruthSpan {
  std::string name;
  const flight::Trajectory* trajectory = nullptr;  // ECI, times after the Earth's epoch
  double from_s = 0.0, to_s = 0.0;                 // there to be held
  // Where it was before switch_s, if elsewhere (a spent stage: the missile it was part of).
  const flight::Trajectory* before = nullptr;
  double switch_s = 0.0;

  [[nodiscard]] Vec3 p_Eci(double t_s) const {
    return (before != nullptr && t_s < switch_s ? before : trajectory)->at(t_s).p_Eci_m;
  }
};

// A confirmed track's life and its states after each update (time order).
struct ScoredTrack {
  int track = 0, object = 0;
  double from_s = 0.0, to_s = 0.0;  // confirmed, and deleted (or the end of the run)
  struct Update {
    double t_s = 0.0;
    StateVec x;
    int truth = -1;  // index into the truths of the detection it used (-1: none of them)
  };
  std::vector<Update> updates;
};

struct TrackMetricsOptions {
  double sample_s = 1.0;
  double association_m = 10e3;
  double ospa_cutoff_m = 10e3;
  double ospa_order = 1.0;
};

struct TruthContinuity {
  std::string name;
  int tracks = 0, objects = 0;
  double longest_segment = 0.0;  // fraction of its time held by one track
  double held = 0.0;             // fraction of its time held by any
};

struct TrackMetrics {
  double completeness = 0.0, ambiguity = 0.0, spuriousness = 0.0;
  double position_accuracy_m = 0.0;
  double ospa_m = 0.0;
  double tracks_per_truth = 0.0, objects_per_truth = 0.0;  // means over the true objects held at all
  int max_tracks_per_truth = 0, max_objects_per_truth = 0;
  double longest_segment = 0.0;  // mean over the true objects
  int samples = 0;
  std::vector<TruthContinuity> truths;
  TrackMetricsOptions options;
};

TrackMetrics scoreTracks(const BallisticModel& model, std::span<const TruthSpan> truths, std::span<const ScoredTrack> tracks,
                         const TrackMetricsOptions& options = {});

}  // namespace picket::tracking

// Initiator role: which detections start tracks, and with what state (after Stone Soup's
// stonesoup/initiator). Called by the tracker after the association, on the detections no track
// took (TrackerState::taken_by < 0); TrackerState::gated says which tracks gated each of them.
//
// BallisticInitiator, in order of preference for each such detection:
//  1. Split. The detection lies in a confirmed track's gate but that track took another: a second
//     object where the defence saw one (a warhead leaving its stage, two missiles of a salvo
//     resolved at last). The new track starts at the detection's position (the sensor's inverse
//     measurement model) with its parent's velocity and 1/beta; the velocity's covariance is the
//     parent's plus split_velocity_sigma_mps^2 on each axis (separation springs give 1-5 m/s, but a
//     split may also be two objects that were never together).
//  2. Two-point. It pairs with the waiting detection (no track took it either, within
//     max_pair_gap_s) that implies the lowest speed, below max_speed_mps: velocity from their
//     difference plus g dt / 2 (the chord's mean velocity carried to the end by gravity), its
//     covariance from both positions' and the unknown thrust or drag as much again as g dt / 2.
//  3. Cued. While the infrared system reports a plume, one detection starts a track whose velocity
//     is twice its mean speed from the cued launch point (constant acceleration from rest), with
//     half that speed (at least 500 m/s) as its 1-sigma. Only while the plume is reported: after
//     burnout, constant acceleration from the launch point says nothing about the velocity.
//  Otherwise the detection waits for a partner.
#pragma once

#include <span>
#include <vector>

#include "tracking/tracker.h"

namespace picket::tracking {

class Initiator {
 public:
  virtual ~Initiator() = default;
  // Appends new tracks (unconfirmed, no object yet) to state.tracks and their kStarted events.
  virtual void initiate(const ScanContext& scan, std::span<const sensors::RadarDetection> detections,
                        const Predictor& predictor, const TrackerOptions& options, TrackerState& state,
                        std::vector<TrackEvent>* events) const = 0;
};

class BallisticInitiator final : public Initiator {
 public:
  void initiate(const ScanContext& scan, std::span<const sensors::RadarDetection> detections,
                const Predictor& predictor, const TrackerOptions& options, TrackerState& state,
                std::vector<TrackEvent>* events) const override;
};

}  // namespace picket::tracking

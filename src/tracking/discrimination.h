// Which objects the defence believes may be warheads, from what its sensors report (no truth).
//
// RCS-family rule: objects that split from one another, or were first seen beside one another,
// form a family (correlator.h). Within a family, an object whose estimated mean cross-section is
// at least `ratio` times the family's smallest (10 dB by default), each estimate resting on at
// least `min_looks` detections, is taken for a spent stage or debris; every other object may be a
// warhead. An object alone in its family is the missile itself (one whose warhead never separates,
// or whose split no radar resolved). A re-entry vehicle is a cone of a few hundredths of a square
// metre nose-on; a tumbling spent stage is some 10-40 m^2 (docs/sensor-notes.md): the two are 25-30
// dB apart, so a 10 dB threshold leaves room for the estimates' scatter. What this rule cannot do
// (decoys built to match a warhead's cross-section, warheads of two kinds) is issue 16's.
#pragma once

#include <vector>

#include "tracking/tracker.h"

namespace picket::tracking {

struct DiscriminationOptions {
  double ratio = 10.0;
  int min_looks = 5;
};

// Per object (index id - 1): whether it may be a warhead. Merged objects are given their
// canonical object's answer.
std::vector<char> mayBeLethal(const TrackerState& state, const DiscriminationOptions& options = {});

}  // namespace picket::tracking

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

// Deceleration: the tracker estimates each object's 1/beta (tracking/filters.h: the seventh state),
// which the air makes observable once it slows light objects (a balloon from 110-140 km, debris and
// stages from 70-90 km, a light replica from 55-65 km; a warhead last: docs/catalog-notes.md#decoys-
// and-debris). An update whose estimate says beta < light_beta_kg_m2 at 3 sigma (1/beta - 3 sd >
// 1 / light_beta) shows the object light from its time on; before the air thickens the estimate's
// sigma is the prior's and nothing is shown. The discrimination's quality is the radar's: its noise
// and revisit set how soon the sigma falls (a fixed probability of telling decoys is not modelled).
// True when the update shows the object light.
bool showsLight(double inv_beta, double inv_beta_variance, double light_beta_kg_m2);

}  // namespace picket::tracking

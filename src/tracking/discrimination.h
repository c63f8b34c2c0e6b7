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
// (decoys built to match a warhead's cross-section) the features and deceleration below take up;
// warheads of two kinds (nuclear, conventional) no sensor here tells apart.
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
// sigma is the prior's and nothing is shown. How soon the sigma falls is the radar's: its noise and
// revisit. True when the update shows the object light.
bool showsLight(double inv_beta, double inv_beta_variance, double light_beta_kg_m2);

// Features (docs/tracking.md#discrimination): the belief that an object is a warhead, from the
// reports of discriminating radars. Signal-detection theory (D. M. Green and J. A. Swets, Signal
// Detection Theory and Psychophysics, Wiley 1966, ch. 1-2): each look of a radar of quality d' = D
// (SensorConfig::discrimination_dprime) measures a feature distributed N(+D/2, 1) on a warhead and
// N(-D/2, 1) on an object that mimics none of it, whose log-likelihood ratio is D z. An object that
// reproduces a share m of a warhead's signature (its catalog `mimicry`) sits at D (m - 1/2): a
// replica with m above 1/2 reads as a warhead more often than not, one with m = 1 cannot be told
// at all. Looks are taken as independent (a tumbling object shows new aspects; a spin-stabilised
// one would not, which makes the model optimistic for the defence). After reports summing to L the
// belief is the posterior P = 1 / (1 + (1 - prior) / prior e^-L).
// The fixed-probability model instead: each object told right with probability p, every look
// reporting +-ln(p / (1 - p)) (simulation/defence.cpp drawFixedVerdicts).
// The battle manager orders no round at an object whose belief at the order is below
// engagement.min_p_lethal (engagement/battle.h).
double beliefLethal(double prior_p_lethal, double llr_sum);

}  // namespace picket::tracking

// J-Alert-like public warnings: which prefectures are told to take shelter, when, and how many
// minutes each got. The areas follow the alert policy (areas.h; the rule of the launch date by
// default, scenario/alert_policies.h); the message logic is common to all policies
// (docs/tracking.md#public-alerts, docs/alert-sources.md):
//  - Decisions rest on what the defence knows: each correlated object's latest *settled* impact
//    prediction (tracking/correlator.h). A prediction is settled when its ellipse's semi-major axis
//    is at most settle_semi_major_m and the predicted impact moved by at most settle_shift_m since
//    the object's prediction settle_window_s earlier: a boosting missile's prediction (made as if
//    the thrust stopped now) runs downrange by hundreds of km in ten seconds, and an ellipse
//    thousands of km wide says nothing about which prefecture to warn. Until an object has a
//    settled prediction it alerts no one.
//  - A decision goes out latency_s after the prediction it rests on (re-taken at most every reevaluate_s, 10 s):
//    the prefectures within corridor_half_width_m of a settled prediction's ground track still to be
//    flown, or inside its impact ellipse once that is at most ellipse_max_semi_major_m across,
//    expanded by the policy, are alerted if they were not yet. An ellipse larger than a prefecture
//    (~100 km) cannot say which one a fall threatens: until then only the path's corridor alerts.
//    Nothing is decided after the last predicted impact.
//  - Withdrawn (only where the policy withdraws): an alerted prefecture no prediction now puts under
//    the threat, before the threat was predicted to pass it. A prefecture already overflown is
//    never withdrawn, nor one alerted only for objects destroyed since (see below).
//  - An object destroyed by an interceptor (known to the defence by kill assessment) stops counting
//    from then on. Prefectures alerted only for destroyed objects get, all_clear_latency_s after the
//    last of them was destroyed, picket's "the threat was destroyed" (no J-Alert wording for an
//    intercept is public) instead of "passed over" or "come down".
//  - "Passed over": to the alerted prefectures, passed_latency_s after the settled predictions have
//    left the last of them (J-Alert sends it once no tracked object will fall on Japan). "It has come
//    down": to the prefectures alerted for a predicted fall in Japan's land or territorial sea,
//    all_clear_latency_s after the predicted impact. A flight that neither crosses nor falls near
//    Japan alerts no one and sends neither.
// Warning time per prefecture is scored against the truth: from its alert to the threat's entry
// over it (or its impact in it).
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "alerts/areas.h"
#include "scenario/config.h"
#include "tracking/impact_prediction.h"
#include "world/geography.h"

namespace picket::alerts {

struct AlertMessage {
  enum class Kind { kAlert, kWithdrawn, kPassedOver, kAllClear, kDestroyed };
  Kind kind = Kind::kAlert;
  double t_s = 0.0;
  std::vector<int> prefectures;     // geography indices
  std::vector<std::string> blocks;  // block-2017 alerts: the blocks alerted
  std::vector<int> objects{};       // the correlated objects (tracking/) it rests on, ascending
};
const char* kindName(AlertMessage::Kind k);

struct PrefectureOutcome {
  int prefecture = -1;
  std::string name;
  std::optional<double> alert_t_s;      // first alert
  std::optional<double> withdrawn_t_s;
  std::optional<double> event_t_s;      // truth: entry over it, or impact in it
  std::optional<double> warning_s;      // event - alert, where both exist
  bool overflown = false;               // truth
  bool impact = false;                  // truth
  bool predicted_under = false;         // a settled prediction put it under the threat (not only the policy's areas)
};

struct AlertResult {
  scenario::AlertPolicy policy = scenario::AlertPolicy::kCorridor;
  std::vector<AlertMessage> messages;        // time order
  std::vector<PrefectureOutcome> prefectures; // alerted or overflown, by first alert then name
  std::optional<double> first_settled_t_s;   // the first prediction that could alert
  [[nodiscard]] std::vector<std::string> overflownNotAlerted() const;
  [[nodiscard]] std::vector<std::string> alertedNotOverflown() const;
};

// The truth the warnings are scored against.
struct TruthPassage {
  int prefecture = -1;
  double enter_t_s = 0.0;
  bool impact = false;
  int threat = -1;  // the raid's missile
};

// A correlated object the defence knows destroyed, and when.
struct DestroyedObject {
  int object = 0;
  double t_s = 0.0;
};

// `predictions` in order of made_at_s, each from a confirmed track and naming its correlated object.
AlertResult planAlerts(const world::Geography& geography, const scenario::AlertConfig& config, const AlertAreas& areas,
                       std::span<const tracking::ImpactPrediction> predictions, std::span<const TruthPassage> truth,
                       std::span<const DestroyedObject> destroyed = {});

// A prefecture under a prediction: within half_width_m of its ground track from t_from_s on (and
// when the track is over it), or inside its impact ellipse holding `probability` (at the predicted
// impact).
struct Under {
  int prefecture = -1;
  double enter_t_s = 0.0, leave_t_s = 0.0;
  bool impact = false;  // inside the ellipse
};
// With use_ellipse false, the ground track's corridor only.
std::vector<Under> prefecturesUnder(const world::Geography& geography, const tracking::ImpactPrediction& p,
                                    double t_from_s, double half_width_m, double probability, bool use_ellipse = true);

}  // namespace picket::alerts

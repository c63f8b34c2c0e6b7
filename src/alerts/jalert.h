// J-Alert-like public warnings: which prefectures are told to take shelter, when, and how many
// minutes each got. Rules and defaults from public descriptions (docs/tracking.md#public-alerts,
// docs/alert-sources.md):
//  - The first alert goes out `latency_s` after a track is established, using the latest impact
//    prediction then available; it is re-evaluated with each later prediction (the new decision
//    going out latency_s after the prediction it rests on).
//  - Alerted: the prefectures within `corridor_half_width_m` of the predicted ground track still
//    to be flown, or inside the predicted impact ellipse (`ellipse_probability`), of any confirmed
//    track (the public alert does not wait for discrimination).
//  - Withdrawn (with `withdraw`): an alerted prefecture that no longer qualifies before the
//    threat's predicted passage.
//  - "Passed over": `passed_latency_s` after the predicted track leaves the last alerted
//    prefecture's corridor; "all clear" (fell into the sea, or landed): `all_clear_latency_s`
//    after the predicted impact.
// Warning time per prefecture is measured against the truth: from its alert to the threat's
// entry over it (or its impact in it).
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "scenario/config.h"
#include "tracking/impact_prediction.h"
#include "world/geography.h"

namespace picket::alerts {

struct AlertMessage {
  enum class Kind { kAlert, kWithdrawn, kPassedOver, kAllClear };
  Kind kind = Kind::kAlert;
  double t_s = 0.0;
  std::vector<int> prefectures;  // geography indices
};
const char* kindName(AlertMessage::Kind k);

struct PrefectureOutcome {
  int prefecture = -1;
  std::string name;
  std::optional<double> alert_t_s;      // first alert
  std::optional<double> withdrawn_t_s;
  std::optional<double> event_t_s;      // truth: entry over it, or impact in it
  std::optional<double> warning_s;      // event - alert, where both exist
  bool overflown = false;
  bool impact = false;
};

struct AlertResult {
  std::vector<AlertMessage> messages;        // time order
  std::vector<PrefectureOutcome> prefectures; // alerted or overflown, by first alert then name
  [[nodiscard]] std::vector<std::string> overflownNotAlerted() const;
  [[nodiscard]] std::vector<std::string> alertedNotOverflown() const;
};

// The truth the warnings are scored against.
struct TruthPassage {
  int prefecture = -1;
  double enter_t_s = 0.0;
  bool impact = false;
};

// `predictions` in order of made_at_s, each from a confirmed track; `track_established_s` the
// first confirmation.
AlertResult planAlerts(const world::Geography& geography, const scenario::AlertConfig& config,
                       std::span<const tracking::ImpactPrediction> predictions,
                       std::optional<double> track_established_s, std::span<const TruthPassage> truth);

// Prefectures under the corridor of `track` from t_from_s on, or inside the prediction's ellipse.
std::vector<int> prefecturesUnder(const world::Geography& geography, const tracking::ImpactPrediction& p,
                                  double t_from_s, double half_width_m);

}  // namespace picket::alerts

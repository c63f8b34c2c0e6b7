// The J-Alert area rules picket knows, the dates each was in force, and its defaults: the registry
// behind the scenario's `alerts.policy` (alerts/ implements them). Sources: docs/alert-sources.md
// section (d); data/alerts/regions.yaml for the blocks and neighbours.
//
// | policy                  | in force (JST)            | who is alerted                                                    |
// | none                    | before 9 Feb 2007         | no one: J-Alert did not exist yet                                 |
// | block-2017              | 9 Feb 2007 - 7 Jan 2019   | every block (core and related areas) holding a prefecture under the prediction |
// | prefecture-2019         | 8 Jan 2019 - 31 Aug 2023  | the prefectures under the predicted flight range, once "fairly definite" |
// | prefecture-neighbours-2023 | from 1 Sep 2023        | those and their neighbours, at "a certain probability"            |
// | corridor                | any date                  | picket's simple rule: the prefectures under the prediction        |
#pragma once

#include <optional>
#include <span>
#include <string_view>

#include "common/time.h"
#include "scenario/config.h"

namespace picket::scenario {

struct AlertPolicyInfo {
  AlertPolicy policy;
  std::string_view name;
  std::string_view from_jst, to_jst;  // first and last day in force ("YYYY-MM-DD"); empty: open
  std::string_view summary;           // one line, for the timeline and the report
  // Defaults (docs/alert-sources.md "Proposed defaults"):
  double latency_s;            // the settled prediction to the alert going out
  double settle_semi_major_m;  // how settled a prediction must be to alert
  double settle_shift_m;
  bool withdraw;               // whether J-Alert itself withdrew ("evacuation call lifted")
};

std::span<const AlertPolicyInfo> alertPolicies();
const AlertPolicyInfo& alertPolicyInfo(AlertPolicy policy);
// The rule in force on the launch's date in Japan.
AlertPolicy alertPolicyOfDate(UtcTime launch);
// Whether `policy` was in force on the launch's date (corridor: always).
bool alertPolicyInForce(AlertPolicy policy, UtcTime launch);

}  // namespace picket::scenario

// Which prefectures an alert policy tells, given those the prediction puts under the threat
// (scenario/alert_policies.h has the policies, their dates and defaults; docs/alert-sources.md (d)
// their sources):
//  - corridor, prefecture-2019: the prefectures under the prediction, no more;
//  - prefecture-neighbours-2023: and their neighbours (shared land borders and the sea crossings of
//    data/alerts/regions.yaml: Aomori-Hokkaido);
//  - block-2017: every block of data/alerts/regions.yaml whose core or related areas hold one of
//    them, alerted whole (core and related). On 29 Aug and 15 Sep 2017 both tracks crossed only
//    Hokkaido, a related area of the Tohoku block, and the Tohoku block's twelve prefectures were
//    alerted: this rule gives exactly that.
// Immutable once built; names are resolved against the geography once.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "scenario/config.h"
#include "world/geography.h"

namespace picket::alerts {

class AlertAreas {
 public:
  // Throws InputError (naming regions.yaml's line) for a prefecture the geography does not know.
  AlertAreas(const world::Geography& geography, const scenario::AlertConfig& config);

  // The prefectures to alert for those under the prediction (sorted, unique).
  [[nodiscard]] std::vector<int> expand(std::span<const int> under) const;
  [[nodiscard]] scenario::AlertPolicy policy() const { return policy_; }
  // block-2017: the blocks that expand() used for `under`, by name (for the timeline).
  [[nodiscard]] std::vector<std::string> blocksFor(std::span<const int> under) const;

 private:
  struct Block {
    std::string name;
    std::vector<int> all;  // core and related areas: the block is alerted whole
  };
  scenario::AlertPolicy policy_;
  std::vector<Block> blocks_;
  std::vector<std::vector<int>> neighbours_;  // per prefecture
};

}  // namespace picket::alerts

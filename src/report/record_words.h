// The record comparison (simulation/record.h) in words: what each check is, what picket computed
// and what was reported, as printed by `picket run`, `picket validate` and summary.json.
#pragma once

#include <string>

#include "simulation/simulation.h"

namespace picket::report {

struct RecordWords {
  std::string what;        // "apogee", "impact from Cape Erimo", "J-Alert prefectures", ...
  std::string modelled;    // "770 km", "07:00:22 JST", "Hokkaido, Aomori", "none"
  std::string reported;    // with the report's own interval: "770 km (+-10)", "4000 km (at least 4000)"
  std::string difference;  // modelled less reported: "+12.0 km", "-0.5 min"; empty for sets
  std::string tolerance;   // what "within" allowed: "range +-2 %", "+-60 s and +-2 min", "exact", ...
};

RecordWords recordWords(const simulation::RecordCheck& c, const TimeZone& zone);

}  // namespace picket::report

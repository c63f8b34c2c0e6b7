// The run against the public record: each report of each fact of the scenario's `reported` block
// (scenario/config.h ReportedConfig; one per agency where several gave it) set beside what picket
// computed, and whether it falls within the report's own interval (its precision, range or bound)
// and within that interval widened by the tolerance. For `picket validate`, the dated events'
// tests and the CLI's "Against the record" lines.
//
// Tolerances, for what the record's rounding and the model's stated freedoms allow:
//  - apogee and ground range (aimed at): the report's interval widened by 2 %;
//  - flight time: the interval +-1 min (press times are whole minutes);
//  - impact distance from a landmark: the interval +-5 %;
//  - a reported point (an impact's or a spent stage's coordinates): picket's distance from it within
//    the report's radius plus 5 % of the distance the body flew (as a landmark distance's 5 %);
//  - times (launch, over Japan, impact, first J-Alert): the report's rounding and +-2 min (minutes
//    in the record; the alert chain's latency is one number for all events of a rule);
//  - "passed over": after the modelled exit from Japan and no later than the record + 2 min (J-Alert
//    sends it once no tracked object will fall on Japan, 1 to 13 minutes after the exit in 2017-2022;
//    picket sends it passed_latency_s after the predicted exit);
//  - prefectures overflown and alerted, the impact zone, and "no J-Alert": exactly.
#pragma once

#include <string>
#include <vector>

#include "simulation/simulation.h"

namespace picket::simulation {

// Empty if the scenario has no `reported` block. In a raid, a report naming a launch (`missile`)
// is compared with that missile's flight, the others with the first missile's.
std::vector<RecordCheck> compareWithRecord(const SimulationResult& result, const world::Geography& geography);

}  // namespace picket::simulation

// Who knew, and when: the scenario's sensors look at the true objects, the infrared system cues,
// the tracker builds tracks, impact predictions follow every update, and the public alerts go out.
// Everything random comes from the scenario's seed, one stream per sensor (common/random.h).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "alerts/jalert.h"
#include "flight/flight.h"
#include "scenario/config.h"
#include "sensors/launch_cue.h"
#include "sensors/observe.h"
#include "tracking/impact_prediction.h"
#include "tracking/tracker.h"
#include "world/atmosphere.h"
#include "world/geography.h"

namespace picket::simulation {

struct SensorSummary {
  std::string name, type, type_name;
  bool infrared = false;
  std::optional<double> first_detection_t_s;  // radar: measurement time; infrared: frame time
  std::optional<double> first_report_t_s;     // infrared: when it reached the ground
  int detections = 0;
  double lat_deg = 0.0, lon_deg = 0.0, alt_m = 0.0;  // radars; satellites: sub-satellite point at t = 0
  double coverage_m = 0.0;  // radars: instrumented range; satellites: 0
};

// One row of tracks.csv: a track's state after an update.
struct TrackRecord {
  double t_s = 0.0;
  int track = 0;
  int sensor = -1;
  bool confirmed = false;
  tracking::StateVec x;
  tracking::StateCov P;
  double nis = 0.0;
};

struct TrueObjectInfo {
  std::string name;
  double start_s = 0.0, impact_t_s = 0.0;
  double impact_lat_deg = 0.0, impact_lon_deg = 0.0;
};

struct DefenceResult {
  std::vector<SensorSummary> sensors;
  std::vector<TrueObjectInfo> objects;  // 0: the missile / warhead; then spent stages
  std::vector<sensors::RadarDetection> radar_detections;
  std::vector<sensors::InfraredDetection> infrared_detections;
  std::optional<sensors::LaunchCue> final_cue;  // the estimate after the last infrared report
  std::vector<TrackRecord> tracks;
  std::vector<int> track_truth;  // per track id (index), the truth it ended on (-1 unknown)
  std::optional<double> track_established_t_s;
  int established_track = 0, established_sensor = -1;
  std::vector<tracking::ImpactPrediction> predictions;  // confirmed tracks, time order
  std::optional<double> ipp_converged_t_s;                // the warhead's track
  double ipp_converged_m = 0.0;
  std::optional<tracking::ImpactPrediction> final_warhead_prediction;
  world::MaritimeZone predicted_zone = world::MaritimeZone::kOpenSea;
  alerts::AlertResult alerts;
  double boost_end_estimate_t_s = 0.0;   // the last scan the defence believed still under thrust
  std::optional<double> first_detection_t_s;  // any sensor: radar detection or infrared report
  bool ran = false;
};

struct TruthForDefence {
  const flight::FlightResult* missile = nullptr;
  const scenario::MissileConfig* missile_config = nullptr;  // null in impulsive mode
  std::vector<alerts::TruthPassage> passages;
};

DefenceResult runDefence(const scenario::ScenarioConfig& config, const world::Geography& geography,
                         const world::Earth& earth, const world::Atmosphere& atmosphere, const TruthForDefence& truth);

}  // namespace picket::simulation

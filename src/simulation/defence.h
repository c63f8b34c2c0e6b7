// Who knew, and when: the scenario's sensors look at the true objects, the infrared system cues,
// the tracker builds tracks, impact predictions follow every update, and the public alerts go out.
// Everything random comes from the scenario's seed, one stream per sensor (common/random.h).
#pragma once

#include <array>
#include <deque>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "common/stopwatch.h"
#include "alerts/jalert.h"
#include "flight/flight.h"
#include "scenario/config.h"
#include "sensors/launch_cue.h"
#include "sensors/observe.h"
#include "tracking/impact_prediction.h"
#include "tracking/metrics.h"
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
  int object = 0;  // the correlated object (after merges), 0 while the track was unconfirmed
  int sensor = -1;
  bool confirmed = false;
  tracking::StateVec x;
  tracking::StateCov P;
  double nis = 0.0;
  double lethal_llr = 0.0;  // the discrimination report of the detection it used (sensors/observe.h)
};

// What a true object is (scoring only: the defence never reads it).
enum class ObjectKind { kWarhead, kSpentStage, kDecoy, kDebris };
const char* objectKindName(ObjectKind kind);  // "warhead", "spent stage", "decoy", "debris"

struct TrueObjectInfo {
  std::string name;
  double start_s = 0.0, impact_t_s = 0.0;
  double impact_lat_deg = 0.0, impact_lon_deg = 0.0;
  int threat = 0;        // the raid's missile it came from
  bool warhead = false;  // the re-entry vehicle (or the missile that carries it to the ground)
  // A spent stage's own flight for the replay: {t_s, x, y, z} ECEF metres, every 10 s from
  // separation to impact (empty for a warhead: its path is the missile's track).
  std::vector<std::array<double, 4>> path_Ecef;
  int body = -1;  // a spent stage: its flight in DefenceResult::bodies
  std::optional<double> destroyed_t_s;  // by an interceptor (the engagement's end game)
  ObjectKind kind = ObjectKind::kWarhead;
};

// One object as the defence knew it after correlation (tracking/correlator.h): what the alerts
// and the battle manager work on.
struct ObjectRecord {
  int id = 0;
  int family = 0;
  std::vector<int> tracks;  // in the order they held it
  double first_s = 0.0, last_s = 0.0;
  double rcs_m2 = 0.0;      // estimated from the detections' SNR
  bool lethal = true;       // the defence's discrimination (tracking/discrimination.h)
  // From this time the defence knows it is light (its estimated beta below tracking.light_beta at
  // 3 sigma): no interceptor is ordered at it after (tracking/discrimination.h, lightFrom).
  std::optional<double> light_from_t_s;
  // The belief that it is a warhead (tracking/discrimination.h), after each update that carried a
  // discrimination report, in time order: (t_s, P); before the first, and without any, the prior.
  std::vector<std::pair<double, double>> belief;
  double p_lethal = 0.5;  // the last
  int truth = -1;           // scoring only: the true object most of its updates came from
};

// How well one missile's warhead impact was predicted.
struct WarheadPrediction {
  std::optional<double> ipp_converged_t_s;  // from then on every prediction stays within ipp_converged_m
  std::optional<tracking::ImpactPrediction> converged_prediction;  // the one made then
  std::optional<tracking::ImpactPrediction> final_prediction;
  world::MaritimeZone predicted_zone = world::MaritimeZone::kOpenSea;
};

struct DefenceResult {
  std::vector<SensorSummary> sensors;
  std::vector<TrueObjectInfo> objects;  // per missile of the raid: its warhead, then its spent stage
  std::deque<flight::FlightResult> bodies;  // the spent stages' flights (a deque: they stay in place)
  std::vector<sensors::RadarDetection> radar_detections;
  std::vector<sensors::InfraredDetection> infrared_detections;
  // Scoring only: the true object behind each detection, kept apart from the detections.
  std::vector<sensors::DetectionTruth> radar_truth, infrared_truth;
  std::optional<sensors::LaunchCue> final_cue;  // the estimate after the last infrared report
  std::vector<TrackRecord> tracks;
  std::vector<ObjectRecord> tracked_objects;  // objects[id - 1]; merged ones left out of the alerts and engagements
  std::vector<int> track_object;  // per track id (index): its object after merges (0: never confirmed)
  std::vector<int> track_truth;  // scoring only: per track id (index), the truth of its last update (-1 unknown)
  std::optional<double> track_established_t_s;
  int established_track = 0, established_sensor = -1;
  std::vector<tracking::ImpactPrediction> predictions;  // confirmed tracks, time order (each names its track and object)
  std::vector<WarheadPrediction> warheads;  // per missile of the raid
  double ipp_converged_m = 0.0;
  tracking::TrackMetrics metrics;  // scoring: the tracks against the truth (SIAP, OSPA)
  alerts::AlertResult alerts;
  double boost_end_estimate_t_s = 0.0;   // the last scan the defence believed still under thrust
  std::optional<double> first_detection_t_s;  // any sensor: radar detection or infrared report
  std::vector<std::optional<double>> threat_first_detection_t_s;  // the same, per missile of the raid
  bool ran = false;

  // Scoring only: the missile whose warhead a track ended on, or -1 (a spent stage, unknown).
  [[nodiscard]] int warheadThreat(int track) const {
    if (track < 0 || track >= static_cast<int>(track_truth.size())) return -1;
    return warheadOfTruth(track_truth[static_cast<std::size_t>(track)]);
  }
  // Scoring and naming for the reader only: the true object most of a correlated object's updates
  // came from, or null (none, or an id out of range).
  [[nodiscard]] const TrueObjectInfo* objectTruth(int object) const {
    if (object <= 0 || object > static_cast<int>(tracked_objects.size())) return nullptr;
    const int truth = tracked_objects[static_cast<std::size_t>(object - 1)].truth;
    return truth >= 0 ? &objects[static_cast<std::size_t>(truth)] : nullptr;
  }
  // Scoring only: the missile whose warhead a correlated object is, or -1.
  [[nodiscard]] int objectWarheadThreat(int object) const {
    if (object <= 0 || object > static_cast<int>(tracked_objects.size())) return -1;
    return warheadOfTruth(tracked_objects[static_cast<std::size_t>(object - 1)].truth);
  }
  [[nodiscard]] int warheadOfTruth(int o) const {
    return o >= 0 && objects[static_cast<std::size_t>(o)].warhead ? objects[static_cast<std::size_t>(o)].threat : -1;
  }
};

struct TruthForDefence {
  struct Missile {
    std::string name;
    const flight::FlightResult* flight = nullptr;
    const scenario::MissileConfig* config = nullptr;  // null in impulsive mode
  };
  std::vector<Missile> missiles;  // the raid, in order
  std::vector<alerts::TruthPassage> passages;
};

// Sensors, tracking, impact predictions and their scoring (not the alerts: planPublicAlerts, once
// the engagements have said what was destroyed). With `wall_times`, the wall time of each of those.
// Without `score_quality`, the tracks' and the predictions' quality against the truth (metrics,
// warheads) is left out: the output files read it, a Monte Carlo trial's record does not.
DefenceResult runDefence(const scenario::ScenarioConfig& config, const world::Geography& geography,
                         const world::Earth& earth, const world::Atmosphere& atmosphere,
                         const tracking::BallisticModel& tracker_model, const TruthForDefence& truth,
                         bool scramble_truth_labels = false, std::vector<StageTime>* wall_times = nullptr,
                         std::uint64_t trial = 0, bool score_quality = true);

// The public alerts on the defence's predictions, knowing which objects were destroyed and when
// (kill assessment); `passages` is the truth they are scored against.
void planPublicAlerts(const scenario::ScenarioConfig& config, const world::Geography& geography, DefenceResult& res,
                      std::span<const alerts::TruthPassage> passages, std::span<const alerts::DestroyedObject> destroyed);

}  // namespace picket::simulation

// One scenario, run once: build the models, aim, fly, answer the ground-track questions (which
// countries and prefectures were overflown, when; where it came down relative to landmarks), and
// run the defence (defence.h: sensors, tracking, impact prediction, alerts) and the engagements
// (engagements.cpp: windows per layer, the battle manager's shots, coverage maps); montecarlo/ runs
// this many times.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/progress.h"
#include "common/stopwatch.h"
#include "engagement/battle.h"
#include "engagement/coverage.h"
#include "flight/aiming.h"
#include "flight/flight.h"
#include "scenario/config.h"
#include "simulation/defence.h"
#include "simulation/trial.h"
#include "world/geography.h"

namespace picket::simulation {

// One report of a fact of the scenario's `reported` block beside what the run computed
// (record.h): typed; report/ words it (report/record_words.h).
struct RecordCheck {
  enum class Figure {
    kLaunch, kApogee, kGroundRange, kFlightTime, kImpact, kImpactFrom, kImpactZone, kOverflown, kOverJapanFrom,
    kOverJapanUntil, kJAlertRule, kJAlert, kJAlertPrefectures, kFirstJAlert, kPassedOver, kStageFallTime,
    kStageFallRange, kImpactPoint, kStageFallPoint
  };
  // What "within" allowed: the report's interval widened by 2 %, by 1 min or by 5 %; its rounding
  // and 2 min; exactly; after the modelled exit from Japan and by the record + 2 min.
  // kPoint: the report's radius widened by 5 % of the distance the body flew (a reported point).
  enum class Tolerance { kRelative2, kMinute1, kRelative5, kTime2, kExact, kAfterExit, kPoint };
  Figure figure = Figure::kApogee;
  Tolerance tolerance = Tolerance::kExact;
  std::string landmark;                        // kImpactFrom
  int stage = 0;                               // kStageFallTime, kStageFallRange: from 1
  bool landmark_in_output = true;              // kImpactFrom: false when not in output.landmarks
  std::optional<double> modelled;              // number figures, in the report's unit (km, min); a
                                               // point's: picket's distance from it (km)
  double reported_lat_deg = 0.0, reported_lon_deg = 0.0;  // kImpactPoint, kStageFallPoint
  double modelled_lat_deg = 0.0, modelled_lon_deg = 0.0;
  scenario::ReportedNumber reported_number;    // number figures
  std::optional<UtcTime> modelled_time;        // time figures (and the first alert of kJAlert)
  UtcTime reported_time;                       // time figures
  double precision_s = 0.0;                    // time figures: the report's rounding
  std::vector<std::string> modelled_names;     // sets and words: prefectures, a zone, a rule
  std::vector<std::string> reported_names;
  std::string source;                          // the record's source key
  std::string agency;                          // who reported it; empty where the record does not say
  std::string missile;                         // the raid launch the report names; empty: the first missile
  bool within_precision = false;  // inside the report's own interval (its precision or range)
  bool within = false;            // inside it widened by the tolerance
  bool gate = true;               // false: shown, not held to the tolerance (its note says why)
  bool modelled_at_all = true;    // false: the run does not model it (J-Alert without sensors)
};

struct Overflight {
  std::string country;
  std::string region;  // prefecture (English) where in Japan, else empty
  double enter_t_s = 0.0;
  double exit_t_s = 0.0;
};

// What a line of the timeline is about. Typed, not worded: report/wording.h names each kind
// ("launch", "ipp-converged", ...) and writes each line's sentence from the result it points to.
enum class TimelineKind {
  kLaunch, kStaging, kIgnition, kBurnout, kCutoff, kSeparation, kApogee, kImpact,  // the flight (FlightEvent)
  kStageFall, kOrbit,                                                   // a spent stage's fall; orbit
  kEnter, kExit,                                                        // its overflights
  kDestroyed,                                                           // by an interceptor
  kDetect, kLaunchEstimate, kTrack, kIppConverged,                      // the defence's knowledge
  kAlert, kAlertWithdrawn, kPassedOver, kAllClear, kAlertDestroyed,     // the public alerts' messages
  kWarning,                                                             // a prefecture's warning time (scored)
  kDecisionDeadline, kInterceptorLaunch, kIntercept,                    // the engagements
};

// One line of the timeline, in seconds after the scenario's epoch (its first launch; UTC = launch
// time + t_s).
struct TimelineEvent {
  TimelineKind kind = TimelineKind::kLaunch;
  double t_s = 0.0;
  std::optional<double> alt_m, lat_deg, lon_deg, speed_mps;
  std::string country, region;
  int threat = -1;  // the raid's missile it is about (index into SimulationResult::threats), -1: none
  // The record the line is about, by kind: staging: the stage (0 the first); detect: the sensor (DefenceResult::sensors); the alerts' five kinds: the
  // message (AlertResult::messages); warning: the prefecture (AlertResult::prefectures);
  // decision-deadline: the layer answer (EngagementResult::layers); interceptor-launch, intercept:
  // the shot (EngagementResult::shots). -1 for the other kinds (the threat's own record, the
  // defence's, or the line's own place: enter and exit name theirs in country and region).
  int ref = -1;
};

// Where a point lies from a landmark. Holds the landmark's name, not a pointer into the Geography,
// so a result outlives the models that made it.
struct LandmarkDistance {
  std::string landmark;
  double distance_m = 0.0;
  double bearing_deg = 0.0;  // from the landmark to the point, clockwise from north

  static std::optional<LandmarkDistance> from(const world::LandmarkFix& f) {
    if (f.landmark == nullptr) return std::nullopt;
    return LandmarkDistance{f.landmark->name, f.distance_m, f.bearing_deg};
  }
};

// The trajectory sampled for output (every output.sample_interval_s, and at every event).
struct TrackPoint {
  double t_s = 0.0;
  double lat_deg = 0.0, lon_deg = 0.0, alt_m = 0.0;
  double speed_mps = 0.0, flight_path_angle_deg = 0.0, heading_deg = 0.0;  // Earth-relative
  double mass_kg = 0.0;
  double x_Ecef_m = 0.0, y_Ecef_m = 0.0, z_Ecef_m = 0.0;
};

// One missile of the scenario (the only one, or one of a raid), flown and placed on the ground.
// A spent lower stage falling on its own (flight/flight.h flySpentStage): where and when it comes
// down.
struct StageFall {
  int stage = 0;  // from 0
  double t_s = 0.0;
  double lat_deg = 0.0, lon_deg = 0.0;
  double range_m = 0.0;  // from the launch point
  std::optional<LandmarkDistance> fix;  // from the nearest landmark
  world::MaritimeZone zone = world::MaritimeZone::kOpenSea;
};

struct ThreatResult {
  std::string name;          // the raid launch's name; the missile's name when there is one missile
  std::string missile_name;
  scenario::LaunchConfig launch;
  double launch_t_s = 0.0;   // after the scenario's epoch
  std::optional<scenario::TrajectoryShape> shape;  // the aim's (absent in impulsive mode)
  bool failed = false;  // the scenario ends its thrust early (aim.thrust_ends_s): a failed flight
  std::optional<flight::AimSolution> aim;
  flight::FlightResult flight;  // times after the scenario's epoch
  std::vector<Overflight> overflights;
  std::optional<LandmarkDistance> impact_fix;     // from the landmark nearest the impact point
  std::vector<LandmarkDistance> impact_fixes;     // from each landmark the scenario's output names
  world::MaritimeZone impact_zone = world::MaritimeZone::kOpenSea;
  std::vector<StageFall> stage_falls;  // the spent lower stages (a launcher's, an ICBM's first)
  // Destroyed by an interceptor (its warhead, or the missile before its warhead left it): the
  // flight ends there in every output; `flight` keeps the path it would have flown.
  struct Destroyed {
    double t_s = 0.0;
    double lat_deg = 0.0, lon_deg = 0.0, alt_m = 0.0;
    std::string by;  // the shooter
  };
  std::optional<Destroyed> destroyed;
  // When the flight ends: the impact, or its destruction.
  [[nodiscard]] double end_t_s() const { return destroyed ? destroyed->t_s : flight.impact.t_s; }
  std::vector<TrackPoint> track;
};

struct SimulationResult {
  scenario::ScenarioConfig config;
  std::uint64_t trial = 0;  // the Monte Carlo trial this run is (0: a single run)
  std::vector<ThreatResult> threats;  // in the order of the raid (one without a raid); never empty
  std::vector<TimelineEvent> timeline;    // in time order
  DefenceResult defence;  // sensors, tracks, predictions, alerts (empty without sensors)
  engagement::EngagementResult engagement;   // windows per layer, shots (empty without shooters)
  std::vector<engagement::CoverageMap> coverage;
  std::vector<RecordCheck> record;  // against the scenario's `reported` block (record.h)
  // A Monte Carlo trial's drawn values (trial.h), in a fixed order; empty for the nominal run.
  std::vector<Draw> draws;
  // Wall-clock seconds per stage, in the order they ran (`picket run --timings`, bench/); never
  // written to a file.
  std::vector<StageTime> stage_times;

  [[nodiscard]] UtcTime utc(double t_s) const { return config.launch.time.plus(t_s); }
  [[nodiscard]] bool isRaid() const { return !config.raid.empty(); }
  // How outputs name a missile: its raid launch's name in a raid, else the missile's name; and the
  // "name: " that starts its lines in a raid (empty otherwise).
  [[nodiscard]] const std::string& title(const ThreatResult& th) const { return isRaid() ? th.name : th.missile_name; }
  [[nodiscard]] std::string linePrefix(const ThreatResult& th) const { return isRaid() ? th.name + ": " : std::string(); }
  // When the last missile came down.
  [[nodiscard]] double endTime_s() const;
};

struct SimulationOptions {
  flight::FlightOptions flight;
  double overflight_sample_s = 1.0;  // ground-track sampling for border crossings
  // For the test that the defence decides on its detections alone: the scoring's labels of which
  // true object made each detection are rotated (object k read as k + 1) before anything uses them.
  // The detections themselves, and so every decision, must not change; only the scoring does.
  bool scramble_truth_labels = false;
  // Called as the long stages go (coverage maps, a raid's aiming): common/progress.h.
  ProgressFn progress;
  // The coverage maps are analysis on top of a run; a Monte Carlo trial leaves them out.
  bool coverage_maps = true;
  // What only the output files, the report and the timeline read: the tracks' and the impact
  // predictions' quality against the truth (track metrics, when each warhead's prediction
  // converged), each missile's output samples, the comparison with the public record. A Monte
  // Carlo trial's record reads none of it, so a batch's trials leave it out (trial 0's files are
  // made by running it again in full).
  bool full_outputs = true;
  // Draw the scenario's `uncertainty:` section for the trial (a Monte Carlo trial, and its replay);
  // false: the nominal values (a single run).
  bool draw_uncertainty = false;
};

// Throws InputError (naming the scenario's file and line) for an unreachable target or a missile
// that cannot fly. `geography` is loaded once and shared. The build phase (models.h) then the run
// of trial 0; stage_times has both.
SimulationResult simulate(const scenario::ScenarioConfig& config, const world::Geography& geography,
                          const SimulationOptions& options = {});

// One trial on models built once (models.h): flies, senses, tracks, alerts and engages. Its random
// draws (sensor noise and detections, kill draws) come from streams of (scenario seed, purpose,
// trial): the same trial gives the same result on any thread, another trial other draws. Thread-
// safe on a shared Models.
struct Models;
SimulationResult run(const Models& models, std::uint64_t trial, const SimulationOptions& options = {});

}  // namespace picket::simulation

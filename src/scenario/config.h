// Plain configuration structs, one to one with the scenario file (docs/scenario.md) and the
// missile catalog (data/catalog/README.md). No behaviour here: the stages below build their
// immutable models from these. Every struct has defaults, and compares member by member (==: the
// round trip through scenario/writer.h is checked with it).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/distribution.h"
#include "common/error.h"
#include "common/time.h"

namespace picket::scenario {

// --- physics options ---------------------------------------------------------------------------
enum class EarthShapeOption { kWgs84, kSphere };
enum class GravityOption { kPointMass, kJ2, kZonal4 };
enum class AtmosphereOption { kNone, kUs1976 };

struct PhysicsConfig {
  bool operator==(const PhysicsConfig&) const = default;
  EarthShapeOption earth = EarthShapeOption::kWgs84;
  bool rotation = true;
  GravityOption gravity = GravityOption::kJ2;
  AtmosphereOption atmosphere = AtmosphereOption::kUs1976;
};

// --- missile -----------------------------------------------------------------------------------
struct StageConfig {
  bool operator==(const StageConfig&) const = default;
  std::string name;
  double diameter_m = 0.0;
  double propellant_mass_kg = 0.0;
  double dry_mass_kg = 0.0;
  double burn_time_s = 0.0;
  // A coast after this stage burns out and drops, before the next ignites (a space launcher's
  // upper stage waiting for the top of its climb); 0 for missiles, and for the last stage.
  double coast_s = 0.0;
  // Exactly one pair is set by the loader; the model derives the others.
  std::optional<double> isp_vac_s, isp_sl_s, thrust_vac_n, thrust_sl_n;
  std::vector<std::pair<double, double>> cd_vs_mach;  // (Mach, Cd) on pi d^2 / 4
  double rcs_m2 = 0.0;  // radar cross-section of the stage body (and of the stack while it flies)
};

struct PayloadConfig {
  bool operator==(const PayloadConfig&) const = default;
  double mass_kg = 0.0;
  double ballistic_coefficient_kg_m2 = 0.0;  // beta = m / (Cd A)
  double separation_delay_s = 0.0;
  bool separates = true;  // false: the warhead stays on the spent missile (Scud-B), one body falls
  double separation_speed_mps = 0.0;  // the warhead's push away from the spent stage, along v
  double rcs_m2 = 0.0;                // radar cross-section of the re-entry vehicle (0: not given)
};

struct GuidanceConfig {
  bool operator==(const GuidanceConfig&) const = default;
  double vertical_rise_s = 0.0;
  double pitch_over_s = 0.0;
  bool thrust_termination = true;
  // After the pitch-over, hold the thrust at its tilt from the local vertical until burnout (a
  // direct-ascent interceptor) instead of turning with gravity (a ballistic missile). Interceptors
  // (engagement/interceptor.h) set it; the missile catalog does not.
  bool hold_tilt = false;
  // A space launcher flown to a given orbit (aim shape orbit with `orbit:`): its first stage's
  // pitch-over angle from the vertical, degrees (flight/aiming.h); unset: the gravity turn that
  // gives the highest perigee chooses it.
  std::optional<double> ascent_pitch_over_deg;
};

// An object released with the warhead that is not one: a decoy made to be taken for it, or debris
// (data/catalog/objects/<id>.yaml; docs/catalog-notes.md#decoys-and-debris). Each carries the
// signature a defence could tell it by: radar cross-section, ballistic coefficient (how the air
// slows it) and infrared temperature.
enum class ReleasedKind { kDecoy, kDebris };
struct ReleasedObjectConfig {
  bool operator==(const ReleasedObjectConfig&) const = default;
  std::string id;    // catalog id ("" for one written out in the scenario)
  std::string name;
  ReleasedKind kind = ReleasedKind::kDecoy;
  int count = 1;
  double rcs_m2 = 0.0;
  double ballistic_coefficient_kg_m2 = 0.0;
  double ir_temperature_k = 0.0;
  double separation_speed_mps = 0.0;  // each pushed this fast, across the warhead's path
  // How much of a warhead's signature it reproduces, in the features beyond the mean cross-section
  // and the deceleration that a discriminating radar measures (its discrimination_dprime): 0 looks
  // like debris, 1 like the warhead (tracking/discrimination.h).
  double mimicry = 0.0;
  SourceLocation where;
};

struct MissileConfig {
  bool operator==(const MissileConfig&) const = default;
  std::string id;
  std::string name;
  std::string missile_class;
  std::vector<StageConfig> stages;
  PayloadConfig payload;
  GuidanceConfig guidance;
  std::optional<double> reported_max_range_km;
  // The payload masses the catalog documents (its `payload.mass_kg` range, or the value alone):
  // an override outside them is refused (checkPayloadOverride).
  std::optional<std::pair<double, double>> documented_payload_kg;
  std::vector<ReleasedObjectConfig> release;  // decoys and debris released with the warhead (scenario `release`)
  // What the warhead carries, for scoring only (leakers by kind): "nuclear", "conventional" or ""
  // (not said). Nothing the defence runs reads it: the two cannot be told apart by its sensors.
  std::string warhead;
  SourceLocation where;  // the catalog file (or scenario section) it came from
};

// --- what is flown -----------------------------------------------------------------------------
struct LaunchConfig {
  bool operator==(const LaunchConfig&) const = default;
  std::string site;  // free text, e.g. "Sunan, near Pyongyang"
  double lat_deg = 0.0;
  double lon_deg = 0.0;
  double alt_m = 0.0;
  UtcTime time;
};

// kOrbit: a space launcher's ascent, full burn, on the launch azimuth `azimuth_deg`, with the
// pitch-over that gives the highest perigee (flight/aiming.h); no aim point.
enum class TrajectoryShape { kMinEnergy, kLofted, kDepressed, kApogee, kOrbit };

// The orbit a launcher is flown to (shape orbit): perigee and apogee altitudes above the
// equatorial radius, and the inclination (unset: the launch plane's own).
struct OrbitTarget {
  bool operator==(const OrbitTarget&) const = default;
  double perigee_m = 0.0;
  double apogee_m = 0.0;
  std::optional<double> inclination_deg;
};

struct AimConfig {
  bool operator==(const AimConfig&) const = default;
  // Either an aim point, or a ground range along an azimuth (geodesic from the launch point); shape
  // orbit: the azimuth alone.
  std::optional<double> point_lat_deg, point_lon_deg;
  std::optional<double> range_m, azimuth_deg;
  TrajectoryShape shape = TrajectoryShape::kMinEnergy;
  std::optional<double> apogee_m;  // required for lofted, depressed and apogee
  std::optional<OrbitTarget> orbit;  // shape orbit: the orbit asked for (unset: the highest perigee)
  // A failed flight: all thrust ends this long after lift-off (a stage that did not ignite, or
  // failed), the aimed plan flown until then; the stages above the burning one, never lit, fall
  // with it.
  std::optional<double> thrust_ends_s;
  SourceLocation where;
};

// Impulsive mode: the flight starts at burnout with this state and no boost.
struct BurnoutConfig {
  bool operator==(const BurnoutConfig&) const = default;
  double speed_mps = 0.0;              // Earth-relative (ECEF) speed
  double flight_path_angle_deg = 0.0;  // above the local horizontal
  double azimuth_deg = 0.0;            // heading, clockwise from north
  double alt_m = 0.0;
  double ballistic_coefficient_kg_m2 = 0.0;  // 0 = no drag
  double rcs_m2 = 0.0;                       // for radars; needed when the scenario has any
  SourceLocation where;
};

struct OutputConfig {
  bool operator==(const OutputConfig&) const = default;
  TimeZone time_zone{"UTC", 0};
  double sample_interval_s = 1.0;  // trajectory.csv / CZML sampling
  // Landmarks (by name, data/geo/landmarks.yaml) the impact is measured from, besides the nearest.
  std::vector<std::string> reference_landmarks;
  std::vector<SourceLocation> reference_landmark_where;  // where each was named
  SourceLocation where;
};

// --- sensors (issue 3) --------------------------------------------------------------------------
// Catalog numbers of a radar type (data/catalog/sensors/<id>.yaml). Radar equation, search-free
// form used by the model (sensors/radar.h):
//   SNR = P_avg G^2 lambda^2 sigma t_dwell / ((4 pi)^3 k T_s L R^4)
struct RadarTypeConfig {
  bool operator==(const RadarTypeConfig&) const = default;
  double frequency_hz = 0.0;
  double average_power_w = 0.0;
  double antenna_gain_dbi = 0.0;
  double system_noise_temperature_k = 0.0;
  double losses_db = 0.0;
  double dwell_time_s = 0.0;
  double bandwidth_hz = 0.0;
  double beamwidth_deg = 0.0;
  double azimuth_half_width_deg = 180.0;
  double min_elevation_deg = 0.0;
  double max_elevation_deg = 90.0;
  double revisit_s = 1.0;
  double instrumented_range_m = 0.0;
  double false_alarm_probability = 1e-6;
  double range_noise_floor_m = 0.0;
  double angle_noise_floor_mrad = 0.0;
  // Resolution cells; absent: c / (2 bandwidth) and the beamwidth (sensors/radar.h).
  std::optional<double> range_resolution_m;
  std::optional<double> angle_resolution_deg;
};

// Catalog numbers of a space-based infrared early-warning satellite type.
struct InfraredTypeConfig {
  bool operator==(const InfraredTypeConfig&) const = default;
  double frame_interval_s = 10.0;
  double processing_latency_s = 0.0;
  double los_noise_urad = 0.0;
  double cloud_top_alt_m = 0.0;
};

enum class SensorKind { kRadar, kInfraredSatellite };

// A satellite's orbit: geostationary over a longitude, or a Keplerian ellipse (highly elliptical
// orbits such as Molniya) whose elements hold at the scenario's launch time.
struct OrbitConfig {
  bool operator==(const OrbitConfig&) const = default;
  bool geostationary = true;
  double lon_deg = 0.0;  // geostationary
  double semi_major_axis_m = 0.0, eccentricity = 0.0, inclination_deg = 0.0, raan_deg = 0.0,
         arg_perigee_deg = 0.0, mean_anomaly_deg = 0.0;
};

// One sensor placed in a scenario: a catalog type (with any numbers overridden) and where it is.
struct SensorConfig {
  bool operator==(const SensorConfig&) const = default;
  std::string name;  // unique in the scenario
  std::string type;  // catalog id
  std::string type_name;
  SensorKind kind = SensorKind::kRadar;
  RadarTypeConfig radar;
  InfraredTypeConfig infrared;
  // radars: site (geodetic; alt above the ellipsoid) and boresight azimuth
  std::string site;  // the public site's name, where one was used
  double lat_deg = 0.0, lon_deg = 0.0, alt_m = 0.0;
  double boresight_deg = 0.0;
  // satellites
  OrbitConfig orbit;
  // The measurement noise the sensor makes over the noise it reports with each detection (1: as
  // said). A Monte Carlo trial draws it (uncertainty: sensors.noise); the trackers always use the
  // reported covariance.
  double noise_factor = 1.0;
  int engagements = 0;  // a radar's simultaneous engagements: interceptors in flight on its tracks (0: no limit)
  // A radar's discrimination quality: per look, how many standard deviations apart its
  // discrimination feature puts a warhead and an object that mimics none of it (signal-detection
  // d'; tracking/discrimination.h). 0: it tells nothing beyond cross-section and deceleration.
  double discrimination_dprime = 0.0;
  SourceLocation where;
};

// The tracker (tracking/): filter, process noise, gates, track life; docs/scenario.md#tracking.
struct TrackingConfig {
  bool operator==(const TrackingConfig&) const = default;
  // A name of tracking/filters.h filterRegistry() (ekf, ukf), checked when the models are built.
  std::string filter = "ekf";
  SourceLocation filter_where;
  double process_noise_mps2 = 0.05;        // white acceleration noise, ballistic flight (1-sigma over 1 s)
  // While a plume is seen: the filter has no thrust, so its white acceleration must cover the
  // thrust's: a liquid IRBM near burnout accelerates at ~12 g (the catalog's Hwasong-12: 491 kN on
  // ~4.1 t at T+120 s), docs/tracking.md.
  double boost_process_noise_mps2 = 120.0;
  double inv_beta_process_noise = 1e-9;    // random walk of 1/beta, m^2/kg per sqrt(s)
  double prior_ballistic_coefficient_kg_m2 = 5000.0;  // initial guess of beta, and its 1-sigma in 1/beta
  // Discrimination by deceleration (tracking/discrimination.h): an object whose track's estimate of
  // beta is below this at 3 sigma is light (a decoy, debris, a stage), from that update on.
  double light_beta_kg_m2 = 1000.0;
  // The defence's belief that an object is a warhead before any discrimination report, and the
  // simple model: each object, per trial, told right with this probability (absent: the radars'
  // discrimination_dprime; tracking/discrimination.h).
  double prior_p_lethal = 0.5;
  std::optional<double> fixed_discrimination_p;
  double gate_probability = 0.9999;        // chi-square gate on the innovation
  int confirm_hits = 3;                    // M of N
  int confirm_window = 5;
  double delete_probability = 1e-3;        // deleters.h: delete when P(missed every look | still there) < this
  double max_expected_detection_probability = 0.9;  // a miss never counts as more than a look at this P_d
  double max_position_sigma_m = 50e3;      // lost: predicted position uncertainty (rss of 1-sigmas) above this
  double split_velocity_sigma_mps = 100.0; // initiators.h: a split's velocity 1-sigma about its parent's
  double duplicate_probability = 0.99;     // correlator.h: duplicates' chi-square (6 dof) test
  int duplicate_scans = 3;                 // scans of competing before merging
  double co_hit_window_s = 30.0;           // seen distinct this recently: never duplicates
  double correlation_probability = 0.99;   // a new track continues a lost object: chi-square (3 dof) test
  double correlation_window_s = 600.0;     // lost objects kept this long for that
  double max_speed_mps = 8000.0;           // two-point initiation gate
  double atmosphere_edge_m = 120000.0;     // drag modelled below this height
  double max_step_s = 5.0;                 // prediction sub-step
  double ipp_converged_m = 10000.0;        // "converged": within this of the final prediction
  // Impact predictions follow a confirmed track's updates at most this often: radars revisit every
  // second or faster, alerts are decided at most every 10 s, and each prediction flies 15 sigma
  // points to the ground.
  double prediction_interval_s = 5.0;
  // Until an infrared report says otherwise (or without infrared satellites) nothing tells the
  // tracker the boost has ended: it keeps the boost process noise this long after its first
  // detection. 120 s covers the burn of the catalog's longest-burning single stage after a first
  // radar detection some tens of seconds into it (docs/tracking.md).
  double boost_guard_s = 120.0;
  SourceLocation where;
};

// J-Alert-like public warnings (alerts/). Which prefectures are alerted follows the rule of the
// launch date (alert_policies.h) unless `policy` says otherwise; defaults and their sources:
// docs/alert-sources.md.
enum class AlertPolicy { kNone, kBlock2017, kPrefecture2019, kNeighbours2023, kCorridor };

// data/alerts/regions.yaml, read for the policies that need it: the pre-2019 regional blocks (core
// prefectures and "related areas") and the neighbours of the 2023 rule. Names as in the prefecture
// GeoJSON; alerts/ resolves them against the geography.
struct AlertBlockConfig {
  bool operator==(const AlertBlockConfig&) const = default;
  std::string name;
  std::vector<std::string> core, related;
  SourceLocation where;
};
struct AlertNeighbourConfig {
  bool operator==(const AlertNeighbourConfig&) const = default;
  std::string a, b;
  SourceLocation where;
};
struct AlertAreasConfig {
  bool operator==(const AlertAreasConfig&) const = default;
  std::vector<AlertBlockConfig> blocks;
  std::vector<AlertNeighbourConfig> neighbours;  // land borders and the sea crossings the rule counts
};

struct AlertConfig {
  bool operator==(const AlertConfig&) const = default;
  bool enabled = true;
  AlertPolicy policy = AlertPolicy::kCorridor;  // resolved by the loader (the rule of the launch date)
  bool policy_given = false;                    // set in the scenario, not from the date
  bool outside_dates = false;                   // apply a policy outside the dates it was in force
  // Each of these has its policy's default (alert_policies.h) unless the scenario sets it.
  double latency_s = 90.0;                // from the settled prediction to the alert going out
  double settle_semi_major_m = 100e3;     // a prediction alerts only once its ellipse is this small...
  double settle_shift_m = 25e3;           // ...and it moved less than this over settle_window_s
  double settle_window_s = 10.0;
  bool withdraw = false;                  // withdraw an alert the prediction no longer supports
  double corridor_half_width_m = 50e3;    // prefectures within this of the predicted ground track [25, 100] km
  double ellipse_probability = 0.95;      // and those inside the predicted impact ellipse...
  double ellipse_max_semi_major_m = 100e3;  // ...once it is no larger than this
  double passed_latency_s = 60.0;         // "passed over", after the predicted path leaves the alerted prefectures [60, 780]
  double all_clear_latency_s = 60.0;      // "it has come down", after the predicted impact
  double reevaluate_s = 10.0;             // a decision is re-taken at most this often
  AlertAreasConfig areas;                 // for block-2017 and neighbours-2023
  std::string areas_file;                 // where they came from
  SourceLocation where, policy_where;
  // Keys the scenario set, so that the policy's defaults fill only the others.
  bool latency_given = false, settle_semi_major_given = false, settle_shift_given = false, withdraw_given = false;
};

// --- engagement (issue 4) ------------------------------------------------------------------------
// An interceptor type (data/catalog/interceptors/<id>.yaml; docs/engagement.md). The propulsion is a
// missile's: stages, the kill vehicle as the payload, and the launch guidance, so the interceptor
// flies on the same propagator as the threat.
enum class InterceptorTier { kUpper, kLower };  // upper: exo / high endo (SM-3, THAAD, GBI); lower: PAC-3, SM-6
enum class KillVehicleKind { kExo, kEndo };

struct InterceptorConfig {
  bool operator==(const InterceptorConfig&) const = default;
  std::string id, name;
  InterceptorTier tier = InterceptorTier::kUpper;
  MissileConfig propulsion;  // stages, payload = the kill vehicle, guidance
  double min_intercept_alt_m = 0.0, max_intercept_alt_m = 0.0;
  double max_range_m = 0.0;          // ground range from the launcher to the intercept point
  double max_flight_time_s = 0.0;    // no intercept later than this after lift-off
  double max_target_speed_mps = 0.0; // the fastest threat it is designed against
  KillVehicleKind kill_vehicle = KillVehicleKind::kExo;
  double divert_mps = 0.0;           // end-game lateral delta-v of the kill vehicle
  double homing_time_s = 0.0;        // seeker acquisition to intercept
  double order_to_launch_s = 0.0;
  double launch_interval_s = 0.0;
  double sspk = 0.0;                 // single-shot kill probability given a hit within the divert
  // The probability that a fired round flies as designed (a booster or seeker failure is a miss
  // whatever the geometry). 1 by default: the catalog's sspk is read off test records that count
  // such failures as misses already (docs/interceptor-notes.md), so a lower value here is for
  // studies that separate the two.
  double reliability = 1.0;
  std::string test_record;
  std::optional<double> reported_burnout_speed_mps, reported_max_altitude_m, reported_max_range_m;
  SourceLocation where;
};

// A shooter placed in a scenario: a launcher (ship, battery, Aegis Ashore site) of one interceptor type.
// A public cost figure: its value in its currency, the year of that money and its source (all
// three required: a cost without its year or source cannot be compared or checked).
struct CostConfig {
  bool operator==(const CostConfig&) const = default;
  double value = 0.0;
  std::string currency;  // JPY or USD
  int year = 0;
  std::string source;
  std::string note;
};

struct ShooterConfig {
  bool operator==(const ShooterConfig&) const = default;
  std::string name;  // unique in the scenario
  InterceptorConfig interceptor;
  double lat_deg = 0.0, lon_deg = 0.0, alt_m = 0.0;
  int magazine = 0;                 // interceptors it holds (ready and reloads)
  // Under load (docs/engagement.md, "Saturation"): the rounds on its launchers, the rest of the
  // magazine coming as reloads reload_s after the launchers are spent (unset: all ready, no reload),
  // and the interceptors it can guide in flight at once (0: no limit).
  std::optional<int> ready_rounds;
  double reload_s = 0.0;
  int fire_channels = 0;
  // What the architecture costs (picket compare; docs/engagement.md, "What each architecture
  // buys"): the share of the time the unit is there and working when the raid comes (a ship's time
  // on station, weather downtime, maintenance; a Monte Carlo trial draws it), its crew, its cost.
  double availability = 1.0;
  std::optional<int> crew;
  std::optional<CostConfig> cost;
  std::string radar;                // the sensor whose track it fires on; empty: any (the network)
  std::optional<double> link_latency_s;  // remote track to the shooter; default from `engagement`
  // A name of engagement/doctrine.h doctrineRegistry(), and the salvo (rounds per look; unset: the
  // doctrine's default), both checked against the doctrine when the models are built.
  std::string doctrine = "shoot-look-shoot";
  std::optional<int> salvo;
  SourceLocation doctrine_where, salvo_where;
  SourceLocation where;
};

// A defended area: a circle around one point, or a polygon of three or more (lat, lon) points.
struct DefendedAreaConfig {
  bool operator==(const DefendedAreaConfig&) const = default;
  std::string name;
  std::vector<std::pair<double, double>> points_deg;  // (lat, lon)
  double radius_m = 0.0;                              // around the point (or added around the polygon)
  SourceLocation where;
};

enum class EngagementPolicy { kDefendedAreas, kAll };

// The battle manager's rules and delays (engagement/; docs/engagement.md).
struct EngagementConfig {
  bool operator==(const EngagementConfig&) const = default;
  EngagementPolicy policy = EngagementPolicy::kDefendedAreas;
  double track_quality_m = 1000.0;     // a fire-control track: position 1-sigma at most this
  double fire_control_s = 10.0;        // from such a track to a fire-control solution
  double decision_latency_s = 30.0;    // command decision to fire
  double link_latency_s = 5.0;         // a remote radar's track to a shooter (engage on remote)
  double kill_assessment_s = 10.0;     // after the intercept, before a miss is known
  double replan_s = 10.0;              // the plan is redone on the track's newest prediction this often
  double terminal_alt_m = 100e3;       // below this, descending: the terminal phase
  int max_shots_per_threat = 4;
  bool optimal_assignment = true;      // Hungarian assignment; false: greedy (for comparison)
  // What the assignment weighs beside the kill probability (engagement/battle.h): a threat closer
  // to its impact first, and a shooter with more of its magazine left.
  double time_to_go_weight = 0.5;
  double inventory_weight = 0.5;
  // No round is ordered at an object whose belief of being a warhead is below this at the order.
  double min_p_lethal = 0.5;
  double colocated_radar_m = 10e3;     // a radar this close to a shooter is its own: no link latency
  // A plan's predicted impact this close to the last plan's has settled: the reason a never-feasible
  // window gives is taken from the first settled plan (engagement/battle.cpp).
  double settled_prediction_m = 50e3;
  SourceLocation where;
};

// A coverage map (engagement/coverage.h).
enum class CoverageKind { kShooterGrid, kDefendedFootprint };
struct CoverageConfig {
  bool operator==(const CoverageConfig&) const = default;
  std::string name;  // output file coverage-<name>.geojson
  CoverageKind kind = CoverageKind::kShooterGrid;
  InterceptorConfig interceptor;
  double lat_min_deg = 0.0, lat_max_deg = 0.0, lon_min_deg = 0.0, lon_max_deg = 0.0;  // the region
  int rows = 50, cols = 50;
  double shooter_lat_deg = 0.0, shooter_lon_deg = 0.0;  // defended footprint: the shooter
  double earliest_launch_s = -1.0;  // < 0: from the scenario's track (defended footprint: launch + this)
  int threat = 0;  // the raid's missile it is drawn for (index into the raid; 0 without one)
  SourceLocation where;
};

// One missile of a raid (docs/scenario.md#raid). Whatever an entry does not give (launch point,
// missile, aim) the loader copies from the scenario's top-level blocks; its launch time is its own
// `time`, or the scenario's launch time plus `delay_s`, never before the scenario's launch time.
struct RaidLaunchConfig {
  bool operator==(const RaidLaunchConfig&) const = default;
  std::string name;  // unique in the raid
  LaunchConfig launch;
  MissileConfig missile;
  AimConfig aim;
  SourceLocation where;
};

// What the public record says of the flight: a scenario's `reported` block, with a source for
// every fact, and per figure one report per agency that gave it, each with the interval its
// wording allows. For comparison with the run (`picket validate`, tests, the CLI's "against the
// record"), never an input to it.
struct ReportedNumber {
  bool operator==(const ReportedNumber&) const = default;
  // lo-hi: the report's interval (its precision, range or bound: -inf or +inf for "at least" and
  // "at most"); value, value when exact.
  double value = 0.0, lo = 0.0, hi = 0.0;
  std::string source;
  std::string agency;  // who said it (Japan, South Korea, North Korea, ...); empty where not given
  bool gate = true;    // false: shown, not held to the tolerance (the record contradicts it, or a listed model limit)
  std::string missile;  // the raid launch it reports on, by name; empty: the first (or only) missile
};
struct ReportedTime {
  bool operator==(const ReportedTime&) const = default;
  UtcTime value;
  std::string source;
  std::string agency;
  double precision_s = 0.0;  // the report's own rounding (60: to the minute)
  bool gate = true;
  std::string missile;  // as ReportedNumber::missile
};
struct ReportedDistance {
  bool operator==(const ReportedDistance&) const = default;
  std::string landmark;  // a name of data/geo/landmarks.yaml, in output.landmarks
  ReportedNumber distance_km;
};
// Where something fell, as an agency's coordinates, with the radius its wording allows.
struct ReportedPoint {
  bool operator==(const ReportedPoint&) const = default;
  double lat_deg = 0.0, lon_deg = 0.0;
  double precision_km = 0.0;  // above 0
  std::string source;
  std::string agency;
  bool gate = true;
  std::string missile;  // as ReportedNumber::missile
};
// Where or when a spent stage fell (a launcher's drop zones): one figure per report, the time
// of the fall, its distance from the launch point, or its point.
struct ReportedStageFall {
  bool operator==(const ReportedStageFall&) const = default;
  int stage = 1;  // from 1, as agencies count
  std::optional<ReportedTime> time;
  std::optional<ReportedNumber> range_km;
  std::optional<ReportedPoint> point;
};
struct ReportedConfig {
  bool operator==(const ReportedConfig&) const = default;
  bool present = false;
  std::vector<std::pair<std::string, std::string>> sources;  // key, citation
  // Each figure: the reports of it, in the file's order (one per agency, or one).
  std::vector<ReportedTime> launch, impact_time;
  std::vector<ReportedNumber> apogee_km, range_km, flight_time_min;
  std::vector<ReportedDistance> impact_from;
  std::vector<ReportedPoint> impact_point;
  std::vector<ReportedStageFall> stage_falls;
  struct Zone {
    bool operator==(const Zone&) const = default;
    std::string value;  // japan-land, japan-territorial-sea, japan-eez or beyond-eez
    std::string source, agency;
    std::string missile;  // as ReportedNumber::missile
    bool gate = true;
  };
  std::vector<Zone> impact_zone;
  std::optional<std::vector<std::string>> overflown;  // Japanese prefectures; empty: none
  bool overflown_gate = true;                          // false: shown, not counted (its note says why)
  std::optional<ReportedTime> over_japan_from, over_japan_to;
  struct JAlert {
    bool operator==(const JAlert&) const = default;
    std::optional<AlertPolicy> policy;  // the rule the record was made under
    bool none = false;                  // no J-Alert was sent
    std::optional<ReportedTime> first, passed_over;
    std::vector<std::string> prefectures;
    std::string source;
    bool gate = true;              // false: every alert figure shown only (alerts sent in error)
    bool prefectures_gate = true;  // false: the prefectures shown only
  };
  std::string notes;
  std::optional<JAlert> j_alert;
  SourceLocation where;
};

// --- uncertainty (issue 14) ------------------------------------------------------------------------
// What a Monte Carlo trial draws (docs/uncertainty.md). Each quantity is a distribution; absent,
// it keeps the scenario's value in every trial. Per missile (launch, performance, aim) each missile
// of a raid draws its own; the rest are drawn once per trial. A single run (no --trials) flies the
// nominal values; trial K of a batch (and --trial K) flies its draws.
struct UncertainQuantity {
  bool operator==(const UncertainQuantity&) const = default;
  Distribution distribution;
  SourceLocation where;
};

struct InterceptorUncertainty {
  bool operator==(const InterceptorUncertainty&) const = default;
  std::string id;  // the interceptor type (catalog id)
  std::optional<UncertainQuantity> sspk, reliability;
  SourceLocation where;
};

struct UncertaintyConfig {
  bool operator==(const UncertaintyConfig&) const = default;
  bool present = false;
  // launch: offsets of each launch's time (s) and place (m north and east of the given point)
  std::optional<UncertainQuantity> launch_time_s, launch_north_m, launch_east_m;
  // missile performance: factors on every stage's thrust, Isp, propellant and dry mass, the
  // payload's mass and the drag coefficients (1: the catalog's)
  std::optional<UncertainQuantity> thrust, isp, propellant_mass, dry_mass, payload_mass, drag;
  // true: the guidance flies the missile it has onto its aim point (the cut-off and azimuth
  // corrected for the draws, as an inertial guidance does); false: the nominal plan is flown as is
  bool guidance_corrects = true;
  // aim: offsets of the aim point (m north and east), or a circular error probable
  std::optional<UncertainQuantity> aim_north_m, aim_east_m;
  std::optional<double> cep_m;
  // what the sensors see: a factor on every object's radar cross-section, on the measurement noise
  // the sensors make (their reported covariance stays: a sensor worse than it says)
  std::optional<UncertainQuantity> rcs, sensor_noise;
  // latencies (s): replace the scenario's values in each trial
  std::optional<UncertainQuantity> decision_latency_s, fire_control_s, link_latency_s, kill_assessment_s,
      alert_latency_s;
  std::vector<InterceptorUncertainty> interceptors;
  SourceLocation where;
};

struct ScenarioConfig {
  bool operator==(const ScenarioConfig&) const = default;
  std::string name;
  std::string description;
  LaunchConfig launch;  // the epoch: t_s = 0 everywhere is this launch time
  std::optional<MissileConfig> missile;  // absent in impulsive mode (and optional with a raid)
  std::optional<AimConfig> aim;
  // A raid: several missiles, each flown, seen, tracked and engaged. Empty: the one missile of
  // `launch`, `missile` and `aim` (or `burnout`).
  std::vector<RaidLaunchConfig> raid;
  std::optional<BurnoutConfig> burnout;
  PhysicsConfig physics;
  OutputConfig output;
  std::vector<SensorConfig> sensors;
  TrackingConfig tracking;
  AlertConfig alerts;
  std::vector<ShooterConfig> shooters;
  std::vector<DefendedAreaConfig> defended_areas;
  EngagementConfig engagement;
  std::vector<CoverageConfig> coverage;
  UncertaintyConfig uncertainty;
  std::uint64_t seed = 1;  // one stream per purpose and trial is derived from it (common/random.h)
  // The catalog the scenario was built from: common/sha256.h's sha256Tree of data_dir/catalog, for
  // the provenance of every output (a run is replayable only with the same catalog).
  std::string catalog_sha256;
  std::string scenario_sha256;  // the scenario file's bytes (empty for `picket fly`)
  ReportedConfig reported;
  SourceLocation where;
};

}  // namespace picket::scenario

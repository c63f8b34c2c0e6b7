// Plain configuration structs, one to one with the scenario file (docs/scenario.md) and the
// missile catalog (data/catalog/README.md). No behaviour here: the stages below build their
// immutable models from these. Every struct has defaults.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/error.h"
#include "common/time.h"

namespace picket::scenario {

// --- physics options ---------------------------------------------------------------------------
enum class EarthShapeOption { kWgs84, kSphere };
enum class GravityOption { kPointMass, kJ2, kZonal4 };
enum class AtmosphereOption { kNone, kUs1976 };

struct PhysicsConfig {
  EarthShapeOption earth = EarthShapeOption::kWgs84;
  bool rotation = true;
  GravityOption gravity = GravityOption::kJ2;
  AtmosphereOption atmosphere = AtmosphereOption::kUs1976;
};

// --- missile -----------------------------------------------------------------------------------
struct StageConfig {
  std::string name;
  double diameter_m = 0.0;
  double propellant_mass_kg = 0.0;
  double dry_mass_kg = 0.0;
  double burn_time_s = 0.0;
  // Exactly one pair is set by the loader; the model derives the others.
  std::optional<double> isp_vac_s, isp_sl_s, thrust_vac_n, thrust_sl_n;
  std::vector<std::pair<double, double>> cd_vs_mach;  // (Mach, Cd) on pi d^2 / 4
};

struct PayloadConfig {
  double mass_kg = 0.0;
  double ballistic_coefficient_kg_m2 = 0.0;  // beta = m / (Cd A)
  double separation_delay_s = 0.0;
  bool separates = true;  // false: the warhead stays on the spent missile (Scud-B), one body falls
};

struct GuidanceConfig {
  double vertical_rise_s = 0.0;
  double pitch_over_s = 0.0;
  bool thrust_termination = true;
};

struct MissileConfig {
  std::string id;
  std::string name;
  std::string missile_class;
  std::vector<StageConfig> stages;
  PayloadConfig payload;
  GuidanceConfig guidance;
  std::optional<double> reported_max_range_km;
  SourceLocation where;  // the catalog file (or scenario section) it came from
};

// --- what is flown -----------------------------------------------------------------------------
struct LaunchConfig {
  std::string site;  // free text, e.g. "Sunan, near Pyongyang"
  double lat_deg = 0.0;
  double lon_deg = 0.0;
  double alt_m = 0.0;
  UtcTime time;
};

enum class TrajectoryShape { kMinEnergy, kLofted, kDepressed, kApogee };

struct AimConfig {
  // Either an aim point, or a ground range along an azimuth (geodesic from the launch point).
  std::optional<double> point_lat_deg, point_lon_deg;
  std::optional<double> range_m, azimuth_deg;
  TrajectoryShape shape = TrajectoryShape::kMinEnergy;
  std::optional<double> apogee_m;  // required for lofted, depressed and apogee
  SourceLocation where;
};

// Impulsive mode: the flight starts at burnout with this state and no boost.
struct BurnoutConfig {
  double speed_mps = 0.0;              // Earth-relative (ECEF) speed
  double flight_path_angle_deg = 0.0;  // above the local horizontal
  double azimuth_deg = 0.0;            // heading, clockwise from north
  double alt_m = 0.0;
  double ballistic_coefficient_kg_m2 = 0.0;  // 0 = no drag
  SourceLocation where;
};

struct OutputConfig {
  TimeZone time_zone{"UTC", 0};
  double sample_interval_s = 1.0;  // trajectory.csv / CZML sampling
  // Landmarks (by name, data/geo/landmarks.yaml) the impact is measured from, besides the nearest.
  std::vector<std::string> reference_landmarks;
  std::vector<SourceLocation> reference_landmark_where;  // where each was named
  SourceLocation where;
};

struct ScenarioConfig {
  std::string name;
  std::string description;
  LaunchConfig launch;
  std::optional<MissileConfig> missile;  // absent in impulsive mode
  std::optional<AimConfig> aim;
  std::optional<BurnoutConfig> burnout;
  PhysicsConfig physics;
  OutputConfig output;
  SourceLocation where;
};

}  // namespace picket::scenario

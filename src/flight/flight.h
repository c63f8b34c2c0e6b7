// One flight of one missile: 3-DOF point mass on the rotating Earth, staged boost, guidance,
// re-entry vehicle separation, and events found by root-finding on switching functions.
//
// Equations of motion, integrated in ECI (docs/notation.md):
//   dr/dt = v
//   dv/dt = g(r) + F(h)/m u - rho(h) |v_rel| v_rel Cd(M) A / (2 m)    (boost and coast of the stack)
//   dv/dt = g(r) - rho(h) |v_rel| v_rel / (2 beta)                     (re-entry vehicle)
//   dm/dt = -mdot while a stage burns
// with v_rel = v - w_E x r the air-relative velocity (the atmosphere turns with the Earth),
// h the geodetic height and M = |v_rel| / a(h). Thrust direction u: vertical rise, then a
// pitch-over that tilts u at a constant rate by the pitch-over angle toward the launch azimuth,
// then a gravity turn (u along v_rel, zero angle of attack). "Vertical" for guidance is the
// geocentric radial; the pitch plane is the launch azimuth in the pad's frame at lift-off, held
// fixed in inertial space (u tilts toward that direction's part normal to the current radial: a
// great circle, defined at the poles too).
//
// Known discontinuities (guidance switches, staging, cut-off, separation) end integration segments,
// so the integrator never steps across them. The atmosphere's layers and the drag table's segments
// are kinks whose times are not known in advance: the right-hand side is held to one piece of each
// over a step and the step cut where the state crosses a bound (dynamics.h, PieceLock).
// State-dependent events are switching functions g(t, y) bracketed by a sign change over an
// accepted step and located by Illinois regula falsi on the integrator's dense output: apogee
// (dh/dt = n_geodetic . v_rel = 0, falling) and impact (h = 0). The integrator is DOP853; on request
// (FlightOptions::integrator) Dormand-Prince 5(4) at tolerances looser than 1e-8 (flight.cpp).
#pragma once

#include <string>
#include <optional>
#include <vector>

#include "flight/missile.h"
#include "flight/trajectory.h"
#include "world/atmosphere.h"
#include "world/earth.h"

namespace picket::flight {

// A space launcher's upper stages (from the second stage's ignition to the last burnout): the
// thrust pitched above the local horizontal, linearly in time from pitch_start to pitch_end, in
// the launch plane; the last stage's plane turned by yaw_deg (a dog-leg towards the orbit's
// inclination, flown by the last stage: the Unha-3's second stage fell on the launch bearing,
// data/catalog/missiles/unha-3.yaml).
struct UpperStageProgramme {
  bool operator==(const UpperStageProgramme&) const = default;
  bool active = false;  // off: the upper stages turn with gravity, as a missile's do
  double pitch_start_deg = 0.0;
  double pitch_end_deg = 0.0;
  double yaw_deg = 0.0;  // added to the launch azimuth, clockwise from above
};

// What the aiming solver chooses.
struct GuidancePlan {
  double azimuth_deg = 90.0;     // heading of the trajectory plane at launch, from north
  double pitch_over_deg = 10.0;  // tilt from the vertical at the end of the pitch-over
  double cutoff_s = 1e9;         // powered flight ends here (clamped to the total burn time)
  UpperStageProgramme upper = {};  // shape orbit only
};

struct FlightOptions {
  // Default: the flagship lands within 1 mm of a 1e-12 reference at this tolerance (bench/README.md).
  double rtol = 1e-8;
  double atol_position_m = 1e-4;
  double atol_velocity_mps = 1e-7;
  double max_time_s = 4.0 * 3600.0;
  // A flight that reaches orbit (OrbitState) is flown this long past its insertion and ends there.
  double orbit_span_s = 1800.0;
  bool record = true;  // keep nodes for dense output (aiming turns it off)
  // The integrator: DOP853, or with kLowOrderWhenLoose Dormand-Prince 5(4) at tolerances looser
  // than 1e-8 (flight.cpp). The pair needs fewer evaluations on the flagship's family at the
  // side-by-side's 1 m (bench/README.md); on picket's own flights it moved interceptor flyouts (at
  // their 1e-7) by up to 0.36 m with no gain in a run's time (Guam's 20-trial batch took the same
  // either way, 7 Dec 2026), and an un-aimed plan needs 1e-7 for 1 m. So nothing in picket asks for
  // it yet, and every shipped output stays as it was; the benchmarks and the propagator's tests do.
  enum class Integrator { kDop853, kLowOrderWhenLoose };
  Integrator integrator = Integrator::kDop853;
};

// kIgnition: an upper stage lights after a coast (StageModel::coast_s); with no coast, staging is ignition.
enum class EventKind { kLaunch, kPitchOver, kGravityTurn, kStaging, kIgnition, kBurnout, kCutoff, kSeparation, kApogee, kImpact };
[[nodiscard]] const char* eventName(EventKind k);

struct FlightEvent {
  EventKind kind = EventKind::kLaunch;
  double t_s = 0.0;
  int stage = -1;  // for staging / burnout
};

struct KinematicState {
  double t_s = 0.0;
  world::Geodetic position;
  double speed_mps = 0.0;              // Earth-relative
  double flight_path_angle_deg = 0.0;  // Earth-relative velocity above the local horizontal
  double heading_deg = 0.0;            // Earth-relative velocity, clockwise from north
};

// A flight that reaches orbit: its osculating Keplerian orbit at insertion (the end of its last
// thrust) about a point mass of the model's GM, altitudes above the equatorial radius. J2 turns the
// node and the perigee over hours; the classification needs only the conic. A flight is in orbit
// when its perigee stays above kOrbitPerigee_m: below it the air brings it down within the first
// revolutions (the Karman line; Vallado, Fundamentals of Astrodynamics, 4th ed., sec. 9.6: no
// satellite survives a perigee much under 120-150 km).
inline constexpr double kOrbitPerigee_m = 100e3;
struct OrbitState {
  double insertion_t_s = 0.0;
  double perigee_alt_m = 0.0, apogee_alt_m = 0.0;  // apogee: +inf for an escape
  double inclination_deg = 0.0;
  double period_s = 0.0;  // +inf for an escape
};
// The conic of an ECI state at t_s about the Earth's GM, whether or not it is an orbit.
OrbitState conicOf(const world::Earth& earth, double t_s, const world::Vec3& p_Eci_m, const world::Vec3& v_Eci_mps);

struct FlightResult {
  Trajectory trajectory;  // the threat: booster stack, then the re-entry vehicle
  std::vector<FlightEvent> events;
  world::Geodetic launch;
  KinematicState burnout;
  KinematicState apogee;
  KinematicState impact;
  bool impacted = false;
  double ground_range_m = 0.0;   // geodesic from launch to impact on the chosen Earth shape
  double separation_t_s = 0.0;   // re-entry vehicle separation
  // Reached orbit: not impacted, flown FlightOptions::orbit_span_s past insertion; `impact` then
  // holds the last state flown.
  std::optional<OrbitState> orbit;
  // The conic at the end of the last thrust, orbit or not (a perigee below 0: it meets the Earth);
  // what a launcher's guidance aims (aiming.h, shape orbit). Unset where the flight came down
  // before its thrust ended.
  std::optional<OrbitState> burnout_conic;
  long rhs_evaluations = 0;
  long steps = 0;
  long rejected_steps = 0;

  void clear();
};

// The immutable models a flight needs. Owned elsewhere; shared by every flight.
struct FlightModels {
  const world::Earth& earth;
  const world::Atmosphere& atmosphere;
};

// Flies `missile` from `launch` (geodetic, alt above the shape) at t = 0 (the Earth's epoch) under
// `plan`, to impact. `out` is reused: its buffers keep their capacity across calls.
void flyMissile(const FlightModels& models, const Missile& missile, const world::Geodetic& launch,
                const GuidancePlan& plan, const FlightOptions& options, FlightResult& out);

// Impulsive mode: starts at burnout at `start` (geodetic) with the given Earth-relative speed,
// flight-path angle and heading, at t = 0, and flies ballistically (beta <= 0: no drag) to impact.
struct BurnoutState {
  world::Geodetic start;
  double speed_mps = 0.0;
  double flight_path_angle_deg = 0.0;
  double azimuth_deg = 0.0;
  double ballistic_coefficient_kgpm2 = 0.0;
};
void flyFromBurnout(const FlightModels& models, const BurnoutState& state, const FlightOptions& options,
                    FlightResult& out);

// A separated body (a spent stage) flown ballistically from an ECI state at start.t_s to impact,
// with drag at ballistic coefficient beta (<= 0: none). Its launch and burnout are the start.
void flyBody(const FlightModels& models, const Sample& start, double ballistic_coefficient_kgpm2,
             const FlightOptions& options, FlightResult& out);

// The stage that burned last (its burnout or cut-off event's): the spent stage that falls at the
// payload's separation (flySpentStage); none where the flight came down under thrust.
[[nodiscard]] std::optional<std::size_t> lastBurningStage(const FlightResult& flight);
// A spent stage of `flight` (flown with record on) falling on its own: stage k < the last drops at
// its staging; the last at the payload's separation, pushed back by the separation speed (where
// the payload separates). Dry mass, flown ballistically with the stage's hypersonic drag (its
// table's last Cd on its cross-section). A stage in which the thrust was cut off short of the last
// (a failed flight: AimConfig::thrust_ends_s) falls as the last does, with the full stages above
// it, which return false. False (out untouched) where the flight never dropped it.
bool flySpentStage(const FlightModels& models, const scenario::MissileConfig& missile, const FlightResult& flight,
                   std::size_t stage, const FlightOptions& options, FlightResult& out);

// Moves a flight flown from t = 0 to a launch at t0_s after the Earth's epoch (a raid's later
// launches): times shift by t0 and ECI vectors turn about the z axis by the Earth's rotation in t0.
// Exact for picket's models: gravity is zonal and the atmosphere turns with the Earth, so the
// moved flight is the one launched at t0 (flight_test.cpp checks it against one flown there).
void delayFlight(const world::Earth& earth, double t0_s, FlightResult& f);

// Earth-relative kinematics of an ECI sample at t.
KinematicState kinematics(const world::Earth& earth, const Sample& s);

}  // namespace picket::flight

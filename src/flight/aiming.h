// Aiming: choose the guidance (launch azimuth, pitch-over angle, thrust cut-off) that puts the
// re-entry vehicle on an aim point with a requested trajectory shape.
//
// Unknowns: pitch-over angle kappa (the shape), cut-off time t_c (the energy) and azimuth.
//  1. Reach: the full-burn range R(kappa) is maximised over kappa (Brent); a target beyond it is
//     an error that states the reach.
//  2. Feasible shapes: the kappa interval [kappa_lofted, kappa_depressed] on which the full burn
//     reaches the target; on it, t_c(kappa) solves R(kappa, t_c) = R* (TOMS 748).
//  3. Shape: min-energy minimises t_c(kappa) (minimum burnout energy); lofted/depressed/apogee
//     solve apogee(kappa, t_c(kappa)) = H* (apogee falls monotonically as kappa grows).
//     A missile that cannot cut thrust has t_c fixed and only kappa_lofted or kappa_depressed.
//  4. Azimuth: Earth rotation and J2 bend the ground track; the azimuth is corrected by the
//     bearing error of the impact point and steps 2-3 repeated until the miss is under
//     kAimTolerance_m.
//  5. Where that misses (steep lofted shots: near vertical, a rotating Earth lands the warhead far
//     off the aim azimuth; near-antipodal aim points; very short shots; near the maximum range), a
//     damped Gauss-Newton solves for the impact point directly from step 3's plan: on (azimuth,
//     pitch-over angle) with the cut-off set by the apogee where one is asked for, otherwise on
//     (azimuth, pitch-over angle, cut-off) with least-norm steps (the solution then stays close
//     to, but is no longer exactly, the minimum-energy one).
//  6. A solution always lands within kAimTolerance_m of the aim point; otherwise AimingError says
//     the closest miss reached and why.
// Shape orbit (a space launcher) has no aim point: full burn on the request's bearing. With an
// orbit asked for (AimRequest::orbit), the first stage pitches over to the catalog's
// guidance.ascent_pitch_over_deg, the upper stages fly a linear pitch programme above the local
// horizontal and the last stage a yaw (GuidancePlan::upper), the two pitches and the yaw solved by
// Powell's hybrid method for the orbit's perigee, apogee and inclination (aiming.cpp
// solveToOrbit); AimingError with the closest orbit where none is reached. Without one, the
// pitch-over that maximises the perigee at the end of the last thrust, a gravity turn all the way;
// AimingError where no pitch-over reaches kOrbitPerigee_m.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>

#include "flight/flight.h"
#include "scenario/config.h"

namespace picket::flight {

// Every AimSolution lands this close to its aim point, or solveAim throws.
inline constexpr double kAimTolerance_m = 20.0;

struct AimRequest {
  world::Geodetic launch;
  double aim_lat_deg = 0.0;
  double aim_lon_deg = 0.0;
  scenario::TrajectoryShape shape = scenario::TrajectoryShape::kMinEnergy;
  std::optional<double> apogee_m;
  std::optional<scenario::OrbitTarget> orbit;  // shape orbit: the orbit asked for
  // A failed flight: the solved plan's thrust ends this long after lift-off (AimConfig).
  std::optional<double> thrust_ends_s;
};

// A request for the point range_m along azimuth_deg from launch (minimum energy; set the shape
// and apogee after).
AimRequest requestAlong(const world::Earth& earth, const world::Geodetic& launch, double azimuth_deg, double range_m);
// What a scenario's `aim` block asks of a missile launched from `launch`.
AimRequest requestFor(const world::Earth& earth, const world::Geodetic& launch, const scenario::AimConfig& aim);

struct AimSolution {
  GuidancePlan plan;
  double miss_m = 0.0;             // impact to aim point
  double reach_m = 0.0;            // the missile's maximum range from this launch point on the requested heading
  bool global_reach = false;       // on that bearing a full burn reaches orbit or carries past the antipode:
                                   // every target on it is within reach (reach_m 0)
  std::optional<double> min_energy_apogee_m;  // the min-energy flight's to this range, where the solve made one
  int flights = 0;                 // flights flown to solve
};

// The target cannot be reached with the requested shape; what() says why, with the numbers.
class AimingError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

AimSolution solveAim(const FlightModels& models, const Missile& missile, const AimRequest& request,
                     const FlightOptions& options = {});

// The missile's reach from request.launch toward the request's aim point (its bearing; the
// distance does not matter): the farthest full-burn flight that lands on that bearing, or global
// where one reaches orbit. The number AimSolution::reach_m and the "beyond the reach" message give.
struct Reach {
  double range_m = 0.0;
  bool global = false;
};
Reach maximumReach(const FlightModels& models, const Missile& missile, const AimRequest& request,
                   const FlightOptions& options = {});

// The highest apogee of any flight to the request's aim point: the full burn at the steepest
// pitch-over that still reaches it (the ceiling an over-high apogee request states), or, for a
// missile without a cut-off, its full-burn lofted flight's. Empty where no flight reaches the aim
// point at all.
std::optional<double> apogeeCeiling_m(const FlightModels& models, const Missile& missile, const AimRequest& request,
                                      const FlightOptions& options = {});

// What a guidance does with the missile it has: from `start` (a plan solved for the nominal
// missile, launch and aim point), the cut-off and the azimuth corrected so that `missile` lands on
// `request`'s aim point, the pitch programme kept. For a Monte Carlo trial whose missile, launch
// point or aim point was drawn: a few flights (at most max_flights), not a solve from scratch. Not
// an aim solve: the result may miss by more than kAimTolerance_m (a missile that cannot cut its
// thrust corrects only the azimuth; one drawn too weak cannot reach), and miss_m says by how much;
// that miss is the dispersion the draws make. Throws AimingError only when the start plan does not
// come down at all. A launcher (shape orbit) has its ascent solved again, to the closest orbit
// where the drawn launcher cannot reach the one asked.
AimSolution correctAim(const FlightModels& models, const Missile& missile, const AimRequest& request,
                       const GuidancePlan& start, const FlightOptions& options = {}, int max_flights = 12);

}  // namespace picket::flight

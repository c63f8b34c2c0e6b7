// The intercept solver and the end game.
//
// Solver: for an intercept time t_i on a predicted threat path, find the launch time and the launch
// direction (azimuth, pitch-over tilt) that put the interceptor's kill vehicle at the predicted
// threat position p_T(t_i). Unknowns u = (tof, azimuth, tilt) with launch = t_i - tof; residual
// F(u) = p_I(tof; azimuth, tilt) - p_T(t_i), both Earth-fixed. The interceptor is flown on the
// rotating Earth with the same propagator as the threat (flight::flyMissile: staging, drag,
// gravity turn). Newton's method: dF/dtof is the interceptor's Earth-fixed velocity, the two angle
// columns are central differences (0.02 deg); the step is a least-squares solve (the azimuth is
// ill-conditioned near a vertical shot) halved until |F| falls. Start: the reach table's tilt and
// time of flight, the azimuth of the great circle to the threat's sub-point.
//
// End game: the kill vehicle's seeker acquires the true threat homing_time before the intercept.
// With the relative position dp = p_T - p_I and velocity dv = v_T - v_I at t_i, the zero-effort
// miss is the closest approach of straight-line relative motion, ZEM = dp - (dp.dv / |dv|^2) dv
// (Zarchan, "Tactical and Strategic Missile Guidance", 6th ed., ch. 2). Removing it over the homing
// time needs a lateral delta-v of |ZEM| / t_go; a kill vehicle with divert_mps at least that hits
// (then kills with the single-shot kill probability); with less it misses by |ZEM| - divert t_go.
#pragma once

#include "engagement/interceptor.h"
#include "engagement/window.h"
#include "flight/flight.h"

namespace picket::engagement {

struct InterceptSolution {
  bool converged = false;
  int iterations = 0;
  double launch_t_s = 0.0, intercept_t_s = 0.0, tof_s = 0.0;
  double azimuth_deg = 0.0, tilt_deg = 0.0;
  double aim_error_m = 0.0;  // |p_I - p_T| at t_i against the predicted path, after the solve
  Vec3 p_Ecef = Vec3::Zero(), v_Ecef = Vec3::Zero();  // the kill vehicle at t_i
};

// Flies the interceptor from `site` with (azimuth, tilt), in its own time (0 at lift-off): the
// Earth-fixed state at tof. `scratch` keeps its buffers between calls.
struct FlownState {
  Vec3 p_Ecef = Vec3::Zero(), v_Ecef = Vec3::Zero();
  bool reached = false;  // false: it came down (or ran out of time) before tof
};
FlownState flyInterceptor(const flight::FlightModels& models, const Interceptor& interceptor, const ShooterSite& site,
                          double azimuth_deg, double tilt_deg, double tof_s, flight::FlightResult& scratch);

// Solves for an intercept at intercept_t_s. Guesses come from the reach table (Opportunity).
InterceptSolution solveIntercept(const flight::FlightModels& models, const Interceptor& interceptor,
                                 const ShooterSite& site, const ThreatPath& predicted, const Opportunity& guess,
                                 flight::FlightResult& scratch);

struct EndGame {
  double zem_m = 0.0;
  double divert_needed_mps = 0.0;
  double miss_m = 0.0;  // 0 when the divert suffices
  double closing_speed_mps = 0.0;
  bool within_divert = false;
};
EndGame endGame(const Interceptor& interceptor, const Vec3& p_interceptor_Ecef, const Vec3& v_interceptor_Ecef,
                const Vec3& p_threat_Ecef, const Vec3& v_threat_Ecef);

}  // namespace picket::engagement

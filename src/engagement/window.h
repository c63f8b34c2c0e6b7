// Engagement windows: for one threat path and one shooter, every time at which an intercept is
// feasible, and why not where none is.
//
// The threat path is sampled (ThreatPath: ECEF, every dt) from the truth (coverage maps, the
// boost-phase question) or from a track's prediction (the battle manager). An intercept at the
// path's sample time t_i is feasible when
//   - the threat is inside the interceptor's altitude band [min_intercept_alt, max_intercept_alt]
//     and within max_range of the launcher (ground range, great circle on the mean sphere);
//   - the threat is no faster than the interceptor's max_target_speed;
//   - the reach table (interceptor.h) gets the interceptor there, in tof <= max_flight_time;
//   - and the latest launch, t_i - tof, is not before the earliest launch the sensors and the chain
//     of command allow.
// The window is the span of feasible intercept times [open, close]; the decision deadline is the
// latest launch of any feasible intercept less the order-to-launch time.
// Phases: boost until the threat's burnout; ascent from burnout to apogee; midcourse after apogee
// while above terminal_alt (100 km by default, the edge of the sensible atmosphere); terminal below.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "engagement/interceptor.h"
#include "flight/trajectory.h"
#include "tracking/ballistic.h"
#include "world/earth.h"

namespace picket::engagement {

using world::Vec3;

enum class Phase { kBoost, kAscent, kMidcourse, kTerminal };
[[nodiscard]] const char* phaseName(Phase p);
// The phase of a point of flight at t_s (docs/engagement.md#phases).
[[nodiscard]] Phase classifyPhase(double t_s, double burnout_t_s, double apogee_t_s, double alt_m, double terminal_alt_m);

struct PathSample {
  double t_s = 0.0;
  Vec3 p_Ecef = Vec3::Zero();
  Vec3 v_Ecef = Vec3::Zero();
  Vec3 up = Vec3::UnitZ();  // geocentric unit vector (for ground ranges)
  double alt_m = 0.0;
  double speed_mps = 0.0;
};

class ThreatPath {
 public:
  // The truth from t_from_s to the end of the trajectory (times after the scenario's epoch).
  static ThreatPath fromTruth(const world::Earth& earth, const flight::Trajectory& trajectory, double t_from_s,
                              double dt_s, double burnout_t_s,
                              double t_to_s = 1e300);
  // A track state at t0_s flown on the tracker's ballistic model to the ground (or max_time_s).
  static ThreatPath fromTrack(const tracking::BallisticModel& model, const tracking::StateVec& x, double t0_s,
                              double dt_s, double max_time_s = 7200.0);

  [[nodiscard]] const std::vector<PathSample>& samples() const { return samples_; }
  [[nodiscard]] bool empty() const { return samples_.empty(); }
  [[nodiscard]] double burnout_t_s() const { return burnout_t_s_; }
  [[nodiscard]] double apogee_t_s() const { return apogee_t_s_; }
  // Position and velocity at t (cubic Hermite between samples; clamped to the path).
  [[nodiscard]] PathSample at(double t_s) const;

 private:
  // Ups, speeds and the apogee; the heights too unless the samples have them.
  void finish(const world::Earth& earth, bool alt_known);
  std::vector<PathSample> samples_;
  double dt_s_ = 1.0;
  double burnout_t_s_ = -1e300;  // before the path: it is all after burnout
  double apogee_t_s_ = 0.0;
};

// A shooter's place, with what ground ranges need.
struct ShooterSite {
  world::Geodetic geodetic;
  Vec3 p_Ecef = Vec3::Zero();
  Vec3 up = Vec3::UnitZ();  // geocentric unit vector
  static ShooterSite at(const world::Earth& earth, const world::Geodetic& g);
};

// Ground range on the mean sphere between two geocentric unit vectors.
[[nodiscard]] double groundRange_m(const Vec3& up_a, const Vec3& up_b);

struct Opportunity {
  double intercept_t_s = 0.0;
  double launch_t_s = 0.0;  // the latest launch for this intercept: intercept - time of flight
  double tof_s = 0.0;
  double alt_m = 0.0;
  double ground_range_m = 0.0;
  double closing_speed_mps = 0.0;
  double threat_speed_mps = 0.0;
  double tilt_deg = 0.0;
  Phase phase = Phase::kMidcourse;
};

// Why a window is closed, with the case behind it (report/wording.h names them: "no time", "out of
// reach", "too high", "too low", "too fast", "no track", and writes the numbers behind them).
enum class WindowReason {
  kNone,              // open, or not asked (a boost phase without the missile's truth)
  kDownBeforeLaunch,  // no time: the threat is down before the earliest possible launch
  kLaunchTooLate,     // no time: figures[0] s too late for the last intercept
  kNeverNear,         // out of reach: it passes no nearer than figures[0] m; reach figures[1] m
  kBeyondFlightTime,  // out of reach: within figures[1] m, not reachable within figures[2] s of flight
  kTooHigh,           // within figures[1] m it flies at figures[0] m or higher; ceiling figures[2] m
  kTooLow,            // within figures[1] m it is below the figures[2] m floor
  kTooFast,           // in the band it flies at figures[0] m/s or faster; designed for figures[2] m/s
  kNoTrack,           // no fire-control-quality track (figures[0] = 1: from the shooter's own radar)
};

struct EngagementWindow {
  bool feasible = false;
  WindowReason reason = WindowReason::kNone;  // kNone when feasible
  std::array<double, 3> figures{};            // the numbers behind the reason (above)
  Opportunity first, last;     // the earliest and latest feasible intercepts
  Opportunity best;            // the feasible intercept with the latest launch (the most decision time)
  double earliest_launch_t_s = 0.0;
  int feasible_samples = 0;
  [[nodiscard]] double open_t_s() const { return first.intercept_t_s; }
  [[nodiscard]] double close_t_s() const { return last.intercept_t_s; }
  [[nodiscard]] double latestLaunch_t_s() const { return best.launch_t_s; }
};

struct WindowOptions {
  double terminal_alt_m = 100e3;
  bool keep_opportunities = false;
};

// The window of `interceptor` at `site` against `path`, for launches at or after earliest_launch_t_s.
// Allocation-free unless keep_opportunities.
EngagementWindow engagementWindow(const Interceptor& interceptor, const ShooterSite& site, const ThreatPath& path,
                                  double earliest_launch_t_s, const WindowOptions& options = {},
                                  std::vector<Opportunity>* opportunities = nullptr);

}  // namespace picket::engagement

#include "flight/flight.h"
#include "flight/illinois.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>


#include "common/constants.h"
#include "flight/dop853.h"
#include "flight/dopri5.h"
#include "flight/dynamics.h"

namespace picket::flight {
namespace c = picket::constants;
using world::Vec3;

const char* eventName(EventKind k) {
  switch (k) {
    case EventKind::kLaunch: return "launch";
    case EventKind::kPitchOver: return "pitch-over";
    case EventKind::kGravityTurn: return "gravity-turn";
    case EventKind::kStaging: return "staging";
    case EventKind::kIgnition: return "ignition";
    case EventKind::kBurnout: return "burnout";
    case EventKind::kCutoff: return "cutoff";
    case EventKind::kSeparation: return "separation";
    case EventKind::kApogee: return "apogee";
    case EventKind::kImpact: return "impact";
  }
  return "?";
}

void FlightResult::clear() {
  trajectory.clear();
  events.clear();
  launch = {};
  burnout = apogee = impact = {};
  impacted = false;
  ground_range_m = 0.0;
  separation_t_s = 0.0;
  orbit.reset();
  burnout_conic.reset();
  rhs_evaluations = 0;
  steps = 0;
  rejected_steps = 0;
}

namespace {

Node makeNode(double t, const StateVector& y, const StateVector& f) {
  return Node{t, y, {f[3], f[4], f[5]}};
}

// The tolerance at and below which a flight is integrated by DOP853; looser, by Dormand-Prince
// 5(4). Measured on the flagship's family (bench/README.md, issue 14): at the 1 m of the
// side-by-side (tol 3.2e-7) the 5(4) pair needs about 600 evaluations against DOP853's 866 at its
// own matched 3.2e-7 (the bounds of the atmosphere and the drag table, not the error control, end
// most steps, and a 5(4) step costs 6 evaluations with a free interpolant against 12 + 3). At the
// default 1e-8 the two land alike (2-3 cm worst over the family) for about the same evaluations
// (DOP853 1,005, the pair 955) and the pair costs more per evaluation, so DOP853 keeps the default,
// and with it every shipped scenario's flight as it was.
constexpr double kDop853Rtol = 1e-8;

// A step whose end is predicted to lie just past the next bound is stopped that far (10 %) beyond
// the predicted crossing: the bound is then cut near the step's end, where the 4th-order
// interpolant of the 5(4) pair is most accurate (it matches the step's ends), rather than
// anywhere inside a step that overshot it. On the flagship's family at tol 3.2e-7 this takes the
// worst impact error from 0.7 m to 0.3-0.4 m; 3 % and 20 % measured worse (bench/README.md).
constexpr double kPastBound = 0.1;

// picket's two integrators behind one face, chosen once per flight by the tolerance
// (kDop853Rtol).
class Integrator {
 public:
  using State = StateVector;
  Integrator(const Dynamics& dyn, const Tolerances<kStateSize>& tol, bool fifth_order)
      : high_(dyn, tol), low_(dyn, tol), low_on_(fifth_order) {}

  [[nodiscard]] bool fifthOrder() const { return low_on_; }
  void reset(double t, const State& y) { low_on_ ? low_.reset(t, y) : high_.reset(t, y); }
  void reset(double t, const State& y, const State& f) { low_on_ ? low_.reset(t, y, f) : high_.reset(t, y, f); }
  void limitStep(double h) { low_on_ ? low_.limitStep(h) : high_.limitStep(h); }
  bool step(double t_stop) { return low_on_ ? low_.step(t_stop) : high_.step(t_stop); }
  State denseAt(double t) { return low_on_ ? low_.denseAt(t) : high_.denseAt(t); }
  [[nodiscard]] double t() const { return low_on_ ? low_.t() : high_.t(); }
  [[nodiscard]] const State& y() const { return low_on_ ? low_.y() : high_.y(); }
  [[nodiscard]] const State& f() const { return low_on_ ? low_.f() : high_.f(); }
  [[nodiscard]] double tPrev() const { return low_on_ ? low_.tPrev() : high_.tPrev(); }
  [[nodiscard]] const State& yPrev() const { return low_on_ ? low_.yPrev() : high_.yPrev(); }
  [[nodiscard]] const State& fPrev() const { return low_on_ ? low_.fPrev() : high_.fPrev(); }
  [[nodiscard]] long evaluations() const { return high_.evaluations() + low_.evaluations(); }
  [[nodiscard]] long rejected() const { return high_.rejected() + low_.rejected(); }

 private:
  Dop853<kStateSize, Dynamics> high_;
  Dopri5<kStateSize, Dynamics> low_;
  bool low_on_;
};

// Integrates segment after segment, records nodes and finds apogee and impact.
class Propagator {
 public:
  Propagator(const FlightModels& models, const FlightOptions& options, FlightResult& out)
      : models_(models),
        options_(options),
        out_(out),
        dyn_{models.earth, models.atmosphere, models.earth.rotationRate_radps(), &phase_, &lock_},
        stepper_(dyn_, tolerances(options),
                 options.integrator == FlightOptions::Integrator::kLowOrderWhenLoose && options.rtol > kDop853Rtol) {}

  enum class Stop { kEndOfSegment, kImpact, kFailed };

  // Flies `ph` from (t0, y) to t1 (or impact). On return y and t hold the final state.
  Stop run(const Phase& ph, double& t, StateVector& y, double t1, bool detect_apogee) {
    phase_ = ph;
    // The switching functions at the start of each step (height, climb rate, Mach) are those at
    // the end of the step before: carried over rather than recomputed (bound-check geometry was
    // about a seventh of a flight).
    double h_prev = models_.earth.altitude_m(Vec3(y[0], y[1], y[2]));
    holdPieces(t, y, h_prev);
    stepper_.reset(t, y);
    n_track_ = 0;
    remember(t, h_prev, mach_end_);
    if (options_.record) out_.trajectory.push(makeNode(t, y, stepper_.f()));
    double g_prev = detect_apogee ? climbRate(t, y) : 0.0;
    while (stepper_.t() < t1) {
      // Falling, do not let a step dive far below the ground: a trial state deep underground
      // wrecks the error estimate and costs a cascade of rejected steps. (Capping at each
      // atmosphere piece's floor as well measured 12 % more evaluations on the flagship.)
      double t_stop = t1;
      if (detect_apogee && g_prev < 0.0 && h_prev > 0.0)
        t_stop = std::min(t1, stepper_.t() + std::max(1.0, 1.1 * h_prev / -g_prev));
      if (stepper_.fifthOrder()) t_stop = std::min(t_stop, predictedStop(stepper_.t()));
      if (!stepper_.step(t_stop)) return Stop::kFailed;
      ++out_.steps;
      const Node n0 = makeNode(stepper_.tPrev(), stepper_.yPrev(), stepper_.fPrev());
      Node n1 = makeNode(stepper_.t(), stepper_.y(), stepper_.f());
      // Did the step leave the smooth pieces it was held to? Then cut it where it left them.
      PieceLock next = lock_;
      world::Earth::HeightAndVertical hv = models_.earth.heightAndVertical(Vec3(n1.y[0], n1.y[1], n1.y[2]));
      const double t_cross = pieceCrossing(n0, n1, h_prev, hv.h_m, next);
      const bool crossed = t_cross < n1.t_s;
      StateVector f_cross;
      if (crossed) {
        if (t_cross <= n0.t_s) {  // on a bound at the step's start: hold the next piece, redo the step
          lock_ = next;
          stepper_.reset(n0.t_s, n0.y);
          continue;
        }
        const StateVector y_c = stepper_.denseAt(t_cross);
        dyn_(t_cross, y_c, f_cross);  // the same on both sides: the model is continuous at a bound
        n1 = makeNode(t_cross, y_c, f_cross);
        hv = models_.earth.heightAndVertical(Vec3(n1.y[0], n1.y[1], n1.y[2]));
        if (phase_.drag_table != nullptr) mach_end_ = mach(sampleOf(n1.t_s, n1.y), hv.h_m);
      }
      mach_prev_ = mach_end_;
      const double h_now = hv.h_m;
      if (detect_apogee) {
        const double g_now = hv.n.dot(relativeVelocity(sampleOf(n1.t_s, n1.y)));
        if (g_prev > 0.0 && g_now <= 0.0) {
          const Sample sa = landOn(n0, n1, [&](const Sample& s) { return climbRate(s); }, g_prev, g_now);
          const KinematicState k = kinematics(models_.earth, sa);
          if (!found_apogee_ || k.position.alt_m > out_.apogee.position.alt_m) {
            out_.apogee = k;
            found_apogee_ = true;
          }
        }
        g_prev = g_now;
      }
      if (h_prev > 0.0 && h_now <= 0.0) {
        const Sample s =
            landOn(n0, n1, [&](const Sample& smp) { return models_.earth.altitude_m(smp.p_Eci_m); }, h_prev, h_now);
        t = s.t_s;
        y = {s.p_Eci_m.x(), s.p_Eci_m.y(), s.p_Eci_m.z(), s.v_Eci_mps.x(), s.v_Eci_mps.y(), s.v_Eci_mps.z(), s.mass_kg};
        StateVector f;
        dyn_(t, y, f);
        if (options_.record) out_.trajectory.push(makeNode(t, y, f));
        finish();
        return Stop::kImpact;
      }
      h_prev = h_now;
      remember(n1.t_s, h_now, mach_end_);
      if (options_.record) out_.trajectory.push(n1);
      if (crossed) {
        // The step the error control accepted; its proposed successor was grown from it and
        // measured to cost a rejection after most cuts, so do not exceed it.
        const double h_done = stepper_.t() - n0.t_s;
        lock_ = next;
        stepper_.reset(n1.t_s, n1.y, f_cross);
        stepper_.limitStep(h_done);
      }
    }
    t = stepper_.t();
    y = stepper_.y();
    finish();
    return Stop::kEndOfSegment;
  }

  [[nodiscard]] bool foundApogee() const { return found_apogee_; }

 private:
  static Tolerances<kStateSize> tolerances(const FlightOptions& o) {
    Tolerances<kStateSize> tol;
    tol.rtol = o.rtol;
    tol.atol = {o.atol_position_m, o.atol_position_m, o.atol_position_m, o.atol_velocity_mps,
                o.atol_velocity_mps, o.atol_velocity_mps, 1e30};  // mass is exact at constant flow
    return tol;
  }

  void finish() {
    out_.rhs_evaluations += stepper_.evaluations() - counted_;
    counted_ = stepper_.evaluations();
    out_.rejected_steps += stepper_.rejected() - rejected_;
    rejected_ = stepper_.rejected();
  }

  // The last (up to) three nodes' time, height and Mach number in this segment: the switching
  // functions of the bounds, extrapolated to predict the next crossing.
  void remember(double t, double alt_m, double mach) {
    if (n_track_ > 0 && t <= track_[static_cast<std::size_t>(n_track_) - 1][0]) return;
    if (n_track_ == 3) {
      track_[0] = track_[1];
      track_[1] = track_[2];
      n_track_ = 2;
    }
    track_[static_cast<std::size_t>(n_track_++)] = {t, alt_m, mach};
  }

  // Time after the last node at which the polynomial through the remembered nodes' component k
  // (1: height, 2: Mach) reaches `target`; infinity if it is not heading there.
  [[nodiscard]] double timeTo(std::size_t k, double target) const {
    const auto n = static_cast<std::size_t>(n_track_);
    const double ta = track_[n - 1][0], ga = track_[n - 1][k];
    const double tb = track_[n - 2][0], gb = track_[n - 2][k];
    const double d1 = (ga - gb) / (ta - tb);  // divided differences, newest first
    double d2 = 0.0;
    if (n == 3) {
      const double tc = track_[0][0], gc = track_[0][k];
      d2 = (d1 - (gb - gc) / (tb - tc)) / (ta - tc);
    }
    // p(t) = ga + d1 (t - ta) + d2 (t - ta)(t - tb); Newton from ta.
    double x = ta;
    for (int it = 0; it < 6; ++it) {
      const double p = ga + d1 * (x - ta) + d2 * (x - ta) * (x - tb);
      const double dp = d1 + d2 * ((x - ta) + (x - tb));
      if (!(std::abs(dp) > 0.0)) return std::numeric_limits<double>::infinity();
      const double dx = (target - p) / dp;
      if (it == 0 && !(dx > 1e-9)) return std::numeric_limits<double>::infinity();
      x += dx;
      if (std::abs(dx) < 1e-6) break;
    }
    return x > ta + 1e-9 ? x - ta : std::numeric_limits<double>::infinity();
  }

  // A stop just past the next bound crossing predicted from the last nodes: a step that ends
  // there is cut near its end, where the interpolant is most accurate.
  [[nodiscard]] double predictedStop(double t_now) const {
    if (n_track_ < 2) return std::numeric_limits<double>::infinity();
    double dt = std::numeric_limits<double>::infinity();
    // Only the bound ahead: the one at the far end of the piece in the direction of motion (the
    // near one is where the state just came in, within the crossing tolerance of it).
    const auto consider = [&](std::size_t k, double lo, double hi) {
      const auto n = static_cast<std::size_t>(n_track_);
      const bool rising = track_[n - 1][k] > track_[n - 2][k];
      const double target = rising ? hi : lo;
      if (std::isfinite(target) && hi != lo) dt = std::min(dt, timeTo(k, target));
    };
    consider(1, models_.atmosphere.pieceBase_m(lock_.atmosphere), models_.atmosphere.pieceBase_m(lock_.atmosphere + 1));
    if (phase_.drag_table != nullptr)
      consider(2, phase_.drag_table->segmentBase(lock_.drag), phase_.drag_table->segmentBase(lock_.drag + 1));
    return t_now + dt * (1.0 + kPastBound);
  }

  // The atmosphere piece and drag-table segment at a state (at height alt_m), held over the next
  // steps.
  void holdPieces(double t, const StateVector& y, double alt_m) {
    lock_.atmosphere = models_.atmosphere.piece(alt_m);
    mach_prev_ = mach_end_ = phase_.drag_table != nullptr ? mach(sampleOf(t, y), alt_m) : 0.0;
    lock_.drag = phase_.drag_table != nullptr ? phase_.drag_table->segment(mach_prev_) : -2;
  }

  [[nodiscard]] Vec3 relativeVelocity(const Sample& s) const {
    const double w = models_.earth.rotationRate_radps();
    return Vec3(s.v_Eci_mps.x() + w * s.p_Eci_m.y(), s.v_Eci_mps.y() - w * s.p_Eci_m.x(), s.v_Eci_mps.z());
  }

  [[nodiscard]] double mach(const Sample& s, double alt_m) const {
    return relativeVelocity(s).norm() / models_.atmosphere.at(alt_m).speed_of_sound_mps;
  }
  [[nodiscard]] double mach(const Sample& s) const { return mach(s, models_.earth.altitude_m(s.p_Eci_m)); }

  // The earliest time in (n0, n1] at which the state leaves a held piece, with `next` the lock to
  // hold from there; n1.t_s if it leaves none. Only one bound (the first) is crossed per call.
  // alt0_m and alt1_m: the heights at n0 and n1; the Mach number at n0 is mach_prev_, and the one
  // at n1 is left in mach_end_.
  double pieceCrossing(const Node& n0, const Node& n1, double alt0_m, double alt1_m, PieceLock& next) {
    double t_cross = n1.t_s;
    const int atm1 = models_.atmosphere.piece(alt1_m);
    if (atm1 != lock_.atmosphere) {
      const int step = atm1 > lock_.atmosphere ? 1 : -1;
      const double base = models_.atmosphere.pieceBase_m(step > 0 ? lock_.atmosphere + 1 : lock_.atmosphere);
      const double tc = crossingTime(n0, n1, [&](const Sample& s) { return models_.earth.altitude_m(s.p_Eci_m) - base; },
                                     alt0_m - base, alt1_m - base);
      if (tc < t_cross) {
        t_cross = tc;
        next = lock_;
        next.atmosphere = lock_.atmosphere + step;
      }
    }
    if (phase_.drag_table != nullptr) {
      mach_end_ = mach(sampleOf(n1.t_s, n1.y), alt1_m);
      const int d1 = phase_.drag_table->segment(mach_end_);
      if (d1 != lock_.drag) {
        const int step = d1 > lock_.drag ? 1 : -1;
        const double base = phase_.drag_table->segmentBase(step > 0 ? lock_.drag + 1 : lock_.drag);
        const double tc = crossingTime(n0, n1, [&](const Sample& s) { return mach(s) - base; }, mach_prev_ - base,
                                       mach_end_ - base);
        if (tc < t_cross) {
          t_cross = tc;
          next = lock_;
          next.drag = lock_.drag + step;
        }
      }
    }
    return t_cross;
  }

  // dh/dt = n . v_rel (n: the geodetic vertical), exact for geodetic height.
  [[nodiscard]] double climbRate(const Sample& s) const {
    return models_.earth.verticalAt(s.p_Eci_m).dot(relativeVelocity(s));
  }
  [[nodiscard]] double climbRate(double t, const StateVector& y) const { return climbRate(sampleOf(t, y)); }

  // The state where g = 0 inside the current step n0 -> n1 (n1 may end short of the accepted step
  // at a piece bound), on the integrator's 7th-order dense output, so the event state carries the
  // integrator's accuracy. g0, g1: g at n0 and n1.
  template <class G>
  Sample landOn(const Node& n0, const Node& n1, G&& g, double g0, double g1) {
    const double t = locate(n0, n1, g, g0, g1);
    return sampleOf(t, t == n1.t_s ? n1.y : stepper_.denseAt(t));
  }

  // Where g changes sign over the step; the step's start if it does not (the state was already
  // past the bound there, by a hair). 1 ms: switching pieces that far from a bound changes the
  // acceleration by the kink times the distance travelled in 1 ms (for the drag table's sharpest
  // kink at Mach 1, under 1e-6 m/s^2), far below the integrator's error per step.
  template <class G>
  double crossingTime(const Node& n0, const Node& n1, G&& g, double g0, double g1) {
    return locate(n0, n1, g, g0, g1, 1e-3, n0.t_s);
  }

  // Root of g over the step n0 -> n1 (g0, g1: g at its ends, known to the caller), on the dense
  // output, to tol_s (events: 1 microsecond); `no_root` (default: the step's end) if g does not
  // change sign.
  template <class G>
  double locate(const Node& n0, const Node& n1, G&& g, double g0, double g1, double tol_s = 1e-6,
                std::optional<double> no_root = {}) {
    auto fn = [&](double tt) { return g(sampleOf(tt, stepper_.denseAt(tt))); };
    if (g0 == 0.0) return n0.t_s;
    if (g1 == 0.0) return n1.t_s;
    if ((g0 > 0.0) == (g1 > 0.0)) return no_root.value_or(n1.t_s);
    return illinois(fn, n0.t_s, n1.t_s, g0, g1, tol_s);
  }

  const FlightModels& models_;
  const FlightOptions& options_;
  FlightResult& out_;
  Phase phase_;
  PieceLock lock_;
  Dynamics dyn_;
  Integrator stepper_;
  std::array<std::array<double, 3>, 3> track_{};
  int n_track_ = 0;
  double mach_prev_ = 0.0, mach_end_ = 0.0;  // Mach at the current step's start and end (drag tables)
  long counted_ = 0;
  long rejected_ = 0;
  bool found_apogee_ = false;
};

void finishResult(const FlightModels& models, Propagator& prop, Propagator::Stop stop, double t,
                  const StateVector& y, FlightResult& out) {
  out.impacted = stop == Propagator::Stop::kImpact;
  out.impact = kinematics(models.earth, sampleOf(t, y));
  if (out.impacted || !out.orbit) out.events.push_back({EventKind::kImpact, t, -1});
  if (!prop.foundApogee()) out.apogee = out.burnout;  // falling from burnout on: the highest point
  out.events.push_back({EventKind::kApogee, out.apogee.t_s, -1});
  std::stable_sort(out.events.begin(), out.events.end(),
                   [](const FlightEvent& a, const FlightEvent& b) { return a.t_s < b.t_s; });
  out.ground_range_m = models.earth
                           .inverse(out.launch.lat_deg, out.launch.lon_deg, out.impact.position.lat_deg,
                                    out.impact.position.lon_deg)
                           .distance_m;
}

}  // namespace

void delayFlight(const world::Earth& earth, double t0_s, FlightResult& f) {
  const Eigen::Matrix3d R = Eigen::AngleAxisd(earth.w_EarthEci_radps().z() * t0_s, Eigen::Vector3d::UnitZ()).toRotationMatrix();
  Trajectory moved;
  moved.reserve(f.trajectory.nodes().size());
  for (Node n : f.trajectory.nodes()) {
    n.t_s += t0_s;
    const Eigen::Vector3d p = R * Eigen::Vector3d(n.y[0], n.y[1], n.y[2]);
    const Eigen::Vector3d v = R * Eigen::Vector3d(n.y[3], n.y[4], n.y[5]);
    const Eigen::Vector3d a = R * Eigen::Vector3d(n.a_Eci_mps2[0], n.a_Eci_mps2[1], n.a_Eci_mps2[2]);
    n.y = {p.x(), p.y(), p.z(), v.x(), v.y(), v.z(), n.y[6]};
    n.a_Eci_mps2 = {a.x(), a.y(), a.z()};
    moved.push(n);
  }
  f.trajectory = std::move(moved);
  for (FlightEvent& e : f.events) e.t_s += t0_s;
  f.burnout.t_s += t0_s;
  f.apogee.t_s += t0_s;
  f.impact.t_s += t0_s;
  if (f.separation_t_s > 0.0) f.separation_t_s += t0_s;  // 0: none
}

KinematicState kinematics(const world::Earth& earth, const Sample& s) {
  KinematicState k;
  k.t_s = s.t_s;
  const Vec3 p_Ecef = earth.ecefFromEci(s.p_Eci_m, s.t_s);
  const Vec3 v_Ecef = earth.ecefVelocityFromEci(s.p_Eci_m, s.v_Eci_mps, s.t_s);
  k.position = earth.geodeticFromEcef(p_Ecef);
  const Vec3 v_Enu = earth.R_EcefEnu(k.position.lat_deg, k.position.lon_deg).transpose() * v_Ecef;
  k.speed_mps = v_Enu.norm();
  k.flight_path_angle_deg = k.speed_mps > 0.0 ? std::asin(std::clamp(v_Enu.z() / k.speed_mps, -1.0, 1.0)) * c::kRadToDeg : 0.0;
  double heading = std::atan2(v_Enu.x(), v_Enu.y()) * c::kRadToDeg;
  if (heading < 0.0) heading += 360.0;
  k.heading_deg = heading;
  return k;
}

std::vector<Segment> planSegments(const world::Earth& earth, const Missile& missile, const world::Geodetic& launch,
                                  const GuidancePlan& plan) {
  const auto& stages = missile.stages();
  const auto& guide = missile.guidance();
  const double t_rise = guide.vertical_rise_s;
  const double t_turn = guide.vertical_rise_s + guide.pitch_over_s;
  const double t_full = missile.totalBurnTime_s();
  const double t_cut = std::clamp(plan.cutoff_s, t_turn, t_full);
  Phase base;
  const double az = plan.azimuth_deg * c::kDegToRad;
  // ENU at the pad is ECI at t = 0 rotated by R_EcefEnu (ECI and ECEF coincide at lift-off). At a
  // pole the azimuth is taken as GeographicLib takes it there: as the limit along the meridian of
  // the given longitude.
  base.heading_Eci = earth.eciFromEcef(earth.R_EcefEnu(launch.lat_deg, launch.lon_deg) *
                                           Vec3(std::sin(az), std::cos(az), 0.0), 0.0);
  base.tilt_rad = plan.pitch_over_deg * c::kDegToRad;
  base.t0_s = t_rise;
  base.duration_s = std::max(guide.pitch_over_s, 1e-9);

  // The last stage's plane (yawed) and the start of the upper stages' programme (the second stage's
  // ignition).
  const double az_upper = (plan.azimuth_deg + plan.upper.yaw_deg) * c::kDegToRad;
  const Vec3 upper_heading_Eci = earth.eciFromEcef(
      earth.R_EcefEnu(launch.lat_deg, launch.lon_deg) * Vec3(std::sin(az_upper), std::cos(az_upper), 0.0), 0.0);
  const double upper_start_s = stages.empty() ? 0.0 : stages[0].burn_time_s + stages[0].coast_s;

  std::vector<Segment> out;
  double t = 0.0, stage_start = 0.0;
  std::size_t stage = 0;
  while (t < t_cut) {
    const StageModel& s = stages[stage];
    const double stage_end = stage_start + s.burn_time_s;
    Segment seg;
    seg.phase = base;
    seg.phase.stage = &s;
    seg.phase.drag_table = &s.drag;
    seg.phase.area_m2 = s.reference_area_m2;
    seg.stage = static_cast<int>(stage);
    seg.t_end_s = std::min(stage_end, t_cut);
    if (t < t_rise) {
      seg.phase.steering = Steering::kVertical;
      seg.t_end_s = std::min(seg.t_end_s, t_rise);
    } else if (t < t_turn) {
      seg.phase.steering = Steering::kPitchOver;
      seg.t_end_s = std::min(seg.t_end_s, t_turn);
    } else if (plan.upper.active && stage > 0) {
      seg.phase.steering = Steering::kPitchProgramme;
      if (stage + 1 == stages.size()) seg.phase.heading_Eci = upper_heading_Eci;  // the yaw: last stage only
      seg.phase.pitch0_rad = plan.upper.pitch_start_deg * c::kDegToRad;
      seg.phase.pitch1_rad = plan.upper.pitch_end_deg * c::kDegToRad;
      seg.phase.t0_s = upper_start_s;
      seg.phase.duration_s = std::max(t_full - upper_start_s, 1e-9);
    } else if (guide.hold_tilt) {
      seg.phase.steering = Steering::kPitchOver;  // the tilt stays at its final value (dynamics.h)
    } else {
      seg.phase.steering = Steering::kGravityTurn;
    }
    if (seg.t_end_s >= t_cut) {
      seg.end = t_cut >= t_full ? SegmentEnd::kBurnout : SegmentEnd::kCutoff;
    } else if (seg.t_end_s >= stage_end) {
      seg.end = SegmentEnd::kStaging;
      seg.mass_after_kg = missile.massAtIgnition_kg(stage + 1);  // the spent stage falls away
      stage_start = stage_end + s.coast_s;
      ++stage;
    }
    t = seg.t_end_s;
    out.push_back(seg);
    if (seg.end == SegmentEnd::kStaging && stage_start > t) {
      // The coast to the next stage's ignition: no thrust, that stage's drag.
      Segment coast;
      coast.phase = base;
      coast.phase.drag_table = &stages[stage].drag;
      coast.phase.area_m2 = stages[stage].reference_area_m2;
      coast.phase.steering = seg.phase.steering;  // no thrust: only the events see it
      coast.stage = static_cast<int>(stage);
      coast.t_end_s = std::min(stage_start, t_cut);
      coast.end = coast.t_end_s >= t_cut ? SegmentEnd::kCutoff : SegmentEnd::kIgnition;
      t = coast.t_end_s;
      out.push_back(coast);
    }
  }
  Segment rv;
  rv.phase.inv_two_beta = 0.5 / missile.payloadBallisticCoefficient_kgpm2();
  rv.t_end_s = std::numeric_limits<double>::infinity();
  rv.end = SegmentEnd::kImpact;
  rv.detect_apogee = true;
  if (!missile.payloadSeparates()) {  // one body from burnout to impact
    out.push_back(rv);
    return out;
  }
  // The spent stack coasts (with the burning stage's drag) until the re-entry vehicle separates.
  Segment coast;
  coast.phase.drag_table = &stages[stage].drag;
  coast.phase.area_m2 = stages[stage].reference_area_m2;
  coast.t_end_s = t_cut + missile.separationDelay_s();
  coast.end = SegmentEnd::kSeparation;
  coast.mass_after_kg = missile.payloadMass_kg();
  coast.detect_apogee = true;
  out.push_back(coast);
  out.push_back(rv);
  return out;
}

void flyMissile(const FlightModels& models, const Missile& missile, const world::Geodetic& launch,
                const GuidancePlan& plan, const FlightOptions& options, FlightResult& out) {
  out.clear();
  out.launch = launch;
  const world::Earth& earth = models.earth;
  StateVector y = launchState(earth, launch, missile.launchMass_kg());
  double t = 0.0;
  out.events.push_back({EventKind::kLaunch, 0.0, -1});

  Propagator prop(models, options, out);
  Propagator::Stop stop = Propagator::Stop::kEndOfSegment;
  Steering last_steering = Steering::kNone;
  double orbit_end_s = std::numeric_limits<double>::infinity();
  for (const Segment& seg : planSegments(earth, missile, launch, plan)) {
    const Steering st = seg.phase.steering;
    if (st != last_steering && st == Steering::kPitchOver) out.events.push_back({EventKind::kPitchOver, t, seg.stage});
    if (st != last_steering && st == Steering::kGravityTurn) out.events.push_back({EventKind::kGravityTurn, t, seg.stage});
    last_steering = st;
    stop = prop.run(seg.phase, t, y, std::min({seg.t_end_s, options.max_time_s, orbit_end_s}), seg.detect_apogee);
    if (stop != Propagator::Stop::kEndOfSegment || t >= orbit_end_s) break;
    switch (seg.end) {
      case SegmentEnd::kGuidance:
      case SegmentEnd::kImpact:
        break;
      case SegmentEnd::kStaging:
        out.events.push_back({EventKind::kStaging, t, seg.stage});
        break;
      case SegmentEnd::kIgnition:
        out.events.push_back({EventKind::kIgnition, t, seg.stage});
        break;
      case SegmentEnd::kBurnout:
      case SegmentEnd::kCutoff:
        out.burnout = kinematics(earth, sampleOf(t, y));
        out.events.push_back({seg.end == SegmentEnd::kBurnout ? EventKind::kBurnout : EventKind::kCutoff, t, seg.stage});
        {
          const OrbitState conic = conicOf(earth, t, Vec3(y[0], y[1], y[2]), Vec3(y[3], y[4], y[5]));
          out.burnout_conic = conic;
          if (conic.perigee_alt_m >= kOrbitPerigee_m) {
            out.orbit = conic;
            orbit_end_s = t + options.orbit_span_s;
          }
        }
        break;
      case SegmentEnd::kSeparation:
        out.separation_t_s = t;
        out.events.push_back({EventKind::kSeparation, t, -1});
        break;
    }
    if (seg.mass_after_kg >= 0.0) y[6] = seg.mass_after_kg;
  }
  finishResult(models, prop, stop, t, y, out);
}

void flyFromBurnout(const FlightModels& models, const BurnoutState& state, const FlightOptions& options,
                    FlightResult& out) {
  out.clear();
  out.launch = state.start;
  const world::Earth& earth = models.earth;
  const Vec3 p_Ecef = earth.ecefFromGeodetic(state.start);
  const double g = state.flight_path_angle_deg * c::kDegToRad, az = state.azimuth_deg * c::kDegToRad;
  const Vec3 v_Enu(state.speed_mps * std::cos(g) * std::sin(az), state.speed_mps * std::cos(g) * std::cos(az),
                   state.speed_mps * std::sin(g));
  const Vec3 v_Ecef = earth.R_EcefEnu(state.start.lat_deg, state.start.lon_deg) * v_Enu;
  const Vec3 p = earth.eciFromEcef(p_Ecef, 0.0);
  const Vec3 v = earth.eciVelocityFromEcef(p_Ecef, v_Ecef, 0.0);
  StateVector y{p.x(), p.y(), p.z(), v.x(), v.y(), v.z(), 1.0};
  double t = 0.0;
  out.events.push_back({EventKind::kLaunch, 0.0, -1});
  out.events.push_back({EventKind::kBurnout, 0.0, -1});
  out.burnout = kinematics(earth, sampleOf(t, y));
  Phase rv;
  rv.inv_two_beta = state.ballistic_coefficient_kgpm2 > 0.0 ? 0.5 / state.ballistic_coefficient_kgpm2 : 0.0;
  Propagator prop(models, options, out);
  const Propagator::Stop stop = prop.run(rv, t, y, options.max_time_s, true);
  finishResult(models, prop, stop, t, y, out);
}

OrbitState conicOf(const world::Earth& earth, double t_s, const Vec3& p, const Vec3& v) {
  const double mu = earth.gm_m3ps2();
  const double energy = 0.5 * v.squaredNorm() - mu / p.norm();
  const Vec3 h = p.cross(v);
  const double e = std::sqrt(std::max(0.0, 1.0 + 2.0 * energy * h.squaredNorm() / (mu * mu)));
  const double R = earth.equatorialRadius_m();
  OrbitState o;
  o.insertion_t_s = t_s;
  o.perigee_alt_m = h.squaredNorm() / (mu * (1.0 + e)) - R;  // valid for every conic
  const bool bound = energy < 0.0 && e < 1.0;
  const double a = bound ? -mu / (2.0 * energy) : 0.0;
  o.apogee_alt_m = bound ? a * (1.0 + e) - R : std::numeric_limits<double>::infinity();
  o.period_s = bound ? 2.0 * c::kPi * std::sqrt(a * a * a / mu) : std::numeric_limits<double>::infinity();
  o.inclination_deg = std::acos(std::clamp(h.z() / h.norm(), -1.0, 1.0)) / c::kDegToRad;
  return o;
}

std::optional<std::size_t> lastBurningStage(const FlightResult& flight) {
  for (const FlightEvent& e : flight.events)
    if ((e.kind == EventKind::kBurnout || e.kind == EventKind::kCutoff) && e.stage >= 0) return static_cast<std::size_t>(e.stage);
  return std::nullopt;
}

bool flySpentStage(const FlightModels& models, const scenario::MissileConfig& missile, const FlightResult& flight,
                   std::size_t stage, const FlightOptions& options, FlightResult& out) {
  const std::vector<scenario::StageConfig>& stages = missile.stages;
  if (stage >= stages.size()) return false;
  // The stage whose thrust ended (the last, unless a failed flight or a short shot cut it off
  // earlier; taken as the last where the flight came down under thrust). Those above it never
  // lit: they fall with it, as one body, once the payload has separated.
  const std::size_t burned = lastBurningStage(flight).value_or(stages.size() - 1);
  if (stage > burned) return false;
  const bool last = stage == burned;
  double t_drop = -1.0;
  double mass_kg = stages[stage].dry_mass_kg;
  if (last) {
    for (std::size_t k = stage + 1; k < stages.size(); ++k) mass_kg += stages[k].dry_mass_kg + stages[k].propellant_mass_kg;
    if (missile.payload.separates && flight.separation_t_s > 0.0) t_drop = flight.separation_t_s;
  } else {
    for (const FlightEvent& e : flight.events)
      if (e.kind == EventKind::kStaging && e.stage == static_cast<int>(stage)) t_drop = e.t_s;
  }
  if (t_drop < 0.0 || flight.trajectory.empty()) return false;
  const scenario::StageConfig& st = stages[stage];
  const double area = c::kPi * st.diameter_m * st.diameter_m / 4.0;
  const double cd = st.cd_vs_mach.empty() ? 1.0 : st.cd_vs_mach.back().second;
  Sample s = flight.trajectory.at(t_drop);
  if (last) {
    const Vec3 v_rel = s.v_Eci_mps - models.earth.w_EarthEci_radps().cross(s.p_Eci_m);
    s.v_Eci_mps -= missile.payload.separation_speed_mps * v_rel.normalized();
  }
  s.mass_kg = mass_kg;
  flyBody(models, s, mass_kg / (cd * area), options, out);
  return true;
}

void flyBody(const FlightModels& models, const Sample& start, double beta, const FlightOptions& options,
             FlightResult& out) {
  out.clear();
  const world::Earth& earth = models.earth;
  out.launch = earth.geodeticFromEcef(earth.ecefFromEci(start.p_Eci_m, start.t_s));
  StateVector y{start.p_Eci_m.x(), start.p_Eci_m.y(), start.p_Eci_m.z(),
                start.v_Eci_mps.x(), start.v_Eci_mps.y(), start.v_Eci_mps.z(), std::max(start.mass_kg, 1.0)};
  double t = start.t_s;
  out.events.push_back({EventKind::kLaunch, t, -1});
  out.events.push_back({EventKind::kBurnout, t, -1});
  out.burnout = kinematics(earth, sampleOf(t, y));
  Phase body;
  body.inv_two_beta = beta > 0.0 ? 0.5 / beta : 0.0;
  Propagator prop(models, options, out);
  const Propagator::Stop stop = prop.run(body, t, y, t + options.max_time_s, true);
  finishResult(models, prop, stop, t, y, out);
}

}  // namespace picket::flight

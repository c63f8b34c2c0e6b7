#include "flight/flight.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

#include <boost/math/tools/roots.hpp>

#include "common/constants.h"
#include "flight/dop853.h"

namespace picket::flight {
namespace c = picket::constants;
using world::Vec3;

const char* eventName(EventKind k) {
  switch (k) {
    case EventKind::kLaunch: return "launch";
    case EventKind::kPitchOver: return "pitch-over";
    case EventKind::kGravityTurn: return "gravity-turn";
    case EventKind::kStaging: return "staging";
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
  rhs_evaluations = 0;
  steps = 0;
}

namespace {

enum class Steering : std::uint8_t { kNone, kVertical, kPitchOver, kGravityTurn };

// Everything the right-hand side needs to know about the current segment of flight.
struct Phase {
  Steering steering = Steering::kNone;
  const StageModel* stage = nullptr;       // burning stage, or none
  const DragTable* drag_table = nullptr;   // drag of the stack by table ...
  double area_m2 = 0.0;
  double inv_two_beta = 0.0;               // ... or of the re-entry vehicle by its beta (0: none)
  double t0_s = 0.0, duration_s = 1.0;     // pitch-over timing
  double tilt_rad = 0.0;                   // pitch-over angle from the vertical
  double sin_az = 0.0, cos_az = 1.0;
};

struct Dynamics {
  const world::Earth& earth;
  const world::Atmosphere& atmosphere;
  double omega;
  const Phase* phase;

  void operator()(double t, const StateVector& y, StateVector& dy) const {
    const Vec3 r(y[0], y[1], y[2]);
    const Vec3 v(y[3], y[4], y[5]);
    const double m = y[6];
    Vec3 a = earth.gravity_mps2(r);
    const Vec3 v_rel(v.x() + omega * r.y(), v.y() - omega * r.x(), v.z());
    const Phase& ph = *phase;
    const world::AtmosphereSample atm = atmosphere.at(earth.altitude_m(r));
    if (atm.density_kgpm3 > 0.0) {
      const double speed = v_rel.norm();
      if (ph.drag_table != nullptr) {
        const double cd = ph.drag_table->cd(speed / atm.speed_of_sound_mps);
        a -= (0.5 * atm.density_kgpm3 * speed * cd * ph.area_m2 / m) * v_rel;
      } else if (ph.inv_two_beta > 0.0) {
        a -= (atm.density_kgpm3 * speed * ph.inv_two_beta) * v_rel;
      }
    }
    dy[6] = 0.0;
    if (ph.stage != nullptr) {
      const double thrust = ph.stage->thrust_n(atm.pressure_pa);
      Vec3 u;
      if (ph.steering == Steering::kGravityTurn) {
        u = v_rel.normalized();
      } else {
        const Vec3 up = r.normalized();
        if (ph.steering == Steering::kVertical) {
          u = up;
        } else {
          const Vec3 east = Vec3(-r.y(), r.x(), 0.0).normalized();
          const Vec3 north = up.cross(east);
          const double tilt = ph.tilt_rad * std::clamp((t - ph.t0_s) / ph.duration_s, 0.0, 1.0);
          u = std::cos(tilt) * up + std::sin(tilt) * (ph.cos_az * north + ph.sin_az * east);
        }
      }
      a += (thrust / m) * u;
      dy[6] = -ph.stage->mass_flow_kgps;
    }
    dy[0] = v.x();
    dy[1] = v.y();
    dy[2] = v.z();
    dy[3] = a.x();
    dy[4] = a.y();
    dy[5] = a.z();
  }
};

Node makeNode(double t, const StateVector& y, const StateVector& f) {
  return Node{t, y, {f[3], f[4], f[5]}};
}

// Integrates segment after segment, records nodes and finds apogee and impact.
class Propagator {
 public:
  Propagator(const FlightModels& models, const FlightOptions& options, FlightResult& out)
      : models_(models),
        options_(options),
        out_(out),
        dyn_{models.earth, models.atmosphere, models.earth.rotationRate_radps(), &phase_},
        stepper_(dyn_, tolerances(options)) {}

  enum class Stop { kEndOfSegment, kImpact, kFailed };

  // Flies `ph` from (t0, y) to t1 (or impact). On return y and t hold the final state.
  Stop run(const Phase& ph, double& t, StateVector& y, double t1, bool detect_apogee) {
    phase_ = ph;
    stepper_.reset(t, y);
    if (options_.record) out_.trajectory.push(makeNode(t, y, stepper_.f()));
    double h_prev = models_.earth.altitude_m(Vec3(y[0], y[1], y[2]));
    double g_prev = detect_apogee ? climbRate(t, y) : 0.0;
    while (stepper_.t() < t1) {
      if (!stepper_.step(t1)) return Stop::kFailed;
      ++out_.steps;
      const Node n0 = makeNode(stepper_.tPrev(), stepper_.yPrev(), stepper_.fPrev());
      const Node n1 = makeNode(stepper_.t(), stepper_.y(), stepper_.f());
      const double h_now = models_.earth.altitude_m(Vec3(n1.y[0], n1.y[1], n1.y[2]));
      if (detect_apogee) {
        const double g_now = climbRate(n1.t_s, n1.y);
        if (g_prev > 0.0 && g_now <= 0.0) {
          const Sample sa = landOn(n0, n1, [&](const Sample& s) { return climbRate(s); });
          const KinematicState k = kinematics(models_.earth, sa);
          if (!found_apogee_ || k.position.alt_m > out_.apogee.position.alt_m) {
            out_.apogee = k;
            found_apogee_ = true;
          }
        }
        g_prev = g_now;
      }
      if (h_prev > 0.0 && h_now <= 0.0) {
        const Sample s = landOn(n0, n1, [&](const Sample& smp) { return models_.earth.altitude_m(smp.p_Eci_m); });
        t = s.t_s;
        y = {s.p_Eci_m.x(), s.p_Eci_m.y(), s.p_Eci_m.z(), s.v_Eci_mps.x(), s.v_Eci_mps.y(), s.v_Eci_mps.z(), s.mass_kg};
        StateVector f;
        dyn_(t, y, f);
        if (options_.record) out_.trajectory.push(makeNode(t, y, f));
        finish();
        return Stop::kImpact;
      }
      h_prev = h_now;
      if (options_.record) out_.trajectory.push(n1);
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

  void finish() { out_.rhs_evaluations += stepper_.evaluations() - counted_; counted_ = stepper_.evaluations(); }

  // dh/dt = n . v_rel (n: the geodetic vertical), exact for geodetic height.
  [[nodiscard]] double climbRate(const Sample& s) const {
    const double w = models_.earth.rotationRate_radps();
    const Vec3 v_rel(s.v_Eci_mps.x() + w * s.p_Eci_m.y(), s.v_Eci_mps.y() - w * s.p_Eci_m.x(), s.v_Eci_mps.z());
    return models_.earth.verticalAt(s.p_Eci_m).dot(v_rel);
  }
  [[nodiscard]] double climbRate(double t, const StateVector& y) const {
    Sample s;
    s.t_s = t;
    s.p_Eci_m = Vec3(y[0], y[1], y[2]);
    s.v_Eci_mps = Vec3(y[3], y[4], y[5]);
    return climbRate(s);
  }

  // The state where g = 0 inside the accepted step n0 -> n1. The root is first found on the dense
  // output, then the state there is recomputed by one exact RK step from n0 and the time refined by
  // secant steps on that exact state, so the event state carries the integrator's accuracy rather
  // than the interpolant's (which is ~1 m in the middle of a 100 s coast step).
  template <class G>
  Sample landOn(const Node& n0, const Node& n1, G&& g) {
    double t_a = locate(n0, n1, g);
    auto exact = [&](double t_e) {
      const StateVector y = t_e == n0.t_s ? n0.y : stepper_.jump(n0.t_s, n0.y, stepper_.fPrev(), t_e - n0.t_s);
      return sampleAt(t_e, y);
    };
    Sample s = exact(t_a);
    double g_a = g(s);
    // Secant on the exact state with a 1 ms companion point; |g| is altitude (m) or climb rate (m/s).
    for (int i = 0; i < 3 && g_a != 0.0; ++i) {
      const double t_b = std::clamp(t_a + 1e-3, n0.t_s, n1.t_s);
      if (t_b == t_a) break;
      const double g_b = g(exact(t_b));
      if (g_b == g_a) break;
      const double t_new = std::clamp(t_a - g_a * (t_b - t_a) / (g_b - g_a), n0.t_s, n1.t_s);
      if (std::abs(t_new - t_a) < 1e-7) break;
      t_a = t_new;
      s = exact(t_a);
      g_a = g(s);
    }
    return s;
  }

  static Sample sampleAt(double t, const StateVector& y) {
    Sample s;
    s.t_s = t;
    s.p_Eci_m = Vec3(y[0], y[1], y[2]);
    s.v_Eci_mps = Vec3(y[3], y[4], y[5]);
    s.mass_kg = y[6];
    return s;
  }

  // Root of g over one accepted step, on the dense output, to 1 microsecond.
  template <class G>
  static double locate(const Node& n0, const Node& n1, G&& g) {
    auto fn = [&](double tt) { return g(interpolate(n0, n1, tt)); };
    const double g0 = g(interpolate(n0, n1, n0.t_s));
    const double g1 = g(interpolate(n0, n1, n1.t_s));
    if (g0 == 0.0) return n0.t_s;
    if (g1 == 0.0 || (g0 > 0.0) == (g1 > 0.0)) return n1.t_s;
    std::uintmax_t iters = 60;
    const auto tol = [](double a, double b) { return std::abs(b - a) < 1e-6; };
    const auto [lo, hi] = boost::math::tools::toms748_solve(fn, n0.t_s, n1.t_s, g0, g1, tol, iters);
    return 0.5 * (lo + hi);
  }

  const FlightModels& models_;
  const FlightOptions& options_;
  FlightResult& out_;
  Phase phase_;
  Dynamics dyn_;
  Dop853<kStateSize, Dynamics> stepper_;
  long counted_ = 0;
  bool found_apogee_ = false;
};

Sample sampleOf(double t, const StateVector& y) {
  Sample s;
  s.t_s = t;
  s.p_Eci_m = Vec3(y[0], y[1], y[2]);
  s.v_Eci_mps = Vec3(y[3], y[4], y[5]);
  s.mass_kg = y[6];
  return s;
}

void finishResult(const FlightModels& models, Propagator& prop, Propagator::Stop stop, double t,
                  const StateVector& y, FlightResult& out) {
  out.impacted = stop == Propagator::Stop::kImpact;
  out.impact = kinematics(models.earth, sampleOf(t, y));
  out.events.push_back({EventKind::kImpact, t, -1});
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

void flyMissile(const FlightModels& models, const Missile& missile, const world::Geodetic& launch,
                const GuidancePlan& plan, const FlightOptions& options, FlightResult& out) {
  out.clear();
  out.launch = launch;
  const world::Earth& earth = models.earth;
  const auto& stages = missile.stages();
  const auto& guide = missile.guidance();

  // Initial state: at rest on the rotating Earth.
  const Vec3 p0_Ecef = earth.ecefFromGeodetic(launch);
  const Vec3 p0 = earth.eciFromEcef(p0_Ecef, 0.0);
  const Vec3 v0 = earth.eciVelocityFromEcef(p0_Ecef, Vec3::Zero(), 0.0);
  StateVector y{p0.x(), p0.y(), p0.z(), v0.x(), v0.y(), v0.z(), missile.launchMass_kg()};
  double t = 0.0;
  out.events.push_back({EventKind::kLaunch, 0.0, -1});

  const double t_rise = guide.vertical_rise_s;
  const double t_turn = guide.vertical_rise_s + guide.pitch_over_s;
  const double t_cut = std::clamp(plan.cutoff_s, t_turn, missile.totalBurnTime_s());
  Phase base;
  base.sin_az = std::sin(plan.azimuth_deg * c::kDegToRad);
  base.cos_az = std::cos(plan.azimuth_deg * c::kDegToRad);
  base.tilt_rad = plan.pitch_over_deg * c::kDegToRad;
  base.t0_s = t_rise;
  base.duration_s = std::max(guide.pitch_over_s, 1e-9);

  Propagator prop(models, options, out);
  Propagator::Stop stop = Propagator::Stop::kEndOfSegment;
  double stage_start = 0.0;
  std::size_t stage = 0;
  bool events_pitch = false, events_turn = false;
  while (t < t_cut && stop == Propagator::Stop::kEndOfSegment) {
    const StageModel& s = stages[stage];
    const double stage_end = stage_start + s.burn_time_s;
    // The next boundary: a guidance switch, the end of this stage, or the cut-off.
    double t_next = std::min(stage_end, t_cut);
    Phase ph = base;
    ph.stage = &s;
    ph.drag_table = &s.drag;
    ph.area_m2 = s.reference_area_m2;
    if (t < t_rise) {
      ph.steering = Steering::kVertical;
      t_next = std::min(t_next, t_rise);
    } else if (t < t_turn) {
      ph.steering = Steering::kPitchOver;
      t_next = std::min(t_next, t_turn);
      if (!events_pitch) out.events.push_back({EventKind::kPitchOver, t, static_cast<int>(stage)});
      events_pitch = true;
    } else {
      ph.steering = Steering::kGravityTurn;
      if (!events_turn) out.events.push_back({EventKind::kGravityTurn, t, static_cast<int>(stage)});
      events_turn = true;
    }
    stop = prop.run(ph, t, y, t_next, false);
    if (stop != Propagator::Stop::kEndOfSegment) break;
    if (t >= stage_end && stage + 1 < stages.size() && t < t_cut) {
      out.events.push_back({EventKind::kStaging, t, static_cast<int>(stage)});
      y[6] -= s.dry_mass_kg;  // the spent stage falls away
      stage_start = stage_end;
      ++stage;
    }
  }
  if (stop == Propagator::Stop::kEndOfSegment) {
    out.burnout = kinematics(earth, sampleOf(t, y));
    const bool full = t_cut >= missile.totalBurnTime_s();
    out.events.push_back({full ? EventKind::kBurnout : EventKind::kCutoff, t, static_cast<int>(stage)});
    // Coast of the spent stack until the re-entry vehicle separates.
    Phase coast;
    coast.drag_table = &stages[stage].drag;
    coast.area_m2 = stages[stage].reference_area_m2;
    if (missile.separationDelay_s() > 0.0)
      stop = prop.run(coast, t, y, t + missile.separationDelay_s(), true);
    if (stop == Propagator::Stop::kEndOfSegment) {
      out.separation_t_s = t;
      out.events.push_back({EventKind::kSeparation, t, -1});
      y[6] = missile.payloadMass_kg();
      Phase rv;
      rv.inv_two_beta = 0.5 / missile.payloadBallisticCoefficient_kgpm2();
      stop = prop.run(rv, t, y, options.max_time_s, true);
    }
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

}  // namespace picket::flight

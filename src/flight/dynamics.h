// The right-hand side of the equations of motion (see flight.h for the equations) and the plan of
// segments a boosted flight is cut into. Public so that every propagator (picket's own, and the
// peers in bench/ measured against it) integrates exactly the same dynamics.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "flight/missile.h"
#include "flight/trajectory.h"
#include "world/atmosphere.h"
#include "world/earth.h"

namespace picket::flight {

// kPitchProgramme: a launcher's upper stages, the thrust at a pitch above the local horizontal that
// runs linearly in time from pitch0 to pitch1 (the linear approximation of linear-tangent steering,
// the textbook optimal-ascent law of a flat Earth: Bryson & Ho, Applied Optimal Control, 1975).
enum class Steering : std::uint8_t { kNone, kVertical, kPitchOver, kGravityTurn, kPitchProgramme };

// Everything the right-hand side needs to know about the current segment of flight.
struct Phase {
  Steering steering = Steering::kNone;
  const StageModel* stage = nullptr;       // burning stage, or none
  const DragTable* drag_table = nullptr;   // drag of the stack by table ...
  double area_m2 = 0.0;
  double inv_two_beta = 0.0;               // ... or of the re-entry vehicle by its beta (0: none)
  double t0_s = 0.0, duration_s = 1.0;     // pitch-over timing
  double tilt_rad = 0.0;                   // pitch-over angle from the vertical
  double pitch0_rad = 0.0, pitch1_rad = 0.0;  // kPitchProgramme: above the horizontal over [t0, t0 + duration]
  // The pitch plane's horizontal direction: the launch azimuth in the pad's local frame at lift-off
  // (ECI, t = 0), held fixed in inertial space as inertial guidance holds it. Tilting toward its
  // part normal to the local vertical flies a great circle; a heading held against the local north
  // (a rhumb line) is undefined at a pole and winds round it close by.
  world::Vec3 heading_Eci = world::Vec3::UnitY();
};

// The smooth pieces the right-hand side is held to over one integration step: the atmosphere's
// piece (Atmosphere::piece; -1: not held) and the drag table's segment (DragTable::segment; -2:
// not held). Holding them, and restarting where the state crosses a bound, keeps the integrator
// from ever stepping over a kink (flight.cpp).
struct PieceLock {
  int atmosphere = -1;
  int drag = -2;
};

struct Dynamics {
  const world::Earth& earth;
  const world::Atmosphere& atmosphere;
  double omega;
  const Phase* phase;
  const PieceLock* lock = nullptr;  // none: pieces looked up at every evaluation

  void operator()(double t, const StateVector& y, StateVector& dy) const {
    const world::Vec3 r(y[0], y[1], y[2]);
    const world::Vec3 v(y[3], y[4], y[5]);
    const double m = y[6];
    world::Vec3 a = earth.gravity_mps2(r);
    const world::Vec3 v_rel(v.x() + omega * r.y(), v.y() - omega * r.x(), v.z());
    const Phase& ph = *phase;
    const double alt = earth.altitude_m(r);
    const world::AtmosphereSample atm =
        lock != nullptr && lock->atmosphere >= 0 ? atmosphere.at(alt, lock->atmosphere) : atmosphere.at(alt);
    if (atm.density_kgpm3 > 0.0) {
      const double speed = v_rel.norm();
      if (ph.drag_table != nullptr) {
        const double mach = speed / atm.speed_of_sound_mps;
        const double cd = lock != nullptr && lock->drag >= -1 ? ph.drag_table->cd(mach, lock->drag) : ph.drag_table->cd(mach);
        a -= (0.5 * atm.density_kgpm3 * speed * cd * ph.area_m2 / m) * v_rel;
      } else if (ph.inv_two_beta > 0.0) {
        a -= (atm.density_kgpm3 * speed * ph.inv_two_beta) * v_rel;
      }
    }
    dy[6] = 0.0;
    if (ph.stage != nullptr) {
      const double thrust = ph.stage->thrust_n(atm.pressure_pa);
      world::Vec3 u;
      if (ph.steering == Steering::kGravityTurn) {
        u = v_rel.normalized();
      } else {
        const world::Vec3 up = r.normalized();
        if (ph.steering == Steering::kVertical) {
          u = up;
        } else {
          const world::Vec3 horizontal = (ph.heading_Eci - ph.heading_Eci.dot(up) * up).normalized();
          const double f = std::clamp((t - ph.t0_s) / ph.duration_s, 0.0, 1.0);
          if (ph.steering == Steering::kPitchProgramme) {
            const double pitch = ph.pitch0_rad + f * (ph.pitch1_rad - ph.pitch0_rad);
            u = std::cos(pitch) * horizontal + std::sin(pitch) * up;
          } else {
            const double tilt = ph.tilt_rad * f;
            u = std::cos(tilt) * up + std::sin(tilt) * horizontal;
          }
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


// What changes at the end of a segment.
enum class SegmentEnd : std::uint8_t { kGuidance, kStaging, kIgnition, kBurnout, kCutoff, kSeparation, kImpact };

struct Segment {
  Phase phase;
  double t_end_s = 0.0;   // +infinity for the last: flown to impact
  SegmentEnd end = SegmentEnd::kGuidance;
  int stage = -1;
  double mass_after_kg = -1.0;  // the mass set at the end (staging, separation); < 0: unchanged
  bool detect_apogee = false;
};

// The state at lift-off: at rest on the (rotating) Earth at `launch`, t = 0, ECI.
inline StateVector launchState(const world::Earth& earth, const world::Geodetic& launch, double mass_kg) {
  const world::Vec3 p_Ecef = earth.ecefFromGeodetic(launch);
  const world::Vec3 p = earth.eciFromEcef(p_Ecef, 0.0);
  const world::Vec3 v = earth.eciVelocityFromEcef(p_Ecef, world::Vec3::Zero(), 0.0);
  return {p.x(), p.y(), p.z(), v.x(), v.y(), v.z(), mass_kg};
}

// The segments of a boosted flight under a guidance plan (azimuth, pitch-over angle, cut-off), from
// lift-off to the re-entry vehicle's fall: vertical rise, pitch-over, gravity turn per stage up to
// cut-off, the coast of the spent stack until separation, and the re-entry vehicle.
struct GuidancePlan;
std::vector<Segment> planSegments(const world::Earth& earth, const Missile& missile, const world::Geodetic& launch,
                                  const GuidancePlan& plan);

}  // namespace picket::flight

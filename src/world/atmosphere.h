// The atmosphere: density, pressure, temperature and speed of sound against altitude.
//
// Source: COESA, "U.S. Standard Atmosphere, 1976", NOAA-S/T 76-1562 / NASA-TM-X-74335 (NOAA, NASA,
// USAF; U.S. Government Printing Office, Washington D.C., October 1976), NTRS 19770009539.
// Equation numbers below are the standard's. docs/atmosphere.md has the details.
//
// Below 86 km (geometric) the defining equations are used exactly:
//   H = r0 Z / (r0 + Z), r0 = 6356766 m                                      (eq. 18)
//   T_M = T_M,b + L_M,b (H - H_b), 7 layers from Table 4:                    (eq. 23)
//     H_b = 0, 11, 20, 32, 47, 51, 71 km', L_M,b = -6.5, 0, 1, 2.8, 0, -2.8, -2.0 K/km'
//   P = P_b [T_M,b / T_M]^(g0' M0 / (R* L_M,b))    for L_M,b != 0            (eq. 33a)
//   P = P_b exp[-g0' M0 (H - H_b) / (R* T_M,b)]    for L_M,b == 0            (eq. 33b)
//   rho = P M0 / (R* T_M)                                                    (eq. 42)
//   a = sqrt(gamma R* T_M / M0), gamma = 1.4                                 (eq. 50)
//   T = T_M M / M0 (kinetic temperature), M/M0 = 1 below 80 km, Table 8 from 80 to 86 km
//   with T0 = 288.15 K, P0 = 101325 Pa, g0' = 9.80665, R* = 8314.32 J/(kmol K), M0 = 28.9644.
// Accuracy: reproduces the printed Table I (5 significant figures) to within one unit in the last
// printed place, i.e. ~1e-4 relative; Table I itself prints T_M, not T, between 80 and 86 km (see
// docs/atmosphere.md).
//
// From 86 to 1000 km the standard has no closed form (it integrates diffusion equations for six
// species). This model is an extension built from the standard's own Table I numbers: density and
// pressure as printed at 89 geometric altitudes (every 1-2 km to 150 km, 10 km to 300 km, 20 km to
// 500 km, 25 km to 1000 km), node temperatures from the standard's defining T(Z) (eqs. 25, 27, 29,
// 31). Between nodes a monotone cubic Hermite (Fritsch-Carlson) interpolates ln(rho), P/rho and T.
// Accuracy of the extension, measured against every printed Table I value available: density
// within 0.2 %, pressure within 0.1 %, temperature within 0.1 %; exact at the nodes. Above 86 km
// the speed of sound is sqrt(gamma R* T / M(86 km)) (the standard tabulates none there); it only
// feeds Mach for the drag tables, where the density is already below 7e-6 kg/m^3.
//
// Outside the range: altitudes below -5 km are clamped to -5 km; above 1000 km density and pressure
// are 0 and temperature / speed of sound keep their 1000 km values. NaN altitude gives NaN outputs.
#pragma once

#include "scenario/config.h"

namespace picket::world {

enum class AtmosphereModel { kNone, kUs1976 };

// The model a scenario's `physics.atmosphere` names.
inline AtmosphereModel atmosphereModelFor(scenario::AtmosphereOption o) {
  return o == scenario::AtmosphereOption::kNone ? AtmosphereModel::kNone : AtmosphereModel::kUs1976;
}

struct AtmosphereSample {
  double density_kgpm3 = 0.0;
  double pressure_pa = 0.0;
  double temperature_k = 0.0;
  double speed_of_sound_mps = 0.0;
};

namespace detail {
struct Us1976Tables;  // precomputed once (layer bases, interpolation slopes), immutable
}  // namespace detail

// Immutable, cheap to copy (an enum and a pointer to shared read-only tables), thread-safe.
// at() allocates nothing and throws nothing; it makes one exp() or pow() call per query
// (one exp() above 86 km as well).
class Atmosphere {
 public:
  explicit Atmosphere(AtmosphereModel model = AtmosphereModel::kUs1976);

  // kNone: vacuum with a nominal sea-level temperature (288.15 K, 340.294 m/s): Mach stays finite.
  AtmosphereModel model() const;

  // altitude_m: geometric altitude above the ellipsoid, metres.
  AtmosphereSample at(double altitude_m) const;

  // Pieces: the model is smooth inside each piece and only continuous across their bounds (the
  // US76 layer bases below 86 km, the 86 km seam, the 1000 km top). An integrator that holds the
  // piece fixed over a step (`at(altitude, piece)` continues the piece's formulas past its bounds)
  // and restarts where the altitude crosses a bound never steps over a kink (flight/flight.cpp).
  [[nodiscard]] int piece(double altitude_m) const;
  [[nodiscard]] double pieceBase_m(int piece) const;  // geometric altitude where `piece` begins
  [[nodiscard]] AtmosphereSample at(double altitude_m, int piece) const;

 private:
  AtmosphereModel model_;
  const detail::Us1976Tables* tables_;
};

}  // namespace picket::world

// Physical constants, SI, each with its public source.
#pragma once

#include <numbers>

namespace picket::constants {

// WGS-84 defining parameters: NIMA TR8350.2, 3rd ed. (2000), table 3.1.
inline constexpr double kWgs84SemiMajorAxis_m = 6378137.0;
inline constexpr double kWgs84Flattening = 1.0 / 298.257223563;
inline constexpr double kWgs84Gm_m3ps2 = 3.986004418e14;
// Earth rotation rate 7.292115e-5 rad/s (NIMA TR8350.2 table 3.1; the value the issue asks for).
inline constexpr double kEarthRotationRate_radps = 7.292115e-5;
// Second zonal harmonic J2 = -sqrt(5) * C20bar, C20bar = -0.484165371736e-3 (EGM96, NIMA TR8350.2
// table 5.3): J2 = 1.0826266836e-3. J3 and J4 from the same normalised coefficients
// (C30bar = 0.957161207093e-6, C40bar = 0.539965866638e-6): Jn = -sqrt(2n+1) * Cn0bar.
inline constexpr double kWgs84J2 = 1.0826266835531513e-3;
inline constexpr double kWgs84J3 = -2.5324105185664714e-6;
inline constexpr double kWgs84J4 = -1.619897599914e-6;

// Mean Earth radius for the spherical model the issue fixes (R = 6371 km; IUGG mean radius R1 is
// 6371.0088 km, Moritz 2000, "Geodetic Reference System 1980").
inline constexpr double kSphereRadius_m = 6371000.0;
// The IUGG mean radius R1 itself, for ground ranges and areas on the mean sphere.
inline constexpr double kMeanEarthRadius_m = 6371008.8;

// Standard gravity, for specific impulse: 9.80665 m/s^2 (3rd CGPM, 1901; BIPM SI brochure).
inline constexpr double kStandardGravity_mps2 = 9.80665;

inline constexpr double kPi = std::numbers::pi;
inline constexpr double kDegToRad = kPi / 180.0;
inline constexpr double kRadToDeg = 180.0 / kPi;

}  // namespace picket::constants

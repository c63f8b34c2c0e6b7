// One transform API for positions and velocities between the frames picket uses (docs/notation.md):
// ECI, ECEF (WGS-84 or the sphere, as the Earth model says) and a local East-North-Up frame at a
// geodetic origin. Geodetic coordinates are not a Cartesian frame: Earth::geodeticFromEcef and
// Earth::ecefFromGeodetic convert them.
//
//   world::FrameState s_Enu = world::transform(earth, Frame::kEci, Frame::kEnu, t_s, s_Eci, origin);
//
// Velocities transform with the frames' relative rotation: v_Eci = R_EciEcef (v_Ecef + w x p_Ecef);
// ENU is fixed to the Earth at its origin, so ENU velocities are ECEF velocities rotated.
#pragma once

#include "world/earth.h"

namespace picket::world {

enum class Frame { kEci, kEcef, kEnu };

struct FrameState {
  Vec3 p_m = Vec3::Zero();
  Vec3 v_mps = Vec3::Zero();
};

// `origin` is used only when `from` or `to` is kEnu.
FrameState transform(const Earth& earth, Frame from, Frame to, double t_s, const FrameState& state,
                     const Geodetic& origin = {});

}  // namespace picket::world

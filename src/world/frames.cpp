#include "world/frames.h"

namespace picket::world {
namespace {

FrameState toEcef(const Earth& earth, Frame from, double t_s, const FrameState& s, const Geodetic& origin) {
  switch (from) {
    case Frame::kEcef:
      return s;
    case Frame::kEci:
      return {earth.ecefFromEci(s.p_m, t_s), earth.ecefVelocityFromEci(s.p_m, s.v_mps, t_s)};
    case Frame::kEnu: {
      const Mat3 r = earth.R_EcefEnu(origin.lat_deg, origin.lon_deg);
      return {earth.ecefFromGeodetic(origin) + r * s.p_m, r * s.v_mps};
    }
  }
  return s;
}

FrameState fromEcef(const Earth& earth, Frame to, double t_s, const FrameState& s, const Geodetic& origin) {
  switch (to) {
    case Frame::kEcef:
      return s;
    case Frame::kEci:
      return {earth.eciFromEcef(s.p_m, t_s), earth.eciVelocityFromEcef(s.p_m, s.v_mps, t_s)};
    case Frame::kEnu: {
      const Mat3 r = earth.R_EcefEnu(origin.lat_deg, origin.lon_deg).transpose();
      return {r * (s.p_m - earth.ecefFromGeodetic(origin)), r * s.v_mps};
    }
  }
  return s;
}

}  // namespace

FrameState transform(const Earth& earth, Frame from, Frame to, double t_s, const FrameState& state,
                     const Geodetic& origin) {
  if (from == to) return state;
  return fromEcef(earth, to, t_s, toEcef(earth, from, t_s, state, origin), origin);
}

}  // namespace picket::world

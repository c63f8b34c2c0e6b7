#include "sensors/observe.h"

#include <cmath>

namespace picket::sensors {

void observe(const Radar& radar, const world::Earth& earth, std::span<const TruthObject> objects, double t_end_s,
             RandomStream& rng, std::vector<RadarDetection>& out) {
  const double revisit = radar.type().revisit_s;
  for (double t = rng.uniform() * revisit; t <= t_end_s; t += revisit) {
    for (std::size_t i = 0; i < objects.size(); ++i) {
      const TruthObject& o = objects[i];
      if (t < o.start_s || t > o.end_s) continue;
      const Vec3 p_Eci = o.trajectory->at(t).p_Eci_m;
      const RadarLook look = radar.look(earth.ecefFromEci(p_Eci, t), o.rcsAt(t));
      if (!look.in_view) continue;
      // Draw both numbers whatever the outcome, so the stream stays aligned between runs that
      // differ only in a detection probability.
      const double u = rng.uniform();
      RadarDetection d;
      d.sensor = radar.index();
      d.truth = static_cast<int>(i);
      d.t_s = t;
      d.snr = look.snr;
      d.R = radar.noiseCovariance(look.snr, look.elevation_rad);
      const Vec3 noise(rng.normal(), rng.normal(), rng.normal());
      if (u >= radar.detectionProbability(look.snr)) continue;
      d.z = radar.measure(p_Eci, t) + d.R.diagonal().cwiseSqrt().cwiseProduct(noise);
      d.z.y() = wrapPi(d.z.y());
      out.push_back(d);
    }
  }
}

void observe(const InfraredSatellite& sat, const world::Earth& earth, std::span<const TruthObject> objects,
             double t_end_s, RandomStream& rng, std::vector<InfraredDetection>& out) {
  const double frame = sat.type().frame_interval_s;
  const Mat2 R = sat.noiseCovariance();
  const double sigma = std::sqrt(R(0, 0));
  for (double t = rng.uniform() * frame; t <= t_end_s; t += frame) {
    for (std::size_t i = 0; i < objects.size(); ++i) {
      const TruthObject& o = objects[i];
      if (t < o.start_s || t > o.end_s || t > o.plume_end_s) continue;
      const Vec3 p_Eci = o.trajectory->at(t).p_Eci_m;
      if (!sat.sees(p_Eci, earth.altitude_m(p_Eci), t)) continue;
      InfraredDetection d;
      d.sensor = sat.index();
      d.truth = static_cast<int>(i);
      d.t_s = t;
      d.report_t_s = t + sat.type().processing_latency_s;
      d.R = R;
      d.z = sat.measure(p_Eci, t) + sigma * Vec2(rng.normal(), rng.normal());
      out.push_back(d);
    }
  }
}

}  // namespace picket::sensors

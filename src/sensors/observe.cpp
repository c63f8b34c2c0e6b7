#include "sensors/observe.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace picket::sensors {

namespace {

// One object in view at one look.
struct InView {
  int object;
  Vec3 p_Eci;
  Vec3 los;  // unit line of sight from the radar, ECEF
  double rcs_m2;
  RadarLook look;  // at its cross-section
};

int findRoot(std::vector<int>& parent, int i) {
  while (parent[static_cast<std::size_t>(i)] != i) {
    parent[static_cast<std::size_t>(i)] = parent[static_cast<std::size_t>(parent[static_cast<std::size_t>(i)])];
    i = parent[static_cast<std::size_t>(i)];
  }
  return i;
}

}  // namespace

void observe(const Radar& radar, const world::Earth& earth, std::span<const TruthObject> objects, double t_end_s,
             RandomStream& rng, std::vector<RadarDetection>& out, std::vector<DetectionTruth>& truth,
             std::vector<double>* looks, RandomStream* features) {
  const double revisit = radar.type().revisit_s;
  const double range_res = radar.rangeResolution_m(), cos_angle_res = std::cos(radar.angleResolution_rad());
  std::vector<InView> seen;
  std::vector<int> parent;
  for (double t = rng.uniform() * revisit; t <= t_end_s; t += revisit) {
    if (looks != nullptr) looks->push_back(t);
    seen.clear();
    for (std::size_t i = 0; i < objects.size(); ++i) {
      const TruthObject& o = objects[i];
      if (t < o.start_s || t > o.end_s) continue;
      const Vec3 p_Eci = o.trajectory->at(t).p_Eci_m;
      const Vec3 p_Ecef = earth.ecefFromEci(p_Eci, t);
      if (!radar.sees(p_Ecef)) continue;
      const double rcs = o.rcsAt(t);
      const RadarLook look = radar.look(p_Ecef, rcs);
      seen.push_back({static_cast<int>(i), p_Eci, (p_Ecef - radar.p_Radar_Ecef()) / look.range_m, rcs, look});
    }
    if (seen.empty()) continue;
    // Resolution cells: objects closer than the range resolution in range and the angular
    // resolution in angle share one return. Sorted by range, only neighbours within the range
    // resolution need comparing.
    std::sort(seen.begin(), seen.end(), [](const InView& a, const InView& b) { return a.look.range_m < b.look.range_m; });
    parent.resize(seen.size());
    std::iota(parent.begin(), parent.end(), 0);
    for (std::size_t a = 0; a < seen.size(); ++a)
      for (std::size_t b = a + 1; b < seen.size() && seen[b].look.range_m - seen[a].look.range_m < range_res; ++b)
        if (seen[a].los.dot(seen[b].los) > cos_angle_res) {
          const int ra = findRoot(parent, static_cast<int>(a)), rb = findRoot(parent, static_cast<int>(b));
          parent[static_cast<std::size_t>(std::max(ra, rb))] = std::min(ra, rb);  // a cell's root is its nearest object
        }
    // One return per cell, in the order of its nearest object (a draw order the same seed repeats).
    for (std::size_t a = 0; a < seen.size(); ++a) {
      if (findRoot(parent, static_cast<int>(a)) != static_cast<int>(a)) continue;
      Vec3 p = Vec3::Zero();
      double rcs = 0.0, strongest = -1.0;
      DetectionTruth dt;
      dt.merged = 0;
      for (std::size_t b = a; b < seen.size(); ++b) {
        if (findRoot(parent, static_cast<int>(b)) != static_cast<int>(a)) continue;
        p += seen[b].rcs_m2 * seen[b].p_Eci;
        rcs += seen[b].rcs_m2;
        ++dt.merged;
        if (seen[b].rcs_m2 > strongest) {
          strongest = seen[b].rcs_m2;
          dt.object = seen[b].object;
        }
      }
      // A cell of one object is its own look; a merged one is looked at from its centroid.
      RadarLook look = seen[a].look;
      if (dt.merged == 1 || rcs <= 0.0) {
        p = seen[a].p_Eci;
      } else {
        p /= rcs;
        look = radar.look(earth.ecefFromEci(p, t), rcs);
      }
      // Draw both numbers whatever the outcome, so the stream stays aligned between runs that
      // differ only in a detection probability.
      const double u = rng.uniform();
      RadarDetection d;
      d.sensor = radar.index();
      d.t_s = t;
      d.R = radar.noiseCovariance(look.snr, look.elevation_rad);
      const Vec3 noise(rng.normal(), rng.normal(), rng.normal());
      if (u >= radar.detectionProbability(look.snr)) continue;
      // The SNR the radar measured: for Swerling I the echo plus noise power, in noise units, is
      // exponential with mean 1 + SNR, and the look detects when it crosses -ln P_fa; the same
      // uniform draw gives both (u < P_fa^(1/(1+SNR)) is that crossing), so the measured SNR is
      // -(1 + SNR) ln u - 1.
      d.snr = std::max(-(1.0 + look.snr) * std::log(std::max(u, 1e-300)) - 1.0, 1e-3);
      // The noise the radar makes: as reported (d.R), times the trial's drawn factor (a radar worse
      // than it says: scenario/config.h's noise_factor).
      d.z = radar.measure(p, t) + radar.config().noise_factor * d.R.diagonal().cwiseSqrt().cwiseProduct(noise);
      d.z.y() = wrapPi(d.z.y());
      // Discrimination (tracking/discrimination.h): the look's feature is N(D (likeness - 1/2), 1)
      // for the object that dominates the return, and the radar reports D times it, the
      // log-likelihood ratio of a warhead (at +D/2) against an object that mimics none of it (at
      // -D/2). Drawn only by a discriminating radar, from its own stream of features.
      const TruthObject& dominant = objects[static_cast<std::size_t>(dt.object)];
      if (dominant.fixed_llr) {
        d.lethal_llr = *dominant.fixed_llr;
      } else if (const double dprime = radar.config().discrimination_dprime; dprime > 0.0 && features != nullptr) {
        d.lethal_llr = dprime * (dprime * (dominant.warhead_likeness - 0.5) + features->normal());
      }
      out.push_back(d);
      truth.push_back(dt);
    }
  }
}

void observe(const InfraredSatellite& sat, const world::Earth& earth, std::span<const TruthObject> objects,
             double t_end_s, RandomStream& rng, std::vector<InfraredDetection>& out, std::vector<DetectionTruth>& truth) {
  const double frame = sat.type().frame_interval_s;
  const Mat2 R = sat.noiseCovariance();
  const double sigma = sat.config().noise_factor * std::sqrt(R(0, 0));  // made; R is what it reports
  for (double t = rng.uniform() * frame; t <= t_end_s; t += frame) {
    for (std::size_t i = 0; i < objects.size(); ++i) {
      const TruthObject& o = objects[i];
      if (t < o.start_s || t > o.end_s || t > o.plume_end_s) continue;
      const Vec3 p_Eci = o.trajectory->at(t).p_Eci_m;
      if (!sat.sees(p_Eci, earth.altitude_m(p_Eci), t)) continue;
      InfraredDetection d;
      d.sensor = sat.index();
      d.t_s = t;
      d.report_t_s = t + sat.type().processing_latency_s;
      d.R = R;
      d.z = sat.measure(p_Eci, t) + sigma * Vec2(rng.normal(), rng.normal());
      out.push_back(d);
      truth.push_back({static_cast<int>(i), 1});
    }
  }
}

}  // namespace picket::sensors

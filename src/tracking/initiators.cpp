#include "tracking/initiators.h"

#include <algorithm>
#include <cmath>

namespace picket::tracking {

void BallisticInitiator::initiate(const ScanContext& scan, std::span<const sensors::RadarDetection> dets,
                                  const Predictor& predictor, const TrackerOptions& o, TrackerState& st,
                                  std::vector<TrackEvent>* events) const {
  const world::Earth& earth = predictor.model().earth();
  const double t = scan.t_s;
  const int m = static_cast<int>(dets.size());
  const int n = static_cast<int>(st.predicted.size());  // the tracks that were associated
  std::erase_if(st.waiting, [&](const TrackerState::Waiting& w) { return t - w.t_s > o.max_pair_gap_s; });
  // Per detection, the confirmed track whose gate it is deepest in (the first such track on a tie).
  st.split_parent.assign(static_cast<std::size_t>(m), -1);
  st.split_parent_d2.assign(static_cast<std::size_t>(m), kNoAssignment);
  for (int i = 0; i < n; ++i) {
    const Track& cand = st.tracks[static_cast<std::size_t>(i)];
    if (!cand.confirmed || cand.merged) continue;
    for (const TrackerState::Gated& g : st.gatedOf(i))
      if (g.innovation.d2 < st.split_parent_d2[static_cast<std::size_t>(g.detection)]) {
        st.split_parent_d2[static_cast<std::size_t>(g.detection)] = g.innovation.d2;
        st.split_parent[static_cast<std::size_t>(g.detection)] = i;
      }
  }
  for (int j = 0; j < m; ++j) {
    if (st.taken_by[static_cast<std::size_t>(j)] >= 0) continue;
    const sensors::RadarDetection& d = dets[static_cast<std::size_t>(j)];
    Vec3 p;
    Mat3 P;
    scan.sensor->inverse(d.z, d.R, t, p, P);
    Track tr;
    tr.state.t_s = t;
    tr.state.x.setZero();
    tr.state.P.setZero();
    tr.state.x.head<3>() = p;
    tr.state.P.topLeftCorner<3, 3>() = P;
    tr.state.x(6) = o.prior_inv_beta;
    tr.state.P(6, 6) = o.prior_inv_beta_sigma * o.prior_inv_beta_sigma;
    bool start = false;

    // 1. A split from the confirmed track whose gate it is deepest in.
    const int parent = st.split_parent[static_cast<std::size_t>(j)];
    if (parent >= 0) {
      const Track& pt = st.tracks[static_cast<std::size_t>(parent)];
      const TrackState& ps = pt.state.t_s == t ? pt.state : st.predicted[static_cast<std::size_t>(parent)];
      tr.state.x.segment<4>(3) = ps.x.segment<4>(3);
      tr.state.P.block<4, 4>(3, 3) = ps.P.block<4, 4>(3, 3);
      tr.state.P.block<3, 3>(3, 3) += Mat3::Identity() * (o.split_velocity_sigma_mps * o.split_velocity_sigma_mps);
      tr.parent = pt.id;
      tr.parent_object = pt.object;
      start = true;
    }

    // 2. Two-point: the waiting detection that pairs with the lowest implied speed.
    if (!start) {
      int best = -1;
      double best_speed = o.max_speed_mps;
      for (std::size_t w = 0; w < st.waiting.size(); ++w) {
        const double dt = t - st.waiting[w].t_s;
        if (dt <= 0.0) continue;
        const double speed = (p - st.waiting[w].p_Eci).norm() / dt;
        if (speed < best_speed) {
          best_speed = speed;
          best = static_cast<int>(w);
        }
      }
      if (best >= 0) {
        const TrackerState::Waiting& w = st.waiting[static_cast<std::size_t>(best)];
        const double dt = t - w.t_s;
        const Vec3 g = earth.gravity_mps2(p);
        tr.state.x.segment<3>(3) = (p - w.p_Eci) / dt + 0.5 * g * dt;
        const double sg = 0.5 * g.norm() * dt;  // allow for the unknown thrust or drag as much again
        tr.state.P.block<3, 3>(3, 3) = (P + w.P) / (dt * dt) + Mat3::Identity() * sg * sg;
        tr.state.P.block<3, 3>(0, 3) = P / dt;
        tr.state.P.block<3, 3>(3, 0) = P / dt;
        st.waiting.erase(st.waiting.begin() + best);
        start = true;
      }
    }

    // 3. Cued, while the plume is reported.
    if (!start && scan.boost && scan.cue != nullptr && t > scan.cue->launch_t_s + 10.0) {
      const world::Geodetic g{scan.cue->lat_deg, scan.cue->lon_deg, 0.0};
      const Vec3 p0 = earth.eciFromEcef(earth.ecefFromGeodetic(g), scan.cue->launch_t_s);
      const Vec3 v = 2.0 * (p - p0) / (t - scan.cue->launch_t_s);
      if (v.norm() <= o.max_speed_mps) {
        tr.state.x.segment<3>(3) = v;
        const double sv = std::max(0.5 * v.norm(), 500.0);
        tr.state.P.block<3, 3>(3, 3) = Mat3::Identity() * sv * sv;
        start = true;
      }
    }

    if (!start) {
      st.waiting.push_back({p, P, t, d.sensor});
      continue;
    }
    tr.id = st.next_id++;
    tr.started_s = t;
    tr.hit_history = 1U;
    tr.looks = 1;
    tr.updates = 1;
    tr.last_sensor = d.sensor;
    tr.rcs_sum_m2 = scan.sensor->rcsEstimate(scan.sensor->expect(p, t), d.snr);
    tr.rcs_looks = 1;
    if (events) events->push_back({TrackEvent::Kind::kStarted, t, tr.id, d.sensor, j, tr.parent, 0.0});
    st.tracks.push_back(tr);
  }
}

}  // namespace picket::tracking

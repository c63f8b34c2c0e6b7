#include "tracking/tracker.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>

#include <boost/math/distributions/chi_squared.hpp>

#include "common/constants.h"

namespace picket::tracking {
namespace c = picket::constants;

TrackerOptions TrackerOptions::from(const scenario::TrackingConfig& cfg) {
  TrackerOptions o;
  o.process_noise_mps2 = cfg.process_noise_mps2;
  o.boost_process_noise_mps2 = cfg.boost_process_noise_mps2;
  o.gate_d2 = boost::math::quantile(boost::math::chi_squared(3.0), cfg.gate_probability);
  o.confirm_hits = cfg.confirm_hits;
  o.confirm_window = cfg.confirm_window;
  o.delete_misses = cfg.delete_misses;
  o.max_speed_mps = cfg.max_speed_mps;
  o.prior_inv_beta = 1.0 / cfg.prior_ballistic_coefficient_kg_m2;
  o.prior_inv_beta_sigma = o.prior_inv_beta;
  return o;
}

// Hungarian algorithm with potentials (Kuhn 1955, Munkres 1957; the O(N^3) shortest-augmenting-path
// form) on the square (n+m) problem: track i to detection j at cost[i][j], or to "missed" at 0;
// detection j to "new" at 0. Written here because no Debian-packaged C++ library offers a linear
// assignment solver (Boost.Graph has none; OR-Tools and dlib are not packaged for this use).
void GnnAssociator::associate(int n, int m, std::span<const double> cost, std::vector<int>& out,
                              std::vector<double>& scratch) const {
  out.assign(static_cast<std::size_t>(n), -1);
  if (n == 0 || m == 0) return;
  if (n == 1 && m == 1) {  // the common case of one object, one detection
    if (cost[0] < 0.0) out[0] = 0;
    return;
  }
  const int N = n + m;
  constexpr double kInf = 1e18, kBlocked = 1e9;
  const auto a = [&](int i, int j) -> double {  // 1-based
    --i;
    --j;
    if (i < n && j < m) return cost[static_cast<std::size_t>(i) * m + j] >= kNoAssignment ? kBlocked : cost[static_cast<std::size_t>(i) * m + j];
    if (i < n) return j - m == i ? 0.0 : kBlocked;          // track to its own "missed" column
    if (j < m) return i - n == j ? 0.0 : kBlocked;          // detection row to its own column: "new"
    return 0.0;                                             // dummy to dummy
  };
  const std::size_t sz = static_cast<std::size_t>(N) + 1;
  scratch.assign(3 * sz, 0.0);
  double* u = scratch.data();
  double* v = u + sz;
  double* minv = v + sz;
  std::vector<int> p(sz, 0), way(sz, 0);  // small; only for scans with several objects
  std::vector<char> used(sz);
  for (int i = 1; i <= N; ++i) {
    p[0] = i;
    int j0 = 0;
    std::fill(minv, minv + sz, kInf);
    std::fill(used.begin(), used.end(), 0);
    do {
      used[static_cast<std::size_t>(j0)] = 1;
      const int i0 = p[static_cast<std::size_t>(j0)];
      double delta = kInf;
      int j1 = 0;
      for (int j = 1; j <= N; ++j) {
        if (used[static_cast<std::size_t>(j)]) continue;
        const double cur = a(i0, j) - u[i0] - v[j];
        if (cur < minv[j]) {
          minv[j] = cur;
          way[static_cast<std::size_t>(j)] = j0;
        }
        if (minv[j] < delta) {
          delta = minv[j];
          j1 = j;
        }
      }
      for (int j = 0; j <= N; ++j) {
        if (used[static_cast<std::size_t>(j)]) {
          u[p[static_cast<std::size_t>(j)]] += delta;
          v[j] -= delta;
        } else {
          minv[j] -= delta;
        }
      }
      j0 = j1;
    } while (p[static_cast<std::size_t>(j0)] != 0);
    do {
      const int j1 = way[static_cast<std::size_t>(j0)];
      p[static_cast<std::size_t>(j0)] = p[static_cast<std::size_t>(j1)];
      j0 = j1;
    } while (j0 != 0);
  }
  for (int j = 1; j <= m; ++j) {
    const int i = p[static_cast<std::size_t>(j)];
    if (i >= 1 && i <= n && cost[static_cast<std::size_t>(i - 1) * m + (j - 1)] < kNoAssignment)
      out[static_cast<std::size_t>(i - 1)] = j - 1;
  }
}

const sensors::Radar& Tracker::radarOf(int sensor) const {
  for (const sensors::Radar& r : radars_)
    if (r.index() == sensor) return r;
  PICKET_ASSERT(false, "a detection from a sensor the tracker was not given");
}

void Tracker::detectionPosition(const sensors::RadarDetection& d, Vec3& p_Eci, Mat3& P) const {
  const sensors::Radar& radar = radarOf(d.sensor);
  const world::Earth& earth = predictor_->model().earth();
  const double r = d.z.x(), az = d.z.y(), el = d.z.z();
  const double ce = std::cos(el), se = std::sin(el), ca = std::cos(az), sa = std::sin(az);
  const Vec3 d_Enu(r * ce * sa, r * ce * ca, r * se);
  Mat3 J;  // d(east, north, up) / d(range, az, el)
  J << ce * sa, r * ce * ca, -r * se * sa, ce * ca, -r * ce * sa, -r * se * ca, se, 0.0, r * ce;
  const Mat3 R_EciEnu = earth.R_EciEcef(d.t_s) * radar.R_EnuEcef().transpose();
  p_Eci = earth.eciFromEcef(radar.p_Radar_Ecef(), d.t_s) + R_EciEnu * d_Enu;
  const Mat3 A = R_EciEnu * J;
  P = A * d.R * A.transpose();
}

void Tracker::processScan(TrackerState& st, int sensor, double t_s, std::span<const sensors::RadarDetection> scan,
                          bool boost, const sensors::LaunchCue* cue, std::vector<TrackEvent>* events) const {
  const sensors::Radar& radar = radarOf(sensor);
  const world::Earth& earth = predictor_->model().earth();
  const double accel = boost ? options_.boost_process_noise_mps2 : options_.process_noise_mps2;
  const int n = static_cast<int>(st.tracks.size()), m = static_cast<int>(scan.size());
  st.predicted.resize(static_cast<std::size_t>(n));
  st.innovations.resize(static_cast<std::size_t>(n) * m);
  st.cost.resize(static_cast<std::size_t>(n) * m);
  for (int i = 0; i < n; ++i) {
    TrackState& pred = st.predicted[static_cast<std::size_t>(i)];
    predictor_->predict(st.tracks[static_cast<std::size_t>(i)].state, t_s, accel, pred);
    for (int j = 0; j < m; ++j) {
      const std::size_t k = static_cast<std::size_t>(i) * m + j;
      Innovation& inn = st.innovations[k];
      updater_->innovation(pred, radar, scan[static_cast<std::size_t>(j)].z, scan[static_cast<std::size_t>(j)].R, inn);
      st.cost[k] = inn.d2 <= options_.gate_d2 ? inn.d2 - options_.gate_d2 : kNoAssignment;
    }
  }
  associator_->associate(n, m, st.cost, st.assignment, st.scratch);
  st.taken.assign(static_cast<std::size_t>(m), 0);
  const unsigned window_mask = (1U << options_.confirm_window) - 1U;
  for (int i = 0; i < n; ++i) {
    Track& tr = st.tracks[static_cast<std::size_t>(i)];
    const int j = st.assignment[static_cast<std::size_t>(i)];
    const bool hit = j >= 0;
    // A miss counts only if this radar could have seen it.
    if (!hit && !radar.look(earth.ecefFromEci(st.predicted[static_cast<std::size_t>(i)].x.head<3>(), t_s), 1.0).in_view)
      continue;
    ++tr.looks;
    tr.hit_history = ((tr.hit_history << 1U) | (hit ? 1U : 0U)) & window_mask;
    if (hit) {
      const Innovation& inn = st.innovations[static_cast<std::size_t>(i) * m + j];
      updater_->update(st.predicted[static_cast<std::size_t>(i)], inn, tr.state);
      st.taken[static_cast<std::size_t>(j)] = 1;
      tr.consecutive_misses = 0;
      ++tr.updates;
      tr.last_sensor = sensor;
      tr.last_nis = inn.d2;
      const int truth = scan[static_cast<std::size_t>(j)].truth;
      if (tr.truth_hint >= 0 && truth != tr.truth_hint) ++tr.truth_switches;
      tr.truth_hint = truth;
      if (events) events->push_back({TrackEvent::Kind::kUpdated, t_s, tr.id, sensor, inn.d2});
    } else {
      ++tr.consecutive_misses;
    }
    if (!tr.confirmed && std::popcount(tr.hit_history) >= options_.confirm_hits) {
      tr.confirmed = true;
      tr.confirmed_s = t_s;
      if (events) events->push_back({TrackEvent::Kind::kConfirmed, t_s, tr.id, sensor, 0.0});
    }
  }

  // Initiation from the detections no track took.
  std::erase_if(st.waiting, [&](const TrackerState::Waiting& w) { return t_s - w.t_s > options_.max_pair_gap_s; });
  for (int j = 0; j < m; ++j) {
    if (st.taken[static_cast<std::size_t>(j)]) continue;
    const sensors::RadarDetection& d = scan[static_cast<std::size_t>(j)];
    Vec3 p;
    Mat3 P;
    detectionPosition(d, p, P);
    // The waiting detection that pairs with the lowest implied speed.
    int best = -1;
    double best_speed = options_.max_speed_mps;
    for (std::size_t w = 0; w < st.waiting.size(); ++w) {
      const double dt = t_s - st.waiting[w].t_s;
      if (dt <= 0.0) continue;
      const double speed = (p - st.waiting[w].p_Eci).norm() / dt;
      if (speed < best_speed) {
        best_speed = speed;
        best = static_cast<int>(w);
      }
    }
    Track tr;
    tr.state.t_s = t_s;
    tr.state.x.setZero();
    tr.state.P.setZero();
    tr.state.x.head<3>() = p;
    tr.state.P.topLeftCorner<3, 3>() = P;
    bool start = false;
    if (best >= 0) {
      const TrackerState::Waiting& w = st.waiting[static_cast<std::size_t>(best)];
      const double dt = t_s - w.t_s;
      // The chord's velocity is the mean over dt; gravity moves it on by g dt / 2 at the end.
      const Vec3 g = earth.gravity_mps2(p);
      tr.state.x.segment<3>(3) = (p - w.p_Eci) / dt + 0.5 * g * dt;
      const double sg = 0.5 * g.norm() * dt;  // allow for the unknown thrust or drag as much again
      tr.state.P.block<3, 3>(3, 3) = (P + w.P) / (dt * dt) + Mat3::Identity() * sg * sg;
      tr.state.P.block<3, 3>(0, 3) = P / dt;
      tr.state.P.block<3, 3>(3, 0) = P / dt;
      st.waiting.erase(st.waiting.begin() + best);
      start = true;
    } else if (cue != nullptr && t_s > cue->launch_t_s + 10.0) {
      const world::Geodetic g{cue->lat_deg, cue->lon_deg, 0.0};
      const Vec3 p0 = earth.eciFromEcef(earth.ecefFromGeodetic(g), cue->launch_t_s);
      const double dt = t_s - cue->launch_t_s;
      const Vec3 v = 2.0 * (p - p0) / dt;
      if (v.norm() <= options_.max_speed_mps) {
        tr.state.x.segment<3>(3) = v;
        const double sv = std::max(0.5 * v.norm(), 500.0);
        tr.state.P.block<3, 3>(3, 3) = Mat3::Identity() * sv * sv;
        start = true;
      }
    }
    if (!start) {
      st.waiting.push_back({p, P, t_s, sensor, d.truth});
      continue;
    }
    tr.state.x(6) = options_.prior_inv_beta;
    tr.state.P(6, 6) = options_.prior_inv_beta_sigma * options_.prior_inv_beta_sigma;
    tr.id = st.next_id++;
    tr.started_s = t_s;
    tr.hit_history = 1U;
    tr.looks = 1;
    tr.updates = 1;
    tr.last_sensor = sensor;
    tr.truth_hint = d.truth;
    if (events) events->push_back({TrackEvent::Kind::kStarted, t_s, tr.id, sensor, 0.0});
    st.tracks.push_back(tr);
  }

  // Deletion.
  std::erase_if(st.tracks, [&](const Track& tr) {
    const bool gone = tr.consecutive_misses >= options_.delete_misses ||
                      predictor_->model().altitude_m(tr.state.x) < -1000.0 ||
                      (!tr.confirmed && tr.looks >= options_.confirm_window &&
                       std::popcount(tr.hit_history) < options_.confirm_hits);
    if (gone && events) events->push_back({TrackEvent::Kind::kDeleted, t_s, tr.id, sensor, 0.0});
    return gone;
  });
}

}  // namespace picket::tracking

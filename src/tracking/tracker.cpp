#include "tracking/tracker.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>

#include <boost/math/distributions/chi_squared.hpp>

#include "common/constants.h"
#include "common/error.h"
#include "tracking/correlator.h"
#include "tracking/deleters.h"
#include "tracking/initiators.h"

namespace picket::tracking {
namespace c = picket::constants;

TrackerOptions TrackerOptions::from(const scenario::TrackingConfig& cfg) {
  TrackerOptions o;
  o.process_noise_mps2 = cfg.process_noise_mps2;
  o.boost_process_noise_mps2 = cfg.boost_process_noise_mps2;
  o.gate_d2 = boost::math::quantile(boost::math::chi_squared(3.0), cfg.gate_probability);
  o.confirm_hits = cfg.confirm_hits;
  o.confirm_window = cfg.confirm_window;
  o.max_speed_mps = cfg.max_speed_mps;
  o.delete_log_p = std::log(cfg.delete_probability);
  o.max_expected_pd = cfg.max_expected_detection_probability;
  o.max_position_sigma_m = cfg.max_position_sigma_m;
  o.split_velocity_sigma_mps = cfg.split_velocity_sigma_mps;
  o.duplicate_d2 = boost::math::quantile(boost::math::chi_squared(6.0), cfg.duplicate_probability);
  o.duplicate_scans = cfg.duplicate_scans;
  o.co_hit_window_s = cfg.co_hit_window_s;
  o.correlation_d2 = boost::math::quantile(boost::math::chi_squared(3.0), cfg.correlation_probability);
  o.correlation_window_s = cfg.correlation_window_s;
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

void associateSparse(const Associator& associator, int n, int m, std::span<const AssignmentPair> pairs,
                     std::vector<int>& out, AssignmentScratch& w) {
  out.assign(static_cast<std::size_t>(n), -1);
  // Union-find on rows 0..n-1 and columns n..n+m-1; a cluster's root is its smallest row.
  std::vector<int>& parent = w.parent;
  parent.resize(static_cast<std::size_t>(n + m));
  for (int k = 0; k < n + m; ++k) parent[static_cast<std::size_t>(k)] = k;
  const auto find = [&](int k) {
    while (parent[static_cast<std::size_t>(k)] != k) {
      parent[static_cast<std::size_t>(k)] = parent[static_cast<std::size_t>(parent[static_cast<std::size_t>(k)])];
      k = parent[static_cast<std::size_t>(k)];
    }
    return k;
  };
  // Each row's pairs: [row_begin[r], row_begin[r + 1]).
  w.row_begin.assign(static_cast<std::size_t>(n) + 1, 0);
  for (std::size_t k = 0; k < pairs.size(); ++k) {
    PICKET_ASSERT(k == 0 || pairs[k].row >= pairs[k - 1].row, "assignment pairs not grouped by row");
    ++w.row_begin[static_cast<std::size_t>(pairs[k].row) + 1];
    const int a = find(pairs[k].row), b = find(n + pairs[k].col);
    if (a != b) parent[static_cast<std::size_t>(std::max(a, b))] = std::min(a, b);
  }
  for (int r = 0; r < n; ++r) w.row_begin[static_cast<std::size_t>(r) + 1] += w.row_begin[static_cast<std::size_t>(r)];
  // The rows with pairs, grouped by cluster.
  w.rows.clear();
  for (int r = 0; r < n; ++r)
    if (w.row_begin[static_cast<std::size_t>(r)] < w.row_begin[static_cast<std::size_t>(r) + 1]) w.rows.emplace_back(find(r), r);
  std::sort(w.rows.begin(), w.rows.end());
  for (std::size_t b = 0; b < w.rows.size();) {
    std::size_t e = b;
    while (e < w.rows.size() && w.rows[e].first == w.rows[b].first) ++e;
    const auto rowPairs = [&](std::size_t idx) {
      const auto r = static_cast<std::size_t>(w.rows[idx].second);
      return pairs.subspan(static_cast<std::size_t>(w.row_begin[r]),
                           static_cast<std::size_t>(w.row_begin[r + 1] - w.row_begin[r]));
    };
    w.cols.clear();
    for (std::size_t idx = b; idx < e; ++idx)
      for (const AssignmentPair& p : rowPairs(idx)) w.cols.push_back(p.col);
    std::sort(w.cols.begin(), w.cols.end());
    w.cols.erase(std::unique(w.cols.begin(), w.cols.end()), w.cols.end());
    const int nr = static_cast<int>(e - b), nc = static_cast<int>(w.cols.size());
    w.cost.assign(static_cast<std::size_t>(nr) * static_cast<std::size_t>(nc), kNoAssignment);
    for (std::size_t idx = b; idx < e; ++idx)
      for (const AssignmentPair& p : rowPairs(idx)) {
        const auto c = static_cast<std::size_t>(std::lower_bound(w.cols.begin(), w.cols.end(), p.col) - w.cols.begin());
        w.cost[(idx - b) * static_cast<std::size_t>(nc) + c] = p.cost;
      }
    associator.associate(nr, nc, w.cost, w.out, w.scratch);
    for (int r = 0; r < nr; ++r)
      if (const int c = w.out[static_cast<std::size_t>(r)]; c >= 0)
        out[static_cast<std::size_t>(w.rows[b + static_cast<std::size_t>(r)].second)] = w.cols[static_cast<std::size_t>(c)];
    b = e;
  }
}

const sensors::MeasurementModel& Tracker::sensor(int index) const {
  PICKET_ASSERT(index >= 0 && index < static_cast<int>(sensors_.size()) && sensors_[static_cast<std::size_t>(index)] != nullptr,
                "a detection from a sensor the tracker was not given");
  return *sensors_[static_cast<std::size_t>(index)];
}

void Tracker::processScan(TrackerState& st, int sensor_index, double t_s, std::span<const sensors::RadarDetection> scan,
                          bool boost, const sensors::LaunchCue* cue, std::vector<TrackEvent>* events) const {
  const sensors::MeasurementModel& model = sensor(sensor_index);
  const BallisticModel& dynamics = predictor_->model();
  const double accel = boost ? options_.boost_process_noise_mps2 : options_.process_noise_mps2;
  const int n = static_cast<int>(st.tracks.size()), m = static_cast<int>(scan.size());
  st.predicted.resize(static_cast<std::size_t>(n));
  st.pd.resize(static_cast<std::size_t>(n));
  st.expected.resize(static_cast<std::size_t>(n));
  st.gated.clear();
  st.gated_begin.assign(static_cast<std::size_t>(n) + 1, 0);
  // A pre-gate on range: for any positive definite S, nu^T S^-1 nu >= nu_r^2 / S_rr, so a detection
  // whose range differs from the track's predicted range by more than sqrt(gate d2 x S_rr) is
  // outside the gate, without computing its innovation. S_rr is bounded by the prediction's
  // H P H^T in range plus the scan's largest range variance; the bound is doubled, which covers
  // the UKF's sigma-point S as well as the EKF's linear one. The detections sorted by range, each
  // track looks only at those within its bound: the cost of a scan grows with tracks x detections
  // near them, not with tracks x detections (bench/README.md, "Issue 16").
  double max_R_rr = 0.0, max_R_aa = 0.0, max_R_ee = 0.0;
  for (const sensors::RadarDetection& d : scan) {
    max_R_rr = std::max(max_R_rr, d.R(0, 0));
    max_R_aa = std::max(max_R_aa, d.R(1, 1));
    max_R_ee = std::max(max_R_ee, d.R(2, 2));
  }
  st.by_range.resize(static_cast<std::size_t>(m));
  for (int j = 0; j < m; ++j) st.by_range[static_cast<std::size_t>(j)] = j;
  std::sort(st.by_range.begin(), st.by_range.end(), [&](int a, int b) {
    const double ra = scan[static_cast<std::size_t>(a)].z.x(), rb = scan[static_cast<std::size_t>(b)].z.x();
    return ra < rb || (ra == rb && a < b);
  });
  // Gate, then the cost of "track i made detection j" against "track i was missed": -2 ln of their
  // likelihood ratio, P_d N(nu; 0, S) p(SNR) / (1 - P_d), i.e. d^2 + ln|S| + the amplitude term
  // (sensors/measurement_model.h) - 2 ln(P_d / (1 - P_d)) (Blackman and Popoli 1999, sec. 6.2,
  // with the amplitude feature of Lerro and Bar-Shalom 1993): a vague track, or one the sensor can
  // hardly see, or one far fainter than the return, does not take a detection from one that fits.
  // Less one constant for every gated pair (the most any of them costs, plus one), so that the
  // assignment takes as many gated pairs as it can, and among those choices the likeliest.
  // Each track predicted to the scan on its own: in parallel for a raid's hundreds of tracks (the
  // numbers are the same whatever the thread count), in line for a few.
#pragma omp parallel for schedule(static) if (n > 64)
  for (int i = 0; i < n; ++i) {
    TrackState& pred = st.predicted[static_cast<std::size_t>(i)];
    const Track& tr = st.tracks[static_cast<std::size_t>(i)];
    predictor_->predict(tr.coasted.t_s > tr.state.t_s ? tr.coasted : tr.state, t_s, accel, pred);
    const sensors::MeasurementModel::Expectation& e = st.expected[static_cast<std::size_t>(i)] =
        model.expect(pred.x.head<3>(), t_s);
    st.pd[static_cast<std::size_t>(i)] = model.expectedDetectionProbability(e, tr.rcs_m2(options_.prior_rcs_m2));
  }
  double worst = -kNoAssignment;
  for (int i = 0; i < n; ++i) {
    const TrackState& pred = st.predicted[static_cast<std::size_t>(i)];
    const Track& tr = st.tracks[static_cast<std::size_t>(i)];
    const double rcs = tr.rcs_m2(options_.prior_rcs_m2);
    const sensors::MeasurementModel::Expectation& e = st.expected[static_cast<std::size_t>(i)];
    const double pd = st.pd[static_cast<std::size_t>(i)];
    const double pd_c = std::clamp(pd, 1e-3, options_.max_expected_pd);
    const double detect_cost = -2.0 * std::log(pd_c / (1.0 - pd_c));
    st.gated_begin[static_cast<std::size_t>(i)] = static_cast<int>(st.gated.size());
    if (m == 0) continue;
    Vec3 zp;
    Mat3 Hp;
    model.measureWithJacobian(pred.x.head<3>(), t_s, zp, Hp);
    const double S_rr = Hp.row(0) * pred.P.topLeftCorner<3, 3>() * Hp.row(0).transpose() + max_R_rr;
    const double bound = 2.0 * std::sqrt(options_.gate_d2 * std::max(S_rr, 0.0));
    const auto range_of = [&](int j) { return scan[static_cast<std::size_t>(j)].z.x(); };
    const auto lo = std::lower_bound(st.by_range.begin(), st.by_range.end(), zp.x() - bound,
                                     [&](int j, double r) { return range_of(j) < r; });
    // The same bound in azimuth (wrapped) and elevation: in a raid's dense scan most detections
    // within the range bound are far off in angle, and these two tests spare their innovations.
    const Mat3 HPH = Hp * pred.P.topLeftCorner<3, 3>() * Hp.transpose();
    const double bound_az = 2.0 * std::sqrt(options_.gate_d2 * std::max(HPH(1, 1) + max_R_aa, 0.0));
    const double bound_el = 2.0 * std::sqrt(options_.gate_d2 * std::max(HPH(2, 2) + max_R_ee, 0.0));
    st.candidates.clear();
    for (auto it = lo; it != st.by_range.end() && range_of(*it) <= zp.x() + bound; ++it) {
      const Vec3& z = scan[static_cast<std::size_t>(*it)].z;
      if (std::abs(std::remainder(z.y() - zp.y(), 2.0 * constants::kPi)) > bound_az || std::abs(z.z() - zp.z()) > bound_el) continue;
      st.candidates.push_back(*it);
    }
    std::sort(st.candidates.begin(), st.candidates.end());
    for (const int j : st.candidates) {
      TrackerState::Gated g;
      g.detection = j;
      updater_->innovation(pred, model, scan[static_cast<std::size_t>(j)].z, scan[static_cast<std::size_t>(j)].R,
                           g.innovation);
      if (g.innovation.d2 > options_.gate_d2) continue;
      g.cost = g.innovation.d2 + g.innovation.log_det_S + detect_cost +
               model.amplitudeCost(e, rcs, scan[static_cast<std::size_t>(j)].snr);
      worst = std::max(worst, g.cost);
      st.gated.push_back(g);
    }
  }
  st.gated_begin[static_cast<std::size_t>(n)] = static_cast<int>(st.gated.size());
  st.pairs.clear();
  for (int i = 0; i < n; ++i)
    for (int k = st.gated_begin[static_cast<std::size_t>(i)]; k < st.gated_begin[static_cast<std::size_t>(i) + 1]; ++k) {
      TrackerState::Gated& g = st.gated[static_cast<std::size_t>(k)];
      g.cost -= worst + 1.0;
      st.pairs.push_back({i, g.detection, g.cost});
    }
  associateSparse(*associator_, n, m, st.pairs, st.assignment, st.assign_scratch);
  st.taken_by.assign(static_cast<std::size_t>(m), -1);
  for (int i = 0; i < n; ++i)
    if (const int j = st.assignment[static_cast<std::size_t>(i)]; j >= 0) st.taken_by[static_cast<std::size_t>(j)] = i;

  const unsigned window_mask = (1U << options_.confirm_window) - 1U;
  for (int i = 0; i < n; ++i) {
    Track& tr = st.tracks[static_cast<std::size_t>(i)];
    const TrackState& pred = st.predicted[static_cast<std::size_t>(i)];
    const int j = st.assignment[static_cast<std::size_t>(i)];
    if (j >= 0) {
      const std::span<const TrackerState::Gated> row = st.gatedOf(i);
      const Innovation& inn =
          std::find_if(row.begin(), row.end(), [&](const TrackerState::Gated& g) { return g.detection == j; })->innovation;
      const sensors::RadarDetection& d = scan[static_cast<std::size_t>(j)];
      updater_->update(pred, inn, tr.state);
      deleter_->hit(tr);
      ++tr.looks;
      ++tr.updates;
      tr.hit_history = ((tr.hit_history << 1U) | 1U) & window_mask;
      tr.last_sensor = sensor_index;
      tr.last_nis = inn.d2;
      tr.predicted_position_var_m2 = tr.state.P.topLeftCorner<3, 3>().trace();
      tr.predicted_below_ground = dynamics.belowGround(tr.state.x, kBelowGround_m);
      // The prediction's expectation: the update moves the track by metres, which changes the
      // range by parts in a million.
      const double rcs = model.rcsEstimate(st.expected[static_cast<std::size_t>(i)], d.snr);
      tr.rcs_sum_m2 += rcs;
      ++tr.rcs_looks;
      if (tr.object > 0) {
        TrackedObject& obj = st.object(tr.object);
        obj.rcs_sum_m2 += rcs;
        ++obj.rcs_looks;
        obj.last_s = t_s;
      }
      if (events) events->push_back({TrackEvent::Kind::kUpdated, t_s, tr.id, sensor_index, j, 0, inn.d2});
    } else {
      tr.predicted_position_var_m2 = pred.P.topLeftCorner<3, 3>().trace();
      tr.predicted_below_ground = dynamics.belowGround(pred.x, kBelowGround_m);
      tr.coasted = pred;
      // A miss counts by how likely this sensor was to see the track (deleters.h); one it could
      // hardly see is not a look for the M-of-N confirmation either.
      const double pd = st.pd[static_cast<std::size_t>(i)];
      if (pd <= 0.0) continue;
      deleter_->missed(tr, pd, options_);
      if (pd < 0.5) continue;
      ++tr.looks;
      tr.hit_history = (tr.hit_history << 1U) & window_mask;
    }
  }
  correlator_->afterUpdates(st, n, m, t_s, options_, events);
  for (int i = 0; i < n; ++i) {
    Track& tr = st.tracks[static_cast<std::size_t>(i)];
    if (tr.confirmed || tr.merged || std::popcount(tr.hit_history) < options_.confirm_hits) continue;
    tr.confirmed = true;
    tr.confirmed_s = t_s;
    correlator_->confirmed(st, tr, *predictor_, options_);
    if (events) events->push_back({TrackEvent::Kind::kConfirmed, t_s, tr.id, sensor_index, -1, 0, 0.0});
  }

  initiator_->initiate(ScanContext{t_s, &model, boost, cue}, scan, *predictor_, options_, st, events);

  std::erase_if(st.tracks, [&](const Track& tr) {
    if (tr.merged) return true;
    if (!deleter_->remove(tr, dynamics, options_)) return false;
    correlator_->deleted(st, tr);
    if (events) events->push_back({TrackEvent::Kind::kDeleted, t_s, tr.id, sensor_index, -1, 0, 0.0});
    return true;
  });
}

}  // namespace picket::tracking

#include "tracking/correlator.h"

#include <algorithm>

namespace picket::tracking {

namespace {

using Vec6 = Eigen::Matrix<double, 6, 1>;
using Mat6 = Eigen::Matrix<double, 6, 6>;

void recordCoHit(Track& a, int other, double t_s) {
  CoHit* slot = &a.co_hits[0];
  for (CoHit& c : a.co_hits) {
    if (c.track == other) {
      slot = &c;
      break;
    }
    if (c.t_s < slot->t_s) slot = &c;  // else the oldest
  }
  *slot = {other, t_s};
}

bool distinctLately(const Track& a, int other, double t_s, double window_s) {
  for (const CoHit& c : a.co_hits)
    if (c.track == other && t_s - c.t_s <= window_s) return true;
  return false;
}

// Echoes too unlike for one object: cross-sections a duplicate_rcs_ratio apart, each from a few looks.
bool unlikeEchoes(const Track& a, const Track& b, const TrackerOptions& o) {
  if (a.rcs_looks < 2 || b.rcs_looks < 2) return false;
  const double ra = a.rcs_m2(1.0), rb = b.rcs_m2(1.0);
  return std::max(ra, rb) > o.duplicate_rcs_ratio * std::min(ra, rb);
}

// Position and velocity agree: d^T (P_a + P_b)^-1 d.
double stateDistance2(const TrackState& a, const TrackState& b) {
  const Vec6 d = a.x.head<6>() - b.x.head<6>();
  const Mat6 S = a.P.topLeftCorner<6, 6>() + b.P.topLeftCorner<6, 6>();
  const Eigen::LLT<Mat6> llt(S);
  if (llt.info() != Eigen::Success) return kNoAssignment;
  return d.dot(llt.solve(d));
}

int newObject(TrackerState& st, const Track& tr) {
  TrackedObject o;
  o.id = static_cast<int>(st.objects.size()) + 1;
  o.family = o.id;
  o.first_s = tr.started_s;
  st.objects.push_back(o);
  return o.id;
}

}  // namespace

void TrackToTrackCorrelator::afterUpdates(TrackerState& st, int n, int m, double t, const TrackerOptions& o,
                                          std::vector<TrackEvent>* events) const {
  if (n < 2 || m == 0) return;
  const auto stateAt = [&](int i) -> const TrackState& {
    const Track& tr = st.tracks[static_cast<std::size_t>(i)];
    return tr.state.t_s == t ? tr.state : st.predicted[static_cast<std::size_t>(i)];
  };
  // Seen distinct: both hit, each by a detection the other also gated.
  for (int i = 0; i < n; ++i) {
    const int ji = st.assignment[static_cast<std::size_t>(i)];
    if (ji < 0) continue;
    for (const TrackerState::Gated& g : st.gatedOf(i)) {
      if (g.detection == ji) continue;
      const int k = st.taken_by[static_cast<std::size_t>(g.detection)];
      if (k < 0 || k == i) continue;
      recordCoHit(st.tracks[static_cast<std::size_t>(i)], st.tracks[static_cast<std::size_t>(k)].id, t);
      recordCoHit(st.tracks[static_cast<std::size_t>(k)], st.tracks[static_cast<std::size_t>(i)].id, t);
    }
  }
  // Rivals: i missed, a detection it gated went to k.
  for (int i = 0; i < n; ++i) {
    Track& ti = st.tracks[static_cast<std::size_t>(i)];
    if (st.assignment[static_cast<std::size_t>(i)] >= 0 || ti.merged) continue;
    for (const TrackerState::Gated& g : st.gatedOf(i)) {
      const int k = st.taken_by[static_cast<std::size_t>(g.detection)];
      if (k < 0) continue;
      Track& tk = st.tracks[static_cast<std::size_t>(k)];
      if (tk.merged || distinctLately(ti, tk.id, t, o.co_hit_window_s) || unlikeEchoes(ti, tk, o)) continue;
      if (stateDistance2(stateAt(i), stateAt(k)) > o.duplicate_d2) continue;
      const bool i_younger = ti.id > tk.id;
      Track& young = i_younger ? ti : tk;
      Track& old = i_younger ? tk : ti;
      if (young.rival == old.id) ++young.rival_scans;
      else {
        young.rival = old.id;
        young.rival_scans = 1;
      }
      if (young.rival_scans < o.duplicate_scans) continue;
      // Merge the younger into the older.
      const TrackState& ys = stateAt(i_younger ? i : k);
      const TrackState& os = stateAt(i_younger ? k : i);
      if (ys.P.topLeftCorner<3, 3>().trace() < os.P.topLeftCorner<3, 3>().trace()) old.state = ys;
      else old.state = os;
      old.hit_history |= young.hit_history;
      old.miss_log_p = std::max(old.miss_log_p, young.miss_log_p);
      old.rcs_sum_m2 += young.rcs_sum_m2;
      old.rcs_looks += young.rcs_looks;
      if (!old.confirmed && young.confirmed) {
        old.confirmed = true;
        old.confirmed_s = young.confirmed_s;
        old.object = young.object;
        if (old.object > 0) st.object(old.object).track = old.id;
      } else if (young.object > 0 && old.object > 0 && young.object != old.object) {
        TrackedObject& yo = st.object(young.object);
        TrackedObject& oo = st.object(old.object);
        yo.merged_into = oo.id;
        yo.live = false;
        oo.rcs_sum_m2 += yo.rcs_sum_m2;
        oo.rcs_looks += yo.rcs_looks;
        oo.first_s = std::min(oo.first_s, yo.first_s);
        oo.tracks += yo.tracks;
      }
      young.merged = true;
      if (events) events->push_back({TrackEvent::Kind::kMerged, t, young.id, -1, -1, old.id, 0.0});
      if (&young == &ti) break;  // i is gone; the next track
    }
  }
}

void TrackToTrackCorrelator::confirmed(TrackerState& st, Track& tr, const Predictor& predictor,
                                       const TrackerOptions& o) const {
  const double t = tr.state.t_s;
  // A lost object it continues?
  int best = 0;
  double best_d2 = o.correlation_d2;
  st.lost_predictions.resize(st.objects.size());
  for (TrackedObject& obj : st.objects) {
    // An object whose track came down is on the ground: no later track continues it (and in a raid
    // the fallen are most of the lost, each a prediction flown for every confirmation).
    if (obj.live || obj.down || obj.merged_into > 0 || t - obj.last_s > o.correlation_window_s || obj.last_s > t) continue;
    TrackerState::LostPrediction& cached = st.lost_predictions[static_cast<std::size_t>(obj.id - 1)];
    if (cached.from_s != obj.last.t_s || cached.to_s != t) {
      predictor.predict(obj.last, t, o.process_noise_mps2, cached.state);
      cached.from_s = obj.last.t_s;
      cached.to_s = t;
    }
    const TrackState& pred = cached.state;
    const Vec3 d = pred.x.head<3>() - tr.state.x.head<3>();
    const Mat3 S = pred.P.topLeftCorner<3, 3>() + tr.state.P.topLeftCorner<3, 3>();
    const double d2 = d.dot(S.ldlt().solve(d));
    if (d2 < best_d2) {
      best_d2 = d2;
      best = obj.id;
    }
  }
  if (best == 0) {
    best = newObject(st, tr);
    TrackedObject& obj = st.object(best);
    if (tr.parent_object > 0) {
      obj.family = st.object(st.canonicalObject(tr.parent_object)).family;
    } else {
      // Born beside a live object (seen only once already apart): its family.
      for (const Track& other : st.tracks) {
        if (&other == &tr || other.object <= 0 || other.merged) continue;
        const TrackedObject& oo = st.object(st.canonicalObject(other.object));
        if (!oo.live) continue;
        if ((other.state.x.head<3>() - tr.state.x.head<3>()).norm() <= o.family_distance_m &&
            (other.state.x.segment<3>(3) - tr.state.x.segment<3>(3)).norm() <= o.family_speed_mps) {
          obj.family = oo.family;
          break;
        }
      }
    }
  }
  TrackedObject& obj = st.object(best);
  obj.live = true;
  obj.track = tr.id;
  ++obj.tracks;
  obj.last_s = t;
  obj.rcs_sum_m2 += tr.rcs_sum_m2;
  obj.rcs_looks += tr.rcs_looks;
  tr.object = best;
}

void TrackToTrackCorrelator::deleted(TrackerState& st, const Track& tr) const {
  if (tr.object <= 0 || tr.merged) return;
  TrackedObject& obj = st.object(tr.object);
  if (obj.track != tr.id) return;
  obj.live = false;
  obj.down = tr.predicted_below_ground;
  obj.last = tr.state;
  obj.last_s = tr.state.t_s;
}

}  // namespace picket::tracking

#include "tracking/metrics.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "tracking/tracker.h"

namespace picket::tracking {

TrackMetrics scoreTracks(const BallisticModel& model, std::span<const TruthSpan> truths, std::span<const ScoredTrack> tracks,
                         const TrackMetricsOptions& o) {
  TrackMetrics m;
  m.options = o;
  if (truths.empty()) return m;
  double t0 = truths.front().from_s, t1 = truths.front().to_s;
  for (const TruthSpan& tr : truths) {
    t0 = std::min(t0, tr.from_s);
    t1 = std::max(t1, tr.to_s);
  }
  const std::size_t nt = truths.size(), nk = tracks.size();
  std::vector<std::size_t> cursor(nk, 0);
  std::vector<std::set<int>> track_ids(nt), object_ids(nt);
  std::vector<int> samples_present(nt, 0), samples_held(nt, 0), longest(nt, 0);
  std::vector<std::map<int, int>> run(nt);  // per truth: track -> its current run of samples
  std::vector<Vec3> p_truth(nt), p_track(nk);
  // Each track's last update flown to the previous sample, and from which update: a track that
  // coasts for minutes after its last update (to its deletion or the run's end) is flown on from
  // the previous sample, one sample's step each, rather than from the update again (a mean of
  // 280 s of flight per sample on the flagship: most of this function's time). Steps of sample_s
  // in place of steps of up to max_step_s over the whole gap: the same RK4 on shorter steps, closer
  // to the exact flight (through re-entry, position accuracy within 1 cm of 0.1 s steps', where
  // the 5 s steps were 12 cm off; tracking_test.cpp).
  std::vector<StateVec> x_flown(nk);
  std::vector<double> t_flown(nk, 0.0);
  std::vector<std::size_t> flown_from(nk, static_cast<std::size_t>(-1));
  std::vector<char> present(nt), alive(nk);
  std::vector<int> assoc(nk);
  std::vector<int> out, by_x, near;
  std::vector<std::size_t> truth_cols;
  std::vector<AssignmentPair> pairs;
  AssignmentScratch assign_scratch;
  std::vector<std::vector<int>> held_by(nt);  // per truth: the tracks associated with it at this sample
  const GnnAssociator hungarian;
  double sum_c = 0.0, sum_a = 0.0, sum_s = 0.0, sum_e2 = 0.0, sum_ospa = 0.0;
  int n_c = 0, n_a = 0, n_s = 0, n_e = 0, n_ospa = 0;
  const double cp = std::pow(o.ospa_cutoff_m, o.ospa_order);
  for (double t = t0; t <= t1 + 1e-9; t += o.sample_s) {
    int n_present = 0, n_alive = 0;
    for (std::size_t j = 0; j < nt; ++j) {
      present[j] = t >= truths[j].from_s && t <= truths[j].to_s;
      if (!present[j]) continue;
      ++n_present;
      ++samples_present[j];
      p_truth[j] = truths[j].p_Eci(t);
    }
    for (std::size_t k = 0; k < nk; ++k) {
      const ScoredTrack& st = tracks[k];
      alive[k] = t >= st.from_s && t <= st.to_s && !st.updates.empty() && st.updates.front().t_s <= t;
      if (!alive[k]) continue;
      while (cursor[k] + 1 < st.updates.size() && st.updates[cursor[k] + 1].t_s <= t) ++cursor[k];
      const ScoredTrack::Update& u = st.updates[cursor[k]];
      if (t - u.t_s <= 1e-9) {
        p_track[k] = u.x.head<3>();
      } else {
        const bool on = flown_from[k] == cursor[k] && t_flown[k] < t;
        x_flown[k] = on ? model.propagate(x_flown[k], t - t_flown[k]) : model.propagate(u.x, t - u.t_s);
        t_flown[k] = t;
        flown_from[k] = cursor[k];
        p_track[k] = x_flown[k].head<3>();
      }
      ++n_alive;
    }
    if (n_present == 0 && n_alive == 0) continue;
    ++m.samples;
    // Track-to-truth: the object behind its latest update, if near enough.
    std::vector<int> held(nt, 0);
    int n_assoc = 0;
    for (std::size_t k = 0; k < nk; ++k) {
      assoc[k] = -1;
      if (!alive[k]) continue;
      const int j0 = tracks[k].updates[cursor[k]].truth;
      if (j0 < 0 || !present[static_cast<std::size_t>(j0)]) continue;
      const double best = (p_track[k] - p_truth[static_cast<std::size_t>(j0)]).norm();
      if (best > o.association_m) continue;
      assoc[k] = j0;
      ++n_assoc;
      const std::size_t j = static_cast<std::size_t>(assoc[k]);
      ++held[j];
      sum_e2 += best * best;
      ++n_e;
      track_ids[j].insert(tracks[k].track);
      object_ids[j].insert(tracks[k].object);
    }
    int n_held = 0;
    // Runs of consecutive samples per (truth, track).
    for (std::size_t k = 0; k < nk; ++k)
      if (assoc[k] >= 0) held_by[static_cast<std::size_t>(assoc[k])].push_back(tracks[k].track);
    for (std::size_t j = 0; j < nt; ++j) {
      if (!present[j]) continue;
      if (held[j] > 0) {
        ++n_held;
        ++samples_held[j];
      }
      std::map<int, int> next;
      for (const int id : held_by[j]) {
        const auto it = run[j].find(id);
        next[id] = (it == run[j].end() ? 0 : it->second) + 1;
        longest[j] = std::max(longest[j], next[id]);
      }
      held_by[j].clear();
      run[j] = std::move(next);
    }
    if (n_present > 0) {
      sum_c += static_cast<double>(n_held) / n_present;
      ++n_c;
    }
    if (n_held > 0) {
      sum_a += static_cast<double>(n_assoc) / n_held;
      ++n_a;
    }
    if (n_alive > 0) {
      sum_s += static_cast<double>(n_alive - n_assoc) / n_alive;
      ++n_s;
    }
    // OSPA: the optimal assignment of tracks to truths on min(d, c)^p - c^p (<= 0; "not assigned" costs 0).
    const int na = n_alive, np = n_present;
    const int n_max = std::max(na, np);
    double total = cp * n_max;
    if (na > 0 && np > 0) {
      // Only pairs nearer than the cut-off lower the sum: found through the truths sorted along x
      // (within the cut-off in x first), so a raid's sample costs tracks x truths nearby.
      truth_cols.clear();
      for (std::size_t j = 0; j < nt; ++j)
        if (present[j]) truth_cols.push_back(j);
      by_x.resize(truth_cols.size());
      for (std::size_t c = 0; c < truth_cols.size(); ++c) by_x[c] = static_cast<int>(c);
      std::sort(by_x.begin(), by_x.end(), [&](int a, int b) {
        const double xa = p_truth[truth_cols[static_cast<std::size_t>(a)]].x(), xb = p_truth[truth_cols[static_cast<std::size_t>(b)]].x();
        return xa < xb || (xa == xb && a < b);
      });
      const auto x_of = [&](int c) { return p_truth[truth_cols[static_cast<std::size_t>(c)]].x(); };
      pairs.clear();
      int r = 0;
      for (std::size_t k = 0; k < nk; ++k) {
        if (!alive[k]) continue;
        near.clear();
        const auto lo = std::lower_bound(by_x.begin(), by_x.end(), p_track[k].x() - o.ospa_cutoff_m,
                                         [&](int c, double x) { return x_of(c) < x; });
        for (auto it = lo; it != by_x.end() && x_of(*it) <= p_track[k].x() + o.ospa_cutoff_m; ++it) near.push_back(*it);
        std::sort(near.begin(), near.end());
        for (const int c : near) {
          const double d = std::min((p_track[k] - p_truth[truth_cols[static_cast<std::size_t>(c)]]).norm(), o.ospa_cutoff_m);
          const double v = std::pow(d, o.ospa_order) - cp;
          if (v < 0.0) pairs.push_back({r, c, v});
        }
        ++r;
      }
      associateSparse(hungarian, na, np, pairs, out, assign_scratch);
      for (const AssignmentPair& p : pairs)
        if (out[static_cast<std::size_t>(p.row)] == p.col) total += p.cost;
    }
    sum_ospa += std::pow(std::max(total, 0.0) / n_max, 1.0 / o.ospa_order);
    ++n_ospa;
  }
  m.completeness = n_c > 0 ? sum_c / n_c : 0.0;
  m.ambiguity = n_a > 0 ? sum_a / n_a : 0.0;
  m.spuriousness = n_s > 0 ? sum_s / n_s : 0.0;
  m.position_accuracy_m = n_e > 0 ? std::sqrt(sum_e2 / n_e) : 0.0;
  m.ospa_m = n_ospa > 0 ? sum_ospa / n_ospa : 0.0;
  int held_any = 0;
  double sum_tracks = 0.0, sum_objects = 0.0, sum_ls = 0.0;
  for (std::size_t j = 0; j < nt; ++j) {
    TruthContinuity c;
    c.name = truths[j].name;
    c.tracks = static_cast<int>(track_ids[j].size());
    c.objects = static_cast<int>(object_ids[j].size());
    c.longest_segment = samples_present[j] > 0 ? static_cast<double>(longest[j]) / samples_present[j] : 0.0;
    c.held = samples_present[j] > 0 ? static_cast<double>(samples_held[j]) / samples_present[j] : 0.0;
    sum_ls += c.longest_segment;
    if (c.tracks > 0) {
      ++held_any;
      sum_tracks += c.tracks;
      sum_objects += c.objects;
    }
    m.max_tracks_per_truth = std::max(m.max_tracks_per_truth, c.tracks);
    m.max_objects_per_truth = std::max(m.max_objects_per_truth, c.objects);
    m.truths.push_back(std::move(c));
  }
  m.tracks_per_truth = held_any > 0 ? sum_tracks / held_any : 0.0;
  m.objects_per_truth = held_any > 0 ? sum_objects / held_any : 0.0;
  m.longest_segment = sum_ls / static_cast<double>(nt);
  return m;
}

}  // namespace picket::tracking

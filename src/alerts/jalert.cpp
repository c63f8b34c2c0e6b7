#include "alerts/jalert.h"

#include <algorithm>
#include <cmath>
#include <deque>
#include <map>
#include <set>

#include <Eigen/Dense>

#include "common/constants.h"

namespace picket::alerts {
namespace c = picket::constants;

const char* kindName(AlertMessage::Kind k) {
  switch (k) {
    case AlertMessage::Kind::kAlert: return "alert";
    case AlertMessage::Kind::kWithdrawn: return "withdrawn";
    case AlertMessage::Kind::kPassedOver: return "passed-over";
    case AlertMessage::Kind::kAllClear: return "all-clear";
    case AlertMessage::Kind::kDestroyed: return "destroyed";
  }
  return "?";
}

namespace {

// Ground-track points every <= 5 km (linear in lat/lon between the prediction's samples).
template <class F>
void walkTrack(const tracking::ImpactPrediction& p, double t_from_s, F&& visit) {
  const auto& g = p.groundTrack();
  for (std::size_t i = 0; i + 1 < g.size(); ++i) {
    if (g[i + 1].t_s < t_from_s) continue;
    const double dlat = g[i + 1].lat_deg - g[i].lat_deg;
    const double dlon = std::remainder(g[i + 1].lon_deg - g[i].lon_deg, 360.0);
    // sqrt, not std::hypot (whose guard against overflow cost 1.5 % of a trial): degrees do not overflow.
    const double dx = dlon * std::cos(g[i].lat_deg * c::kDegToRad);
    const double km = 111.2 * std::sqrt(dlat * dlat + dx * dx);
    const int n = std::max(1, static_cast<int>(std::ceil(km / 5.0)));
    for (int k = 0; k < n; ++k) {
      const double f = static_cast<double>(k) / n;
      const double t = g[i].t_s + f * (g[i + 1].t_s - g[i].t_s);
      if (t < t_from_s) continue;
      visit(g[i].lat_deg + f * dlat, g[i].lon_deg + f * dlon, t);
    }
  }
  if (!g.empty() && g.back().t_s >= t_from_s) visit(g.back().lat_deg, g.back().lon_deg, g.back().t_s);
}

double distance_m(double lat1, double lon1, double lat2, double lon2) {
  const double m_per_deg = c::kDegToRad * c::kMeanEarthRadius_m;
  const double dn = (lat2 - lat1) * m_per_deg;
  const double de = std::remainder(lon2 - lon1, 360.0) * m_per_deg * std::cos(0.5 * (lat1 + lat2) * c::kDegToRad);
  return std::hypot(dn, de);
}

// What the alerts know of one correlated object.
struct ObjectView {
  const tracking::ImpactPrediction* settled = nullptr;  // its latest settled prediction
  std::deque<const tracking::ImpactPrediction*> recent;  // its predictions of the last settle window and one more
};

bool isSettled(const tracking::ImpactPrediction& p, const ObjectView& v, const scenario::AlertConfig& cfg) {
  if (p.semi_major_m > cfg.settle_semi_major_m) return false;
  // The newest earlier prediction at least a settle window old.
  for (auto it = v.recent.rbegin(); it != v.recent.rend(); ++it)
    if ((*it)->made_at_s <= p.made_at_s - cfg.settle_window_s)
      return distance_m((*it)->lat_deg, (*it)->lon_deg, p.lat_deg, p.lon_deg) <= cfg.settle_shift_m;
  return false;
}

}  // namespace

std::vector<Under> prefecturesUnder(const world::Geography& geo, const tracking::ImpactPrediction& p, double t_from_s,
                                    double half_width_m, double probability, bool use_ellipse) {
  const int n = geo.prefectureCount();
  std::vector<Under> by(static_cast<std::size_t>(n));
  std::vector<char> hit(static_cast<std::size_t>(n), 0);
  std::vector<int> near;
  walkTrack(p, t_from_s, [&](double lat, double lon, double t) {
    // Far from Japan (its prefectures span 20-46 N, 122-154 E), no prefecture is within the corridor.
    const double margin_deg = half_width_m / 80e3 + 0.5;
    if (lat < 20.0 - margin_deg || lat > 46.0 + margin_deg) return;
    const double lon360 = lon < 0.0 ? lon + 360.0 : lon;
    if (lon360 < 122.0 - 2.0 * margin_deg || lon360 > 154.0 + 2.0 * margin_deg) return;
    geo.prefecturesWithin(lat, lon, half_width_m, near);
    for (const int i : near) {
      Under& u = by[static_cast<std::size_t>(i)];
      if (!hit[static_cast<std::size_t>(i)]) u.enter_t_s = t;
      hit[static_cast<std::size_t>(i)] = 1;
      u.leave_t_s = t;
    }
  });
  // The ellipse (at its probability): its centre and 16 points on its edge, and any prefecture
  // within its semi-minor axis of the edge points.
  // The prediction's ellipse holds p.probability; chi2 with 2 dof is -2 ln(1 - P), so the semi-axes
  // scale by the root of the ratio.
  const double k = std::sqrt(std::log1p(-probability) / std::log1p(-p.probability));
  const double semi_minor_m = k * p.semi_minor_m;
  const Eigen::SelfAdjointEigenSolver<Eigen::Matrix2d> eig(p.cov_EN);
  const double scale = p.semi_major_m > 0.0 ? k * p.semi_major_m / std::sqrt(std::max(eig.eigenvalues()(1), 1e-12)) : 0.0;
  const double m_per_deg = 111195.0, coslat = std::cos(p.lat_deg * c::kDegToRad);
  for (int e = 0; use_ellipse && e <= 16; ++e) {
    Eigen::Vector2d en = Eigen::Vector2d::Zero();
    if (e < 16) {
      const double a = 2.0 * c::kPi * e / 16.0;
      en = scale * (eig.eigenvectors().col(1) * std::sqrt(std::max(eig.eigenvalues()(1), 0.0)) * std::cos(a) +
                    eig.eigenvectors().col(0) * std::sqrt(std::max(eig.eigenvalues()(0), 0.0)) * std::sin(a));
    }
    const double lat = p.lat_deg + en.y() / m_per_deg, lon = p.lon_deg + en.x() / (m_per_deg * coslat);
    geo.prefecturesWithin(lat, lon, e < 16 ? 0.0 : semi_minor_m, near);
    for (const int i : near) {
      Under& u = by[static_cast<std::size_t>(i)];
      if (!hit[static_cast<std::size_t>(i)]) u.enter_t_s = p.impact_t_s;
      hit[static_cast<std::size_t>(i)] = 1;
      u.leave_t_s = std::max(u.leave_t_s, p.impact_t_s);
      u.impact = true;
    }
  }
  std::vector<Under> out;
  for (int i = 0; i < n; ++i)
    if (hit[static_cast<std::size_t>(i)]) {
      by[static_cast<std::size_t>(i)].prefecture = i;
      out.push_back(by[static_cast<std::size_t>(i)]);
    }
  return out;
}

AlertResult planAlerts(const world::Geography& geo, const scenario::AlertConfig& cfg, const AlertAreas& areas,
                       std::span<const tracking::ImpactPrediction> predictions, std::span<const TruthPassage> truth,
                       std::span<const DestroyedObject> destroyed) {
  std::map<int, double> destroyed_t_s;  // per object, its earliest destruction
  for (const DestroyedObject& d : destroyed) {
    const auto [it, fresh] = destroyed_t_s.try_emplace(d.object, d.t_s);
    if (!fresh) it->second = std::min(it->second, d.t_s);
  }
  const auto destroyedAt = [&](int object) {
    const auto it = destroyed_t_s.find(object);
    return it == destroyed_t_s.end() ? 1e300 : it->second;
  };
  AlertResult res;
  res.policy = cfg.policy;
  std::map<int, PrefectureOutcome> outcome;
  const auto at = [&](int pref) -> PrefectureOutcome& {
    PrefectureOutcome& o = outcome[pref];
    o.prefecture = pref;
    o.name = geo.prefectureName(pref);
    return o;
  };
  for (const TruthPassage& p : truth) {
    PrefectureOutcome& o = at(p.prefecture);
    if (!o.event_t_s || p.enter_t_s < *o.event_t_s) o.event_t_s = p.enter_t_s;
    o.overflown = o.overflown || !p.impact;
    o.impact = o.impact || p.impact;
  }

  if (cfg.enabled && !predictions.empty()) {
    const std::size_t np = static_cast<std::size_t>(geo.prefectureCount());
    std::vector<char> active(np, 0), falls(np, 0);
    std::vector<double> pass_end(np, 0.0);
    std::vector<std::vector<int>> reasons(np);  // per prefecture: the objects its alert rests on
    std::map<int, ObjectView> objects;
    // Each settled prediction's prefectures, walked once from when it was made; a decision keeps
    // those whose passage has not ended (prefecturesUnder from t gives the same set).
    std::map<const tracking::ImpactPrediction*, std::vector<Under>> under_of;
    // The objects the alerts of these prefectures rest on, ascending.
    const auto objectsOf = [&](const std::vector<int>& prefs) {
      std::vector<int> ids;
      for (int pref : prefs)
        for (int o : reasons[static_cast<std::size_t>(pref)])
          if (std::find(ids.begin(), ids.end(), o) == ids.end()) ids.push_back(o);
      std::sort(ids.begin(), ids.end());
      return ids;
    };
    double last_decision = -1e300, last_alert = -1e300;
    const auto decide = [&](double t) {
      std::map<int, Under> now;  // per prefecture under a settled prediction
      std::map<int, std::vector<int>> why;  // per prefecture under one: the objects
      std::vector<int> all;                 // every object that puts a prefecture under the threat
      for (const auto& [id, v] : objects) {
        if (v.settled == nullptr || v.settled->impact_t_s <= t || destroyedAt(id) <= t) continue;
        const bool ellipse = v.settled->semi_major_m <= cfg.ellipse_max_semi_major_m;
        auto [cached, fresh_prediction] = under_of.try_emplace(v.settled);
        if (fresh_prediction)
          cached->second = prefecturesUnder(geo, *v.settled, v.settled->made_at_s, cfg.corridor_half_width_m,
                                            cfg.ellipse_probability, ellipse);
        for (Under u : cached->second) {
          if (u.leave_t_s < t) continue;  // passed already
          u.enter_t_s = std::max(u.enter_t_s, t);
          why[u.prefecture].push_back(id);
          if (std::find(all.begin(), all.end(), id) == all.end()) all.push_back(id);
          const auto [it, fresh] = now.try_emplace(u.prefecture, u);
          if (!fresh) {
            it->second.leave_t_s = std::max(it->second.leave_t_s, u.leave_t_s);
            it->second.impact = it->second.impact || u.impact;
          }
        }
      }
      std::vector<int> under;
      double group_leave = t;
      for (const auto& [pref, u] : now) {
        under.push_back(pref);
        group_leave = std::max(group_leave, u.leave_t_s);
      }
      const std::vector<int> tell = areas.expand(under);
      AlertMessage alert{AlertMessage::Kind::kAlert, t, {}, areas.blocksFor(under)};
      AlertMessage withdraw{AlertMessage::Kind::kWithdrawn, t, {}, {}};
      std::vector<char> told(np, 0);
      for (int pref : tell) {
        const auto k = static_cast<std::size_t>(pref);
        told[k] = 1;
        const auto u = now.find(pref);
        pass_end[k] = u != now.end() ? u->second.leave_t_s : group_leave;
        for (int o : u != now.end() ? why[pref] : all)
          if (std::find(reasons[k].begin(), reasons[k].end(), o) == reasons[k].end()) reasons[k].push_back(o);
        if (u != now.end() && u->second.impact) falls[k] = 1;
        if (u != now.end()) at(pref).predicted_under = true;
        if (active[k]) continue;
        alert.prefectures.push_back(pref);
        PrefectureOutcome& o = at(pref);
        if (!o.alert_t_s) o.alert_t_s = t;
        o.withdrawn_t_s.reset();
        active[k] = 1;
      }
      for (std::size_t k = 0; k < np; ++k) {
        if (!active[k] || told[k] || !cfg.withdraw || t >= pass_end[k]) continue;
        // Alerted only for objects destroyed since: those get the "destroyed" follow-up, not a
        // withdrawal.
        if (!reasons[k].empty() && std::all_of(reasons[k].begin(), reasons[k].end(),
                                               [&](int o) { return destroyedAt(o) <= t; }))
          continue;
        withdraw.prefectures.push_back(static_cast<int>(k));
        at(static_cast<int>(k)).withdrawn_t_s = t;
        active[k] = 0;
        falls[k] = 0;
      }
      if (!alert.prefectures.empty()) {
        alert.objects = objectsOf(alert.prefectures);
        res.messages.push_back(alert);
        last_alert = t;
      }
      if (!withdraw.prefectures.empty()) {
        withdraw.objects = objectsOf(withdraw.prefectures);
        res.messages.push_back(withdraw);
      }
    };
    double last_impact = -1e300;
    // Every object's settled prediction's impact time, kept as they change: the latest is the
    // last impact (a scan over the objects per prediction made a raid quadratic).
    std::multiset<double> settled_impacts;
    for (std::size_t i = 0; i < predictions.size(); ++i) {
      const tracking::ImpactPrediction& p = predictions[i];
      ObjectView& v = objects[p.object];
      if (isSettled(p, v, cfg)) {
        if (v.settled != nullptr) settled_impacts.erase(settled_impacts.find(v.settled->impact_t_s));
        settled_impacts.insert(p.impact_t_s);
        v.settled = &p;
        if (!res.first_settled_t_s) res.first_settled_t_s = p.made_at_s;
      }
      v.recent.push_back(&p);
      while (v.recent.size() > 2 && v.recent[1]->made_at_s <= p.made_at_s - cfg.settle_window_s) v.recent.pop_front();
      if (v.settled == nullptr || destroyedAt(p.object) <= p.made_at_s) continue;
      last_impact = settled_impacts.empty() ? -1e300 : *settled_impacts.rbegin();
      const double t = p.made_at_s + cfg.latency_s;
      if (t >= last_impact) continue;  // nothing is decided after the predicted impact
      const bool last = i + 1 == predictions.size();
      if (!last && t - last_decision < cfg.reevaluate_s) continue;
      decide(t);
      last_decision = t;
    }
    // The follow-ups: "passed over" once the predictions have left the alerted prefectures; "it has
    // come down" after a predicted fall in Japan.
    std::vector<int> passed, fell, gone;
    double passed_t = last_alert, fell_t = last_alert, gone_t = last_alert;
    for (std::size_t k = 0; k < np; ++k) {
      if (!active[k]) continue;
      double last_destroyed = -1e300;
      bool all_destroyed = !reasons[k].empty();
      for (int o : reasons[k]) {
        const double td = destroyedAt(o);
        all_destroyed = all_destroyed && td < 1e299;
        if (td < 1e299) last_destroyed = std::max(last_destroyed, td);
      }
      if (all_destroyed) {
        gone.push_back(static_cast<int>(k));
        gone_t = std::max(gone_t, last_destroyed);
      } else if (falls[k]) {
        fell.push_back(static_cast<int>(k));
      } else {
        passed.push_back(static_cast<int>(k));
      }
    }
    for (int pref : passed) passed_t = std::max(passed_t, pass_end[static_cast<std::size_t>(pref)]);
    for (const auto& [id, v] : objects)
      if (v.settled != nullptr && !fell.empty() && destroyedAt(id) > 1e299) fell_t = std::max(fell_t, v.settled->impact_t_s);
    if (!passed.empty())
      res.messages.push_back({AlertMessage::Kind::kPassedOver, passed_t + cfg.passed_latency_s, passed, {}, objectsOf(passed)});
    if (!fell.empty())
      res.messages.push_back({AlertMessage::Kind::kAllClear, fell_t + cfg.all_clear_latency_s, fell, {}, objectsOf(fell)});
    if (!gone.empty())
      res.messages.push_back({AlertMessage::Kind::kDestroyed, gone_t + cfg.all_clear_latency_s, gone, {}, objectsOf(gone)});
    std::stable_sort(res.messages.begin(), res.messages.end(),
                     [](const AlertMessage& a, const AlertMessage& b) { return a.t_s < b.t_s; });
  }
  for (auto& [pref, o] : outcome) {
    if (o.alert_t_s && o.event_t_s) o.warning_s = *o.event_t_s - *o.alert_t_s;
    res.prefectures.push_back(o);
  }
  std::stable_sort(res.prefectures.begin(), res.prefectures.end(), [](const PrefectureOutcome& a, const PrefectureOutcome& b) {
    const double ta = a.alert_t_s.value_or(1e300), tb = b.alert_t_s.value_or(1e300);
    return ta != tb ? ta < tb : a.name < b.name;
  });
  return res;
}

std::vector<std::string> AlertResult::overflownNotAlerted() const {
  std::vector<std::string> out;
  for (const PrefectureOutcome& o : prefectures)
    if ((o.overflown || o.impact) && !o.alert_t_s) out.push_back(o.name);
  return out;
}

std::vector<std::string> AlertResult::alertedNotOverflown() const {
  std::vector<std::string> out;
  for (const PrefectureOutcome& o : prefectures)
    if (o.alert_t_s && !o.overflown && !o.impact) out.push_back(o.name);
  return out;
}

}  // namespace picket::alerts

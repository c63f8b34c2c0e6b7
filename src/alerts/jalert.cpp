#include "alerts/jalert.h"

#include <algorithm>
#include <cmath>
#include <map>

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
  }
  return "?";
}

namespace {

// Decisions are re-taken at most this often: each one measures the predicted tracks against all
// 47 prefectures, and a public alert system does not change its message every second.
constexpr double kReevaluate_s = 10.0;

// Ground-track points every <= 5 km (linear in lat/lon between the prediction's samples).
template <class F>
void walkTrack(const tracking::ImpactPrediction& p, double t_from_s, F&& visit) {
  const auto& g = p.ground_track;
  for (std::size_t i = 0; i + 1 < g.size(); ++i) {
    if (g[i + 1].t_s < t_from_s) continue;
    const double dlat = g[i + 1].lat_deg - g[i].lat_deg;
    const double dlon = std::remainder(g[i + 1].lon_deg - g[i].lon_deg, 360.0);
    const double km = 111.2 * std::hypot(dlat, dlon * std::cos(g[i].lat_deg * c::kDegToRad));
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

}  // namespace

std::vector<int> prefecturesUnder(const world::Geography& geo, const tracking::ImpactPrediction& p, double t_from_s,
                                  double half_width_m) {
  std::vector<char> hit(static_cast<std::size_t>(geo.prefectureCount()), 0);
  walkTrack(p, t_from_s, [&](double lat, double lon, double) {
    for (int i = 0; i < geo.prefectureCount(); ++i)
      if (!hit[static_cast<std::size_t>(i)] && geo.distanceToPrefecture_m(i, lat, lon, half_width_m) <= half_width_m)
        hit[static_cast<std::size_t>(i)] = 1;
  });
  // The ellipse: its centre and 16 points on its edge, and any prefecture within its semi-minor axis.
  const Eigen::SelfAdjointEigenSolver<Eigen::Matrix2d> eig(p.cov_EN);
  const double scale = p.semi_major_m > 0.0 ? p.semi_major_m / std::sqrt(std::max(eig.eigenvalues()(1), 1e-12)) : 0.0;
  const double m_per_deg = 111195.0, coslat = std::cos(p.lat_deg * c::kDegToRad);
  for (int k = 0; k <= 16; ++k) {
    Eigen::Vector2d en = Eigen::Vector2d::Zero();
    if (k < 16) {
      const double a = 2.0 * c::kPi * k / 16.0;
      en = scale * (eig.eigenvectors().col(1) * std::sqrt(std::max(eig.eigenvalues()(1), 0.0)) * std::cos(a) +
                    eig.eigenvectors().col(0) * std::sqrt(std::max(eig.eigenvalues()(0), 0.0)) * std::sin(a));
    }
    const double lat = p.lat_deg + en.y() / m_per_deg, lon = p.lon_deg + en.x() / (m_per_deg * coslat);
    for (int i = 0; i < geo.prefectureCount(); ++i)
      if (!hit[static_cast<std::size_t>(i)] &&
          geo.distanceToPrefecture_m(i, lat, lon, p.semi_minor_m) <= (k < 16 ? 0.0 : p.semi_minor_m))
        hit[static_cast<std::size_t>(i)] = 1;
  }
  std::vector<int> out;
  for (int i = 0; i < geo.prefectureCount(); ++i)
    if (hit[static_cast<std::size_t>(i)]) out.push_back(i);
  return out;
}

AlertResult planAlerts(const world::Geography& geo, const scenario::AlertConfig& cfg,
                       std::span<const tracking::ImpactPrediction> predictions,
                       std::optional<double> established_s, std::span<const TruthPassage> truth) {
  AlertResult res;
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
  if (cfg.enabled && established_s && !predictions.empty()) {
    // Decisions: at established + latency, then latency after each later prediction.
    std::vector<char> active(static_cast<std::size_t>(geo.prefectureCount()), 0);
    std::map<int, const tracking::ImpactPrediction*> latest;  // per correlated object
    std::size_t next = 0;
    const double first_decision = *established_s + cfg.latency_s;
    double last_exit_t = -1.0, last_impact_t = -1.0;
    const auto decide = [&](double t_decision) {
      std::vector<char> now(active.size(), 0);
      last_exit_t = -1.0;
      last_impact_t = -1.0;
      for (const auto& [track, p] : latest) {
        for (int pref : prefecturesUnder(geo, *p, t_decision, cfg.corridor_half_width_m)) now[static_cast<std::size_t>(pref)] = 1;
        last_impact_t = std::max(last_impact_t, p->impact_t_s);
        // When the track leaves the corridor of Japan (for "passed over").
        walkTrack(*p, p->made_at_s, [&](double lat, double lon, double t) {
          if (geo.distanceToJapan_m(lat, lon, cfg.corridor_half_width_m) <= cfg.corridor_half_width_m)
            last_exit_t = std::max(last_exit_t, t);
        });
      }
      AlertMessage alert{AlertMessage::Kind::kAlert, t_decision, {}}, withdraw{AlertMessage::Kind::kWithdrawn, t_decision, {}};
      for (int i = 0; i < geo.prefectureCount(); ++i) {
        const auto k = static_cast<std::size_t>(i);
        if (now[k] && !active[k]) {
          alert.prefectures.push_back(i);
          PrefectureOutcome& o = at(i);
          if (!o.alert_t_s) o.alert_t_s = t_decision;
          o.withdrawn_t_s.reset();
          active[k] = 1;
        } else if (!now[k] && active[k] && cfg.withdraw && t_decision < last_exit_t) {
          withdraw.prefectures.push_back(i);
          at(i).withdrawn_t_s = t_decision;
          active[k] = 0;
        }
      }
      if (!alert.prefectures.empty()) res.messages.push_back(alert);
      if (!withdraw.prefectures.empty()) res.messages.push_back(withdraw);
    };
    // Predictions available by the first decision.
    while (next < predictions.size() && predictions[next].made_at_s <= *established_s) {
      latest[predictions[next].object] = &predictions[next];
      ++next;
    }
    double last_decision = -1e300;
    if (!latest.empty()) {
      decide(first_decision);
      last_decision = first_decision;
    }
    for (; next < predictions.size(); ++next) {
      const tracking::ImpactPrediction& p = predictions[next];
      latest[p.object] = &p;
      const double t_decision = std::max(first_decision, p.made_at_s + cfg.latency_s);
      if (last_impact_t > 0.0 && t_decision > last_impact_t) break;
      const bool last = next + 1 == predictions.size();
      if (!last && t_decision - last_decision < kReevaluate_s) continue;
      decide(t_decision);
      last_decision = t_decision;
    }
    const bool any = std::any_of(active.begin(), active.end(), [](char a) { return a != 0; });
    std::vector<int> alerted;
    for (int i = 0; i < geo.prefectureCount(); ++i)
      if (active[static_cast<std::size_t>(i)]) alerted.push_back(i);
    if (any && last_exit_t > 0.0)
      res.messages.push_back({AlertMessage::Kind::kPassedOver, last_exit_t + cfg.passed_latency_s, alerted});
    if (any && last_impact_t > 0.0)
      res.messages.push_back({AlertMessage::Kind::kAllClear, last_impact_t + cfg.all_clear_latency_s, alerted});
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

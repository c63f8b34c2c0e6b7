#include "engagement/battle.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include <fmt/format.h>

#include "common/constants.h"
#include "common/random.h"
#include "tracking/tracker.h"

namespace picket::engagement {

namespace {

constexpr int kMaxPlans = 400;  // per threat and shooter: every 10 s over a 67-minute flight

// A shooter that names a radar fires on that radar's updates only; one that names none, on any.
bool usableBy(const TrackUpdate& u, int radar) { return radar < 0 || u.sensor == radar; }

// The newest update at or before t_s that the shooter may use, looking from index `from` on;
// `fallback` when there is none.
std::size_t newestUsable(const ThreatInput& th, int radar, double t_s, std::size_t from, std::size_t fallback) {
  std::size_t k = fallback;
  for (std::size_t j = from; j < th.updates.size() && th.updates[j].t_s <= t_s; ++j)
    if (usableBy(th.updates[j], radar)) k = j;
  return k;
}

// The battle manager flies the same track update to the ground again and again: for every
// shooter that plans on it and for every shot aimed on it (on the flagship, 104 flights of 39
// updates; each is a few hundred samples, and the path is a function of the update alone). The
// paths of one threat's updates, each flown once, kept while that threat is dealt with.
class PathCache {
 public:
  explicit PathCache(const tracking::BallisticModel& model) : model_(&model) {}
  const ThreatPath& of(const ThreatInput& th, std::size_t k) {
    if (&th != threat_) {
      threat_ = &th;
      paths_.clear();
    }
    const auto [it, fresh] = paths_.try_emplace(k);
    if (fresh) it->second = ThreatPath::fromTrack(*model_, th.updates[k].x, th.updates[k].t_s, 1.0);
    return it->second;
  }

 private:
  const tracking::BallisticModel* model_;
  const ThreatInput* threat_ = nullptr;
  std::map<std::size_t, ThreatPath> paths_;  // by update index; a map's elements stay put
};

// Runs one shooter's doctrine against one threat from first_launch_t_s. `fire(opportunity,
// follow_on)` fires a shot and says whether it killed, or nothing when the solved shot does not
// fit the shooter's load after all (then a later opportunity is tried). `available(opportunity)`
// says whether the launcher, its fire channels, its radar and its reloads allow that shot.
template <class Fire, class Available>
int runDoctrine(const Doctrine& doctrine, int salvo, int& magazine, std::span<const Opportunity> opps,
                double first_launch_t_s, double launch_interval_s, double look_delay_s, int max_shots, bool& killed,
                double& next_ready_t_s, double& last_launch_t_s, Fire&& fire, Available&& available) {
  int fired = 0;
  double t_ready = first_launch_t_s;
  killed = false;
  last_launch_t_s = -std::numeric_limits<double>::infinity();
  // The earliest intercept launched at or after t that the shooter can fire (opportunities are in
  // intercept order).
  const auto firstFrom = [&](double t) -> const Opportunity* {
    for (const Opportunity& o : opps)
      if (o.launch_t_s >= t - 1e-9 && available(o)) return &o;
    return nullptr;
  };
  while (fired < max_shots && magazine > 0) {
    const Opportunity* first = firstFrom(t_ready);
    if (first == nullptr) break;
    const bool time_to_look = std::any_of(opps.begin(), opps.end(), [&](const Opportunity& o) {
      return o.launch_t_s >= first->intercept_t_s + look_delay_s - 1e-9;
    });
    const int n = doctrine.shotsBeforeLook(salvo, time_to_look);
    double t = t_ready, last_intercept = -std::numeric_limits<double>::infinity();
    int in_salvo = 0;
    for (int s = 0; s < n && fired < max_shots && magazine > 0; ++s) {
      bool shot = false;
      for (const Opportunity& o : opps) {
        if (o.launch_t_s < t - 1e-9 || !available(o)) continue;
        const std::optional<bool> kill = fire(o, s > 0);
        if (!kill) continue;
        --magazine;
        ++fired;
        ++in_salvo;
        if (*kill) killed = true;
        last_intercept = std::max(last_intercept, o.intercept_t_s);
        last_launch_t_s = o.launch_t_s;
        t = o.launch_t_s + launch_interval_s;
        shot = true;
        break;
      }
      if (!shot) break;
    }
    if (in_salvo == 0 || killed) break;
    t_ready = std::max(t, last_intercept + look_delay_s);
  }
  next_ready_t_s = t_ready;
  return fired;
}

bool inPolygon(const std::vector<std::pair<double, double>>& poly, double lat, double lon) {
  bool in = false;
  for (std::size_t i = 0, j = poly.size() - 1; i < poly.size(); j = i++) {
    const double yi = poly[i].first, xi = poly[i].second, yj = poly[j].first, xj = poly[j].second;
    if ((yi > lat) != (yj > lat) && lon < (xj - xi) * (lat - yi) / (yj - yi) + xi) in = !in;
  }
  return in;
}


}  // namespace

double greatCircle_m(double lat1, double lon1, double lat2, double lon2) {
  constexpr double kR = constants::kMeanEarthRadius_m, kD = constants::kDegToRad;
  const double a = std::pow(std::sin((lat2 - lat1) * kD / 2), 2) +
                   std::cos(lat1 * kD) * std::cos(lat2 * kD) * std::pow(std::sin((lon2 - lon1) * kD / 2), 2);
  return 2 * kR * std::asin(std::min(1.0, std::sqrt(a)));
}

int defendedAreaAt(std::span<const scenario::DefendedAreaConfig> areas, double lat_deg, double lon_deg) {
  for (std::size_t k = 0; k < areas.size(); ++k) {
    const scenario::DefendedAreaConfig& a = areas[k];
    if (a.points_deg.size() >= 3 && inPolygon(a.points_deg, lat_deg, lon_deg)) return static_cast<int>(k);
    for (const auto& p : a.points_deg)
      if (greatCircle_m(p.first, p.second, lat_deg, lon_deg) <= a.radius_m) return static_cast<int>(k);
  }
  return -1;
}

std::vector<int> assignShooters(const std::vector<std::vector<double>>& value, bool optimal) {
  const int n = static_cast<int>(value.size());
  const int m = n == 0 ? 0 : static_cast<int>(value[0].size());
  std::vector<int> out(static_cast<std::size_t>(n), -1);
  if (n == 0 || m == 0) return out;
  if (optimal) {  // on the assignable pairs only, cluster by cluster (tracking/tracker.h)
    std::vector<tracking::AssignmentPair> pairs;
    for (int i = 0; i < n; ++i)
      for (int j = 0; j < m; ++j)
        if (const double v = value[static_cast<std::size_t>(i)][static_cast<std::size_t>(j)]; v > 0.0) pairs.push_back({i, j, -v});
    tracking::AssignmentScratch scratch;
    tracking::associateSparse(tracking::GnnAssociator(), n, m, pairs, out, scratch);
    return out;
  }
  std::vector<char> used(static_cast<std::size_t>(m), 0);
  for (int i = 0; i < n; ++i) {  // threats in the order given (earliest window first)
    int best = -1;
    for (int j = 0; j < m; ++j) {
      const double v = value[static_cast<std::size_t>(i)][static_cast<std::size_t>(j)];
      if (v > 0.0 && !used[static_cast<std::size_t>(j)] &&
          (best < 0 || v > value[static_cast<std::size_t>(i)][static_cast<std::size_t>(best)]))
        best = j;
    }
    if (best >= 0) {
      used[static_cast<std::size_t>(best)] = 1;
      out[static_cast<std::size_t>(i)] = best;
    }
  }
  return out;
}

std::vector<DoctrineShot> applyDoctrine(const Doctrine& doctrine, int salvo, int magazine, double sspk,
                                        std::span<const Opportunity> opportunities, double first_launch_t_s,
                                        double launch_interval_s, double look_delay_s, int max_shots,
                                        std::span<const double> draws) {
  std::vector<DoctrineShot> shots;
  std::size_t k = 0;
  bool killed = false;
  double next = 0.0, last = 0.0;
  runDoctrine(doctrine, salvo, magazine, opportunities, first_launch_t_s, launch_interval_s, look_delay_s, max_shots,
              killed, next, last, [&](const Opportunity& o, bool) -> std::optional<bool> {
                const bool kill = k < draws.size() && draws[k] < sspk;
                ++k;
                shots.push_back({o.launch_t_s, o.intercept_t_s, kill});
                return kill;
              },
              [](const Opportunity&) { return true; });
  return shots;
}

namespace {

// Step 1a. Threat evaluation on the newest prediction: where it comes down, what it overflies,
// and whether the policy engages it.
ThreatEvaluation evaluateThreat(const EngagementContext& ctx, const ThreatInput& th, int ti) {
  const scenario::EngagementConfig& cfg = ctx.config;
  ThreatEvaluation ev;
  ev.threat = ti;
  ev.object = th.object;
  if (th.updates.empty()) return ev;
  const TrackUpdate& last = th.updates.back();
  const ThreatPath p = ThreatPath::fromTrack(ctx.model, last.x, last.t_s, 2.0);
  if (p.empty()) return ev;
  const world::Geodetic g = ctx.earth.geodeticFromEcef(p.samples().back().p_Ecef);
  ev.impact_lat_deg = g.lat_deg;
  ev.impact_lon_deg = g.lon_deg;
  ev.impact_t_s = p.samples().back().t_s;
  const int area = defendedAreaAt(ctx.defended_areas, g.lat_deg, g.lon_deg);
  int over = -1;  // the last land overflown
  for (const PathSample& s : p.samples()) {
    const world::Geodetic q = ctx.earth.geodeticFromEcefFast(s.p_Ecef);  // a few cm: the land it overflies
    const world::RegionAt hit = ctx.geography.regionAt(q.lat_deg, q.lon_deg);
    if (hit.country >= 0) over = hit.country;
  }
  const world::RegionAt at_impact = ctx.geography.regionAt(g.lat_deg, g.lon_deg);
  using J = ThreatEvaluation::Judgement;
  if (area >= 0) {
    ev.judgement = J::kDefendedArea;
    ev.place = ctx.defended_areas[static_cast<std::size_t>(area)].name;
  } else if (at_impact.country >= 0) {
    ev.judgement = J::kImpactOnLand;
    ev.place = ctx.geography.countryName(at_impact.country);
  } else if (over >= 0) {
    ev.judgement = J::kOverflightOnly;
    ev.place = ctx.geography.countryName(over);
  }
  ev.engage = cfg.policy == scenario::EngagementPolicy::kAll || area >= 0;
  return ev;
}

// Step 1b. One shooter against one threat: the boost-phase window on the truth, then the window on
// the fire-control track, planned again as newer states come (windows.h).
LayerAnswer planLayer(const EngagementContext& ctx, const ShooterInput& sh, int si, const ThreatInput& th, int ti,
                      const ThreatPath& boost, PathCache& paths) {
  const scenario::EngagementConfig& cfg = ctx.config;
  const WindowOptions wopt{cfg.terminal_alt_m, false};
  const scenario::InterceptorConfig& ic = sh.interceptor->config();
  LayerAnswer la;
  la.threat = ti;
  la.shooter = si;
  const double delays = sh.link_latency_s + cfg.fire_control_s + cfg.decision_latency_s + ic.order_to_launch_s;
  // Boost phase, on the truth: the clock starts at the first detection.
  if (th.truth != nullptr) la.boost = engagementWindow(*sh.interceptor, sh.site, boost, th.first_detection_t_s + delays, wopt);
  // Fire-control track.
  std::size_t k0 = th.updates.size();
  for (std::size_t k = 0; k < th.updates.size(); ++k) {
    const TrackUpdate& u = th.updates[k];
    if (u.position_sigma_m <= cfg.track_quality_m && usableBy(u, sh.radar)) {
      k0 = k;
      break;
    }
  }
  if (k0 == th.updates.size()) {
    la.window.reason = WindowReason::kNoTrack;
    la.window.figures = {sh.radar >= 0 ? 1.0 : 0.0, 0.0, 0.0};
    return la;
  }
  la.fire_control_t_s = th.updates[k0].t_s;
  double T = std::max(th.updates[k0].t_s, th.boost_end_estimate_t_s);
  // Plan on the newest usable state at T; while there is no window, plan
  // again every replan_s on newer states (an early state may predict badly, or the threat may
  // come into reach later); once there is one, again at its first launch until the plan is
  // no older than replan_s.
  // Never feasible: the reason on the first plan whose predicted impact had settled (within
  // settled_prediction_m of the last plan's). Earlier plans may rest on a track that predicts badly;
  // later ones, made after the threat has passed, all say "no time" and hide why it could
  // not be engaged while it was near.
  std::vector<std::pair<EngagementWindow, Vec3>> why_not;
  for (int iter = 0; iter < kMaxPlans; ++iter) {
    const std::size_t k = newestUsable(th, sh.radar, T, k0 + 1, k0);
    const TrackUpdate& u = th.updates[k];
    la.plan_t_s = u.t_s;
    const ThreatPath& path = paths.of(th, k);
    la.opportunities.clear();
    la.window = engagementWindow(*sh.interceptor, sh.site, path, std::max(u.t_s, *la.fire_control_t_s) + delays, wopt,
                                 &la.opportunities);
    if (!la.window.feasible && !path.empty()) why_not.emplace_back(la.window, path.samples().back().p_Ecef);
    std::size_t newer = k + 1;
    while (newer < th.updates.size() && !usableBy(th.updates[newer], sh.radar)) ++newer;
    if (newer >= th.updates.size()) break;
    if (!la.window.feasible) {
      T = std::max(u.t_s + cfg.replan_s, th.updates[newer].t_s);
      if (path.empty() || T >= path.samples().back().t_s) break;  // no newer state before the predicted impact
      continue;
    }
    const double t_next = la.window.first.launch_t_s - delays;
    if (t_next - u.t_s <= cfg.replan_s || th.updates[newer].t_s > t_next) break;
    T = t_next;
  }
  if (!la.window.feasible && !why_not.empty()) {
    const Vec3 final_impact = why_not.back().second;
    for (const auto& [w, impact] : why_not)
      if ((impact - final_impact).norm() <= cfg.settled_prediction_m) {
        la.window = w;
        break;
      }
  }
  if (la.window.feasible) {
    la.decision_deadline_t_s = la.window.latestLaunch_t_s() - ic.order_to_launch_s;
    la.decision_time_s = *la.decision_deadline_t_s - (*la.fire_control_t_s + sh.link_latency_s);
  }
  return la;
}

// The layers of one run, threat by threat (each threat's row of shooters).
class Layers {
 public:
  Layers(std::vector<LayerAnswer>& layers, std::size_t shooters) : layers_(&layers), ns_(shooters) {}
  [[nodiscard]] LayerAnswer& at(std::size_t ti, std::size_t si) const { return (*layers_)[ti * ns_ + si]; }
  // The first launch of any shooter's window against the threat (infinite without one).
  [[nodiscard]] double open_t_s(std::size_t ti) const {
    double t = std::numeric_limits<double>::infinity();
    for (std::size_t si = 0; si < ns_; ++si)
      if (at(ti, si).window.feasible) t = std::min(t, at(ti, si).window.first.launch_t_s);
    return t;
  }

 private:
  std::vector<LayerAnswer>* layers_;
  std::size_t ns_;
};

// Step 2a. The threats to engage, the earliest window first.
std::vector<std::size_t> engagementOrder(const EngagementResult& res, const Layers& layers) {
  std::vector<std::size_t> order;
  for (std::size_t ti = 0; ti < res.threats.size(); ++ti)
    if (res.threats[ti].engage) order.push_back(ti);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return layers.open_t_s(a) < layers.open_t_s(b); });
  return order;
}

// Step 2b. Each threat's primary shooter: the upper tier assigned first, then the lower tier
// where no upper-tier shooter had a window; shooters offer one slot per salvo their magazines hold.
std::vector<int> assignPrimaries(const scenario::EngagementConfig& cfg, std::span<const ShooterInput> shooters,
                                 const Layers& layers, std::span<const std::size_t> order,
                                 std::span<const ThreatEvaluation> evaluations) {
  const std::size_t threats = evaluations.size();
  const auto pkill = [&](std::size_t si) {
    const ShooterInput& sh = shooters[si];
    const int n = sh.doctrine->shotsPerLook(sh.salvo);
    return 1.0 - std::pow(1.0 - sh.sspk * sh.reliability, n);
  };
  std::vector<int> primary(threats, -1);
  for (const bool upper : {true, false}) {
    std::vector<std::size_t> rows;
    for (std::size_t ti : order)
      if (primary[ti] < 0) rows.push_back(ti);
    // Columns: shooter slots, one per salvo its magazine holds (at most one per threat), each
    // weighted by what it leaves of the magazine (inventoryWeight).
    std::vector<std::size_t> col_shooter;
    std::vector<double> slot_weight;
    for (std::size_t si = 0; si < shooters.size(); ++si) {
      if (shooters[si].interceptor->upperTier() != upper) continue;
      const int per = shooters[si].doctrine->shotsPerLook(shooters[si].salvo);
      const int magazine = shooters[si].config->magazine;
      const int slots = std::min<int>(static_cast<int>(rows.size()), magazine / std::max(1, per));
      for (int k = 0; k < slots; ++k) {
        col_shooter.push_back(si);
        slot_weight.push_back(inventoryWeight(k, per, magazine, cfg.inventory_weight));
      }
    }
    if (rows.empty() || col_shooter.empty()) continue;
    // Beside the kill probability and the inventory: where rounds are short the nearest threats
    // are served first (urgencyWeight), and of two shooters alike the fuller one fires.
    double t_first = std::numeric_limits<double>::infinity(), t_last = -t_first;
    for (const std::size_t ti : rows) {
      t_first = std::min(t_first, evaluations[ti].impact_t_s);
      t_last = std::max(t_last, evaluations[ti].impact_t_s);
    }
    std::vector<std::vector<double>> value(rows.size(), std::vector<double>(col_shooter.size(), 0.0));
    for (std::size_t r = 0; r < rows.size(); ++r) {
      const double urgency = urgencyWeight(evaluations[rows[r]].impact_t_s, t_first, t_last, cfg.time_to_go_weight);
      for (std::size_t cidx = 0; cidx < col_shooter.size(); ++cidx)
        if (layers.at(rows[r], col_shooter[cidx]).window.feasible)
          value[r][cidx] = pkill(col_shooter[cidx]) * urgency * slot_weight[cidx];
    }
    const std::vector<int> a = assignShooters(value, cfg.optimal_assignment);
    // Lower tier as primary only where no upper-tier shooter had a window.
    for (std::size_t r = 0; r < rows.size(); ++r)
      if (a[r] >= 0) primary[rows[r]] = static_cast<int>(col_shooter[static_cast<std::size_t>(a[r])]);
  }
  return primary;
}

// Step 3. The shots: what the battle manager's firing needs across threats (the kill draws'
// stream, every launcher's launches so far, the paths) and one shot resolved at a time.
class Firing {
 public:
  Firing(const EngagementContext& ctx, std::span<const ShooterInput> shooters, PathCache& paths)
      : ctx_(&ctx), shooters_(shooters), paths_(&paths), models_{ctx.earth, ctx.atmosphere},
        rng_(ctx.seed, "engagement", ctx.trial), launches_(shooters.size()) {}

  // Whether shooter si can fire on opportunity o: its launcher is free (one round per
  // launch_interval_s, whichever threat it is for) and the shot fits its load (fitsLoad).
  [[nodiscard]] bool available(std::size_t si, const Opportunity& o) const {
    const double interval = shooters_[si].interceptor->config().launch_interval_s;
    return std::none_of(launches_[si].begin(), launches_[si].end(),
                        [&](const InFlight& u) { return std::abs(u.launch_t_s - o.launch_t_s) < interval - 1e-9; }) &&
           fitsLoad(si, o.launch_t_s, o.intercept_t_s);
  }

  // The limits of a shooter under load (docs/engagement.md, "Saturation"), for a round in flight
  // from launch_t_s to intercept_t_s: at most fire_channels of its rounds in flight at once, at
  // most its radar's `engagements` rounds in flight on that radar's tracks, and no round before its
  // launchers hold it (the first ready_rounds at once, each further batch reload_s after the last
  // round of the batch before was fired). Shots are planned threat by threat, not in time order, so
  // each test is on the whole schedule with the new round in it.
  [[nodiscard]] bool fitsLoad(std::size_t si, double launch_t_s, double intercept_t_s) const {
    const ShooterInput& sh = shooters_[si];
    const scenario::ShooterConfig& c = *sh.config;
    if (c.fire_channels > 0 && maxInFlight(launches_[si], launch_t_s, intercept_t_s) + 1 > c.fire_channels) return false;
    if (sh.radar >= 0 && sh.radar_engagements > 0) {
      const auto it = on_radar_.find(sh.radar);
      if (it != on_radar_.end() && maxInFlight(it->second, launch_t_s, intercept_t_s) + 1 > sh.radar_engagements)
        return false;
    }
    if (c.ready_rounds && *c.ready_rounds < c.magazine) {
      std::vector<double> times;
      times.reserve(launches_[si].size() + 1);
      for (const InFlight& u : launches_[si]) times.push_back(u.launch_t_s);
      times.push_back(launch_t_s);
      std::sort(times.begin(), times.end());
      const auto ready = static_cast<std::size_t>(*c.ready_rounds);
      for (std::size_t k = ready; k < times.size(); ++k)
        if (times[k] < times[(k / ready) * ready - 1] + c.reload_s - 1e-9) return false;
    }
    return true;
  }

  // One shot of shooter si at threat ti on opportunity o: aimed on the newest track state before
  // the launch order, flown, updated in flight, and its end game and kill drawn. Nothing when the
  // solved shot's launch and intercept no longer fit the shooter's load (no draw is taken then).
  std::optional<Shot> shoot(const ThreatInput& th, std::size_t ti, std::size_t si, const LayerAnswer& la,
                            const Opportunity& o, bool follow_on, int number) {
    const ShooterInput& sh = shooters_[si];
    const scenario::InterceptorConfig& ic = sh.interceptor->config();
    const world::Earth& earth = ctx_->earth;
    Shot shot;
    shot.threat = static_cast<int>(ti);
    shot.shooter = static_cast<int>(si);
    shot.number = number;
    shot.salvo_follow_on = follow_on;
    // Aim on the newest track state before the launch order.
    const std::size_t k = newestUsable(th, sh.radar, o.launch_t_s - ic.order_to_launch_s, 0, 0);
    const ThreatPath& path = paths_->of(th, k);
    // The solve keeps the intercept time; on a newer prediction the flight may take
    // longer than the plan's, which would launch before the launch could be ordered:
    // then the intercept moves later by the shortfall and is solved again.
    Opportunity guess = o;
    InterceptSolution sol = solveIntercept(models_, *sh.interceptor, sh.site, path, guess, scratch_);
    for (int again = 0; again < 4 && sol.converged && sol.launch_t_s < la.window.earliest_launch_t_s - 1e-6; ++again) {
      guess.intercept_t_s += la.window.earliest_launch_t_s - sol.launch_t_s;
      guess.tof_s = sol.tof_s;
      sol = solveIntercept(models_, *sh.interceptor, sh.site, path, guess, scratch_);
    }
    if (sol.launch_t_s < la.window.earliest_launch_t_s - 1e-6) {
      sol.converged = false;  // recorded as a miss (no solution), never before it could launch
      sol.launch_t_s = la.window.earliest_launch_t_s;
    }
    if (!fitsLoad(si, sol.launch_t_s, sol.intercept_t_s)) return std::nullopt;
    shot.launch_t_s = sol.launch_t_s;
    shot.intercept_t_s = sol.intercept_t_s;
    shot.aim_error_m = sol.aim_error_m;
    shot.alt_m = earth.altitude_m(sol.p_Ecef);
    shot.ground_range_m = groundRange_m(sh.site.up, sol.p_Ecef.normalized());
    shot.phase = o.phase;
    for (double t = 0.0;; t += 2.0) {
      const double tt = std::min(t, sol.tof_s);
      const flight::Sample s = scratch_.trajectory.at(tt);
      const world::Geodetic g = earth.geodeticFromEcef(earth.ecefFromEci(s.p_Eci_m, tt));
      shot.flight.push_back({sol.launch_t_s + tt, g.lat_deg, g.lon_deg, g.alt_m});
      if (tt >= sol.tof_s) break;
    }
    // In-flight target updates: until the seeker takes over, homing_time_s before the
    // intercept, the shooter uplinks its newest track state (less the link latency)
    // and the interceptor flies to that prediction; the kill vehicle's divert has to
    // cover what that prediction still gets wrong.
    Vec3 p_aim = sol.p_Ecef;
    const double last_uplink_t_s = sol.intercept_t_s - ic.homing_time_s - sh.link_latency_s;
    const std::size_t k2 = newestUsable(th, sh.radar, last_uplink_t_s, k + 1, k);
    if (k2 != k) {
      const ThreatPath& newer = paths_->of(th, k2);
      if (!newer.empty()) p_aim += newer.at(sol.intercept_t_s).p_Ecef - path.at(sol.intercept_t_s).p_Ecef;
    }
    shot.uplink_t_s = th.updates[k2].t_s;
    Vec3 p_T = path.at(sol.intercept_t_s).p_Ecef, v_T = path.at(sol.intercept_t_s).v_Ecef;
    if (const flight::Trajectory* object_truth = th.end_game_truth != nullptr ? th.end_game_truth : th.truth) {
      const flight::Sample s = object_truth->at(sol.intercept_t_s);
      p_T = earth.ecefFromEci(s.p_Eci_m, sol.intercept_t_s);
      v_T = earth.ecefVelocityFromEci(s.p_Eci_m, s.v_Eci_mps, sol.intercept_t_s);
    }
    shot.end_game = endGame(*sh.interceptor, p_aim, sol.v_Ecef, p_T, v_T);
    shot.draw = rng_.uniform();
    // A round that fails in flight: drawn only where the reliability is below 1,
    // so that the kill draws of a scenario without failures stay as they were.
    shot.failed = sh.reliability < 1.0 && rng_.uniform() >= sh.reliability;
    shot.kill = !shot.failed && sol.converged && shot.end_game.within_divert && shot.draw < sh.sspk;
    shot.outcome = shot.kill                         ? ShotOutcome::kKill
                   : shot.failed                     ? ShotOutcome::kRoundFailed
                   : !sol.converged                  ? ShotOutcome::kNoSolution
                   : !shot.end_game.within_divert    ? ShotOutcome::kBeyondDivert
                                                     : ShotOutcome::kMiss;
    launches_[si].push_back({shot.launch_t_s, shot.intercept_t_s});
    if (sh.radar >= 0 && sh.radar_engagements > 0) on_radar_[sh.radar].push_back({shot.launch_t_s, shot.intercept_t_s});
    return shot;
  }

 private:
  struct InFlight {
    double launch_t_s = 0.0, intercept_t_s = 0.0;
  };
  // The most of `rounds` in flight at once while a new round flies from a to b (the count is
  // highest at a or at a launch inside (a, b)).
  static int maxInFlight(const std::vector<InFlight>& rounds, double a, double b) {
    const auto countAt = [&](double t) {
      return static_cast<int>(std::count_if(rounds.begin(), rounds.end(), [&](const InFlight& u) {
        return u.launch_t_s <= t && t < u.intercept_t_s;
      }));
    };
    int most = countAt(a);
    for (const InFlight& u : rounds)
      if (u.launch_t_s > a && u.launch_t_s < b) most = std::max(most, countAt(u.launch_t_s));
    return most;
  }

  const EngagementContext* ctx_;
  std::span<const ShooterInput> shooters_;
  PathCache* paths_;
  flight::FlightModels models_;
  RandomStream rng_;
  std::vector<std::vector<InFlight>> launches_;  // per shooter, every round scheduled so far
  std::map<int, std::vector<InFlight>> on_radar_;  // per radar with an engagement limit, the rounds on its tracks
  flight::FlightResult scratch_;
};

// Step 3, per threat: its primary shooter by doctrine, then the other shooters of its tier, then
// the lower tier once a miss is seen.
void engageThreat(const EngagementContext& ctx, std::span<const ShooterInput> shooters, const ThreatInput& th,
                  std::size_t ti, int primary, const Layers& layers, Firing& firing, EngagementResult& res) {
  const scenario::EngagementConfig& cfg = ctx.config;
  ThreatEvaluation& ev = res.threats[ti];
  std::vector<std::size_t> seq;
  if (primary >= 0) seq.push_back(static_cast<std::size_t>(primary));
  for (const bool upper : {true, false})
    for (std::size_t si = 0; si < shooters.size(); ++si)
      if (shooters[si].interceptor->upperTier() == upper && static_cast<int>(si) != primary &&
          layers.at(ti, si).window.feasible)
        seq.push_back(si);
  double t_ready = -std::numeric_limits<double>::infinity();
  for (std::size_t si : seq) {
    if (ev.killed || ev.shots >= cfg.max_shots_per_threat) break;
    const ShooterInput& sh = shooters[si];
    const scenario::InterceptorConfig& ic = sh.interceptor->config();
    const LayerAnswer& la = layers.at(ti, si);
    bool killed = false;
    double next = 0.0, last_launch = 0.0;
    const double start = std::max(la.window.first.launch_t_s, t_ready);
    const double look_delay = cfg.kill_assessment_s + cfg.decision_latency_s + ic.order_to_launch_s;
    int mag = res.magazine_left[si];
    const int fired = runDoctrine(
        *sh.doctrine, sh.salvo, mag, la.opportunities, start, ic.launch_interval_s, look_delay,
        cfg.max_shots_per_threat - ev.shots, killed, next, last_launch,
        [&](const Opportunity& o, bool follow_on) -> std::optional<bool> {
          std::optional<Shot> shot = firing.shoot(th, ti, si, la, o, follow_on, ev.shots + 1);
          if (!shot) return std::nullopt;
          ++ev.shots;
          if (shot->kill && !ev.killed) {
            ev.killed = true;
            ev.killed_t_s = shot->intercept_t_s;
          }
          const bool kill = shot->kill;
          res.shots.push_back(std::move(*shot));
          return kill;
        },
        [&](const Opportunity& o) {
          // No round is ordered at an object the defence already knows to be light, nor at one
          // its discrimination then holds less likely a warhead than the policy engages.
          const double order_t_s = o.launch_t_s - ic.order_to_launch_s;
          return order_t_s < th.not_lethal_from_t_s && th.pLethalAt(order_t_s) >= cfg.min_p_lethal &&
                 firing.available(si, o);
        });
    res.magazine_left[si] = mag;
    if (fired > 0) t_ready = std::max(t_ready, next);  // the next layer waits to see this one's result
  }
}

// Step 4. A salvo's rounds fly together: the first to reach a warhead kills it, and a round
// arriving after that finds nothing to hit (its own draw notwithstanding).
void settleSalvos(EngagementResult& res) {
  for (ThreatEvaluation& ev : res.threats) {
    if (!ev.killed) continue;
    double first = std::numeric_limits<double>::infinity();
    for (const Shot& shot : res.shots)
      if (shot.threat == ev.threat && shot.kill) first = std::min(first, shot.intercept_t_s);
    ev.killed_t_s = first;
    for (Shot& shot : res.shots)
      if (shot.threat == ev.threat && shot.intercept_t_s > first) {
        shot.kill = false;
        shot.outcome = ShotOutcome::kAlreadyDestroyed;
      }
  }
}

}  // namespace

double urgencyWeight(double impact_t_s, double first_impact_t_s, double last_impact_t_s, double weight) {
  if (!(last_impact_t_s > first_impact_t_s)) return 1.0;
  return 1.0 + weight * std::clamp((last_impact_t_s - impact_t_s) / (last_impact_t_s - first_impact_t_s), 0.0, 1.0);
}

double inventoryWeight(int salvo_index, int rounds_per_salvo, int magazine, double weight) {
  const double spent = static_cast<double>((salvo_index + 1) * rounds_per_salvo) / std::max(1, magazine);
  return 1.0 - weight * std::min(spent, 1.0);
}

double ThreatInput::pLethalAt(double t_s) const {
  const auto it = std::upper_bound(belief.begin(), belief.end(), t_s,
                                   [](double t, const std::pair<double, double>& b) { return t < b.first; });
  return it == belief.begin() ? prior_p_lethal : std::prev(it)->second;
}

EngagementResult runEngagements(const EngagementContext& ctx, std::span<const ShooterInput> shooters,
                                std::span<const ThreatInput> threats) {
  EngagementResult res;
  res.ran = true;
  for (const ShooterInput& s : shooters) res.magazine_left.push_back(s.config->magazine);
  // 1. Each threat evaluated, and its window for every shooter: threat by threat, each on its own
  // (in parallel for a raid, each thread with its own paths; the answers are the same whatever
  // the thread count).
  const std::size_t nt = threats.size(), ns = shooters.size();
  res.threats.resize(nt);
  res.layers.resize(nt * ns);
  const auto n_threats = static_cast<std::ptrdiff_t>(nt);
#pragma omp parallel if (n_threats >= 16)
  {
    PathCache own(ctx.model);
#pragma omp for schedule(dynamic)
    for (std::ptrdiff_t k = 0; k < n_threats; ++k) {
      const auto ti = static_cast<std::size_t>(k);
      const ThreatInput& th = threats[ti];
      res.threats[ti] = evaluateThreat(ctx, th, static_cast<int>(ti));
      // The boost phase on the truth, lift-off to burnout: the same path for every shooter.
      const ThreatPath boost = th.truth == nullptr ? ThreatPath{}
                                                   : ThreatPath::fromTruth(ctx.earth, *th.truth, th.truth->startTime_s(), 1.0,
                                                                           th.truth_burnout_t_s, th.truth_burnout_t_s);
      for (std::size_t si = 0; si < ns; ++si)
        res.layers[ti * ns + si] = planLayer(ctx, shooters[si], static_cast<int>(si), th, static_cast<int>(ti), boost, own);
    }
  }
  PathCache paths(ctx.model);
  // 2. Which threats, in which order, and each one's primary shooter.
  const Layers layers(res.layers, shooters.size());
  const std::vector<std::size_t> order = engagementOrder(res, layers);
  const std::vector<int> primary = assignPrimaries(ctx.config, shooters, layers, order, res.threats);
  // 3. Fire.
  Firing firing(ctx, shooters, paths);
  for (std::size_t ti : order) engageThreat(ctx, shooters, threats[ti], ti, primary[ti], layers, firing, res);
  // 4. Salvos settled, shots in launch order.
  settleSalvos(res);
  std::stable_sort(res.shots.begin(), res.shots.end(),
                   [](const Shot& a, const Shot& b) { return a.launch_t_s < b.launch_t_s; });
  // Numbered per threat in launch order: the layers are planned one after another, and a later
  // layer's round can leave before an earlier layer's (the timeline said #2 before #1).
  std::vector<int> fired(threats.size(), 0);
  for (Shot& shot : res.shots) shot.number = ++fired[static_cast<std::size_t>(shot.threat)];
  return res;
}

}  // namespace picket::engagement

#include "tracking/impact_prediction.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <span>
#include <utility>
#include <vector>

#include <boost/math/distributions/chi_squared.hpp>

#include "common/constants.h"
#include "common/hermite.h"
#include "flight/illinois.h"

namespace picket::tracking {
namespace c = picket::constants;

namespace {

// The step rule (ImpactPredictionOptions): long steps (step_s, or half, a quarter, ...) wherever
// the drag a step can meet is negligible (vacuum, and the thin air a re-entry vehicle crosses in
// a few seconds); elsewhere at most air_step_s, and no longer than drag_step_fraction of v /
// a_drag, the time drag would take to stop the object. Measured against a reference of small steps
// on all 163 predictions of the flagship (FlagshipDefence.ImpactPredictionStepsAgreeWithSmallSteps):
// centres within 4 m, impact times within 0.04 s, ellipse axes within 0.2 %. Steps of 7.5 s in the
// air were off by up to 33 m, 10 s by 120 m; a drag fraction of 0.3 by 14 m.
constexpr double kMinStep_s = 0.05;

struct Landing {
  bool ok = false;
  double t_s = 0.0;
  Vec3 p_Ecef = Vec3::Zero();
};

// One sigma point's flight to the ground, a step at a time: the loop of flyAll below, for one
// point. Long steps in vacuum, but none that dives deep into the air; in the air the drag-limited
// steps above (a re-entry vehicle's last kilometres take steps of a second or
// less; a tumbling stage falling at its terminal speed keeps 5 s steps, where a rule on height
// alone made it take fifty).
class Flight {
 public:
  Flight(const BallisticModel& model, const StateVec& x0, double t0, const ImpactPredictionOptions& o,
         std::vector<ImpactPrediction::FlownPoint>* track)
      : model_(&model), o_(&o), track_(track), x_(x0), t0_(t0), t_(t0), r_(x0.head<3>().norm()), h_(height(x0, r_)),
        next_sample_(t0) {
    for (double dt = o.step_s; dt > o.air_step_s; dt *= 0.5) shortest_long_s_ = dt;
  }

  [[nodiscard]] bool done() const { return done_; }
  [[nodiscard]] const Landing& landing() const { return out_; }
  [[nodiscard]] const StateVec& state() const { return x_; }

  // Before a step: the sample of the ground track, and the step's length (done, not landed, once
  // max_time_s has passed).
  double prepare() {
    if (t_ - t0_ >= o_->max_time_s) {
      done_ = true;
      return 0.0;
    }
    if (track_ != nullptr && t_ >= next_sample_) {
      track_->push_back({t_, x_.head<3>(), false});
      next_sample_ = t_ + o_->track_sample_s;
    }
    // A long step where the drag it meets is negligible: the longest of step_s, step_s / 2, ...
    // whose drag impulse, at the lowest height the step can reach (descending at the present
    // speed plus 10 m/s^2), stays under negligible_impulse_mps.
    // The impulse grows with the step (the lowest height falls, the density rises), so where the
    // shortest long step fails every longer one does: in the air, one look-up instead of four.
    const BallisticModel::DragAt drag_at = model_->dragAt(x_);
    const double descent_mps = -x_.segment<3>(3).dot(x_.head<3>()) / r_;
    const auto negligible = [&](double dt) {
      const double lowest_m = h_ - std::max(descent_mps, 0.0) * dt - 5.0 * dt * dt;
      return drag_at(lowest_m) * dt <= o_->negligible_impulse_mps;
    };
    if (shortest_long_s_ > 0.0 && negligible(shortest_long_s_))
      for (double dt = o_->step_s; dt > o_->air_step_s; dt *= 0.5)
        if (negligible(dt)) return dt;
    double dt = o_->air_step_s;
    if (const double drag = drag_at(h_); drag > 0.0) {
      const double v = x_.segment<3>(3).norm();
      dt = std::clamp(o_->drag_step_fraction * v / drag, std::min(kMinStep_s, o_->air_step_s), o_->air_step_s);
    }
    return dt;
  }

  // After the step of dt to xn: on, or down. The crossing is found on the step's cubic Hermite
  // (both ends' positions and velocities) by secant on its height, where flying the step again
  // to each secant point cost three RK4 steps a flight, a tenth of a prediction. The cubic is
  // within centimetres of the flight: its error is h^4 / 384 of the fourth derivative, which in
  // vacuum is about w^4 r (a metre over a 60 s step) and in the air, where the steps are at most
  // drag_step_fraction v / a_drag, about a (v / H)^3 h^4 / 384 (a re-entry vehicle's 2 s steps
  // near 100 m/s^2 of drag: a few millimetres).
  void finish(double dt, const StateVec& xn) {
    const double rn = xn.head<3>().norm();
    const double hn = height(xn, rn);
    if (!(hn <= 0.0)) {
      if (track_ != nullptr) sampleWithin(dt, xn);
      x_ = xn;
      r_ = rn;
      h_ = hn;
      t_ += dt;
      return;
    }
    const Vec3 r0 = x_.head<3>(), v0 = x_.segment<3>(3), r1 = xn.head<3>(), v1 = xn.segment<3>(3);
    const world::Earth& earth = model_->earth();
    const auto at = [&](double s) { return Hermite{s / dt, dt}.position(r0, v0, r1, v1); };
    // Regula falsi, Illinois variant (flight/illinois.h, the propagator's), to 10 microseconds: a
    // few centimetres at the speeds objects reach the ground.
    const auto height_at = [&](double s) {
      const Vec3 p = at(s);
      return earth.altitudeNear_m(p, p.norm());
    };
    const double s_m = flight::illinois(height_at, 0.0, dt, earth.altitudeNear_m(r0, r_), hn, 1e-5);
    out_.ok = true;
    out_.t_s = t_ + s_m;
    out_.p_Ecef = earth.ecefFromEci(at(s_m), out_.t_s);
    if (track_ != nullptr) {
      StateVec xm = xn;
      xm.head<3>() = at(s_m);
      xm.segment<3>(3) = Hermite{s_m / dt, dt}.velocity(r0, v0, r1, v1);
      sampleWithin(s_m, xm);  // a long last step (no air) keeps its samples too
      track_->push_back({out_.t_s, out_.p_Ecef, true});
    }
    done_ = true;
  }

 private:
  // The geodetic height of s, whose |r| is r: never below r - a, so far above the air that bound
  // stands in for it.
  [[nodiscard]] double height(const StateVec& s, double r) const {
    const double bound = r - model_->earth().equatorialRadius_m();
    return bound > 150e3 ? bound : model_->earth().altitudeNear_m(s.head<3>(), r);  // BallisticModel::altitude_m
  }

  // The ground track's samples inside a step longer than track_sample_s: cubic Hermite on both
  // ends' positions and velocities (in vacuum, within a metre over a 60 s step: the fourth
  // derivative of an orbit is about w^4 r, 1.3e-5 m/s^4, and the error 60^4 / 384 of it).
  void sampleWithin(double dt, const StateVec& xn) {
    const int n = static_cast<int>(std::ceil(dt / o_->track_sample_s - 1e-9));
    if (n <= 1) return;
    const Vec3 r0 = x_.head<3>(), v0 = x_.segment<3>(3), r1 = xn.head<3>(), v1 = xn.segment<3>(3);
    for (int k = 1; k < n; ++k) {
      const Hermite fill{static_cast<double>(k) / n, dt};
      track_->push_back({t_ + fill.s * dt, fill.position(r0, v0, r1, v1), false});
    }
  }

  const BallisticModel* model_;
  const ImpactPredictionOptions* o_;
  std::vector<ImpactPrediction::FlownPoint>* track_;
  StateVec x_;
  double t0_, t_;
  double r_, h_;  // |r| of x_ and its height
  double next_sample_;
  double shortest_long_s_ = 0.0;  // the last of step_s, step_s / 2, ... above air_step_s (0: none)
  bool done_ = false;
  Landing out_;
};

// Every sigma point flown to the ground, four at a time: each flight takes its own steps, exactly
// as alone, but four flights' steps go through BallisticModel::step4 together (a group short of
// four repeats its first flight in the empty lanes).
void flyAll(const BallisticModel& model, std::span<Flight> flights) {
  std::vector<std::pair<Flight*, double>> ready;  // the flights still on their way, and their steps
  ready.reserve(flights.size());
  for (;;) {
    ready.clear();
    for (Flight& f : flights)
      if (!f.done())
        if (const double dt = f.prepare(); !f.done()) ready.emplace_back(&f, dt);
    if (ready.empty()) return;
    std::array<StateVec, 4> next;
    for (std::size_t k = 0; k < ready.size(); k += 4) {
      const std::size_t n = std::min<std::size_t>(4, ready.size() - k);
      std::array<const StateVec*, 4> in{};
      std::array<double, 4> dt{};
      std::array<StateVec*, 4> out{};
      for (std::size_t l = 0; l < 4; ++l) {
        const auto& [flight, step] = ready[k + (l < n ? l : 0)];
        in[l] = &flight->state();
        dt[l] = step;
        out[l] = &next[l];
      }
      model.step4(in, dt, out);
      for (std::size_t l = 0; l < n; ++l) ready[k + l].first->finish(ready[k + l].second, next[l]);
    }
  }
}

}  // namespace

const std::vector<GroundPoint>& ImpactPrediction::groundTrack() const {
  if (!ground_track.empty() || flown.empty() || !earth) return ground_track;
  ground_track.reserve(flown.size());
  for (const FlownPoint& f : flown) {
    // A flown sample at its time, the landing on the ground; by one Bowring iteration (a few
    // centimetres at most: the alerts walk these tracks in 5 km steps), where GeographicLib's
    // exact conversion of every sample was a tenth of a Monte Carlo trial.
    const world::Geodetic g = earth->geodeticFromEcefFast(f.landing ? f.p : earth->ecefFromEci(f.p, f.t_s));
    ground_track.push_back({f.t_s, g.lat_deg, g.lon_deg, f.landing ? 0.0 : g.alt_m});
  }
  return ground_track;
}

bool ImpactPrediction::contains(double lat, double lon) const {
  const double m_per_deg = c::kDegToRad * c::kMeanEarthRadius_m;
  const double e = std::remainder(lon - lon_deg, 360.0) * m_per_deg * std::cos(lat_deg * c::kDegToRad);
  const double n = (lat - lat_deg) * m_per_deg;
  const double chi2 = boost::math::quantile(boost::math::chi_squared(2.0), probability);
  const Eigen::Vector2d d(e, n);
  const Eigen::Matrix2d cov = cov_EN + Eigen::Matrix2d::Identity() * 1e-6;
  return d.dot(cov.ldlt().solve(d)) <= chi2;
}

std::optional<ImpactPrediction> predictImpact(const BallisticModel& model, const TrackState& state,
                                              const ImpactPredictionOptions& o) {
  const world::Earth& earth = model.earth();
  SigmaPoints s;
  sigmaPoints(state.x, state.P, s);
  ImpactPrediction out;
  out.earth = earth;
  out.made_at_s = state.t_s;
  out.probability = o.probability;
  std::vector<Flight> flights;
  flights.reserve(static_cast<std::size_t>(s.cols()));
  for (int i = 0; i < s.cols(); ++i) flights.emplace_back(model, s.col(i), state.t_s, o, i == 0 ? &out.flown : nullptr);
  flyAll(model, flights);
  const Landing centre = flights[0].landing();
  if (!centre.ok) return std::nullopt;
  const world::Geodetic g0 = earth.geodeticFromEcef(centre.p_Ecef);
  const Mat3 R_EnuEcef = earth.R_EcefEnu(g0.lat_deg, g0.lon_deg).transpose();
  Eigen::Matrix<double, 2, 2 * kStateDim + 1> en;
  Eigen::Matrix<double, 1, 2 * kStateDim + 1> ts;
  en.col(0).setZero();
  ts(0) = centre.t_s;
  for (int i = 1; i < s.cols(); ++i) {
    Landing l = flights[static_cast<std::size_t>(i)].landing();
    if (!l.ok) l = centre;  // a sigma point in orbit: counted at the centre (rare; states far out)
    en.col(i) = (R_EnuEcef * (l.p_Ecef - centre.p_Ecef)).head<2>();
    ts(i) = l.t_s;
  }
  Eigen::Vector2d mean = Eigen::Vector2d::Zero();
  double tm = 0.0;
  for (int i = 1; i < s.cols(); ++i) {
    mean += kUtWeight * en.col(i);
    tm += kUtWeight * ts(i);
  }
  Eigen::Matrix2d cov = kUtCovWeight0 * (en.col(0) - mean) * (en.col(0) - mean).transpose();
  double tv = kUtCovWeight0 * (ts(0) - tm) * (ts(0) - tm);
  for (int i = 1; i < s.cols(); ++i) {
    cov += kUtWeight * (en.col(i) - mean) * (en.col(i) - mean).transpose();
    tv += kUtWeight * (ts(i) - tm) * (ts(i) - tm);
  }
  // The mean point on the ground.
  const Vec3 p_mean = centre.p_Ecef + R_EnuEcef.transpose() * Vec3(mean.x(), mean.y(), 0.0);
  const world::Geodetic gm = earth.geodeticFromEcef(p_mean);
  out.lat_deg = gm.lat_deg;
  out.lon_deg = gm.lon_deg;
  out.impact_t_s = tm;
  out.impact_t_sigma_s = std::sqrt(std::max(tv, 0.0));
  out.cov_EN = cov;
  const Eigen::SelfAdjointEigenSolver<Eigen::Matrix2d> eig(cov);
  const double chi2 = boost::math::quantile(boost::math::chi_squared(2.0), o.probability);
  out.semi_major_m = std::sqrt(std::max(eig.eigenvalues()(1), 0.0) * chi2);
  out.semi_minor_m = std::sqrt(std::max(eig.eigenvalues()(0), 0.0) * chi2);
  const Eigen::Vector2d major = eig.eigenvectors().col(1);
  out.orientation_deg = std::fmod(std::atan2(major.x(), major.y()) * c::kRadToDeg + 360.0, 180.0);
  return out;
}

}  // namespace picket::tracking

// Predictor and updater roles (after Stone Soup's stonesoup/predictor and stonesoup/updater): a
// filter is a predictor and an updater that agree on the state; the tracker only composes them.
//
// EKF: prediction by RK4 with the linearised transition (ballistic.h); update in Joseph form,
//   P+ = (I - K H) P (I - K H)^T + K R K^T,
// which keeps P symmetric and positive definite when the gain is not exactly optimal (Bar-Shalom,
// Li and Kirubarajan 2001, eq. 5.2.3-18; Bucy and Joseph 1968).
// UKF: the scaled unscented transform (Julier and Uhlmann, "Unscented filtering and nonlinear
// estimation", Proc. IEEE 92(3), 2004) with alpha = 1, beta = 2, kappa = 0: 2n+1 = 15 sigma points
// at +-sqrt(n) standard deviations, weights 1/(2n) (the centre point carries covariance weight 2 and
// no mean weight). Update P+ = P - K S K^T, symmetrised (the Joseph form needs an H the UKF has not).
// Updaters work on a sensor's measurement model (sensors/measurement_model.h), never on a sensor
// class; its residual wraps the angle components.
#pragma once

#include "common/registry.h"
#include "sensors/measurement_model.h"
#include "tracking/ballistic.h"

namespace picket::tracking {

using MeasVec = Eigen::Vector3d;
using MeasCov = Eigen::Matrix3d;
using CrossCov = Eigen::Matrix<double, kStateDim, 3>;

struct TrackState {
  double t_s = 0.0;
  StateVec x = StateVec::Zero();
  StateCov P = StateCov::Identity();
};

// What an updater needs from a detection, computed once: also what the associator gates on.
struct Innovation {
  MeasVec nu = MeasVec::Zero();  // z - h(x)
  MeasCov S = MeasCov::Identity();
  MeasCov S_inv = MeasCov::Identity();
  CrossCov Pxz = CrossCov::Zero();  // cov(x, z)
  Eigen::Matrix<double, 3, kStateDim> H = Eigen::Matrix<double, 3, kStateDim>::Zero();  // EKF only
  MeasCov R = MeasCov::Identity();
  double d2 = 0.0;         // nu^T S^-1 nu
  double log_det_S = 0.0;
};

class Predictor {
 public:
  virtual ~Predictor() = default;
  // The state at t_s, with white acceleration noise accel_mps2 over the interval.
  virtual void predict(const TrackState& in, double t_s, double accel_mps2, TrackState& out) const = 0;
  [[nodiscard]] virtual const BallisticModel& model() const = 0;
};

class Updater {
 public:
  virtual ~Updater() = default;
  virtual void innovation(const TrackState& predicted, const sensors::MeasurementModel& model, const MeasVec& z,
                          const MeasCov& R, Innovation& out) const = 0;
  virtual void update(const TrackState& predicted, const Innovation& inn, TrackState& out) const = 0;
};

class EkfPredictor final : public Predictor {
 public:
  explicit EkfPredictor(const BallisticModel& model) : model_(&model) {}
  void predict(const TrackState& in, double t_s, double accel_mps2, TrackState& out) const override;
  [[nodiscard]] const BallisticModel& model() const override { return *model_; }

 private:
  const BallisticModel* model_;
};

class EkfUpdater final : public Updater {
 public:
  void innovation(const TrackState& predicted, const sensors::MeasurementModel& model, const MeasVec& z,
                  const MeasCov& R, Innovation& out) const override;
  void update(const TrackState& predicted, const Innovation& inn, TrackState& out) const override;
};

class UkfPredictor final : public Predictor {
 public:
  explicit UkfPredictor(const BallisticModel& model) : model_(&model) {}
  void predict(const TrackState& in, double t_s, double accel_mps2, TrackState& out) const override;
  [[nodiscard]] const BallisticModel& model() const override { return *model_; }

 private:
  const BallisticModel* model_;
};

class UkfUpdater final : public Updater {
 public:
  void innovation(const TrackState& predicted, const sensors::MeasurementModel& model, const MeasVec& z,
                  const MeasCov& R, Innovation& out) const override;
  void update(const TrackState& predicted, const Innovation& inn, TrackState& out) const override;
};

// A filter: the predictor and updater the tracker's roles use (tracker.h), one per name of the
// scenario's `tracking.filter` in filterRegistry() (filters.cpp): adding a filter is its two
// classes and an entry there.
class Filter {
 public:
  virtual ~Filter() = default;
  [[nodiscard]] virtual const Predictor& predictor() const = 0;
  [[nodiscard]] virtual const Updater& updater() const = 0;
};
using FilterRegistry = Registry<Filter, const BallisticModel&>;
const FilterRegistry& filterRegistry();

// Sigma points of (x, P) for the scaled unscented transform above: column 0 is x, then x +- sqrt(n) L_i.
using SigmaPoints = Eigen::Matrix<double, kStateDim, 2 * kStateDim + 1>;
void sigmaPoints(const StateVec& x, const StateCov& P, SigmaPoints& out);
inline constexpr double kUtMeanWeight0 = 0.0;
inline constexpr double kUtCovWeight0 = 2.0;
inline constexpr double kUtWeight = 1.0 / (2.0 * kStateDim);

}  // namespace picket::tracking

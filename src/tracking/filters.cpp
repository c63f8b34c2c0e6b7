#include "tracking/filters.h"

#include <cmath>
#include <memory>

namespace picket::tracking {

namespace {
// In place, upper and lower triangles averaged (no temporary).
void symmetrise(StateCov& p) {
  for (int j = 1; j < kStateDim; ++j)
    for (int i = 0; i < j; ++i) p(i, j) = p(j, i) = 0.5 * (p(i, j) + p(j, i));
}

// S is 3 x 3 and positive definite: Eigen's closed-form (cofactor) inverse and determinant are exact
// to rounding here and cost a third of a Cholesky factorisation with its triangular solves
// (measured on bench/track_side_by_side). Cofactors scale with the rows and columns, so the mixed
// units (metres, radians) do not cost precision.
void finishInnovation(Innovation& out) {
  out.S_inv = out.S.inverse();
  out.d2 = out.nu.dot(out.S_inv * out.nu);
  out.log_det_S = std::log(out.S.determinant());
}
}  // namespace

void sigmaPoints(const StateVec& x, const StateCov& P, SigmaPoints& out) {
  const Eigen::LLT<StateCov> llt(P);
  const StateCov L = llt.matrixL().toDenseMatrix() * std::sqrt(static_cast<double>(kStateDim));
  out.col(0) = x;
  for (int i = 0; i < kStateDim; ++i) {
    out.col(1 + i) = x + L.col(i);
    out.col(1 + kStateDim + i) = x - L.col(i);
  }
}

void EkfPredictor::predict(const TrackState& in, double t_s, double accel_mps2, TrackState& out) const {
  const double dt = t_s - in.t_s;
  StateVec x = in.x;
  StateCov phi;
  model_->propagate(x, phi, dt);
  out.t_s = t_s;
  out.x = x;
  // Phi P Phi^T with Phi = [[A, c], [0, 1]] (1/beta is constant: its row of Phi is the unit
  // row) and P = [[Q, p], [p^T, s]]: [[M A^T + u c^T, u], [u^T, s]], M = A Q + c p^T, u = A p + c s.
  // The same numbers as the 7 x 7 products to rounding, on 6 x 6 blocks.
  using Mat6 = Eigen::Matrix<double, 6, 6>;
  using Vec6 = Eigen::Matrix<double, 6, 1>;
  const Mat6 A = phi.topLeftCorner<6, 6>();
  const Vec6 c = phi.topRightCorner<6, 1>();
  const Vec6 p = in.P.topRightCorner<6, 1>();
  const double s = in.P(6, 6);
  Mat6 M;
  M.noalias() = A * in.P.topLeftCorner<6, 6>();
  M.noalias() += c * p.transpose();
  const Vec6 u = A * p + c * s;
  out.P.topLeftCorner<6, 6>().noalias() = M * A.transpose();
  out.P.topLeftCorner<6, 6>().noalias() += u * c.transpose();
  out.P.topRightCorner<6, 1>() = u;
  out.P.bottomLeftCorner<1, 6>() = u.transpose();
  out.P(6, 6) = s;
  model_->addProcessNoise(dt, accel_mps2, out.P);
  symmetrise(out.P);
}

void EkfUpdater::innovation(const TrackState& p, const sensors::MeasurementModel& model, const MeasVec& z,
                            const MeasCov& R, Innovation& out) const {
  Vec3 zp;
  Mat3 Hp;
  model.measureWithJacobian(p.x.head<3>(), p.t_s, zp, Hp);
  out.H.setZero();
  out.H.leftCols<3>() = Hp;
  out.R = R;
  out.nu = model.residual(z, zp);
  out.Pxz = p.P.leftCols<3>() * Hp.transpose();
  out.S = Hp * out.Pxz.topRows<3>() + R;
  finishInnovation(out);
}

void EkfUpdater::update(const TrackState& p, const Innovation& inn, TrackState& out) const {
  const CrossCov K = inn.Pxz * inn.S_inv;
  out.t_s = p.t_s;
  out.x = p.x + K * inn.nu;
  // Joseph form (I - KH) P (I - KH)^T + K R K^T, with I - KH = I - M in its first three columns
  // only (H sees position alone): the same products, computed on the blocks that are not zero.
  const Eigen::Matrix<double, kStateDim, 3> M = K * inn.H.leftCols<3>();
  StateCov ap = p.P;
  ap.noalias() -= M * p.P.topRows<3>();
  out.P = ap;
  out.P.noalias() -= ap.leftCols<3>() * M.transpose();
  out.P.noalias() += K * inn.R * K.transpose();
  symmetrise(out.P);
}

void UkfPredictor::predict(const TrackState& in, double t_s, double accel_mps2, TrackState& out) const {
  const double dt = t_s - in.t_s;
  SigmaPoints s;
  sigmaPoints(in.x, in.P, s);
  for (int i = 0; i < s.cols(); ++i) s.col(i) = model_->propagate(s.col(i), dt);
  StateVec mean = StateVec::Zero();
  for (int i = 1; i < s.cols(); ++i) mean += kUtWeight * s.col(i);
  StateCov P = kUtCovWeight0 * (s.col(0) - mean) * (s.col(0) - mean).transpose();
  for (int i = 1; i < s.cols(); ++i) P += kUtWeight * (s.col(i) - mean) * (s.col(i) - mean).transpose();
  out.t_s = t_s;
  out.x = mean;
  out.P = P + model_->processNoise(dt, accel_mps2);
  symmetrise(out.P);
}

void UkfUpdater::innovation(const TrackState& p, const sensors::MeasurementModel& model, const MeasVec& z,
                            const MeasCov& R, Innovation& out) const {
  SigmaPoints s;
  sigmaPoints(p.x, p.P, s);
  Eigen::Matrix<double, 3, 2 * kStateDim + 1> zs;
  zs.col(0) = model.measure(s.col(0).head<3>(), p.t_s);
  // Each about the centre point's (the residual wraps angles), so a mean does not straddle a cut.
  for (int i = 1; i < zs.cols(); ++i) zs.col(i) = zs.col(0) + model.residual(model.measure(s.col(i).head<3>(), p.t_s), zs.col(0));
  MeasVec zm = MeasVec::Zero();
  for (int i = 1; i < zs.cols(); ++i) zm += kUtWeight * zs.col(i);
  MeasCov S = kUtCovWeight0 * (zs.col(0) - zm) * (zs.col(0) - zm).transpose() + R;
  CrossCov Pxz = kUtCovWeight0 * (s.col(0) - p.x) * (zs.col(0) - zm).transpose();
  for (int i = 1; i < zs.cols(); ++i) {
    S += kUtWeight * (zs.col(i) - zm) * (zs.col(i) - zm).transpose();
    Pxz += kUtWeight * (s.col(i) - p.x) * (zs.col(i) - zm).transpose();
  }
  out.R = R;
  out.S = S;
  out.Pxz = Pxz;
  out.nu = model.residual(z, zm);
  finishInnovation(out);
}

void UkfUpdater::update(const TrackState& p, const Innovation& inn, TrackState& out) const {
  const CrossCov K = inn.Pxz * inn.S_inv;
  out.t_s = p.t_s;
  out.x = p.x + K * inn.nu;
  out.P = p.P - K * inn.S * K.transpose();
  symmetrise(out.P);
}

namespace {

template <class P, class U>
class PairedFilter final : public Filter {
 public:
  explicit PairedFilter(const BallisticModel& model) : predictor_(model) {}
  [[nodiscard]] const Predictor& predictor() const override { return predictor_; }
  [[nodiscard]] const Updater& updater() const override { return updater_; }

 private:
  P predictor_;
  U updater_;
};

template <class P, class U>
std::unique_ptr<const Filter> makeFilter(const BallisticModel& model) {
  return std::make_unique<const PairedFilter<P, U>>(model);
}

constexpr FilterRegistry::Entry kFilters[] = {
    {"ekf", "extended Kalman filter: dynamics and measurements linearised about the estimate",
     makeFilter<EkfPredictor, EkfUpdater>},
    {"ukf", "unscented Kalman filter: sigma points through the dynamics and the measurements",
     makeFilter<UkfPredictor, UkfUpdater>},
};

}  // namespace

const FilterRegistry& filterRegistry() {
  static const FilterRegistry registry{kFilters};
  return registry;
}

}  // namespace picket::tracking

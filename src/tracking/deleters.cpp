#include "tracking/deleters.h"

#include <algorithm>
#include <bit>
#include <cmath>

namespace picket::tracking {

double positionSigma_m(const StateCov& P) {
  // Eigen's closed form for 3 x 3 (the roots of the characteristic cubic), where the iterative
  // solver was about 1 % of a Monte Carlo trial (the battle manager reads it for every track
  // update); tracking_test.cpp holds the largest root to the iterative one.
  Eigen::SelfAdjointEigenSolver<Eigen::Matrix3d> es;
  es.computeDirect(P.topLeftCorner<3, 3>(), Eigen::EigenvaluesOnly);
  return std::sqrt(std::max(0.0, es.eigenvalues().maxCoeff()));
}

void MissProbabilityDeleter::missed(Track& track, double expected_pd, const TrackerOptions& o) const {
  track.miss_log_p += std::log1p(-std::min(expected_pd, o.max_expected_pd));
}

void MissProbabilityDeleter::hit(Track& track) const { track.miss_log_p = 0.0; }

bool MissProbabilityDeleter::remove(const Track& tr, const BallisticModel& model, const TrackerOptions& o) const {
  if (tr.miss_log_p < o.delete_log_p) return true;
  if (!tr.confirmed && tr.looks >= o.confirm_window && std::popcount(tr.hit_history) < o.confirm_hits) return true;
  if (tr.predicted_below_ground || model.belowGround(tr.state.x, kBelowGround_m)) return true;
  return tr.predicted_position_var_m2 > o.max_position_sigma_m * o.max_position_sigma_m;
}

}  // namespace picket::tracking

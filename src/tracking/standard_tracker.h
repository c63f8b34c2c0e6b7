// picket's tracker with its standard roles (tracker.h), owning them: EKF or UKF, GNN association,
// BallisticInitiator, MissProbabilityDeleter and TrackToTrackCorrelator. Immutable once built;
// not copyable (the tracker points at its roles).
#pragma once

#include <span>
#include <vector>

#include "scenario/config.h"
#include "tracking/correlator.h"
#include "tracking/deleters.h"
#include "tracking/initiators.h"
#include "tracking/tracker.h"

namespace picket::tracking {

class StandardTracker {
 public:
  // `sensors` indexed by sensor index (null where the index is not a sensor this tracker uses).
  StandardTracker(const BallisticModel& model, scenario::FilterKind filter,
                  std::span<const sensors::MeasurementModel* const> sensors, const TrackerOptions& options)
      : ekf_p_(model),
        ukf_p_(model),
        sensors_(sensors.begin(), sensors.end()),
        tracker_(filter == scenario::FilterKind::kUkf ? static_cast<const Predictor&>(ukf_p_) : ekf_p_,
                 filter == scenario::FilterKind::kUkf ? static_cast<const Updater&>(ukf_u_) : ekf_u_, gnn_, initiator_,
                 deleter_, correlator_, sensors_, options) {}
  StandardTracker(const StandardTracker&) = delete;
  StandardTracker& operator=(const StandardTracker&) = delete;

  [[nodiscard]] const Tracker& tracker() const { return tracker_; }

 private:
  EkfPredictor ekf_p_;
  UkfPredictor ukf_p_;
  EkfUpdater ekf_u_;
  UkfUpdater ukf_u_;
  GnnAssociator gnn_;
  BallisticInitiator initiator_;
  MissProbabilityDeleter deleter_;
  TrackToTrackCorrelator correlator_;
  std::vector<const sensors::MeasurementModel*> sensors_;
  Tracker tracker_;
};

}  // namespace picket::tracking

// picket's tracker with its standard roles (tracker.h), owning them: the filter the registry names
// (filters.h filterRegistry(): ekf, ukf), GNN association,
// BallisticInitiator, MissProbabilityDeleter and TrackToTrackCorrelator. Immutable once built;
// not copyable (the tracker points at its roles).
#pragma once

#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "scenario/config.h"
#include "tracking/correlator.h"
#include "tracking/deleters.h"
#include "tracking/filters.h"
#include "tracking/initiators.h"
#include "tracking/tracker.h"

namespace picket::tracking {

class StandardTracker {
 public:
  // `sensors` indexed by sensor index (null where the index is not a sensor this tracker uses).
  // Throws std::invalid_argument for a filter the registry does not know (the scenario's name was
  // checked when the models were built).
  StandardTracker(const BallisticModel& model, std::string_view filter,
                  std::span<const sensors::MeasurementModel* const> sensors, const TrackerOptions& options)
      : filter_(make(model, filter)),
        sensors_(sensors.begin(), sensors.end()),
        tracker_(filter_->predictor(), filter_->updater(), gnn_, initiator_, deleter_, correlator_, sensors_, options) {}
  StandardTracker(const StandardTracker&) = delete;
  StandardTracker& operator=(const StandardTracker&) = delete;

  [[nodiscard]] const Tracker& tracker() const { return tracker_; }

 private:
  static std::unique_ptr<const Filter> make(const BallisticModel& model, std::string_view name) {
    const FilterRegistry::Entry* e = filterRegistry().find(name);
    if (e == nullptr) throw std::invalid_argument("unknown filter '" + std::string(name) + "'");
    return e->make(model);
  }

  std::unique_ptr<const Filter> filter_;
  GnnAssociator gnn_;
  BallisticInitiator initiator_;
  MissProbabilityDeleter deleter_;
  TrackToTrackCorrelator correlator_;
  std::vector<const sensors::MeasurementModel*> sensors_;
  Tracker tracker_;
};

}  // namespace picket::tracking

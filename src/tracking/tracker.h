// The tracker: small roles composed (after Stone Soup's stonesoup/tracker/simple.py).
//   Predictor, Updater   filters.h (EKF or UKF), on each sensor's measurement model
//   Associator           global nearest neighbour: a chi-square gate on the innovation, then the
//                        assignment of detections to tracks that minimises the summed cost
//                        d^2 + ln|S| (Hungarian algorithm), "not assigned" allowed, solved
//                        cluster by cluster (tracks and detections linked by their gates)
//   Initiator            initiators.h: a split from a track (a detection in a track's gate that the
//                        track did not take), a two-point start, or one detection with the infrared
//                        launch cue while the plume is reported
//   Deleter              deleters.h: a track goes when its object, were it still there, would
//                        almost surely have been seen by the looks it missed (each look weighed by
//                        the sensor's expected detection probability for the track's estimated
//                        cross-section), when it is lost (its position uncertainty too large), or
//                        below the ground
//   Correlator           correlator.h: duplicate tracks of one object are merged; a track that
//                        starts where a lost one was predicted continues its object
// A track is confirmed when M of its last N looks hit. Scans are processed in time order; each
// scan is one sensor's detections at one look time, so several sensors fuse sequentially and a
// track hands over from one to the next without ceremony.
// The tracker never sees the truth: it is handed detections (sensors/observe.h), which do not say
// which object made them. Its roles are immutable; everything that changes lives in TrackerState
// (one per run), whose buffers keep their capacity so a long run does not allocate per scan.
#pragma once

#include <array>
#include <cmath>
#include <span>
#include <utility>
#include <vector>

#include "scenario/config.h"
#include "sensors/launch_cue.h"
#include "sensors/measurement_model.h"
#include "sensors/observe.h"
#include "tracking/filters.h"

namespace picket::tracking {

// A mean of unbiased single-look cross-section estimates (sensors/radar.h), floored: a few looks at
// a faint object can average below zero.
inline double meanRcs(double sum_m2, int looks) { return std::max(sum_m2 / looks, 1e-4); }

// A track that was hit in the same scan as this one by another detection it also gated: the two
// are distinct objects, not duplicates.
struct CoHit {
  int track = 0;
  double t_s = -1e300;
};

struct Track {
  int id = 0;
  int object = 0;  // the correlated object it belongs to (TrackerState::objects)
  TrackState state;  // at its last update
  // Its prediction to the last scan that missed it, where the next prediction starts (valid while
  // newer than `state`): a track unseen for minutes is not flown again from its last update at
  // every scan.
  TrackState coasted{.t_s = -1e300};
  bool confirmed = false;
  double started_s = 0.0;
  double confirmed_s = -1.0;
  unsigned hit_history = 0;  // bit i: hit on the i-th most recent look
  int looks = 0;
  int updates = 0;
  // ln of the probability that the object, were it still there, was missed by every look since
  // the last hit (each look's expected detection probability); 0 after a hit.
  double miss_log_p = 0.0;
  int last_sensor = -1;
  double last_nis = 0.0;
  // At the last scan: the trace of the predicted position covariance, and whether the prediction
  // is more than a kilometre below the ground.
  double predicted_position_var_m2 = 0.0;
  bool predicted_below_ground = false;
  // Cross-section estimate: the mean of the unbiased single-look estimates of its detections
  // (sensors/measurement_model.h).
  double rcs_sum_m2 = 0.0;
  int rcs_looks = 0;
  int parent = 0;         // the track it split from, 0 if none
  int parent_object = 0;  // that track's object when it split
  bool merged = false;    // found to duplicate another track this scan: removed with the deletions
  // Duplicate bookkeeping (correlator.h): the older track this one keeps competing with, and for
  // how many scans; and the tracks it was seen to be distinct from.
  int rival = 0;
  int rival_scans = 0;
  std::array<CoHit, 4> co_hits{};

  [[nodiscard]] double rcs_m2(double fallback_m2) const { return rcs_looks > 0 ? meanRcs(rcs_sum_m2, rcs_looks) : fallback_m2; }
};

// One thing that happened, for the timeline, tracks.csv and the scoring.
struct TrackEvent {
  enum class Kind { kStarted, kConfirmed, kUpdated, kDeleted, kMerged };
  Kind kind = Kind::kUpdated;
  double t_s = 0.0;
  int track = 0;
  int sensor = -1;
  int detection = -1;  // kStarted, kUpdated: the detection's index in its scan
  int other = 0;       // kStarted: the track it split from (0: none); kMerged: the track it merged into
  double nis = 0.0;
};

// An object as the defence knows it: one or more tracks in sequence (a track lost and another
// started where the first was predicted, or duplicates merged), correlated by correlator.h.
struct TrackedObject {
  int id = 0;
  int family = 0;       // objects split from one another share a family (a missile and what it sheds)
  int track = 0;        // its current track (or the last one, once lost)
  int tracks = 0;       // how many tracks it has had
  bool live = true;
  double first_s = 0.0, last_s = 0.0;
  TrackState last;      // its track's state when lost
  bool down = false;    // lost because its track came down (below the ground): never continued
  double rcs_sum_m2 = 0.0;  // as Track's, over all its tracks
  int rcs_looks = 0;
  int merged_into = 0;  // an object found to be another (duplicates): that object's id

  [[nodiscard]] double rcs_m2() const { return rcs_looks > 0 ? meanRcs(rcs_sum_m2, rcs_looks) : 0.0; }
};

// A pair of a sparse assignment (associateSparse, below) and that function's reused buffers.
struct AssignmentPair {
  int row = 0, col = 0;
  double cost = 0.0;
};
struct AssignmentScratch {
  std::vector<int> parent, cols, out;
  std::vector<std::pair<int, int>> rows;
  std::vector<double> cost, scratch;
  std::vector<int> row_begin;
};

struct TrackerState {
  std::vector<Track> tracks;
  std::vector<TrackedObject> objects;  // objects[id - 1]
  struct Waiting {
    Vec3 p_Eci;
    Mat3 P;
    double t_s;
    int sensor;
  };
  std::vector<Waiting> waiting;  // detections no track took, for two-point initiation
  int next_id = 1;
  // The last scan's gated pairs, track by track, each track's in ascending detection order: what
  // the assignment, the correlator and the initiator read. Sparse: in a raid a track gates a few
  // of the scan's detections, and a dense tracks x detections table grows as the square of the
  // raid (2,000 objects: 4 million innovations a scan).
  struct Gated {
    int detection = 0;
    double cost = 0.0;  // the association cost (tracker.cpp), < 0
    Innovation innovation;
  };
  std::vector<Gated> gated;
  std::vector<int> gated_begin;  // track i's pairs: gated[gated_begin[i] .. gated_begin[i + 1])
  [[nodiscard]] std::span<const Gated> gatedOf(int i) const {
    const auto b = static_cast<std::size_t>(gated_begin[static_cast<std::size_t>(i)]);
    const auto e = static_cast<std::size_t>(gated_begin[static_cast<std::size_t>(i) + 1]);
    return std::span<const Gated>(gated).subspan(b, e - b);
  }
  // scratch, reused
  std::vector<int> assignment;
  std::vector<int> taken_by;  // per detection: the track index that took it, or -1
  std::vector<TrackState> predicted;
  std::vector<double> pd;  // per track: the scan's sensor's expected detection probability
  std::vector<sensors::MeasurementModel::Expectation> expected;  // per track: what the sensor expects
  std::vector<int> by_range, candidates;
  std::vector<AssignmentPair> pairs;
  AssignmentScratch assign_scratch;
  // correlator.cpp: each lost object's last state flown to the time of a confirmation (several
  // tracks confirmed in one scan look at the same lost objects at the same time).
  struct LostPrediction {
    double from_s = -1.0, to_s = -1.0;
    TrackState state;
  };
  std::vector<LostPrediction> lost_predictions;  // by object id - 1
  std::vector<int> split_parent;  // initiators.cpp: per detection, the confirmed track it splits from
  std::vector<double> split_parent_d2;

  [[nodiscard]] const TrackedObject& object(int id) const { return objects[static_cast<std::size_t>(id - 1)]; }
  [[nodiscard]] TrackedObject& object(int id) { return objects[static_cast<std::size_t>(id - 1)]; }
  // The object an id stands for after merges.
  [[nodiscard]] int canonicalObject(int id) const {
    while (id > 0 && object(id).merged_into > 0) id = object(id).merged_into;
    return id;
  }
};

inline constexpr double kNoAssignment = 1e30;
// A track whose position is this far below the ellipsoid has come down (or never was a missile).
inline constexpr double kBelowGround_m = 1000.0;

// Global nearest neighbour (the roles' interface is the function; other associators can follow).
class Associator {
 public:
  virtual ~Associator() = default;
  // cost: rows = tracks, cols = detections, row-major; a value >= kNoAssignment means "gated out".
  // Writes per track the detection it takes (or -1).
  virtual void associate(int tracks, int detections, std::span<const double> cost, std::vector<int>& out,
                         std::vector<double>& scratch) const = 0;
};

class GnnAssociator final : public Associator {
 public:
  void associate(int tracks, int detections, std::span<const double> cost, std::vector<int>& out,
                 std::vector<double>& scratch) const override;
};

// A sparse linear assignment: `pairs` (row, column, cost), grouped by row, are the pairs that may be
// assigned; every other pair is "gated out". The rows and columns the pairs link fall into clusters
// that share neither; the assignment minimising the summed cost is the union of each cluster's, so
// each is solved on its own small table by `associator`. Writes per row the column it takes (or -1).
// Used by the tracker's association, the battle manager's and the track metrics' assignments: their
// tables are mostly gated out in a raid, and one dense table grows as the cube of the raid.
void associateSparse(const Associator& associator, int rows, int cols, std::span<const AssignmentPair> pairs,
                     std::vector<int>& out, AssignmentScratch& scratch);

struct TrackerOptions {
  double process_noise_mps2 = 0.05;
  double boost_process_noise_mps2 = 120.0;
  double gate_d2 = 21.1;  // chi-square, 3 dof
  int confirm_hits = 3, confirm_window = 5;
  double max_speed_mps = 8000.0;
  double max_pair_gap_s = 60.0;
  double prior_inv_beta = 1.0 / 5000.0, prior_inv_beta_sigma = 1.0 / 5000.0;
  double prior_rcs_m2 = 0.1;  // a track's cross-section before its first estimate
  // deleters.h
  double delete_log_p = -6.907755;  // ln(1e-3)
  double max_expected_pd = 0.9;
  double max_position_sigma_m = 50e3;
  // initiators.h: a split's velocity uncertainty about its parent's
  double split_velocity_sigma_mps = 100.0;
  // correlator.h
  double duplicate_d2 = 16.81;   // chi-square, 6 dof, 99 %
  double duplicate_rcs_ratio = 10.0;
  int duplicate_scans = 3;
  double co_hit_window_s = 30.0;
  double correlation_d2 = 11.34;  // chi-square, 3 dof, 99 %
  double correlation_window_s = 600.0;
  double family_distance_m = 50e3;
  double family_speed_mps = 200.0;

  static TrackerOptions from(const scenario::TrackingConfig& c);
};

// What one scan is about: when, by which sensor, and what the infrared system says.
struct ScanContext {
  double t_s = 0.0;
  const sensors::MeasurementModel* sensor = nullptr;
  bool boost = false;                        // a plume is being reported: the threat may be thrusting
  const sensors::LaunchCue* cue = nullptr;   // the infrared launch estimate, if any
};

class Initiator;
class Deleter;
class Correlator;

class Tracker {
 public:
  // `sensors` indexed by sensor index (null where the index is not a sensor this tracker uses).
  Tracker(const Predictor& predictor, const Updater& updater, const Associator& associator, const Initiator& initiator,
          const Deleter& deleter, const Correlator& correlator,
          std::span<const sensors::MeasurementModel* const> sensors, const TrackerOptions& options)
      : predictor_(&predictor),
        updater_(&updater),
        associator_(&associator),
        initiator_(&initiator),
        deleter_(&deleter),
        correlator_(&correlator),
        sensors_(sensors),
        options_(options) {}

  // One scan: detections of one sensor at one time (all with that time and sensor). Events go to
  // `events` if given.
  void processScan(TrackerState& state, int sensor, double t_s, std::span<const sensors::RadarDetection> scan,
                   bool boost, const sensors::LaunchCue* cue, std::vector<TrackEvent>* events) const;

  [[nodiscard]] const TrackerOptions& options() const { return options_; }
  [[nodiscard]] const Predictor& predictor() const { return *predictor_; }
  [[nodiscard]] const sensors::MeasurementModel& sensor(int index) const;

 private:

  const Predictor* predictor_;
  const Updater* updater_;
  const Associator* associator_;
  const Initiator* initiator_;
  const Deleter* deleter_;
  const Correlator* correlator_;
  std::span<const sensors::MeasurementModel* const> sensors_;
  TrackerOptions options_;
};

}  // namespace picket::tracking

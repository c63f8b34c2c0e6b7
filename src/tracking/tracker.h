// The tracker: small roles composed (after Stone Soup's stonesoup/tracker/simple.py).
//   Predictor, Updater        filters.h (EKF or UKF)
//   Associator                global nearest neighbour: chi-square gate on the innovation, then
//                             the assignment of detections to tracks that minimises the summed
//                             cost d^2 + ln|S| (Hungarian algorithm), with "not assigned" allowed
//   Initiator                 two-point: a detection no track took waits; a later one within the
//                             speed gate starts a track with their difference as its velocity. With
//                             an infrared launch cue, one detection starts a track whose velocity is
//                             twice its mean speed from the cued launch point (constant acceleration).
//   Deleter                   too many consecutive misses (looks that should have seen it), or
//                             predicted below the ground
// A track is confirmed when M of its last N looks hit. Scans are processed in time order; each
// scan is one radar's detections at one look time, so several radars fuse sequentially and a
// track hands over from one to the next without ceremony.
// The tracker is immutable; everything that changes lives in TrackerState (one per run), whose
// buffers keep their capacity so a long run does not allocate per scan.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "scenario/config.h"
#include "sensors/launch_cue.h"
#include "sensors/observe.h"
#include "tracking/filters.h"

namespace picket::tracking {

struct Track {
  int id = 0;
  TrackState state;
  bool confirmed = false;
  double started_s = 0.0;
  double confirmed_s = -1.0;
  int consecutive_misses = 0;
  unsigned hit_history = 0;  // bit i: hit on the i-th most recent look
  int looks = 0;
  int updates = 0;
  int last_sensor = -1;
  int truth_hint = -1;     // truth of its last detection: for scoring only, never used to decide
  int truth_switches = 0;  // times that truth changed between updates (identity swaps)
  double last_nis = 0.0;
};

// One thing that happened, for the timeline and tracks.csv.
struct TrackEvent {
  enum class Kind { kStarted, kConfirmed, kUpdated, kDeleted };
  Kind kind = Kind::kUpdated;
  double t_s = 0.0;
  int track = 0;
  int sensor = -1;
  double nis = 0.0;
};

struct TrackerState {
  std::vector<Track> tracks;
  struct Waiting {
    Vec3 p_Eci;
    Mat3 P;
    double t_s;
    int sensor;
    int truth;
  };
  std::vector<Waiting> waiting;  // detections no track took, for two-point initiation
  int next_id = 1;
  // scratch, reused
  std::vector<Innovation> innovations;
  std::vector<double> cost;
  std::vector<int> assignment;
  std::vector<TrackState> predicted;
  std::vector<double> scratch;
  std::vector<char> taken;
};

// Global nearest neighbour (the roles' interface is the function; other associators can follow).
class Associator {
 public:
  virtual ~Associator() = default;
  // cost: rows = tracks, cols = detections, row-major; a value >= kNoAssignment means "gated out".
  // Writes per track the detection it takes (or -1).
  virtual void associate(int tracks, int detections, std::span<const double> cost, std::vector<int>& out,
                         std::vector<double>& scratch) const = 0;
};
inline constexpr double kNoAssignment = 1e30;

class GnnAssociator final : public Associator {
 public:
  void associate(int tracks, int detections, std::span<const double> cost, std::vector<int>& out,
                 std::vector<double>& scratch) const override;
};

struct TrackerOptions {
  double process_noise_mps2 = 0.05;
  double boost_process_noise_mps2 = 30.0;
  double gate_d2 = 21.1;  // chi-square, 3 dof
  int confirm_hits = 3, confirm_window = 5, delete_misses = 5;
  double max_speed_mps = 8000.0;
  double max_pair_gap_s = 60.0;
  double prior_inv_beta = 1.0 / 5000.0, prior_inv_beta_sigma = 1.0 / 5000.0;

  static TrackerOptions from(const scenario::TrackingConfig& c);
};

class Tracker {
 public:
  Tracker(const Predictor& predictor, const Updater& updater, const Associator& associator,
          std::span<const sensors::Radar> radars, const TrackerOptions& options)
      : predictor_(&predictor), updater_(&updater), associator_(&associator), radars_(radars), options_(options) {}

  // One scan: detections of radar `sensor` at time t_s (all with that time). `boost` raises the
  // process noise (a plume is being reported: the threat may still be thrusting). `cue` enables
  // single-detection initiation. Events go to `events` if given.
  void processScan(TrackerState& state, int sensor, double t_s, std::span<const sensors::RadarDetection> scan,
                   bool boost, const sensors::LaunchCue* cue, std::vector<TrackEvent>* events) const;

  [[nodiscard]] const TrackerOptions& options() const { return options_; }
  [[nodiscard]] const Predictor& predictor() const { return *predictor_; }

  // Cartesian position (ECI) of a radar detection and its covariance (first order).
  void detectionPosition(const sensors::RadarDetection& d, Vec3& p_Eci, Mat3& P) const;

 private:
  const sensors::Radar& radarOf(int sensor) const;

  const Predictor* predictor_;
  const Updater* updater_;
  const Associator* associator_;
  std::span<const sensors::Radar> radars_;
  TrackerOptions options_;
};

}  // namespace picket::tracking

// The battle manager: threat evaluation, engagement windows per shooter on the tracks' predictions,
// weapon-target assignment, doctrine, magazines, layering, and the shots with their outcomes.
//
// Planning is on tracks, not on truth (docs/engagement.md#planning). For a threat track and a
// shooter, the fire-control time t_fc is the first track update with position 1-sigma at most
// track_quality_m, from the shooter's own radar if it names one, else from any sensor. The plan
// uses the track's state at T = max(t_fc, the estimated end of boost) flown ballistically
// (tracking::BallisticModel); a launch can follow at the earliest at
//   E = T + link latency + fire-control time + decision latency + order-to-launch time,
// the link latency being 0 for a radar within colocated_radar_km (10 km) of the shooter. If the first feasible launch
// leaves more than replan_s of slack, the plan is redone on the newer state ("iterate on the
// track's prediction"). The decision deadline is the latest launch of any feasible intercept less
// the order-to-launch time; the decision time is that deadline less (t_fc + link latency).
//
// Assignment (which shooter takes which threat first): the Hungarian algorithm (Kuhn-Munkres, as
// in tracking's GNN) on threats x shooter slots (one per salvo a magazine holds), maximising the
// sum of P(kill by a salvo) x the threat's urgency (its predicted impact among the others',
// engagement.time_to_go_weight) x the slot's inventory weight (the share of the magazine it
// leaves, engagement.inventory_weight), upper tier first. Greedy (each threat in window order takes its best free shooter) can strand a
// threat that only one shooter reaches; the linear assignment cannot (battle_test has the case).
// Extra shots after the first go by doctrine. Lower-tier shooters engage a threat only once a miss
// by the upper tier is seen (kill assessment), or when no upper-tier shooter has a window.
// Outcomes: a shot hits if the end game (solver.h) stays within the kill vehicle's divert, and then
// kills if a uniform draw from the scenario's engagement stream is below the single-shot kill
// probability; draws are taken in shot order, so the same seed gives the same outcome.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "engagement/doctrine.h"
#include "engagement/interceptor.h"
#include "engagement/solver.h"
#include "engagement/window.h"
#include "scenario/config.h"
#include "tracking/ballistic.h"
#include "world/geography.h"

namespace picket::engagement {

struct TrackUpdate {
  double t_s = 0.0;
  tracking::StateVec x;
  double position_sigma_m = 0.0;
  int sensor = -1;
};

// A threat as the defence sees it: one correlated object, the updates of its confirmed tracks in
// time order. The truth is used only where the world decides: the end game, against the true path
// of the object it was (`end_game_truth`), and the boost-phase question, on the missile's own
// (`truth`, from lift-off).
struct ThreatInput {
  int object = 0;  // the defence's correlated object
  int track = 0;   // its first track (report/wording.h names a threat for the outputs)
  std::vector<TrackUpdate> updates;
  const flight::Trajectory* truth = nullptr;
  const flight::Trajectory* end_game_truth = nullptr;
  double truth_burnout_t_s = 0.0;
  double first_detection_t_s = 0.0;     // its first sighting, any sensor (infrared report or radar): the boost-phase clock
  double boost_end_estimate_t_s = 0.0;  // the defence's estimate of its burnout
  // From this time the defence knows it is not a warhead (discrimination by deceleration): no
  // round is ordered at it after (rounds already in flight fly on).
  double not_lethal_from_t_s = std::numeric_limits<double>::infinity();
  // The defence's belief that it is a warhead (tracking/discrimination.h): the prior, then (t_s, P)
  // after each discrimination report, in time order. No round is ordered while it is below
  // engagement.min_p_lethal.
  double prior_p_lethal = 0.5;
  std::vector<std::pair<double, double>> belief;
  [[nodiscard]] double pLethalAt(double t_s) const;
};

struct ShooterInput {
  const scenario::ShooterConfig* config = nullptr;
  const Interceptor* interceptor = nullptr;
  const Doctrine* doctrine = nullptr;  // the config's, from doctrineRegistry()
  int salvo = 1;                       // rounds per look, as the doctrine reads it
  ShooterSite site;
  int radar = -1;  // the sensor index it fires on; -1: any (the network)
  double link_latency_s = 0.0;
  int radar_engagements = 0;  // its radar's simultaneous engagements (SensorConfig::engagements; 0: no limit)
  // The kill probability of a round that meets its target within the divert, and the probability
  // that a round flies at all: the interceptor's, or a Monte Carlo trial's draws of them.
  double sspk = 0.0, reliability = 1.0;
};

struct EngagementContext {
  const world::Earth& earth;
  const world::Atmosphere& atmosphere;
  const world::Geography& geography;
  const tracking::BallisticModel& model;
  const scenario::EngagementConfig& config;
  std::span<const scenario::DefendedAreaConfig> defended_areas;
  std::uint64_t seed = 1;
  std::uint64_t trial = 0;  // a Monte Carlo trial's index: its own streams (common/random.h)
};

// One shooter against one threat: the window, and the times that bound the decision.
struct LayerAnswer {
  int threat = 0, shooter = 0;
  std::optional<double> fire_control_t_s;  // none: no track of fire-control quality
  double plan_t_s = 0.0;                   // the track state the plan used
  EngagementWindow window;                 // on that prediction
  std::vector<Opportunity> opportunities;  // every feasible intercept of the window
  std::optional<double> decision_deadline_t_s;
  std::optional<double> decision_time_s;
  EngagementWindow boost;                  // the boost-phase question, on the truth
};

struct ShotPoint {
  double t_s = 0.0;
  double lat_deg = 0.0, lon_deg = 0.0, alt_m = 0.0;
};

// How a shot ended (report/wording.h: "kill", "miss (beyond divert)", ...).
enum class ShotOutcome {
  kKill,
  kMiss,             // within the divert, but the kill draw failed
  kBeyondDivert,     // the end game needed more divert than the kill vehicle has
  kNoSolution,       // the fire-control solution did not converge
  kRoundFailed,      // the round failed in flight (its reliability)
  kAlreadyDestroyed, // it arrived after another round of the salvo had killed the warhead
};

struct Shot {
  int threat = 0, shooter = 0;
  int number = 0;  // 1, 2, ... per threat, in launch order
  bool salvo_follow_on = false;
  double launch_t_s = 0.0, intercept_t_s = 0.0;
  double alt_m = 0.0, ground_range_m = 0.0;
  Phase phase = Phase::kMidcourse;
  double aim_error_m = 0.0;        // solver residual against the prediction
  double uplink_t_s = 0.0;         // the track state of the last in-flight target update it flew to
  EndGame end_game;                // against the truth, from the point that update predicted
  double draw = 0.0;               // uniform draw against the SSPK
  bool failed = false;             // the round failed in flight (its reliability)
  bool kill = false;
  ShotOutcome outcome = ShotOutcome::kMiss;
  std::vector<ShotPoint> flight;   // lift-off to intercept, every 2 s
};

struct ThreatEvaluation {
  int threat = 0;
  int object = 0;  // the defence's correlated object
  double impact_lat_deg = 0.0, impact_lon_deg = 0.0, impact_t_s = 0.0;  // predicted
  // How the newest prediction judged it: falling in a defended area, on land, over land (it falls
  // at sea beyond), or at sea; `place` names the area, or the country of the fall or of the last
  // land overflown.
  enum class Judgement { kOpenSea, kDefendedArea, kImpactOnLand, kOverflightOnly };
  Judgement judgement = Judgement::kOpenSea;
  std::string place;
  bool engage = false;
  bool killed = false;
  std::optional<double> killed_t_s;
  int shots = 0;
};

struct EngagementResult {
  std::vector<ThreatEvaluation> threats;
  std::vector<LayerAnswer> layers;  // threat-major
  std::vector<Shot> shots;          // in launch order
  std::vector<int> magazine_left;   // per shooter
  bool ran = false;
};

EngagementResult runEngagements(const EngagementContext& ctx, std::span<const ShooterInput> shooters,
                                std::span<const ThreatInput> threats);

// --- pieces, public for tests ----------------------------------------------------------------------
// The distance between two points on the mean sphere (haversine): metres in tens of kilometres,
// against defended radii and footprints whose own uncertainty is kilometres.
double greatCircle_m(double lat1_deg, double lon1_deg, double lat2_deg, double lon2_deg);

// Which defended area (index) contains (lat, lon), or -1.
int defendedAreaAt(std::span<const scenario::DefendedAreaConfig> areas, double lat_deg, double lon_deg);

// Linear assignment: value[t][s] (<= 0: not assignable); each threat gets at most one slot and each
// column is used once. Returns the column per threat (-1: none). Hungarian or greedy.
std::vector<int> assignShooters(const std::vector<std::vector<double>>& value, bool optimal);

// The assignment's weights beside P(kill) (docs/engagement.md#battle-manager). Time to go: a threat
// predicted to fall at impact_t_s, among threats falling from first to last, weighs 1 + weight
// (the first) down to 1 (the last). Inventory: a shooter's salvo_index-th salvo (from 0) weighs
// 1 - weight x the share of its magazine spent once that salvo is fired, so a salvo that would
// empty a small magazine weighs less than the same salvo from a full one.
double urgencyWeight(double impact_t_s, double first_impact_t_s, double last_impact_t_s, double weight);
double inventoryWeight(int salvo_index, int rounds_per_salvo, int magazine, double weight);

// Shoot-look-shoot / shoot-shoot-look arithmetic with given draws: the shots fired and whether the
// threat was killed, for a shooter with `magazine` rounds, `sspk`, opportunities to fire at
// launch_times (ascending), intercept `tof`, look time kill_assessment_s (SLS waits for the look).
struct DoctrineShot {
  double launch_t_s = 0.0, intercept_t_s = 0.0;
  bool kill = false;
};
std::vector<DoctrineShot> applyDoctrine(const Doctrine& doctrine, int salvo, int magazine, double sspk,
                                        std::span<const Opportunity> opportunities, double first_launch_t_s,
                                        double launch_interval_s, double look_delay_s, int max_shots,
                                        std::span<const double> draws);

}  // namespace picket::engagement

// What a Monte Carlo batch comes to, gathered as the trials finish: each trial's small record
// (TrialRecord) is added, in trial order, to an Accumulator whose size does not grow with the
// number of trials (counts, sums and fixed-width histograms), so a batch of a million trials needs
// no more memory than one of a hundred. Adding in trial order, on one thread, makes every figure
// bit-identical whatever the thread or process count; the accumulator's state can be saved and
// restored exactly (a stopped batch resumed gives the figures of one that never stopped).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace picket::montecarlo {

// One prefecture's lot in one trial (alerts/jalert.h's PrefectureOutcome, reduced).
struct PrefectureRecord {
  int prefecture = -1;     // geography index
  bool in_danger = false;  // truth: overflown, or the impact in it
  bool alerted = false;
  double warning_s = 0.0;  // danger minus first alert, where both
};

// What one trial comes to, for the statistics: small, whatever the scenario.
struct TrialRecord {
  std::uint64_t trial = 0;
  bool failed = false;
  std::string failure;                  // why, when it failed
  int missiles = 0;
  int leakers = 0;                      // missiles not destroyed whose warheads came down (not one in orbit)
  // By what the warheads carried (the scenario's `missile.warhead`, scoring only): the missiles
  // labelled nuclear, and the leakers of each label; and the rounds fired at objects that were not
  // warheads (spent stages, decoys, debris: simulation/scoring.h).
  int nuclear = 0, nuclear_leakers = 0, conventional_leakers = 0;
  int rounds_not_at_warheads = 0;
  std::vector<int> shots_per_shooter;   // interceptors fired, by the scenario's shooters
  std::vector<double> kill_alt_m;       // the altitude of each kill
  std::vector<PrefectureRecord> prefectures;  // alerted or in danger
  std::vector<double> draws;            // the values the trial drew, in the batch's draw order
};

// A binomial proportion with its 95 % Wilson score interval (E. B. Wilson, "Probable inference,
// the law of succession, and statistical inference", JASA 22 (1927) 209-212; Agresti and Coull,
// "Approximate is better than exact...", Am. Stat. 52 (1998) 119-126, eq. 2): better than the
// normal approximation near 0 and 1, where defence odds live.
struct Proportion {
  std::size_t successes = 0, trials = 0;
  double estimate = 0.0, lo = 0.0, hi = 0.0;
};
Proportion wilson(std::size_t successes, std::size_t trials);

// Mean and nearest-rank quantiles (the p-th: the ceil(p n)-th smallest value).
struct Quantiles {
  double mean = 0.0, p5 = 0.0, p50 = 0.0, p95 = 0.0;
};

// A histogram of fixed bins [k w, (k + 1) w) from 0, grown as needed (a bounded range in practice:
// whole interceptor counts, altitudes below 2,000 km, warnings below an hour).
struct Histogram {
  double width = 1.0;
  std::vector<std::size_t> counts;
  double sum = 0.0;  // of the values themselves, in the order they came (trial order)
  std::size_t n = 0;

  void add(double x);
  // Nearest-rank quantiles, each the middle of its bin (exact for whole numbers in bins of 1 with
  // their values at the bins' left ends: see `integer`).
  [[nodiscard]] Quantiles quantiles(bool integer = false) const;
};

struct PrefectureStatistics {
  int prefecture = -1;
  std::size_t in_danger = 0;   // trials in which it was in danger
  Proportion warned;           // of those, alerted before the danger came
  std::size_t alerted = 0;     // trials in which it was alerted
  std::size_t false_alarms = 0;  // alerted, not in danger
  Histogram warning_s{10.0, {}, 0.0, 0};  // warning times, in 10 s bins
};

struct Statistics {
  std::size_t trials = 0, failed = 0;   // failed trials are left out of everything below
  Proportion no_leaker;                 // P(every missile destroyed)
  // Where some trial had warheads labelled nuclear: P(no nuclear warhead came down).
  bool labelled_nuclear = false;
  Proportion no_nuclear_leaker;
  Histogram nuclear_leakers{1.0, {}, 0.0, 0}, conventional_leakers{1.0, {}, 0.0, 0};  // per trial, bins of 1
  Histogram rounds_not_at_warheads{1.0, {}, 0.0, 0};  // per trial, bins of 1
  std::vector<std::size_t> leakers;     // leakers[k]: trials with k leakers
  std::vector<Histogram> shots_per_shooter;  // interceptors fired per trial, bins of 1
  Histogram kill_alt_m{1000.0, {}, 0.0, 0};  // over every kill of every trial, 1 km bins
  std::vector<PrefectureStatistics> prefectures;  // by geography index, those ever in danger or alerted
  std::vector<std::pair<std::uint64_t, std::string>> failures;  // the first kMaxFailuresKept: trial, why
  Proportion false_alarm;   // trials with a prefecture alerted that was never in danger
  Proportion missed_alert;  // trials with a prefecture in danger that was not alerted in time (or at all)

  [[nodiscard]] std::size_t kills() const { return kill_alt_m.n; }
  [[nodiscard]] std::size_t good() const { return trials - failed; }
};

inline constexpr std::size_t kMaxFailuresKept = 100;

class Accumulator {
 public:
  explicit Accumulator(std::size_t shooters = 0);
  void add(const TrialRecord& r);
  [[nodiscard]] Statistics statistics() const;
  [[nodiscard]] std::uint64_t trials() const { return s_.trials; }

  // The state, exactly (doubles round-trip), for a batch to resume from.
  [[nodiscard]] nlohmann::json state() const;
  static Accumulator fromState(const nlohmann::json& state);

 private:
  Statistics s_;
  std::size_t clean_ = 0, with_false_alarm_ = 0, with_missed_ = 0, no_nuclear_down_ = 0;
};

}  // namespace picket::montecarlo

// Wall-clock laps: where a run's time goes, stage by stage, for `picket run --timings` and the
// whole-scenario benchmark (bench/). Never written to a result file: they differ from run to run.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

namespace picket {

struct StageTime {
  std::string stage;
  double wall_s = 0.0;
};

// Adds wall_s to the stage of that name (appended the first time it is named).
inline void addStageTime(std::vector<StageTime>& times, std::string_view stage, double wall_s) {
  for (StageTime& s : times)
    if (s.stage == stage) {
      s.wall_s += wall_s;
      return;
    }
  times.push_back({std::string(stage), wall_s});
}

class Stopwatch {
 public:
  Stopwatch() : last_(Clock::now()) {}
  // Seconds since the start or the last lap, and a new lap from now.
  double lap_s() {
    const Clock::time_point now = Clock::now();
    const double s = std::chrono::duration<double>(now - last_).count();
    last_ = now;
    return s;
  }
  void lap(std::vector<StageTime>& times, std::string_view stage) { addStageTime(times, stage, lap_s()); }
  void restart() { last_ = Clock::now(); }

 private:
  using Clock = std::chrono::steady_clock;
  Clock::time_point last_;
};

}  // namespace picket

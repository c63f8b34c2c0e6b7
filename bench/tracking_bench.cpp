// Google Benchmark kernels of the tracker: one predict + update of the ballistic EKF and UKF, and
// one scan of the full tracker (prediction, gating, assignment, update, track bookkeeping).
// Run: build/release/bench/picket_tracking_bench
#include <benchmark/benchmark.h>

#include <vector>

#include "tracking/impact_prediction.h"
#include "tracking_workload.h"

namespace {
using namespace picket;

const bench::TrackingWorkload& workload() {
  static const bench::TrackingWorkload w = bench::trackingWorkload();
  return w;
}

tracking::TrackState startState(const bench::TrackingWorkload& w) {
  tracking::TrackState s;
  const sensors::RadarDetection& d = w.detections.front();
  const flight::Sample truth = w.truth.trajectory.at(d.t_s);
  s.t_s = d.t_s;
  s.x << truth.p_Eci_m, truth.v_Eci_mps, 1.0 / 5000.0;
  tracking::StateVec sd;
  sd << 100, 100, 100, 10, 10, 10, 1e-4;
  s.P = sd.cwiseProduct(sd).asDiagonal();
  return s;
}

template <class P, class U>
void predictUpdate(benchmark::State& state) {
  const bench::TrackingWorkload& w = workload();
  const P predictor(*w.model);
  const U updater;
  tracking::TrackState s = startState(w), pred;
  tracking::Innovation inn;
  std::size_t k = 1;
  for (auto _ : state) {
    const sensors::RadarDetection& d = w.detections[k];
    predictor.predict(s, d.t_s, 0.05, pred);
    updater.innovation(pred, w.radars[0], d.z, d.R, inn);
    updater.update(pred, inn, s);
    benchmark::DoNotOptimize(s.x.data());
    if (++k == w.detections.size()) {
      k = 1;
      s = startState(w);
    }
  }
  state.counters["updates/s"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

void BM_EkfPredictUpdate(benchmark::State& state) { predictUpdate<tracking::EkfPredictor, tracking::EkfUpdater>(state); }
void BM_UkfPredictUpdate(benchmark::State& state) { predictUpdate<tracking::UkfPredictor, tracking::UkfUpdater>(state); }
BENCHMARK(BM_EkfPredictUpdate)->Unit(benchmark::kNanosecond);
BENCHMARK(BM_UkfPredictUpdate)->Unit(benchmark::kNanosecond);

// One impact prediction (15 sigma points flown to the ground) from a track state at each fifth of
// the workload's detections in turn: early ones fly through vacuum and re-entry, late ones only
// the last of the air. A flagship Monte Carlo trial makes about 160 of them.
void BM_PredictImpact(benchmark::State& state) {
  const bench::TrackingWorkload& w = workload();
  std::vector<tracking::TrackState> states;
  for (std::size_t k = 0; k < 5; ++k) {
    tracking::TrackState s = startState(w);
    const sensors::RadarDetection& d = w.detections[k * (w.detections.size() - 1) / 5];
    const flight::Sample truth = w.truth.trajectory.at(d.t_s);
    s.t_s = d.t_s;
    s.x << truth.p_Eci_m, truth.v_Eci_mps, 1.0 / 5000.0;
    states.push_back(s);
  }
  std::size_t k = 0;
  for (auto _ : state) {
    auto p = tracking::predictImpact(*w.model, states[k]);
    benchmark::DoNotOptimize(p);
    k = (k + 1) % states.size();
  }
}
BENCHMARK(BM_PredictImpact)->Unit(benchmark::kMicrosecond);

// The whole tracker over the 10,000 detections: initiation, association and all.
void BM_TrackerRun(benchmark::State& state) {
  const bench::TrackingWorkload& w = workload();
  tracking::TrackerOptions opt;
  opt.process_noise_mps2 = 0.05;
  const tracking::StandardTracker standard(*w.model, "ekf", w.sensors, opt);
  const tracking::Tracker& tracker = standard.tracker();
  tracking::TrackerState st;
  for (auto _ : state) {
    st.tracks.clear();
    st.waiting.clear();
    for (std::size_t i = 0; i < w.detections.size(); ++i)
      tracker.processScan(st, 0, w.detections[i].t_s, std::span(w.detections).subspan(i, 1), false, nullptr, nullptr);
    benchmark::DoNotOptimize(st.tracks.data());
  }
  state.counters["updates/s"] = benchmark::Counter(static_cast<double>(state.iterations() * w.detections.size()),
                                                   benchmark::Counter::kIsRate);
}
BENCHMARK(BM_TrackerRun)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();

// The tracking benchmark's problem, shared by tracking_bench.cpp and track_side_by_side.cpp: one
// ballistic object (an ICBM-class burnout, 6.5 km/s at 25 degrees from 100 km, no drag above the
// air) seen by one radar under its path every 0.08 s, 10,000 detections.
#pragma once

#include <memory>
#include <vector>

#include "common/random.h"
#include "flight/flight.h"
#include "sensors/observe.h"
#include "tracking/standard_tracker.h"

namespace picket::bench {

struct TrackingWorkload {
  std::unique_ptr<world::Earth> earth;
  std::unique_ptr<world::Atmosphere> atmosphere;
  flight::FlightResult truth;
  std::vector<sensors::Radar> radars;
  std::vector<sensors::RadarDetection> detections;
  std::unique_ptr<tracking::BallisticModel> model;
  std::vector<const sensors::MeasurementModel*> sensors;  // the radar, as the tracker sees it
};

inline TrackingWorkload trackingWorkload(std::size_t n_detections = 10000) {
  TrackingWorkload w;
  w.earth = std::make_unique<world::Earth>(world::EarthOptions{}, UtcTime{});
  w.atmosphere = std::make_unique<world::Atmosphere>(world::AtmosphereModel::kUs1976);
  const flight::FlightModels models{*w.earth, *w.atmosphere};
  flight::FlightOptions fo;
  fo.rtol = 1e-12;
  flight::flyFromBurnout(models, {{40.0, 128.0, 100e3}, 6500.0, 25.0, 70.0, 5000.0}, fo, w.truth);
  scenario::SensorConfig cfg;
  cfg.name = "radar";
  cfg.lat_deg = 46.0;
  cfg.lon_deg = 150.0;
  cfg.radar = {.frequency_hz = 9.5e9, .average_power_w = 1e6, .antenna_gain_dbi = 50.0, .system_noise_temperature_k = 500.0,
               .losses_db = 7.0, .dwell_time_s = 0.01, .bandwidth_hz = 5e8, .beamwidth_deg = 0.6,
               .azimuth_half_width_deg = 180.0, .min_elevation_deg = 0.0, .max_elevation_deg = 90.0, .revisit_s = 0.08,
               .instrumented_range_m = 1e7, .false_alarm_probability = 1e-6, .range_noise_floor_m = 5.0,
               .angle_noise_floor_mrad = 0.05, .range_resolution_m = {}, .angle_resolution_deg = {}};
  w.radars.emplace_back(*w.earth, cfg, 0);
  const sensors::TruthObject o{"rv", &w.truth.trajectory, 0.0, w.truth.impact.t_s - 1.0, 1.0, 1.0, 0.0, 0.0, 1.0, std::nullopt};
  RandomStream rng(1, "bench-radar");
  std::vector<sensors::DetectionTruth> truth;
  sensors::observe(w.radars[0], *w.earth, std::span(&o, 1), w.truth.impact.t_s, rng, w.detections, truth);
  if (w.detections.size() > n_detections) w.detections.resize(n_detections);
  w.sensors = {&w.radars[0]};
  w.model = std::make_unique<tracking::BallisticModel>(*w.earth, *w.atmosphere,
                                                       tracking::BallisticOptions{120e3, 5.0, 1e-9});
  return w;
}

}  // namespace picket::bench

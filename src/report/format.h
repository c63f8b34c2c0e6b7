// Internal to report/: number and time formatting shared by the output files.
#pragma once

#include <cmath>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "simulation/simulation.h"

namespace picket::report {

// The UTC time (ISO 8601, milliseconds) of t_s after launch; JSON null for none.
inline std::string utc(const simulation::SimulationResult& r, double t_s) { return formatUtc(r.utc(t_s), 3); }
inline nlohmann::json optUtc(const simulation::SimulationResult& r, const std::optional<double>& t) {
  return t ? nlohmann::json(utc(r, *t)) : nlohmann::json(nullptr);
}
// A CSV text field, quoted (names may hold commas).
inline std::string csvText(const std::string& s) { return "\"" + s + "\""; }

// x rounded to `decimals` places, for JSON numbers that should not carry float noise.
inline double round_to(double x, int decimals) {
  const double s = std::pow(10.0, decimals);
  return std::round(x * s) / s;
}

}  // namespace picket::report

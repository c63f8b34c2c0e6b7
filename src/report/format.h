// Internal to report/: number and time formatting shared by the output files.
#pragma once

#include <cmath>
#include <cstddef>
#include <filesystem>
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
// A CSV text field, quoted (names may hold commas), its own quotes doubled (RFC 4180).
inline std::string csvText(const std::string& s) {
  std::string out;
  out.reserve(s.size() + 2);
  out.push_back('"');
  for (const char c : s) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

// x rounded to `decimals` places, for JSON numbers that should not carry float noise.
inline double round_to(double x, int decimals) {
  const double s = std::pow(10.0, decimals);
  return std::round(x * s) / s;
}

// What made a run, so that it can be replayed (docs/output.md, "provenance"): the build, the
// catalog, the scenario file, the seed and the effective configuration (config.yaml, with its
// SHA-256: scenario/writer.h). summary.json adds the trial; montecarlo.json the batch's first trial
// and count.
nlohmann::json provenanceJson(const scenario::ScenarioConfig& config);

// Writes `text` to dir/name through a temporary name and a rename: a reader never sees half a file.
void writeAtomically(const std::filesystem::path& dir, const std::string& name, const std::string& text);

// Keep every stride-th sample so that `samples` fit in `budget` (0: no budget, keep all).
inline std::size_t decimationStride(std::size_t samples, std::size_t budget) {
  return budget == 0 || samples <= budget ? 1 : (samples + budget - 1) / budget;
}

}  // namespace picket::report

#include "simulation/work_estimate.h"

#include <algorithm>

#include <fmt/format.h>
#include <omp.h>

namespace picket::simulation {

double WorkEstimate::wall_s(unsigned threads) const {
  double wall = kBaseRun_s;
  for (const Item& i : items) wall += i.parallel ? i.cpu_s / std::max(1u, threads) : i.cpu_s;
  return wall;
}

std::string WorkEstimate::describe() const {
  std::string out;
  for (const Item& i : items) {
    // Thousands separated, for numbers a reader compares at a glance.
    const std::string digits = std::to_string(i.units);
    std::string n;
    for (std::size_t k = 0; k < digits.size(); ++k) {
      if (k > 0 && (digits.size() - k) % 3 == 0) n.push_back(',');
      n.push_back(digits[k]);
    }
    out += fmt::format("{}{} {} ({})", out.empty() ? "" : ", ", n, i.unit, i.what);
  }
  return out;
}

SourceLocation WorkEstimate::costliest() const {
  const auto it = std::max_element(items.begin(), items.end(), [](const Item& a, const Item& b) { return a.cpu_s < b.cpu_s; });
  return it == items.end() ? SourceLocation{} : it->where;
}

WorkEstimate estimateWork(const scenario::ScenarioConfig& config, std::uint64_t trials) {
  WorkEstimate e;
  if (trials > 0) {
    const double launches = static_cast<double>(std::max<std::size_t>(config.raid.size(), 1));
    e.items.push_back({"Monte Carlo", trials, "trials",
                       static_cast<double>(trials) * (kTrial_s + kTrialPerLaunch_s * launches), true, config.where});
    return e;  // a batch draws no coverage maps
  }
  if (config.raid.size() > 1)
    e.items.push_back({"raid", config.raid.size(), "launches", kRaidLaunch_s * static_cast<double>(config.raid.size()), false,
                       config.where});
  for (const scenario::CoverageConfig& c : config.coverage) {
    const auto cells = static_cast<std::size_t>(c.rows) * static_cast<std::size_t>(c.cols);
    if (c.kind == scenario::CoverageKind::kShooterGrid) {
      e.items.push_back({"coverage map " + c.name, cells, "cells", kShooterGridCell_s * static_cast<double>(cells), true,
                         c.where});
    } else {
      // coverage.h: a fan of 3 x cols azimuths by 3 x rows cut-off times.
      const std::size_t flights = 9 * cells;
      e.items.push_back({"coverage map " + c.name, flights, "flights", kFootprintFlight_s * static_cast<double>(flights), true,
                         c.where});
    }
  }
  return e;
}

unsigned workThreads() { return static_cast<unsigned>(std::max(1, omp_get_max_threads())); }

std::string formatDuration(double seconds) {
  if (seconds < 90.0) return fmt::format("{:.0f} s", seconds);
  if (seconds < 5400.0) return fmt::format("{:.0f} min", seconds / 60.0);
  return fmt::format("{:.1f} h", seconds / 3600.0);
}

}  // namespace picket::simulation

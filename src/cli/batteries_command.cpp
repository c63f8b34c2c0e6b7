// `picket batteries`: how many point-defence batteries defend which share of Japan's people
// (engagement/batteries.h; docs/engagement.md, "How many batteries").
#include <algorithm>
#include <cmath>
#include <ostream>

#include <fmt/format.h>

#include "cli/commands.h"
#include "common/constants.h"
#include "common/error.h"
#include "engagement/batteries.h"
#include "report/format.h"
#include "scenario/loader.h"
#include "world/population.h"

namespace picket::cli {

namespace {

// Japan's land area, 377,975 km2 (Geospatial Information Authority of Japan, "全国都道府県市区町村別
// 面積調", 1 Oct 2020; https://www.gsi.go.jp/KOKUJYOHO/MENCHO-title.htm).
constexpr double kJapanLand_km2 = 377975.0;

std::string people(double n) { return n >= 1e6 ? fmt::format("{:.1f} million", n / 1e6) : fmt::format("{:.0f}", n); }

}  // namespace

int batteries(const BatteriesArgs& args, const std::filesystem::path& data_dir, const world::Geography& geography,
              std::ostream& out, std::ostream& err) {
  double radius_m = 0.0;
  std::string footprint;
  if (args.radius_km) {
    radius_m = *args.radius_km * 1e3;
    footprint = fmt::format("a defended circle of {:.1f} km radius (given)", *args.radius_km);
  } else {
    if (args.scenario.empty())
      throwInputError({"picket batteries", 0}, "give a scenario with a defended-footprint coverage map, or --radius-km");
    scenario::ScenarioConfig config = scenario::loadScenario(args.scenario, data_dir);
    const auto map_it = std::find_if(config.coverage.begin(), config.coverage.end(), [](const scenario::CoverageConfig& c) {
      return c.kind == scenario::CoverageKind::kDefendedFootprint;
    });
    if (map_it == config.coverage.end())
      throwInputError({args.scenario, 1}, "this scenario has no coverage map of kind defended-footprint: add one "
                                          "(docs/scenario.md, `coverage`) for the battery and threat, or give --radius-km");
    const scenario::CoverageConfig map_config = *map_it;
    config.coverage = {map_config};
    const simulation::SimulationResult r = simulation::simulate(config, geography);
    const engagement::CoverageMap& map = r.coverage.at(0);
    radius_m = std::sqrt(map.feasible_area_km2 / constants::kPi) * 1e3;
    if (radius_m <= 0.0)
      throwInputError(map_config.where, fmt::format("coverage map '{}': the battery defends no cell of its region against "
                                                    "this threat, so no number of batteries defends anyone",
                                                    map_config.name));
    // A footprint cut by its region's edge is larger than measured: say so.
    const int rows = map_config.rows, cols = map_config.cols;
    bool edge = false;
    for (int i = 0; i < rows; ++i)
      for (int j = 0; j < cols; ++j)
        if ((i == 0 || j == 0 || i == rows - 1 || j == cols - 1) &&
            map.cells[static_cast<std::size_t>(i * cols + j)].feasible)
          edge = true;
    if (edge)
      err << fmt::format("picket: warning: coverage map '{}' reaches the edge of its region: the footprint may be larger "
                         "than its {:.0f} km2; widen the region\n",
                         map_config.name, map.feasible_area_km2);
    footprint = fmt::format("{} at {:.4f}, {:.4f}: defended footprint {:.0f} km2 against {} ({}, coverage map '{}'), "
                            "a circle of {:.1f} km radius",
                            map_config.interceptor.name, map_config.shooter_lat_deg, map_config.shooter_lon_deg,
                            map.feasible_area_km2, r.threats.at(static_cast<std::size_t>(map_config.threat)).name,
                            args.scenario, map_config.name, radius_m / 1e3);
  }
  const std::filesystem::path file = world::populationFile(args.population, data_dir);
  const std::vector<world::PopulationPlace> places = world::loadPopulation(file);
  const engagement::BatteryPlan plan = engagement::placeBatteries(places, radius_m, args.max_batteries);

  out << fmt::format("How many batteries defend which share of the people\n");
  out << fmt::format("Battery: {}\n", footprint);
  out << fmt::format("People: {} in {} places ({})\n", people(plan.total_population), places.size(), file.string());
  out << "Batteries placed one at a time where they defend the most people not yet defended:\n";
  out << "  share of the people   batteries\n";
  for (const double share : {0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 1.0}) {
    const int k = plan.batteriesFor(share);
    out << fmt::format("  {:>5.0f} %              {}\n", share * 100.0,
                       k > 0 ? fmt::format("{}", k) : fmt::format("more than {}", plan.sites.size()));
  }
  for (const int k : {10, 50, 100, 500})
    if (static_cast<std::size_t>(k) <= plan.defended.size())
      out << fmt::format("  {} batteries defend {:.1f} % ({})\n", k, 100.0 * plan.defended[static_cast<std::size_t>(k) - 1] /
                                                                         plan.total_population,
                         people(plan.defended[static_cast<std::size_t>(k) - 1]));
  const double land = engagement::batteriesToCoverArea(kJapanLand_km2, radius_m);
  const double r500_km = std::sqrt(kJapanLand_km2 / (500.0 * 1.5 * std::sqrt(3.0)));
  out << fmt::format("Every square kilometre of Japan's land ({:.0f} km2, GSI 2020), on a hexagonal lattice: {:.0f} "
                     "batteries.\n",
                     kJapanLand_km2, std::ceil(land));
  out << fmt::format("\"About 500 batteries\" is the land reading with a defended radius of {:.1f} km; by people, "
                     "500 batteries of this footprint defend {}.\n",
                     r500_km,
                     plan.defended.size() >= 500
                         ? fmt::format("{:.1f} %", 100.0 * plan.defended[499] / plan.total_population)
                         : fmt::format("everyone (all are defended by {})", plan.sites.size()));

  if (!args.out_dir.empty()) {
    std::string csv = "battery,code,prefecture,place,lat_deg,lon_deg,people_defended,share\n";
    for (std::size_t k = 0; k < plan.sites.size(); ++k) {
      const world::PopulationPlace& p = places[static_cast<std::size_t>(plan.sites[k])];
      csv += fmt::format("{},{},{},{},{:.5f},{:.5f},{:.0f},{:.6f}\n", k + 1, p.code, p.prefecture, p.name, p.lat_deg,
                         p.lon_deg, plan.defended[k], plan.defended[k] / plan.total_population);
    }
    std::filesystem::create_directories(args.out_dir);
    report::writeAtomically(args.out_dir, "batteries.csv", csv);
    out << fmt::format("Wrote {}/batteries.csv\n", args.out_dir);
  }
  return 0;
}

}  // namespace picket::cli

// Internal to cli/: what the commands share (app.cpp) and the Monte Carlo command
// (montecarlo_command.cpp).
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "common/progress.h"
#include "scenario/config.h"
#include "simulation/simulation.h"
#include "world/geography.h"

namespace picket::cli {

// Progress on a terminal: one line per task, rewritten in place, with the rate and the time left.
ProgressFn terminalProgress(std::ostream& err);

// Fills a staging folder with `fill` and swaps it into `out_dir` whole (report/output_folder.h);
// an error says that nothing was written and the folder is as it was.
void writeFolder(const std::string& out_dir, const std::function<void(const std::filesystem::path& staging)>& fill);

struct MonteCarloArgs {
  std::uint64_t trials = 100;  // 0: as many as the resumed batch asked for (100 without one)
  std::optional<double> until_ci;
  int threads = 0;
  bool resume = false;  // carry on the batch whose montecarlo.json is in out_dir
  std::string out_dir;
  std::optional<std::filesystem::path> web_dir;  // the report's assets; none: no report
};

// `picket run SCENARIO --trials N`: the batch, its summary on `out`, its files in args.out_dir.
// Exit status 0; 130 when Ctrl-C stopped it (what was done is written, and --resume carries on).
int monteCarlo(const scenario::ScenarioConfig& config, const world::Geography& geography, const MonteCarloArgs& args,
               const simulation::SimulationOptions& sim_options, std::ostream& out, std::ostream& err);

}  // namespace picket::cli

namespace picket::cli {

struct SweepArgs {
  std::vector<std::string> vary;  // "KEY=V1,V2,..." each
  std::uint64_t trials = 100;
  std::optional<std::uint64_t> seed;
  int threads = 0;
  std::string out_dir;
  std::optional<std::filesystem::path> web_dir;  // the report's assets; none: no report
};

// `picket sweep SCENARIO --vary KEY=V1,V2 ...`: a Monte Carlo batch per point of the grid the
// --vary options span; a table on `out`, sweep.csv in args.out_dir.
int sweep(const std::filesystem::path& scenario_file, const std::filesystem::path& data_dir,
          const world::Geography& geography, const SweepArgs& args, std::ostream& out, std::ostream& err);

}  // namespace picket::cli

namespace picket::cli {

// The events of the record shipped with picket: every scenario in `project_dir`/events and in
// `project_dir`/scenarios, sorted by file name (validate keeps those with a `reported` block).
std::vector<std::filesystem::path> shippedEvents(const std::filesystem::path& project_dir);

// `picket validate [FILES...]`: each event flown and compared with its record, figure by figure
// and agency by agency, on `out`. Exit status 0 when every counted figure is within its
// tolerance, 1 when one is not; bad input throws (exit 2) before anything is flown.
int validate(const std::vector<std::filesystem::path>& files, const std::filesystem::path& data_dir,
             const world::Geography& geography, std::ostream& out);

}  // namespace picket::cli

namespace picket::cli {

struct FitArgs {
  std::string file, out_dir;
  std::string performance;  // cutoff | payload | empty: the missile's (reconstruction/fit.h)
  std::vector<std::string> hold;  // fitHoldNames()
  std::optional<double> launch_sigma_km;
  bool json = false;
  std::optional<std::filesystem::path> web_dir;  // the report's assets; none: no report
};
// The names --hold takes.
const std::vector<std::string>& fitHoldNames();

// `picket fit REPORTS.yaml`: the reconstruction from the reports, on `out`; with out_dir, the
// fitted scenario flown into it with fitted.yaml and fit.json. Bad input throws (exit 2).
int fit(const FitArgs& args, const std::filesystem::path& data_dir, const world::Geography& geography, std::ostream& out,
        std::ostream& err);

}  // namespace picket::cli

namespace picket::cli {

struct BatteriesArgs {
  std::string scenario;            // with a defended-footprint coverage map (or radius_km)
  std::optional<double> radius_km;
  std::string population;          // CSV; empty: the shipped census
  std::string out_dir;
  int max_batteries = 1000;
};

// `picket batteries`: the curve of the people a number of batteries defends, and the land reading.
int batteries(const BatteriesArgs& args, const std::filesystem::path& data_dir, const world::Geography& geography,
              std::ostream& out, std::ostream& err);

}  // namespace picket::cli

namespace picket::cli {

struct CompareArgs {
  std::vector<std::string> files;  // the architectures (scenario files), or one file and its variants
  std::vector<std::string> variants;  // "NAME: KEY=VALUE; KEY=VALUE" each, on the one file
  std::uint64_t trials = 100;
  int threads = 0;
  std::string population;  // CSV; empty: the shipped census
  std::string out_dir;
  std::optional<std::filesystem::path> web_dir;  // with out_dir: the report's web assets (none: no report)
};

// `picket compare A.yaml B.yaml ...`: each architecture's people defended, odds, interceptors per
// kill, decision time, crew and cost, side by side; with --out, compare.csv and the first
// architecture's trial 0 with a report whose Monte Carlo panel holds the table.
int compare(const CompareArgs& args, const std::filesystem::path& data_dir, const world::Geography& geography,
            std::ostream& out, std::ostream& err);

}  // namespace picket::cli

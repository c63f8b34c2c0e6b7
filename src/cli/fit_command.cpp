// `picket fit REPORTS.yaml`: what flew, reconstructed from the reports of a scenario's `reported`
// block (reconstruction/fit.h), in words (report/fit.h); with --out, the fitted scenario flown
// into a full output folder with fitted.yaml, fit.json and the report.
#include <fmt/format.h>

#include "cli/commands.h"
#include "report/fit.h"
#include "report/format.h"
#include "report/report.h"
#include "scenario/loader.h"
#include "scenario/writer.h"
#include "simulation/models.h"

namespace picket::cli {
namespace fs = std::filesystem;

namespace {

// The names --hold takes, each with the unknowns it holds.
struct HoldName {
  std::string name;
  std::vector<reconstruction::Unknown> unknowns;
};
const std::vector<HoldName>& holdTable() {
  using reconstruction::Unknown;
  static const std::vector<HoldName> table = {{"launch-time", {Unknown::kLaunchTime}},
                                              {"launch-place", {Unknown::kLaunchNorth, Unknown::kLaunchEast}},
                                              {"azimuth", {Unknown::kAzimuth}},
                                              {"pitch-over", {Unknown::kPitchOver}},
                                              {"cutoff", {Unknown::kCutoff}},
                                              {"payload", {Unknown::kPayload}}};
  return table;
}

}  // namespace

const std::vector<std::string>& fitHoldNames() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> n;
    for (const HoldName& h : holdTable()) n.push_back(h.name);
    return n;
  }();
  return names;
}

int fit(const FitArgs& a, const fs::path& data_dir, const world::Geography& geography, std::ostream& out,
        std::ostream& err) {
  const scenario::ScenarioConfig config = simulation::effectiveConfig(scenario::loadScenario(a.file, data_dir));
  reconstruction::FitOptions options;
  if (a.performance == "cutoff") options.performance = reconstruction::Performance::kCutoff;
  if (a.performance == "payload") options.performance = reconstruction::Performance::kPayload;
  if (a.launch_sigma_km) options.launch_sigma_m = *a.launch_sigma_km * 1e3;
  for (const std::string& name : a.hold)  // checked against fitHoldNames() by the parser
    for (const HoldName& h : holdTable())
      if (h.name == name) options.hold.insert(options.hold.end(), h.unknowns.begin(), h.unknowns.end());
  const reconstruction::FitResult result = reconstruction::fitReports(config, geography, options);
  const nlohmann::json json = report::fitJson(result, config);
  bool report_written = false;
  if (!a.out_dir.empty()) {
    // The fitted scenario flown like any other: its timeline, files and report, with the fit beside.
    const simulation::SimulationResult run =
        simulation::simulate(simulation::effectiveConfig(result.fitted), geography, simulation::SimulationOptions{});
    writeFolder(a.out_dir, [&](const fs::path& staging) {
      report::writeOutputs(run, staging);
      report::writeAtomically(staging, "fitted.yaml", scenario::toYaml(result.fitted));
      report::writeAtomically(staging, "fit.json", json.dump(2) + "\n");
      if (a.web_dir && report::webAssetsBuilt(*a.web_dir)) {
        report::writeHtmlReport(run, staging, *a.web_dir, nullptr, json);
        report_written = true;
      }
    });
    if (a.web_dir && !report_written)
      err << fmt::format("picket: note: no HTML report: the web assets are not built in {} (bash tools/web.sh)\n",
                         a.web_dir->string());
  }
  if (a.json) {
    out << json.dump(2) << "\n";
  } else {
    out << report::fitText(result, config, a.file);
    if (!a.out_dir.empty())
      out << fmt::format("\nWrote {0}/fitted.yaml (the fitted scenario: `picket run {0}/fitted.yaml`), {0}/fit.json and the "
                         "fitted flight's outputs{1}\n",
                         a.out_dir, report_written ? fmt::format("; report: {}/report/index.html", a.out_dir) : "");
  }
  return 0;
}

}  // namespace picket::cli

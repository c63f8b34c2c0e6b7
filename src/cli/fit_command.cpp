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

const std::vector<std::string>& fitHoldNames() {
  static const std::vector<std::string> names = {"launch-time", "launch-place", "azimuth", "pitch-over", "cutoff", "payload"};
  return names;
}

int fit(const FitArgs& a, const fs::path& data_dir, const world::Geography& geography, std::ostream& out,
        std::ostream& err) {
  const scenario::ScenarioConfig config = simulation::effectiveConfig(scenario::loadScenario(a.file, data_dir));
  reconstruction::FitOptions options;
  if (a.performance == "cutoff") options.performance = reconstruction::Performance::kCutoff;
  if (a.performance == "payload") options.performance = reconstruction::Performance::kPayload;
  if (a.launch_sigma_km) options.launch_sigma_m = *a.launch_sigma_km * 1e3;
  for (const std::string& h : a.hold) {
    using reconstruction::Unknown;
    if (h == "launch-time") options.hold.push_back(Unknown::kLaunchTime);
    if (h == "launch-place") options.hold.insert(options.hold.end(), {Unknown::kLaunchNorth, Unknown::kLaunchEast});
    if (h == "azimuth") options.hold.push_back(Unknown::kAzimuth);
    if (h == "pitch-over") options.hold.push_back(Unknown::kPitchOver);
    if (h == "cutoff") options.hold.push_back(Unknown::kCutoff);
    if (h == "payload") options.hold.push_back(Unknown::kPayload);
  }
  const reconstruction::FitResult result = reconstruction::fitReports(config, geography, options);
  const nlohmann::json json = report::fitJson(result, config);
  if (!a.out_dir.empty()) {
    // The fitted scenario flown like any other: its timeline, files and report, with the fit beside.
    const simulation::SimulationResult run =
        simulation::simulate(simulation::effectiveConfig(result.fitted), geography, simulation::SimulationOptions{});
    bool report_written = false;
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
                         a.out_dir, a.web_dir && report::webAssetsBuilt(*a.web_dir) ? fmt::format("; report: {}/report/index.html", a.out_dir) : "");
  }
  return 0;
}

}  // namespace picket::cli

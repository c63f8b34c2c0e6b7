// `picket validate [FILES...]`: each event of the record flown and set beside what every agency
// reported (simulation/record.h compares, report/ words it). Without files: every scenario in the
// project's events/ folder and every one in scenarios/ that carries a `reported` block.
#include <algorithm>

#include <fmt/format.h>

#include "cli/commands.h"
#include "report/report.h"
#include "scenario/loader.h"
#include "simulation/models.h"

namespace picket::cli {
namespace fs = std::filesystem;

std::vector<fs::path> shippedEvents(const fs::path& project_dir) {
  std::vector<fs::path> files;
  for (const char* folder : {"events", "scenarios"}) {
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(project_dir / folder, ec))
      if (e.is_regular_file() && e.path().extension() == ".yaml") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end(), [](const fs::path& a, const fs::path& b) {
    return a.filename() != b.filename() ? a.filename() < b.filename() : a < b;
  });
  return files;
}

int validate(const std::vector<fs::path>& files, const fs::path& data_dir, const world::Geography& geography,
             std::ostream& out) {
  // Every file is read before any is flown: a bad one stops the run before minutes of flying.
  std::vector<std::pair<fs::path, scenario::ScenarioConfig>> events;
  const bool named = !files.empty();
  for (const fs::path& f : named ? files : shippedEvents(data_dir.parent_path())) {
    scenario::ScenarioConfig config = simulation::effectiveConfig(scenario::loadScenario(f, data_dir));
    if (!named && !config.reported.present) continue;  // a scenario, not an event of the record
    if (named && !config.reported.present)
      throwInputError(SourceLocation{f.string(), 0},
                      "no `reported` block: nothing to validate (docs/events.md says what an event of the record holds)");
    events.emplace_back(f, std::move(config));
  }
  report::ValidationCounts counts;
  for (const auto& [file, config] : events) {
    const simulation::SimulationResult result = simulation::simulate(config, geography, simulation::SimulationOptions{});
    out << report::validationText(result, file.lexically_relative(fs::current_path()).string(), counts) << "\n";
  }
  out << report::validationSummary(counts);
  // 1: an event drifted beyond its tolerance (2 stays for bad input).
  return counts.failing > 0 ? 1 : 0;
}

}  // namespace picket::cli

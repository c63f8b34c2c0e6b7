// Turning a SimulationResult into what people and other tools read: the local-time timeline and
// the output files (docs/output.md describes each format; keep them stable).
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "montecarlo/batch.h"
#include "simulation/simulation.h"

namespace picket::report {

// The timeline as printed by `picket run`: local time with its zone, one line per event.
std::string timelineText(const simulation::SimulationResult& r);
// Per threat and layer: feasible or not and why, the window, the decision deadline; the shots.
std::string engagementText(const simulation::SimulationResult& r);
// `picket validate`: one event's figures, report by report (agency, reported, modelled, the
// difference, whether inside the report's own precision and inside the tolerance), and the
// counts that the closing summary adds up.
struct ValidationCounts {
  int events = 0, figures = 0, within_precision = 0, within = 0, failing = 0, shown_only = 0, not_modelled = 0;
};
std::string validationText(const simulation::SimulationResult& r, const std::string& file, ValidationCounts& counts);
std::string validationSummary(const ValidationCounts& counts);

// summary.json (also what `picket fly --json` prints). `nominal`: see writeOutputs.
nlohmann::json summaryJson(const simulation::SimulationResult& r, const scenario::ScenarioConfig* nominal = nullptr);
nlohmann::json eventsJson(const simulation::SimulationResult& r);
std::string trajectoryCsv(const simulation::SimulationResult& r);
std::string trajectoryCzml(const simulation::SimulationResult& r);
// The CZML document; with max_position_samples > 0, the missiles' samples are decimated (the same
// stride for all) so that together they number at most about that many (the HTML report's copy).
nlohmann::json trajectoryCzmlJson(const simulation::SimulationResult& r, std::size_t max_position_samples);
std::string trajectoryKml(const simulation::SimulationResult& r);
std::string groundTrackGeoJson(const simulation::SimulationResult& r);

// The defence's files (written only when the scenario has sensors).
std::string detectionsCsv(const simulation::SimulationResult& r);
std::string tracksCsv(const simulation::SimulationResult& r);
std::string impactPredictionCsv(const simulation::SimulationResult& r);
nlohmann::json alertsJson(const simulation::SimulationResult& r);
void addDefenceSummary(const simulation::SimulationResult& r, nlohmann::json& summary);
// Sensors, impact predictions and spent stages; `stride` decimates the stages' samples as the missiles'.
void addDefenceCzml(const simulation::SimulationResult& r, nlohmann::json& czml, std::size_t stride);
// The engagement files (written when the scenario has shooters, or coverage maps).
std::string engagementsCsv(const simulation::SimulationResult& r);
void addEngagementSummary(const simulation::SimulationResult& r, nlohmann::json& summary);
void addEngagementCzml(const simulation::SimulationResult& r, nlohmann::json& czml);
std::string coverageGeoJson(const engagement::CoverageMap& m);
std::string coverageCsv(const engagement::CoverageMap& m);
// The names writeOutputs writes for this result.
std::vector<std::string> outputNames(const simulation::SimulationResult& r);

// The HTML report (docs/output.md, "report/"): the page built in web/ (`web_dist`: CesiumJS, Chart.js,
// the borders, the app) copied to out_dir/report/, with the run's data as report/data.js. The folder
// is built under a temporary name and renamed into place.
// `montecarlo` (montecarloPanels): the batch's plots, for a Monte Carlo run's report (null: none).
// `fit` (report/fit.h fitJson): the reconstruction a fitted flight came from (null: none).
void writeHtmlReport(const simulation::SimulationResult& r, const std::filesystem::path& out_dir,
                     const std::filesystem::path& web_dist, const nlohmann::json& montecarlo = nullptr,
                     const nlohmann::json& fit = nullptr);
// What data.js holds (format picket-report/1): summary, events, alerts, a decimated CZML, plot series.
nlohmann::json reportData(const simulation::SimulationResult& r, const nlohmann::json& montecarlo = nullptr,
                          const nlohmann::json& fit = nullptr);
// The report page's Monte Carlo panels (docs/output.md, "report/"): histograms of the leakers, the
// interceptors each shooter fired and the kill altitudes over the batch's trials.
nlohmann::json montecarloPanels(const montecarlo::BatchResult& b, const scenario::ScenarioConfig& config);
// Whether `dir` holds a finished build of web/ (its manifest, page and CesiumJS).
bool webAssetsBuilt(const std::filesystem::path& dir);

// A Monte Carlo batch's files (docs/output.md): montecarlo.json (format picket-montecarlo/1: the
// statistics with their intervals, the failures, the provenance, the checkpoint a stopped batch
// resumes from) and trials.csv (one line per trial, written as the batch goes: its header and lines).
nlohmann::json montecarloJson(const montecarlo::BatchResult& b, const scenario::ScenarioConfig& config,
                              const world::Geography& geography, std::uint64_t trials_asked);
void writeMonteCarloJson(const montecarlo::BatchResult& b, const scenario::ScenarioConfig& config,
                         const world::Geography& geography, std::uint64_t trials_asked, const std::filesystem::path& dir);
std::string trialsCsvHeader(const scenario::ScenarioConfig& config, const std::vector<std::string>& draw_names);
std::string trialsCsvLine(const montecarlo::TrialRecord& r, const scenario::ScenarioConfig& config, std::size_t draws);

// Writes every output file into `dir` (created if missing). Each file is written to a temporary
// name in the same folder and renamed into place, so a reader never sees half a file.
// config.yaml is `nominal` where given: for a Monte Carlo trial, the configuration before its draws
// (r.config holds some of them), which replays the trial with --trial K; its draws are in
// summary.json. Without it, r.config (a nominal run's).
void writeOutputs(const simulation::SimulationResult& r, const std::filesystem::path& dir,
                  const scenario::ScenarioConfig* nominal = nullptr);

}  // namespace picket::report

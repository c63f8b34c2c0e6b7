// `picket fit`, in words and as JSON (fit.json, format picket-fit/1, also in the report page's
// data): the unknowns with their 95 % intervals, the fitted flight, and every report against it
// with its residual and verdict (reconstruction/fit.h computes them).
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "reconstruction/fit.h"

namespace picket::report {

struct FitParameterWords {
  std::string name;      // "launch time", "pitch-over angle", ...
  std::string value;     // "2017-09-15 06:57:40 JST", "3.34 deg"
  std::string interval;  // "+-39 s (95 %)"; empty when held
  std::string note;      // why held, "at its limit (full burn)", "poorly determined", ...
};

struct FitReportWords {
  std::string what;      // "apogee", "impact from Cape Erimo", "launch site (north)"
  std::string reported;  // with its interval: "2,500 km or more", "06:57 JST (+-60 s)"
  std::string fitted;
  std::string residual;  // fitted less reported
  std::string sigmas;    // the studentised residual, "+1.4"; empty where not checkable
  std::string verdict;   // "consistent", "in tension", "INCONSISTENT with the rest: left out", ...
};

std::vector<FitParameterWords> fitParameterWords(const reconstruction::FitResult& f, const TimeZone& zone);
std::vector<FitReportWords> fitReportWords(const reconstruction::FitResult& f, UtcTime epoch, const TimeZone& zone);

// What `picket fit` prints: `input` is the scenario fitted (its launch time is the reports' epoch).
std::string fitText(const reconstruction::FitResult& f, const scenario::ScenarioConfig& input, const std::string& file);
nlohmann::json fitJson(const reconstruction::FitResult& f, const scenario::ScenarioConfig& input);

}  // namespace picket::report

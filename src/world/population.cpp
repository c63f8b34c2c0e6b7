#include "world/population.h"

#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "common/error.h"
#include "common/numbers.h"

namespace picket::world {

namespace {

std::vector<std::string> splitCsv(const std::string& line) {
  std::vector<std::string> out;
  std::string cur;
  for (const char c : line) {
    if (c == ',') {
      out.push_back(cur);
      cur.clear();
    } else if (c != '\r') {
      cur.push_back(c);
    }
  }
  out.push_back(cur);
  return out;
}

}  // namespace

std::vector<PopulationPlace> loadPopulation(const std::filesystem::path& csv) {
  std::ifstream in(csv);
  if (!in) throwInputError({csv.string(), 0}, "cannot read the population file");
  const std::string expected = "code,prefecture,municipality,lat_deg,lon_deg,population";
  std::string line;
  int n = 0;
  if (!std::getline(in, line) || splitCsv(line) != splitCsv(expected))
    throwInputError({csv.string(), 1}, fmt::format("expected the header '{}'", expected));
  ++n;
  std::vector<PopulationPlace> out;
  while (std::getline(in, line)) {
    ++n;
    if (line.empty() || line == "\r") continue;
    const std::vector<std::string> f = splitCsv(line);
    const SourceLocation at{csv.string(), n};
    if (f.size() != 6) throwInputError(at, fmt::format("expected 6 comma-separated fields, found {}", f.size()));
    PopulationPlace p{f[0], f[1], f[2], 0.0, 0.0, 0.0};
    const auto number = [&](const std::string& s, const char* what, double lo, double hi) {
      double x = 0.0;
      if (!parseDecimal(s, x) || x < lo || x > hi)
        throwInputError(at, fmt::format("{} '{}': expected a number from {:g} to {:g}", what, s, lo, hi));
      return x;
    };
    p.lat_deg = number(f[3], "lat_deg", -90.0, 90.0);
    p.lon_deg = number(f[4], "lon_deg", -180.0, 360.0);
    p.population = number(f[5], "population", 0.0, 1e9);
    out.push_back(std::move(p));
  }
  if (out.empty()) throwInputError({csv.string(), n}, "no places in the population file");
  return out;
}

std::filesystem::path populationFile(const std::string& given, const std::filesystem::path& data_dir) {
  return given.empty() ? data_dir / "geo" / "population" / "municipalities.csv" : std::filesystem::path(given);
}

}  // namespace picket::world

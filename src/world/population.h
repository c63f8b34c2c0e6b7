// Where people live: population by place (data/geo/population/municipalities.csv, Japan's 2020
// census by municipality and ward, its sources in data/geo/population/README.md), for the question
// of how many point defences it takes to cover which share of the people (engagement/batteries.h).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace picket::world {

struct PopulationPlace {
  std::string code;        // JIS municipality code
  std::string prefecture;  // English name
  std::string name;
  double lat_deg = 0.0, lon_deg = 0.0;  // a representative point (not a population centroid)
  double population = 0.0;
};

// Reads the CSV (header code,prefecture,municipality,lat_deg,lon_deg,population). Throws
// InputError with the file and line for a missing column, a number that is not one, a latitude
// or longitude out of range or a negative population.
std::vector<PopulationPlace> loadPopulation(const std::filesystem::path& csv);

// The file a command was given, or (given empty) the one picket ships:
// data_dir/geo/population/municipalities.csv.
std::filesystem::path populationFile(const std::string& given, const std::filesystem::path& data_dir);

}  // namespace picket::world

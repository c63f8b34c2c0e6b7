// Internal to scenario/: readers of the scenario's sections kept out of loader.cpp.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "scenario/config.h"
#include "scenario/yaml_reader.h"

namespace picket::scenario {

// Shared by the missile and sensor catalogs (loader.cpp).
// The ids (file stems) of the .yaml files in `folder`, sorted.
std::vector<std::string> catalogFileIds(const std::filesystem::path& folder);
// "a, b, c", or "(none)".
std::string knownList(const std::vector<std::string>& ids);
// folder/<id>.yaml; an unknown (or unsafe) id throws "unknown <what> '<id>'; the catalog has: ...".
std::filesystem::path catalogFile(const std::filesystem::path& folder, const std::string& id,
                                  const SourceLocation& asked_at, std::string_view what);
// The file's `sources` map: its keys, after checking each is a key and a citation text.
std::vector<std::string> readSources(const YamlReader& r, const YAML::Node& root);

// An informational block (`reported`, a satellite's `orbit`): a mapping whose every entry is
// {value, source, ...}.
void checkSourcedBlock(const YamlReader& r, const YAML::Node& block, std::string_view what);

// Reads missile keys into cfg. With `partial`, only the keys present are read (scenario overrides).
void readMissile(const YamlReader& r, const YAML::Node& node, MissileConfig& cfg, bool partial);

void readSensors(const YamlReader& r, const YAML::Node& list, const std::filesystem::path& data_dir,
                 std::vector<SensorConfig>& out);
void readTracking(const YamlReader& r, const YAML::Node& node, TrackingConfig& out);
void readAlerts(const YamlReader& r, const YAML::Node& node, AlertConfig& out);
// After the whole scenario: the policy of the launch date (or the one given, refused outside its
// dates without `outside_dates`), its defaults for the keys not set, and the areas it needs.
void resolveAlerts(const YamlReader& r, const YAML::Node& alerts_node, UtcTime launch,
                   const std::filesystem::path& data_dir, AlertConfig& c);
// data/alerts/regions.yaml.
AlertAreasConfig loadAlertAreas(const std::filesystem::path& data_dir);
void readEngagement(const YamlReader& r, const YAML::Node& node, EngagementConfig& out);
void readDefendedAreas(const YamlReader& r, const YAML::Node& list, std::vector<DefendedAreaConfig>& out);
void readShooters(const YamlReader& r, const YAML::Node& list, const std::filesystem::path& data_dir,
                  const std::vector<SensorConfig>& sensors, std::vector<ShooterConfig>& out);
// After the shooters (an interceptor's draws name one the scenario fires).
void readUncertainty(const YamlReader& r, const YAML::Node& node, const std::vector<ShooterConfig>& shooters,
                     UncertaintyConfig& out);
void readCoverage(const YamlReader& r, const YAML::Node& list, const std::filesystem::path& data_dir,
                  const std::vector<RaidLaunchConfig>& raid, std::vector<CoverageConfig>& out);

}  // namespace picket::scenario

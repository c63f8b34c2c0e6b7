// Internal to scenario/: readers of the scenario's sections kept out of loader.cpp.
#pragma once

#include <filesystem>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "scenario/config.h"
#include "scenario/yaml_reader.h"

namespace picket::scenario {

void readSensors(const YamlReader& r, const YAML::Node& list, const std::filesystem::path& data_dir,
                 std::vector<SensorConfig>& out);
void readTracking(const YamlReader& r, const YAML::Node& node, TrackingConfig& out);
void readAlerts(const YamlReader& r, const YAML::Node& node, AlertConfig& out);

}  // namespace picket::scenario

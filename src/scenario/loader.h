// Reading scenarios and the missile catalog (docs/scenario.md, data/catalog/README.md).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "scenario/config.h"

namespace picket::scenario {

// Loads and validates a scenario file; missiles come from data_dir/catalog/missiles/<id>.yaml.
ScenarioConfig loadScenario(const std::filesystem::path& file, const std::filesystem::path& data_dir);
// The same from a file already parsed (and perhaps changed: `picket sweep --vary`); `file` names it
// in messages and provenance.
ScenarioConfig loadScenario(const YAML::Node& root, const std::filesystem::path& file,
                            const std::filesystem::path& data_dir);

// Sets the value at `path` in a parsed scenario: keys joined by dots, a list entry by its index or
// its name (`shooters.0.magazine`, `shooters[THAAD, Andersen AFB].magazine`,
// `engagement.decision_latency_s`); maps missing on the way are made. Throws InputError (naming
// `what`, e.g. the --vary option) for a path into a list that has no such entry, or through a
// value that is not a map or a list. Whether the key is one the scenario may have is the
// loader's to say, with its did-you-mean.
void setPath(YAML::Node root, const std::string& path, const std::string& value, const std::string& what);

// Loads a catalog missile by id (throws InputError listing the known ids if there is none).
MissileConfig loadCatalogMissile(const std::string& id, const std::filesystem::path& data_dir,
                                 const SourceLocation& asked_at = {});

// Applies command-line overrides (`picket fly --set KEY=VALUE`) to a catalog missile, one after
// the other: KEY a path under a scenario's `missile` block, keys joined by dots and a stage by its
// index from 0 (`payload.mass_kg=500`, `stages.1.burn_time_s=120`, `guidance.pitch_over_s=20`),
// each value checked as the scenario loader checks it. Errors name the option.
void applyMissileOverrides(MissileConfig& missile, const std::vector<std::string>& assignments);

// Refuses a payload mass outside what the missile's catalog entry documents (its range), naming
// `where` (the override) and the catalog file; a no-op for a missile not from the catalog.
void checkPayloadOverride(const MissileConfig& missile, const SourceLocation& where);

// Loads a sensor type by id from data_dir/catalog/sensors/<id>.yaml.
SensorConfig loadCatalogSensor(const std::string& id, const std::filesystem::path& data_dir,
                               const SourceLocation& asked_at = {});
std::vector<std::string> sensorCatalogIds(const std::filesystem::path& data_dir);

// Loads an interceptor type by id from data_dir/catalog/interceptors/<id>.yaml.
InterceptorConfig loadCatalogInterceptor(const std::string& id, const std::filesystem::path& data_dir,
                                         const SourceLocation& asked_at = {});
std::vector<std::string> interceptorCatalogIds(const std::filesystem::path& data_dir);

// The ids in the catalog, sorted.
std::vector<std::string> catalogIds(const std::filesystem::path& data_dir);

// Parses "wgs84"/"sphere", "j2"/"point-mass"/"zonal4", "us1976"/"none" and the shapes; false if unknown.
bool parseEarthShape(std::string_view s, EarthShapeOption& out);
bool parseGravity(std::string_view s, GravityOption& out);
bool parseAtmosphere(std::string_view s, AtmosphereOption& out);
bool parseShape(std::string_view s, TrajectoryShape& out);
const char* toString(EarthShapeOption v);
const char* toString(GravityOption v);
const char* toString(AtmosphereOption v);
const char* toString(TrajectoryShape v);

// Checks an aim/burnout/launch combination that did not come from a file (the `fly` command).
void validate(const ScenarioConfig& config);

}  // namespace picket::scenario
